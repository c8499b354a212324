import { Client, Pool } from 'pg';

/*
 * The statistics scenarios: referrals by service type and urgency over the months the seeded
 * referrals span (up to the 36 a measure allows), as any signed-in user asks it, without and with
 * the median hours to an answer; each beside the raw SQL of the same aggregate without disclosure control.
 */

export const STATISTICS = `query Statistics($filter: StatisticsFilterInput!) {
  statistics(measure: REFERRALS, dimensions: [SERVICE_TYPE, URGENCY], filter: $filter) {
    total { value } suppressedCells dimensions
    rows { label total { value suppressed } cells { value suppressed } }
  }
}`;

export const STATISTICS_MEDIANS = `query StatisticsMedians($filter: StatisticsFilterInput!) {
  statistics(measure: REFERRALS, dimensions: [SERVICE_TYPE, URGENCY], filter: $filter) {
    total { value } medianHours suppressedCells dimensions
    rows { label medianHours total { value suppressed } cells { value suppressed } }
  }
}`;

export interface StatisticsPeriod {
  from: string;
  to: string;
}

/** The whole quarters of the seeded referrals (statistics publish the most over whole quarters), the last 36 months of them at most. */
export async function statisticsPeriod(db: Client): Promise<StatisticsPeriod> {
  const { rows } = await db.query(
    `SELECT to_char(greatest(date_trunc('quarter', min(created_at)), date_trunc('quarter', max(created_at)) - interval '33 months'), 'YYYY-MM') AS "from",
            to_char(date_trunc('quarter', max(created_at)) + interval '2 months', 'YYYY-MM') AS "to" FROM referral`,
  );
  return rows[0] as StatisticsPeriod;
}

export const statisticsPath = (period: StatisticsPeriod, medians: boolean) => `/statistics?from=${period.from}&to=${period.to}${medians ? '&medians=1' : ''}`;

/** The baseline: the same counts and medians in two statements, answered as they come. */
export async function baselineStatistics(pool: Pool, params: URLSearchParams): Promise<unknown> {
  const from = new Date(`${params.get('from')}-01T00:00:00Z`);
  const last = new Date(`${params.get('to')}-01T00:00:00Z`);
  const to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1));
  const [counts, medians] = await Promise.all([
    pool.query(`SELECT service_type, urgency, count(*)::int AS n FROM referral WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`, [from, to]),
    params.get('medians') !== '1' ? { rows: [] } : pool.query(
      `SELECT service_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM responded_at - created_at) / 3600)::float8 AS median
         FROM referral WHERE created_at >= $1 AND created_at < $2 GROUP BY GROUPING SETS ((service_type), ())`,
      [from, to],
    ),
  ]);
  const rows = new Map<string, { label: string; total: number; cells: Record<string, number>; medianHours: number | null }>();
  for (const row of counts.rows as { service_type: string; urgency: string; n: number }[]) {
    const line = rows.get(row.service_type) ?? { label: row.service_type, total: 0, cells: {}, medianHours: null };
    line.cells[row.urgency] = row.n;
    line.total += row.n;
    rows.set(row.service_type, line);
  }
  let medianHours: number | null = null;
  for (const row of medians.rows as { service_type: string | null; median: number | null }[]) {
    if (row.service_type === null) medianHours = row.median;
    else if (rows.has(row.service_type)) rows.get(row.service_type)!.medianHours = row.median;
  }
  const total = [...rows.values()].reduce((sum, line) => sum + line.total, 0);
  return { data: { statistics: { total: { value: total }, medianHours, rows: [...rows.values()] } } };
}

/** Whether Tandem and the baseline count the same referrals (the grand total, which is large). */
export function sameStatistics(tandem: { statistics: { total: { value: number | null } } }, bare: { data: { statistics: { total: { value: number } } } }): boolean {
  return tandem.statistics.total.value !== null && tandem.statistics.total.value === bare.data.statistics.total.value;
}

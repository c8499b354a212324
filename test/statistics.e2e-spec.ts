import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgencyType, Role } from '@tandem/authz';
import { ScreeningInstruments } from '@tandem/screening';
import { ChildChangedHandler, EpisodeFacts, monthsOfQuarter, quarterOf, StatisticsReleases } from '@tandem/statistics';
import { Actor, CREATE_CASE, signedIn } from './support/case-fixtures';
import { recoverable } from './support/disclosure-audit';
import { directorySite } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// De-identified statistics on hand-built data with hand-computed answers: each measure, suppression
// and its audit, coarsening, the facts derived from the sealed child, who reads what, releases and
// their exports, and bad input. Answers come from the quarters' lattices, built again at every read here
// (STATISTICS_LATTICE_MAX_AGE_MS=0) so that each test counts what it has just made.

const STATISTICS = `query($measure: StatisticsMeasure!, $dimensions: [StatisticsDimension!]!, $filter: StatisticsFilterInput!) {
  statistics(measure: $measure, dimensions: $dimensions, filter: $filter) {
    measure dimensions rowDimension columnDimension columns minCell suppressedCells share medianHours medianOf
    rows { label cells { value suppressed } total { value suppressed } share medianHours }
    columnTotals { value suppressed } total { value suppressed }
    context { id value source }
  }
}`;
const PUBLISH = `mutation($from: String!, $to: String!) { publishStatistics(from: $from, to: $to) { id kind from to madeAt rules { minCell primary } tables { measure dimensions } } }`;
const PUBLISHED = `query { publishedStatistics(first: 5) { edges { node { id kind from to tables { measure dimensions rows { label total { value suppressed } } } reference { id source } csv json } } } }`;

type Cell = { value: number | null; suppressed: boolean };
type Table = {
  dimensions: string[];
  columns: string[];
  rows: { label: string; cells: Cell[]; total: Cell; share: number | null; medianHours: number | null }[];
  columnTotals: Cell[];
  total: Cell;
  share: number | null;
  medianHours: number | null;
  suppressedCells: number;
  context: { id: string; source: string }[];
};
const shown = (cells: Cell[]) => cells.map((cell) => (cell.suppressed ? 'x' : cell.value));

describe('statistics', () => {
  let t: TestApp;
  let here: { id: string };
  let there: { id: string };
  let cw: { id: string };
  let cwThere: { id: string };
  let people: Record<'staff' | 'supervisor' | 'otherSupervisor' | 'admin' | 'sysadmin', Actor>;

  /** `count` cases of an agency, each with one missing episode from `since`, returned after `hours` (null: not returned). */
  async function episodes(agency: { id: string }, jurisdictionId: string, by: string, count: number, since: string, hours: number | null): Promise<void> {
    await t.db.query(
      `WITH made AS (
         INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by)
         SELECT 'ST-' || gen_random_uuid(), $1, $2, $3 FROM generate_series(1, $4) RETURNING id)
       INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id, returned_at)
       SELECT id, $5::timestamptz, $5::timestamptz, $3, $2, CASE WHEN $6::float8 IS NULL THEN NULL ELSE $5::timestamptz + $6::float8 * interval '1 hour' END FROM made`,
      [jurisdictionId, agency.id, by, count, since, hours],
    );
  }

  /** `count` closed deadlines of a kind: met `hours` after starting (on time when within `dueHours`), or breached when `hours` is null. */
  async function deadlines(agency: { id: string }, jurisdictionId: string, by: string, kind: string, count: number, started: string, dueHours: number, hours: number | null): Promise<void> {
    await t.db.query(
      `WITH made AS (
         INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by)
         SELECT 'ST-' || gen_random_uuid(), $1, $2, $3 FROM generate_series(1, $4) RETURNING id)
       INSERT INTO deadline (kind, case_id, subject_type, subject_id, agency_id, started_at, due_at, status, next_at, met_at, breached_at)
       SELECT $5, id, 'Case', id, $2, $6::timestamptz, $6::timestamptz + $7::float8 * interval '1 hour',
              CASE WHEN $8::float8 IS NULL THEN 'BREACHED' ELSE 'MET' END, NULL,
              CASE WHEN $8::float8 IS NULL THEN NULL ELSE $6::timestamptz + $8::float8 * interval '1 hour' END,
              CASE WHEN $8::float8 IS NULL THEN $6::timestamptz + $7::float8 * interval '1 hour' END
         FROM made`,
      [jurisdictionId, agency.id, by, count, kind, started, dueHours, hours],
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ STATISTICS_LATTICE_MAX_AGE_MS: '0' });
    // A jurisdiction whose name a spreadsheet would run as a formula: the CSV export must neutralise it.
    here = await t.world.jurisdiction('=HYPERLINK("http://x") County');
    there = await t.world.jurisdiction('Statistics There County');
    // A third jurisdiction, without data: the quarter's protected tables hold every jurisdiction, so a
    // total over here and there is a part of theirs, as it is whenever other jurisdictions exist.
    await t.world.jurisdiction('Statistics Elsewhere County');
    cw = await t.world.agency(AgencyType.CHILD_WELFARE, here.id);
    cwThere = await t.world.agency(AgencyType.CHILD_WELFARE, there.id);
    people = {
      staff: await signedIn(t, Role.STAFF, cw.id),
      supervisor: await signedIn(t, Role.SUPERVISOR, cw.id),
      otherSupervisor: await signedIn(t, Role.SUPERVISOR, cwThere.id),
      admin: await signedIn(t, Role.AGENCY_ADMIN, cw.id),
      sysadmin: await signedIn(t, Role.SYSTEM_ADMIN, null),
    };
    const by = people.staff.id;
    const byThere = people.otherSupervisor.id;
    // Missing episodes, 2025. Here: January 25 back within a day, February 3 back after 10 days.
    // There: January 12 back after 2 days, February 20 back after 200 hours.
    await episodes(cw, here.id, by, 25, '2025-01-10T08:00:00Z', 24);
    await episodes(cw, here.id, by, 3, '2025-02-10T08:00:00Z', 240);
    await episodes(cwThere, there.id, byThere, 12, '2025-01-12T08:00:00Z', 48);
    await episodes(cwThere, there.id, byThere, 20, '2025-02-12T08:00:00Z', 200);
    // Statutory reports, March 2025, here: 30 LE reports in 10 h (on time), 12 breached; 20 NCMEC reports in 5 h.
    await deadlines(cw, here.id, by, 'MISSING_REPORT_LE', 30, '2025-03-03T08:00:00Z', 24, 10);
    await deadlines(cw, here.id, by, 'MISSING_REPORT_LE', 12, '2025-03-04T08:00:00Z', 24, null);
    await deadlines(cw, here.id, by, 'MISSING_REPORT_NCMEC', 20, '2025-03-05T08:00:00Z', 24, 5);
    // There's agency: 15 case reviews met late, which only its own supervisor reads.
    await deadlines(cwThere, there.id, byThere, 'CASE_REVIEW', 15, '2025-03-06T08:00:00Z', 24, 30);
  });
  afterAll(() => t.close());

  const ask = (token: string | undefined, measure: string, dimensions: string[], from: string, to: string, jurisdictionIds: string[] | null = [here.id, there.id]) =>
    t.gql.query(STATISTICS, { measure, dimensions, filter: { jurisdictionIds, from, to } }, token);

  it('counts missing episodes by jurisdiction and return, suppressing small cells and enough others that none can be recovered', async () => {
    const response = await ask(people.staff.token, 'MISSING_EPISODES', ['JURISDICTION', 'RETURNED_WITHIN_7_DAYS'], '2025-01', '2025-03');
    expect(response.errors ?? []).toEqual([]);
    const table = response.data!.statistics as Table;
    expect(table.columns).toEqual(['YES', 'NO', 'NOT_RETURNED']);
    expect(table.rows.map((row) => row.label)).toEqual(['=HYPERLINK("http://x") County', 'Statistics There County']);
    // Here: YES 25, NO 3 (small); there: YES 12, NO 20. The 3 is hidden, and the rectangle that protects it.
    expect(table.rows.map((row) => shown(row.cells))).toEqual([['x', 'x', 0], ['x', 'x', 0]]);
    expect(table.rows.map((row) => row.total.value)).toEqual([28, 32]);
    // Each column's total over here and there adds suppressed cells of the quarter's table: suppressed too.
    expect(shown(table.columnTotals)).toEqual(['x', 'x', 0]);
    expect(table.total).toEqual({ value: 60, suppressed: false });
    expect(table.suppressedCells).toBe(6);
    // Median hours missing of those returned: here 25 x 24 h and 3 x 240 h; there 12 x 48 h and 20 x 200 h; all 60.
    expect(table.rows.map((row) => row.medianHours)).toEqual([24, 200]);
    expect(table.medianHours).toBe(48);
    expect(table.context.map((figure) => figure.id)).toContain('st-louis-missing-2020');
    // What a reader holds leaves every hidden cell a range of values.
    const actual = [[25, 3, 0, 28], [12, 20, 0, 32], [37, 23, 0, 60]];
    const hidden = [...table.rows.map((row) => [...row.cells, row.total]), [...table.columnTotals, table.total]].map((line) => line.map((cell) => (cell.suppressed ? ('PRIMARY' as const) : null)));
    expect(recoverable([{ result: { values: actual, hidden } }])).toEqual([]);
  });

  it('publishes months where they cost nothing, and only quarters where they would', async () => {
    // 2025-Q1 by month: here 25, 3, 0; there 12, 20, 0. The 3 is closed in a cycle by the other three months,
    // which the quarter does not publish anyway: months are kept.
    const q1 = (await ask(people.staff.token, 'MISSING_EPISODES', ['JURISDICTION', 'MONTH'], '2025-01', '2025-03')).data!.statistics as Table;
    expect(q1.dimensions).toEqual(['JURISDICTION', 'MONTH']);
    expect(q1.rows.map((row) => [...shown(row.cells), row.total.value])).toEqual([['x', 'x', 0, 28], ['x', 'x', 0, 32]]);
    // 2025-Q3: here 5 in July and 40 in August, there 12 in July. By month, the 5 is closed most cheaply through the
    // quarter's totals of here and there, which the quarter alone publishes: the quarter is published whole.
    await episodes(cw, here.id, people.staff.id, 5, '2025-07-10T08:00:00Z', 24);
    await episodes(cw, here.id, people.staff.id, 40, '2025-08-10T08:00:00Z', 24);
    await episodes(cwThere, there.id, people.otherSupervisor.id, 12, '2025-07-12T08:00:00Z', 24);
    const q3 = (await ask(people.staff.token, 'MISSING_EPISODES', ['JURISDICTION', 'MONTH'], '2025-07', '2025-09')).data!.statistics as Table;
    expect(q3.dimensions).toEqual(['JURISDICTION', 'QUARTER']);
    expect(q3.columns).toEqual(['2025-Q3']);
    expect(q3.rows.map((row) => shown(row.cells))).toEqual([[45], [12]]);
    expect(q3.suppressedCells).toBe(0);
    // A part of the quarter is the sum of its months, which the lattice did not publish: it is not published either.
    const july = (await ask(people.staff.token, 'MISSING_EPISODES', ['JURISDICTION'], '2025-07', '2025-07')).data!.statistics as Table;
    expect(july.rows.map((row) => row.total)).toEqual([{ value: null, suppressed: true }, { value: null, suppressed: true }]);
  });

  it("counts episodes by the child's age band, sex and placement, derived by the worker from the sealed record", async () => {
    // 2025-Q4: 12 girls born 1 March 2011 in foster homes (14 when they went missing), 12 boys born 1 January 2009 in a group home (16).
    const made: string[] = [];
    const child = (index: number, dateOfBirth: string, sex: string, kind: string) => ({ legalName: `Statistics Child ${sex} ${index}`, dateOfBirth, sex, placement: { kind } });
    for (let index = 0; index < 12; index += 1) {
      made.push((await t.gql.ok(CREATE_CASE, { input: { child: child(index, '2011-03-01', 'F', 'foster home') } }, people.staff.token)).createCase.id);
      made.push((await t.gql.ok(CREATE_CASE, { input: { child: child(index, '2009-01-01', 'male', 'Group home') } }, people.staff.token)).createCase.id);
    }
    // Each new child told the worker (ids only).
    const told = await t.db.query(`SELECT payload FROM outbox WHERE topic = 'case.child-changed' AND payload->>'caseId' = ANY($1::text[])`, [made]);
    expect(told).toHaveLength(24);
    expect(told.every((row: { payload: object }) => Object.keys(row.payload).join() === 'caseId')).toBe(true);
    // Each went missing on 10 October 2025, but the first girl, who went missing a year before and came back the next day.
    const [returned, open] = [made[0]!, made[1]!];
    await t.db.query(
      `INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id, returned_at)
       SELECT id, since, since, $2, $3, CASE WHEN id = $4 THEN since + interval '1 day' END
         FROM unnest($1::uuid[]) AS id, LATERAL (SELECT CASE WHEN id = $4 THEN '2024-10-10T08:00:00Z' ELSE '2025-10-10T08:00:00Z' END::timestamptz AS since) s`,
      [made, people.staff.id, cw.id, returned],
    );
    // Before the worker comes by, the episodes' facts are not recorded.
    const before = (await ask(people.staff.token, 'MISSING_EPISODES', ['SEX'], '2025-10', '2025-12', null)).data!.statistics as Table;
    expect(before.rows.find((row) => row.label === 'NOT_RECORDED')!.total.value).toBe(23);
    // The worker's sweep derives the facts of every episode that has none.
    expect(await t.app.get(EpisodeFacts).deriveMissing()).toBeGreaterThanOrEqual(24);
    const table = (await ask(people.staff.token, 'MISSING_EPISODES', ['AGE_BAND', 'SEX'], '2025-10', '2025-12', null)).data!.statistics as Table;
    expect(table.dimensions).toEqual(['AGE_BAND', 'SEX']);
    expect(table.columns).toEqual(['FEMALE', 'MALE', 'ANOTHER', 'NOT_RECORDED']);
    expect(table.rows.map((row) => [row.label, ...shown(row.cells)])).toEqual([
      ['UNDER_10', 0, 0, 0, 0],
      ['AGE_10_11', 0, 0, 0, 0],
      ['AGE_12_13', 0, 0, 0, 0],
      ['AGE_14_15', 11, 0, 0, 0],
      ['AGE_16_17', 0, 12, 0, 0],
      ['AGE_18_OR_OLDER', 0, 0, 0, 0],
      ['NOT_RECORDED', 0, 0, 0, 0],
    ]);
    const placements = (await ask(people.staff.token, 'MISSING_EPISODES', ['PLACEMENT_KIND'], '2025-10', '2025-12', null)).data!.statistics as Table;
    expect(placements.rows.filter((row) => row.total.value).map((row) => [row.label, row.total.value])).toEqual([['FOSTER_HOME', 11], ['GROUP_HOME', 12]]);
    // Nothing finer than the dimensions is kept beside the episode.
    const [columns] = await t.db.query(`SELECT array_agg(column_name::text ORDER BY column_name) AS names FROM information_schema.columns WHERE table_schema = 'statistics' AND table_name = 'episode_fact'`);
    expect(columns.names).toEqual(['age_band', 'case_id', 'derived_at', 'episode_id', 'placement_kind', 'sex']);

    // Two children move to kin: the boy still missing runs from the new placement; the girl who came back ran from the old.
    const handler = t.app.get(ChildChangedHandler);
    for (const id of [returned, open]) {
      const [{ version }] = await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [id]);
      await t.gql.ok(`mutation($id: ID!, $v: Int!) { updateCase(id: $id, input: { placement: { kind: "kinship care" } }, expectedVersion: $v) { id } }`, { id, v: version }, people.staff.token);
      const [event] = await t.db.query(`SELECT id, payload FROM outbox WHERE topic = 'case.child-changed' AND payload->>'caseId' = $1 ORDER BY created_at DESC LIMIT 1`, [id]);
      await handler.handle({ ...event.payload, eventId: String(event.id) });
    }
    const kinds = await t.db.query(`SELECT case_id AS id, age_band AS age, placement_kind AS kind FROM statistics.episode_fact WHERE case_id = ANY($1::uuid[])`, [[returned, open]]);
    expect(Object.fromEntries(kinds.map((row: { id: string; age: string; kind: string }) => [row.id, [row.age, row.kind]]))).toEqual({ [returned]: ['AGE_12_13', 'FOSTER_HOME'], [open]: ['AGE_16_17', 'KINSHIP'] });
  });

  it('gives the share of statutory reports made on time, with the median hours', async () => {
    const table = (await ask(people.staff.token, 'STATUTORY_REPORT_TIMELINESS', ['REPORT_KIND'], '2025-01', '2025-03', null)).data!.statistics as Table;
    expect(table.columns).toEqual(['ON_TIME', 'LATE']);
    expect(table.rows.map((row) => [row.label, ...shown(row.cells), row.share, row.medianHours])).toEqual([
      ['MISSING_REPORT_LE', 30, 12, 30 / 42, 10],
      ['MISSING_REPORT_NCMEC', 20, 0, 1, 5],
      ['NCIC_ENTRY', 0, 0, null, null],
      ['VICTIM_REPORT_LE', 0, 0, null, null],
    ]);
    expect(table.share).toBe(50 / 62);
    expect(table.medianHours).toBe(10);
  });

  it("gives a supervisor their own agency's operational figures, and no one else", async () => {
    const mine = (await ask(people.otherSupervisor.token, 'AGENCY_DEADLINE_TIMELINESS', ['DEADLINE_KIND'], '2025-01', '2025-03')).data!.statistics as Table;
    const review = mine.rows.find((row) => row.label === 'CASE_REVIEW')!;
    expect(shown(review.cells)).toEqual([0, 15]);
    // The other agency's reports are not theirs.
    expect(mine.rows.find((row) => row.label === 'MISSING_REPORT_LE')!.total.value).toBe(0);
    const ours = (await ask(people.supervisor.token, 'AGENCY_DEADLINE_TIMELINESS', ['DEADLINE_KIND'], '2025-01', '2025-03')).data!.statistics as Table;
    expect(ours.rows.find((row) => row.label === 'CASE_REVIEW')!.total.value).toBe(0);
    expect(ours.rows.find((row) => row.label === 'MISSING_REPORT_LE')!.total.value).toBe(42);
    for (const who of [people.staff, people.admin, people.sysadmin]) {
      expect(await t.gql.code(STATISTICS, { measure: 'AGENCY_DEADLINE_TIMELINESS', dimensions: [], filter: { from: '2025-03', to: '2025-03' } }, who.token)).toBe('FORBIDDEN');
    }
    expect(await t.gql.code(STATISTICS, { measure: 'MISSING_EPISODES', dimensions: [], filter: { from: '2025-03', to: '2025-03' } })).toBe('UNAUTHENTICATED');
  });

  it('counts shelter bed-nights occupied and nights without a free bed', async () => {
    const site = await directorySite(t, cw.id, { jurisdictionId: here.id, available: 4, maximum: 4 });
    // Full from 1 January, four beds free from 11 January: over the quarter 10 nights x 4 occupied, 80 nights x 4 free.
    await t.db.query(
      `INSERT INTO directory.capacity_history (capacity_id, version, available, maximum, updated, reason) VALUES ($1, 1, 0, 4, '2025-01-01T00:00:00Z', 'IMPORT'), ($1, 2, 4, 4, '2025-01-11T12:00:00Z', 'UPDATE')`,
      [site.capacityId],
    );
    const occupancy = (await ask(people.staff.token, 'SHELTER_OCCUPANCY', ['JURISDICTION'], '2025-01', '2025-03')).data!.statistics as Table;
    expect(occupancy.rows.map((row) => [row.label, ...shown(row.cells), row.share])).toEqual([
      ['=HYPERLINK("http://x") County', 40, 320, 40 / 360],
      ['Statistics There County', 0, 0, null],
    ]);
    const nights = (await ask(people.staff.token, 'NIGHTS_WITHOUT_BED', ['JURISDICTION'], '2025-01', '2025-03')).data!.statistics as Table;
    // A count of nights, not of children: published even below the minimum cell.
    expect(nights.rows.map((row) => [row.label, row.total.value])).toEqual([['=HYPERLINK("http://x") County', 10], ['Statistics There County', 0]]);
  });

  it('counts referrals by service type with the median hours to an answer, and the share declined for lack of capacity', async () => {
    const referrals = async (service: string, count: number, status: string, declineReason: string | null, answeredAfterHours: number | null) => {
      const [{ id: caseId }] = await t.db.query(`INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by) VALUES ('ST-' || gen_random_uuid(), $1, $2, $3) RETURNING id`, [here.id, cw.id, people.staff.id]);
      await t.db.query(
        `INSERT INTO referral (case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, consent_required, reason_sealed, status, response_due_at, decline_reason, responded_at, created_at)
         SELECT $1, $2, $3, $4, $5, 'URGENT', false, 'sealed', $6, '2025-04-02T08:00:00Z', $7, CASE WHEN $8::float8 IS NULL THEN NULL ELSE '2025-04-01T08:00:00Z'::timestamptz + $8::float8 * interval '1 hour' END, '2025-04-01T08:00:00Z'
           FROM generate_series(1, $9)`,
        [caseId, cw.id, cwThere.id, people.staff.id, service, status, declineReason, answeredAfterHours, count],
      );
    };
    // Emergency shelter: 11 accepted in an hour, 4 declined for lack of capacity in 2 hours; housing: 12 expired unanswered.
    await referrals('EMERGENCY_SHELTER', 11, 'ACCEPTED', null, 1);
    await referrals('EMERGENCY_SHELTER', 4, 'DECLINED', 'NO_CAPACITY', 2);
    await referrals('HOUSING', 12, 'EXPIRED', null, null);
    const counts = (await ask(people.staff.token, 'REFERRALS', ['SERVICE_TYPE'], '2025-04', '2025-06')).data!.statistics as Table;
    const row = (table: Table, label: string) => table.rows.find((each) => each.label === label)!;
    expect([row(counts, 'EMERGENCY_SHELTER').total.value, row(counts, 'EMERGENCY_SHELTER').medianHours]).toEqual([15, 1]);
    expect([row(counts, 'HOUSING').total.value, row(counts, 'HOUSING').medianHours]).toEqual([12, null]);
    expect([counts.total.value, counts.medianHours]).toEqual([27, 1]);
    const declined = (await ask(people.staff.token, 'REFERRALS_DECLINED_NO_CAPACITY', ['SERVICE_TYPE'], '2025-04', '2025-06', null)).data!.statistics as Table;
    // The 4 declined (and the column total, also 4) are hidden, with the 11 and the 23 that would give them away; the rest is published.
    expect(shown(row(declined, 'EMERGENCY_SHELTER').cells)).toEqual(['x', 'x']);
    expect(row(declined, 'EMERGENCY_SHELTER').total.value).toBe(15);
    expect(row(declined, 'EMERGENCY_SHELTER').share).toBeNull();
    expect([...shown(row(declined, 'HOUSING').cells), row(declined, 'HOUSING').share]).toEqual([0, 12, 0]);
    expect(shown(declined.columnTotals)).toEqual(['x', 'x']);
    expect(declined.total.value).toBe(27);
    const expired = (await ask(people.staff.token, 'REFERRALS_EXPIRED', ['SERVICE_TYPE'], '2025-04', '2025-06', null)).data!.statistics as Table;
    expect([...shown(row(expired, 'HOUSING').cells), row(expired, 'HOUSING').share]).toEqual([12, 0, 1]);
    expect([...shown(row(expired, 'EMERGENCY_SHELTER').cells), row(expired, 'EMERGENCY_SHELTER').share]).toEqual([0, 15, 0]);
  });

  it('counts tips by outcome with the median hours to a decision, and the share of screenings positive by instrument', async () => {
    // May 2025, here: 12 tips closed with no action in 3 hours, 2 linked to a case in 1 hour.
    const tips = async (count: number, status: string, hours: number) =>
      t.db.query(
        `INSERT INTO tip (reference, jurisdiction_id, status, danger_now, ongoing, details_sealed, code_hash, submitted_at, decided_at, linked_case_id, decision_note_sealed)
         SELECT 'ST-' || gen_random_uuid(), $1, $2, false, true, 'sealed', decode(md5(gen_random_uuid()::text), 'hex'), '2025-05-05T08:00:00Z',
                '2025-05-05T08:00:00Z'::timestamptz + $3::float8 * interval '1 hour',
                CASE WHEN $2 = 'LINKED' THEN (SELECT id FROM case_file WHERE lead_agency_id = $4 LIMIT 1) END, 'sealed'
           FROM generate_series(1, $5)`,
        [here.id, status, hours, cw.id, count],
      );
    await tips(12, 'NO_ACTION', 3);
    await tips(2, 'LINKED', 1);
    const byOutcome = (await ask(people.staff.token, 'TIPS', ['TIP_OUTCOME'], '2025-04', '2025-06', [here.id])).data!.statistics as Table;
    // The 2 linked are hidden, and the 12 that would give them away from the total of 14.
    expect(byOutcome.rows.map((row) => [row.label, row.total.value, row.total.suppressed])).toEqual([
      ['NEW', 0, false],
      ['UNDER_REVIEW', 0, false],
      ['LINKED', null, true],
      ['REFERRED', 0, false],
      ['NO_ACTION', null, true],
    ]);
    expect([byOutcome.total.value, byOutcome.medianHours]).toEqual([14, 3]);

    // June 2025, here: an instrument screened 15 positive and 30 negative.
    // Loaded as an agency loads one, so that every reader of the instruments finds a whole definition.
    const practice = JSON.parse(readFileSync(join(__dirname, '../libs/screening/instruments/practice-screen-1.json'), 'utf8'));
    const loaded = await t.app.get(ScreeningInstruments).load({ ...practice, id: 'stat-screen', version: '1.0', practice: false, title: { en: 'Statistics screen', es: 'Cuestionario de estadística' } });
    expect(loaded).toMatchObject({ ok: true });
    const screenings = async (count: number, outcome: string) =>
      t.db.query(
        `INSERT INTO screening (id, case_id, instrument_id, instrument_version, agency_id, administered_by, administered_at, mode, respondent, assent, scope, score, max_score, outcome,
                                case_risk_before, case_risk_after, missing_count, answers_sealed, created_at)
         SELECT gen_random_uuid(), (SELECT id FROM case_file WHERE lead_agency_id = $1 LIMIT 1), 'stat-screen', '1.0', $1, $2, '2025-06-03T08:00:00Z', 'INTERVIEW', 'YOUTH', true, 'SERVICES', 1, 6, $3,
                'UNKNOWN', 'UNKNOWN', 0, 'sealed', now()
           FROM generate_series(1, $4)`,
        [cw.id, people.staff.id, outcome, count],
      );
    await screenings(15, 'POSITIVE');
    await screenings(30, 'NEGATIVE');
    const positive = (await ask(people.staff.token, 'SCREENINGS_POSITIVE', ['INSTRUMENT'], '2025-04', '2025-06', null)).data!.statistics as Table;
    expect(positive.columns).toEqual(['POSITIVE', 'NEGATIVE', 'INCONCLUSIVE']);
    expect(positive.rows.map((row) => [row.label, ...shown(row.cells), row.share])).toEqual([['stat-screen', 15, 30, 0, 1 / 3]]);
  });

  it('refuses a measure, dimension or period it cannot answer, naming the field', async () => {
    const problem = async (variables: Record<string, unknown>) => {
      const response = await t.gql.query(STATISTICS, variables, people.staff.token);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return (response.errors![0]!.extensions!.fields as { path: string }[] | undefined)?.map((field) => field.path);
    };
    const filter = { from: '2025-01', to: '2025-02' };
    expect(await problem({ measure: 'NO_SUCH_MEASURE', dimensions: [], filter })).toBeDefined();
    expect(await problem({ measure: 'MISSING_EPISODES', dimensions: ['SERVICE_TYPE'], filter })).toEqual(['dimensions.0']);
    expect(await problem({ measure: 'MISSING_EPISODES', dimensions: ['JURISDICTION', 'JURISDICTION'], filter })).toEqual(['dimensions.1']);
    expect(await problem({ measure: 'STATUTORY_REPORT_TIMELINESS', dimensions: ['REPORT_KIND', 'MONTH'], filter })).toEqual(['dimensions']);
    expect(await problem({ measure: 'MISSING_EPISODES', dimensions: [], filter: { from: '2020-01', to: '2025-02' } })).toEqual(['filter.to']);
    expect(await problem({ measure: 'MISSING_EPISODES', dimensions: [], filter: { from: '2025-03', to: '2025-02' } })).toEqual(['filter.to']);
    expect(await problem({ measure: 'MISSING_EPISODES', dimensions: [], filter: { from: '2025-13', to: '2025-02' } })).toEqual(['filter.from']);
    // A narrower set of jurisdictions reads the lattice's tables by jurisdiction, which have one other dimension.
    expect(await problem({ measure: 'REFERRALS', dimensions: ['SERVICE_TYPE', 'URGENCY'], filter: { ...filter, jurisdictionIds: [here.id] } })).toEqual(['filter.jurisdictionIds']);
  });

  it('publishes a frozen, audited release that the public reads, as CSV with formulas neutralised and as JSON', async () => {
    expect(await t.gql.code(PUBLISH, { from: '2025-01', to: '2025-03' }, people.staff.token)).toBe('FORBIDDEN');
    expect(await t.gql.code(PUBLISH, { from: '2025-01', to: '2026-03' }, people.supervisor.token)).toBe('BAD_USER_INPUT');
    const release = (await t.gql.ok(PUBLISH, { from: '2025-01', to: '2025-03' }, people.supervisor.token)).publishStatistics;
    expect(release).toMatchObject({ kind: 'MANUAL', from: '2025-01', to: '2025-03', rules: { minCell: 11 } });
    expect(release.tables.every((table: { dimensions: string[] }) => !table.dimensions.some((name) => ['MONTH', 'QUARTER'].includes(name)))).toBe(true);
    const audited = await t.db.query(`SELECT actor_user_id FROM audit_event WHERE action = 'STATISTICS_PUBLISH' AND subject_id = $1`, [release.id]);
    expect(audited).toEqual([{ actor_user_id: people.supervisor.id }]);

    const published = (await t.gql.ok(PUBLISHED, {})).publishedStatistics.edges.map((edge: { node: unknown }) => edge.node) as {
      id: string;
      tables: { measure: string; dimensions: string[]; rows: { label: string; total: Cell }[] }[];
      csv: string;
      json: string;
    }[];
    const mine = published.find((each) => each.id === release.id)!;
    const byJurisdiction = mine.tables.find((table) => table.measure === 'MISSING_EPISODES' && table.dimensions.join() === 'JURISDICTION')!;
    expect(byJurisdiction.rows.find((row) => row.label === 'Statistics There County')!.total).toEqual({ value: 32, suppressed: false });
    expect(mine.csv.split('\n')[0]).toBe('"measure","title","period","row_dimension","row","column_dimension","column","value","suppressed","share","median_hours"');
    expect(mine.csv).toContain(`"'=HYPERLINK(""http://x"") County"`);
    expect(mine.csv).not.toMatch(/(^|,)"=/m);
    expect(JSON.parse(mine.json)).toMatchObject({ id: release.id, from: '2025-01', to: '2025-03', rules: { minCell: 11 } });

    // Frozen: neither the application nor anyone else changes or removes it.
    await expect(t.db.query(`UPDATE statistics.release SET min_cell = 2 WHERE id = $1`, [release.id])).rejects.toThrow();
    await expect(t.db.query(`DELETE FROM statistics.release WHERE id = $1`, [release.id])).rejects.toThrow();
  });

  it('counts the episode of a child the worker cannot open as not recorded, and goes on with the others', async () => {
    const made = await t.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: 'Unreadable Example', dateOfBirth: '2010-05-05', sex: 'F' } } }, people.staff.token);
    const caseId: string = made.createCase.id;
    const readable = await t.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: 'Readable Example', dateOfBirth: '2010-05-05', sex: 'F' } } }, people.staff.token);
    // Sealed under a key this keyring does not hold (as after a rotation whose old key was dropped too soon).
    await t.db.query(`UPDATE child SET identity_sealed = regexp_replace(identity_sealed, '^v1\\.[^.]+\\.', 'v1.gone01.') WHERE case_id = $1`, [caseId]);
    await t.db.query(
      `INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id) SELECT id, '2025-11-01T08:00:00Z', '2025-11-01T08:00:00Z', $2, $3 FROM unnest($1::uuid[]) AS id`,
      [[caseId, readable.createCase.id], people.staff.id, cw.id],
    );
    expect(await t.app.get(EpisodeFacts).deriveMissing()).toBeGreaterThanOrEqual(2);
    const facts = await t.db.query(`SELECT case_id AS "caseId", age_band AS "ageBand", sex FROM statistics.episode_fact WHERE case_id = ANY($1::uuid[])`, [[caseId, readable.createCase.id]]);
    expect(facts).toEqual(
      expect.arrayContaining([
        { caseId, ageBand: 'NOT_RECORDED', sex: 'NOT_RECORDED' },
        { caseId: readable.createCase.id, ageBand: 'AGE_14_15', sex: 'FEMALE' },
      ]),
    );
  });

  it('freezes a quarter once released: an episode recorded late changes neither its answers nor a later release', async () => {
    // The release above froze the first quarter of 2025 at There County's 32 episodes.
    const [frozen] = await t.db.query(`SELECT frozen_at AS "frozenAt", built_at AS "builtAt" FROM statistics.lattice WHERE source = 'missingEpisodes' AND agency_id IS NULL AND quarter = '2025-Q1'`);
    expect(frozen.frozenAt).not.toBeNull();
    await episodes(cwThere, there.id, people.otherSupervisor.id, 3, '2025-02-20T08:00:00Z', 24);
    // This app builds every lattice again at each question (STATISTICS_LATTICE_MAX_AGE_MS=0), but not a frozen one.
    const total = async (from: string, to: string) =>
      ((await ask(people.staff.token, 'MISSING_EPISODES', ['JURISDICTION'], from, to)).data!.statistics as Table).rows.find((row) => row.label === 'Statistics There County')!.total;
    expect(await total('2025-01', '2025-03')).toEqual({ value: 32, suppressed: false });
    const again = (await t.gql.ok(PUBLISH, { from: '2025-02', to: '2025-03' }, people.supervisor.token)).publishStatistics;
    const [{ body }] = await t.db.query(`SELECT body FROM statistics.release WHERE id = $1`, [again.id]);
    const tables = body.tables as { measure: string; dimensions: string[]; rows: { label: string; total: Cell }[] }[];
    const byJurisdiction = tables.find((table) => table.measure === 'MISSING_EPISODES' && table.dimensions.join() === 'JURISDICTION')!;
    // February and March as frozen: 20 (or suppressed, where the months cost the quarter a figure), never the 23 recorded since.
    expect([20, null]).toContain(byJurisdiction.rows.find((row) => row.label === 'Statistics There County')!.total.value);
    const [still] = await t.db.query(`SELECT frozen_at AS "frozenAt", built_at AS "builtAt" FROM statistics.lattice WHERE source = 'missingEpisodes' AND agency_id IS NULL AND quarter = '2025-Q1'`);
    expect(still).toEqual(frozen);
    // A quarter no release has frozen is built again and counts what was recorded late.
    await episodes(cwThere, there.id, people.otherSupervisor.id, 11, '2025-11-20T08:00:00Z', 24);
    expect(await total('2025-10', '2025-12')).toEqual({ value: 11, suppressed: false });
    await episodes(cwThere, there.id, people.otherSupervisor.id, 1, '2025-11-21T08:00:00Z', 24);
    expect(await total('2025-10', '2025-12')).toEqual({ value: 12, suppressed: false });
  });

  it('publishes no release of a quarter still running, since the quarter\'s own release would be subtracted from it', async () => {
    // The supervisor's releases: suites running beside this one publish their own.
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM statistics.release WHERE made_by = $1`, [people.supervisor.id]))[0].n as number;
    const before = await count();
    const [first, second, third] = monthsOfQuarter(quarterOf(t.clock.now().toISOString().slice(0, 7)));
    const previous = new Date(Date.UTC(Number(first!.slice(0, 4)), Number(first!.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    for (const [from, to] of [[first, second], [third, third], [previous, first]]) {
      const response = await t.gql.query(PUBLISH, { from, to }, people.supervisor.token);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((response.errors![0]!.extensions!.fields as { path: string }[]).map((field) => field.path)).toEqual(['to']);
    }
    expect(await count()).toBe(before);
  });

  it('makes a release over one database connection, as on the embedded database: the lattices it builds are written in its own transaction', async () => {
    const single = await createTestApp({ DATABASE_POOL_SIZE: '1', STATISTICS_LATTICE_MAX_AGE_MS: '0' });
    try {
      const release = (await single.gql.ok(PUBLISH, { from: '2025-04', to: '2025-06' }, people.supervisor.token)).publishStatistics;
      expect(release).toMatchObject({ kind: 'MANUAL', from: '2025-04', to: '2025-06' });
      const [built] = await t.db.query(`SELECT count(*)::int AS n FROM statistics.lattice WHERE quarter = '2025-Q2' AND agency_id IS NULL`);
      expect(built.n).toBeGreaterThan(0);
    } finally {
      await single.close();
    }
  });

  it('builds the quarterly release once, however often the job runs', async () => {
    const releases = t.app.get(StatisticsReleases);
    // A month of its own, far from the real one that a worker of another suite may publish.
    const now = t.clock.now();
    t.clock.set(new Date('2031-06-15T12:00:00Z'));
    try {
      const first = await releases.publishQuarterly();
      expect(first).toMatchObject({ kind: 'QUARTERLY', from: '2031-01', to: '2031-03' });
      expect(await releases.publishQuarterly()).toBeNull();
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM statistics.release WHERE kind = 'QUARTERLY' AND period_from = '2031-01-01'`);
      expect(n).toBe(1);
      const [{ actor }] = await t.db.query(`SELECT actor_type AS actor FROM audit_event WHERE action = 'STATISTICS_PUBLISH' AND subject_id = $1`, [first!.id]);
      expect(actor).toBe('SYSTEM');
    } finally {
      t.clock.set(now);
    }
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { AnomalyWatch } from '@tandem/audit-watch';
import { BREAK_GLASS, CASE, policyCast } from './support/case-fixtures';
import { parseCsv } from './support/csv';
import { ConsoleHarness, DESKTOP, eventually, journey, PHONE, seriousViolations, startConsole } from './support/console';
import { isolatedDatabase } from './support/test-database';
import { startAnomalyWatch } from './support/test-app';

// A supervisor's day in the browser: the team's caseload and assigning, the agency's overdue
// deadlines, the audit trail filtered and exported, a break-glass review, anomaly alerts, and
// statistics with their suppressed cells. The suite has a database of its own: the anomaly scan
// reads the whole trail, and the statistics count every agency.

const EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const STATISTICS = `query($filter: StatisticsFilterInput!) {
  statistics(measure: MISSING_EPISODES, dimensions: [JURISDICTION, RETURNED_WITHIN_7_DAYS], filter: $filter) {
    suppressedCells rows { label cells { value suppressed } total { value suppressed } } } }`;

describe('console: the supervisor', () => {
  let h: ConsoleHarness;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  let grantId: string;

  const names = async (ids: string[]): Promise<Record<string, string>> =>
    Object.fromEntries((await h.t.db.query(`SELECT id, display_name FROM app_user WHERE id = ANY($1)`, [ids])).map((row: { id: string; display_name: string }) => [row.id, row.display_name]));

  /** A page with CW's supervisor signed in, at `path`. */
  async function supervisorAt(path: string) {
    const opened = await h.open('/sign-in', DESKTOP);
    await h.signIn(opened.page, cast.people.cwSup);
    await opened.page.goto(path);
    return opened;
  }

  /** Picks an option of a Mantine select by its label and the option's name. */
  async function choose(page: Page, field: string, option: string | RegExp) {
    await page.getByRole('combobox', { name: field, exact: true }).click();
    await page.getByRole('option', { name: option }).click();
  }

  beforeAll(async () => {
    h = await startConsole(await isolatedDatabase('console_supervisor'));
    cast = await policyCast(h.t);
    const { K, people } = cast;
    // K's child went missing 30 hours ago, learned then: the 24-hour reports of CW are overdue.
    const learned = new Date(h.t.clock.now().getTime() - 30 * 3600_000).toISOString();
    await h.t.gql.ok(EPISODE, { input: { caseId: K.id, missingSince: learned, learnedAt: learned } }, people.cw1.token);
    // A shelter worker is refused K; an officer of the jurisdiction breaks the glass on it.
    expect(await h.t.gql.code(CASE, { id: K.id }, people.sh1.token)).toBe('NOT_FOUND');
    await h.t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Officer with the child at the scene, needs the placement now' }, people.pd1.token);
    [{ id: grantId }] = await h.t.db.query(`SELECT id FROM access_grant WHERE case_id = $1`, [K.id]);
    // Activity of another jurisdiction's police that CW's supervisor must never read.
    await h.t.gql.ok(`query { cases(first: 5) { edges { node { id } } } }`, {}, people.pd2.token);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the caseload and assigns a staff member to a case: the assignment row is there', async () => {
    const { K, people } = cast;
    const who = await names([people.cw1.id, people.cw2.id]);
    const { page, problems } = await supervisorAt('/supervisor/team');
    await journey(page, 'supervisor-team', async () => {
      const caseload = page.getByTestId('caseload');
      await caseload.waitFor();
      const countOf = (id: string) => caseload.locator(`tr[data-person="${id}"] [data-testid="open-count"]`).textContent();
      expect(await countOf(people.cw1.id)).toBe('1');
      expect(await countOf(people.cw2.id)).toBe('0');
      await choose(page, 'Case', K.caseNumber);
      await choose(page, 'Person', who[people.cw2.id]!);
      await page.getByRole('button', { name: 'Assign', exact: true }).click();
      await page.getByRole('status').getByText('Assigned.').waitFor();
      expect(await eventually(() => countOf(people.cw2.id), '1')).toBe('1');
      const rows = await h.t.db.query(`SELECT role, agency_id AS "agencyId" FROM assignment WHERE case_id = $1 AND user_id = $2 AND active`, [K.id, people.cw2.id]);
      expect(rows).toEqual([{ role: 'SECONDARY', agencyId: cast.agencies.CW.id }]);
      const [audited] = await h.t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND case_id = $2 AND action = 'CASE_ASSIGN' AND subject_id = $3`, [
        people.cwSup.id,
        K.id,
        people.cw2.id,
      ]);
      expect(audited.n).toBe(1);
    });
    expect(problems).toEqual([]);
  });

  it("lists the agency's overdue deadlines with how long they are overdue", async () => {
    const { K } = cast;
    const { page, problems } = await supervisorAt('/supervisor/deadlines');
    await journey(page, 'supervisor-deadlines', async () => {
      const rows = page.getByTestId('deadlines').locator('tbody tr');
      expect(await eventually(() => rows.count(), 2)).toBe(2);
      const texts = await rows.allTextContents();
      for (const text of texts) {
        expect(text).toMatch(/overdue by 6 h/);
        expect(text).toContain(K.caseNumber);
      }
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')).sort())).toEqual(['MISSING_REPORT_LE', 'MISSING_REPORT_NCMEC']);
      const [db] = await h.t.db.query(`SELECT count(*)::int AS n FROM deadline WHERE agency_id = $1 AND status IN ('PENDING', 'BREACHED') AND due_at < now()`, [cast.agencies.CW.id]);
      expect(db.n).toBe(2);
    });
    expect(problems).toEqual([]);
  });

  it('narrows the audit trail by a filter, opens a case access log, and exports the agency’s events as CSV, audited as EXPORT', async () => {
    const { K, agencies, people } = cast;
    const { page, problems } = await supervisorAt('/supervisor/audit');
    await journey(page, 'supervisor-audit', async () => {
      const rows = page.getByTestId('audit-events').locator('tbody tr');
      await rows.first().waitFor();
      const before = await rows.count();
      await choose(page, 'Outcome', 'Refused');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const outcomes = async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome'))))];
      expect(await eventually(outcomes, ['DENIED'])).toEqual(['DENIED']);
      const refused = await rows.count();
      expect(refused).toBeLessThan(before);
      const [visibleDenied] = await h.t.db.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE outcome = 'DENIED' AND (actor_agency_id = $1 OR case_id IN (SELECT id FROM case_file WHERE lead_agency_id = $1))`,
        [agencies.CW.id],
      );
      expect(refused).toBe(Math.min(visibleDenied.n, 50));
      expect(await rows.first().textContent()).toContain('refused');

      // The case's access log, from the refused view of K.
      await page.getByTestId('audit-events').locator(`a[href="/supervisor/audit/cases/${K.id}"]`).first().click();
      await page.waitForURL(`**/supervisor/audit/cases/${K.id}`);
      const log = page.getByTestId('case-access-log').locator('tbody tr');
      await log.first().waitFor();
      expect((await log.allTextContents()).join(' ')).toContain('Break glass');
      // Back on the trail, the page shows what it kept and reads the trail again: that read's own audit
      // event is written before its answer, which comes before the export, so that the export holds it.
      const reread = page.waitForResponse((response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('AuditTrail'));
      await page.getByRole('link', { name: 'Back to the audit trail' }).click();
      await reread;

      // The whole trail as CSV.
      await page.getByTestId('audit-events').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^audit-events-\d{8}T\d{6}Z\.csv$/);
      const [header, ...lines] = parseCsv(readFileSync((await download.path())!, 'utf8'));
      const id = header!.indexOf('id');
      const ids = lines.map((line) => line[id]!);
      expect(ids.length).toBeGreaterThan(5);
      const [outside] = await h.t.db.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE id = ANY($1) AND NOT (actor_agency_id = $2 OR case_id IN (SELECT id FROM case_file WHERE lead_agency_id = $2))`,
        [ids, agencies.CW.id],
      );
      expect(outside.n).toBe(0);
      // The other jurisdiction's police read cases: in the trail, never in CW's export.
      const theirs = (await h.t.db.query(`SELECT id FROM audit_event WHERE actor_agency_id = $1`, [agencies.PD2.id])).map((row: { id: string }) => row.id);
      expect(theirs.length).toBeGreaterThan(0);
      expect(ids.filter((value) => theirs.includes(value))).toEqual([]);
      // Every event CW's supervisor may read from before the export is in it.
      const [exported] = await h.t.db.query(
        `SELECT occurred_at AS at, outcome, details FROM audit_event WHERE actor_user_id = $1 AND action = 'EXPORT' ORDER BY occurred_at DESC LIMIT 1`,
        [people.cwSup.id],
      );
      expect(exported).toMatchObject({ outcome: 'ALLOWED', details: { view: 'exportAuditEvents', rowCount: lines.length } });
      const readable = (
        await h.t.db.query(
          `SELECT id FROM audit_event WHERE occurred_at < $2 AND (actor_agency_id = $1 OR case_id IN (SELECT id FROM case_file WHERE lead_agency_id = $1))`,
          [agencies.CW.id, exported.at],
        )
      ).map((row: { id: string }) => row.id);
      expect(readable.filter((value: string) => !ids.includes(value))).toEqual([]);
      await page.getByRole('status').getByText(`${lines.length} events exported`).waitFor();
    });
    expect(problems).toEqual([]);
  });

  it('reviews a break-glass access in the browser: the grant is reviewed in the table and the review audited', async () => {
    const { people } = cast;
    const { page, problems } = await supervisorAt('/supervisor/break-glass');
    await journey(page, 'supervisor-break-glass', async () => {
      const card = page.locator(`article[data-grant="${grantId}"]`);
      await card.waitFor();
      expect(await card.textContent()).toContain('Officer with the child at the scene');
      await card.getByLabel('Finding').fill('Justified: the officer was with the child and needed the placement.');
      await card.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('status').getByText('Review recorded.').waitFor();
      await card.waitFor({ state: 'detached' });
      const [grant] = await h.t.db.query(`SELECT reviewed_by AS "reviewedBy", reviewed_at IS NOT NULL AS reviewed FROM access_grant WHERE id = $1`, [grantId]);
      expect(grant).toEqual({ reviewedBy: people.cwSup.id, reviewed: true });
      const [audit] = await h.t.db.query(`SELECT justification FROM audit_event WHERE action = 'BREAK_GLASS_REVIEW' AND subject_id = $1`, [grantId]);
      expect(audit.justification).toMatch(/^Justified/);
      await page.getByText('No break-glass access waits for a review.').waitFor();
    });
    expect(problems).toEqual([]);
  });

  it('shows the anomaly alerts the watch of the trail sent the supervisor', async () => {
    const watch = await startAnomalyWatch(h.t, 'console-supervisor-watch');
    try {
      expect((await watch.get(AnomalyWatch).scan()).breakGlass).toBeGreaterThan(0);
    } finally {
      await watch.close();
    }
    const { page, problems } = await supervisorAt('/supervisor/alerts');
    await journey(page, 'supervisor-alerts', async () => {
      const row = page.getByTestId('alerts').locator('tr[data-kind="ANOMALY_BREAK_GLASS"]');
      await row.waitFor();
      expect(await row.textContent()).toContain(cast.K.caseNumber);
    });
    expect(problems).toEqual([]);
  });

  it('marks suppressed statistics cells as suppressed, never 0 or blank, with row and column totals', async () => {
    const { agencies, people } = cast;
    // 2019, in this suite's database only: 25 episodes back within a day and 3 back after ten days.
    await h.t.db.query(
      `WITH made AS (
         INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by)
         SELECT 'ST-' || gen_random_uuid(), a.jurisdiction_id, a.id, $2 FROM agency a, generate_series(1, $3) WHERE a.id = $1 RETURNING id, lead_agency_id)
       INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id, returned_at)
       SELECT id, $4::timestamptz, $4::timestamptz, $2, lead_agency_id, $4::timestamptz + $5::float8 * interval '1 hour' FROM made`,
      [agencies.CW.id, people.cw1.id, 25, '2019-01-10T08:00:00Z', 24],
    );
    await h.t.db.query(
      `WITH made AS (
         INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by)
         SELECT 'ST-' || gen_random_uuid(), a.jurisdiction_id, a.id, $2 FROM agency a, generate_series(1, $3) WHERE a.id = $1 RETURNING id, lead_agency_id)
       INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id, returned_at)
       SELECT id, $4::timestamptz, $4::timestamptz, $2, lead_agency_id, $4::timestamptz + $5::float8 * interval '1 hour' FROM made`,
      [agencies.CW.id, people.cw1.id, 3, '2019-02-10T08:00:00Z', 240],
    );
    const api = (await h.t.gql.ok(STATISTICS, { filter: { from: '2019-01', to: '2019-03' } }, people.cwSup.token)).statistics;
    expect(api.suppressedCells).toBeGreaterThan(0);

    const { page, problems } = await supervisorAt('/statistics');
    await journey(page, 'supervisor-statistics', async () => {
      await choose(page, 'Measure', 'Missing episodes');
      await choose(page, 'Rows by', 'Jurisdiction');
      await choose(page, 'Columns by', 'Returned within 7 days');
      await page.getByLabel('From month').fill('2019-01');
      await page.getByLabel('To month').fill('2019-03');
      await page.getByRole('button', { name: 'Show' }).click();
      const table = page.getByTestId('statistics');
      await table.waitFor();
      await page.getByTestId('suppression-note').waitFor();
      // Each row's cells and its total; the median beside them is not a count.
      const shown = (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')))).map((cells) =>
        cells.slice(0, api.rows[0].cells.length + 1),
      );
      const expected = api.rows.map((row: { cells: { value: number | null; suppressed: boolean }[]; total: { value: number | null; suppressed: boolean } }) =>
        [...row.cells, row.total].map((cell) => (cell.suppressed ? 'suppressed' : String(cell.value))),
      );
      expect(shown).toEqual(expected);
      expect(shown.flat()).toContain('suppressed');
      expect(shown.flat()).not.toContain('');
      expect(await table.locator('tfoot').textContent()).toContain('Total');
      expect(await seriousViolations(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  });

  /** Each page, and what shows that its data has arrived (a table, or the sentence saying there is none). */
  const PAGES: [string, (page: Page) => Promise<void>][] = [
    ['/supervisor/team', (page) => page.getByTestId('caseload').waitFor()],
    ['/supervisor/deadlines', (page) => page.getByTestId('deadlines').waitFor()],
    ['/supervisor/referrals', (page) => page.getByTestId('statistics').waitFor()],
    ['/supervisor/audit', (page) => page.getByTestId('audit-events').waitFor()],
    ['/supervisor/alerts', (page) => page.getByTestId('alerts').or(page.getByText('No anomaly alert')).waitFor()],
    ['/supervisor/break-glass', (page) => page.getByTestId('pending-reviews').locator('article').first().or(page.getByText('No break-glass access waits')).waitFor()],
    [
      '/statistics',
      async (page) => {
        await page.getByRole('button', { name: 'Show' }).click();
        await page.getByTestId('statistics').waitFor();
      },
    ],
  ];

  for (const viewport of [DESKTOP, PHONE]) {
    it(`keeps every supervisor page free of serious accessibility violations at ${viewport.width} px`, async () => {
      // Signed in at a desk (the harness waits for the name in the header, which a phone hides), then narrowed.
      const { page, problems } = await supervisorAt('/supervisor/team');
      await page.setViewportSize(viewport);
      await journey(page, `supervisor-accessibility-${viewport.width}`, async () => {
        const pages: typeof PAGES = [...PAGES, [`/supervisor/audit/cases/${cast.K.id}`, (p) => p.getByTestId('case-access-log').waitFor()]];
        for (const [path, ready] of pages) {
          // Moves within the app, as its links do, rather than loading it again for each page.
          await page.evaluate((to) => {
            const w = globalThis as unknown as { history: { pushState(state: null, title: string, url: string): void }; dispatchEvent(event: unknown): void; PopStateEvent: new (type: string) => unknown };
            w.history.pushState(null, '', to);
            w.dispatchEvent(new w.PopStateEvent('popstate'));
          }, path);
          await ready(page);
          expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
        }
      });
      expect(problems).toEqual([]);
    }, 120_000);
  }
});

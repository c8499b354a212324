import type { Page } from 'playwright-core';
import { Actor, policyCast } from './support/case-fixtures';
import { browserTraces, ConsoleHarness, DESKTOP, eventually, journey, PHONE, seriousViolations, startConsole } from './support/console';
import { ADD_TO_TIP, sendTip, solvedProof, TIP_ENV, tipInput } from './support/tip-fixtures';

const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id caseNumber } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id } }`;
const TIP = `query($id: ID!) { tip(id: $id) { id status decisionNote } }`;
const CASE_SEEN = `query($id: ID!) { case(id: $id) { id viewerScopes } }`;

describe('console: the law-enforcement liaison', () => {
  let h: ConsoleHarness;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  /** A case child welfare reported missing to PD: shared with PD by mandated reporting, its NCIC clock running. */
  let reported: { id: string; caseNumber: string };
  let tips: { calm: string; danger: string };

  beforeAll(async () => {
    h = await startConsole(TIP_ENV);
    cast = await policyCast(h.t);
    const { cw1 } = cast.people;
    reported = (
      await h.t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Casey Report Example', dateOfBirth: '2011-05-06', placement: { address: '4 Quiet Court' } } } }, cw1.token)
    ).createCase;
    const now = h.t.clock.now();
    const episode = (await h.t.gql.ok(RECORD_EPISODE, { input: { caseId: reported.id, missingSince: now, learnedAt: now } }, cw1.token)).recordMissingEpisode;
    await h.t.gql.ok(
      RECORD_REPORT,
      { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'PD-77', receivingAgencyId: cast.agencies.PD.id } },
      cw1.token,
    );
    // The trafficking-victim report child welfare owes the police is overdue.
    await h.t.gql.ok(SET_FLAG, { caseId: reported.id, flag: 'TRAFFICKING_VICTIM' }, cw1.token);
    await h.t.db.query(`UPDATE deadline SET started_at = now() - interval '27 hours', due_at = now() - interval '3 hours' WHERE case_id = $1 AND kind = 'VICTIM_REPORT_LE'`, [reported.id]);

    const here = cast.agencies.PD.jurisdictionId;
    const calm = await sendTip(h.t.gql, h.t.db, h.t.config, tipInput(here));
    const danger = await sendTip(h.t.gql, h.t.db, h.t.config, tipInput(here, { childInDangerNow: true, whatSeen: 'A girl crying for help in the parking lot right now.' }));
    await h.t.gql.ok(ADD_TO_TIP, { code: calm.code, proof: await solvedProof(h.t.gql), input: { information: 'The minivan came back tonight with a third girl.' } });
    tips = { calm: calm.id, danger: danger.id };
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  async function signedIn(path: string, user: Actor): Promise<{ page: Page; problems: string[] }> {
    const { page, problems } = await h.open(path);
    await page.waitForURL('**/sign-in');
    await h.signIn(page, user);
    await page.waitForURL(`**${path}`);
    return { page, problems };
  }

  /** axe finds nothing serious on the page as it is, at a desk and on a phone (the pointer resting off the menu). */
  async function accessibleAtBothWidths(page: Page): Promise<void> {
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.mouse.move(viewport.width - 1, viewport.height - 1);
      expect({ width: viewport.width, violations: await seriousViolations(page) }).toEqual({ width: viewport.width, violations: [] });
    }
    await page.setViewportSize(DESKTOP);
  }

  it('shows the cases reported to the agency, the reports due overdue first with their countdowns, and the tip queue with the child in danger first', async () => {
    const { page, problems } = await signedIn('/liaison/cases', cast.people.pd1);
    await journey(page, 'liaison-shared-cases', async () => {
      const row = page.locator(`[data-testid="shared-cases"] tbody tr[data-case-id="${reported.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(reported.caseNumber);
      expect(await row.textContent()).toContain('mandated report');
      // K is not shared with the police: it is not listed.
      expect(await page.locator(`tr[data-case-id="${cast.K.id}"]`).count()).toBe(0);
      expect(await page.title()).toBe('Shared cases · Tandem');
      await accessibleAtBothWidths(page);
    });

    await journey(page, 'liaison-reports-due', async () => {
      await page.getByRole('link', { name: 'Reports due' }).click();
      await page.waitForURL('**/liaison/reports');
      const rows = page.getByTestId('reports-due').locator('tbody tr');
      // The missing report to the police met its own clock; the one to NCMEC is still due.
      const kinds = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
      expect(await eventually(kinds, ['VICTIM_REPORT_LE', 'NCIC_ENTRY', 'MISSING_REPORT_NCMEC'])).toEqual(['VICTIM_REPORT_LE', 'NCIC_ENTRY', 'MISSING_REPORT_NCMEC']);
      expect(await rows.nth(0).textContent()).toMatch(/overdue by 3 h/);
      expect(await rows.nth(1).textContent()).toMatch(/1 h 5\d min left|2 h left/);
      expect(await rows.nth(1).textContent()).toContain('(your agency)');
      await accessibleAtBothWidths(page);
    });

    await journey(page, 'liaison-tip-queue', async () => {
      await page.getByRole('link', { name: 'Tips', exact: true }).click();
      await page.waitForURL('**/liaison/tips');
      const rows = page.getByTestId('tip-queue').locator('tbody tr');
      expect(await eventually(() => rows.count(), 2)).toBe(2);
      expect(await rows.nth(0).getAttribute('data-tip-id')).toBe(tips.danger);
      expect(await rows.nth(0).textContent()).toContain('child in danger now');
      expect(await rows.nth(1).getAttribute('data-tip-id')).toBe(tips.calm);
      await accessibleAtBothWidths(page);
    });
    expect(problems).toEqual([]);
  });

  it('triages a tip in the browser: under review, then closed with no action, in the table and the audit trail', async () => {
    const { pd1 } = cast.people;
    const { page, problems } = await signedIn(`/liaison/tips/${tips.calm}`, pd1);
    const status = async () => (await h.t.db.query(`SELECT status FROM tip WHERE id = $1`, [tips.calm]))[0].status as string;
    await journey(page, 'liaison-tip-triage', async () => {
      await page.getByTestId('tip-addition').getByText('The minivan came back tonight with a third girl.').waitFor();
      // The other tip names the same motel within the day: a possible duplicate.
      await page.getByRole('heading', { name: 'Possible duplicates' }).waitFor();
      await page.locator(`a[href="/liaison/tips/${tips.danger}"]`).waitFor();
      await accessibleAtBothWidths(page);

      await page.getByRole('button', { name: 'Start review' }).click();
      await page.getByRole('button', { name: 'No action' }).waitFor();
      expect(await eventually(status, 'UNDER_REVIEW')).toBe('UNDER_REVIEW');
      await page.getByRole('button', { name: 'No action' }).click();
      await page.getByLabel('Why no action').fill('Same motel as the tip in danger, handled there.');
      await accessibleAtBothWidths(page);
      await page.getByRole('button', { name: 'Close with no action' }).click();
      await page.getByText('Closed with no action.').waitFor();
      expect(await eventually(status, 'NO_ACTION')).toBe('NO_ACTION');
      expect((await h.t.gql.ok(TIP, { id: tips.calm }, pd1.token)).tip.decisionNote).toBe('Same motel as the tip in danger, handled there.');
      await page.getByText('Reason: Same motel as the tip in danger, handled there.').waitFor();
      const audit = await h.t.db.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND actor_user_id = $2 AND action IN ('TIP_REVIEW', 'TIP_NO_ACTION') ORDER BY action`, [tips.calm, pd1.id]);
      expect(audit.map((row: { action: string }) => row.action)).toEqual(['TIP_NO_ACTION', 'TIP_REVIEW']);
    });
    expect(problems).toEqual([]);
  });

  it("breaks the glass on a case not shared: a short reason is refused with the API's words, a real one grants 4 hours shown as a countdown", async () => {
    const { pd1 } = cast.people;
    const grants = () => h.t.world.count('access_grant', 'case_id = $1 AND user_id = $2', [cast.K.id, pd1.id]);
    const { page, problems } = await signedIn('/liaison/cases', pd1);
    await journey(page, 'liaison-break-glass', async () => {
      await page.getByRole('link', { name: 'Break glass on a case not shared' }).click();
      await page.waitForURL('**/liaison/break-glass');
      await page.getByRole('heading', { name: 'Break the glass' }).waitFor();
      await accessibleAtBothWidths(page);

      // Whether a case about the child exists, and whom to call: the search stays out of the address.
      await page.getByLabel("Child's name").fill('Jordan Avery Example');
      await page.getByLabel('Date of birth').fill('2011-04-09');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('status').getByText(cast.agencies.CW.name).waitFor();
      expect(await browserTraces(page)).not.toContain('Jordan');

      await page.getByLabel('Case number').fill(cast.K.caseNumber);
      await page.getByLabel('Why this access is needed now').fill('Need it now');
      await page.getByRole('button', { name: 'Break the glass' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'The glass was not broken' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('20 to 2000 characters');
      expect(await grants()).toBe(0);

      const why = 'Child seen at a motel with an adult tonight; need the placement to check on her';
      await page.getByLabel('Why this access is needed now').fill(why);
      await page.getByRole('button', { name: 'Break the glass' }).click();
      const granted = page.getByTestId('break-glass-granted');
      await granted.waitFor();
      expect(await page.getByTestId('grant-countdown').textContent()).toMatch(/^(3 h 5\d min|4 h) left$/);
      const rows = await h.t.db.query(`SELECT justification, expires_at - granted_at AS span FROM access_grant WHERE case_id = $1 AND user_id = $2`, [cast.K.id, pd1.id]);
      expect(rows).toEqual([{ justification: why, span: { hours: 4 } }]);
      await accessibleAtBothWidths(page);

      await page.getByRole('link', { name: 'Open the case' }).click();
      await page.waitForURL(`**/cases/${cast.K.id}`);
      expect((await h.t.gql.ok(CASE_SEEN, { id: cast.K.id }, pd1.token)).case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION']);
    });
    expect(problems).toEqual([]);
  });
});

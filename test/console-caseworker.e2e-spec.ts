import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { AgencyType, Role } from '@tandem/authz';
import { CapacityChangedHandler } from '@tandem/directory';
import { ScreeningInstruments, shippedInstrumentFiles } from '@tandem/screening';
import { readFileSync } from 'node:fs';
import { CREATE_CASE, policyCast, signedIn } from './support/case-fixtures';
import { ConsoleHarness, DESKTOP, eventually, journey, PHONE, seriousViolations, startConsole } from './support/console';
import { directorySite } from './support/directory-fixtures';

// The caseworker's lists and forms in a real browser: my cases with filters and keyset paging, a
// new case, a referral to a suggested provider with live beds, a screening drawn from its instrument,
// a missing episode with its reports and deadlines; each ending on the page and in the tables.

const UPDATE_CAPACITY = `mutation($s: ID!, $available: Int!, $maximum: Int) { updateCapacity(serviceAtLocationId: $s, unit: "bed", available: $available, maximum: $maximum) { id version } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id flags } }`;
/** A journey signs in and checks each page at two widths: more than Jest's default minute on a busy machine. */
const JOURNEY_MS = 120_000;
const PRACTICE = JSON.parse(readFileSync(shippedInstrumentFiles().find((path) => path.endsWith('practice-screen-1.json'))!, 'utf8')) as Record<string, unknown>;

/** The page has no serious accessibility violation at a desk's width, nor at a phone's. */
async function accessibleAtBothWidths(page: Page): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize(PHONE);
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize(DESKTOP);
}

/** A `datetime-local` value in the browser's own zone, `minutesAgo` before the browser's now. */
function localMinutesAgo(page: Page, minutesAgo: number): Promise<string> {
  return page.evaluate((ago) => {
    const d = new Date(Date.now() - ago * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, minutesAgo);
}

describe('console: the caseworker’s lists and forms', () => {
  let h: ConsoleHarness;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  beforeAll(async () => {
    // A capacity channel of this suite's own, under the run's prefix that teardown clears.
    h = await startConsole({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:cwork-${randomBytes(4).toString('hex')}` });
    cast = await policyCast(h.t);
    expect((await h.t.app.get(ScreeningInstruments).load(PRACTICE)).ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  /** The API's clock a minute ahead of the browser's, so times the browser calls "now" are not in the API's future. */
  const clockAheadOfBrowser = () => h.t.clock.set(new Date(Date.now() + 60_000));

  it('opens a case from the form: a bad phone is refused beside its field and changes nothing; then the case is in the table and the list', async () => {
    const { people } = cast;
    const casesOfCw1 = () => h.t.world.count('case_file', 'created_by = $1', [people.cw1.id]);
    const before = await casesOfCw1();
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'caseworker-new-case', async () => {
      await h.signIn(page, people.cw1);
      await page.goto('/cases/new');
      await page.getByRole('heading', { name: 'New case' }).waitFor();
      await accessibleAtBothWidths(page);
      await page.getByLabel(/^Legal name/).fill('Riley Browser Example');
      await page.getByLabel(/^Date of birth/).fill('2012-05-06');
      await page.getByLabel('Sex').selectOption({ label: 'Female' });
      await page.getByLabel('Kind of placement').fill('foster home');
      await page.getByLabel('Placement address').fill('5 Browser Road');
      await page.getByLabel('Placement phone').fill('call me maybe');
      await page.getByLabel('Risk level').selectOption('ELEVATED');
      await page.getByRole('button', { name: 'Open the case' }).click();
      await page.getByRole('alert').filter({ hasText: 'The case was not opened' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: 'The case was not opened' }).textContent()).toContain('input.child.placement.phone');
      await page.getByText('Must be a phone number', { exact: true }).waitFor();
      expect(await page.getByLabel('Placement phone').getAttribute('aria-invalid')).toBe('true');
      expect(await casesOfCw1()).toBe(before);
      expect(page.url()).toMatch(/\/cases\/new$/);

      await page.getByLabel('Placement phone').fill('+1 555 0199');
      await page.getByRole('button', { name: 'Open the case' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const caseId = page.url().split('/').pop()!;
      const [row] = await h.t.db.query(`SELECT lead_agency_id, risk_level, status, case_number FROM case_file WHERE id = $1`, [caseId]);
      expect(row).toMatchObject({ lead_agency_id: cast.agencies.CW.id, risk_level: 'ELEVATED', status: 'OPEN' });
      expect(await h.t.world.count('assignment', `case_id = $1 AND user_id = $2 AND role = 'PRIMARY'`, [caseId, people.cw1.id])).toBe(1);
      expect(await casesOfCw1()).toBe(before + 1);

      await page.goto('/cases');
      const listed = page.getByTestId('my-cases').locator(`tr[data-case-id="${caseId}"]`);
      await listed.waitFor();
      expect(await listed.textContent()).toContain(row.case_number);
      expect(await listed.textContent()).toContain('Riley Browser Example');
      expect(await page.title()).toBe('My cases · Tandem');
    });
    expect(problems).toEqual([]);
  }, JOURNEY_MS);

  it('pages through my cases by keyset, filters in the page and never in the address', async () => {
    const agency = await h.t.world.agency(AgencyType.CHILD_WELFARE, cast.agencies.CW.jurisdictionId);
    const worker = await signedIn(h.t, Role.STAFF, agency.id);
    for (let i = 0; i < 23; i++) {
      await h.t.gql.ok(CREATE_CASE, { input: { riskLevel: i % 5 === 0 ? 'HIGH' : 'LOW', child: { legalName: `Paging Child ${i}`, dateOfBirth: '2012-01-01' } } }, worker.token);
    }
    const stored: string[] = (await h.t.db.query(`SELECT id FROM case_file WHERE lead_agency_id = $1`, [agency.id])).map((r: { id: string }) => r.id);
    const high: string[] = (await h.t.db.query(`SELECT id FROM case_file WHERE lead_agency_id = $1 AND risk_level = 'HIGH'`, [agency.id])).map((r: { id: string }) => r.id);
    expect([stored.length, high.length]).toEqual([23, 5]);

    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'caseworker-my-cases', async () => {
      await h.signIn(page, worker);
      await page.goto('/cases');
      const rows = page.getByTestId('my-cases').locator('tbody tr');
      const ids = async () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
      expect(await eventually(() => rows.count(), 20)).toBe(20);
      const first = await ids();
      await accessibleAtBothWidths(page);
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('Page 2').waitFor();
      expect(await eventually(() => rows.count(), 3)).toBe(3);
      const second = await ids();
      expect([...first, ...second].sort()).toEqual([...stored].sort());
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous page' }).click();
      expect(await eventually(ids, first)).toEqual(first);

      await page.getByRole('checkbox', { name: 'High', exact: true }).check();
      await page.getByText('Page 1').waitFor();
      expect(await eventually(async () => (await ids()).sort(), [...high].sort())).toEqual([...high].sort());
      expect(page.url()).toMatch(/\/cases$/);
      await accessibleAtBothWidths(page);
    });
    expect(problems).toEqual([]);
  }, JOURNEY_MS);

  it('refers to a suggested shelter: beds change live, sharing without consent is refused plainly, then the referral is sent', async () => {
    const { K, agencies, people } = cast;
    const here = agencies.SH.jurisdictionId;
    const name = `Harbor ${randomBytes(3).toString('hex')}`;
    const site = await directorySite(h.t, agencies.SH.id, { serviceType: 'EMERGENCY_SHELTER', available: 2, maximum: 4, jurisdictionId: here, name });
    const referrals = () => h.t.world.count('referral', 'case_id = $1', [K.id]);
    const before = await referrals();
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'caseworker-refer', async () => {
      await h.signIn(page, people.cw1);
      await page.goto(`/cases/${K.id}/refer`);
      const row = page.getByTestId('suggestions').locator(`tr[data-site="${site.serviceAtLocationId}"]`);
      const beds = row.getByTestId('beds');
      await row.waitFor();
      expect(await beds.textContent()).toContain('2 of 4 beds');
      await accessibleAtBothWidths(page);

      // The shelter changes its figure through the API; the worker announces it; the page follows without reload.
      await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));
      await h.t.gql.ok(UPDATE_CAPACITY, { s: site.serviceAtLocationId, available: 1, maximum: 4 }, people.sh1.token);
      const announce = () => h.t.app.get(CapacityChangedHandler).handle({ eventId: 'e', capacityId: site.capacityId!, reason: 'UPDATE' });
      const shown = await eventually(async () => {
        await announce();
        return (await beds.textContent())?.includes('1 of 4 beds') ?? false;
      }, true);
      expect(shown).toBe(true);
      expect(await page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

      await page.getByLabel('Service', { exact: true }).selectOption('EMERGENCY_SHELTER');
      await page.getByLabel('Urgency').selectOption('URGENT');
      await page.getByRole('checkbox', { name: /^Identity/ }).check();
      await page.getByLabel(/^Reason for the referral/).fill('needs a bed tonight');
      await row.getByRole('radio', { name: `Choose ${name}` }).check();
      await page.getByText(`The referral goes to ${agencies.SH.name}.`).waitFor();
      await page.getByRole('button', { name: 'Send the referral' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'No consent for this sharing' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain("The child's consent does not cover sharing identity with this agency, so nothing was sent.");
      expect(await referrals()).toBe(before);

      await page.getByRole('checkbox', { name: /^Identity/ }).uncheck();
      await page.getByRole('button', { name: 'Send the referral' }).click();
      await page.getByText('Referral sent').waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'Referral sent' }).textContent()).toMatch(new RegExp(`Sent to ${agencies.SH.name}.*\\d+ h( \\d+ min)? left`));
      const [sent] = await h.t.db.query(`SELECT to_agency_id, service_type, urgency, status, service_at_location_id, scopes FROM referral WHERE case_id = $1 AND sent_by = $2 ORDER BY created_at DESC LIMIT 1`, [K.id, people.cw1.id]);
      expect(sent).toMatchObject({ to_agency_id: agencies.SH.id, service_type: 'EMERGENCY_SHELTER', urgency: 'URGENT', status: 'REQUESTED', service_at_location_id: site.serviceAtLocationId, scopes: [] });
      expect(await referrals()).toBe(before + 1);
    });
    expect(problems).toEqual([]);
  }, JOURNEY_MS);

  it('gives a screening drawn from the instrument: without assent it is refused and nothing is kept; then scored and shown', async () => {
    const { people } = cast;
    const created = await h.t.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: 'Sam Screened Example', dateOfBirth: '2011-02-03' } } }, people.cw1.token);
    const caseId: string = created.createCase.id;
    const screenings = () => h.t.world.count('screening', 'case_id = $1', [caseId]);
    clockAheadOfBrowser();
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'caseworker-screening', async () => {
      await h.signIn(page, people.cw1);
      await page.goto(`/cases/${caseId}/screening`);
      await page.getByRole('heading', { name: 'Questions' }).waitFor();
      await accessibleAtBothWidths(page);
      const answer = async (question: RegExp, choice: string) => page.getByRole('radiogroup', { name: question }).getByRole('radio', { name: choice, exact: true }).check();
      await answer(/run away/, 'Yes');
      await answer(/cannot explain/, 'Yes');
      await answer(/older partner/, 'No');
      await answer(/something sexual/, 'No');
      await answer(/motels/, 'Declined to answer');
      await answer(/alcohol or drugs/, 'Never');
      await page.getByLabel('How it is given').selectOption('INTERVIEW');
      await page.getByRole('button', { name: 'Score and record the screening' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'The screening was not recorded' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('input.assent must be true');
      expect(await screenings()).toBe(0);

      await page.getByRole('checkbox', { name: 'The young person agreed to be screened' }).check();
      await page.getByRole('button', { name: 'Score and record the screening' }).click();
      const result = page.getByTestId('screening-result');
      await result.waitFor();
      const [row] = await h.t.db.query(`SELECT score::float AS score, max_score::float AS max, outcome, missing_count, case_risk_after FROM screening WHERE case_id = $1`, [caseId]);
      expect(row).toMatchObject({ score: 2, outcome: 'POSITIVE', missing_count: 1, case_risk_after: 'ELEVATED' });
      const text = await result.textContent();
      expect(text).toContain(`score 2 of ${row.max} — positive (Positive: elevated)`);
      expect(text).toContain('1 item(s) declined or not known');
      // 72 hours for an elevated result: shown as days once over 48 hours.
      expect(text).toMatch(/A follow-up referral is due:\s*(2 days|7[12] h( \d+ min)?) left/);
      await accessibleAtBothWidths(page);
    });
    expect(problems).toEqual([]);
  }, JOURNEY_MS);

  it('records a missing episode, its reports with their deadlines counting down, the return, and a victim report', async () => {
    const { agencies, people } = cast;
    const created = await h.t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Alex Missing Example', dateOfBirth: '2010-07-08' } } }, people.cw1.token);
    const caseId: string = created.createCase.id;
    clockAheadOfBrowser();
    await h.t.gql.ok(SET_FLAG, { caseId, flag: 'TRAFFICKING_VICTIM' }, people.cw1.token);
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'caseworker-missing', async () => {
      await h.signIn(page, people.cw1);
      await page.goto(`/cases/${caseId}/missing`);
      await page.getByRole('heading', { name: 'The child is missing' }).waitFor();
      await accessibleAtBothWidths(page);

      // A time the child went missing after the agency learned of it is refused, and nothing is kept.
      await page.getByLabel(/^Missing since/).fill(await localMinutesAgo(page, -5));
      await page.getByRole('button', { name: 'Record the missing episode' }).click();
      await page.getByRole('alert').filter({ hasText: 'Not recorded' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: 'Not recorded' }).textContent()).toMatch(/input\.(missingSince|learnedAt)/);
      expect(await h.t.world.count('missing_episode', 'case_id = $1', [caseId])).toBe(0);

      await page.getByLabel(/^Missing since/).fill(await localMinutesAgo(page, 180));
      await page.getByLabel('Last seen where').fill('Bus station');
      await page.getByRole('button', { name: 'Record the missing episode' }).click();
      const episode = page.getByTestId('missing-episode');
      await episode.waitFor();
      const duty = (kind: string) => episode.getByTestId('duties').locator(`tr[data-kind="${kind}"]`);
      await duty('MISSING_REPORT_LE').waitFor();
      expect(await duty('MISSING_REPORT_LE').textContent()).toMatch(/Report to law enforcementnot yet2\d h( \d+ min)? left/);
      expect(await duty('MISSING_REPORT_NCMEC').textContent()).toMatch(/2\d h( \d+ min)? left/);
      const [stored] = await h.t.db.query(`SELECT id FROM missing_episode WHERE case_id = $1`, [caseId]);
      const clocks = async () =>
        Object.fromEntries((await h.t.db.query(`SELECT kind, status FROM deadline WHERE subject_id = $1 ORDER BY kind`, [stored.id])).map((r: { kind: string; status: string }) => [r.kind, r.status]));
      expect(await clocks()).toEqual({ MISSING_REPORT_LE: 'PENDING', MISSING_REPORT_NCMEC: 'PENDING' });
      await accessibleAtBothWidths(page);

      await episode.getByLabel('Report made to').selectOption('LAW_ENFORCEMENT');
      await episode.getByLabel(/^Report number/).fill('LE-2026-0077');
      await episode.getByLabel('Receiving law-enforcement agency').selectOption({ label: agencies.PD.name });
      await episode.getByRole('button', { name: 'Record the report' }).click();
      await duty('MISSING_REPORT_LE').filter({ hasText: 'LE-2026-0077' }).waitFor();
      expect(await duty('MISSING_REPORT_LE').textContent()).toContain('Met');
      const [report] = await h.t.db.query(`SELECT reported_to, receiving_agency_id FROM missing_report WHERE episode_id = $1`, [stored.id]);
      expect(report).toMatchObject({ reported_to: 'LAW_ENFORCEMENT', receiving_agency_id: agencies.PD.id });
      expect(await clocks()).toEqual({ MISSING_REPORT_LE: 'MET', MISSING_REPORT_NCMEC: 'PENDING', NCIC_ENTRY: 'PENDING' });

      await episode.getByRole('button', { name: 'Record the return' }).click();
      await duty('RETURN_INTERVIEW').waitFor();
      expect(await duty('RETURN_INTERVIEW').textContent()).toMatch(/left/);
      expect((await clocks()).RETURN_INTERVIEW).toBe('PENDING');

      const victim = page.getByTestId('victim-report');
      expect(await victim.textContent()).toMatch(/Deadline:\d+ h( \d+ min)? left/);
      await victim.getByLabel(/^Law-enforcement report number/).fill('LE-2026-0078');
      await victim.getByRole('button', { name: 'Record the victim report' }).click();
      await victim.getByText('The report to law enforcement is recorded.').waitFor();
      expect(await h.t.world.count('victim_report', 'case_id = $1', [caseId])).toBe(1);
      const [victimClock] = await h.t.db.query(`SELECT status FROM deadline WHERE case_id = $1 AND kind = 'VICTIM_REPORT_LE'`, [caseId]);
      expect(victimClock.status).toBe('MET');
      await accessibleAtBothWidths(page);
    });
    expect(problems).toEqual([]);
  }, JOURNEY_MS);
});

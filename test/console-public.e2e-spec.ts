import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AgencyType, Role } from '@tandem/authz';
import { normalizeFollowUpCode, TipHashes } from '@tandem/tips';
import { browserTraces, ConsoleHarness, DESKTOP, eventually, journey, pageLanguage, PHONE, seriousViolations, startConsole } from './support/console';
import { parseCsv } from './support/csv';
import { directorySite } from './support/directory-fixtures';
import { TIP, TIP_ENV, TRIAGE_TIP } from './support/tip-fixtures';

// The public pages, without signing in, in English and Spanish: a tip sent in the browser with its
// proof of work and its follow-up code shown once, the tip's status and an addition by that code,
// the warning signs, the public directory, the published statistics with suppressed cells marked,
// and no serious accessibility violation on any of them, at a desk and on a phone.

const PUBLISH = `mutation($from: String!, $to: String!) { publishStatistics(from: $from, to: $to) { id } }`;
const PAGES = ['/public/warning-signs', '/public/tip', '/public/tip-status', '/public/directory', '/public/statistics'];

describe('console: the public pages', () => {
  let h: ConsoleHarness;
  /** This run's mark, in names, apart from other suites' rows. */
  const p = `c${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    h = await startConsole({ ...TIP_ENV, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('sends a tip from the browser with its proof of work, shows the code once, and that code follows the tip up', async () => {
    const county = `Console Tip County ${p}`;
    const jurisdiction = await h.t.world.jurisdiction(county);
    const police = await h.t.world.agency(AgencyType.LAW_ENFORCEMENT, jurisdiction.id);
    const liaison = await h.t.world.user(Role.STAFF, police.id);
    const { page, problems } = await h.open('/public/tip');
    const code = await journey(page, 'public-tip-submit', async () => {
      await page.getByRole('heading', { name: 'Report a concern', level: 2 }).waitFor();
      await page.getByLabel('A child may be in danger right now').check();
      await page.getByTestId('call-911').getByText('Call 911 first').waitFor();
      expect(await page.getByTestId('call-911').getByRole('link', { name: 'Call 911' }).getAttribute('href')).toBe('tel:911');
      await page.getByLabel('A child may be in danger right now').uncheck();
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.getByText('Choose where it happened.').waitFor();
      await page.getByLabel(/^Where it happened/).selectOption({ label: county });
      await page.getByLabel(/^What you saw or heard/).fill('Two girls of about 15 brought to a motel room by an older man.');
      await page.getByLabel('Address or landmark').fill('Sunset Motel, Route 9');
      await page.getByLabel('It is still going on').check();
      await page.getByRole('button', { name: 'Add a person' }).click();
      await page.getByLabel(/^Person 1: Approximate age/).fill('15');
      await page.getByLabel(/^Person 1: What they look like/).fill('Girl, red jacket');
      await page.getByLabel(/^Vehicles/).fill('Silver minivan\nplate starting 4KX');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Send the report' }).click();
      const shown = page.getByTestId('follow-up-code');
      await shown.waitFor();
      await page.getByText('Write it down now: it is shown only this once').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      const followUp = (await shown.textContent())!.trim();
      expect(followUp.split('-')).toHaveLength(6);
      const traces = await browserTraces(page);
      for (const form of [followUp, followUp.replace(/-/g, ' '), followUp.split('-').slice(0, 3).join('-')]) expect(traces).not.toContain(form);
      await page.getByRole('button', { name: 'I wrote it down' }).click();
      await page.getByText('The code is no longer shown on this page.').waitFor();
      expect(await page.getByTestId('follow-up-code').count()).toBe(0);
      expect(await page.content()).not.toContain(followUp);
      return followUp;
    });
    expect(problems).toEqual([]);

    // The tip is there, under that code, with what the form said.
    const hash = new TipHashes(h.t.config.values.TIP_CODE_KEY).code(normalizeFollowUpCode(code)!);
    const [row] = await h.t.db.query(`SELECT id, status, jurisdiction_id AS "jurisdictionId", danger_now AS "dangerNow", ongoing FROM tip WHERE code_hash = $1`, [hash]);
    expect(row).toMatchObject({ status: 'NEW', jurisdictionId: jurisdiction.id, dangerNow: false, ongoing: true });
    const token = await h.t.signIn(liaison);
    const { tip } = await h.t.gql.ok(TIP, { id: row.id }, token);
    expect(tip).toMatchObject({ place: 'Sunset Motel, Route 9', people: [{ approximateAge: 15, description: 'Girl, red jacket' }], vehicles: ['Silver minivan', 'plate starting 4KX'], contact: null });
    // Under review: a wrong code would answer "received", so the page shows this tip's own status.
    await h.t.gql.ok(TRIAGE_TIP, { input: { tipId: row.id, action: 'REVIEW', expectedVersion: tip.version } }, token);

    const status = await h.open('/public/tip-status', DESKTOP);
    await journey(status.page, 'public-tip-status', async () => {
      const { page } = status;
      await page.getByLabel(/^Follow-up code/).fill(code);
      await page.getByRole('button', { name: 'See the status' }).click();
      await page.getByTestId('tip-progress').waitFor();
      expect(await page.getByTestId('tip-progress').getAttribute('data-progress')).toBe('UNDER_REVIEW');
      expect(await page.getByTestId('tip-progress').textContent()).toContain('Under review');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel(/^What you learned since/).fill('The van came back at 2am.');
      await page.getByRole('button', { name: 'Add to the report' }).click();
      await page.getByText('Added to your report.').waitFor();
      expect(await browserTraces(page)).not.toContain(code);
      await page.getByRole('button', { name: 'Clear the code from this page' }).click();
      expect(await page.getByLabel(/^Follow-up code/).inputValue()).toBe('');
    });
    expect(status.problems).toEqual([]);
    const additions = await h.t.db.query(`SELECT count(*)::int AS n FROM tip_addition WHERE tip_id = $1`, [row.id]);
    expect(additions).toEqual([{ n: 1 }]);
  }, 120_000);

  it('shows the warning signs of an audience with their sources, in English and then in Spanish', async () => {
    const { page, problems } = await h.open('/public/warning-signs');
    await journey(page, 'public-warning-signs', async () => {
      await page.getByLabel('Who you are').selectOption({ label: 'Teachers and school staff' });
      await page.getByRole('heading', { name: 'Stopped going to school' }).waitFor();
      const signs = page.getByTestId('warning-signs');
      expect(await signs.textContent()).toMatch(/Source: U\.S\. Department of/);
      expect(await signs.textContent()).toMatch(/License: Public domain/);
      expect(await signs.textContent()).toMatch(/Written or checked on \d{4}-\d{2}-\d{2}/);
      expect(await page.getByTestId('what-to-do').getByRole('link', { name: 'Report a concern' }).count()).toBeGreaterThan(0);
      await page.getByText('Español').click();
      await page.getByRole('heading', { name: 'Dejó de ir a la escuela' }).waitFor();
      expect(await pageLanguage(page)).toBe('es');
      expect(await page.getByLabel('Quién es usted').inputValue()).toBe('EDUCATORS');
      expect(await signs.textContent()).toMatch(/Fuente: .*Licencia: /);
      await page.getByTestId('what-to-do').getByRole('link', { name: 'Buscar una línea de ayuda' }).first().click();
      await page.waitForURL('**/public/directory');
      expect(await page.getByLabel('Tipo de servicio').inputValue()).toBe('HOTLINE');
    });
    expect(problems).toEqual([]);
  });

  it('lists a public hotline in the directory, never a confidential site, with filters kept out of the address', async () => {
    const agency = await h.t.world.agency(AgencyType.SHELTER);
    const listed = await directorySite(h.t, agency.id, { serviceType: 'HOTLINE', name: `Console Hotline ${p}`, available: null });
    const hidden = await directorySite(h.t, agency.id, { serviceType: 'HOTLINE', name: `Console Hidden ${p}`, available: null, confidential: true });
    await h.t.db.query(`UPDATE directory.service SET public = true, description = 'Answers day and night' WHERE id = ANY($1::text[])`, [[listed.serviceId, hidden.serviceId]]);
    await h.t.db.query(`INSERT INTO directory.phone (id, service_id, number) VALUES (gen_random_uuid()::text, $1, '1-800-555-0199')`, [listed.serviceId]);
    const { page, problems } = await h.open('/public/directory', PHONE);
    await journey(page, 'public-directory', async () => {
      await page.getByLabel('Words to search for').fill(p);
      await page.getByLabel('Kind of service').selectOption('HOTLINE');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('heading', { name: `Console Hotline ${p}` }).waitFor();
      const names = await eventually(async () => (await page.getByTestId('resource').getByRole('heading').allTextContents()).sort(), [`Console Hotline ${p}`]);
      expect(names).toEqual([`Console Hotline ${p}`]);
      expect(await page.getByTestId('resources').textContent()).not.toContain(`Console Hidden ${p}`);
      expect(await page.getByTestId('resources').textContent()).toContain('Hotline');
      expect(await page.getByRole('link', { name: '1-800-555-0199' }).getAttribute('href')).toBe('tel:18005550199');
      expect(page.url()).not.toContain(p);
      expect(await browserTraces(page)).not.toContain(p);
      expect(await seriousViolations(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  });

  it('shows a published release with its period, rules and charts, a suppressed cell marked as suppressed and not 0', async () => {
    const few = await h.t.world.jurisdiction(`Console Few ${p}`);
    const many = await h.t.world.jurisdiction(`Console Many ${p}`);
    const more = await h.t.world.jurisdiction(`Console More ${p}`);
    for (const [jurisdiction, count] of [[few, 3], [many, 14], [more, 25]] as const) {
      const agency = await h.t.world.agency(AgencyType.CHILD_WELFARE, jurisdiction.id);
      const staff = await h.t.world.user(Role.STAFF, agency.id);
      await h.t.db.query(
        `WITH made AS (
           INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by)
           SELECT 'PUB-' || gen_random_uuid(), $1, $2, $3 FROM generate_series(1, $4) RETURNING id)
         INSERT INTO missing_episode (case_id, missing_since, learned_at, recorded_by, agency_id, returned_at)
         SELECT id, '2024-05-10T08:00:00Z', '2024-05-10T08:00:00Z', $3, $2, '2024-05-11T08:00:00Z' FROM made`,
        [jurisdiction.id, agency.id, staff.id, count],
      );
    }
    const supervisor = await h.t.world.user(Role.SUPERVISOR, (await h.t.world.agency(AgencyType.CHILD_WELFARE, many.id)).id);
    const { publishStatistics: release } = await h.t.gql.ok(PUBLISH, { from: '2024-05', to: '2024-06' }, await h.t.signIn(supervisor));

    const { page, problems } = await h.open('/public/statistics');
    await journey(page, 'public-statistics', async () => {
      // The newest release is shown at once, with its downloads (whose group's name holds the word "release" too).
      await page.getByRole('group', { name: 'Download the release' }).waitFor();
      await page.getByLabel('Release', { exact: true }).selectOption(release.id);
      await page.locator(`[data-testid="statistics-release"][data-release="${release.id}"]`).waitFor();
      await page.getByRole('heading', { name: 'How the figures are protected' }).waitFor();
      const table = page.getByTestId('statistics-table').filter({ hasText: `Console Few ${p}` }).first();
      expect(await table.textContent()).toContain('Period: 2024-05 – 2024-06');
      const fewRow = table.getByRole('row').filter({ hasText: `Console Few ${p}` });
      expect(await fewRow.locator('[data-suppressed="true"]').count()).toBeGreaterThan(0);
      expect(await fewRow.textContent()).toContain('suppressed');
      expect(await fewRow.textContent()).not.toMatch(/\b0\b|\b3\b/);
      // The next smallest row is suppressed too, so that the small one cannot be worked out from the total; the rest are published.
      const published = await page.getByRole('row').filter({ hasText: new RegExp(`Console (Many|More) ${p}`) }).allTextContents();
      expect(published.some((text) => /(14|25)/.test(text.replace(`Console Many ${p}`, '').replace(`Console More ${p}`, '')))).toBe(true);
      expect(await page.locator('.recharts-surface').count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      // The release as a spreadsheet: the small row's figures are suppressed there too, with no value.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV (spreadsheets)' }).click()]);
      expect(csv.suggestedFilename()).toBe('tandem-statistics-2024-05-to-2024-06.csv');
      const [header, ...lines] = parseCsv(readFileSync((await csv.path())!, 'utf8'));
      expect(header).toEqual(['measure', 'title', 'period', 'row_dimension', 'row', 'column_dimension', 'column', 'value', 'suppressed', 'share', 'median_hours']);
      const few = lines.filter((line) => line[4] === `Console Few ${p}`);
      expect(few.length).toBeGreaterThan(0);
      expect(few.some((line) => line[8] === 'true')).toBe(true);
      // A suppressed figure has no value; a published one is 0 or at least the minimum cell of 11.
      expect(few.filter((line) => (line[8] === 'true' ? line[7] !== '' : Number(line[7]) > 0 && Number(line[7]) < 11))).toEqual([]);
      const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
      expect(JSON.parse(readFileSync((await json.path())!, 'utf8'))).toMatchObject({ id: release.id, from: '2024-05', to: '2024-06' });
      await page.getByText('Español').click();
      await page.getByRole('heading', { name: 'Cómo se protegen las cifras' }).waitFor();
      expect(await fewRow.textContent()).toContain('suprimido');
    });
    expect(problems).toEqual([]);
    const [stored] = await h.t.db.query(`SELECT kind FROM statistics.release WHERE id = $1`, [release.id]);
    expect(stored).toEqual({ kind: 'MANUAL' });
  }, 120_000);

  it('has no serious accessibility violation on any public page, at a desk and on a phone, in English and in Spanish', async () => {
    const found: Record<string, unknown[]> = {};
    for (const path of PAGES) {
      const { page, problems, context } = await h.open(path, DESKTOP);
      await journey(page, `public-axe-${path.split('/').pop()}`, async () => {
        const settled = async (loading: string) => {
          await page.getByRole('heading', { level: 2 }).waitFor();
          await page.getByText(loading).waitFor({ state: 'detached' });
        };
        const check = async (language: 'en' | 'es', viewport: { width: number; height: number }) => {
          await page.setViewportSize(viewport);
          await page.getByText(language === 'es' ? 'Español' : 'English', { exact: true }).click();
          expect(await eventually(() => pageLanguage(page), language)).toBe(language);
          await settled(language === 'es' ? 'Cargando…' : 'Loading…');
          found[`${path} ${viewport.width} ${language}`] = await seriousViolations(page);
        };
        await check('en', DESKTOP);
        await check('es', DESKTOP);
        await check('es', PHONE);
        await check('en', PHONE);
      });
      expect({ path, problems }).toEqual({ path, problems: [] });
      await context.close();
    }
    expect(Object.keys(found)).toHaveLength(PAGES.length * 4);
    expect(Object.entries(found).filter(([, violations]) => violations.length)).toEqual([]);
  }, 150_000);
});

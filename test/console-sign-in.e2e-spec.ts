import { Role } from '@tandem/authz';
import { policyCast, RECORD_CONSENT } from './support/case-fixtures';
import { browserTraces, ConsoleHarness, DESKTOP, eventually, journey, pageLanguage, PHONE, seriousViolations, startConsole } from './support/console';

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;

describe('console: signing in, the session, the frame', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsole();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('serves the console at / with its content policy and idle limit, and leaves the API paths to the API', async () => {
    const page = await fetch(`${h.url}/cases/some-page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain('name="tandem-idle-minutes" content="30"');
    expect(html).not.toContain('%TANDEM_IDLE_MINUTES%');
    const health = await fetch(`${h.url}/health/live`, { headers: { accept: 'text/html' } });
    expect(health.headers.get('content-type')).toContain('application/json');
    const graphql = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await graphql.json()).toMatchObject({ data: { __typename: 'Query' } });
    const missingAsset = await fetch(`${h.url}/assets/nothing-here.js`);
    expect(missingAsset.status).toBe(404);
    expect(await missingAsset.text()).toBe('Not found');
    const asset = html.match(/\/assets\/[^"]+\.js/)![0];
    const script = await fetch(`${h.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });

  it('a shelter caseworker signs in and finds the inbox, overdue first, with nothing personal left in the browser', async () => {
    const { K, agencies, people } = await policyCast(h.t);
    await h.t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter' } }, people.cw1.token);
    const input = { caseId: K.id, toAgencyId: agencies.SH.id, urgency: 'URGENT', scopes: ['IDENTITY', 'LOCATION'], reason: 'needs a bed tonight' };
    const soon = await h.t.gql.ok(CREATE_REFERRAL, { input: { ...input, serviceType: 'EMERGENCY_SHELTER' } }, people.cw1.token);
    const late = await h.t.gql.ok(CREATE_REFERRAL, { input: { ...input, serviceType: 'COUNSELING' } }, people.cw1.token);
    await h.t.db.query(`UPDATE referral SET response_due_at = now() - interval '2 hours' WHERE id = $1`, [late.createReferral.id]);
    expect(soon.createReferral.id).toBeTruthy();

    const { page, problems } = await h.open('/inbox');
    await journey(page, 'caseworker-inbox', async () => {
      await page.waitForURL('**/sign-in');
      await h.signIn(page, people.sh1);
      await page.waitForURL('**/inbox');
      const rows = page.getByTestId('inbox').locator('tbody tr');
      expect(await eventually(() => rows.count(), 2)).toBe(2);
      expect(await rows.nth(0).textContent()).toContain('overdue by 2 h');
      expect(await rows.nth(0).textContent()).toContain('counseling');
      expect(await rows.nth(1).textContent()).toContain('emergency shelter');
      expect(await rows.nth(1).textContent()).toMatch(/\d+ h( \d+ min)? left/);
      expect(await page.title()).toBe('Inbox · Tandem');
      const traces = await browserTraces(page);
      expect(traces).not.toContain(people.sh1.email);
      expect(traces).not.toContain('Jordan');
      expect(traces).not.toMatch(/eyJ/); // no token readable by a script
      expect(await seriousViolations(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  });

  it('asks a supervisor for the second factor, keeps the session over a reload, and signing out ends it on the server', async () => {
    const agency = await h.t.world.agency('CHILD_WELFARE' as never);
    const supervisor = await h.t.world.user(Role.SUPERVISOR, agency.id);
    expect(supervisor.totpSecret).toBeTruthy();
    const { page, context, problems } = await h.open('/sign-in');
    await journey(page, 'supervisor-mfa', async () => {
      await h.signIn(page, supervisor);
      await page.waitForURL('**/inbox');
      const cookies = await context.cookies();
      const refresh = cookies.find((c) => c.httpOnly && c.path === '/graphql');
      expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      await page.reload();
      await page.getByTestId('viewer-name').waitFor();
      expect(page.url()).toContain('/inbox');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await page.getByText('You are signed out.').waitFor();
      // The page forgets the session at once and then tells the server, which ends it a moment later.
      const open = async () => (await h.t.db.query(`SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS open FROM auth_session WHERE user_id = $1`, [supervisor.id]))[0].open as number;
      expect(await eventually(open, 0)).toBe(0);
      expect((await context.cookies()).filter((c) => c.path === '/graphql')).toEqual([]);
      await page.goto('/inbox');
      await page.waitForURL('**/sign-in');
    });
    expect(problems).toEqual([]);
  });

  it('signs out after the idle limit without activity, and the session ends on the server', async () => {
    const agency = await h.t.world.agency('SHELTER' as never);
    const staff = await h.t.world.user(Role.STAFF, agency.id);
    const { page, context } = await h.open('/sign-in');
    await page.clock.install();
    await journey(page, 'idle-lock', async () => {
      await h.signIn(page, staff);
      await page.waitForURL('**/inbox');
      await page.clock.fastForward('29:00');
      await page.clock.runFor(10_000);
      expect(page.url()).toContain('/inbox');
      await page.clock.fastForward('02:00');
      await page.clock.runFor(10_000);
      await page.waitForURL('**/sign-in');
      await page.getByText('You were signed out after a time without activity.').waitFor();
      const open = async () => (await h.t.db.query(`SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1 AND revoked_at IS NULL`, [staff.id]))[0].n as number;
      expect(await eventually(open, 0)).toBe(0);
      expect((await context.cookies()).filter((c) => c.path === '/graphql')).toEqual([]);
    });
  });

  it('signs in and reaches the page content with the keyboard alone', async () => {
    const agency = await h.t.world.agency('SHELTER' as never);
    const staff = await h.t.world.user(Role.STAFF, agency.id);
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'keyboard-sign-in', async () => {
      await page.getByLabel('Email').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type(staff.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(staff.password);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/inbox');
      await page.getByTestId('viewer-name').waitFor({ state: 'attached' });
      // The first key stop of a signed-in page is the link that skips the header and the menu.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('main');
    });
    expect(problems).toEqual([]);
  });

  it('refuses a wrong password with a plain message and changes nothing', async () => {
    const agency = await h.t.world.agency('SHELTER' as never);
    const staff = await h.t.world.user(Role.STAFF, agency.id);
    const { page } = await h.open('/sign-in', PHONE);
    await journey(page, 'wrong-password', async () => {
      await page.getByLabel('Email').fill(staff.email);
      await page.getByLabel(/^Password/).fill('not-the-password-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/Not signed in/);
      expect(page.url()).toContain('/sign-in');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('shows the public start page in English and Spanish, accessible at a desk and on a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, problems } = await h.open('/', viewport);
      await journey(page, `public-home-${viewport.width}`, async () => {
        await page.getByRole('heading', { name: 'Help for children at risk of trafficking' }).waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByText('Español').click();
        await page.getByRole('heading', { name: 'Ayuda para niños en riesgo de trata' }).waitFor();
        expect(await pageLanguage(page)).toBe('es');
        expect(await seriousViolations(page)).toEqual([]);
      });
      expect(problems).toEqual([]);
    }
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AgencyType, Role } from '@tandem/authz';
import { NotificationCreatedHandler, NotificationService } from '@tandem/notifications';
import type { WorldUser } from '@tandem/testing';
import type { Page } from 'playwright-core';
import { ConsoleHarness, DESKTOP, eventually, journey, PHONE, seriousViolations, startConsole } from './support/console';
import { directoryFiles } from './support/directory-package';

// The auditor's, the administrators' and everyone's own pages of the console, driven in Chromium:
// each journey ends on what the page shows and on the rows it changed.

/**
 * Serious accessibility violations of the page at a desk and on a phone, the page left at desk
 * width; the pointer is moved off the link or button it last clicked, whose hover state is not the page's.
 */
async function violationsAtBothWidths(page: Page): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.mouse.move(size.width - 2, size.height - 2);
    found.push(...(await seriousViolations(page)));
  }
  await page.setViewportSize(DESKTOP);
  return found;
}

/** Capital letters only, as a jurisdiction code must be. */
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');

describe('console: auditors, administrators and the account pages', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsole();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('an agency administrator creates a user, who must choose their own password at the first sign-in', async () => {
    const agency = await h.t.world.agency(AgencyType.CHILD_WELFARE);
    const admin = await h.t.world.user(Role.AGENCY_ADMIN, agency.id);
    const email = `new-${randomBytes(4).toString('hex')}@tandem.test`;
    const { page, problems } = await h.open('/sign-in');
    const password = await journey(page, 'admin-create-user', async () => {
      await h.signIn(page, admin);
      await page.waitForURL('**/manage/users');
      await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);
      await page.getByLabel('Name').fill('Robin Newcomer');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Role').selectOption('SUPERVISOR');
      await page.getByRole('button', { name: 'Create user' }).click();
      const shown = (await page.getByTestId('temporary-password').textContent())!;
      expect(shown).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
      expect(await violationsAtBothWidths(page)).toEqual([]);
      await page.getByRole('button', { name: 'Done: hide the password' }).click();
      const row = page.getByTestId('users').locator('tbody tr', { hasText: email });
      await row.waitFor();
      expect(await row.textContent()).toContain('temporary password');
      expect(await page.getByText(shown).count()).toBe(0);
      return shown;
    });
    const [created] = await h.t.db.query(`SELECT role, agency_id AS "agencyId", password_temporary AS temporary, active FROM app_user WHERE email = $1`, [email]);
    expect(created).toEqual({ role: 'SUPERVISOR', agencyId: agency.id, temporary: true, active: true });
    expect(problems).toEqual([]);

    // The new supervisor needs a second factor too; the world enrols it so that the sign-in can answer it.
    const [{ id }] = await h.t.db.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
    const totpSecret = await h.t.world.enrolSecondFactor(id, email);
    const second = await h.open('/sign-in');
    await journey(second.page, 'new-user-first-sign-in', async () => {
      await h.signIn(second.page, { email, password, totpSecret });
      await second.page.getByRole('heading', { name: 'Before you start' }).waitFor();
      await second.page.getByText('Your password was set by an administrator').waitFor();
      await second.page.getByLabel('Current password').fill(password);
      await second.page.getByLabel(/^New password(?! again)/).fill('A-password-of-my-own-42');
      await second.page.getByLabel('New password again').fill('A-password-of-my-own-42');
      await second.page.getByRole('button', { name: 'Change password' }).click();
      await second.page.getByRole('button', { name: 'Continue' }).click();
      await second.page.getByRole('heading', { name: 'Before you start' }).waitFor({ state: 'detached' });
    });
    const [changed] = await h.t.db.query(`SELECT password_temporary AS temporary FROM app_user WHERE email = $1`, [email]);
    expect(changed.temporary).toBe(false);
    expect(second.problems).toEqual([]);
  });

  it('an auditor searches the audit trail, exports it as CSV, and reads the chains verified', async () => {
    const auditor = await h.t.world.user(Role.AUDITOR, null);
    const agency = await h.t.world.agency(AgencyType.SHELTER);
    const admin = await h.t.world.user(Role.AGENCY_ADMIN, agency.id);
    // Something to find: the administrator creates a user through the API.
    const token = await h.t.signIn(admin);
    await h.t.gql.ok(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { displayName: 'Sam Audited', email: `audited-${randomBytes(4).toString('hex')}@tandem.test`, role: 'STAFF', agencyId: agency.id, password: 'Temporary-password-77' } }, token);

    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'auditor-search-export', async () => {
      await h.signIn(page, auditor);
      await page.waitForURL('**/audit');
      await page.getByTestId('audit-events').waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);
      await page.getByLabel('Action').fill('user_create');
      await page.getByLabel('Agency of the actor').selectOption(agency.id);
      await page.getByRole('button', { name: 'Search' }).click();
      const rows = page.getByTestId('audit-events').locator('tbody tr');
      expect(await eventually(async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-action')), 'USER_CREATE')).toBe('USER_CREATE');
      expect(await rows.first().textContent()).toContain(agency.name);

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export these events as CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^audit-events-\d{8}T\d{6}Z\.csv$/);
      const csv = await readFile((await file.path())!, 'utf8');
      const lines = csv.trim().split('\n');
      expect(lines[0]).toMatch(/^id,occurred_at,actor_type,/);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('USER_CREATE');
      await page.getByTestId('export-done').waitFor();
      expect(page.url()).not.toContain('USER_CREATE');
    });
    const [exported] = await h.t.db.query(`SELECT details FROM audit_event WHERE actor_user_id = $1 AND action = 'EXPORT' ORDER BY occurred_at DESC LIMIT 1`, [auditor.id]);
    expect(exported.details).toEqual({ view: 'exportAuditEvents', filter: { action: 'USER_CREATE', actorAgencyId: agency.id }, rowCount: 1 });

    await journey(page, 'auditor-chain', async () => {
      await page.getByRole('link', { name: 'Chain verification' }).click();
      await page.getByTestId('chain-status').waitFor();
      const [verified] = await h.t.db.query(`SELECT details FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VERIFY' ORDER BY occurred_at DESC LIMIT 1`, [auditor.id]);
      expect(await page.getByTestId('figure-events-checked').textContent()).toBe(verified.details.events.toLocaleString('en-US'));
      expect(await page.getByTestId('chain-status').getAttribute('data-intact')).toBe(verified.details.broken === 0 ? 'true' : 'false');
      expect(await violationsAtBothWidths(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  });

  it('a system administrator creates a jurisdiction and an agency in it, and reads users and the directory', async () => {
    const sysadmin = await h.t.world.user(Role.SYSTEM_ADMIN, null);
    const code = letters(5);
    const county = `Browser County ${code}`;
    const agencyName = `Harbor Shelter ${code}`;
    // A directory package of the new agency, its ids and names its own in the shared database.
    const ownPackage = Object.fromEntries(
      Object.entries(directoryFiles(code, agencyName)).map(([file, text]) => [
        file,
        text
          .replace(/\b(org|svc|loc|addr|sal|sch|ph|con|area|cap)-/g, `${code.toLowerCase()}-$1-`)
          .replace(/Harbor House|Safe Line/g, (name) => `${name} ${code}`)
          // The unit of beds too: other suites' fixtures keep a unit `bed` of their own.
          .replace(/^bed,Bed,$/m, `${code.toLowerCase()}-bed,Bed,`)
          .replace(/,bed,(\d)/, `,${code.toLowerCase()}-bed,$1`),
      ]),
    );
    const organizations = async () => (await h.t.db.query(`SELECT count(*)::int AS n FROM directory.organization WHERE id LIKE $1`, [`${code.toLowerCase()}-%`]))[0].n as number;
    const { page, problems } = await h.open('/sign-in');
    await journey(page, 'sysadmin-jurisdiction-agency', async () => {
      await h.signIn(page, sysadmin);
      await page.waitForURL('**/manage/agencies');
      await page.getByRole('link', { name: 'Jurisdictions' }).click();
      await page.getByRole('heading', { name: 'Jurisdictions', level: 2 }).waitFor();
      await page.getByLabel('Name').fill(county);
      await page.getByLabel('Code').fill(code);
      await page.getByRole('button', { name: 'Create jurisdiction' }).click();
      await page.getByText(`${county} (${code}) was created`).waitFor();
      await page.getByTestId('jurisdictions').getByText(county).waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);

      await page.getByRole('link', { name: 'Agencies' }).click();
      await page.getByRole('heading', { name: 'Agencies', level: 2 }).waitFor();
      await page.getByLabel('Name').fill(agencyName);
      await page.getByLabel('Type').selectOption('SHELTER');
      await page.getByLabel('Jurisdiction').selectOption({ label: `${county} (${code})` });
      await page.getByLabel('Contact phone').fill('+1 314 555 0100');
      await page.getByRole('button', { name: 'Create agency' }).click();
      await page.getByText(`${agencyName} was created`).waitFor();
      await page.getByTestId('agencies').getByText(agencyName).waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);

      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
      await page.getByTestId('users').waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);

      await page.getByRole('link', { name: 'Directory imports' }).click();
      await page.getByRole('heading', { name: 'Import a package' }).waitFor();
      await page.getByText('npm run cli -- directory:import ./package-folder').waitFor();
      expect(await violationsAtBothWidths(page)).toEqual([]);

      // A package with a bad row: every problem named by file and line, and nothing written.
      const choose = (files: Record<string, string>) =>
        page.locator('input[type=file]').setInputFiles(Object.entries(files).map(([name, text]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })));
      const broken = { ...ownPackage, 'services.csv': ownPackage['services.csv']!.replace('EMERGENCY_SHELTER', 'CASTLE') };
      await choose(broken);
      await page.getByRole('button', { name: 'Check and import' }).click();
      const refused = page.getByTestId('import-problems');
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/nothing was imported.*services\.csv:2 \[service_type\]/);
      expect(await organizations()).toBe(0);
      expect(await violationsAtBothWidths(page)).toEqual([]);

      // The package put right: written, the tables counted, the sites listed.
      await choose(ownPackage);
      await page.getByRole('button', { name: 'Check and import' }).click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/Imported: \d+ rows written/);
      // Two organizations and two services, all new.
      expect(await result.getByRole('row').filter({ hasText: /^organization/ }).textContent()).toBe('organization220');
      expect(await result.getByRole('row').filter({ hasText: /^service2/ }).textContent()).toBe('service220');
      expect(await violationsAtBothWidths(page)).toEqual([]);
    });
    expect(await organizations()).toBe(2);
    // Only the package's own rows were written: its unit of beds is its own, and the capacity counts in it.
    const [capacity] = await h.t.db.query(`SELECT unit_id AS "unitId" FROM directory.service_capacity WHERE id = $1`, [`${code.toLowerCase()}-cap-north`]);
    expect(capacity).toEqual({ unitId: `${code.toLowerCase()}-bed` });
    const [imported] = await h.t.db.query(`SELECT details->>'via' AS via FROM audit_event WHERE action = 'DIRECTORY_IMPORT' AND actor_user_id = $1`, [sysadmin.id]);
    expect(imported).toEqual({ via: 'console' });
    const [jurisdiction] = await h.t.db.query(`SELECT id, name FROM jurisdiction WHERE code = $1`, [code]);
    expect(jurisdiction.name).toBe(county);
    const [agency] = await h.t.db.query(`SELECT type, jurisdiction_id AS "jurisdictionId", contact_phone AS phone FROM agency WHERE name = $1`, [agencyName]);
    expect(agency).toEqual({ type: 'SHELTER', jurisdictionId: jurisdiction.id, phone: '+1 314 555 0100' });
    expect(problems).toEqual([]);
  });

  describe("a caseworker's own pages", () => {
    let staff: WorldUser;

    beforeAll(async () => {
      const agency = await h.t.world.agency(AgencyType.CHILD_WELFARE);
      staff = await h.t.world.user(Role.STAFF, agency.id);
    });

    it('ends another session of the account from the browser, and the server revokes it', async () => {
      // A session elsewhere: an API client signed in with the same account.
      await h.t.login(staff.email, staff.password);
      const { page, problems } = await h.open('/sign-in');
      await journey(page, 'account-sessions', async () => {
        await h.signIn(page, staff);
        await page.goto('/account');
        const rows = page.getByTestId('sessions').locator('tbody tr');
        expect(await eventually(() => rows.count(), 2)).toBe(2);
        expect(await page.getByTestId('mfa-status').textContent()).toContain('none');
        expect(await violationsAtBothWidths(page)).toEqual([]);
        const other = page.getByTestId('sessions').locator('tbody tr:not([data-current])');
        const otherId = (await other.getAttribute('data-session-id'))!;
        await other.getByRole('button', { name: /^End the session/ }).click();
        expect(await eventually(() => rows.count(), 1)).toBe(1);
        const [ended] = await h.t.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM auth_session WHERE id = $1 AND user_id = $2`, [otherId, staff.id]);
        expect(ended.revoked).toBe(true);
        const [open] = await h.t.db.query(`SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1 AND revoked_at IS NULL`, [staff.id]);
        expect(open.n).toBe(1);
      });
      expect(problems).toEqual([]);
    });

    it('counts a notification raised while the page is open without a reload, and marking it read lowers the count', async () => {
      const { page, problems } = await h.open('/sign-in');
      // The page's live feed is in place once its socket has sent the subscription.
      let subscribed = false;
      page.on('websocket', (socket) => socket.on('framesent', (frame) => (subscribed ||= String(frame.payload).includes('notificationAdded'))));
      await journey(page, 'notifications-live', async () => {
        await h.signIn(page, staff);
        await page.goto('/notifications');
        await page.getByText('Nothing unread.').waitFor();
        const count = page.getByTestId('unread-count');
        expect(await count.textContent()).toBe('0');
        expect(await eventually(async () => subscribed, true)).toBe(true);
        expect(await violationsAtBothWidths(page)).toEqual([]);

        // Raised and announced as the worker does when an alert is stored.
        const service = h.t.app.get(NotificationService);
        const ids = await h.t.db.transaction((tx) =>
          service.notify(tx, { ledgerKey: `console-admin:${randomUUID()}`, kind: 'REFERRAL_RESPONSE_REMINDER', caseId: null, caseNumber: null, text: 'A referral waits for your answer', recipientIds: [staff.id], createdAt: new Date() }),
        );
        await h.t.app.get(NotificationCreatedHandler).handle({ eventId: randomUUID(), notificationIds: ids, webhookDeliveryIds: [] });
        expect(await eventually(() => count.textContent(), '1')).toBe('1');
        const card = page.getByTestId('unread-notifications').getByTestId('notification');
        await card.getByText('A referral waits for your answer').waitFor();
        expect(await violationsAtBothWidths(page)).toEqual([]);

        await card.getByRole('button', { name: 'Mark read' }).click();
        expect(await eventually(() => count.textContent(), '0')).toBe('0');
        await page.getByTestId('read-notifications').getByText('A referral waits for your answer').waitFor();
        const [row] = await h.t.db.query(`SELECT read_at IS NOT NULL AS read FROM notification WHERE id = $1`, [ids[0]]);
        expect(row.read).toBe(true);
      });
      expect(problems).toEqual([]);
    });
  });
});

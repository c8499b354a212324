import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

const root = join(__dirname, '..');

function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/cli/src/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('administrative commands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('admin:create makes a system administrator who can sign in (password from standard input)', async () => {
    const email = `ops-${randomBytes(4).toString('hex')}@tandem.test`;
    const password = 'A-long-operator-passphrase-1';
    const run = cli(['admin:create', '--email', email, '--name', 'Night Operator'], { TANDEM_ADMIN_PASSWORD: '' }, password);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const login = await t.gql.ok(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken passwordChangeRequired } }`, { email, password });
    // The operator typed the password: it is temporary, the administrator chooses their own at first sign-in.
    expect(login.login.passwordChangeRequired).toBe(true);
    expect(run.stdout).toContain('must change');
    const me = await t.gql.ok(`{ me { role email } }`, {}, login.login.accessToken);
    expect(me.me).toEqual({ role: 'SYSTEM_ADMIN', email });
    expect(await t.world.count('audit_event', `action = 'ADMIN_BOOTSTRAP' AND details->>'via' = 'cli'`)).toBeGreaterThanOrEqual(1);
    const again = cli(['admin:create', '--email', email], { TANDEM_ADMIN_PASSWORD: password });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('refuses bad arguments with a clear message and status 2', () => {
    const badEmail = cli(['admin:create', '--email', 'not-an-email'], { TANDEM_ADMIN_PASSWORD: 'A-long-operator-passphrase-1' });
    expect(badEmail.status).toBe(2);
    expect(badEmail.stderr).toContain('--email must be an email address');
    const shortPassword = cli(['admin:create', '--email', 'x@tandem.test'], { TANDEM_ADMIN_PASSWORD: 'short' });
    expect(shortPassword.status).toBe(2);
    const unknown = cli(['no-such-command']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });

  it('migrate reports an up-to-date schema', () => {
    const run = cli(['migrate']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('database schema is up to date');
  });
});

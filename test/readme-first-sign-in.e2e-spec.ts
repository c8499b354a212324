import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BootstrapAdminService } from '@tandem/identity';
import { totpCode } from '@tandem/mfa';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

// The README's first steps, as a newcomer types them: sign in as the bootstrap administrator, see that
// the password must be changed, change it with the command shown, enrol a second factor as shown, and go on.

interface Step {
  /** The JSON body the curl command sends. */
  body: { query: string };
  /** Whether the command sends the access token. */
  authorized: boolean;
}

/** The curl commands of the README's quick start that talk to /graphql, in order. */
function quickStartSteps(): Step[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Try it'), readme.indexOf('## What it does today'));
  return [...quickStart.matchAll(/```bash\n(curl -s localhost:3000\/graphql[\s\S]*?)```/g)].map(([, command]) => {
    const json = /-d '([^']*)'/.exec(command!)?.[1];
    if (!json) throw new Error(`a README curl command without a body: ${command}`);
    return { body: JSON.parse(json) as { query: string }, authorized: /authorization: Bearer \$ACCESS_TOKEN/i.test(command!) };
  });
}

describe("the README's first sign-in", () => {
  let t: TestApp;

  beforeAll(async () => {
    // A database of its own: the administration suite signs in as the same bootstrap administrator
    // with the configured password, which this suite changes.
    t = await createTestApp(await isolatedDatabase('readme'));
  });
  afterAll(() => t.close());

  it('shows the administrator that the password is temporary and how to change it, and the change it shows works', async () => {
    const steps = quickStartSteps();
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const [signIn, change] = steps as [Step, Step];
    const credentials = /login\(email: "([^"]+)", password: "([^"]+)"\)/.exec(signIn.body.query);
    expect(credentials).not.toBeNull();
    const [, email, password] = credentials!;
    // What the API does at its first start on a fresh database: the bootstrap administrator, with a
    // temporary password.
    const [existing] = await t.db.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
    if (!existing) await t.app.get(BootstrapAdminService).createSystemAdmin({ email: email!, displayName: 'System administrator', password: password! });

    const first = await t.gql.http().post('/graphql').set('content-type', 'application/json').send(signIn.body);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.login.passwordChangeRequired).toBe(true);
    const token = first.body.data.login.accessToken as string;

    expect(change.authorized).toBe(true);
    expect(change.body.query).toContain('changePassword(');
    // The one thing the newcomer fills in: a password of their own.
    const query = change.body.query.replace(/<[^>]*>/, 'A-Newcomer-Chose-This-1');
    const changed = await t.gql.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`).send({ query });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data).toEqual({ changePassword: true });

    // An administrator enrols a second factor before anything else.
    expect(await t.gql.code(`{ jurisdictions { id } }`, {}, token)).toBe('MFA_ENROLLMENT_REQUIRED');
    const [start, confirm] = steps.slice(2) as [Step, Step];
    expect(start.authorized && confirm.authorized).toBe(true);
    const started = await t.gql.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`).send(start.body);
    expect(started.body.data.startMfaEnrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    // The other thing the newcomer fills in: the code their app shows.
    const code = totpCode(started.body.data.startMfaEnrollment.secret as string, t.clock.now());
    const confirmed = await t.gql
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query: confirm.body.query.replace(/<[^>]*>/, code) });
    expect(confirmed.body.errors).toBeUndefined();
    expect(confirmed.body.data.confirmMfaEnrollment.recoveryCodes).toHaveLength(10);
    await t.gql.ok(`{ jurisdictions { id } }`, {}, token);
  });
});

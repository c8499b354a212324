import { LoggerService } from '@nestjs/common';
import { AgencyType, Role } from '@tandem/authz';
import { createTestApp, TestApp } from './support/test-app';

// A temporary password's refusals and refused access tokens are ordinary client errors: logged at
// info with their code, never at error, never with a stack or the token itself.

class RecordingLogger implements LoggerService {
  readonly lines: { level: string; text: string }[] = [];
  private keep = (level: string) => (...args: unknown[]) => {
    this.lines.push({ level, text: JSON.stringify(args, (_key, value: unknown) => (value instanceof Error ? { stack: value.stack } : value)) });
  };
  log = this.keep('log');
  error = this.keep('error');
  warn = this.keep('warn');
  debug = this.keep('debug');
  verbose = this.keep('verbose');
  fatal = this.keep('fatal');
}

describe('logs of account refusals', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('logs PASSWORD_CHANGE_REQUIRED and refused tokens at info, without a stack or the token', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(Role.STAFF, agency.id);
    const token = await t.signIn(user);
    const logger = new RecordingLogger();
    t.app.useLogger(logger);

    await t.db.query(`UPDATE app_user SET password_temporary = true WHERE id = $1`, [user.id]);
    expect(await t.gql.code(`{ cases(first: 1) { edges { node { id } } } }`, {}, token)).toBe('PASSWORD_CHANGE_REQUIRED');
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await t.gql.code(`{ me { id } }`, {}, forged)).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(`{ me { id } }`, {}, 'not.a.token')).toBe('UNAUTHENTICATED');

    expect(logger.lines.filter((line) => line.level !== 'log' && line.level !== 'debug' && line.level !== 'verbose')).toEqual([]);
    const logged = logger.lines.map((line) => line.text).join('\n');
    expect(logged).toContain('"code":"PASSWORD_CHANGE_REQUIRED"');
    expect(logged).toContain('"code":"UNAUTHENTICATED"');
    expect(logged).not.toMatch(/"stack"|\n\s+at /);
    expect(logged).not.toContain(token.split('.')[2]!.slice(0, 20));
    expect(logged).not.toContain('not.a.token');
    // Nor does the audit trail keep the token: its rows name the reason only.
    const reasons = await t.db.query(`SELECT reason FROM audit_event WHERE action = 'TOKEN_REFUSED' AND occurred_at >= now() - interval '1 minute'`);
    expect(reasons.map((row: { reason: string }) => row.reason)).toEqual(expect.arrayContaining(['bad signature', 'malformed token']));
    const [kept] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event e WHERE e::text LIKE '%' || $1 || '%' OR e::text LIKE '%not.a.token%'`, [forged.split('.')[2]]);
    expect(kept.n).toBe(0);
  });
});

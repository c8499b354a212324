import { randomBytes, randomUUID } from 'node:crypto';
import { LoggerService } from '@nestjs/common';
import { AgencyType, Role } from '@tandem/authz';
import { JurisdictionRepository } from '@tandem/identity';
import { CREATE_CASE } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Level = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

/** Keeps every line the app logs through Nest's logger, with its level and arguments. */
class RecordingLogger implements LoggerService {
  readonly lines: { level: Level; args: unknown[] }[] = [];
  log = (...args: unknown[]) => this.lines.push({ level: 'log', args });
  error = (...args: unknown[]) => this.lines.push({ level: 'error', args });
  warn = (...args: unknown[]) => this.lines.push({ level: 'warn', args });
  debug = (...args: unknown[]) => this.lines.push({ level: 'debug', args });
  verbose = (...args: unknown[]) => this.lines.push({ level: 'verbose', args });
  fatal = (...args: unknown[]) => this.lines.push({ level: 'fatal', args });
}

/** A logged line as text, errors with their stacks. */
function text(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value));
}

describe('logs of refused and failed operations', () => {
  let t: TestApp;
  let logger: RecordingLogger;

  beforeAll(async () => {
    t = await createTestApp();
  });

  beforeEach(() => {
    logger = new RecordingLogger();
    t.app.useLogger(logger);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs expected client errors at info, without a stack, with their code', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const staff = await t.world.user(Role.STAFF, agency.id);
    const token = await t.signIn(staff);
    const created = await t.gql.ok<{ createCase: { id: string; version: number } }>(
      CREATE_CASE,
      { input: { riskLevel: 'LOW', child: { legalName: 'Robin Logline', dateOfBirth: '2012-02-02', sex: 'M' } } },
      token,
    );
    // A second writer moves the case on, so the first version is stale: CONFLICT.
    const update = `mutation($id: ID!, $v: Int!) { updateCase(id: $id, expectedVersion: $v, input: { riskLevel: HIGH }) { id } }`;
    await t.gql.ok(update, { id: created.createCase.id, v: created.createCase.version }, token);
    const refusals: [string, string, Record<string, unknown>, string | undefined][] = [
      ['UNAUTHENTICATED', `{ me { id } }`, {}, undefined],
      ['FORBIDDEN', `{ auditEvents { edges { node { id } } } }`, {}, token],
      ['NOT_FOUND', `query($id: ID!) { case(id: $id) { id } }`, { id: randomUUID() }, token],
      ['BAD_USER_INPUT', `{ cases(first: 1000) { edges { node { id } } } }`, {}, token],
      [
        'CONFLICT',
        update,
        { id: created.createCase.id, v: created.createCase.version },
        token,
      ],
    ];
    for (const [code, query, variables, as] of refusals) {
      expect(await t.gql.code(query, variables, as)).toBe(code);
    }
    // A prefix of its own: the rate limit must not count other suites' sign-ins.
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-logs-${randomBytes(3).toString('hex')}` });
    try {
      limited.app.useLogger(logger);
      const login = `mutation { login(email: "nobody@tandem.test", password: "whatever-password") { accessToken } }`;
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 3; i += 1) codes.push(await limited.gql.code(login));
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }

    expect(logger.lines.filter((line) => ['error', 'warn', 'fatal'].includes(line.level)).map((line) => text(line.args))).toEqual([]);
    const logged = logger.lines.map((line) => text(line.args)).join('\n');
    expect(logged).not.toMatch(/"stack"|\n\s+at /);
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED']) {
      expect(logger.lines.some((line) => line.level === 'log' && text(line.args).includes(`"code":"${code}"`))).toBe(true);
    }
    // The child's name, the email tried and the password never reach the logs.
    expect(logged).not.toMatch(/Robin|Logline|nobody@tandem|whatever-password/);
  });

  it('logs an unexpected error at error level with its stack, and answers INTERNAL without it', async () => {
    const agency = await t.world.agency(AgencyType.SHELTER);
    const staff = await t.world.user(Role.STAFF, agency.id);
    const token = await t.signIn(staff);
    const failing = jest.spyOn(t.app.get(JurisdictionRepository), 'list').mockRejectedValue(new Error('connection reset while listing'));
    try {
      const response = await t.gql.query(`{ jurisdictions { id } }`, {}, token);
      expect(response.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL' } })]);
      expect(JSON.stringify(response.errors)).not.toMatch(/connection reset|stack|at \w+ \(/);
    } finally {
      failing.mockRestore();
    }
    const errors = logger.lines.filter((line) => line.level === 'error').map((line) => text(line.args));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/connection reset while listing/);
    expect(errors[0]).toMatch(/"stack":"Error: connection reset while listing\\n\s+at /);
  });
});

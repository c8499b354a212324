import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '@apps/api/app.module';
import { configureHttp } from '@apps/api/http';
import { AuditModule } from '@tandem/audit';
import { AuditWatchModule } from '@tandem/audit-watch';
import { PiiCipher } from '@tandem/crypto';
import { MfaGate, mfaSecretContext, newTotpSecret, totpCode } from '@tandem/mfa';
import { GraphQLClient, TestWorld, WorldUser } from '@tandem/testing';
import { AppConfig, Clock, ClockModule, ConfigModule, DatabaseModule, ManualClock, QueueModule } from '@tandem/platform';
import { DataSource } from 'typeorm';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: ManualClock;
  db: DataSource;
  gql: GraphQLClient;
  world: TestWorld;
  /**
   * Signs the user in over HTTP and answers the access token. An account with a second factor the
   * world enrolled goes on to verifyMfa with its app's code at the app's clock.
   */
  signIn(user: Pick<WorldUser, 'email' | 'password' | 'totpSecret'>): Promise<string>;
  /** `login`, then `verifyMfa` when it answers MFA_REQUIRED for an account the world enrolled: the whole payload. */
  login(email: string, password: string, fields?: string): Promise<Record<string, any>>;
  /** The code the user's app shows now, at the app's clock. */
  totpCode(email: string): string;
  /** Enrols a second factor for the signed-in account over HTTP, as its owner would; answers the recovery codes. */
  enrolMfa(token: string, email: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The real API (GraphQL over HTTP, real PostgreSQL and Redis) with a clock the test moves. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = AppConfig.fromEnv({ ...process.env, ...env });
  const clock = new ManualClock(new Date());
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app, config);
  await app.init();
  const db = app.get(DataSource);
  const gql = new GraphQLClient(app);
  const cipher = app.get(PiiCipher);
  const gate = app.get(MfaGate);
  const world = new TestWorld(db, {
    seal: (userId, secret) => cipher.encrypt(secret, mfaSecretContext(userId)),
    required: (role, agencyId) => gate.required(db.manager, { role, agencyId }),
    newSecret: newTotpSecret,
  });
  const codeOf = (email: string) => {
    const secret = world.totpSecretOf(email);
    if (!secret) throw new Error(`the world enrolled no second factor for ${email}`);
    return totpCode(secret, clock.now());
  };
  const login = async (email: string, password: string, fields = 'accessToken'): Promise<Record<string, any>> => {
    const answer = await gql.query<{ login: Record<string, any> }>(
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${fields} } }`,
      { email, password },
    );
    const challenge = answer.errors[0]?.extensions?.code === 'MFA_REQUIRED' ? (answer.errors[0].extensions.challenge as string) : null;
    if (!challenge || !world.totpSecretOf(email)) {
      if (answer.errors.length > 0 || !answer.data) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
      return answer.data.login;
    }
    await world.allowCodeAgain(email);
    const verified = await gql.ok<{ verifyMfa: Record<string, any> }>(
      `mutation($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { ${fields} } }`,
      { challenge, code: codeOf(email) },
    );
    return verified.verifyMfa;
  };
  return {
    app,
    config,
    clock,
    db,
    gql,
    world,
    async signIn(user) {
      if (user.totpSecret) world.rememberSecondFactor(user.email, user.totpSecret);
      return (await login(user.email, user.password)).accessToken as string;
    },
    login,
    totpCode: codeOf,
    async enrolMfa(token, email) {
      const started = await gql.ok<{ startMfaEnrollment: { secret: string } }>(`mutation { startMfaEnrollment { secret } }`, {}, token);
      world.rememberSecondFactor(email, started.startMfaEnrollment.secret);
      const confirmed = await gql.ok<{ confirmMfaEnrollment: { recoveryCodes: string[] } }>(
        `mutation($code: String!) { confirmMfaEnrollment(code: $code) { recoveryCodes } }`,
        { code: codeOf(email) },
        token,
      );
      return confirmed.confirmMfaEnrollment.recoveryCodes;
    },
    close: () => app.close(),
  };
}

/**
 * The anomaly watch as the worker wires it, beside a test app: the app's configuration and clock,
 * a pool of its own named `poolName`, quiet like the API under test (a testing module would turn
 * error logs back on for both).
 */
export async function startAnomalyWatch(t: TestApp, poolName: string): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(t.config), ClockModule, DatabaseModule.forRoot(poolName), QueueModule.forRoot(), AuditModule, AuditWatchModule],
  })
    .overrideProvider(Clock)
    .useValue(t.clock)
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  return moduleRef.init();
}

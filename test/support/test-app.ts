import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '@apps/api/app.module';
import { configureHttp } from '@apps/api/http';
import { AuditModule } from '@tandem/audit';
import { AuditWatchModule } from '@tandem/audit-watch';
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
  signIn(user: Pick<WorldUser, 'email' | 'password'>): Promise<string>;
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
  return {
    app,
    config,
    clock,
    db,
    gql,
    world: new TestWorld(db),
    async signIn(user) {
      const data = await gql.ok<{ login: { accessToken: string } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email: user.email, password: user.password },
      );
      return data.login.accessToken;
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

import { NestFactory } from '@nestjs/core';
import { CliModule } from '@apps/cli/cli.module';
import { DemoSeedService } from '@apps/cli/demo/demo-seed.service';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@apps/cli/demo/demo-identity';
import { AgencyType, Role } from '@tandem/authz';
import { AppConfig } from '@tandem/platform';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

// `npm start` loads the demo data set at every start, over a database kept in .tandem/pgdata. One
// loaded before temporary passwords existed had every account marked temporary by their migration,
// the demo ones too, though the seed makes its accounts usable as they are: the README's first
// session must work there as on a fresh database.

const EMAIL = 'cw.staff1@det.tandem.demo';
const RESET = 'cw.staff2@det.tandem.demo';
const CASES = `{ cases(first: 10) { edges { node { caseNumber status } } } }`;

describe('the demo data set over a database that predates temporary passwords', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    // A database of its own, as the demo data set's suite has: other suites' workers sweep the shared one.
    env = await isolatedDatabase('demo_upgrade');
    t = await createTestApp(env);
  });
  afterAll(() => t?.close());

  async function seed(): Promise<void> {
    const cli = await NestFactory.createApplicationContext(CliModule.forRoot(AppConfig.fromEnv({ ...process.env, ...env })), { logger: false });
    try {
      await cli.get(DemoSeedService).seed();
    } finally {
      await cli.close();
    }
  }

  it('lets a demo account still on the demo password sign in and work after the next load, and leaves other temporary accounts alone', async () => {
    await seed();
    // What the temporary-passwords migration did to every existing account.
    await t.db.query(`UPDATE app_user SET password_temporary = true WHERE email = $1`, [EMAIL]);
    // A demo account whose password an administrator has set since (not the demo one) stays temporary.
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const donor = await t.world.user(Role.STAFF, agency.id);
    await t.db.query(
      `UPDATE app_user SET password_temporary = true, password_hash = (SELECT password_hash FROM app_user WHERE id = $2) WHERE email = $1`,
      [RESET, donor.id],
    );

    await seed();

    const token = await t.signIn({ email: EMAIL, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET });
    await t.gql.ok(CASES, {}, token);
    const [other] = await t.db.query(`SELECT password_temporary AS temporary FROM app_user WHERE email = $1`, [RESET]);
    expect(other.temporary).toBe(true);
  });
});

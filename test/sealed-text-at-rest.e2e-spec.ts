import { PiiCipher } from '@tandem/crypto';
import { AppConfig, createDataSource, MIGRATIONS, runMigrations } from '@tandem/platform';
import { Client } from 'pg';
import { createTestApp } from './support/test-app';
import { policyCast } from './support/case-fixtures';
import { isolatedDatabase } from './support/test-database';

const SECRET = 'Suspect Marcus Vell drives a red van';
const SEALING = ['SealCaseText1764720000000', 'CaseTextAtRest1764790000000'];

describe('case text sealed by the migrations', () => {
  it('leaves no plaintext in the pages of the tables, where the rows written before the sealing kept it', async () => {
    const env = await isolatedDatabase('at_rest');
    const config = AppConfig.fromEnv({ ...process.env, ...env });
    const cipher = new PiiCipher(config);
    const owner = createDataSource(config, 'test', true);
    await owner.initialize();
    try {
      // Back to the schema before the sealing, with a database that already holds case text.
      const runner = owner.createQueryRunner();
      runner.data = { sealer: cipher };
      for (const name of [...SEALING].reverse()) {
        const migration = MIGRATIONS.find((candidate) => candidate.name === name)!;
        await new migration().down(runner);
        await runner.query(`DELETE FROM schema_migration WHERE name = $1`, [name]);
      }
      await runner.release();
      const t = await createTestApp(env);
      try {
        const { K, agencies, people } = await policyCast(t);
        await t.db.query(`INSERT INTO note (case_id, author_id, agency_id, category, body) VALUES ($1, $2, $3, 'INVESTIGATION', $4)`, [K.id, people.cw1.id, agencies.CW.id, SECRET]);
        await t.db.query(
          `INSERT INTO referral (case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, consent_required, reason, status, response_due_at)
           VALUES ($1, $2, $3, $4, 'INVESTIGATION', 'URGENT', false, $5, 'REQUESTED', now())`,
          [K.id, agencies.CW.id, agencies.PD.id, people.cw1.id, SECRET],
        );
      } finally {
        await t.close();
      }

      expect(await runMigrations(config, cipher)).toEqual(SEALING);

      // Every tuple of every page, live or dead, dropped columns included, as PostgreSQL stored it.
      await owner.query(`CREATE EXTENSION IF NOT EXISTS pageinspect`);
      const found = async (table: string): Promise<number> => {
        const [row] = await owner.query(
          `SELECT count(*)::int AS n
             FROM generate_series(0, (pg_relation_size($1::text::regclass) / current_setting('block_size')::int)::int - 1) AS page,
                  heap_page_items(get_raw_page($1::text, page)) AS item
            WHERE position(convert_to('Marcus Vell', 'UTF8') IN item.t_data) > 0`,
          [table],
        );
        return row.n;
      };
      expect(await owner.query(`SELECT count(*)::int AS n FROM note`)).toEqual([{ n: 1 }]);
      expect({ note: await found('note'), referral: await found('referral') }).toEqual({ note: 0, referral: 0 });
    } finally {
      await owner.destroy();
    }
  }, 120_000);

  it('rewrites a table however long it takes, past the statement timeout its session has', async () => {
    const env = await isolatedDatabase('at_rest_slow');
    const config = AppConfig.fromEnv({ ...process.env, ...env });
    const owner = createDataSource(config, 'test', true);
    await owner.initialize();
    const holder = new Client({ connectionString: env.DATABASE_URL });
    const observer = new Client({ connectionString: env.DATABASE_URL });
    await Promise.all([holder.connect(), observer.connect()]);
    const runner = owner.createQueryRunner();
    try {
      // A reader in the middle of a long report holds the table: the rewrite waits for it, as it would for a large table.
      await holder.query(`BEGIN`);
      await holder.query(`LOCK TABLE handoff IN ACCESS SHARE MODE`);
      await runner.query(`SET statement_timeout = '1s'`);
      const migration = MIGRATIONS.find((candidate) => candidate.name === 'CaseTextAtRest1764790000000')!;
      let settled = false;
      const up = new migration().up(runner).finally(() => (settled = true));
      const waitedPastTimeout = async () => {
        const { rows } = await observer.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND query ILIKE 'VACUUM FULL handoff%' AND wait_event_type = 'Lock' AND now() - query_start > interval '1500 milliseconds'`,
        );
        return rows[0].n > 0;
      };
      const started = Date.now();
      while (!settled && !(await waitedPastTimeout())) {
        if (Date.now() - started > 30_000) throw new Error('the rewrite neither finished nor waited for the table');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await holder.query(`COMMIT`);
      await expect(up).resolves.toBeUndefined();
    } finally {
      await holder.query(`ROLLBACK`).catch(() => undefined);
      await runner.release();
      await Promise.all([holder.end(), observer.end()]);
      await owner.destroy();
    }
  }, 120_000);
});

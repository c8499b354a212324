import { AgencyType, Role } from '@tandem/authz';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { CREATE_CASE, signedIn } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

/**
 * An API that is told to stop (SIGTERM runs the same hooks as `close()`) first finishes the
 * requests it has begun, then closes its database pool: a caseworker's change in flight during a
 * restart is answered and kept, not lost to "pool ended". A database of the suite's own, since it
 * locks a table.
 */
describe('the API stops gracefully', () => {
  let t: TestApp;
  let env: Awaited<ReturnType<typeof isolatedDatabase>>;
  let locker: Client;
  let closed = false;

  beforeAll(async () => {
    env = await isolatedDatabase('graceful_shutdown');
    t = await createTestApp(env);
    await t.app.listen(0, '127.0.0.1');
    locker = new Client({ connectionString: env.DATABASE_URL });
    await locker.connect();
  });

  afterAll(async () => {
    await locker.end().catch(() => undefined);
    if (!closed) await t.close();
  });

  it('answers and keeps a change that was waiting on the database when the stop began', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE, (await t.world.jurisdiction('Shutdown County')).id);
    const caseworker = await signedIn(t, Role.STAFF, agency.id);
    const { port } = t.app.getHttpServer().address() as AddressInfo;

    // New cases wait behind a lock the test holds, so that the request is still running when the stop begins.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE case_file IN EXCLUSIVE MODE');
    const answer = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworker.token}` },
      body: JSON.stringify({ query: CREATE_CASE, variables: { input: { riskLevel: 'HIGH', child: { legalName: 'Casey Shutdown Example', dateOfBirth: '2011-03-03', sex: 'F' } } } }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: { createCase?: { id: string } }; errors?: unknown[] } }));
    const waiting = async () =>
      (await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)).rows[0].n > 0;
    for (let tries = 0; !(await waiting()); tries += 1) {
      if (tries > 200) throw new Error('the request never reached the lock');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    closed = true;
    const stopped = t.close();
    // The stop has begun and waits; the lock goes, and the request can finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await locker.query('COMMIT');

    const { status, body } = await answer;
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const id = body.data!.createCase!.id;
    await stopped;
    const { rows } = await locker.query(`SELECT count(*)::int AS n FROM case_file WHERE id = $1`, [id]);
    expect(rows[0].n).toBe(1);
  });
});

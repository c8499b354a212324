import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { actorOf, AuditService, AuditVerifier, ChainProblem } from '@tandem/audit';
import { Client } from 'pg';
import { CASE, CASE_IDS, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

const root = join(__dirname, '..');

/** A small seeded generator, so a failing tampering can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface EventRow {
  id: string;
  occurred_at: Date;
  chain_key: string;
  chain_seq: string;
}

describe('the audit trail: append-only and tamper-evident', () => {
  let t: TestApp;
  let env: { DATABASE_URL: string; QUEUE_PREFIX: string };
  let owner: Client;

  beforeAll(async () => {
    // Tampering changes the trail under every reader: this suite has a database of its own.
    env = await isolatedDatabase('chain');
    t = await createTestApp(env);
    owner = new Client({ connectionString: env.DATABASE_URL });
    await owner.connect();
    // Some history across several agencies' chains, written by real operations.
    const cast = await policyCast(t);
    for (const user of [cast.people.cw1, cast.people.cwSup, cast.people.pd1, cast.people.sh1, cast.people.pd2]) {
      for (let i = 0; i < 6; i += 1) {
        await t.gql.query(CASE, { id: cast.K.id }, user.token);
        await t.gql.query(CASE_IDS, { first: 5 }, user.token);
      }
    }
    await t.gql.query(`mutation { login(email: "nobody@nowhere.invalid", password: "wrong-password-1") { accessToken } }`);
  });

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const verify = () => t.app.get(AuditVerifier).verify();

  it('refuses the application role any update, delete or truncate, and every role any change', async () => {
    const [event] = await t.db.query(`SELECT id FROM audit_event LIMIT 1`);
    for (const sql of [
      `UPDATE audit_event SET action = 'NOTHING' WHERE id = '${event.id}'`,
      `DELETE FROM audit_event WHERE id = '${event.id}'`,
      `TRUNCATE audit_event`,
      `UPDATE audit_event_default SET action = 'NOTHING'`,
      `DELETE FROM audit_chain_anchor`,
    ]) {
      await expect(t.db.query(sql)).rejects.toThrow(/permission denied/);
    }
    // The owner (here a superuser) is stopped by the trigger unless it disables triggers on purpose.
    await expect(owner.query(`UPDATE audit_event SET action = 'NOTHING' WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(owner.query(`DELETE FROM audit_event WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(owner.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    const [still] = await t.db.query(`SELECT action FROM audit_event WHERE id = $1`, [event.id]);
    expect(still.action).not.toBe('NOTHING');
  });

  it('links concurrent writers of one agency into one unbroken chain, and verifies intact', async () => {
    const audit = t.app.get(AuditService);
    const [user] = await t.db.query(`SELECT id, agency_id AS "agencyId" FROM app_user WHERE role = 'STAFF' AND agency_id IS NOT NULL LIMIT 1`);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.db.transaction((tx) => audit.record(tx, { actor: actorOf({ userId: user.id, agencyId: user.agencyId }), action: 'CONCURRENT_PROBE', details: { i } })),
      ),
    );
    // The agency's events spread over its lanes; each lane is one unbroken chain up to its head.
    const lanes = await t.db.query(
      `SELECT e.chain_key AS key, count(*)::int AS n, count(DISTINCT e.chain_seq)::int AS places, max(e.chain_seq)::int AS top, min(h.seq)::int AS head
         FROM audit_event e JOIN audit_chain h ON h.chain_key = e.chain_key
        WHERE e.chain_key LIKE $1 GROUP BY e.chain_key`,
      [`agency:${user.agencyId}:%`],
    );
    expect(lanes.length).toBeGreaterThan(1);
    expect(lanes.reduce((sum: number, lane: { n: number }) => sum + lane.n, 0)).toBeGreaterThanOrEqual(40);
    for (const lane of lanes) {
      expect(lane.n).toBe(lane.places);
      expect(lane.top).toBe(lane.head);
      expect(lane.top).toBe(lane.n);
    }
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report.chains).toBeGreaterThanOrEqual(5);
    expect(report.events).toBeGreaterThan(100);
  });

  it('writes the same chains without prepared statements (the embedded database, poolers in transaction mode)', async () => {
    const plain = await createTestApp({ ...env, DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      const audit = plain.app.get(AuditService);
      const [user] = await plain.db.query(`SELECT id, agency_id AS "agencyId" FROM app_user WHERE role = 'SUPERVISOR' AND agency_id IS NOT NULL LIMIT 1`);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          plain.db.transaction((tx) => audit.record(tx, { actor: actorOf({ userId: user.id, agencyId: user.agencyId }), action: 'UNPREPARED_PROBE', details: { i } })),
        ),
      );
      const [written] = await plain.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'UNPREPARED_PROBE'`);
      expect(written.n).toBe(20);
      expect((await verify()).problems).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('detects 100 of 100 tamperings made through a superuser connection: edits, deletions, reorders and forged appends', async () => {
    const random = prng(20261125);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    await owner.query(`CREATE TEMP TABLE saved_events AS SELECT * FROM audit_event`);
    await owner.query(`CREATE TEMP TABLE saved_chains AS SELECT * FROM audit_chain`);
    const restore = async () => {
      await owner.query(`SET session_replication_role = replica`);
      await owner.query(`DELETE FROM audit_event`);
      await owner.query(`INSERT INTO audit_event SELECT * FROM saved_events`);
      await owner.query(`DELETE FROM audit_chain`);
      await owner.query(`INSERT INTO audit_chain SELECT * FROM saved_chains`);
      await owner.query(`SET session_replication_role = origin`);
    };
    const events: EventRow[] = (await owner.query(`SELECT id, occurred_at, chain_key, chain_seq FROM audit_event WHERE chain_key <> 'legacy' ORDER BY chain_key, chain_seq`)).rows;
    const chains = [...new Set(events.map((event) => event.chain_key))].filter((key) => events.filter((event) => event.chain_key === key).length >= 3);
    const inChain = (key: string) => events.filter((event) => event.chain_key === key);
    const middle = (key: string) => {
      const list = inChain(key);
      return list[1 + Math.floor(random() * (list.length - 2))]!;
    };
    const sha = (text: string) => createHash('sha256').update(text).digest();

    const tamperings: { name: string; run: () => Promise<void> }[] = [
      {
        name: 'edit the action',
        run: async () => void (await owner.query(`UPDATE audit_event SET action = CASE action WHEN 'CASE_LIST' THEN 'CASE_VIEW' ELSE 'CASE_LIST' END WHERE id = $1`, [pick(events).id])),
      },
      {
        name: 'turn a denial into an allowed access',
        run: async () => void (await owner.query(`UPDATE audit_event SET outcome = CASE outcome WHEN 'DENIED' THEN 'ALLOWED' ELSE 'DENIED' END WHERE id = $1`, [pick(events).id])),
      },
      {
        name: 'move the time',
        run: async () => void (await owner.query(`UPDATE audit_event SET occurred_at = occurred_at - interval '1 second' WHERE id = $1`, [pick(events).id])),
      },
      {
        name: 'change the details',
        run: async () => void (await owner.query(`UPDATE audit_event SET details = details || '{"note":"nothing to see"}' WHERE id = $1`, [pick(events).id])),
      },
      {
        name: 'change the case',
        run: async () => void (await owner.query(`UPDATE audit_event SET case_id = $2 WHERE id = $1`, [pick(events).id, randomUUID()])),
      },
      {
        name: 'delete an event',
        run: async () => void (await owner.query(`DELETE FROM audit_event WHERE id = $1`, [middle(pick(chains)).id])),
      },
      {
        name: 'delete the newest event of a chain',
        run: async () => {
          const list = inChain(pick(chains));
          await owner.query(`DELETE FROM audit_event WHERE id = $1`, [list.at(-1)!.id]);
        },
      },
      {
        name: 'delete an event and renumber those after it',
        run: async () => {
          const victim = middle(pick(chains));
          await owner.query(`DELETE FROM audit_event WHERE id = $1`, [victim.id]);
          await owner.query(`UPDATE audit_event SET chain_seq = chain_seq - 1 WHERE chain_key = $1 AND chain_seq > $2`, [victim.chain_key, victim.chain_seq]);
          await owner.query(`UPDATE audit_chain SET seq = seq - 1 WHERE chain_key = $1`, [victim.chain_key]);
        },
      },
      {
        name: 'swap two neighbours',
        run: async () => {
          const first = middle(pick(chains));
          const second = inChain(first.chain_key).find((event) => Number(event.chain_seq) === Number(first.chain_seq) + 1)!;
          await owner.query(`UPDATE audit_event SET chain_seq = -1 WHERE id = $1`, [first.id]);
          await owner.query(`UPDATE audit_event SET chain_seq = $2 WHERE id = $1`, [second.id, first.chain_seq]);
          await owner.query(`UPDATE audit_event SET chain_seq = $2 WHERE id = $1`, [first.id, second.chain_seq]);
        },
      },
      {
        name: 'swap two neighbours with their hashes',
        run: async () => {
          const first = middle(pick(chains));
          const second = inChain(first.chain_key).find((event) => Number(event.chain_seq) === Number(first.chain_seq) + 1)!;
          await owner.query(
            `UPDATE audit_event a SET chain_seq = b.chain_seq, prev_hash = b.prev_hash, hash = b.hash
               FROM (SELECT id, chain_seq, prev_hash, hash FROM audit_event WHERE id IN ($1, $2)) b WHERE a.id IN ($1, $2) AND b.id <> a.id`,
            [first.id, second.id],
          );
        },
      },
      {
        name: 'forge an appended event without the key',
        run: async () => {
          const key = pick(chains);
          const [head] = (await owner.query(`SELECT seq, hash FROM audit_chain WHERE chain_key = $1`, [key])).rows;
          const seq = Number(head.seq) + 1;
          await owner.query(
            `INSERT INTO audit_event (actor_type, action, outcome, chain_key, chain_seq, prev_hash, hash) VALUES ('SYSTEM', 'CASE_VIEW', 'ALLOWED', $1, $2, $3, $4)`,
            [key, seq, head.hash, sha(`${head.hash.toString('hex')}forged`)],
          );
          if (random() < 0.5) await owner.query(`UPDATE audit_chain SET seq = $2, hash = $3 WHERE chain_key = $1`, [key, seq, sha(`${head.hash.toString('hex')}forged`)]);
        },
      },
      {
        name: 'insert an unchained event',
        run: async () => void (await owner.query(`INSERT INTO audit_event (actor_type, action, outcome, chain_key) VALUES ('SYSTEM', 'LOGIN_SUCCESS', 'ALLOWED', $1)`, [pick(chains)])),
      },
      {
        name: 'edit and re-hash with plain SHA-256',
        run: async () => {
          const victim = pick(events);
          const [row] = (await owner.query(`SELECT prev_hash FROM audit_event WHERE id = $1`, [victim.id])).rows;
          await owner.query(`UPDATE audit_event SET reason = 'approved', hash = $2 WHERE id = $1`, [victim.id, sha(`${row.prev_hash?.toString('hex')}approved`)]);
        },
      },
    ];

    const detected: Record<string, number> = {};
    const missed: string[] = [];
    const kinds = new Set<ChainProblem['kind']>();
    for (let i = 0; i < 100; i += 1) {
      const tampering = tamperings[i % tamperings.length]!;
      await owner.query(`SET session_replication_role = replica`);
      await tampering.run();
      await owner.query(`SET session_replication_role = origin`);
      const report = await verify();
      if (report.problems.length > 0) {
        detected[tampering.name] = (detected[tampering.name] ?? 0) + 1;
        report.problems.forEach((problem) => kinds.add(problem.kind));
      } else missed.push(`${i}: ${tampering.name}`);
      await restore();
    }
    expect(missed).toEqual([]);
    expect(Object.values(detected).reduce((a, b) => a + b, 0)).toBe(100);
    expect([...kinds]).toEqual(expect.arrayContaining(['ALTERED', 'GAP', 'TRUNCATED', 'FORGED_APPEND', 'UNCHAINED']));
    expect((await verify()).problems).toEqual([]);
    // A hundred verifications of the whole trail, each with its restore: minutes on a loaded machine.
  }, 240_000);

  it('audit:verify names the first broken link and exits 1; an intact trail exits 0', async () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/cli/src/main.ts'), ...args], {
        cwd: root,
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const intact = cli(['audit:verify']);
    expect(intact.stdout).toContain('every chain is intact');
    expect(intact.status).toBe(0);
    const [victim] = (await owner.query(`SELECT id, chain_key, chain_seq FROM audit_event WHERE chain_key <> 'legacy' ORDER BY chain_key, chain_seq LIMIT 1 OFFSET 3`)).rows;
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`UPDATE audit_event SET action = 'TAMPERED' WHERE id = $1`, [victim.id]);
    await owner.query(`SET session_replication_role = origin`);
    const broken = cli(['audit:verify']);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN ALTERED chain ${victim.chain_key}: event ${victim.chain_seq} was changed`);
    expect(broken.stdout).toContain(victim.id);
  }, 120_000);
});

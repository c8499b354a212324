import { randomUUID } from 'node:crypto';
import { AUDIT_EVENT_COLUMNS, AuditRepository, AuditService, AuditVerifier, ChainedEvent, chainHash, chainKeyOf, GENESIS } from '@tandem/audit';
import { AppConfig, createDataSource, runMigrations, Transactions } from '@tandem/platform';
import { Client } from 'pg';

export interface AuditBenchResult {
  insertsPerSecond: { unchained: number; chainedPerAgency: number; chainedGlobal: number };
  chainedToUnchained: number;
  verify: { events: number; chains: number; ms: number; eventsPerSecond: number; problems: number };
}

const CASTS = ['::uuid', '::timestamptz', '::uuid', '::uuid', '::uuid', '::text', '::text', '::bigint', '::bytea', '::bytea'];

async function rate(seconds: number, concurrency: number, work: () => Promise<void>): Promise<number> {
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await work();
        done += 1;
      }
    }),
  );
  return Math.round(done / seconds);
}

/**
 * Audit insert throughput, one event per transaction from `concurrency` connections: without a
 * chain, with a chain per agency (28 agencies, as in the default data set), and with one global
 * chain; then `audit:verify` over `verifyEvents` chained events.
 */
export async function measureAudit(baseUrl: string, options: { seconds: number; concurrency: number; verifyEvents: number }): Promise<AuditBenchResult> {
  const name = `tandem_bench_audit_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const config = AppConfig.fromEnv({ ...process.env, DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: String(options.concurrency + 2), NODE_ENV: 'development' });
  const dataSource = createDataSource(config, 'bench');
  const owner = new Client({ connectionString: url.toString() });
  try {
    await runMigrations(config);
    await dataSource.initialize();
    await owner.connect();
    const audit = new AuditService(config, new AuditRepository(config), new Transactions(dataSource));
    const agencies = Array.from({ length: 28 }, () => randomUUID());
    const user = randomUUID();
    const entry = (agencyId: string) => ({ actor: { type: 'USER' as const, userId: user, agencyId }, action: 'CASE_VIEW', caseId: randomUUID(), subjectType: 'Case', scopes: ['SUMMARY'] });
    const pick = () => agencies[Math.floor(Math.random() * agencies.length)]!;

    // The same event, every column the writer fills, in one insert: only the chain is left out.
    const unchainedColumns = AUDIT_EVENT_COLUMNS.filter((column) => !['chain_key', 'chain_seq', 'prev_hash', 'hash'].includes(column));
    const unchainedInsert = () =>
      dataSource.transaction(async (tx) => {
        const e = entry(pick());
        const values = [randomUUID(), new Date(), 'USER', user, e.actor.agencyId, e.action, 'ALLOWED', e.caseId, e.subjectType, null, e.scopes, null, null, null, null, null, '{}'];
        // Prepared on its connection, as the writer's own statement is: the fastest plain insert there is.
        const client = (tx.queryRunner as unknown as { databaseConnection: { query(config: object): Promise<unknown> } }).databaseConnection;
        await client.query({
          name: 'bench_unchained_insert',
          text: `INSERT INTO audit_event (${unchainedColumns.join(', ')}) VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')})`,
          values,
        });
      });
    const chainedInsert = () => dataSource.transaction((tx) => audit.record(tx, entry(pick())));
    // The two modes alternate in halves, so a checkpoint or autovacuum in one stretch of the run
    // weighs on both alike; each figure is the mean of its halves.
    const half = options.seconds / 2;
    const unchainedFirst = await rate(half, options.concurrency, unchainedInsert);
    const chainedFirst = await rate(half, options.concurrency, chainedInsert);
    const chainedSecond = await rate(half, options.concurrency, chainedInsert);
    const unchainedSecond = await rate(half, options.concurrency, unchainedInsert);
    const unchained = Math.round((unchainedFirst + unchainedSecond) / 2);
    const chainedPerAgency = Math.round((chainedFirst + chainedSecond) / 2);
    const single = agencies[0]!;
    const chainedGlobal = await rate(options.seconds, options.concurrency, () => dataSource.transaction((tx) => audit.record(tx, entry(single))));

    // A million chained events, written straight in (as a year of a busy state would leave them).
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`TRUNCATE audit_event, audit_chain`);
    await owner.query(`SET session_replication_role = origin`);
    const heads = new Map<string, { seq: number; hash: Buffer }>();
    const batch = 2000;
    const start = Date.now() - 30 * 24 * 3600_000;
    for (let offset = 0; offset < options.verifyEvents; offset += batch) {
      const params: unknown[] = [];
      const rows: string[] = [];
      for (let i = 0; i < Math.min(batch, options.verifyEvents - offset); i += 1) {
        const agencyId = agencies[(offset + i) % agencies.length]!;
        const chainKey = chainKeyOf({ actorType: 'USER', actorAgencyId: agencyId }, (offset + i) % 8);
        const head = heads.get(chainKey) ?? { seq: 0, hash: GENESIS };
        const event: ChainedEvent = {
          id: randomUUID(),
          occurredAt: new Date(start + Math.floor(((offset + i) / options.verifyEvents) * 29 * 24 * 3600_000)),
          actorType: 'USER',
          actorUserId: user,
          actorAgencyId: agencyId,
          action: 'CASE_VIEW',
          outcome: 'ALLOWED',
          caseId: randomUUID(),
          subjectType: 'Case',
          subjectId: null,
          scopes: ['SUMMARY'],
          justification: null,
          reason: null,
          requestId: randomUUID(),
          clientAddress: '10.0.0.1',
          userAgent: 'bench',
          details: {},
          chainKey,
          chainSeq: head.seq + 1,
        };
        const hash = chainHash(config.values.AUDIT_HASH_KEY, head.hash, event);
        const values = [event.id, event.occurredAt, event.actorUserId, event.actorAgencyId, event.caseId, event.requestId, chainKey, event.chainSeq, head.hash, hash];
        rows.push(`(${values.map((value, index) => `$${params.push(value)}${CASTS[index]}`).join(', ')})`);
        heads.set(chainKey, { seq: event.chainSeq, hash });
      }
      await owner.query(
        `INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_agency_id, case_id, request_id, chain_key, chain_seq, prev_hash, hash,
                                  actor_type, action, outcome, subject_type, scopes, client_address, user_agent, details)
         SELECT v.*, 'USER', 'CASE_VIEW', 'ALLOWED', 'Case', '{SUMMARY}', '10.0.0.1', 'bench', '{}'::jsonb
           FROM (VALUES ${rows.join(', ')}) AS v(id, occurred_at, actor_user_id, actor_agency_id, case_id, request_id, chain_key, chain_seq, prev_hash, hash)`,
        params,
      );
    }
    for (const [key, head] of heads) await owner.query(`INSERT INTO audit_chain (chain_key, seq, hash) VALUES ($1, $2, $3)`, [key, head.seq, head.hash]);
    await owner.query(`ANALYZE audit_event`);
    const verifier = new AuditVerifier(new Transactions(dataSource), config, new AuditRepository(config));
    const report = await verifier.verify();
    return {
      insertsPerSecond: { unchained, chainedPerAgency, chainedGlobal },
      chainedToUnchained: Math.round((chainedPerAgency / unchained) * 100) / 100,
      verify: { events: report.events, chains: report.chains, ms: report.elapsedMs, eventsPerSecond: Math.round(report.events / (report.elapsedMs / 1000)), problems: report.problems.length },
    };
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await owner.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

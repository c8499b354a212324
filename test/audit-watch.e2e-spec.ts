import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { AuditEntry, AuditService, ChainedEvent, chainHash, GENESIS } from '@tandem/audit';
import { AnomalyKind, AnomalyWatch, latestPrunableMonth, readBackCsv } from '@tandem/audit-watch';
import { AgencyType, Role } from '@tandem/authz';
import { AppConfig } from '@tandem/platform';
import { WorldUser } from '@tandem/testing';
import { Client } from 'pg';
import { BREAK_GLASS, policyCast } from './support/case-fixtures';
import { createTestApp, startAnomalyWatch, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

const HOUR = 3600_000;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const root = join(__dirname, '..');

interface Alert {
  recipientId: string;
  kind: string;
  text: string;
  caseId: string | null;
  caseNumber: string | null;
  ledgerKey: string;
}

/** Waits out the last seconds of a UTC hour, so events of one step never straddle two alert windows. */
async function clearOfHourBoundary(margin = 15_000): Promise<void> {
  const left = HOUR - (Date.now() % HOUR);
  if (left < margin) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe('audit watch: anomaly alerts', () => {
  let t: TestApp;
  let watchContext: INestApplicationContext;
  let watch: AnomalyWatch;
  let audit: AuditService;
  let agency: { id: string };
  let otherAgency: { id: string };
  let supervisor: WorldUser;
  let otherSupervisor: WorldUser;
  let auditor: WorldUser;

  /** Audit events as the API writes them; `at` dates them (AuditService takes the wall clock, so only Date is faked, briefly). */
  async function record(entries: AuditEntry[], at?: Date): Promise<void> {
    if (at) {
      jest.useFakeTimers({
        now: at,
        doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      });
    }
    try {
      await t.db.transaction((tx) => audit.record(tx, ...entries));
    } finally {
      if (at) jest.useRealTimers();
    }
  }

  async function scan(at: Date = new Date()) {
    t.clock.set(at);
    return watch.scan();
  }

  async function alerts(kind: string, userId: string): Promise<Alert[]> {
    return t.db.query(
      `SELECT recipient_id AS "recipientId", kind, text, case_id AS "caseId", case_number AS "caseNumber", ledger_key AS "ledgerKey"
         FROM notification WHERE kind = $1 AND ledger_key LIKE $2 ORDER BY ledger_key`,
      [kind, `anomaly:%${userId}%`],
    );
  }

  const view = (user: WorldUser, caseId: string): AuditEntry => ({
    actor: { type: 'USER', userId: user.id, agencyId: user.agencyId },
    action: 'CASE_VIEW',
    caseId,
    subjectType: 'Case',
    subjectId: caseId,
  });
  const denials = (user: WorldUser, count: number): AuditEntry[] =>
    Array.from({ length: count }, () => ({
      actor: { type: 'USER', userId: user.id, agencyId: user.agencyId },
      action: 'ACCESS_DENIED',
      outcome: 'DENIED',
      reason: 'case not visible',
      details: { attempted: 'CASE_VIEW' },
    }));

  beforeAll(async () => {
    // Scans read the whole trail and alert every auditor: a database of the suite's own.
    const env = { ...(await isolatedDatabase('anomaly')), ANOMALY_CASES_PER_HOUR: '3', ANOMALY_DENIALS_PER_10_MINUTES: '5', LOGIN_MAX_FAILURES: '3' };
    t = await createTestApp(env);
    audit = t.app.get(AuditService);
    watchContext = await startAnomalyWatch(t, 'test-watch');
    watch = watchContext.get(AnomalyWatch);
    const jurisdiction = await t.world.jurisdiction();
    agency = await t.world.agency(AgencyType.CHILD_WELFARE, jurisdiction.id);
    otherAgency = await t.world.agency(AgencyType.SHELTER, jurisdiction.id);
    supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    otherSupervisor = await t.world.user(Role.SUPERVISOR, otherAgency.id);
    auditor = await t.world.user(Role.AUDITOR, null);
  });

  afterAll(async () => {
    await watchContext?.close();
    await t?.close();
  });

  async function everyAuditor(): Promise<string[]> {
    return (await t.db.query(`SELECT id FROM app_user WHERE role = 'AUDITOR' AND active ORDER BY id`)).map((row: { id: string }) => row.id);
  }

  const sorted = (ids: string[]) => [...ids].sort();
  const recipientsOf = (sent: Alert[]) => sorted(sent.map((alert) => alert.recipientId));

  it('case views: exactly the limit is quiet, one distinct case more alerts supervisors and auditors once, a later hour alerts again', async () => {
    const reader = await t.world.user(Role.STAFF, agency.id);
    await clearOfHourBoundary();
    const [a, b, c, d] = Array.from({ length: 4 }, () => randomUUID());
    // Three distinct cases, one of them twice: at the limit, not over it.
    await record([view(reader, a!), view(reader, b!), view(reader, c!), view(reader, a!)]);
    expect((await scan()).caseViews).toBe(0);
    expect(await alerts(AnomalyKind.CASE_VIEWS, reader.id)).toEqual([]);

    await record([view(reader, d!)]);
    const report = await scan();
    expect(report.caseViews).toBe(1);
    const sent = await alerts(AnomalyKind.CASE_VIEWS, reader.id);
    expect(recipientsOf(sent)).toEqual(sorted([supervisor.id, ...(await everyAuditor())]));
    expect(sent.map((alert) => alert.recipientId)).toContain(auditor.id);
    expect(sent.map((alert) => alert.recipientId)).not.toContain(otherSupervisor.id);
    expect(sent.map((alert) => alert.recipientId)).not.toContain(reader.id);
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR).toISOString();
    expect(new Set(sent.map((alert) => alert.ledgerKey))).toEqual(new Set(sent.map((alert) => `anomaly:CASE_VIEWS:${reader.id}:${hour}:${alert.recipientId}`)));
    expect(sent[0]!.text).toContain(reader.id);
    expect(sent[0]!.text).toContain('4 different cases');
    expect(sent[0]!.caseId).toBeNull();

    // Scanning again (the job runs every minute) tells nobody twice.
    expect((await scan()).notified).toBe(0);
    expect(await alerts(AnomalyKind.CASE_VIEWS, reader.id)).toHaveLength(sent.length);

    // Two hours on, four more distinct cases: a new window, a new alert.
    const later = new Date(Date.now() + 2 * HOUR);
    await record(Array.from({ length: 4 }, () => view(reader, randomUUID())), later);
    expect((await scan(new Date(later.getTime() + 60_000))).notified).toBe(sent.length);
    const all = await alerts(AnomalyKind.CASE_VIEWS, reader.id);
    expect(all).toHaveLength(2 * sent.length);
    expect(new Set(all.map((alert) => alert.ledgerKey.split(':').slice(0, 5).join(':'))).size).toBe(2);
  });

  it('denials: four in ten minutes are quiet, the fifth alerts once; a later window alerts again', async () => {
    const prober = await t.world.user(Role.STAFF, agency.id);
    await record(denials(prober, 4));
    expect((await scan()).denials).toBe(0);
    expect(await alerts(AnomalyKind.DENIALS, prober.id)).toEqual([]);

    await record(denials(prober, 1));
    expect((await scan()).denials).toBe(1);
    const sent = await alerts(AnomalyKind.DENIALS, prober.id);
    expect(recipientsOf(sent)).toEqual(sorted([supervisor.id, ...(await everyAuditor())]));
    expect(sent[0]!.text).toContain('refused 5 times within ten minutes');
    expect(sent[0]!.text).toContain(prober.id);
    expect((await scan()).notified).toBe(0);

    const later = new Date(Date.now() + 3 * HOUR);
    await record(denials(prober, 5), later);
    expect((await scan(new Date(later.getTime() + 60_000))).notified).toBe(sent.length);
    expect(await alerts(AnomalyKind.DENIALS, prober.id)).toHaveLength(2 * sent.length);
  });

  it('break glass: supervisors of the actor’s agency and of the lead agency, and every auditor, are alerted once, without case content', async () => {
    const cast = await policyCast(t);
    const { pd1, pdSup, cwSup, shSup, coSup } = cast.people;
    await t.gql.ok(BREAK_GLASS, { caseId: cast.K.id, j: 'Child reported in immediate danger tonight; need the placement address' }, pd1.token);
    const report = await scan();
    expect(report.breakGlass).toBeGreaterThanOrEqual(1);
    const sent: Alert[] = await t.db.query(
      `SELECT recipient_id AS "recipientId", kind, text, case_id AS "caseId", case_number AS "caseNumber", ledger_key AS "ledgerKey"
         FROM notification WHERE kind = $1 AND case_id = $2`,
      [AnomalyKind.BREAK_GLASS, cast.K.id],
    );
    expect(recipientsOf(sent)).toEqual(sorted([pdSup.id, cwSup.id, ...(await everyAuditor())]));
    for (const outsider of [pd1, shSup, coSup]) expect(sent.map((alert) => alert.recipientId)).not.toContain(outsider.id);
    for (const alert of sent) {
      expect(alert.caseNumber).toBe(cast.K.caseNumber);
      expect(alert.text).toContain(cast.K.caseNumber);
      expect(alert.text).toContain(pd1.id);
      expect(alert.text).not.toMatch(/Jordan|Avery|Hidden Lane|555/);
      expect(alert.ledgerKey).toMatch(/^anomaly:BREAK_GLASS:[0-9a-f-]{36}:/);
    }
    // The lead agency's supervisor reads it in the API like any other notification.
    const inbox = await t.gql.ok(`{ notifications(first: 20) { edges { node { kind caseNumber text } } } }`, {}, cwSup.token);
    expect(inbox.notifications.edges.map((edge: any) => edge.node.kind)).toContain(AnomalyKind.BREAK_GLASS);
    expect((await scan()).notified).toBe(0);
  });

  it('locked account: the sign-in that locks is not alerted, a sign-in while locked is, once per hour', async () => {
    const holder = await t.world.user(Role.STAFF, agency.id);
    await clearOfHourBoundary(30_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await t.gql.code(LOGIN, { email: holder.email, password: 'Not-the-password-1' })).toBe('UNAUTHENTICATED');
    }
    await scan();
    expect(await alerts(AnomalyKind.LOCKED_ACCOUNT, holder.id)).toEqual([]);

    expect(await t.gql.code(LOGIN, { email: holder.email, password: holder.password })).toBe('UNAUTHENTICATED');
    expect((await scan()).lockedAccounts).toBeGreaterThanOrEqual(1);
    const sent = await alerts(AnomalyKind.LOCKED_ACCOUNT, holder.id);
    expect(recipientsOf(sent)).toEqual(sorted([supervisor.id, ...(await everyAuditor())]));
    expect(sent[0]!.text).toContain('locked account');
    expect(sent[0]!.text).toContain(holder.id);

    // Another try within the hour: the same alert, nobody told twice.
    expect(await t.gql.code(LOGIN, { email: holder.email, password: holder.password })).toBe('UNAUTHENTICATED');
    await scan();
    expect(await alerts(AnomalyKind.LOCKED_ACCOUNT, holder.id)).toHaveLength(sent.length);
  });

  it('disabled account: a token of a disabled user is refused and alerted', async () => {
    const leaver = await t.world.user(Role.STAFF, agency.id);
    const token = await t.signIn(leaver);
    await scan();
    expect(await alerts(AnomalyKind.LOCKED_ACCOUNT, leaver.id)).toEqual([]);
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [leaver.id]);
    expect(await t.gql.code(`{ me { id } }`, {}, token)).toBe('UNAUTHENTICATED');
    await scan();
    const sent = await alerts(AnomalyKind.LOCKED_ACCOUNT, leaver.id);
    expect(recipientsOf(sent)).toEqual(sorted([supervisor.id, ...(await everyAuditor())]));
    expect(sent[0]!.text).toContain('disabled account');
  });
});

describe('audit retention: audit:prune and audit:partitions', () => {
  let env: { DATABASE_URL: string; QUEUE_PREFIX: string };
  let owner: Client;
  let out: string;
  const config = AppConfig.fromEnv();
  const chainKey = `agency:${randomUUID()}`;
  const events: (ChainedEvent & { hash: Buffer; prev: Buffer })[] = [];

  function cli(args: string[]) {
    return spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/cli/src/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 90_000,
    });
  }

  async function exists(table: string): Promise<boolean> {
    const { rows } = await owner.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
    return rows[0].present;
  }

  /** A chain of real links, dated in 2010: three events in January, two in February. */
  async function seedOldChain(): Promise<void> {
    const dates = ['2010-01-05T08:00:00.000Z', '2010-01-17T12:30:00.000Z', '2010-01-31T23:59:59.999Z', '2010-02-01T00:00:00.000Z', '2010-02-14T09:15:00.000Z'];
    let previous: Buffer = GENESIS;
    for (const [index, date] of dates.entries()) {
      const event: ChainedEvent = {
        id: randomUUID(),
        occurredAt: new Date(date),
        actorType: 'USER',
        actorUserId: randomUUID(),
        actorAgencyId: chainKey.slice('agency:'.length),
        action: index === 1 ? 'ACCESS_DENIED' : 'CASE_VIEW',
        outcome: index === 1 ? 'DENIED' : 'ALLOWED',
        caseId: randomUUID(),
        subjectType: 'Case',
        subjectId: null,
        scopes: ['SUMMARY', 'IDENTITY'],
        justification: null,
        // CSV's hard cases: a quote, a comma and a line break in one value.
        reason: index === 1 ? 'refused, because "not a member"\nsecond line' : null,
        requestId: null,
        clientAddress: '10.0.0.1',
        userAgent: null,
        details: index === 1 ? { attempted: 'CASE_VIEW', note: 'x,"y"' } : {},
        chainKey,
        chainSeq: index + 1,
      };
      const hash = chainHash(config.values.AUDIT_HASH_KEY, previous, event);
      events.push({ ...event, prev: previous, hash });
      previous = hash;
    }
    for (const event of events) {
      await owner.query(
        `INSERT INTO audit_event (id, occurred_at, actor_type, actor_user_id, actor_agency_id, action, outcome, case_id, subject_type, subject_id, scopes,
                                  justification, reason, request_id, client_address, user_agent, details, chain_key, chain_seq, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        [event.id, event.occurredAt, event.actorType, event.actorUserId, event.actorAgencyId, event.action, event.outcome, event.caseId, event.subjectType,
          event.subjectId, event.scopes, event.justification, event.reason, event.requestId, event.clientAddress, event.userAgent, JSON.stringify(event.details),
          event.chainKey, event.chainSeq, event.prev, event.hash],
      );
    }
    // An event from before chaining in the same month: exported, never anchored.
    await owner.query(`INSERT INTO audit_event (occurred_at, actor_type, action, outcome) VALUES ('2010-01-20T10:00:00Z', 'SYSTEM', 'LEGACY_IMPORT', 'ALLOWED')`);
    await owner.query(`INSERT INTO audit_chain (chain_key, seq, hash) VALUES ($1, $2, $3)`, [chainKey, events.length, events.at(-1)!.hash]);
  }

  beforeAll(async () => {
    env = await isolatedDatabase('prune');
    owner = new Client({ connectionString: env.DATABASE_URL });
    await owner.connect();
    // audit_ensure_partitions only reaches back a month: old months are made by hand, as the owner.
    await owner.query(`CREATE TABLE audit_event_2010_01 PARTITION OF audit_event FOR VALUES FROM ('2010-01-01') TO ('2010-02-01')`);
    await owner.query(`CREATE TABLE audit_event_2010_02 PARTITION OF audit_event FOR VALUES FROM ('2010-02-01') TO ('2010-03-01')`);
    await seedOldChain();
    out = await mkdtemp(join(tmpdir(), 'tandem-prune-'));
  });

  afterAll(async () => {
    await owner?.end();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('audit:partitions lists every partition with its row count', () => {
    const run = cli(['audit:partitions']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/audit_event_2010_01\s+4\s/);
    expect(run.stdout).toMatch(/audit_event_2010_02\s+2\s/);
    expect(run.stdout).toMatch(/audit_event_default\s+0\s/);
  });

  it('refuses a month within retention (and a malformed one) with status 2, changing nothing', async () => {
    const latest = latestPrunableMonth(new Date(), config.values.AUDIT_RETENTION_YEARS);
    const [year, month] = latest.split('-').map(Number) as [number, number];
    const tooRecent = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    for (const before of [tooRecent, new Date().toISOString().slice(0, 7)]) {
      const run = cli(['audit:prune', '--before', before, '--out', out, '--yes']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('retention period');
      expect(run.stderr).toContain(`latest month allowed today is ${latest}`);
    }
    for (const args of [['audit:prune'], ['audit:prune', '--before', '2010-13'], ['audit:prune', '--before', '2010-01', '--out']]) {
      expect(cli(args).status).toBe(2);
    }
    // The latest allowed month itself is accepted (dry run).
    expect(cli(['audit:prune', '--before', latest, '--out', out]).status).toBe(0);
    expect(await exists('audit_event_2010_01')).toBe(true);
    expect(await readdir(out)).toEqual([]);
  });

  it('without --yes only lists what it would do', async () => {
    const run = cli(['audit:prune', '--before', '2010-02', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('would export audit_event_2010_01 (4 events)');
    expect(run.stdout).not.toContain('audit_event_2010_02');
    expect(run.stdout).toContain('dry run: nothing changed');
    expect(await exists('audit_event_2010_01')).toBe(true);
    expect(await readdir(out)).toEqual([]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM audit_chain_anchor`)).rows[0].n).toBe(0);
  });

  it('with --yes exports the month to CSV, checks it, anchors its chains, and drops it; the chain still verifies', async () => {
    const run = cli(['audit:prune', '--before', '2010-02', '--out', out, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('audit_event_2010_01: 4 events exported');
    expect(run.stdout).toContain(`${chainKey}@3`);

    const file = join(out, 'audit_event_2010_01.csv');
    expect(existsSync(file)).toBe(true);
    expect((await readBackCsv(file)).records).toBe(1 + 4);
    const text = readFileSync(file, 'utf8');
    const columns = 'id,occurred_at,actor_type,actor_user_id,actor_agency_id,action,outcome,case_id,subject_type,subject_id,scopes,justification,reason,request_id,client_address,user_agent,details,chain_key,chain_seq,prev_hash,hash';
    expect(text.split('\n')[0]).toBe(columns.split(',').map((column) => `"${column}"`).join(','));
    for (const event of events.slice(0, 3)) {
      // Times as PostgreSQL writes them, in UTC.
      expect(text).toContain(`"${event.id}","${event.occurredAt.toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '+00')}"`);
      expect(text).toContain(`"\\x${event.hash.toString('hex')}"`);
    }
    expect(text).toContain('"refused, because ""not a member""\nsecond line"');
    expect(text).not.toContain(events[3]!.id);

    expect(await exists('audit_event_2010_01')).toBe(false);
    expect(await exists('audit_event_2010_02')).toBe(true);
    const anchors = (await owner.query(`SELECT chain_key AS "chainKey", partition_name AS partition, last_seq AS "lastSeq", last_hash AS "lastHash" FROM audit_chain_anchor`)).rows;
    expect(anchors).toEqual([{ chainKey, partition: 'audit_event_2010_01', lastSeq: '3', lastHash: events[2]!.hash }]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM audit_event WHERE occurred_at < '2010-02-01'`)).rows[0].n).toBe(0);

    // Verification now starts at the anchor: February's events still link to the dropped January.
    const verify = cli(['audit:verify']);
    expect(verify.stdout).toContain('every chain is intact');
    expect(verify.status).toBe(0);

    const listed = cli(['audit:partitions']);
    expect(listed.stdout).not.toContain('audit_event_2010_01');
    // Nothing left before February: a second run has nothing to do.
    const again = cli(['audit:prune', '--before', '2010-02', '--out', out, '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing to do');
  });
});

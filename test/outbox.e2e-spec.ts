import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { WorkerModule } from '@apps/worker/worker.module';
import { AppConfig, OutboxRelay, OutboxService, QueueName, SystemTopic, Transactions } from '@tandem/platform';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isolatedDatabase } from './support/test-database';
import { waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');

describe('outbox and queues', () => {
  // A database and queue prefix of its own: its relays and real worker would otherwise move and
  // consume other suites' events (and other suites' workers this suite's), so a job looked up
  // here could already be gone.
  beforeAll(async () => {
    Object.assign(process.env, await isolatedDatabase('outbox'));
  });

  describe('the relay, driven by hand', () => {
    let context: INestApplicationContext;
    let relay: OutboxRelay;
    let events: Queue;
    let db: DataSource;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(AppConfig.fromEnv())] }).compile();
      relay = moduleRef.get(OutboxRelay);
      relay.disableAutoStart();
      context = moduleRef;
      await moduleRef.init();
      // Nobody consumes in this block: jobs stay in the queue to be inspected.
      await moduleRef.get(getQueueToken(QueueName.EVENTS)).pause();
      events = moduleRef.get(getQueueToken(QueueName.EVENTS));
      db = moduleRef.get(DataSource);
    });

    afterAll(async () => {
      await events.resume();
      await context.close();
    });

    it('writes the event in the caller transaction: a rolled back change leaves no event', async () => {
      const outbox = context.get(OutboxService);
      // Other suites write events at the same time: look for this one only.
      const probe = `rollback-${Date.now()}`;
      let written: string[] = [];
      await expect(
        context.get(Transactions).run(async (tx) => {
          written = await outbox.publish(tx, { topic: SystemTopic.PING, payload: { probe } });
          throw new Error('the change fails');
        }),
      ).rejects.toThrow('the change fails');
      expect(written).toHaveLength(1);
      const after = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE id = $1 OR payload->>'probe' = $2`, [written[0], probe]);
      expect(after[0].n).toBe(0);
    });

    it('moves committed rows to BullMQ with the row id as job id, and marks them sent', async () => {
      const outbox = context.get(OutboxService);
      const [id] = await context.get(Transactions).run((tx) => outbox.publish(tx, { topic: SystemTopic.PING, payload: { probe: 1 } }));
      expect(await relay.relayOnce()).toBeGreaterThanOrEqual(1);
      const job = await events.getJob(id!);
      expect(job?.name).toBe(SystemTopic.PING);
      expect(job?.data).toMatchObject({ eventId: id, probe: 1 });
      const [row] = await db.query(`SELECT sent_at FROM outbox WHERE id = $1`, [id]);
      expect(row.sent_at).not.toBeNull();
      // A sent row is never relayed again.
      await relay.relayOnce();
      const [again] = await db.query(`SELECT attempts FROM outbox WHERE id = $1`, [id]);
      expect(again.attempts).toBe(1);
    });

    it('does not make a second job when a row is relayed twice (crash before it was marked sent)', async () => {
      const outbox = context.get(OutboxService);
      const [id] = await context.get(Transactions).run((tx) => outbox.publish(tx, { topic: SystemTopic.PING, payload: {} }));
      await relay.relayOnce();
      const first = await events.getJob(id!);
      expect(first?.id).toBe(id);
      await db.query(`UPDATE outbox SET sent_at = NULL WHERE id = $1`, [id]);
      expect(await relay.relayOnce()).toBeGreaterThanOrEqual(1);
      const [row] = await db.query(`SELECT attempts, sent_at FROM outbox WHERE id = $1`, [id]);
      expect(row.attempts).toBe(2);
      expect(row.sent_at).not.toBeNull();
      // The second add with the same job id is a no-op: the queued job is the first one.
      const second = await events.getJob(id!);
      expect(second?.timestamp).toBe(first?.timestamp);
      expect((await events.getJobs(['waiting'])).filter((job) => job.id === id)).toHaveLength(1);
    });
  });

  describe('a real worker process', () => {
    let worker: ChildProcess;
    let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    let output = '';

    beforeAll(() => {
      worker = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      worker.stdout!.on('data', (chunk) => (output += chunk));
      worker.stderr!.on('data', (chunk) => (output += chunk));
      exit = new Promise((resolve) => worker.on('exit', (code, signal) => resolve({ code, signal })));
    });

    afterAll(() => {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    });

    it('processes a heartbeat, handles an outbox event end to end, and stops cleanly on SIGTERM', async () => {
      await waitFor('the worker to start', async () => output.includes('Tandem worker started') || worker.exitCode !== null, 30_000).catch((error) => {
        throw new Error(`${error.message}; worker said: ${output.slice(-2000)}`);
      });
      await waitFor('the worker heartbeat', async () => /"msg":"heartbeat /.test(output), 30_000);
      // This process only writes a row and watches Redis; the worker process relays and handles it.
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        await db.connect();
        const { rows } = await db.query(`INSERT INTO outbox (topic, payload) VALUES ($1, '{}') RETURNING id`, [SystemTopic.PING]);
        await db.query(`NOTIFY outbox`);
        await waitFor('the ping to be handled', () => redis.get(`${process.env.QUEUE_PREFIX}:ping:${rows[0].id}`), 20_000);
      } finally {
        await db.end();
        redis.disconnect();
      }
      worker.kill('SIGTERM');
      const stopped = await exit;
      // Nest closes every module (BullMQ workers wait for their active jobs), then re-raises the signal.
      expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
      expect(output).toContain('Tandem worker stopped');
    }, 60_000);
  });
});

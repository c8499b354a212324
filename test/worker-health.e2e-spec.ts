import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { AppConfig, ConfigModule, HEARTBEAT_EVERY_MS, QueueModule, SystemProcessor } from '@tandem/platform';
import IORedis from 'ioredis';
import { deletePrefixKeys, waitFor } from './support/worker-doubles';

// The worker container's health check (docker/worker-health.mjs, run by compose): healthy while the
// heartbeat job of docker's workers has run lately, unhealthy when it stopped, never ran, or Redis is away.

const SCRIPT = join(__dirname, '..', 'docker', 'worker-health.mjs');
const PREFIX = `${process.env.QUEUE_PREFIX}-worker-health`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HEARTBEAT_KEY = `${PREFIX}:worker:heartbeat`;

interface Outcome {
  status: number | null;
  output: string;
  ms: number;
}

/** Runs the script as Docker would: a plain node process in the app's directory, with the container's environment. */
function healthCheck(env: Record<string, string>): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { cwd: join(__dirname, '..'), env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: output.trim(), ms: Date.now() - started }));
  });
}

describe('worker health check', () => {
  const env = { REDIS_URL, QUEUE_PREFIX: PREFIX, NODE_ENV: 'production' };
  let redis: IORedis;
  let worker: TestingModule | undefined;

  beforeAll(() => {
    redis = new IORedis(REDIS_URL);
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    await deletePrefixKeys(redis, PREFIX);
    redis.disconnect();
  });

  it('is healthy once a worker has beaten, from the real heartbeat job', async () => {
    await redis.del(HEARTBEAT_KEY);
    const config = AppConfig.fromEnv({ ...process.env, QUEUE_PREFIX: PREFIX });
    worker = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), QueueModule.forRoot()], providers: [SystemProcessor] }).compile();
    await worker.init();
    await waitFor('the heartbeat', () => redis.get(HEARTBEAT_KEY));

    const outcome = await healthCheck(env);
    expect(outcome).toMatchObject({ status: 0, output: expect.stringMatching(/^worker heartbeat \d+ s ago$/) });
  });

  it('is unhealthy when no worker ever beat', async () => {
    await redis.del(HEARTBEAT_KEY);
    expect(await healthCheck(env)).toMatchObject({ status: 1, output: 'no worker heartbeat in Redis' });
  });

  it('is unhealthy when the last beat is older than three intervals, healthy just within them', async () => {
    const limit = (3 * HEARTBEAT_EVERY_MS) / 1000;
    await redis.set(HEARTBEAT_KEY, new Date(Date.now() - (limit + 5) * 1000).toISOString(), 'EX', 300);
    expect(await healthCheck(env)).toMatchObject({ status: 1, output: expect.stringMatching(new RegExp(`^worker heartbeat \\d+ s ago, more than ${limit} s$`)) });
    await redis.set(HEARTBEAT_KEY, new Date(Date.now() - (limit - 10) * 1000).toISOString(), 'EX', 300);
    expect(await healthCheck(env)).toMatchObject({ status: 0 });
  });

  it('is unhealthy on a heartbeat it cannot read', async () => {
    await redis.set(HEARTBEAT_KEY, 'not a time', 'EX', 300);
    expect(await healthCheck(env)).toMatchObject({ status: 1, output: 'worker heartbeat unreadable' });
  });

  it('is unhealthy, quickly, when Redis cannot be reached', async () => {
    const outcome = await healthCheck({ ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(outcome).toMatchObject({ status: 1, output: expect.stringMatching(/^Redis unreachable/) });
    // Docker gives a check 5 seconds (compose.yaml); the script gives up well before.
    expect(outcome.ms).toBeLessThan(5_000);
  });
});

import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureAudit } from './audit-bench';
import { measureDeadlineLag } from './deadline-lag';

const root = join(__dirname, '..', '..', '..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** `npm run bench -- <scenario> [options]`; each scenario writes its figures to bench/results/. */
async function main(): Promise<void> {
  const scenario = process.argv[2] ?? 'deadlines';
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let result: unknown;
  if (scenario === 'deadlines') {
    result = await measureDeadlineLag(baseUrl, {
      count: option('count', 10_000),
      windowMs: option('window-seconds', 60) * 1000,
      leadMs: option('lead-seconds', 20) * 1000,
      root,
    });
  } else if (scenario === 'audit') {
    result = await measureAudit(baseUrl, { seconds: option('seconds', 10), concurrency: option('concurrency', 8), verifyEvents: option('verify-events', 1_000_000) });
  } else {
    throw new Error(`unknown scenario "${scenario}" (known: deadlines, audit)`);
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${file}`);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});

// Runs one of Tandem's built apps: `node scripts/run.mjs api|worker|cli|bench [args...]`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [app, ...args] = process.argv.slice(2);
const entries = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
  schema: 'dist/apps/api/src/schema.js',
  bench: 'dist/bench/src/main.js',
};
const flags = createRequire(import.meta.url)('./node-flags.cjs');
const entry = entries[app];
if (!entry) {
  console.error(`usage: run.mjs ${Object.keys(entries).join('|')} [args...]`);
  process.exit(2);
}
if (!existsSync(join(root, entry))) {
  console.error(`${entry} is missing: run "npm run build" first`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--enable-source-maps', ...(flags[app] ?? []), '-r', join(root, 'scripts/paths.cjs'), join(root, entry), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// Started by `npm start` (scripts/start.mjs) with an IPC channel: if that process dies, the app stops.
if (process.channel) process.on('disconnect', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

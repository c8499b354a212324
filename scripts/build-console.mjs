// Builds the web console (apps/console) into apps/console/dist with Vite, unless the build there
// is newer than every source file of the console (then it is left alone: a running API may be
// serving it). `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'apps', 'console');
const index = join(source, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((name) => name !== 'dist').map((name) => newest(join(path, name))));
}

const current = existsSync(index) && statSync(index).mtimeMs >= newest(source);
if (current && !process.argv.includes('--force')) process.exit(0);
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(source, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);

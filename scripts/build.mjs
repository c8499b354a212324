// Compiles every app and lib to dist/ with swc (types are checked by `npm run typecheck`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const swc = join(root, 'node_modules', '.bin', 'swc');
const result = spawnSync(
  swc,
  ['apps', 'libs', 'bench', '-d', 'dist', '--config-file', '.swcrc', '--ignore', '**/*.spec.ts', '--ignore', 'apps/console/**', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);
// Data files the code reads beside itself.
if (result.status === 0) {
  for (const file of ['libs/identity/src/common-passwords.txt']) copyFileSync(join(root, file), join(root, 'dist', file));
}
process.exit(result.status ?? 1);

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const CONSOLE_DIST = join(root, 'apps', 'console', 'dist');

/** Builds the web console when its build is missing or older than its sources, as `npm start` does. */
export function ensureConsoleBuilt(): void {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-console.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web console did not build');
}

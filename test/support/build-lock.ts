import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` rebuilds dist/ (it is emptied first), and the CLI and the apps it starts run from
// there: two suites that run it at once would pull files from under each other. They take this
// lock, one per checkout, for the whole suite. A lock left by a process that died is taken over.

const root = join(__dirname, '..', '..');
const lockFile = join(tmpdir(), `tandem-npm-start-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`);

function holderRuns(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    return false;
  }
  // Written but not yet filled in: its holder is there.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the checkout's `npm start` lock and returns its release. */
export async function lockNpmStart(timeoutMs = 900_000): Promise<() => void> {
  const began = Date.now();
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderRuns()) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() - began > timeoutMs) throw new Error(`another suite has held ${lockFile} for ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

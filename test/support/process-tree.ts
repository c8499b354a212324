import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// Processes as /proc shows them, for suites that start `npm start` and must prove that every
// process of the tree it made is gone.

/** A process as /proc shows it; the start time tells a reused pid from the process we saw. */
export interface Proc {
  pid: number;
  ppid: number;
  startTime: string;
  command: string;
}

export function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), startTime: fields[19]!, command };
  } catch {
    return null;
  }
}

/** The process and all its descendants, wherever they are in process groups and sessions. */
export function treeOf(rootPid: number): Proc[] {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readProc(Number(name))).filter((proc): proc is Proc => proc !== null);
  const tree: Proc[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    const proc = all.find((candidate) => candidate.pid === pid);
    if (proc) tree.push(proc);
    for (const child of all.filter((candidate) => candidate.ppid === pid)) queue.push(child.pid);
  }
  return tree;
}

/** Whether the process seen is still the one running under its pid. */
export const alive = (proc: Proc): boolean => readProc(proc.pid)?.startTime === proc.startTime;

/** A command started for a suite: its output kept, every process of its tree remembered, all killable. */
export class StartedTree {
  output = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process of the tree seen so far. */
  readonly seen = new Map<number, Proc>();

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => {
      this.output += chunk;
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  snapshot(): Proc[] {
    for (const proc of treeOf(this.child.pid!)) this.seen.set(proc.pid, proc);
    return [...this.seen.values()];
  }

  running(): Proc[] {
    return [...this.seen.values()].filter(alive);
  }

  killAll(): void {
    for (const proc of this.running()) {
      try {
        process.kill(proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** The end of the output, for the message of a failing test. */
  tail(): string {
    return this.output.slice(-4000);
  }
}

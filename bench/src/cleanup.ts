/**
 * What must not outlive an interrupted run (spawned processes, the run's database): a run
 * registers it here, and Ctrl-C or SIGTERM undoes it before the benchmark exits.
 */
const tasks = new Set<() => Promise<void>>();

export function onInterrupt(task: () => Promise<void>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export function installInterruptHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up...`);
      void Promise.allSettled([...tasks].reverse().map((task) => task())).then(() => process.exit(130));
    });
  }
}

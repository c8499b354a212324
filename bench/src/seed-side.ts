import 'reflect-metadata';
import { seedSide, SideResult, SideTask } from './seed';

/** The second process of `seedDatabase`: gets its task from the first, sends back its logs and its row counts. */
process.once('message', (task: SideTask) => {
  const send = (message: { log?: string; result?: SideResult; error?: string }) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  seedSide(task, (line) => void send({ log: line })).then(
    async (result) => {
      await send({ result });
      process.exit(0);
    },
    async (error: Error) => {
      await send({ error: error.stack ?? error.message });
      process.exit(1);
    },
  );
});

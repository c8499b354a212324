// Preloaded into the API process by `npm run bench -- <scenario> --cpu-prof`: profiles the process's
// main thread with V8's sampling profiler over one scenario's measured run at a time, on the
// benchmark's word over the IPC channel, and writes each profile where the benchmark says
// (a `.cpuprofile`, which Chrome DevTools' Performance panel and speedscope open as a flame graph).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

type Message = { profile: 'start' } | { profile: 'stop'; file: string };

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));

let ready: Promise<unknown> = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 200 }));

process.on('message', (message: Message) => {
  if (typeof message !== 'object' || message === null || !('profile' in message)) return;
  ready = ready
    .then(async () => {
      if (message.profile === 'start') {
        await post('Profiler.start');
      } else {
        const { profile } = (await post('Profiler.stop')) as { profile: unknown };
        writeFileSync(message.file, JSON.stringify(profile));
      }
      process.send?.({ profiled: message.profile });
    })
    .catch((error: Error) => process.send?.({ profiled: 'failed', reason: error.message }));
});

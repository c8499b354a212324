import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { LoadOutcome, ScreeningInstruments, shippedInstrumentFiles } from '@tandem/screening';
import { AppConfig } from '@tandem/platform';
import type { Command } from './commands';
import { CliModule } from './cli.module';

async function withInstruments<T>(config: AppConfig, work: (service: ScreeningInstruments) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app.get(ScreeningInstruments));
  } finally {
    await app.close();
  }
}

/** One line per file: loaded, already there, or refused with each reason. Returns whether it was taken. */
function report(file: string, outcome: LoadOutcome): boolean {
  if (!outcome.ok) {
    console.error(`screening:load: ${file} refused; nothing was loaded from it:`);
    for (const problem of outcome.problems) console.error(`  ${problem.path}: ${problem.message}`);
    return false;
  }
  const what = `${outcome.instrumentId} version ${outcome.version}${outcome.practice ? ' (PRACTICE ONLY: never for a real child)' : ''}`;
  console.log(outcome.loaded ? `screening:load: ${what} loaded (digest ${outcome.digest.slice(0, 12)})` : `screening:load: ${what} is already loaded with this very definition; nothing changed`);
  return true;
}

/** Screening instruments as data (docs/screening-instruments.md): loaded by whoever runs the command line, with database access. */
export const SCREENING_COMMANDS: Record<string, Command> = {
  'screening:load': {
    summary: 'load screening instrument definitions (JSON files; --shipped for those Tandem ships); a loaded version never changes; exit status 1 listing every reason a file is refused',
    async run(config, args) {
      const files = [...args.positional.map((path) => resolve(path)), ...(args.flags.shipped ? shippedInstrumentFiles() : [])];
      if (!files.length) {
        console.error('screening:load: name one or more instrument definition files (JSON), or --shipped');
        return 2;
      }
      const taken = await withInstruments(config, async (service) => {
        let all = true;
        for (const file of files) all = report(file, await service.loadFile(file)) && all;
        return all;
      });
      return taken ? 0 : 1;
    },
  },
};

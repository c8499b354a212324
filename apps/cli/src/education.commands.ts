import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { EducationLoader, formatContentProblem, LoadOutcome } from '@tandem/education';
import { AppConfig } from '@tandem/platform';
import type { Command } from './commands';
import { CliModule } from './cli.module';

async function withLoader(config: AppConfig, work: (loader: EducationLoader) => Promise<LoadOutcome>): Promise<LoadOutcome> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app.get(EducationLoader));
  } finally {
    await app.close();
  }
}

/** Warning-signs education content from files (docs/design.md, "Warning-signs education"): operators, with database access. */
export const EDUCATION_COMMANDS: Record<string, Command> = {
  'education:load': {
    summary: 'load warning signs, guides and what-to-do steps from a JSON file or a folder of them: all or nothing; exit status 1 naming each refused item',
    async run(config, args) {
      const path = args.positional[0];
      if (!path) {
        console.error('education:load: name a .json content file or a folder of them');
        return 2;
      }
      const outcome = await withLoader(config, (loader) => loader.load(resolve(path)));
      if (!outcome.ok) {
        for (const problem of outcome.problems) console.error(formatContentProblem(problem));
        console.error(`education:load: ${outcome.problems.length} problem(s); nothing was loaded`);
        return 1;
      }
      const changed = outcome.inserted + outcome.updated;
      console.log(
        `education:load: ${outcome.items} items in ${outcome.files} file(s): ${changed ? `${outcome.inserted} new, ${outcome.updated} changed, ${outcome.unchanged} unchanged` : 'already up to date, nothing changed'}`,
      );
      return 0;
    },
  },
};

import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DirectoryImportService, formatProblem } from '@tandem/directory';
import { AppConfig } from '@tandem/platform';
import type { Command } from './commands';
import { CliModule } from './cli.module';

/** Problems listed before the rest are summed up, so that a very bad package does not flood the terminal. */
const SHOWN_PROBLEMS = 200;

async function withImport<T>(config: AppConfig, work: (service: DirectoryImportService) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app.get(DirectoryImportService));
  } finally {
    await app.close();
  }
}

/** The directory's import and export (docs/directory-import.md): system administrators, with database access. */
export const DIRECTORY_COMMANDS: Record<string, Command> = {
  'directory:import': {
    summary: 'import an HSDS package (folder, datapackage.json or HSDS .json) into the directory: all or nothing; exit status 1 listing every bad row',
    async run(config, args) {
      const path = args.positional[0];
      if (!path) {
        console.error('directory:import: name a folder, a datapackage.json or an HSDS .json file');
        return 2;
      }
      const started = Date.now();
      const outcome = await withImport(config, (service) => service.import(resolve(path)));
      for (const note of outcome.ignored) console.log(`ignored (not stored by Tandem): ${note}`);
      if (!outcome.ok) {
        for (const problem of outcome.problems.slice(0, SHOWN_PROBLEMS)) console.error(formatProblem(problem));
        if (outcome.problems.length > SHOWN_PROBLEMS) console.error(`... and ${outcome.problems.length - SHOWN_PROBLEMS} more`);
        console.error(`directory:import: ${outcome.problems.length} problem(s); nothing was imported`);
        return 1;
      }
      for (const figure of outcome.held) {
        console.log(`held beds: capacity ${figure.id}: ${figure.imported} available in the package, ${figure.held} held for accepted referrals whose child has not arrived: ${figure.available} shown as available`);
      }
      for (const [table, count] of Object.entries(outcome.tables)) {
        if (count.rows) console.log(`  ${table.padEnd(20)} ${String(count.rows).padStart(7)} rows: ${count.inserted} new, ${count.updated} changed`);
      }
      console.log(`directory:import: ${outcome.changed ? `${outcome.changed} rows written` : 'already up to date, nothing changed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    },
  },
  'directory:export': {
    summary: 'write the whole directory to a folder as an HSDS tabular data package (datapackage.json and CSV files)',
    async run(config, args) {
      const folder = args.positional[0];
      if (!folder) {
        console.error('directory:export: name the folder to write the package to');
        return 2;
      }
      const counts = await withImport(config, (service) => service.export(resolve(folder)));
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      console.log(`directory:export: ${total} rows written to ${resolve(folder)} (${Object.entries(counts).map(([table, n]) => `${table} ${n}`).join(', ')})`);
      return 0;
    },
  },
};

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DirectoryImportService, formatProblem } from '@tandem/directory';

/** The committed HSDS package of the demo directory, found from the source or from the build (dist/). */
export function demoDirectoryPackage(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('The demo directory package was not found (apps/cli/src/demo/directory)');
    folder = parent;
  }
  return join(folder, 'apps', 'cli', 'src', 'demo', 'directory');
}

/**
 * The demo's resource directory (docs/directory-import.md, "The demo directory"): shelters, counseling,
 * medical exams, legal advocacy and hotlines in the four demo jurisdictions, linked to the demo agencies,
 * imported as any HSDS package is. Bed counts are as fresh as the first load (stamped with its time);
 * a second load changes nothing, and keeps the counts the shelters have updated since.
 */
@Injectable()
export class DemoDirectory {
  constructor(private readonly directory: DirectoryImportService) {}

  async seed(): Promise<number> {
    const outcome = await this.directory.import(demoDirectoryPackage(), { via: 'demo-seed', newCapacityAt: new Date() });
    if (!outcome.ok) throw new Error(`The demo directory package is refused:\n${outcome.problems.slice(0, 20).map(formatProblem).join('\n')}`);
    return outcome.changed;
  }
}

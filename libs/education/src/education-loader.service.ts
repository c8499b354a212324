import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { Clock, Transactions } from '@tandem/platform';
import { ContentProblem, contentHash, readContentFile } from './education-content';
import { EducationRepository } from './education.repository';
import { ContentItem, SHIPPED_PREFIX } from './education.types';

export const EducationAudit = {
  LOAD: 'EDUCATION_LOAD',
  PUBLISH: 'EDUCATION_ITEM_PUBLISH',
  RETRACT: 'EDUCATION_ITEM_RETRACT',
} as const;

/** What a load did: nothing when a file is refused (`ok` false, every problem listed), else the counts. */
export type LoadOutcome =
  | { ok: false; problems: ContentProblem[] }
  | { ok: true; files: number; items: number; inserted: number; updated: number; unchanged: number; retired: number };

/** The content Tandem ships (libs/education/content), found from the source or from the build (dist/). */
export function shippedContentFolder(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('The shipped education content was not found (libs/education/content)');
    folder = parent;
  }
  return join(folder, 'libs', 'education', 'content');
}

/** The `.json` files of a folder and its sub-folders, by name; a file is itself. */
function contentFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? contentFiles(join(path, entry.name)) : entry.name.endsWith('.json') ? [join(path, entry.name)] : []));
}

/**
 * Loads education content from JSON files (docs/design.md, "Warning-signs education"): every file is
 * read and checked before anything is written, and one refused item refuses the load, naming the file
 * and the item's path. Items are upserted by id; an item whose content has not changed is not written
 * again, so loading the same files twice changes nothing. Audited with counts only.
 */
@Injectable()
export class EducationLoader {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EducationRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Loads an operator's file or folder. Ids beginning `tandem.` are the shipped content's and are refused. */
  async load(path: string, via = 'cli'): Promise<LoadOutcome> {
    if (!existsSync(path)) return { ok: false, problems: [{ file: path, path: '(file)', message: 'does not exist' }] };
    return this.loadFiles(contentFiles(path), path, { via, shipped: false });
  }

  /** Loads the content Tandem ships, and retires what an earlier version shipped and this one no longer does. */
  async loadShipped(via = 'startup'): Promise<LoadOutcome> {
    const folder = shippedContentFolder();
    if (!existsSync(folder)) return { ok: false, problems: [{ file: folder, path: '(folder)', message: 'does not exist' }] };
    return this.loadFiles(contentFiles(folder), folder, { via, shipped: true });
  }

  private async loadFiles(files: string[], root: string, options: { via: string; shipped: boolean }): Promise<LoadOutcome> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const problems: ContentProblem[] = [];
    const items: ContentItem[] = [];
    const where = new Map<string, string>();
    if (!files.length) return { ok: false, problems: [{ file: root, path: '(folder)', message: 'holds no .json content file' }] };
    for (const path of files) {
      const file = statSync(root).isDirectory() ? relative(root, path) || basename(path) : basename(path);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        problems.push({ file, path: '(file)', message: `is not valid JSON (${(error as Error).message})` });
        continue;
      }
      const read = readContentFile(file, parsed, today);
      problems.push(...read.problems);
      read.items.forEach((item) => {
        const index = (parsed as { items: { id?: unknown }[] }).items.findIndex((raw) => raw?.id === item.id);
        const at = `items[${index}].id`;
        if (item.id.startsWith(SHIPPED_PREFIX) !== options.shipped) {
          problems.push({ file, path: at, message: options.shipped ? `must begin "${SHIPPED_PREFIX}" in the shipped content` : `must not begin "${SHIPPED_PREFIX}": those ids are the content Tandem ships` });
        } else if (where.has(item.id)) {
          problems.push({ file, path: at, message: `"${item.id}" is also an item of ${where.get(item.id)}` });
        } else {
          where.set(item.id, file);
          items.push(item);
        }
      });
    }
    if (problems.length) return { ok: false, problems };
    return this.transactions.run(async (tx) => {
      await this.repository.lockLoads(tx);
      const stored = await this.repository.stored(tx, items.map((item) => item.id));
      const at = this.clock.now();
      let inserted = 0;
      let updated = 0;
      for (const item of items) {
        const hash = contentHash(item);
        const before = stored.get(item.id);
        if (before && before.contentHash === hash && !before.retracted) continue;
        await this.repository.upsertLoaded(tx, item, hash, options.via, at);
        if (before) updated += 1;
        else inserted += 1;
      }
      const retired = options.shipped ? await this.repository.retireShipped(tx, items.map((item) => item.id), at) : 0;
      const outcome = { ok: true as const, files: files.length, items: items.length, inserted, updated, unchanged: items.length - inserted - updated, retired };
      if (inserted + updated + retired) {
        await this.audit.record(tx, {
          actor: SYSTEM,
          action: EducationAudit.LOAD,
          subjectType: 'EducationContent',
          details: { via: options.via, shipped: options.shipped, files: files.length, inserted, updated, retired },
        });
      }
      return outcome;
    });
  }
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { AppConfig, Clock, Transactions, Tx } from '@tandem/platform';
import { DefinitionProblem, digestOf, parseInstrument } from './instrument-definition';
import { ScreeningRepository } from './screening.repository';
import { InstrumentRecord } from './screening.types';

export type LoadOutcome =
  | { ok: true; instrumentId: string; version: string; digest: string; loaded: boolean; practice: boolean }
  | { ok: false; problems: DefinitionProblem[] };

/** The folder of the instruments Tandem ships (those it may redistribute), found from the source or from the build. */
export function shippedInstrumentsFolder(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('The shipped screening instruments were not found (libs/screening/instruments)');
    folder = parent;
  }
  return join(folder, 'libs', 'screening', 'instruments');
}

/** The shipped instrument files. */
export function shippedInstrumentFiles(): string[] {
  const folder = shippedInstrumentsFolder();
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * Loads instrument versions as data (docs/screening-instruments.md). A version, once loaded, never
 * changes: loading it again with the same definition changes nothing, with another is refused, and
 * a changed instrument is loaded as a new version beside the old one, so that every screening keeps
 * the definition it was scored with.
 */
@Injectable()
export class ScreeningInstruments {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: ScreeningRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Reads a definition file (JSON) and loads it. */
  async loadFile(path: string): Promise<LoadOutcome> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read';
      return { ok: false, problems: [{ path: '(file)', message: reason }] };
    }
    return this.load(raw);
  }

  async load(raw: unknown): Promise<LoadOutcome> {
    const parsed = parseInstrument(raw);
    if (!parsed.ok) return parsed;
    const { definition } = parsed;
    // Production screens real children: a practice instrument has no place there.
    if (definition.practice && this.config.isProduction) {
      return { ok: false, problems: [{ path: 'practice', message: 'a practice instrument is for demonstrations, training and tests: it is never loaded in production' }] };
    }
    const digest = digestOf(definition);
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const inserted = await this.repository.insertInstrument(tx, definition, digest, now);
      const base = { ok: true as const, instrumentId: definition.id, version: definition.version, digest, practice: definition.practice };
      if (inserted) {
        await this.audit.record(tx, {
          actor: SYSTEM,
          action: 'SCREENING_INSTRUMENT_LOAD',
          subjectType: 'ScreeningInstrument',
          details: { instrumentId: definition.id, version: definition.version, digest, practice: definition.practice, license: definition.license.name },
        });
        return { ...base, loaded: true };
      }
      const existing = await this.repository.findInstrument(tx, definition.id, definition.version);
      if (existing?.digest === digest) return { ...base, loaded: false };
      return {
        ok: false,
        problems: [{ path: 'version', message: `${definition.id} version ${definition.version} is already loaded with another definition: a loaded version never changes, so give the changed definition a new version number` }],
      };
    });
  }

  async list(tx: Tx): Promise<InstrumentRecord[]> {
    return this.repository.instruments(tx);
  }

  async find(tx: Tx, instrumentId: string, version: string): Promise<InstrumentRecord | null> {
    return this.repository.findInstrument(tx, instrumentId, version);
  }
}

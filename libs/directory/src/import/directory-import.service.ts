import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { actorOf, AuditActor, AuditService, SYSTEM } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { AgencyRepository, JurisdictionRepository } from '@tandem/identity';
import { Transactions, Tx } from '@tandem/platform';
import { DirectoryImportRepository, UpsertCount } from './directory-import.repository';
import { dataPackageDescriptor } from './hsds-datapackage';
import { DIRECTORY_IMPORT_RUN } from '../directory.policies';
import { readPackage, readUploadedPackage, UploadedFile } from './hsds-reader';
import { DirectoryTable, TABLE_SPECS } from './hsds-tables';
import { agencyKey, ImportProblem, Lookups, outsideReferences, RawPackage, StoredRow, validatePackage } from './hsds-validate';

export const DIRECTORY_IMPORT = 'DIRECTORY_IMPORT';
export const DIRECTORY_EXPORT = 'DIRECTORY_EXPORT';

/**
 * A figure of the package at a site where beds are held for accepted referrals whose child has not
 * arrived: the shelter's own count does not know they are taken, so Tandem shows as available the
 * package's figure less those beds, never below zero (docs/directory-import.md, "Beds held").
 */
export interface HeldFigure {
  id: string;
  /** The package's figure. */
  imported: number;
  /** Beds held and not yet occupied. */
  held: number;
  /** What is stored and shown as available. */
  available: number;
}

/** What an import did: per table, rows read, inserted and updated; or every problem, and nothing written. */
export type ImportOutcome =
  | { ok: true; format: RawPackage['format']; tables: Record<string, UpsertCount & { rows: number }>; changed: number; ignored: string[]; held: HeldFigure[] }
  | { ok: false; format: RawPackage['format']; problems: ImportProblem[]; ignored: string[] };

/** Per table, the rows written to a package. */
export type ExportOutcome = Record<string, number>;

/** A stored time as the export writes it: UTC, ISO 8601, no trailing zero decimals. */
const isoTime = (value: string) => `${value.replace(/\.?0+$/, '')}Z`;

/**
 * Imports and exports the directory in HSDS's tabular format and HSDS JSON (docs/directory-import.md):
 * all or nothing in one transaction, upserting by HSDS id, audited with counts only.
 */
@Injectable()
export class DirectoryImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DirectoryImportRepository,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Reads, validates and writes a package; `via` says who ran it, for the audit trail. With
   * `newCapacityAt`, a capacity figure the directory does not hold yet is stamped with that time
   * instead of the package's (the demo's beds are fresh when first loaded).
   */
  async import(path: string, options: { via?: string; newCapacityAt?: Date } = {}): Promise<ImportOutcome> {
    return this.importPackage(readPackage(path), SYSTEM, options.via ?? 'cli', options.newCapacityAt);
  }

  /** A package sent as files by a system administrator (the console's import), audited as theirs. */
  async importFiles(viewer: Viewer, files: readonly UploadedFile[]): Promise<ImportOutcome> {
    authorize(DIRECTORY_IMPORT_RUN, viewer, undefined, { subjectType: 'Directory' });
    return this.importPackage(readUploadedPackage(files), actorOf(viewer), 'console');
  }

  private async importPackage(pkg: RawPackage, actor: AuditActor, via: string, newCapacityAt?: Date): Promise<ImportOutcome> {
    if (pkg.problems.length) return { ok: false, format: pkg.format, problems: pkg.problems, ignored: pkg.ignored };
    return this.transactions.run(async (tx) => {
      await this.repository.lock(tx);
      const checked = validatePackage(pkg, await this.lookups(tx, pkg));
      if (checked.problems.length) return { ok: false, format: pkg.format, problems: checked.problems, ignored: pkg.ignored };
      const tables: Record<string, UpsertCount & { rows: number }> = {};
      const held: HeldFigure[] = [];
      let changed = 0;
      for (const spec of TABLE_SPECS) {
        let values = checked.tables.get(spec.table) ?? [];
        if (spec.table === 'service_capacity' && newCapacityAt) {
          const stored = await this.repository.existingIds(tx, 'service_capacity', values.map((row) => row.id as string));
          const at = newCapacityAt.toISOString();
          values = values.map((row) => (stored.has(row.id as string) ? row : { ...row, updated: at }));
        }
        if (spec.table === 'service_capacity') values = await this.lessBedsHeld(tx, values, held);
        const count = spec.table === 'service_capacity' ? await this.repository.upsertCapacity(tx, spec, values) : await this.repository.upsert(tx, spec, values);
        tables[spec.table] = { rows: values.length, ...count };
        changed += count.inserted + count.updated;
      }
      await this.audit.record(tx, {
        actor,
        action: DIRECTORY_IMPORT,
        subjectType: 'Directory',
        details: { via, format: pkg.format, changed, tables, heldFigures: held.length },
      });
      return { ok: true, format: pkg.format, tables, changed, ignored: pkg.ignored, held };
    });
  }

  /** Writes the whole directory to `folder` as a tabular data package: datapackage.json and one CSV per table. */
  async export(folder: string, via = 'cli'): Promise<ExportOutcome> {
    return this.transactions.run(
      async (tx) => {
        const codes = new Map((await this.jurisdictions.list(tx)).map((j) => [j.id, j.code]));
        const agencies = new Map((await this.agencies.list(tx, {})).map((a) => [a.id, { code: codes.get(a.jurisdictionId) ?? '', name: a.name }]));
        mkdirSync(folder, { recursive: true });
        const counts: ExportOutcome = {};
        for (const spec of TABLE_SPECS) {
          const stored = spec.table === 'service_capacity' ? await this.withBedsHeld(tx, await this.repository.exportRows(tx, spec)) : await this.repository.exportRows(tx, spec);
          const records = stored.map((row) =>
            spec.columns.map((column) => {
              if (column.kind === 'jurisdiction') return row.jurisdiction_id ? (codes.get(row.jurisdiction_id) ?? '') : '';
              if (column.kind === 'agency-jurisdiction') return row.agency_id ? (agencies.get(row.agency_id)?.code ?? '') : '';
              if (column.kind === 'agency-name') return row.agency_id ? (agencies.get(row.agency_id)?.name ?? '') : '';
              const value = row[column.name];
              if (value === null || value === undefined) return '';
              return column.kind === 'datetime' ? isoTime(value) : value;
            }),
          );
          writeFileSync(join(folder, spec.file), stringify([spec.columns.map((column) => column.name), ...records], { record_delimiter: 'unix' }));
          counts[spec.table] = records.length;
        }
        writeFileSync(join(folder, 'datapackage.json'), `${JSON.stringify(dataPackageDescriptor(), null, 2)}\n`);
        await this.audit.record(tx, { actor: SYSTEM, action: DIRECTORY_EXPORT, subjectType: 'Directory', details: { via, tables: counts } });
        return counts;
      },
      'REPEATABLE READ',
    );
  }

  /**
   * The package's capacity figures with the beds held for referrals whose child has not arrived taken
   * off what is available (never below zero); each figure so changed is added to `held`.
   */
  private async lessBedsHeld(tx: Tx, values: StoredRow[], held: HeldFigure[]): Promise<StoredRow[]> {
    const waiting = await this.repository.bedsAwaitingArrival(tx, values.map((row) => row.id as string));
    if (waiting.size === 0) return values;
    return values.map((row) => {
      const beds = waiting.get(row.id as string);
      if (!beds) return row;
      const imported = Number(row.available);
      const available = Math.max(0, imported - beds);
      held.push({ id: row.id as string, imported, held: beds, available });
      return { ...row, available: String(available) };
    });
  }

  /**
   * Exported capacity figures as the shelter's own count has them: what is shown as available plus
   * the beds held for children not arrived yet (never above the maximum), so that importing the export
   * back shows the same figures.
   */
  private async withBedsHeld(tx: Tx, figures: Record<string, string | null>[]): Promise<Record<string, string | null>[]> {
    const waiting = await this.repository.bedsAwaitingArrival(tx, figures.map((row) => row.id!));
    return figures.map((row) => {
      const beds = waiting.get(row.id!);
      if (!beds) return row;
      const counted = Number(row.available) + beds;
      return { ...row, available: String(row.maximum === null ? counted : Math.min(counted, Number(row.maximum))) };
    });
  }

  /** What validation needs of the database: the referenced rows the package does not hold, jurisdictions, agencies. */
  private async lookups(tx: Tx, pkg: RawPackage): Promise<Lookups> {
    const existing = new Map<DirectoryTable, Set<string>>();
    for (const [table, ids] of outsideReferences(pkg)) existing.set(table, await this.repository.existingIds(tx, table, [...ids]));
    const jurisdictions = await this.jurisdictions.list(tx);
    const codes = new Map(jurisdictions.map((j) => [j.id, j.code]));
    const agencies = new Map((await this.agencies.list(tx, {})).map((a) => [agencyKey(codes.get(a.jurisdictionId) ?? '', a.name), a.id]));
    return {
      exists: (table, id) => existing.get(table)?.has(id) ?? false,
      jurisdictions: new Map(jurisdictions.map((j) => [j.code, j.id])),
      agencies,
      organizationOfAgency: await this.repository.organizationsOfAgencies(tx),
    };
  }
}

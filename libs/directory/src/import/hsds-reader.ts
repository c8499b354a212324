import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { flattenHsdsJson } from './hsds-json';
import { specFor, TABLE_SPECS, TableSpec } from './hsds-tables';
import { ImportProblem, RawPackage, RawRow, RawTable } from './hsds-validate';

const NOT_UTF8 = 'not UTF-8: the file must be encoded in UTF-8';

/** The line of the first byte sequence that is not UTF-8, or null when the whole buffer is UTF-8. */
export function firstNonUtf8Line(bytes: Buffer): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return null;
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i += 1) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          return line;
        }
        line += 1;
        start = i + 1;
      }
    }
    return line;
  }
}

/** Reads one CSV file of a package: its header and rows, each with the line it starts on. */
export function readCsv(spec: TableSpec, file: string, bytes: Buffer, ignored: string[]): { table: RawTable | null; problems: ImportProblem[] } {
  const badLine = firstNonUtf8Line(bytes);
  if (badLine !== null) return { table: null, problems: [{ file, line: badLine, column: null, reason: NOT_UTF8 }] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(bytes.toString('utf8'), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { table: null, problems: [{ file, line: lines ?? null, column: null, reason: `malformed CSV: ${message}` }] };
  }
  if (records.length === 0) return { table: { spec, file, header: [], rows: [] }, problems: [] };
  const header = records[0]!.record.map((name) => name.trim());
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.push({ file, line: 1, column: name, reason: 'column appears twice in the header' });
    seen.add(name);
    if (!spec.columns.some((column) => column.name === name)) ignored.push(`${file}: column ${name}`);
  }
  const rows: RawRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - breaks;
    if (record.length !== header.length) {
      problems.push({ file, line, column: null, reason: `has ${record.length} fields, the header has ${header.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, index) => (values[name] = record[index]!));
    rows.push({ line, values });
  }
  return { table: { spec, file, header, rows }, problems };
}

interface DataPackageResource {
  name?: string;
  path?: string;
}

/** The files of a package, wherever they are: a folder on disk, or files sent to the API. */
interface PackageFiles {
  /** The file's bytes, or null when the package has no such file. */
  read(name: string): Buffer | null;
}

function folderFiles(folder: string): PackageFiles {
  return {
    read: (name) => {
      const full = resolve(folder, name);
      return existsSync(full) && !statSync(full).isDirectory() ? readFileSync(full) : null;
    },
  };
}

function readTabular(files: PackageFiles, resources: DataPackageResource[]): RawPackage {
  const pkg: RawPackage = { format: 'tabular', tables: [], problems: [], ignored: [] };
  for (const resource of resources) {
    const path = typeof resource.path === 'string' ? resource.path : null;
    const spec = path ? specFor(resource.name, path) : undefined;
    if (!path || !spec) {
      pkg.ignored.push(`resource ${resource.name ?? path ?? '(unnamed)'}`);
      continue;
    }
    const bytes = files.read(path);
    if (!bytes) {
      pkg.problems.push({ file: path, line: null, column: null, reason: 'file named in datapackage.json not found' });
      continue;
    }
    const { table, problems } = readCsv(spec, path, bytes, pkg.ignored);
    pkg.problems.push(...problems);
    if (table) pkg.tables.push(table);
  }
  return pkg;
}

/** The HSDS resources found by their file names alone (organizations.csv, services.csv, ...), without a datapackage.json. */
function resourcesByName(has: (file: string) => boolean): DataPackageResource[] {
  return TABLE_SPECS.flatMap((spec) => [spec.file, ...spec.aliases].filter(has).slice(0, 1).map((file) => ({ name: spec.resource, path: file })));
}

/** A JSON file: a datapackage.json (its CSV files read from `files`), or an HSDS JSON document. */
function readJsonFile(file: string, bytes: Buffer, files: PackageFiles): RawPackage {
  const badLine = firstNonUtf8Line(bytes);
  if (badLine !== null) return { format: 'json', tables: [], problems: [{ file, line: badLine, column: null, reason: NOT_UTF8 }], ignored: [] };
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { format: 'json', tables: [], problems: [{ file, line: null, column: null, reason: `malformed JSON: ${(error as Error).message}` }], ignored: [] };
  }
  const resources = (document as { resources?: unknown })?.resources;
  if (Array.isArray(resources)) return readTabular(files, resources as DataPackageResource[]);
  return flattenHsdsJson(file, document);
}

/** A file sent to the API: its name (no folder) and its text. */
export interface UploadedFile {
  name: string;
  content: string;
}

/**
 * Reads a package sent as files (the console's import): one HSDS JSON file, or a datapackage.json
 * with the CSV files it names, or HSDS CSV files by their names alone. Only the names sent are read:
 * a path in datapackage.json finds a file by its name, never anything on the server.
 */
export function readUploadedPackage(uploaded: readonly UploadedFile[]): RawPackage {
  const byName = new Map(uploaded.map((file) => [basename(file.name), Buffer.from(file.content, 'utf8')]));
  const files: PackageFiles = { read: (name) => byName.get(basename(name)) ?? null };
  const descriptor = byName.get('datapackage.json');
  if (descriptor) return readJsonFile('datapackage.json', descriptor, files);
  const json = uploaded.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (json.length === 1 && uploaded.length === 1) return readJsonFile(basename(json[0]!.name), byName.get(basename(json[0]!.name))!, files);
  const resources = resourcesByName((file) => byName.has(file));
  if (resources.length === 0 || json.length > 0) {
    return {
      format: json.length ? 'json' : 'tabular',
      tables: [],
      problems: [{ file: uploaded.map((file) => file.name).join(', ') || '(no file)', line: null, column: null, reason: 'send one HSDS JSON file, or a datapackage.json with its CSV files, or HSDS CSV files named as HSDS names them (organizations.csv, services.csv, ...)' }],
      ignored: [],
    };
  }
  return readTabular(files, resources);
}

/**
 * Reads a package (docs/directory-import.md): a folder (with a datapackage.json, or the HSDS file
 * names alone), a datapackage.json, or an HSDS JSON file of organizations or services.
 */
export function readPackage(path: string): RawPackage {
  const target = resolve(path);
  if (!existsSync(target)) throw new Error(`${path}: no such file or folder`);
  if (statSync(target).isDirectory()) {
    const descriptor = join(target, 'datapackage.json');
    if (existsSync(descriptor)) return readPackage(descriptor);
    const resources = resourcesByName((file) => existsSync(join(target, file)));
    if (resources.length === 0) throw new Error(`${path}: neither a datapackage.json nor any HSDS file (organizations.csv, services.csv, ...) in this folder`);
    return readTabular(folderFiles(target), resources);
  }
  return readJsonFile(basename(target), readFileSync(target), folderFiles(dirname(target)));
}

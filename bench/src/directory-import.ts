import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, runMigrations } from '@tandem/platform';
import { createDatabase, databaseUrl, dropDatabase } from './bench-db';
import { onInterrupt } from './cleanup';
import { Rng } from './prng';

export interface DirectoryImportResult {
  services: number;
  /** Rows of the package, every file. */
  rows: number;
  /** The import of a new package into an empty directory, as the command reports it (reading, validating, writing). */
  seconds: number;
  /** The same, as a system administrator waits for it: the whole command, start to exit. */
  commandSeconds: number;
  /** A second import of the same package, which changes nothing. */
  againSeconds: number;
  changedAgain: number;
}

const csv = (cells: (string | number)[]) => cells.map((cell) => (typeof cell === 'string' && /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : String(cell))).join(',');

/**
 * Writes an HSDS package of `services` services, 10 to an organization, each at a site of its own
 * with an address, two schedules, a phone and a bed count (docs/directory-import.md).
 */
export function writeDirectoryPackage(folder: string, services: number, seed = 7): number {
  const random = new Rng(seed);
  const files: Record<string, string[]> = {
    'organizations.csv': ['id,name,description'],
    'units.csv': ['id,name', 'bed,Bed'],
    'services.csv': ['id,organization_id,name,status,service_type,minimum_age,maximum_age,population_sex,public,description'],
    'locations.csv': ['id,location_type,organization_id,name,latitude,longitude,confidential'],
    'addresses.csv': ['id,location_id,address_1,city,state_province,postal_code,country,address_type'],
    'service_at_location.csv': ['id,service_id,location_id'],
    'schedules.csv': ['id,service_at_location_id,freq,byday,opens_at,closes_at'],
    'phones.csv': ['id,service_id,number,type'],
    'service_capacity.csv': ['id,service_id,unit_id,available,maximum,updated,service_at_location_id'],
  };
  const types = ['EMERGENCY_SHELTER', 'COUNSELING', 'MEDICAL_EXAM', 'LEGAL_ADVOCACY', 'HOTLINE'];
  for (let i = 0; i < services; i += 1) {
    const org = `org-${Math.floor(i / 10)}`;
    if (i % 10 === 0) files['organizations.csv']!.push(csv([org, `Organization ${Math.floor(i / 10)}`, 'Services for children and youth, invented for the benchmark']));
    const maximum = 4 + random.int(20);
    files['services.csv']!.push(csv([`svc-${i}`, org, `Service ${i}`, 'active', types[i % types.length]!, 10 + random.int(4), 17 + random.int(5), i % 3 === 0 ? 'FEMALE' : 'ANY', i % 5 === 4 ? 'true' : 'false', 'Invented service']));
    files['locations.csv']!.push(csv([`loc-${i}`, 'physical', org, `Site ${i}`, (25 + random.int(20000) / 1000).toFixed(4), (-95 + random.int(15000) / 1000).toFixed(4), i % 4 === 0 ? 'true' : 'false']));
    files['addresses.csv']!.push(csv([`addr-${i}`, `loc-${i}`, `${100 + random.int(9000)} Example Street`, 'Springfield', 'MO', '63101', 'US', 'physical']));
    files['service_at_location.csv']!.push(csv([`sal-${i}`, `svc-${i}`, `loc-${i}`]));
    files['schedules.csv']!.push(csv([`sch-${i}-a`, `sal-${i}`, 'WEEKLY', 'MO,TU,WE,TH,FR', '08:00', '18:00']), csv([`sch-${i}-b`, `sal-${i}`, 'WEEKLY', 'SA,SU', '10:00', '14:00']));
    files['phones.csv']!.push(csv([`ph-${i}`, `svc-${i}`, `555-01${String(i % 100).padStart(2, '0')}`, 'voice']));
    files['service_capacity.csv']!.push(csv([`cap-${i}`, `svc-${i}`, 'bed', random.int(maximum + 1), maximum, '2026-12-01T08:00:00Z', `sal-${i}`]));
  }
  let rows = 0;
  for (const [file, lines] of Object.entries(files)) {
    writeFileSync(join(folder, file), `${lines.join('\n')}\n`);
    rows += lines.length - 1;
  }
  return rows;
}

function runImport(root: string, url: string, folder: string): { commandSeconds: number; seconds: number; changed: number } {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['-r', join(root, 'scripts/paths.cjs'), join(root, 'dist/apps/cli/src/main.js'), 'directory:import', folder], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const commandSeconds = (Date.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`directory:import failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const summary = /directory:import: (?:(\d+) rows written|already up to date, nothing changed) in ([\d.]+) s/.exec(run.stdout);
  if (!summary) throw new Error(`directory:import said: ${run.stdout.slice(-500)}`);
  return { commandSeconds, seconds: Number(summary[2]), changed: Number(summary[1] ?? 0) };
}

/** `npm run bench -- directory-import`: a generated package of `services` services imported by the real command into a fresh database, then again. */
export async function measureDirectoryImport(baseUrl: string, root: string, services = 10_000): Promise<DirectoryImportResult> {
  const name = `tandem_bench_dir_${Date.now().toString(36)}`;
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-directory-'));
  const forget = onInterrupt(() => dropDatabase(baseUrl, name));
  try {
    const rows = writeDirectoryPackage(folder, services);
    await createDatabase(baseUrl, name);
    const url = databaseUrl(baseUrl, name);
    await runMigrations(AppConfig.fromEnv({ ...process.env, DATABASE_URL: url, NODE_ENV: 'development' }));
    const first = runImport(root, url, folder);
    if (first.changed !== rows) throw new Error(`directory:import wrote ${first.changed} rows of ${rows}`);
    const again = runImport(root, url, folder);
    return { services, rows, seconds: first.seconds, commandSeconds: Math.round(first.commandSeconds * 10) / 10, againSeconds: again.seconds, changedAgain: again.changed };
  } finally {
    await dropDatabase(baseUrl, name);
    forget();
    rmSync(folder, { recursive: true, force: true });
  }
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CliModule } from '@apps/cli/cli.module';
import { DirectoryImportService, ImportOutcome, TABLE_SPECS } from '@tandem/directory';
import { AppConfig } from '@tandem/platform';
import { directoryFiles, writePackage } from './support/directory-package';
import { isolatedDatabase } from './support/test-database';

const root = join(__dirname, '..');
const TABLES = [...TABLE_SPECS.map((spec) => spec.table), 'capacity_history'];

interface Db {
  env: Record<string, string>;
  client: Client;
  cli: INestApplicationContext;
  service: DirectoryImportService;
}

async function open(suffix: string): Promise<Db> {
  const env = await isolatedDatabase(suffix);
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const cli = await NestFactory.createApplicationContext(CliModule.forRoot(AppConfig.fromEnv({ ...process.env, ...env })), { logger: false });
  return { env, client, cli, service: cli.get(DirectoryImportService) };
}

/** Every row of every directory table (capacity history without its serial), as JSON text, in a fixed order. */
async function contents(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const order = table === 'capacity_history' ? 'capacity_id, version' : 'id';
    const { rows } = await db.client.query(`SELECT to_jsonb(t) - 'id' - 'search' AS row, ${table === 'capacity_history' ? `''` : 'id'} AS key FROM directory.${table} t ORDER BY ${order}`);
    out[table] = rows.map((row) => ({ key: row.key, ...row.row }));
  }
  return out;
}

async function setUpPlace(db: Db): Promise<void> {
  const [place] = (await db.client.query(`INSERT INTO jurisdiction (code, name) VALUES ('STL', 'St. Louis') RETURNING id`)).rows;
  await db.client.query(`INSERT INTO agency (name, type, jurisdiction_id) VALUES ('St. Louis Youth Emergency Shelter', 'SHELTER', $1)`, [place.id]);
}

const problemsOf = (outcome: ImportOutcome) => (outcome.ok ? [] : outcome.problems);

describe('directory:import and directory:export', () => {
  let db: Db;
  let fresh: Db;
  const files = directoryFiles('STL', 'St. Louis Youth Emergency Shelter');

  beforeAll(async () => {
    db = await open('dir_import');
    fresh = await open('dir_import_fresh');
    await setUpPlace(db);
    await setUpPlace(fresh);
  }, 120_000);
  afterAll(async () => {
    for (const each of [db, fresh]) {
      await each?.cli.close();
      await each?.client.end();
    }
  });

  it('refuses a package with any bad row, listing each exactly, and writes nothing', async () => {
    const before = await contents(db);
    const cases: [string, Record<string, string | Buffer>, unknown[]][] = [
      [
        'missing required column',
        { ...files, 'services.csv': files['services.csv']!.replace('id,organization_id,name,status,service_type', 'id,organization_id,name,status') .replace(/,EMERGENCY_SHELTER,/, ',').replace(/,HOTLINE,/, ',') },
        [{ file: 'services.csv', line: 1, column: 'service_type', reason: 'missing required column' }],
      ],
      [
        'bad foreign key',
        { ...files, 'service_at_location.csv': 'id,service_id,location_id\nsal-north,svc-beds,loc-nowhere\nsal-phone,svc-gone,loc-phone\n' },
        [
          { file: 'service_at_location.csv', line: 2, column: 'location_id', reason: 'no location with id "loc-nowhere"' },
          { file: 'service_at_location.csv', line: 3, column: 'service_id', reason: 'no service with id "svc-gone"' },
        ],
      ],
      [
        'bad enum',
        { ...files, 'locations.csv': files['locations.csv']!.replace('loc-phone,virtual', 'loc-phone,online') },
        [{ file: 'locations.csv', line: 3, column: 'location_type', reason: '"online" is not one of physical, postal, virtual' }],
      ],
      [
        'bad number',
        { ...files, 'service_capacity.csv': files['service_capacity.csv']!.replace(',3,10,', ',three,10,') },
        [{ file: 'service_capacity.csv', line: 2, column: 'available', reason: '"three" is not a number' }],
      ],
      [
        'duplicate id',
        { ...files, 'phones.csv': `${files['phones.csv']}ph-beds,svc-beds,,314-555-0102,,voice\n` },
        [{ file: 'phones.csv', line: 4, column: 'id', reason: 'duplicate id "ph-beds" (first on line 2)' }],
      ],
      [
        'wrong encoding',
        { ...files, 'contacts.csv': Buffer.concat([Buffer.from('id,service_id,name,title\ncon-intake,svc-beds,Intake d'), Buffer.from([0xe9, 0x73]), Buffer.from('k,Intake\n')]) },
        [{ file: 'contacts.csv', line: 2, column: null, reason: 'not UTF-8: the file must be encoded in UTF-8' }],
      ],
    ];
    for (const [kind, broken, expected] of cases) {
      const outcome = await db.service.import(writePackage(broken));
      expect([kind, outcome.ok, problemsOf(outcome)]).toEqual([kind, false, expected]);
    }
    expect(await contents(db)).toEqual(before);
    expect((await db.client.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'DIRECTORY_IMPORT'`)).rows[0].n).toBe(0);
  });

  it('imports a valid package, then a second import of it changes nothing; capacity enters its history as IMPORT', async () => {
    const folder = writePackage(files);
    const first = await db.service.import(folder);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    expect(first.changed).toBe(17);
    expect(first.tables.service).toEqual({ rows: 2, inserted: 2, updated: 0 });
    const after = await contents(db);
    expect(after.service_capacity).toEqual([expect.objectContaining({ key: 'cap-north', available: 3, maximum: 10, version: 1, updated_by: null, service_at_location_id: 'sal-north' })]);
    expect(after.capacity_history).toEqual([expect.objectContaining({ capacity_id: 'cap-north', version: 1, available: 3, reason: 'IMPORT' })]);
    const [org] = (await db.client.query(`SELECT o.agency_id = a.id AS linked FROM directory.organization o, agency a WHERE o.id = 'org-harbor' AND a.name = 'St. Louis Youth Emergency Shelter'`)).rows;
    expect(org.linked).toBe(true);

    const second = await db.service.import(folder);
    if (!second.ok) throw new Error('second import refused');
    expect(second.changed).toBe(0);
    expect(Object.values(second.tables).every((count) => count.inserted === 0 && count.updated === 0)).toBe(true);
    expect(await contents(db)).toEqual(after);
    // Audited with counts only: no name, address or phone of the package.
    const events = (await db.client.query(`SELECT actor_type, details FROM audit_event WHERE action = 'DIRECTORY_IMPORT' ORDER BY occurred_at`)).rows;
    expect(events.map((event) => [event.actor_type, event.details.via, event.details.changed])).toEqual([
      ['SYSTEM', 'cli', 17],
      ['SYSTEM', 'cli', 0],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Harbor|Example Street|555/);
  });

  it('updates what changed only, and keeps a newer live figure over an older imported one', async () => {
    const changed = { ...files, 'service_capacity.csv': files['service_capacity.csv']!.replace(',3,10,Beds tonight,2026-12-01T07:30:00Z', ',1,10,Beds tonight,2026-12-01T09:00:00Z'), 'units.csv': 'id,name,scheme\nbed,Bed,local\n' };
    const outcome = await db.service.import(writePackage(changed));
    if (!outcome.ok) throw new Error('refused');
    expect([outcome.changed, outcome.tables.unit, outcome.tables.service_capacity]).toEqual([2, { rows: 1, inserted: 0, updated: 1 }, { rows: 1, inserted: 0, updated: 1 }]);
    const history = (await db.client.query(`SELECT version, available::int, reason FROM directory.capacity_history WHERE capacity_id = 'cap-north' ORDER BY version`)).rows;
    expect(history).toEqual([
      { version: 1, available: 3, reason: 'IMPORT' },
      { version: 2, available: 1, reason: 'IMPORT' },
    ]);
    // The original package's figure (07:30) is older than the stored one (09:00): kept as stored.
    const older = await db.service.import(writePackage(files));
    if (!older.ok) throw new Error('refused');
    expect(older.tables.service_capacity).toEqual({ rows: 1, inserted: 0, updated: 0 });
    expect(older.tables.unit).toEqual({ rows: 1, inserted: 0, updated: 1 });
  });

  it('round trip: export, import into a fresh database, export again: the files are identical and so are the tables', async () => {
    const one = mkdtempSync(join(tmpdir(), 'tandem-export-'));
    const two = mkdtempSync(join(tmpdir(), 'tandem-export-'));
    await db.service.export(one);
    const imported = await fresh.service.import(one);
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    await fresh.service.export(two);
    const names = readdirSync(one).sort();
    expect(names).toEqual([...TABLE_SPECS.map((spec) => spec.file), 'datapackage.json'].sort());
    for (const name of names) expect([name, readFileSync(join(two, name), 'utf8')]).toEqual([name, readFileSync(join(one, name), 'utf8')]);
    const source = await contents(db);
    const copy = await contents(fresh);
    // Jurisdiction and agency ids differ between the databases; the export carries their codes and names.
    // A live figure's version counts its changes in this database; the package carries the figure itself.
    const portable = (tables: Record<string, unknown[]>) =>
      JSON.parse(JSON.stringify(tables).replace(/"(jurisdiction_id|agency_id)":"[0-9a-f-]{36}"/g, '"$1":"linked"').replace(/"version":\d+/g, '"version":"counted"'));
    const { capacity_history: _h1, ...sourceTables } = portable(source);
    const { capacity_history: _h2, ...copyTables } = portable(copy);
    expect(copyTables).toEqual(sourceTables);
    expect(readFileSync(join(one, 'services.csv'), 'utf8')).toContain('2026-12-01T07:00:00.25Z,EMERGENCY_SHELTER,FEMALE,true,true,true,false,STL');
  });

  it('reads HSDS JSON with the same rules: valid services nest their organization, sites and capacities; a bad one is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-json-'));
    const service = {
      id: 'svc-json',
      name: 'Legal advocacy clinic',
      status: 'active',
      service_type: 'LEGAL_ADVOCACY',
      minimum_age: 10,
      organization: { id: 'org-json', name: 'Justice Partners', description: 'Advocates' },
      phones: [{ id: 'ph-json', number: '314-555-0142', extension: 3 }],
      service_at_locations: [
        {
          id: 'sal-json',
          location: { id: 'loc-json', location_type: 'physical', latitude: 38.63, longitude: -90.2, addresses: [{ id: 'addr-json', address_1: '1 Example Plaza', city: 'St. Louis', state_province: 'MO', postal_code: '63103', country: 'US', address_type: 'physical' }] },
          schedules: [{ id: 'sch-json', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '10:00', closes_at: '16:00' }],
          capacities: [{ id: 'cap-json', available: 4, maximum: 6, updated: '2026-12-02T10:00:00Z', unit: { id: 'slot', name: 'Appointment' } }],
        },
      ],
    };
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ contents: [service] }));
    const good = await db.service.import(join(dir, 'good.json'));
    if (!good.ok) throw new Error(JSON.stringify(good.problems));
    expect([good.format, good.changed]).toEqual(['json', 9]);
    const [site] = (await db.client.query(`SELECT c.available::int, c.service_at_location_id, s.location_id FROM directory.service_capacity c JOIN directory.service_at_location s ON s.id = c.service_at_location_id WHERE c.id = 'cap-json'`)).rows;
    expect(site).toEqual({ available: 4, service_at_location_id: 'sal-json', location_id: 'loc-json' });

    const before = await contents(db);
    const bad = { ...service, id: 'svc-json-2', status: 'closed', service_at_locations: [{ id: 'sal-json-2', location_id: 'loc-missing' }] };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([bad]));
    const refused = await db.service.import(join(dir, 'bad.json'));
    expect(problemsOf(refused)).toEqual([
      { file: 'bad.json', line: null, path: '$[0]', column: 'status', reason: '"closed" is not one of active, inactive, defunct, temporarily closed' },
      { file: 'bad.json', line: null, path: '$[0].service_at_locations[0]', column: 'location_id', reason: 'no location with id "loc-missing"' },
    ]);
    expect(await contents(db)).toEqual(before);
  });

  it('the commands: an import prints every problem with its place and exits 1, a good one exits 0; an export writes the package', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/cli/src/main.ts'), ...args], { cwd: root, env: { ...process.env, ...db.env }, encoding: 'utf8', timeout: 120_000 });
    const bad = cli(['directory:import', writePackage({ ...files, 'units.csv': 'id,name\nbed,\n' })]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('units.csv:2 [name]: missing required value');
    expect(bad.stderr).toContain('1 problem(s); nothing was imported');
    const good = cli(['directory:import', writePackage(files)]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('directory:import:');
    const out = mkdtempSync(join(tmpdir(), 'tandem-export-'));
    const exported = cli(['directory:export', out]);
    expect([exported.status, exported.stderr]).toEqual([0, '']);
    expect(exported.stdout).toMatch(/^directory:export: \d+ rows written to /);
    expect(readFileSync(join(out, 'units.csv'), 'utf8').split('\n')[0]).toBe('id,name,scheme,identifier,uri');
    expect(cli(['directory:import']).status).toBe(2);
    // Four commands, each compiling the CLI from source: seconds each on a busy 2-core machine.
  }, 240_000);
});

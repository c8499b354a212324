import { AgencyType, Role } from '@tandem/authz';
import { directoryFiles } from './support/directory-package';
import { isolatedDatabase } from './support/test-database';
import { createTestApp, TestApp } from './support/test-app';

// The console's directory import: a package sent as files to `importDirectory`, all or nothing,
// for system administrators only, audited as theirs. Its own database, so that the counts are this
// suite's alone.

const IMPORT = `mutation($input: DirectoryImportInput!) {
  importDirectory(input: $input) { format changed tables { table rows inserted updated } ignored held { capacityId imported held available } }
}`;

type File = { name: string; content: string };
const filesOf = (files: Record<string, string>): File[] => Object.entries(files).map(([name, content]) => ({ name, content }));
const descriptorOf = (files: Record<string, string>, extra: { name: string; path: string }[] = []): File => ({
  name: 'datapackage.json',
  content: JSON.stringify({
    profile: 'tabular-data-package',
    resources: [...Object.keys(files).map((path) => ({ name: path.replace(/\.csv$/, '').replace(/s$/, '').replace(/addresse$/, 'address'), path })), ...extra],
  }),
});

describe('importDirectory: the directory import from the console', () => {
  let t: TestApp;
  let tokens: Record<'sysadmin' | 'agencyAdmin' | 'supervisor', string>;
  let sysadminId: string;
  const files = directoryFiles('DIMP', 'Directory Import Shelter');

  const directoryRows = async () => (await t.db.query(`SELECT (SELECT count(*) FROM directory.organization)::int + (SELECT count(*) FROM directory.service)::int AS n`))[0].n as number;
  const imports = async () => t.world.count('audit_event', `action = 'DIRECTORY_IMPORT'`);

  beforeAll(async () => {
    t = await createTestApp(await isolatedDatabase('dir_import_api'));
    const [place] = await t.db.query(`INSERT INTO jurisdiction (code, name) VALUES ('DIMP', 'Directory Import County') RETURNING id`);
    const [agency] = await t.db.query(`INSERT INTO agency (name, type, jurisdiction_id) VALUES ('Directory Import Shelter', $1, $2) RETURNING id`, [AgencyType.SHELTER, place.id]);
    const sysadmin = await t.world.user(Role.SYSTEM_ADMIN, null);
    sysadminId = sysadmin.id;
    tokens = {
      sysadmin: await t.signIn(sysadmin),
      agencyAdmin: await t.signIn(await t.world.user(Role.AGENCY_ADMIN, agency.id)),
      supervisor: await t.signIn(await t.world.user(Role.SUPERVISOR, agency.id)),
    };
  }, 120_000);
  afterAll(() => t?.close());

  it('is refused to everyone but system administrators, and nothing is written', async () => {
    const input = { files: [...filesOf(files), descriptorOf(files)] };
    expect(await t.gql.code(IMPORT, { input }, tokens.agencyAdmin)).toBe('FORBIDDEN');
    expect(await t.gql.code(IMPORT, { input }, tokens.supervisor)).toBe('FORBIDDEN');
    expect(await t.gql.code(IMPORT, { input })).toBe('UNAUTHENTICATED');
    expect(await directoryRows()).toBe(0);
    expect(await imports()).toBe(0);
  });

  it('refuses a package with problems, naming each file and line, and writes nothing', async () => {
    const broken = { ...files, 'services.csv': files['services.csv']!.replace('EMERGENCY_SHELTER', 'CASTLE') };
    const answer = await t.gql.query(IMPORT, { input: { files: [...filesOf(broken), descriptorOf(broken)] } }, tokens.sysadmin);
    expect(answer.errors).toHaveLength(1);
    const error = answer.errors[0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problemCount: 1 });
    expect(error.message).toBe('The package has 1 problem(s); nothing was imported');
    expect((error.extensions as { problems: string[] }).problems).toEqual([expect.stringMatching(/^services\.csv:2 \[service_type\]: /)]);
    expect(await directoryRows()).toBe(0);
  });

  it('reads only the files sent: a path in datapackage.json never reaches a file of the server', async () => {
    const answer = await t.gql.query(IMPORT, { input: { files: [...filesOf(files), descriptorOf(files, [{ name: 'organization', path: '../../../../etc/hostname' }])] } }, tokens.sysadmin);
    expect(answer.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((answer.errors[0]!.extensions as { problems: string[] }).problems).toEqual(['../../../../etc/hostname: file named in datapackage.json not found']);
    expect(await directoryRows()).toBe(0);
  });

  it('refuses bad input by field: a file name with a folder, no file, a lone file that is not HSDS', async () => {
    const fields = async (input: unknown) => {
      const answer = await t.gql.query(IMPORT, { input }, tokens.sysadmin);
      expect(answer.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return answer.errors[0]!.extensions;
    };
    expect(await fields({ files: [{ name: 'x/organizations.csv', content: 'id\n' }] })).toMatchObject({ fields: [{ path: 'input.files.0.name', message: 'must be a file name without a folder' }] });
    expect(await fields({ files: [] })).toMatchObject({ fields: [expect.objectContaining({ path: 'input.files' })] });
    expect(await fields({ files: [{ name: 'notes.txt', content: 'hello' }] })).toMatchObject({ problems: [expect.stringMatching(/^notes\.txt: send one HSDS JSON file/)] });
    expect(await directoryRows()).toBe(0);
  });

  it('imports a whole package, audited as the administrator’s; the same package again changes nothing', async () => {
    const input = { files: [...filesOf(files), descriptorOf(files)] };
    const first = (await t.gql.ok(IMPORT, { input }, tokens.sysadmin)).importDirectory;
    expect(first.format).toBe('tabular');
    expect(first.tables).toEqual(expect.arrayContaining([{ table: 'organization', rows: 2, inserted: 2, updated: 0 }, { table: 'service', rows: 2, inserted: 2, updated: 0 }]));
    expect(first.changed).toBeGreaterThan(4);
    expect(await directoryRows()).toBe(4);
    const [audited] = await t.db.query(`SELECT actor_user_id, details FROM audit_event WHERE action = 'DIRECTORY_IMPORT'`);
    expect(audited.actor_user_id).toBe(sysadminId);
    expect(audited.details).toMatchObject({ via: 'console', format: 'tabular', changed: first.changed });

    const again = (await t.gql.ok(IMPORT, { input }, tokens.sysadmin)).importDirectory;
    expect(again.changed).toBe(0);

    // HSDS files by their names alone, without a datapackage.json: the same package, so nothing changes.
    const byName = (await t.gql.ok(IMPORT, { input: { files: filesOf(files) } }, tokens.sysadmin)).importDirectory;
    expect(byName).toMatchObject({ format: 'tabular', changed: 0 });
    expect(await imports()).toBe(3);
  });
});

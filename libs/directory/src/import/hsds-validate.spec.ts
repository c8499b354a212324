import { DIRECTORY_TABLES } from '../directory.types';
import { readCsv, firstNonUtf8Line } from './hsds-reader';
import { flattenHsdsJson } from './hsds-json';
import { ColumnSpec, storedColumn, TABLE_SPECS, tableSpec } from './hsds-tables';
import { checkValue, Lookups, RawPackage, validatePackage } from './hsds-validate';

const column = (kind: ColumnSpec['kind'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name: 'c', kind, ...extra });

describe('the column rules', () => {
  it.each([
    ['number', '12', { value: '12' }],
    ['number', '-0.5', { value: '-0.5' }],
    ['number', '1e3', { value: '1e3' }],
    ['number', 'twelve', { reason: '"twelve" is not a number' }],
    ['number', '12,5', { reason: '"12,5" is not a number' }],
    ['integer', '2011', { value: '2011' }],
    ['integer', '2.5', { reason: '"2.5" is not a whole number' }],
    ['boolean', 'true', { value: true }],
    ['boolean', 'false', { value: false }],
    ['boolean', 'yes', { reason: '"yes" is not true or false' }],
    ['date', '2026-02-28', { value: '2026-02-28' }],
    ['date', '2026-02-30', { reason: '"2026-02-30" is not a date (YYYY-MM-DD)' }],
    ['time', '09:30', { value: '09:30' }],
    ['time', '24:00', { reason: '"24:00" is not a time (HH:MM or HH:MM:SS)' }],
    ['datetime', '2024-09-25T14:23:06.5+01:00', { value: '2024-09-25T14:23:06.5+01:00' }],
    ['datetime', '2024-09-25 14:23', { reason: '"2024-09-25 14:23" is not a date-time with a time zone (e.g. 2026-12-01T08:00:00Z)' }],
    ['byday', 'MO,TU,2SA,-1FR', { value: 'MO,TU,2SA,-1FR' }],
    ['byday', 'Monday', { reason: '"Monday" is not a list of days (e.g. MO,TU or 2MO)' }],
  ] as const)('%s "%s"', (kind, raw, expected) => {
    expect(checkValue(column(kind), raw)).toEqual(expected);
  });

  it('checks enums and ranges', () => {
    expect(checkValue(column('enum', { values: ['a', 'b'] }), 'c')).toEqual({ reason: '"c" is not one of a, b' });
    expect(checkValue(column('number', { min: -90, max: 90 }), '91')).toEqual({ reason: '91 is out of range (between -90 and 90)' });
    expect(checkValue(column('number', { min: 0 }), '-1')).toEqual({ reason: '-1 is out of range (at least 0)' });
    expect(checkValue(column('id'), 'x'.repeat(251))).toEqual({ reason: 'id longer than 250 characters' });
  });

  it('store every column of the directory tables and nothing else (the live figure’s user and version stay the directory’s)', () => {
    for (const spec of TABLE_SPECS) {
      const stored = spec.columns.map(storedColumn).filter((name): name is string => name !== null);
      const expected = DIRECTORY_TABLES[spec.table].filter((name) => name !== 'updated_by' && name !== 'version');
      expect([spec.table, [...stored].sort()]).toEqual([spec.table, [...expected].sort()]);
    }
  });
});

const lookups: Lookups = {
  exists: (table, id) => table === 'organization' && id === 'org-in-db',
  jurisdictions: new Map([['STL', 'j-stl']]),
  agencies: new Map([
    ['STL\nst. louis youth emergency shelter', 'a-1'],
    ['STL\nst. louis police department', 'a-2'],
  ]),
  organizationOfAgency: new Map([['a-2', 'org-police']]),
};

function csvPackage(files: Record<string, string>): RawPackage {
  const pkg: RawPackage = { format: 'tabular', tables: [], problems: [], ignored: [] };
  for (const [file, text] of Object.entries(files)) {
    const spec = TABLE_SPECS.find((s) => s.file === file)!;
    const { table, problems } = readCsv(spec, file, Buffer.from(text, 'utf8'), pkg.ignored);
    pkg.problems.push(...problems);
    if (table) pkg.tables.push(table);
  }
  return pkg;
}

describe('validating a package', () => {
  it('stores good rows with defaults, jurisdictions and agencies resolved', () => {
    const pkg = csvPackage({
      'organizations.csv': 'id,name,description,agency_jurisdiction,agency_name\norg-1,Harbor,Shelter,STL,St. Louis Youth Emergency Shelter\n',
      'services.csv': 'id,organization_id,name,status,service_type,jurisdiction\nsvc-1,org-1,Beds,active,EMERGENCY_SHELTER,STL\nsvc-2,org-in-db,Line,active,HOTLINE,\n',
    });
    const { problems, tables } = validatePackage(pkg, lookups);
    expect(problems).toEqual([]);
    expect(tables.get('organization')![0]).toMatchObject({ id: 'org-1', agency_id: 'a-1', alternate_name: null });
    expect(tables.get('service')!.map((row) => [row.id, row.jurisdiction_id, row.population_sex, row.accepting_referrals, row.public])).toEqual([
      ['svc-1', 'j-stl', 'ANY', true, false],
      ['svc-2', null, 'ANY', true, false],
    ]);
  });

  it('reports every bad row with its file, line, column and reason', () => {
    const pkg = csvPackage({
      'organizations.csv': 'id,name,description,agency_jurisdiction,agency_name\norg-1,Harbor,Shelter,,\norg-1,Again,Dup,,\norg-2,Other,Desc,STL,No Such Agency\n',
      'services.csv':
        'id,organization_id,name,status,service_type,minimum_age,maximum_age,jurisdiction\n' +
        'svc-1,org-9,Beds,open,EMERGENCY_SHELTER,12,ten,XX\n' +
        '"svc-2",org-1,"Two\nlines",active,SHELTER,18,12,\n' +
        'svc-3,org-1,,active,HOTLINE,,,\n',
      'units.csv': 'id\nbed\n',
    });
    expect(validatePackage(pkg, lookups).problems).toEqual([
      { file: 'organizations.csv', line: 3, column: 'id', reason: 'duplicate id "org-1" (first on line 2)' },
      { file: 'organizations.csv', line: 4, column: 'agency_name', reason: 'no agency named "No Such Agency" in jurisdiction "STL"' },
      { file: 'units.csv', line: 1, column: 'name', reason: 'missing required column' },
      { file: 'services.csv', line: 2, column: 'organization_id', reason: 'no organization with id "org-9"' },
      { file: 'services.csv', line: 2, column: 'status', reason: '"open" is not one of active, inactive, defunct, temporarily closed' },
      { file: 'services.csv', line: 2, column: 'maximum_age', reason: '"ten" is not a number' },
      { file: 'services.csv', line: 2, column: 'jurisdiction', reason: 'no jurisdiction with code "XX"' },
      { file: 'services.csv', line: 3, column: 'service_type', reason: expect.stringMatching(/^"SHELTER" is not one of EMERGENCY_SHELTER, /) },
      { file: 'services.csv', line: 3, column: 'maximum_age', reason: 'minimum_age 18 is greater than maximum_age 12' },
      { file: 'services.csv', line: 5, column: 'name', reason: 'missing required value' },
    ]);
  });

  it('reports an agency that two organizations would be: twice in the package, or already another organization of the directory', () => {
    const pkg = csvPackage({
      'organizations.csv':
        'id,name,description,agency_jurisdiction,agency_name\n' +
        'org-1,Harbor,Shelter,STL,St. Louis Youth Emergency Shelter\n' +
        'org-2,Harbor again,Shelter,STL,St. Louis Youth Emergency Shelter\n' +
        'org-3,Police,Police,STL,St. Louis Police Department\n' +
        'org-police,Police,Police,STL,St. Louis Police Department\n',
    });
    expect(validatePackage(pkg, lookups).problems).toEqual([
      { file: 'organizations.csv', line: 3, column: 'agency_name', reason: 'agency "St. Louis Youth Emergency Shelter" is already the organization "org-1" (line 2): an agency is one organization' },
      {
        file: 'organizations.csv',
        line: 4,
        column: 'agency_name',
        reason: 'agency "St. Louis Police Department" is already the organization "org-police" of the directory: an agency is one organization (unlink it first with linkAgencyToOrganization)',
      },
    ]);
  });

  it('finds the first line that is not UTF-8, and rows with the wrong number of fields', () => {
    expect(firstNonUtf8Line(Buffer.from('id,name\nok,é\n', 'utf8'))).toBeNull();
    expect(firstNonUtf8Line(Buffer.concat([Buffer.from('id,name\nok,x\nbad,'), Buffer.from([0xe9]), Buffer.from('\n')]))).toBe(3);
    const { problems } = readCsv(tableSpec('unit'), 'units.csv', Buffer.from('id,name\nbed,Bed,extra\n'), []);
    expect(problems).toEqual([{ file: 'units.csv', line: 2, column: null, reason: 'has 3 fields, the header has 2' }]);
  });

  it('flattens HSDS JSON, merging an object met twice and reporting two that disagree', () => {
    const phone = { id: 'ph-1', number: '555-0100' };
    const pkg = flattenHsdsJson('dir.json', [
      {
        id: 'svc-1',
        name: 'Beds',
        status: 'active',
        service_type: 'EMERGENCY_SHELTER',
        organization: { id: 'org-1', name: 'Harbor', description: 'Shelter' },
        phones: [phone],
        service_at_locations: [{ id: 'sal-1', location: { id: 'loc-1', location_type: 'physical', phones: [phone] }, capacities: [{ id: 'cap-1', available: 2, updated: '2026-12-01T08:00:00Z', unit: { id: 'bed', name: 'Bed' } }] }],
      },
      { id: 'svc-2', name: 'Line', status: 'active', service_type: 'HOTLINE', organization_id: 'org-1', phones: [{ id: 'ph-1', number: '555-0199' }] },
    ]);
    expect(pkg.problems).toEqual([{ file: 'dir.json', line: null, path: '$[1].phones[0]', column: 'service_id', reason: 'duplicate id "ph-1" with a different service_id (first at $[0].phones[0])' }, { file: 'dir.json', line: null, path: '$[1].phones[0]', column: 'number', reason: 'duplicate id "ph-1" with a different number (first at $[0].phones[0])' }]);
    const phones = pkg.tables.find((t) => t.spec.table === 'phone')!.rows;
    expect(phones.map((row) => [row.values.id, row.values.service_id, row.values.location_id])).toEqual([['ph-1', 'svc-1', 'loc-1']]);
    const capacity = pkg.tables.find((t) => t.spec.table === 'service_capacity')!.rows[0]!.values;
    expect([capacity.service_id, capacity.service_at_location_id, capacity.unit_id, capacity.available]).toEqual(['svc-1', 'sal-1', 'bed', '2']);
  });
});

import { Role } from '@tandem/authz';
import { getMetadataStorage } from 'class-validator';
import { createTestApp, TestApp } from './support/test-app';
import { CASE, CREATE_CASE, policyCast } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

const M = {
  createCase: `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
  updateCase: `mutation($id: ID!, $input: UpdateCaseInput!, $v: Int!) { updateCase(id: $id, input: $input, expectedVersion: $v) { id version } }`,
  locate: `query($subject: LocateSubjectInput!) { locateCases(subject: $subject) { leadAgencyName } }`,
  createUser: `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
  createAgency: `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
  createJurisdiction: `mutation($input: CreateJurisdictionInput!) { createJurisdiction(input: $input) { id } }`,
  recordMissingEpisode: `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`,
};

/** A UTC calendar date `years` years and `days` days away from `from`, written YYYY-MM-DD. */
function dateFrom(from: Date, years: number, days = 0): string {
  const d = new Date(Date.UTC(from.getUTCFullYear() + years, from.getUTCMonth(), from.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

const CHILD = { legalName: 'Impossible Input Child', dateOfBirth: '2012-05-05' };

interface Bad {
  name: string;
  query: string;
  variables: (c: Cast, version: number) => Record<string, unknown>;
  token: (c: Cast) => string;
  path: string;
}

describe('impossible inputs: birth dates out of range and invisible or multi-line characters in names are BAD_USER_INPUT', () => {
  let t: TestApp;
  let cast: Cast;
  const today = () => t.clock.now();

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
  }, 60_000);
  afterAll(() => t.close());

  const version = async (): Promise<number> => (await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [cast.K.id]))[0].version;

  // Only what these refusals could have made: other suites write the same tables at the same time.
  async function snapshot() {
    const cw = cast.agencies.CW;
    return {
      cases: await t.world.count('case_file', 'lead_agency_id = $1', [cw.id]),
      users: await t.world.count('app_user', `agency_id = $1 OR email LIKE 'new.user.%@tandem.test'`, [cw.id]),
      agencies: await t.world.count('agency', 'jurisdiction_id = $1', [cw.jurisdictionId]),
      jurisdictions: await t.world.count('jurisdiction', `code = 'NCQ'`),
      episodes: await t.world.count('missing_episode', 'case_id = $1', [cast.K.id]),
      K: (await t.db.query(`SELECT version, risk_level FROM case_file WHERE id = $1`, [cast.K.id]))[0],
      child: (await t.db.query(`SELECT identity_sealed, location_sealed FROM child WHERE case_id = $1`, [cast.K.id]))[0],
    };
  }

  const cw1 = (c: Cast) => c.people.cw1.token;
  const sysadmin = (c: Cast) => c.people.sysadmin.token;
  const agencyAdmin = (c: Cast) => c.people.cwAdmin.token;
  const create = (child: Record<string, unknown>) => () => ({ input: { child: { ...CHILD, ...child } } });
  const update = (input: Record<string, unknown>) => (c: Cast, v: number) => ({ id: c.K.id, input, v });

  const cases = (): Bad[] => [
    { name: 'createCase: born next year', query: M.createCase, variables: create({ dateOfBirth: dateFrom(today(), 1) }), token: cw1, path: 'input.child.dateOfBirth' },
    { name: 'createCase: born the day after tomorrow', query: M.createCase, variables: create({ dateOfBirth: dateFrom(today(), 0, 2) }), token: cw1, path: 'input.child.dateOfBirth' },
    { name: 'createCase: born in 2031', query: M.createCase, variables: create({ dateOfBirth: '2031-01-01' }), token: cw1, path: 'input.child.dateOfBirth' },
    { name: 'createCase: born in 1970', query: M.createCase, variables: create({ dateOfBirth: '1970-01-01' }), token: cw1, path: 'input.child.dateOfBirth' },
    { name: 'createCase: 25 years and a day ago', query: M.createCase, variables: create({ dateOfBirth: dateFrom(today(), -25, -1) }), token: cw1, path: 'input.child.dateOfBirth' },
    { name: 'updateCase: born next year', query: M.updateCase, variables: update({ dateOfBirth: dateFrom(today(), 1) }), token: cw1, path: 'input.dateOfBirth' },
    { name: 'updateCase: born in 1970', query: M.updateCase, variables: update({ dateOfBirth: '1970-06-01' }), token: cw1, path: 'input.dateOfBirth' },
    { name: 'createCase: CR/LF in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\r\nAvery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: LF in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\nAvery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: right-to-left override in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan \u202Eyreva' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: zero-width space in the legal name', query: M.createCase, variables: create({ legalName: 'Jor\u200Bdan Avery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: byte order mark in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\uFEFF Avery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: line separator in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\u2028Avery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: tab in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\tAvery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: C1 control in the legal name', query: M.createCase, variables: create({ legalName: 'Jordan\u0085Avery' }), token: cw1, path: 'input.child.legalName' },
    { name: 'createCase: bidi isolate in an alias', query: M.createCase, variables: create({ aliases: ['JJ', 'J\u2066J'] }), token: cw1, path: 'input.child.aliases' },
    { name: 'createCase: newline in a guardian name', query: M.createCase, variables: create({ guardianContacts: [{ name: 'Pat\nGuardian' }] }), token: cw1, path: 'input.child.guardianContacts.0.name' },
    { name: 'createCase: bidi mark in a relationship', query: M.createCase, variables: create({ guardianContacts: [{ name: 'Pat', relationship: 'au\u200Fnt' }] }), token: cw1, path: 'input.child.guardianContacts.0.relationship' },
    { name: 'createCase: newline in the placement kind', query: M.createCase, variables: create({ placement: { kind: 'FOSTER\nHOME' } }), token: cw1, path: 'input.child.placement.kind' },
    { name: 'createCase: override in sex', query: M.createCase, variables: create({ sex: '\u202DF' }), token: cw1, path: 'input.child.sex' },
    { name: 'updateCase: newline in the legal name', query: M.updateCase, variables: update({ legalName: 'New\nName' }), token: cw1, path: 'input.legalName' },
    { name: 'updateCase: zero-width joiner in an alias', query: M.updateCase, variables: update({ aliases: ['J\u200DJ'] }), token: cw1, path: 'input.aliases' },
    { name: 'locateCases: override in the name', query: M.locate, variables: () => ({ subject: { name: 'Jordan \u202EAvery', dateOfBirth: '2011-04-09' } }), token: (c) => c.people.pd1.token, path: 'subject.name' },
    { name: 'createUser: newline in the display name', query: M.createUser, variables: (c) => ({ input: { email: 'new.user.lf@tandem.test', displayName: 'Sam\nAdmin', agencyId: c.agencies.CW.id, role: 'STAFF', password: 'A-long-enough-passw0rd' } }), token: agencyAdmin, path: 'input.displayName' },
    { name: 'createUser: override in the display name', query: M.createUser, variables: (c) => ({ input: { email: 'new.user.rlo@tandem.test', displayName: 'Sam \u202Enimda', agencyId: c.agencies.CW.id, role: 'STAFF', password: 'A-long-enough-passw0rd' } }), token: agencyAdmin, path: 'input.displayName' },
    { name: 'createAgency: override in the name', query: M.createAgency, variables: (c) => ({ input: { name: 'Harbor \u202EShelter', type: 'SHELTER', jurisdictionId: c.agencies.CW.jurisdictionId } }), token: sysadmin, path: 'input.name' },
    { name: 'createJurisdiction: newline in the name', query: M.createJurisdiction, variables: () => ({ input: { name: 'North\nCounty', code: 'NCQ' } }), token: sysadmin, path: 'input.name' },
    { name: 'recordMissingEpisode: newline in the last-seen place', query: M.recordMissingEpisode, variables: (c) => ({ input: { caseId: c.K.id, missingSince: today().toISOString(), learnedAt: today().toISOString(), lastSeenPlace: 'Bus station\nplatform 2' } }), token: cw1, path: 'input.lastSeenPlace' },
    { name: 'recordMissingEpisode: override in last seen with', query: M.recordMissingEpisode, variables: (c) => ({ input: { caseId: c.K.id, missingSince: today().toISOString(), learnedAt: today().toISOString(), lastSeenWith: 'an older \u202Emale' } }), token: cw1, path: 'input.lastSeenWith' },
  ];

  it('each is refused with its field path, and nothing changes', async () => {
    const list = cases();
    expect(list.length).toBeGreaterThan(25);
    for (const bad of list) {
      const before = await snapshot();
      const response = await t.gql.query(bad.query, bad.variables(cast, await version()), bad.token(cast));
      const fields = (response.errors[0]?.extensions?.fields ?? []) as { path: string; message: string }[];
      expect({ name: bad.name, code: response.errors[0]?.extensions?.code, paths: fields.map((f) => f.path) }).toEqual({ name: bad.name, code: 'BAD_USER_INPUT', paths: [bad.path] });
      expect(fields[0]!.message).toEqual(expect.any(String));
      expect(response.data).toBeNull();
      expect({ name: bad.name, after: await snapshot() }).toEqual({ name: bad.name, after: before });
    }
  });

  it('the message says what is wrong without echoing the value', async () => {
    const response = await t.gql.query(M.createCase, create({ legalName: 'Secret\u202EName' })(), cast.people.cw1.token);
    expect(response.errors[0]!.message).toMatch(/line|control|invisible|direction/i);
    expect(JSON.stringify(response.errors)).not.toContain('Secret');
    const born = await t.gql.query(M.createCase, create({ dateOfBirth: '2031-01-01' })(), cast.people.cw1.token);
    expect(born.errors[0]!.message).toMatch(/future/);
    const old = await t.gql.query(M.createCase, create({ dateOfBirth: '1970-01-01' })(), cast.people.cw1.token);
    expect(old.errors[0]!.message).toMatch(/25 years/);
  });

  it('accepts names in any script, with spaces, apostrophes and hyphens, and birth dates from today back to 25 years', async () => {
    const names = ['José Ñúñez-García', "Aoife O'Brien", 'محمد عبد الله', '李小龙', 'Nguyễn Thị Minh Khai', 'Zoë  Saldaña'];
    for (const legalName of names) {
      const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName, aliases: [legalName.split(' ')[0]], dateOfBirth: '2014-02-02' } } }, cast.people.cw1.token);
      const read = await t.gql.ok(CASE, { id: created.createCase.id }, cast.people.cw1.token);
      expect(read.case.child.legalName).toBe(legalName);
    }
    for (const dateOfBirth of [dateFrom(today(), 0), dateFrom(today(), -25)]) {
      const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Edge Of Range', dateOfBirth } } }, cast.people.cw1.token);
      expect((await t.gql.ok(CASE, { id: created.createCase.id }, cast.people.cw1.token)).case.child.dateOfBirth).toBe(dateOfBirth);
    }
    const user = await t.gql.ok(M.createUser, { input: { email: 'dana.ok@tandem.test', displayName: 'Dana Ó Súilleabháin', agencyId: cast.agencies.CW.id, role: Role.STAFF, password: 'A-long-enough-passw0rd' } }, cast.people.cwAdmin.token);
    expect(user.createUser.id).toEqual(expect.any(String));
  });

  it('every name field of every input type carries the single-line rule', () => {
    // The app is built, so every input class has registered its validation rules.
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, { name?: string; propertyName: string }[]> };
    const nameFields: string[] = [];
    const guarded: string[] = [];
    for (const [target, rules] of storage.validationMetadatas) {
      if (!target.name.endsWith('Input')) continue;
      for (const rule of rules) {
        const field = `${target.name}.${rule.propertyName}`;
        if (/(^name|Name|^aliases|^displayName)$/.test(rule.propertyName) && !nameFields.includes(field)) nameFields.push(field);
        if (rule.name === 'singleLineText' && !guarded.includes(field)) guarded.push(field);
      }
    }
    expect(nameFields.sort()).toEqual(
      expect.arrayContaining(['ChildInput.legalName', 'ChildInput.aliases', 'ContactInput.name', 'CreateAgencyInput.name', 'CreateJurisdictionInput.name', 'CreateUserInput.displayName', 'LocateSubjectInput.name', 'UpdateCaseInput.legalName', 'UpdateCaseInput.aliases']),
    );
    expect(nameFields.filter((field) => !guarded.includes(field))).toEqual([]);
  });

  it('the birth-date range follows the application clock, not the host clock', async () => {
    const real = today();
    try {
      t.clock.set(new Date(Date.UTC(2040, 0, 15, 12)));
      // Tokens are dated by the same clock: sign in again in 2040.
      const token = await t.signIn(cast.people.cw1);
      // Born 2039: in the past by the application clock, though in the future by the host's.
      const created = await t.gql.query(CREATE_CASE, { input: { child: { ...CHILD, dateOfBirth: '2039-06-01' } } }, token);
      expect(created.errors).toEqual([]);
      const tooOld = await t.gql.query(CREATE_CASE, { input: { child: { ...CHILD, dateOfBirth: '2014-06-01' } } }, token);
      expect(tooOld.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      t.clock.set(real);
    }
  });
});

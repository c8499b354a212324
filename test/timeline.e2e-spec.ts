import { AgencyType, Role } from '@tandem/authz';
import { createTestApp, TestApp } from './support/test-app';
import { Actor, ADD_NOTE, BREAK_GLASS, CREATE_CASE, policyCast, RECORD_CONSENT, REVOKE_CONSENT, signedIn } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

const TIMELINE = `query($id: ID!, $first: Int, $after: String) { case(id: $id) { id timeline(first: $first, after: $after) {
  edges { cursor node { id kind occurredAt scope subjectId detail actor { id } } } pageInfo { hasNextPage endCursor } } } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id createdAt } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id } }`;

interface Entry {
  id: string;
  kind: string;
  occurredAt: string;
  scope: string;
  subjectId: string | null;
  detail: string;
  actor: { id: string } | null;
}

/** What one event of K should look like on the timeline, and who should see it. */
interface Expected {
  label: string;
  kind: string;
  scope: string;
  actor: string;
  subjectId: string | null;
}

const SECOND = 1000;
const JUSTIFICATION = 'Child reported at the hospital tonight, identity unclear';

describe('Case.timeline: the events of a case in time order, as far as the viewer scopes go', () => {
  let t: TestApp;
  let cast: Cast;
  let med1: Actor;
  let cw2Sup: Actor;
  const expected: Expected[] = [];
  const secrets: string[] = [JUSTIFICATION, 'Jordan', 'Hidden Lane', '555 0101'];
  let referralToSh: { id: string; createdAt: string };

  const read = (e: Entry) => ({ kind: e.kind, scope: e.scope, actor: e.actor?.id ?? null, subjectId: e.subjectId });
  const want = (labels: (x: Expected) => boolean) => expected.filter(labels).map((x) => ({ kind: x.kind, scope: x.scope, actor: x.actor, subjectId: x.subjectId }));

  async function timeline(who: Actor, first = 100): Promise<Entry[]> {
    const data = await t.gql.ok(TIMELINE, { id: cast.K.id, first }, who.token);
    expect(data.case.timeline.pageInfo.hasNextPage).toBe(false);
    return data.case.timeline.edges.map((edge: { node: Entry }) => edge.node);
  }

  async function walk(who: Actor, first: number) {
    const entries: Entry[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages += 1) {
      if (pages > 40) {
        const unique = new Set(entries.map((e) => e.id)).size;
        throw new Error(`the walk does not end: ${pages} pages of ${first} gave ${entries.length} entries, ${unique} distinct (${entries.slice(0, 4).map((e) => e.kind).join(', ')} ...)`);
      }
      const data: { case: { timeline: { edges: { cursor: string; node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
        await t.gql.ok(TIMELINE, { id: cast.K.id, first, after }, who.token);
      const { edges, pageInfo } = data.case.timeline;
      entries.push(...edges.map((edge) => edge.node));
      sizes.push(edges.length);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    return { entries, sizes };
  }

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date());
    cast = await policyCast(t);
    const { K, agencies, people } = cast;
    const step = () => t.clock.advance(SECOND);
    const add = (label: string, kind: string, scope: string, actor: Actor, subjectId: string | null) => expected.push({ label, kind, scope, actor: actor.id, subjectId });

    const medical = await t.world.agency(AgencyType.MEDICAL, agencies.CW.jurisdictionId);
    med1 = await signedIn(t, Role.STAFF, medical.id);
    const cw2Agency = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    cw2Sup = await signedIn(t, Role.SUPERVISOR, cw2Agency.id);

    add('created', 'CASE_CREATED', 'SUMMARY', people.cw1, K.id);

    step();
    await t.gql.ok(`mutation($c: ID!, $u: ID!) { assignUser(caseId: $c, userId: $u) { id } }`, { c: K.id, u: people.cw2.id }, people.cwSup.token);
    add('assigned', 'USER_ASSIGNED', 'SUMMARY', people.cwSup, people.cw2.id);

    step();
    const general = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'Service plan: weekly check-ins' } }, people.cw1.token);
    add('general', 'NOTE_ADDED', 'SERVICES', people.cw1, general.addNote.id);
    secrets.push('Service plan: weekly check-ins');

    step();
    const investigation = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: 'Suspect drives a grey van' } }, people.cw1.token);
    add('investigation', 'NOTE_ADDED', 'INVESTIGATION', people.cw1, investigation.addNote.id);
    secrets.push('Suspect drives a grey van');

    step();
    const consent = await t.gql.ok(RECORD_CONSENT, {
      input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION', 'SERVICES'], agencyIds: [agencies.SH.id, agencies.CO.id], purpose: 'shelter and counseling' },
    }, people.cw1.token);
    add('consent', 'CONSENT_RECORDED', 'SUMMARY', people.cw1, consent.recordConsent.id);

    step();
    const spare = await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'YOUTH', scopes: ['LOCATION'], agencyTypes: ['ADVOCACY'], purpose: 'advocacy' } }, people.cw1.token);
    add('spare consent', 'CONSENT_RECORDED', 'SUMMARY', people.cw1, spare.recordConsent.id);
    step();
    await t.gql.ok(REVOKE_CONSENT, { id: spare.recordConsent.id }, people.cw1.token);
    add('revoked', 'CONSENT_REVOKED', 'SUMMARY', people.cw1, spare.recordConsent.id);

    const refer = async (label: string, to: string, serviceType: string, scopes: string[], acceptor: Actor) => {
      step();
      const reason = `Referral reason for ${label}`;
      secrets.push(reason);
      const sent = await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: to, serviceType, urgency: 'URGENT', scopes, reason } }, people.cw1.token);
      add(`${label} requested`, 'REFERRAL_REQUESTED', 'SUMMARY', people.cw1, sent.createReferral.id);
      step();
      await t.gql.ok(ACCEPT_REFERRAL, { id: sent.createReferral.id }, acceptor.token);
      add(`${label} accepted`, 'REFERRAL_ACCEPTED', 'SUMMARY', acceptor, sent.createReferral.id);
      return sent.createReferral as { id: string; createdAt: string };
    };
    referralToSh = await refer('shelter', agencies.SH.id, 'EMERGENCY_SHELTER', ['IDENTITY', 'LOCATION', 'SERVICES'], people.sh1);
    await refer('police', agencies.PD.id, 'INVESTIGATION', ['IDENTITY'], people.pd1);
    await refer('counseling', agencies.CO.id, 'COUNSELING', ['SERVICES'], people.co1);

    step();
    const clinical = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: 'Session one: disclosed nightmares' } }, people.co1.token);
    add('clinical', 'NOTE_ADDED', 'CLINICAL', people.co1, clinical.addNote.id);
    secrets.push('Session one: disclosed nightmares');

    step();
    await t.gql.ok(`mutation($c: ID!) { setCaseFlag(caseId: $c, flag: TRAFFICKING_VICTIM) { id } }`, { c: K.id }, people.cw1.token);
    add('flag', 'FLAG_SET', 'SUMMARY', people.cw1, null);

    step();
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: JUSTIFICATION }, med1.token);
    const [grant] = await t.db.query(`SELECT id FROM access_grant WHERE case_id = $1 AND user_id = $2`, [K.id, med1.id]);
    add('break glass', 'BREAK_GLASS', 'SUMMARY', med1, grant.id);

    step();
    const handoff = await t.gql.ok(`mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`, { input: { caseId: K.id, toAgencyId: cw2Agency.id, reason: 'Family moved to the next county' } }, people.cw1.token);
    add('handoff', 'HANDOFF_REQUESTED', 'SUMMARY', people.cw1, handoff.requestHandoff.id);
    secrets.push('Family moved to the next county');
  }, 60_000);
  afterAll(() => t.close());

  it('the lead agency sees every event but the CLINICAL note, oldest first', async () => {
    const { people } = cast;
    expect(expected).toHaveLength(17);
    for (const who of [people.cw1, people.cwSup, people.cw2]) {
      const entries = await timeline(who);
      expect(entries.map(read)).toEqual(want((x) => x.label !== 'clinical'));
      for (let i = 1; i < entries.length; i += 1) expect(Date.parse(entries[i]!.occurredAt)).toBeGreaterThanOrEqual(Date.parse(entries[i - 1]!.occurredAt));
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    }
    const kinds = (await timeline(people.cw1)).map((e) => e.kind);
    expect(kinds).toEqual([
      'CASE_CREATED', 'USER_ASSIGNED', 'NOTE_ADDED', 'NOTE_ADDED', 'CONSENT_RECORDED', 'CONSENT_RECORDED', 'CONSENT_REVOKED',
      'REFERRAL_REQUESTED', 'REFERRAL_ACCEPTED', 'REFERRAL_REQUESTED', 'REFERRAL_ACCEPTED', 'REFERRAL_REQUESTED', 'REFERRAL_ACCEPTED',
      'FLAG_SET', 'BREAK_GLASS', 'HANDOFF_REQUESTED',
    ]);
  });

  it('a CLINICAL note entry is only for the counseling agency that wrote it', async () => {
    const { people } = cast;
    // CO holds SUMMARY and SERVICES (consented), plus its own CLINICAL entries; never INVESTIGATION.
    for (const who of [people.co1, people.coSup]) {
      expect((await timeline(who)).map(read)).toEqual(want((x) => x.label !== 'investigation'));
    }
    for (const who of [people.cw1, people.cwSup, people.sh1, people.shSup, people.pd1, people.pdSup, med1, cw2Sup]) {
      expect((await timeline(who)).some((e) => e.scope === 'CLINICAL' || e.subjectId === expected.find((x) => x.label === 'clinical')!.subjectId)).toBe(false);
    }
  });

  it('an INVESTIGATION note entry is not for a shelter partner, even one holding SERVICES; law enforcement sees it', async () => {
    const { people } = cast;
    for (const who of [people.sh1, people.shSup]) {
      expect((await timeline(who)).map(read)).toEqual(want((x) => x.label !== 'investigation' && x.label !== 'clinical'));
    }
    for (const who of [people.pd1, people.pdSup]) {
      const entries = await timeline(who);
      expect(entries.map(read)).toEqual(want((x) => x.label !== 'general' && x.label !== 'clinical'));
      expect(entries.filter((e) => e.scope === 'INVESTIGATION')).toHaveLength(1);
    }
  });

  it('a GENERAL note entry (scope SERVICES) is not for a viewer without SERVICES', async () => {
    const { people } = cast;
    // PD (law enforcement partner without SERVICES) was checked above; break glass and the inbox view of a
    // pending handoff see SUMMARY only.
    const summaryOnly = want((x) => x.scope === 'SUMMARY');
    expect(summaryOnly).toHaveLength(14);
    expect((await timeline(med1)).map(read)).toEqual(summaryOnly);
    expect((await timeline(cw2Sup)).map(read)).toEqual(summaryOnly);
    const pd = await timeline(people.pd1);
    expect(pd.some((e) => e.kind === 'NOTE_ADDED' && e.scope === 'SERVICES')).toBe(false);
  });

  it('viewers who do not see the case get NOT_FOUND, not an empty timeline', async () => {
    const { people } = cast;
    for (const who of [people.sh2, people.pd2, people.cwAdmin, people.auditor]) {
      const response = await t.gql.query(TIMELINE, { id: cast.K.id, first: 5 }, who.token);
      expect(response.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toBeNull();
    }
  });

  it('entry details are JSON with ids and codes, never personal data, note bodies or reasons', async () => {
    const entries = await timeline(cast.people.cw1);
    const co = await timeline(cast.people.co1);
    for (const entry of [...entries, ...co]) {
      expect(() => JSON.parse(entry.detail)).not.toThrow();
      for (const secret of secrets) expect(entry.detail).not.toContain(secret);
    }
    const flag = entries.find((e) => e.kind === 'FLAG_SET')!;
    expect(JSON.parse(flag.detail)).toEqual({ flag: 'TRAFFICKING_VICTIM' });
    const note = co.find((e) => e.scope === 'CLINICAL')!;
    expect(JSON.parse(note.detail)).toEqual({ category: 'CLINICAL' });
  });

  it('paging with first: 2 walks every visible entry once, in the same order, pages full but the last', async () => {
    const { people } = cast;
    for (const who of [people.cw1, people.co1, people.sh1, people.pd1, med1]) {
      const all = await timeline(who);
      const { entries, sizes } = await walk(who, 2);
      expect({ who: who.email, ids: entries.map((e) => e.id) }).toEqual({ who: who.email, ids: all.map((e) => e.id) });
      expect(sizes).toEqual([...Array(Math.floor(all.length / 2)).fill(2), ...(all.length % 2 ? [1] : [])]);
    }
  });

  it('paging with first: 1 and first: 3 walks every entry once as well', async () => {
    const all = await timeline(cast.people.cwSup);
    for (const first of [1, 3]) {
      const { entries } = await walk(cast.people.cwSup, first);
      expect(entries.map((e) => e.id)).toEqual(all.map((e) => e.id));
    }
  });

  it('forged cursors, cursors of another case and bad page sizes are BAD_USER_INPUT', async () => {
    const { people } = cast;
    const page = await t.gql.ok(TIMELINE, { id: cast.K.id, first: 2 }, people.cw1.token);
    const cursor: string = page.case.timeline.pageInfo.endCursor;
    const [, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify([`timeline:${cast.K.id}`, ['2000-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']])).toString('base64url');
    const other = (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Other Timeline Child', dateOfBirth: '2013-03-03' } } }, people.cw1.token)).createCase.id;
    const notesCursor = (await t.gql.ok(`query($id: ID!) { case(id: $id) { notes(first: 1) { pageInfo { endCursor } } } }`, { id: cast.K.id }, people.cw1.token)).case.notes.pageInfo.endCursor;
    const tries: [string, string, Record<string, unknown>][] = [
      ['forged', cast.K.id, { after: `${forged}.${signature}` }],
      ['not a cursor', cast.K.id, { after: 'bm90LWEtY3Vyc29y' }],
      ['another case', other, { after: cursor }],
      ['a notes cursor', cast.K.id, { after: notesCursor }],
    ];
    for (const [name, id, variables] of tries) {
      const response = await t.gql.query(TIMELINE, { id, first: 2, ...variables }, people.cw1.token);
      expect({ name, code: response.errors[0]?.extensions?.code }).toEqual({ name, code: 'BAD_USER_INPUT' });
      expect((response.errors[0]?.extensions?.fields as { path: string }[])[0]?.path).toBe('after');
    }
    for (const first of [0, 101]) {
      expect(await t.gql.code(TIMELINE, { id: cast.K.id, first }, people.cw1.token)).toBe('BAD_USER_INPUT');
    }
  });

  it('an entry is dated by the same clock as the record it describes', async () => {
    const { people, K } = cast;
    const entries = await timeline(people.cw1);
    const [row] = await t.db.query(`SELECT opened_at AS "openedAt" FROM case_file WHERE id = $1`, [K.id]);
    const created = entries.find((e) => e.kind === 'CASE_CREATED')!;
    const requested = entries.find((e) => e.kind === 'REFERRAL_REQUESTED' && e.subjectId === referralToSh.id)!;
    // Case.openedAt and Referral.createdAt come from the application clock; their timeline entries should agree.
    expect({ caseCreated: created.occurredAt, referralRequested: requested.occurredAt }).toEqual({
      caseCreated: (row.openedAt as Date).toISOString(),
      referralRequested: referralToSh.createdAt,
    });
  });
});

import { AgencyType, Role } from '@tandem/authz';
import { ScreeningInstruments, shippedInstrumentFiles } from '@tandem/screening';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Actor, assignDirectly, BREAK_GLASS, CREATE_CASE, makePartner, policyCast, signedIn } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Screening (docs/access-policy.md, "submit a screening"; docs/design.md, "Screening"): validated
 * against the instrument version named, scored on the server, pinned to that version; a positive
 * result raises the risk level (never lowers it), flags the case, alerts its people and starts the
 * follow-up clock a matching referral meets; answers read by scope; bad input changes nothing.
 */

const SUBMIT = `mutation($input: SubmitScreeningInput!) { submitScreening(input: $input) {
  id instrumentId instrumentVersion practice scope mode respondent assent consentBy administeredById agencyId score maxScore outcome thresholdId thresholdLabel
  riskLevel caseRiskBefore caseRiskAfter recommendedAction followUpDueAt missingCount missingEpisodeId answers { itemId status value points } } }`;
const SCREENINGS = `query($id: ID!) { case(id: $id) { id riskLevel flags screenings { id instrumentId instrumentVersion score outcome thresholdId scope answers { itemId value points } } } }`;
const TIMELINE = `query($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { kind summary } } } } }`;
const INSTRUMENTS = `query($filter: ScreeningInstrumentFilter) { screeningInstruments(filter: $filter) { id version title practice scope licenseName citation items { id text answerType options { code text } } thresholds { id label minScore positive riskLevel followUpWithinHours followUpServiceTypes } } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;

const PRACTICE = JSON.parse(readFileSync(shippedInstrumentFiles().find((path) => path.endsWith('practice-screen-1.json'))!, 'utf8')) as Record<string, unknown>;
const NO_ITEMS = ['runaway', 'unexplained-items', 'controlling-relationship', 'exchange', 'unstable-lodging'];
type Answer = { itemId: string; value?: string; status?: string };

/** Every required item of the practice screen answered NO / NEVER, then the given values over them. */
function practiceAnswers(over: Record<string, string> = {}): Answer[] {
  const values: Record<string, string> = { ...Object.fromEntries(NO_ITEMS.map((id) => [id, 'NO'])), 'substance-use': 'NEVER', ...over };
  return Object.entries(values).map(([itemId, value]) => (value === 'DECLINED' || value === 'UNKNOWN' ? { itemId, status: value } : { itemId, value }));
}

describe('screening', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    const loaded = await t.app.get(ScreeningInstruments).load(PRACTICE);
    expect(loaded.ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
  });

  const input = (caseId: string, over: Record<string, unknown> = {}) => ({
    caseId,
    instrumentId: 'practice-screen',
    version: '1',
    answers: practiceAnswers(),
    mode: 'INTERVIEW',
    respondent: 'YOUTH',
    administeredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
    assent: true,
    consentBy: 'GUARDIAN',
    ...over,
  });
  const submit = (who: Actor, caseId: string, over: Record<string, unknown> = {}) => t.gql.query(SUBMIT, { input: input(caseId, over) }, who.token);

  async function newCase(riskLevel?: string): Promise<string> {
    const created = await t.gql.ok(CREATE_CASE, { input: { ...(riskLevel ? { riskLevel } : {}), child: { legalName: 'Sam Screening Example', dateOfBirth: '2011-02-03' } } }, cast.people.cw1.token);
    return created.createCase.id;
  }

  /** What a submission could change on a case: rows, the case's risk, flags and version, clocks, alerts, timeline and audit. */
  async function footprint(caseId: string) {
    const [row] = await t.db.query(`SELECT risk_level, flags, version FROM case_file WHERE id = $1`, [caseId]);
    return {
      case: row,
      screenings: await t.world.count('screening', 'case_id = $1', [caseId]),
      deadlines: await t.world.count('deadline', 'case_id = $1', [caseId]),
      notifications: await t.world.count('notification', 'case_id = $1', [caseId]),
      timeline: await t.world.count('case_event', 'case_id = $1', [caseId]),
      submits: await t.world.count('audit_event', `case_id = $1 AND action = 'SCREENING_SUBMIT'`, [caseId]),
    };
  }

  it('scores on the server and keeps the answers, who administered it, the assent and the consent', async () => {
    const caseId = await newCase();
    const response = await submit(cast.people.cw1, caseId, { answers: practiceAnswers({ runaway: 'YES', 'worker-concern': '1' }) });
    expect(response.errors).toEqual([]);
    const s = response.data!.submitScreening;
    expect(s).toMatchObject({
      instrumentId: 'practice-screen',
      instrumentVersion: '1',
      practice: true,
      scope: 'SERVICES',
      score: 1.5,
      maxScore: 9,
      outcome: 'NEGATIVE',
      thresholdId: 'below-threshold',
      riskLevel: 'LOW',
      caseRiskBefore: 'UNKNOWN',
      caseRiskAfter: 'LOW',
      assent: true,
      consentBy: 'GUARDIAN',
      administeredById: cast.people.cw1.id,
      agencyId: cast.agencies.CW.id,
      followUpDueAt: null,
    });
    expect(s.answers).toContainEqual({ itemId: 'worker-concern', status: 'ANSWERED', value: '1', points: 0.5 });
    const [stored] = await t.db.query(`SELECT answers_sealed, score::float8 AS score FROM screening WHERE id = $1`, [s.id]);
    expect(stored.score).toBe(1.5);
    // The answers are sealed at rest.
    expect(stored.answers_sealed).not.toContain('worker-concern');
    const read = await t.gql.ok(SCREENINGS, { id: caseId }, cast.people.cw1.token);
    expect(read.case.riskLevel).toBe('LOW');
    expect(read.case.flags).not.toContain('SCREENED_POSITIVE');
    expect(read.case.screenings.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect(await t.world.count('audit_event', `case_id = $1 AND action = 'SCREENING_VIEW' AND actor_user_id = $2 AND details->'screeningIds' ? $3`, [caseId, cast.people.cw1.id, s.id])).toBe(1);
    expect(await t.world.count('audit_event', `case_id = $1 AND action = 'SCREENING_SUBMIT' AND subject_id = $2`, [caseId, s.id])).toBe(1);
  });

  it('a positive result raises the risk level, flags the case, alerts the PRIMARY and the supervisors, and starts the follow-up clock', async () => {
    const caseId = await newCase();
    const administeredAt = new Date(t.clock.now().getTime() - 3600_000);
    const response = await submit(cast.people.cw1, caseId, { administeredAt: administeredAt.toISOString(), answers: practiceAnswers({ runaway: 'YES', 'unstable-lodging': 'YES' }) });
    expect(response.errors).toEqual([]);
    const s = response.data!.submitScreening;
    expect(s).toMatchObject({ score: 2, outcome: 'POSITIVE', thresholdId: 'elevated', caseRiskBefore: 'UNKNOWN', caseRiskAfter: 'ELEVATED' });
    expect(new Date(s.followUpDueAt).getTime()).toBe(administeredAt.getTime() + 72 * 3600_000);
    const read = await t.gql.ok(SCREENINGS, { id: caseId }, cast.people.cw1.token);
    expect(read.case).toMatchObject({ riskLevel: 'ELEVATED', flags: expect.arrayContaining(['SCREENED_POSITIVE']) });
    const alerted: { recipient_id: string; kind: string; text: string }[] = await t.db.query(`SELECT recipient_id, kind, text FROM notification WHERE case_id = $1`, [caseId]);
    expect(alerted.map((n) => n.recipient_id).sort()).toEqual([cast.people.cw1.id, cast.people.cwSup.id].sort());
    expect(alerted.every((n) => n.kind === 'SCREENED_POSITIVE')).toBe(true);
    // The alert names the case, the instrument and what to do; nothing of the child or the answers.
    expect(alerted[0]!.text).toMatch(/^Case [A-Z0-9-]+: a screening \(practice-screen v1\) was positive \(Positive: elevated\)\. Refer for a forensic interview/);
    const [clock] = await t.db.query(`SELECT status, agency_id, due_at, data FROM deadline WHERE case_id = $1 AND kind = 'SCREENING_FOLLOW_UP'`, [caseId]);
    expect({ status: clock.status, agency: clock.agency_id, due: new Date(clock.due_at).getTime(), types: clock.data.serviceTypes }).toEqual({
      status: 'PENDING',
      agency: cast.agencies.CW.id,
      due: administeredAt.getTime() + 72 * 3600_000,
      types: ['FORENSIC_INTERVIEW', 'MEDICAL_EXAM'],
    });
    const timeline = (await t.gql.ok(TIMELINE, { id: caseId }, cast.people.cw1.token)).case.timeline.edges.map((e: { node: { kind: string; summary: string } }) => e.node);
    expect(timeline).toContainEqual({ kind: 'SCREENED_POSITIVE', summary: 'Screened positive; risk level UNKNOWN → ELEVATED; follow-up referral due' });
    expect(timeline).toContainEqual({ kind: 'SCREENING_DONE', summary: 'Screening done (practice-screen v1): positive' });
  });

  it('never lowers the risk level: a lower result keeps the case where it is and says so', async () => {
    const caseId = await newCase('HIGH');
    const s = (await t.gql.ok(SUBMIT, { input: input(caseId, { answers: practiceAnswers({ runaway: 'YES', 'unstable-lodging': 'YES' }) }) }, cast.people.cw1.token)).submitScreening;
    expect(s).toMatchObject({ outcome: 'POSITIVE', riskLevel: 'ELEVATED', caseRiskBefore: 'HIGH', caseRiskAfter: 'HIGH' });
    expect((await t.gql.ok(SCREENINGS, { id: caseId }, cast.people.cw1.token)).case.riskLevel).toBe('HIGH');
    const timeline = (await t.gql.ok(TIMELINE, { id: caseId }, cast.people.cw1.token)).case.timeline.edges.map((e: { node: { summary: string } }) => e.node.summary);
    expect(timeline).toContain('Screened positive; risk level stays HIGH (the screening suggested ELEVATED); follow-up referral due');
    // A negative result (LOW) on a HIGH case changes nothing of its risk either.
    const low = (await t.gql.ok(SUBMIT, { input: input(caseId) }, cast.people.cw1.token)).submitScreening;
    expect(low).toMatchObject({ outcome: 'NEGATIVE', riskLevel: 'LOW', caseRiskAfter: 'HIGH' });
  });

  it('the follow-up is met by a referral for a service the result named, not by another', async () => {
    const caseId = await newCase();
    await t.gql.ok(SUBMIT, { input: input(caseId, { answers: practiceAnswers({ exchange: 'YES' }) }) }, cast.people.cw1.token);
    const [clock] = await t.db.query(`SELECT id, due_at FROM deadline WHERE case_id = $1 AND kind = 'SCREENING_FOLLOW_UP'`, [caseId]);
    // The high band asks for the referral within 24 hours.
    expect(new Date(clock.due_at).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(24 * 3600_000);
    const status = async () => (await t.db.query(`SELECT status FROM deadline WHERE id = $1`, [clock.id]))[0].status;
    await t.gql.ok(CREATE_REFERRAL, { input: { caseId, toAgencyId: cast.agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: [], reason: 'Investigation of what was disclosed' } }, cast.people.cw1.token);
    expect(await status()).toBe('PENDING');
    await t.gql.ok(CREATE_REFERRAL, { input: { caseId, toAgencyId: cast.agencies.PD.id, serviceType: 'FORENSIC_INTERVIEW', urgency: 'URGENT', scopes: [], reason: 'Forensic interview after a positive screening' } }, cast.people.cw1.token);
    expect(await status()).toBe('MET');
  });

  it('refuses invalid answers with their field paths, and stores nothing', async () => {
    const caseId = await newCase();
    const before = await footprint(caseId);
    const response = await submit(cast.people.cw1, caseId, {
      answers: [{ itemId: 'runaway', value: 'MAYBE' }, { itemId: 'no-such-item', value: 'YES' }, { itemId: 'exchange', status: 'DECLINED', value: 'NO' }],
    });
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const paths = (response.errors[0]?.extensions?.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(['input.answers.0.value', 'input.answers.1.itemId', 'input.answers.2.value', 'input.answers']);
    expect(await footprint(caseId)).toEqual(before);
  });

  it.each([
    ['an instrument not loaded', { instrumentId: 'no-such-instrument' }, 'input.instrumentId'],
    ['a version not loaded', { version: '9' }, 'input.version'],
    ['a malformed instrument id', { instrumentId: 'Not An Id' }, 'input.instrumentId'],
    ['an administration time in the future', { administeredAt: new Date(Date.now() + 86_400_000).toISOString() }, 'input.administeredAt'],
    ['an interview without the young person\'s assent', { assent: false }, 'input.assent'],
    ['a missing episode of no case', { missingEpisodeId: '00000000-0000-4000-8000-000000000000' }, 'input.missingEpisodeId'],
    ['a malformed answer value', { answers: [{ itemId: 'runaway', value: 'yes please' }] }, 'input.answers.0.value'],
  ])('refuses %s (BAD_USER_INPUT at its path) and changes nothing', async (_what, over, path) => {
    const caseId = await newCase();
    const before = await footprint(caseId);
    const response = await submit(cast.people.cw1, caseId, over);
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((response.errors[0]?.extensions?.fields as { path: string }[]).map((f) => f.path)).toContain(path);
    expect(await footprint(caseId)).toEqual(before);
  });

  it('takes information integration without assent, and a return interview\'s screening after the return only', async () => {
    const caseId = await newCase();
    const records = await submit(cast.people.cw1, caseId, { mode: 'INFORMATION_INTEGRATION', respondent: 'PROFESSIONAL', assent: false, consentBy: null });
    expect(records.errors).toEqual([]);
    const hour = 3600_000;
    const now = t.clock.now().getTime();
    const episode = await t.gql.ok(`mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`, { input: { caseId, missingSince: new Date(now - 5 * hour), learnedAt: new Date(now - 4 * hour) } }, cast.people.cw1.token);
    const episodeId = episode.recordMissingEpisode.id;
    const early = await submit(cast.people.cw1, caseId, { missingEpisodeId: episodeId });
    expect((early.errors[0]?.extensions?.fields as { path: string }[]).map((f) => f.path)).toEqual(['input.missingEpisodeId']);
    await t.gql.ok(`mutation($input: RecordReturnInput!) { recordReturn(input: $input) { id } }`, { input: { episodeId, returnedAt: new Date(now - 2 * hour) } }, cast.people.cw1.token);
    const before = await submit(cast.people.cw1, caseId, { missingEpisodeId: episodeId, administeredAt: new Date(now - 3 * hour).toISOString() });
    expect((before.errors[0]?.extensions?.fields as { path: string }[]).map((f) => f.path)).toEqual(['input.administeredAt']);
    const after = await submit(cast.people.cw1, caseId, { missingEpisodeId: episodeId });
    expect(after.errors).toEqual([]);
    expect(after.data!.submitScreening.missingEpisodeId).toBe(episodeId);
    const episodes = await t.gql.ok(`query($id: ID!) { case(id: $id) { missingEpisodes { id screenings { id missingEpisodeId } } } }`, { id: caseId }, cast.people.cw1.token);
    expect(episodes.case.missingEpisodes[0].screenings).toEqual([{ id: after.data!.submitScreening.id, missingEpisodeId: episodeId }]);
  });

  describe('version pinning', () => {
    const id = `pin-${run}`;
    const version = (v: string, minScore: number, weight: number) => ({
      ...PRACTICE,
      id,
      version: v,
      practice: true,
      items: (PRACTICE.items as { id: string; weight: number }[]).map((item) => (item.id === 'runaway' ? { ...item, weight } : item)),
      thresholds: (PRACTICE.thresholds as { id: string; minScore: number }[]).map((th) => (th.id === 'elevated' ? { ...th, minScore } : th)),
    });

    it('scores each screening with the version it names, forever; a loaded version never changes', async () => {
      const instruments = t.app.get(ScreeningInstruments);
      expect(await instruments.load(version('1', 2, 1))).toMatchObject({ ok: true, loaded: true });
      const caseId = await newCase();
      const answers = practiceAnswers({ runaway: 'YES', 'unstable-lodging': 'YES' });
      const at = (hoursAgo: number) => new Date(t.clock.now().getTime() - hoursAgo * 3600_000).toISOString();
      const first = (await t.gql.ok(SUBMIT, { input: input(caseId, { instrumentId: id, answers, administeredAt: at(3) }) }, cast.people.cw1.token)).submitScreening;
      expect(first).toMatchObject({ instrumentVersion: '1', score: 2, outcome: 'POSITIVE', thresholdId: 'elevated' });

      // Version 2 weighs runaway 3 and moves the elevated band to 4.
      expect(await instruments.load(version('2', 4, 3))).toMatchObject({ ok: true, loaded: true });
      const again = await instruments.load(version('1', 2, 1));
      expect(again).toMatchObject({ ok: true, loaded: false });
      const changed = await instruments.load(version('1', 3, 1));
      expect(changed).toEqual({ ok: false, problems: [{ path: 'version', message: expect.stringContaining('a loaded version never changes') }] });

      const pinned = (await t.gql.ok(SUBMIT, { input: input(caseId, { instrumentId: id, version: '1', answers, administeredAt: at(2) }) }, cast.people.cw1.token)).submitScreening;
      expect(pinned).toMatchObject({ instrumentVersion: '1', score: 2, thresholdId: 'elevated' });
      const second = (await t.gql.ok(SUBMIT, { input: input(caseId, { instrumentId: id, version: '2', answers, administeredAt: at(1) }) }, cast.people.cw1.token)).submitScreening;
      expect(second).toMatchObject({ instrumentVersion: '2', score: 4, thresholdId: 'elevated' });

      const history = (await t.gql.ok(SCREENINGS, { id: caseId }, cast.people.cw1.token)).case.screenings;
      expect(history.find((s: { id: string }) => s.id === first.id)).toMatchObject({ instrumentVersion: '1', score: 2, outcome: 'POSITIVE', thresholdId: 'elevated' });
      expect(history.map((s: { id: string }) => s.id)).toEqual([second.id, pinned.id, first.id]);
      const [v1] = await t.db.query(`SELECT definition FROM screening_instrument WHERE instrument_id = $1 AND version = '1'`, [id]);
      expect(v1.definition.thresholds.find((th: { id: string }) => th.id === 'elevated').minScore).toBe(2);
    });
  });

  describe('who may submit and read (docs/access-policy.md)', () => {
    let caseId: string;
    let sh1: Actor;
    let pd1: Actor;
    beforeAll(async () => {
      caseId = await newCase();
      sh1 = cast.people.sh1;
      pd1 = cast.people.pd1;
      await makePartner(t, caseId, cast.agencies.SH.id, ['SUMMARY', 'SERVICES'], false);
      await assignDirectly(t, caseId, sh1);
      await makePartner(t, caseId, cast.agencies.PD.id, ['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION'], false);
      await assignDirectly(t, caseId, pd1);
    });

    it.each([
      ['cw1 (lead, PRIMARY)', 'cw1', null],
      ['the lead supervisor', 'cwSup', null],
      ['sh1 (partner holding SERVICES)', 'sh1', null],
      ['pd1 (partner without SERVICES)', 'pd1', 'FORBIDDEN'],
      ['cw2 (lead staff, not assigned)', 'cw2', 'NOT_FOUND'],
      ['pd2 (another jurisdiction)', 'pd2', 'NOT_FOUND'],
      ['the agency admin', 'cwAdmin', 'FORBIDDEN'],
      ['the auditor', 'auditor', 'FORBIDDEN'],
      ['the system administrator', 'sysadmin', 'FORBIDDEN'],
    ] as const)('%s', async (_who, person, code) => {
      const before = await footprint(caseId);
      const response = await submit(cast.people[person], caseId);
      if (code === null) {
        expect(response.errors).toEqual([]);
        return;
      }
      expect(response.errors[0]?.extensions?.code).toBe(code);
      expect(await footprint(caseId)).toMatchObject({ screenings: before.screenings, deadlines: before.deadlines, submits: before.submits });
      expect(await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND actor_user_id = $1 AND (details->>'attempted' = 'SCREENING_SUBMIT' OR details->>'operation' = 'submitScreening')`, [cast.people[person].id])).toBeGreaterThan(0);
    });

    it('break glass reads but never submits', async () => {
      const other = await newCase();
      await t.gql.ok(BREAK_GLASS, { caseId: other, j: 'Child found alone at night, need identity now' }, cast.people.pdSup.token);
      const response = await submit(cast.people.pdSup, other);
      expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await t.world.count('screening', 'case_id = $1', [other])).toBe(0);
    });

    it('a viewer without SERVICES gets the screenings withheld, as the rest of the case', async () => {
      const response = await t.gql.query(SCREENINGS, { id: caseId }, pd1.token);
      expect(response.errors).toEqual([]);
      expect(response.data!.case.screenings).toBeNull();
      expect(response.extensions.redacted).toContain('case.screenings');
      expect((await t.gql.ok(SCREENINGS, { id: caseId }, sh1.token)).case.screenings.length).toBeGreaterThan(0);
    });

    it('screenings kept as CLINICAL are read only by the agency that administered them', async () => {
      const clinicalId = `clinical-${run}`;
      expect(await t.app.get(ScreeningInstruments).load({ ...PRACTICE, id: clinicalId, scope: 'CLINICAL' })).toMatchObject({ ok: true });
      const co1 = await signedIn(t, Role.STAFF, cast.agencies.CO.id);
      await makePartner(t, caseId, cast.agencies.CO.id, ['SUMMARY', 'SERVICES'], false);
      await assignDirectly(t, caseId, co1);
      const clinical = (await t.gql.ok(SUBMIT, { input: input(caseId, { instrumentId: clinicalId, answers: practiceAnswers({ exchange: 'YES' }) }) }, co1.token)).submitScreening;
      expect(clinical.scope).toBe('CLINICAL');
      const ids = async (who: Actor) => (await t.gql.ok(SCREENINGS, { id: caseId }, who.token)).case.screenings.map((s: { id: string }) => s.id);
      expect(await ids(co1)).toContain(clinical.id);
      expect(await ids(cast.people.cw1)).not.toContain(clinical.id);
      expect(await ids(cast.people.cwSup)).not.toContain(clinical.id);
      // What it did to the case is SUMMARY: everyone who sees the case sees the flag and the positive entry, not the screening.
      const kinds = async (who: Actor) => (await t.gql.ok(TIMELINE, { id: caseId }, who.token)).case.timeline.edges.map((e: { node: { kind: string } }) => e.node.kind);
      expect(await kinds(cast.people.cw1)).toContain('SCREENED_POSITIVE');
      expect((await kinds(cast.people.cw1)).filter((k: string) => k === 'SCREENING_DONE').length).toBe((await kinds(co1)).filter((k: string) => k === 'SCREENING_DONE').length - 1);
      // The counselling agency's supervisors hear of it too, beside the lead's.
      const told: { recipient_id: string }[] = await t.db.query(`SELECT recipient_id FROM notification WHERE text LIKE $1 AND case_id = $2`, [`%${clinicalId}%`, caseId]);
      expect(told.map((n) => n.recipient_id)).toEqual(expect.arrayContaining([cast.people.cw1.id, cast.people.cwSup.id, cast.people.coSup.id]));
    });

    it('the instruments are read by staff and supervisors, with their license and citation; not by administrators', async () => {
      const read = await t.gql.ok(INSTRUMENTS, { filter: { instrumentId: 'practice-screen', language: 'es' } }, cast.people.cw1.token);
      expect(read.screeningInstruments).toHaveLength(1);
      expect(read.screeningInstruments[0]).toMatchObject({ id: 'practice-screen', practice: true, licenseName: 'CC0-1.0', title: expect.stringMatching(/^SOLO PRÁCTICA/) });
      expect(read.screeningInstruments[0].thresholds.map((th: { id: string }) => th.id)).toEqual(['below-threshold', 'elevated', 'high']);
      for (const person of ['cwAdmin', 'auditor', 'sysadmin'] as const) {
        expect((await t.gql.query(INSTRUMENTS, {}, cast.people[person].token)).errors[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const bad = await t.gql.query(INSTRUMENTS, { filter: { language: 'Spanish!' } }, cast.people.cw1.token);
      expect(bad.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  it('reads the screenings of a page of cases in as many more statements as those of one case', async () => {
    // A caseworker of their own, whose list holds these eight cases only: every case of the page has a screening.
    const worker = await signedIn(t, Role.STAFF, cast.agencies.CW.id);
    for (let i = 0; i < 8; i += 1) {
      const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Sam Screening Example', dateOfBirth: '2011-02-03' } } }, worker.token);
      await t.gql.ok(SUBMIT, { input: input(created.createCase.id, { answers: practiceAnswers({ runaway: 'YES' }) }) }, worker.token);
    }
    const WITH = `query($first: Int) { cases(first: $first) { edges { node { id riskLevel screenings { id score answers { itemId } } } } } }`;
    const WITHOUT = `query($first: Int) { cases(first: $first) { edges { node { id riskLevel } } } }`;
    const spy = jest.spyOn(Client.prototype, 'query');
    const statements = async (query: string, first: number): Promise<number> => {
      spy.mockClear();
      const seen = await t.gql.ok(query, { first }, worker.token);
      expect(seen.cases.edges).toHaveLength(first);
      return spy.mock.calls.length;
    };
    try {
      // The app's background work (the outbox relay) can land inside one read's count and only adds: the fewest of three reads is the read's own.
      const fewest = async (query: string, first: number) => Math.min(await statements(query, first), await statements(query, first), await statements(query, first));
      const one = (await fewest(WITH, 1)) - (await fewest(WITHOUT, 1));
      const eight = (await fewest(WITH, 8)) - (await fewest(WITHOUT, 8));
      console.log(`SQL statements that screenings add: cases(first: 1) = ${one}, cases(first: 8) = ${eight}`);
      expect(one).toBeGreaterThan(0);
      expect(eight).toBe(one);
    } finally {
      spy.mockRestore();
    }
  });

  it('a partner agency of another type submits too: a medical provider holding SERVICES', async () => {
    const caseId = await newCase();
    const medical = await t.world.agency(AgencyType.MEDICAL);
    const nurse = await signedIn(t, Role.STAFF, medical.id);
    await makePartner(t, caseId, medical.id, ['SUMMARY', 'SERVICES'], false);
    await assignDirectly(t, caseId, nurse);
    expect((await submit(nurse, caseId)).errors).toEqual([]);
  });
});

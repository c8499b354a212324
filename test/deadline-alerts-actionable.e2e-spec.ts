import { AgencyType, Role } from '@tandem/authz';
import { DEADLINE_RULES, DeadlineEngine, DeadlineKind, stageTime } from '@tandem/deadlines';
import { ScreeningInstruments, shippedInstrumentFiles } from '@tandem/screening';
import { readFileSync } from 'node:fs';
import { GraphQLResponse, WorldUser } from '@tandem/testing';
import { directorySite } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';
import { sendTip, TIP, TIP_ENV, tipInput, TRIAGE_TIP } from './support/tip-fixtures';

/*
 * docs/access-policy.md, "Deadlines and the people they alert": whoever a deadline alerts can open the case and do the act that meets it; an alert
 * that its recipient could not act on is a defect. For every deadline kind of the rules table and
 * every one of its stages, a fresh world runs the deadline up to that stage; then each person the
 * stage alerted, in a world of their own, opens the case and does the act, and neither is refused.
 * A kind added to the table without a scenario here fails the suite.
 */

const DAY = 24 * 3600_000;

/** Clocks of the product plan whose feature is not built yet: adding one to DeadlineKind fails this suite until it has a scenario. */
const NOT_YET_BUILT = ['CAPACITY_STALE'];

const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`;
const OPEN_CASE = `query($id: ID!) { case(id: $id) { id caseNumber viewerScopes } }`;
const CASE_AUDIT = `query($caseId: ID!) { auditEvents(filter: { caseId: $caseId }, first: 5) { edges { node { id } } } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;
const RECORD_RETURN = `mutation($input: RecordReturnInput!) { recordReturn(input: $input) { id } }`;
const RECORD_INTERVIEW = `mutation($input: RecordReturnInterviewInput!) { recordReturnInterview(input: $input) { id } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id } }`;
const START_REFERRAL = `mutation($id: ID!) { startReferral(id: $id) { id } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`;
const ACCEPT_HANDOFF = `mutation($id: ID!) { acceptHandoff(id: $id) { id } }`;
const BREAK_GLASS = `mutation($caseId: ID!, $j: String!) { breakGlass(caseId: $caseId, justification: $j) { id } }`;
const REVIEW_BREAK_GLASS = `mutation($grantId: ID!, $finding: String!) { reviewBreakGlass(grantId: $grantId, finding: $finding) { grantId } }`;
const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const ASSIGN = `mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id } }`;
const CASE_REVIEW = `mutation($caseId: ID!) { recordCaseReview(caseId: $caseId) { caseId } }`;
const SUBMIT_SCREENING = `mutation($input: SubmitScreeningInput!) { submitScreening(input: $input) { id outcome } }`;
/** Two YES answers of the practice screen: positive, elevated, a 72-hour follow-up. */
const POSITIVE_PRACTICE_ANSWERS = [
  ...['runaway', 'unstable-lodging'].map((itemId) => ({ itemId, value: 'YES' })),
  ...['unexplained-items', 'controlling-relationship', 'exchange'].map((itemId) => ({ itemId, value: 'NO' })),
  { itemId: 'substance-use', value: 'NEVER' },
];

type Person = 'cw1' | 'cw2' | 'cwSup' | 'pd1' | 'pdSup' | 'sh1' | 'shSup' | 'cwbSup' | 'auditor';

/** A case led by child welfare (CW, cw1 PRIMARY), with a police agency (PD), a shelter (SH) and a second child welfare agency (CWB). */
interface World {
  agencies: Record<'CW' | 'PD' | 'SH' | 'CWB', string>;
  jurisdictionId: string;
  people: Record<Person, WorldUser>;
  caseId: string;
}

/** How one kind's deadline is started, and the act that meets it (or answers its alert once it is past). */
interface Scenario {
  /** Starts the deadline in the world; returns what the act needs. */
  start(world: World): Promise<Record<string, string>>;
  act(world: World, user: WorldUser, ids: Record<string, string>, stage: 'before' | 'due'): Promise<GraphQLResponse>;
  /** What an alerted person opens, when it is not the case (a tip to triage). */
  open?(world: World, user: WorldUser, ids: Record<string, string>): Promise<GraphQLResponse>;
}

describe('every deadline alert can be acted on by whoever it alerts', () => {
  let t: TestApp;
  let engine: DeadlineEngine;

  const as = (user: WorldUser) => t.signIn(user);
  const gql = async (query: string, variables: Record<string, unknown>, user: WorldUser) => t.gql.query(query, variables, await as(user));
  async function ok(query: string, variables: Record<string, unknown>, user: WorldUser): Promise<Record<string, { id: string }>> {
    return t.gql.ok(query, variables, await as(user));
  }

  async function newWorld(): Promise<World> {
    // The clocks of earlier worlds stop: each sweep then runs this world's alone.
    await t.db.query(`UPDATE deadline SET status = 'CANCELLED', next_at = NULL, cancelled_at = $1 WHERE status = 'PENDING'`, [now()]);
    const here = await t.world.jurisdiction('Alert County');
    const agencies = {
      CW: (await t.world.agency(AgencyType.CHILD_WELFARE, here.id)).id,
      PD: (await t.world.agency(AgencyType.LAW_ENFORCEMENT, here.id)).id,
      SH: (await t.world.agency(AgencyType.SHELTER, here.id)).id,
      CWB: (await t.world.agency(AgencyType.CHILD_WELFARE, here.id)).id,
    };
    // Auditors are alerted platform-wide: only this world's one is active.
    await t.db.query(`UPDATE app_user SET active = false WHERE role = 'AUDITOR'`);
    const people: Record<Person, WorldUser> = {
      cw1: await t.world.user(Role.STAFF, agencies.CW),
      cw2: await t.world.user(Role.STAFF, agencies.CW),
      cwSup: await t.world.user(Role.SUPERVISOR, agencies.CW),
      pd1: await t.world.user(Role.STAFF, agencies.PD),
      pdSup: await t.world.user(Role.SUPERVISOR, agencies.PD),
      sh1: await t.world.user(Role.STAFF, agencies.SH),
      shSup: await t.world.user(Role.SUPERVISOR, agencies.SH),
      cwbSup: await t.world.user(Role.SUPERVISOR, agencies.CWB),
      auditor: await t.world.user(Role.AUDITOR, null),
    };
    const created = await ok(CREATE_CASE, { input: { child: { legalName: 'Alex Alert Example', dateOfBirth: '2012-03-04', placement: { address: '1 Unlisted Way' } } } }, people.cw1);
    return { agencies, jurisdictionId: here.id, people, caseId: created.createCase!.id };
  }

  const now = () => t.clock.now();
  const episode = async (w: World) => (await ok(RECORD_EPISODE, { input: { caseId: w.caseId, missingSince: now(), learnedAt: now() } }, w.people.cw1)).recordMissingEpisode!.id;
  const report = (w: World, user: WorldUser, episodeId: string, reportedTo: string) =>
    gql(RECORD_REPORT, { input: { episodeId, reportedTo, reportedAt: now(), reportNumber: `R-${reportedTo}`, receivingAgencyId: reportedTo === 'LAW_ENFORCEMENT' ? w.agencies.PD : null } }, user);
  const referral = (w: World, user: WorldUser) =>
    gql(CREATE_REFERRAL, { input: { caseId: w.caseId, toAgencyId: w.agencies.SH, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: [], reason: 'A bed tonight' } }, user);
  const handoff = (w: World, user: WorldUser) => gql(REQUEST_HANDOFF, { input: { caseId: w.caseId, toAgencyId: w.agencies.CWB, reason: 'The family moved' } }, user);
  const consent = (w: World, user: WorldUser, expiresAt: Date) =>
    gql(RECORD_CONSENT, { input: { caseId: w.caseId, grantedBy: 'GUARDIAN', purpose: 'Shelter placement', scopes: ['IDENTITY'], agencyIds: [w.agencies.SH], expiresAt } }, user);

  const SCENARIOS: Record<DeadlineKind, Scenario> = {
    [DeadlineKind.MISSING_REPORT_LE]: {
      start: async (w) => ({ episodeId: await episode(w) }),
      act: (w, user, ids) => report(w, user, ids.episodeId!, 'LAW_ENFORCEMENT'),
    },
    [DeadlineKind.MISSING_REPORT_NCMEC]: {
      start: async (w) => ({ episodeId: await episode(w) }),
      act: (w, user, ids) => report(w, user, ids.episodeId!, 'NCMEC'),
    },
    [DeadlineKind.NCIC_ENTRY]: {
      start: async (w) => {
        const episodeId = await episode(w);
        expect((await report(w, w.people.cw1, episodeId, 'LAW_ENFORCEMENT')).errors).toEqual([]);
        return { episodeId };
      },
      act: (w, user, ids) => report(w, user, ids.episodeId!, 'NCIC'),
    },
    [DeadlineKind.VICTIM_REPORT_LE]: {
      start: async (w) => {
        await ok(SET_FLAG, { caseId: w.caseId, flag: 'TRAFFICKING_VICTIM' }, w.people.cw1);
        return {};
      },
      act: (w, user) => gql(VICTIM_REPORT, { input: { caseId: w.caseId, reportedAt: now(), reportNumber: 'V-1', receivingAgencyId: w.agencies.PD } }, user),
    },
    [DeadlineKind.REFERRAL_RESPONSE]: {
      start: async (w) => ({ referralId: (await referral(w, w.people.cw1)).data!.createReferral!.id }),
      // Before it is due the receiving agency answers; once it expired, its sender chooses another provider.
      act: (w, user, ids, stage) => (stage === 'before' ? gql(ACCEPT_REFERRAL, { id: ids.referralId }, user) : referral(w, user)),
    },
    [DeadlineKind.HANDOFF_RESPONSE]: {
      start: async (w) => ({ handoffId: (await handoff(w, w.people.cw1)).data!.requestHandoff!.id }),
      act: (w, user, ids, stage) => (stage === 'before' ? gql(ACCEPT_HANDOFF, { id: ids.handoffId }, user) : handoff(w, user)),
    },
    [DeadlineKind.RETURN_INTERVIEW]: {
      start: async (w) => {
        const episodeId = await episode(w);
        await ok(RECORD_RETURN, { input: { episodeId, returnedAt: now() } }, w.people.cw1);
        return { episodeId };
      },
      act: (_w, user, ids) => gql(RECORD_INTERVIEW, { input: { episodeId: ids.episodeId, interviewedAt: now(), screeningDone: true } }, user),
    },
    [DeadlineKind.BREAK_GLASS_REVIEW]: {
      start: async (w) => {
        await ok(BREAK_GLASS, { caseId: w.caseId, j: 'Child found alone at night, need identity now' }, w.people.pd1);
        const [grant] = await t.db.query(`SELECT id FROM access_grant WHERE case_id = $1`, [w.caseId]);
        return { grantId: grant.id };
      },
      act: (_w, user, ids) => gql(REVIEW_BREAK_GLASS, { grantId: ids.grantId, finding: 'Justified: the child was at risk.' }, user),
    },
    [DeadlineKind.CONSENT_EXPIRY]: {
      start: async (w) => {
        expect((await consent(w, w.people.cw1, new Date(now().getTime() + 10 * DAY))).errors).toEqual([]);
        return {};
      },
      // The consent is renewed before it ends, or recorded anew after.
      act: (w, user) => consent(w, user, new Date(now().getTime() + 90 * DAY)),
    },
    [DeadlineKind.TIP_TRIAGE]: {
      start: async (w) => ({ tipId: (await sendTip(t.gql, t.db, t.config, tipInput(w.jurisdictionId))).id }),
      // The tip is taken under review and closed: the decision meets the clock.
      act: async (_w, user, ids) => {
        const reviewed = await gql(TRIAGE_TIP, { input: { tipId: ids.tipId, action: 'REVIEW', expectedVersion: 1 } }, user);
        if (reviewed.errors.length) return reviewed;
        return gql(TRIAGE_TIP, { input: { tipId: ids.tipId, action: 'NO_ACTION', expectedVersion: 2, reason: 'Checked: nothing to act on' } }, user);
      },
      open: (_w, user, ids) => gql(TIP, { id: ids.tipId }, user),
    },
    [DeadlineKind.BED_HOLD]: {
      start: async (w) => {
        const site = await directorySite(t, w.agencies.SH, { available: 1, maximum: 1 });
        const input = { caseId: w.caseId, toAgencyId: w.agencies.SH, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: [], reason: 'A bed tonight', serviceAtLocationId: site.serviceAtLocationId };
        const referralId = (await ok(CREATE_REFERRAL, { input }, w.people.cw1)).createReferral!.id;
        await ok(ACCEPT_REFERRAL, { id: referralId }, w.people.sh1);
        return { referralId };
      },
      // Before it is due the shelter records the child's arrival; once the bed went, the sender refers again.
      act: (w, user, ids, stage) => (stage === 'before' ? gql(START_REFERRAL, { id: ids.referralId }, user) : referral(w, user)),
    },
    [DeadlineKind.CASE_REVIEW]: {
      start: async (w) => {
        // Assigning a second worker makes the case ACTIVE, which starts its review clock.
        await ok(ASSIGN, { caseId: w.caseId, userId: w.people.cw2.id }, w.people.cwSup);
        return {};
      },
      act: (w, user) => gql(CASE_REVIEW, { caseId: w.caseId }, user),
    },
    [DeadlineKind.SCREENING_FOLLOW_UP]: {
      start: async (w) => {
        const screening = { caseId: w.caseId, instrumentId: 'practice-screen', version: '1', answers: POSITIVE_PRACTICE_ANSWERS, mode: 'INTERVIEW', respondent: 'YOUTH', administeredAt: now(), assent: true };
        expect((await ok(SUBMIT_SCREENING, { input: screening }, w.people.cw1)).submitScreening).toMatchObject({ outcome: 'POSITIVE' });
        return {};
      },
      // The follow-up the result named: a referral for a forensic interview (overdue or not, it is still the act).
      act: (w, user) =>
        gql(CREATE_REFERRAL, { input: { caseId: w.caseId, toAgencyId: w.agencies.PD, serviceType: 'FORENSIC_INTERVIEW', urgency: 'URGENT', scopes: [], reason: 'Forensic interview after a positive screening' } }, user),
    },
  };

  /** Opening the case: its content for case roles; its audit trail for an auditor, who sees no case content (docs/access-policy.md, "Roles"). */
  const open = (w: World, user: WorldUser) => (user.role === Role.AUDITOR ? gql(CASE_AUDIT, { caseId: w.caseId }, user) : gql(OPEN_CASE, { id: w.caseId }, user));

  /** A fresh world with the kind's deadline run through stage `index`; the people that stage alerted. */
  async function runTo(kind: DeadlineKind, index: number): Promise<{ world: World; ids: Record<string, string>; alerted: Person[]; deadlineId: string }> {
    const world = await newWorld();
    const ids = await SCENARIOS[kind].start(world);
    // A tip's clock has no case: it names its tip.
    const [deadline] = await t.db.query(
      `SELECT id, kind, started_at AS "startedAt", due_at AS "dueAt" FROM deadline WHERE (case_id = $1 OR data->>'tipId' = $3) AND kind = $2 AND status = 'PENDING'`,
      [world.caseId, kind, ids.tipId ?? ''],
    );
    expect(deadline).toBeDefined();
    let alerted: string[] = [];
    for (let stage = 0; stage <= index; stage += 1) {
      const at = stageTime(deadline, stage)!;
      if (at > now()) t.clock.set(new Date(at.getTime() + 1000));
      const before: { id: string }[] = await t.db.query(`SELECT id FROM notification WHERE deadline_id = $1`, [deadline.id]);
      await engine.sweep();
      const [row] = await t.db.query(`SELECT stage FROM deadline WHERE id = $1`, [deadline.id]);
      expect(row.stage).toBe(stage + 1);
      const after: { id: string; recipient: string }[] = await t.db.query(`SELECT id, recipient_id AS recipient FROM notification WHERE deadline_id = $1`, [deadline.id]);
      alerted = after.filter((n) => !before.some((b) => b.id === n.id)).map((n) => n.recipient);
    }
    const byId = new Map(Object.entries(world.people).map(([name, user]) => [user.id, name as Person]));
    return { world, ids, alerted: alerted.map((id) => byId.get(id) ?? (`someone outside the world: ${id}` as Person)).sort(), deadlineId: deadline.id };
  }

  beforeAll(async () => {
    t = await createTestApp({ ...(await isolatedDatabase('alerts')), ...TIP_ENV });
    engine = t.app.get(DeadlineEngine);
    const practice = shippedInstrumentFiles().find((path) => path.endsWith('practice-screen-1.json'))!;
    expect(await t.app.get(ScreeningInstruments).load(JSON.parse(readFileSync(practice, 'utf8')))).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has a scenario for every deadline kind, and names the kinds planned but not built yet', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.values(DeadlineKind).sort());
    for (const kind of NOT_YET_BUILT) expect(Object.values(DeadlineKind)).not.toContain(kind);
  });

  const cases = Object.values(DeadlineKind).flatMap((kind) => DEADLINE_RULES[kind].stages.map((stage, index) => ({ kind, index, due: stage.due, to: stage.to.join(', ') })));

  it.each(cases)('$kind, stage $index ($to): each person alerted opens the case and does the act', async ({ kind, index, due }) => {
    const first = await runTo(kind, index);
    expect(first.alerted.length).toBeGreaterThan(0);
    const refusals: { person: string; step: string; codes: (string | undefined)[] }[] = [];
    for (const [n, person] of first.alerted.entries()) {
      // Each act meets the deadline: every person acts in a world of their own, run to the same stage.
      const run = n === 0 ? first : await runTo(kind, index);
      expect(run.alerted).toEqual(first.alerted);
      const user = run.world.people[person];
      const opened = await (SCENARIOS[kind].open ?? open)(run.world, user, run.ids);
      if (opened.errors.length) refusals.push({ person, step: 'open', codes: opened.errors.map((e) => e.extensions?.code) });
      const acted = await SCENARIOS[kind].act(run.world, user, run.ids, due ? 'due' : 'before');
      if (acted.errors.length) refusals.push({ person, step: 'act', codes: acted.errors.map((e) => e.extensions?.code) });
      // Before it is due, the act meets the deadline (a consent ending is answered by a new one, not met).
      if (!due && kind !== DeadlineKind.CONSENT_EXPIRY) {
        const [row] = await t.db.query(`SELECT status FROM deadline WHERE id = $1`, [run.deadlineId]);
        if (row.status !== 'MET') refusals.push({ person, step: `meet (${row.status})`, codes: [] });
      }
    }
    expect(refusals).toEqual([]);
  });
});

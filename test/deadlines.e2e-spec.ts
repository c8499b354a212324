import { AgencyType, Role } from '@tandem/authz';
import { DeadlineEngine } from '@tandem/deadlines';
import { NotificationService } from '@tandem/notifications';
import { WorldUser } from '@tandem/testing';
import { assignDirectly, CREATE_CASE, makePartner, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

const HOUR = 3600_000;
const MINUTE = 60_000;

const DEADLINES = `query($filter: DeadlineFilter, $first: Int, $after: String) {
  deadlines(filter: $filter, first: $first, after: $after) {
    edges { node { id kind status subjectType subjectId caseNumber dueAt overdue escalationLevel nextAlertAt agency { id } } }
    pageInfo { hasNextPage endCursor } } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id missingSince learnedAt lastSeenPlace } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id reportedTo reportNumber } }`;
const RECORD_RETURN = `mutation($input: RecordReturnInput!) { recordReturn(input: $input) { id returnedAt } }`;
const RECORD_INTERVIEW = `mutation($input: RecordReturnInterviewInput!) { recordReturnInterview(input: $input) { id returnInterviewAt screeningDone } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status responseDueAt } }`;
const REFERRAL = `query($id: ID!) { referral(id: $id) { id status } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id status } }`;
const DECLINE_HANDOFF = `mutation($id: ID!, $reason: String!) { declineHandoff(id: $id, reason: $reason) { id status } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!, $on: Boolean) { setCaseFlag(caseId: $caseId, flag: $flag, on: $on) { id flags } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id reportNumber } }`;
const BREAK_GLASS = `mutation($caseId: ID!, $j: String!) { breakGlass(caseId: $caseId, justification: $j) { id } }`;
const REVIEW_BREAK_GLASS = `mutation($grantId: ID!, $finding: String!) { reviewBreakGlass(grantId: $grantId, finding: $finding) { grantId reviewedAt } }`;
const ASSIGN = `mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id status } }`;
const CLOSE = `mutation($id: ID!, $reason: String!) { closeCase(id: $id, reason: $reason) { id status } }`;
const CASE_REVIEW = `mutation($caseId: ID!) { recordCaseReview(caseId: $caseId) { caseId nextReviewDueAt } }`;
const CASE_FLAGS = `query($id: ID!) { case(id: $id) { id flags status missingEpisodes { id returnedAt lastSeenPlace reports { reportedTo reportNumber } } } }`;
const NOTIFICATIONS = `query($unreadOnly: Boolean, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) { edges { node { id kind caseNumber deadlineId text readAt } } pageInfo { hasNextPage endCursor } } }`;

interface Deadline {
  id: string;
  kind: string;
  status: string;
  subjectId: string;
  dueAt: string;
  overdue: boolean;
  escalationLevel: number;
  agency: { id: string };
}

describe('deadlines, missing episodes and alerts', () => {
  let t: TestApp;
  let engine: DeadlineEngine;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  const tokens = new Map<string, string>();

  /** A token valid at the clock's current time (access tokens last 15 minutes of the moved clock). */
  async function token(user: WorldUser): Promise<string> {
    const key = `${user.id}:${t.clock.now().getTime()}`;
    if (!tokens.has(key)) tokens.set(key, await t.signIn(user));
    return tokens.get(key)!;
  }

  async function newCase(by: WorldUser, name = 'Riley Deadline Example'): Promise<{ id: string; caseNumber: string }> {
    const data = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: name, dateOfBirth: '2010-02-03', placement: { address: '9 Secret Road' } } } }, await token(by));
    return data.createCase;
  }

  async function deadlinesOf(user: WorldUser, filter: Record<string, unknown>): Promise<Deadline[]> {
    const data = await t.gql.ok(DEADLINES, { filter, first: 100 }, await token(user));
    return data.deadlines.edges.map((edge: { node: Deadline }) => edge.node);
  }

  /** Notifications of a user about one deadline, read straight from the store. */
  async function alertsOf(user: WorldUser, deadlineId?: string): Promise<{ kind: string; text: string }[]> {
    return t.db.query(
      `SELECT kind, text FROM notification WHERE recipient_id = $1 AND ($2::uuid IS NULL OR deadline_id = $2) ORDER BY created_at, ledger_key`,
      [user.id, deadlineId ?? null],
    );
  }

  async function advance(ms: number): Promise<void> {
    t.clock.advance(ms);
    await engine.sweep();
  }

  beforeAll(async () => {
    // This suite moves the clock by days and sweeps every due deadline: it gets a database of its own.
    t = await createTestApp(await isolatedDatabase('deadlines'));
    engine = t.app.get(DeadlineEngine);
    cast = await policyCast(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('missing-child reports (24 hours from learning of it)', () => {
    it('starts both reports, reminds the primary at 12 h and the supervisor at 20 h, and breaches at 24 h: supervisor alerted, case flagged', async () => {
      const { cw1, cwSup } = cast.people;
      const k = await newCase(cw1, 'Missing One Example');
      const learnedAt = t.clock.now();
      const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: new Date(learnedAt.getTime() - 2 * HOUR), learnedAt, lastSeenPlace: 'Bus station' } }, await token(cw1))).recordMissingEpisode;
      expect(episode.lastSeenPlace).toBe('Bus station');
      const started = await deadlinesOf(cw1, { caseId: k.id });
      expect(started.map((d) => d.kind).sort()).toEqual(['MISSING_REPORT_LE', 'MISSING_REPORT_NCMEC']);
      for (const d of started) {
        expect(d.status).toBe('PENDING');
        expect(new Date(d.dueAt).getTime()).toBe(learnedAt.getTime() + 24 * HOUR);
        expect(d.agency.id).toBe(cast.agencies.CW.id);
      }
      expect((await t.gql.ok(CASE_FLAGS, { id: k.id }, await token(cw1))).case.flags).toContain('MISSING');

      await advance(12 * HOUR - MINUTE);
      expect(await alertsOf(cw1)).toHaveLength(0);
      await advance(2 * MINUTE);
      const reminders = await alertsOf(cw1);
      expect(reminders.map((a) => a.kind).sort()).toEqual(['MISSING_REPORT_LE_REMINDER', 'MISSING_REPORT_NCMEC_REMINDER']);
      for (const alert of reminders) {
        expect(alert.text).toContain(k.caseNumber);
        expect(alert.text).not.toMatch(/Missing One|Bus station/);
      }
      expect(await alertsOf(cwSup)).toHaveLength(0);

      await advance(8 * HOUR);
      const escalations = await alertsOf(cwSup);
      expect(escalations.map((a) => a.kind).sort()).toEqual(['MISSING_REPORT_LE_REMINDER', 'MISSING_REPORT_NCMEC_REMINDER']);
      expect((await deadlinesOf(cw1, { caseId: k.id })).every((d) => d.escalationLevel === 2 && d.status === 'PENDING')).toBe(true);

      await advance(4 * HOUR);
      const breached = await deadlinesOf(cw1, { caseId: k.id });
      expect(breached.map((d) => [d.status, d.overdue])).toEqual([
        ['BREACHED', true],
        ['BREACHED', true],
      ]);
      const overdue = (await alertsOf(cwSup)).filter((a) => a.kind.endsWith('_OVERDUE'));
      expect(overdue.map((a) => a.kind).sort()).toEqual(['MISSING_REPORT_LE_OVERDUE', 'MISSING_REPORT_NCMEC_OVERDUE']);
      expect(overdue[0]!.text).toMatch(/overdue/);
      expect((await t.gql.ok(CASE_FLAGS, { id: k.id }, await token(cw1))).case.flags).toEqual(expect.arrayContaining(['MISSING', 'REPORT_OVERDUE']));
      const audited = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'DEADLINE_BREACHED' AND case_id = $1 AND actor_type = 'SYSTEM'`, [k.id]);
      expect(audited[0].n).toBe(2);
    });

    it('runs from learnedAt in the past: learned 21 h ago, the primary and the supervisor are told at once, and the breach comes 3 h later', async () => {
      const { cw1, cwSup } = cast.people;
      const k = await newCase(cw1, 'Missing Late Example');
      const now = t.clock.now();
      const before = { cw1: (await alertsOf(cw1)).length, cwSup: (await alertsOf(cwSup)).length };
      await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: new Date(now.getTime() - 30 * HOUR), learnedAt: new Date(now.getTime() - 21 * HOUR) } }, await token(cw1));
      await engine.sweep();
      const [le] = (await deadlinesOf(cw1, { caseId: k.id })).filter((d) => d.kind === 'MISSING_REPORT_LE');
      expect(new Date(le!.dueAt).getTime()).toBe(now.getTime() + 3 * HOUR);
      expect(le!.status).toBe('PENDING');
      expect((await alertsOf(cw1, le!.id)).map((a) => a.kind)).toEqual(['MISSING_REPORT_LE_REMINDER']);
      expect((await alertsOf(cwSup, le!.id)).map((a) => a.kind)).toEqual(['MISSING_REPORT_LE_REMINDER']);
      expect((await alertsOf(cw1)).length - before.cw1).toBe(2);
      await advance(3 * HOUR - MINUTE);
      expect((await deadlinesOf(cw1, { caseId: k.id }))[0]!.status).toBe('PENDING');
      await advance(MINUTE);
      expect((await deadlinesOf(cw1, { caseId: k.id })).map((d) => d.status)).toEqual(['BREACHED', 'BREACHED']);
      expect((await alertsOf(cwSup)).length - before.cwSup).toBe(4);
    });

    it('meets a report when it is recorded; a report to a law-enforcement agency starts its 2-hour NCIC clock; the return starts the 72-hour interview', async () => {
      const { cw1, cwSup, pd1, pdSup } = cast.people;
      const k = await newCase(cw1, 'Missing Met Example');
      const now = t.clock.now();
      const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(cw1))).recordMissingEpisode;
      await advance(3 * HOUR);
      const report = await t.gql.ok(
        RECORD_REPORT,
        { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: t.clock.now(), reportNumber: 'PD-2026-0042', receivingAgencyId: cast.agencies.PD.id } },
        await token(cw1),
      );
      expect(report.recordMissingReport.reportedTo).toBe('LAW_ENFORCEMENT');
      const twice = await t.gql.query(RECORD_REPORT, { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: t.clock.now(), reportNumber: 'PD-2026-0043' } }, await token(cw1));
      expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      let all = await deadlinesOf(cw1, { caseId: k.id });
      expect(all.find((d) => d.kind === 'MISSING_REPORT_LE')!.status).toBe('MET');
      const ncic = all.find((d) => d.kind === 'NCIC_ENTRY')!;
      expect(ncic).toMatchObject({ status: 'PENDING', agency: { id: cast.agencies.PD.id } });
      expect(new Date(ncic.dueAt).getTime()).toBe(t.clock.now().getTime() + 2 * HOUR);

      await advance(HOUR);
      // No PD user is assigned: the liaison reminder goes to PD's staff.
      expect((await alertsOf(pd1, ncic.id)).map((a) => a.kind)).toEqual(['NCIC_ENTRY_REMINDER']);
      await advance(HOUR);
      expect((await alertsOf(pdSup, ncic.id)).map((a) => a.kind)).toEqual(['NCIC_ENTRY_REMINDER', 'NCIC_ENTRY_OVERDUE']);
      all = await deadlinesOf(cw1, { caseId: k.id });
      expect(all.find((d) => d.kind === 'NCIC_ENTRY')!.status).toBe('BREACHED');
      // The LE report was met: its 12 h reminder never goes out.
      await advance(10 * HOUR);
      const le = all.find((d) => d.kind === 'MISSING_REPORT_LE')!;
      expect(await alertsOf(cw1, le.id)).toHaveLength(0);
      const ncmec = all.find((d) => d.kind === 'MISSING_REPORT_NCMEC')!;
      expect((await alertsOf(cw1, ncmec.id)).map((a) => a.kind)).toEqual(['MISSING_REPORT_NCMEC_REMINDER']);
      await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.id, reportedTo: 'NCMEC', reportedAt: t.clock.now(), reportNumber: 'NCMEC 1234567' } }, await token(cw1));
      expect((await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.kind === 'MISSING_REPORT_NCMEC')!.status).toBe('MET');

      // The child returns: MISSING becomes RECENT_RECOVERY; the interview is due in 72 h.
      const returnedAt = t.clock.now();
      await t.gql.ok(RECORD_RETURN, { input: { episodeId: episode.id, returnedAt } }, await token(cw1));
      const flags = (await t.gql.ok(CASE_FLAGS, { id: k.id }, await token(cw1))).case;
      expect(flags.flags).toContain('RECENT_RECOVERY');
      expect(flags.flags).not.toContain('MISSING');
      expect(flags.missingEpisodes[0].reports.map((r: { reportedTo: string }) => r.reportedTo).sort()).toEqual(['LAW_ENFORCEMENT', 'NCMEC']);
      const interview = (await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.kind === 'RETURN_INTERVIEW')!;
      expect(new Date(interview.dueAt).getTime()).toBe(returnedAt.getTime() + 72 * HOUR);
      await advance(48 * HOUR);
      expect((await alertsOf(cw1, interview.id)).map((a) => a.kind)).toEqual(['RETURN_INTERVIEW_REMINDER']);
      await t.gql.ok(RECORD_INTERVIEW, { input: { episodeId: episode.id, interviewedAt: t.clock.now(), screeningDone: true } }, await token(cw1));
      await advance(24 * HOUR);
      expect((await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.kind === 'RETURN_INTERVIEW')!.status).toBe('MET');
      expect(await alertsOf(cwSup, interview.id)).toHaveLength(0);
    });

    it('breaches an interview not done in 72 hours and alerts the supervisor', async () => {
      const { cw1, cwSup } = cast.people;
      const k = await newCase(cw1, 'Missing Return Example');
      const now = t.clock.now();
      const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(cw1))).recordMissingEpisode;
      await t.gql.ok(RECORD_RETURN, { input: { episodeId: episode.id, returnedAt: now } }, await token(cw1));
      const interview = (await deadlinesOf(cw1, { caseId: k.id, status: 'PENDING' })).find((d) => d.kind === 'RETURN_INTERVIEW')!;
      await advance(72 * HOUR);
      expect((await alertsOf(cwSup, interview.id)).map((a) => a.kind)).toEqual(['RETURN_INTERVIEW_OVERDUE']);
      const overdue = await deadlinesOf(cw1, { caseId: k.id, overdueOnly: true });
      expect(overdue.map((d) => d.kind)).toContain('RETURN_INTERVIEW');
      expect(overdue.every((d) => d.overdue)).toBe(true);
    });

    it('refuses bad episodes with clear errors and changes nothing', async () => {
      const { cw1, sh1 } = cast.people;
      const k = await newCase(cw1, 'Missing Bad Example');
      const now = t.clock.now();
      const future = await t.gql.query(RECORD_EPISODE, { input: { caseId: k.id, missingSince: new Date(now.getTime() + HOUR), learnedAt: now } }, await token(cw1));
      expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const backwards = await t.gql.query(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: new Date(now.getTime() - HOUR) } }, await token(cw1));
      expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const hidden = await t.gql.query(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(sh1));
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const unknownEpisode = await t.gql.query(RECORD_RETURN, { input: { episodeId: '00000000-0000-4000-8000-000000000000', returnedAt: now } }, await token(cw1));
      expect(unknownEpisode.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await deadlinesOf(cw1, { caseId: k.id })).toHaveLength(0);
      await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(cw1));
      const second = await t.gql.query(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(cw1));
      expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await deadlinesOf(cw1, { caseId: k.id })).toHaveLength(2);
    });

    it('shows where the child was last seen only to those holding LOCATION', async () => {
      const { cw1, pd1 } = cast.people;
      const k = await newCase(cw1, 'Missing Scope Example');
      const now = t.clock.now();
      await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now, lastSeenPlace: 'Corner of 5th and Main', lastSeenWith: 'an older man' } }, await token(cw1));
      await makePartner(t, k.id, cast.agencies.PD.id, ['SUMMARY'], false);
      await assignDirectly(t, k.id, pd1);
      const seen = await t.gql.query(CASE_FLAGS, { id: k.id }, await token(pd1));
      expect(seen.errors ?? []).toEqual([]);
      expect(seen.data!.case.missingEpisodes[0].lastSeenPlace).toBeNull();
      expect(seen.extensions?.redacted).toEqual(expect.arrayContaining(['case.missingEpisodes.0.lastSeenPlace']));
      expect(JSON.stringify(seen)).not.toContain('5th and Main');
      const lead = await t.gql.ok(CASE_FLAGS, { id: k.id }, await token(cw1));
      expect(lead.case.missingEpisodes[0].lastSeenPlace).toBe('Corner of 5th and Main');
      const stored = await t.db.query(`SELECT last_seen_sealed FROM missing_episode WHERE case_id = $1`, [k.id]);
      expect(stored[0].last_seen_sealed).not.toContain('5th');
    });
  });

  describe('referrals and handoffs', () => {
    it('reminds the receiving agency at half time, then EXPIRES the referral and alerts the sender', async () => {
      const { cw1, pd1, pdSup } = cast.people;
      const k = await newCase(cw1, 'Referral Expiry Example');
      const referral = (await t.gql.ok(CREATE_REFERRAL, { input: { caseId: k.id, toAgencyId: cast.agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: [], reason: 'Please investigate' } }, await token(cw1))).createReferral;
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id });
      expect(deadline).toMatchObject({ kind: 'REFERRAL_RESPONSE', subjectId: referral.id, agency: { id: cast.agencies.PD.id } });
      expect(deadline!.dueAt).toBe(referral.responseDueAt);
      await advance(12 * HOUR);
      expect((await alertsOf(pd1, deadline!.id)).map((a) => a.kind)).toEqual(['REFERRAL_RESPONSE_REMINDER']);
      expect((await alertsOf(pdSup, deadline!.id)).map((a) => a.kind)).toEqual(['REFERRAL_RESPONSE_REMINDER']);
      expect(await alertsOf(cw1, deadline!.id)).toHaveLength(0);
      await advance(12 * HOUR);
      expect((await t.gql.ok(REFERRAL, { id: referral.id }, await token(cw1))).referral.status).toBe('EXPIRED');
      const told = await alertsOf(cw1, deadline!.id);
      expect(told.map((a) => a.kind)).toEqual(['REFERRAL_RESPONSE_OVERDUE']);
      expect(told[0]!.text).toMatch(/choose another provider/);
      // Expired, the referral left PD's inbox: PD no longer sees the case, and the referral does not exist for it.
      const late = await t.gql.query(ACCEPT_REFERRAL, { id: referral.id }, await token(pd1));
      expect(late.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const timeline = await t.db.query(`SELECT kind FROM case_event WHERE case_id = $1 AND kind = 'REFERRAL_EXPIRED'`, [k.id]);
      expect(timeline).toHaveLength(1);
      const audited = await t.db.query(`SELECT subject_id FROM audit_event WHERE case_id = $1 AND action = 'REFERRAL_EXPIRE' AND actor_type = 'SYSTEM'`, [k.id]);
      expect(audited.map((row: { subject_id: string }) => row.subject_id)).toEqual([referral.id]);
    });

    it('is met by an answer: no reminder follows, and the referral stays accepted', async () => {
      const { cw1, pd1 } = cast.people;
      const k = await newCase(cw1, 'Referral Met Example');
      const referral = (await t.gql.ok(CREATE_REFERRAL, { input: { caseId: k.id, toAgencyId: cast.agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'EMERGENCY', scopes: [], reason: 'Urgent' } }, await token(cw1))).createReferral;
      await advance(30 * MINUTE);
      await t.gql.ok(ACCEPT_REFERRAL, { id: referral.id }, await token(pd1));
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id, status: 'MET' });
      expect(deadline).toMatchObject({ kind: 'REFERRAL_RESPONSE', status: 'MET', overdue: false });
      await advance(3 * HOUR);
      expect(await alertsOf(pd1, deadline!.id)).toHaveLength(0);
      expect((await t.gql.ok(REFERRAL, { id: referral.id }, await token(cw1))).referral.status).toBe('ACCEPTED');
    });

    it('expires a handoff unanswered in 48 hours: the receiving supervisor is reminded at 24 h, the requester told at 48 h', async () => {
      const { cw1, cwSup } = cast.people;
      const cw2Agency = await t.world.agency(AgencyType.CHILD_WELFARE, cast.agencies.CW.jurisdictionId);
      const cw2Sup = await t.world.user(Role.SUPERVISOR, cw2Agency.id);
      const k = await newCase(cw1, 'Handoff Expiry Example');
      const handoff = (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: k.id, toAgencyId: cw2Agency.id, reason: 'Family moved' } }, await token(cwSup))).requestHandoff;
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id, status: 'PENDING' });
      expect(deadline).toMatchObject({ kind: 'HANDOFF_RESPONSE', subjectId: handoff.id });
      await advance(24 * HOUR);
      expect((await alertsOf(cw2Sup, deadline!.id)).map((a) => a.kind)).toEqual(['HANDOFF_RESPONSE_REMINDER']);
      await advance(24 * HOUR);
      expect((await alertsOf(cwSup, deadline!.id)).map((a) => a.kind)).toEqual(['HANDOFF_RESPONSE_OVERDUE']);
      const [row] = await t.db.query(`SELECT status FROM handoff WHERE id = $1`, [handoff.id]);
      expect(row.status).toBe('EXPIRED');
      const audited = await t.db.query(`SELECT subject_id FROM audit_event WHERE case_id = $1 AND action = 'HANDOFF_EXPIRE' AND actor_type = 'SYSTEM'`, [k.id]);
      expect(audited.map((r: { subject_id: string }) => r.subject_id)).toEqual([handoff.id]);
      // Expired, the handoff left the receiving inbox: that agency no longer sees the case, nor the handoff.
      const declined = await t.gql.query(DECLINE_HANDOFF, { id: handoff.id, reason: 'too late' }, await token(cw2Sup));
      expect(declined.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      // Answered in time, the clock is met and nobody is reminded.
      const again = (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: k.id, toAgencyId: cw2Agency.id, reason: 'Family moved again' } }, await token(cwSup))).requestHandoff;
      await advance(2 * HOUR);
      await t.gql.ok(DECLINE_HANDOFF, { id: again.id, reason: 'No capacity this month' }, await token(cw2Sup));
      const met = (await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.subjectId === again.id)!;
      expect(met).toMatchObject({ kind: 'HANDOFF_RESPONSE', status: 'MET', overdue: false });
      await advance(48 * HOUR);
      expect(await alertsOf(cw2Sup, met.id)).toHaveLength(0);
      expect(await alertsOf(cwSup, met.id)).toHaveLength(0);
    });
  });

  describe('victim report, break glass, consent and case review', () => {
    it('starts the 24-hour victim report when child welfare flags a trafficking victim; the report meets it', async () => {
      const { cw1, cwSup } = cast.people;
      const k = await newCase(cw1, 'Victim Report Example');
      await t.gql.ok(SET_FLAG, { caseId: k.id, flag: 'TRAFFICKING_VICTIM' }, await token(cw1));
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id });
      expect(deadline).toMatchObject({ kind: 'VICTIM_REPORT_LE', status: 'PENDING' });
      await advance(12 * HOUR);
      expect((await alertsOf(cw1, deadline!.id)).map((a) => a.kind)).toEqual(['VICTIM_REPORT_LE_REMINDER']);
      await t.gql.ok(VICTIM_REPORT, { input: { caseId: k.id, reportedAt: t.clock.now(), reportNumber: 'PD 77-1' } }, await token(cw1));
      await advance(12 * HOUR);
      expect((await deadlinesOf(cw1, { caseId: k.id }))[0]!.status).toBe('MET');
      expect(await alertsOf(cwSup, deadline!.id)).toHaveLength(0);

      const k2 = await newCase(cw1, 'Victim Breach Example');
      await t.gql.ok(SET_FLAG, { caseId: k2.id, flag: 'TRAFFICKING_VICTIM' }, await token(cw1));
      const [second] = await deadlinesOf(cw1, { caseId: k2.id });
      await advance(24 * HOUR);
      expect((await alertsOf(cwSup, second!.id)).map((a) => a.kind)).toEqual(['VICTIM_REPORT_LE_OVERDUE']);
    });

    it('alerts both supervisors at break glass, and the auditor when its review is 72 hours overdue; a review meets it', async () => {
      const { cw1, cwSup, pd1, pdSup, auditor } = cast.people;
      const k = await newCase(cw1, 'Break Glass Example');
      await t.gql.ok(BREAK_GLASS, { caseId: k.id, j: 'Child found at a traffic stop, need identity now' }, await token(pd1));
      const [grant] = await t.db.query(`SELECT id FROM access_grant WHERE case_id = $1`, [k.id]);
      for (const supervisor of [cwSup, pdSup]) {
        const alerts = await t.db.query(`SELECT kind, text FROM notification WHERE recipient_id = $1 AND case_id = $2`, [supervisor.id, k.id]);
        expect(alerts.map((a: { kind: string }) => a.kind)).toEqual(['BREAK_GLASS']);
        expect(alerts[0].text).toContain(k.caseNumber);
      }
      const [review] = await deadlinesOf(cw1, { caseId: k.id });
      expect(review).toMatchObject({ kind: 'BREAK_GLASS_REVIEW', subjectId: grant.id });
      await advance(72 * HOUR);
      expect((await alertsOf(auditor, review!.id)).map((a) => a.kind)).toEqual(['BREAK_GLASS_REVIEW_OVERDUE']);

      const k2 = await newCase(cw1, 'Break Glass Reviewed Example');
      await t.gql.ok(BREAK_GLASS, { caseId: k2.id, j: 'Child found at a traffic stop, need identity now' }, await token(pd1));
      const [grant2] = await t.db.query(`SELECT id FROM access_grant WHERE case_id = $1`, [k2.id]);
      const own = await t.gql.query(REVIEW_BREAK_GLASS, { grantId: grant2.id, finding: 'I reviewed my own access' }, await token(pd1));
      expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const reviewed = await t.gql.ok(REVIEW_BREAK_GLASS, { grantId: grant2.id, finding: 'Justified: child identified at a stop' }, await token(auditor));
      expect(reviewed.reviewBreakGlass.grantId).toBe(grant2.id);
      const again = await t.gql.query(REVIEW_BREAK_GLASS, { grantId: grant2.id, finding: 'Justified: child identified at a stop' }, await token(auditor));
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const [met] = await deadlinesOf(cw1, { caseId: k2.id });
      expect(met!.status).toBe('MET');
    });

    it('access policy worked example 6: the consent behind a partner’s LOCATION expires; the signed-in partner loses the placement, the scope is withdrawn and audited', async () => {
      const { cw1, sh1 } = cast.people;
      const k = await newCase(cw1, 'Consent Expiry Example');
      const expiresAt = new Date(t.clock.now().getTime() + 8 * 24 * HOUR);
      const consent = (
        await t.gql.ok(RECORD_CONSENT, { input: { caseId: k.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION'], agencyIds: [cast.agencies.SH.id], purpose: 'Placement', expiresAt } }, await token(cw1))
      ).recordConsent;
      await makePartner(t, k.id, cast.agencies.SH.id, ['SUMMARY', 'IDENTITY', 'LOCATION'], true);
      await assignDirectly(t, k.id, sh1);
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id });
      expect(deadline).toMatchObject({ kind: 'CONSENT_EXPIRY', subjectId: consent.id });
      expect(new Date(deadline!.dueAt).getTime()).toBe(expiresAt.getTime());
      await advance(24 * HOUR);
      expect((await alertsOf(cw1, deadline!.id)).map((a) => a.kind)).toEqual(['CONSENT_EXPIRY_REMINDER']);

      t.clock.set(new Date(expiresAt.getTime() - 5 * MINUTE));
      const shToken = await t.signIn(sh1);
      const placement = `query($id: ID!) { case(id: $id) { child { legalName placement { address } } } }`;
      const before = await t.gql.query(placement, { id: k.id }, shToken);
      expect(before.errors ?? []).toEqual([]);
      expect(before.data!.case.child.placement.address).toBe('9 Secret Road');
      t.clock.set(new Date(expiresAt.getTime() + 30_000));
      await engine.sweep();
      const after = await t.gql.query(placement, { id: k.id }, shToken);
      expect(after.data!.case.child.placement).toBeNull();
      expect(after.extensions?.redacted).toEqual(expect.arrayContaining(['case.child.placement']));
      const [membership] = await t.db.query(`SELECT scopes FROM membership WHERE case_id = $1 AND agency_id = $2`, [k.id, cast.agencies.SH.id]);
      expect(membership.scopes).toEqual(['SUMMARY']);
      const audit = await t.db.query(`SELECT scopes, actor_type FROM audit_event WHERE case_id = $1 AND action = 'SCOPE_WITHDRAWN'`, [k.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].scopes.sort()).toEqual(['IDENTITY', 'LOCATION']);
      expect((await deadlinesOf(cw1, { caseId: k.id }))[0]!.status).toBe('BREACHED');
    });

    it('cancels the expiry clock when the consent is revoked', async () => {
      const { cw1 } = cast.people;
      const k = await newCase(cw1, 'Consent Revoked Example');
      const consent = (
        await t.gql.ok(RECORD_CONSENT, { input: { caseId: k.id, grantedBy: 'YOUTH', scopes: ['SERVICES'], agencyTypes: ['SHELTER'], purpose: 'Services', expiresAt: new Date(t.clock.now().getTime() + 30 * 24 * HOUR) } }, await token(cw1))
      ).recordConsent;
      await t.gql.ok(REVOKE_CONSENT, { id: consent.id }, await token(cw1));
      expect((await deadlinesOf(cw1, { caseId: k.id }))[0]!.status).toBe('CANCELLED');
    });

    it('repeats the case review every 30 days while the case is ACTIVE; a review meets it and closing stops it', async () => {
      const { cw1, cw2, cwSup } = cast.people;
      const k = await newCase(cw1, 'Case Review Example');
      expect(await deadlinesOf(cw1, { caseId: k.id })).toHaveLength(0);
      const activatedAt = t.clock.now();
      expect((await t.gql.ok(ASSIGN, { caseId: k.id, userId: cw2.id }, await token(cwSup))).assignUser.status).toBe('ACTIVE');
      const [first] = await deadlinesOf(cw1, { caseId: k.id });
      expect(first).toMatchObject({ kind: 'CASE_REVIEW', subjectId: k.id, status: 'PENDING' });
      expect(new Date(first!.dueAt).getTime()).toBe(activatedAt.getTime() + 30 * 24 * HOUR);
      await advance(30 * 24 * HOUR);
      expect((await alertsOf(cw1, first!.id)).map((a) => a.kind)).toEqual(['CASE_REVIEW_OVERDUE']);
      expect((await alertsOf(cwSup, first!.id)).map((a) => a.kind)).toEqual(['CASE_REVIEW_OVERDUE']);
      const cycles = await deadlinesOf(cw1, { caseId: k.id });
      expect(cycles.map((d) => d.status)).toEqual(['BREACHED', 'PENDING']);
      expect(new Date(cycles[1]!.dueAt).getTime()).toBe(activatedAt.getTime() + 60 * 24 * HOUR);
      const reviewed = (await t.gql.ok(CASE_REVIEW, { caseId: k.id }, await token(cw1))).recordCaseReview;
      expect(new Date(reviewed.nextReviewDueAt).getTime()).toBe(t.clock.now().getTime() + 30 * 24 * HOUR);
      const notPrimary = await t.gql.query(CASE_REVIEW, { caseId: k.id }, await token(cw2));
      expect(notPrimary.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await t.gql.ok(CLOSE, { id: k.id, reason: 'Services completed' }, await token(cwSup));
      expect((await deadlinesOf(cw1, { caseId: k.id })).map((d) => d.status).sort()).toEqual(['BREACHED', 'CANCELLED', 'MET']);
    });
  });

  describe('exactly once, visibility and notifications', () => {
    it('alerts each recipient once per stage however often a stage runs, even concurrently', async () => {
      const { cw1, pd1 } = cast.people;
      const k = await newCase(cw1, 'Exactly Once Example');
      await t.gql.ok(CREATE_REFERRAL, { input: { caseId: k.id, toAgencyId: cast.agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'EMERGENCY', scopes: [], reason: 'Now' } }, await token(cw1));
      const [deadline] = await deadlinesOf(cw1, { caseId: k.id });
      t.clock.advance(2 * HOUR);
      await Promise.all([engine.runDue(deadline!.id), engine.runDue(deadline!.id), engine.sweep(), engine.runDue(deadline!.id)]);
      await engine.sweep();
      const rows = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT ledger_key)::int AS keys FROM notification WHERE deadline_id = $1`, [deadline!.id]);
      expect(rows[0].n).toBe(rows[0].keys);
      expect((await alertsOf(pd1, deadline!.id)).map((a) => a.kind)).toEqual(['REFERRAL_RESPONSE_REMINDER']);
      expect((await alertsOf(cw1, deadline!.id)).map((a) => a.kind)).toEqual(['REFERRAL_RESPONSE_OVERDUE']);
      // A replayed alert with the same ledger key adds nothing.
      const service = t.app.get(NotificationService);
      const created = await t.db.transaction((tx) =>
        service.notify(tx, {
          ledgerKey: `deadline:${deadline!.id}:1`,
          kind: 'REFERRAL_RESPONSE_OVERDUE',
          caseId: k.id,
          caseNumber: k.caseNumber,
          deadlineId: deadline!.id,
          text: 'again',
          recipientIds: [cw1.id],
          createdAt: t.clock.now(),
        }),
      );
      expect(created).toEqual([]);
    });

    it('shows deadlines only on cases the viewer sees, and refuses bad filters', async () => {
      const { cw1, sh1, pd2, cwAdmin } = cast.people;
      const k = await newCase(cw1, 'Visibility Example');
      await t.gql.ok(SET_FLAG, { caseId: k.id, flag: 'TRAFFICKING_VICTIM' }, await token(cw1));
      expect(await deadlinesOf(cw1, { caseId: k.id })).toHaveLength(1);
      expect(await deadlinesOf(sh1, { caseId: k.id })).toHaveLength(0);
      expect(await deadlinesOf(pd2, {})).toHaveLength(0);
      const admin = await t.gql.query(DEADLINES, {}, await token(cwAdmin));
      expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const bad = await t.gql.query(DEADLINES, { filter: { caseId: 'nope' } }, await token(cw1));
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const mine = await deadlinesOf(cw1, { agencyId: cast.agencies.CW.id, status: 'PENDING' });
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((d) => d.agency.id === cast.agencies.CW.id && d.status === 'PENDING')).toBe(true);
      const page = await t.gql.ok(DEADLINES, { filter: {}, first: 2 }, await token(cw1));
      expect(page.deadlines.edges).toHaveLength(2);
      const next = await t.gql.ok(DEADLINES, { filter: {}, first: 2, after: page.deadlines.pageInfo.endCursor }, await token(cw1));
      const firstIds = page.deadlines.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(next.deadlines.edges.map((e: { node: { id: string } }) => e.node.id).some((id: string) => firstIds.includes(id))).toBe(false);
    });

    it('lists a user’s own notifications only, newest first, and marks them read', async () => {
      const { cw1, cwSup } = cast.people;
      const mine = await t.gql.ok(NOTIFICATIONS, { unreadOnly: true, first: 100 }, await token(cw1));
      const ids: string[] = mine.notifications.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(ids.length).toBeGreaterThan(3);
      const stored = await t.db.query(`SELECT id FROM notification WHERE recipient_id = $1 AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 100`, [cw1.id]);
      expect(ids).toEqual(stored.map((row: { id: string }) => row.id));
      const someoneElses = await t.db.query(`SELECT id FROM notification WHERE recipient_id = $1 LIMIT 1`, [cwSup.id]);
      const foreign = await t.gql.query(`mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: someoneElses[0].id }, await token(cw1));
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const read = await t.gql.ok(`mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }`, { id: ids[0] }, await token(cw1));
      expect(read.markNotificationRead.readAt).not.toBeNull();
      const rest = await t.gql.ok(`mutation { markAllNotificationsRead }`, {}, await token(cw1));
      expect(rest.markAllNotificationsRead).toBe(ids.length - 1);
      const unread = await t.gql.ok(NOTIFICATIONS, { unreadOnly: true }, await token(cw1));
      expect(unread.notifications.edges).toHaveLength(0);
      const [supUnread] = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND read_at IS NULL`, [cwSup.id]);
      expect(supUnread.n).toBeGreaterThan(0);
    });
  });

  it('keeps assigned liaisons first: an assigned PD user is the NCIC liaison, not all of PD', async () => {
    const { cw1, pd1, pdSup } = cast.people;
    const k = await newCase(cw1, 'Liaison Example');
    await makePartner(t, k.id, cast.agencies.PD.id, ['SUMMARY'], false);
    await assignDirectly(t, k.id, pdSup);
    const now = t.clock.now();
    const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId: k.id, missingSince: now, learnedAt: now } }, await token(cw1))).recordMissingEpisode;
    await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'X-1', receivingAgencyId: cast.agencies.PD.id } }, await token(cw1));
    const ncic = (await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.kind === 'NCIC_ENTRY')!;
    await advance(HOUR);
    expect((await alertsOf(pdSup, ncic.id)).map((a) => a.kind)).toEqual(['NCIC_ENTRY_REMINDER']);
    expect(await alertsOf(pd1, ncic.id)).toHaveLength(0);
    // The receiving agency records its own NCIC entry, which meets the clock.
    await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.id, reportedTo: 'NCIC', reportedAt: t.clock.now(), reportNumber: 'NCIC-9' } }, await token(pdSup));
    expect((await deadlinesOf(cw1, { caseId: k.id })).find((d) => d.kind === 'NCIC_ENTRY')!.status).toBe('MET');
  });
});

import { randomUUID } from 'node:crypto';
import { Role } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { HANDOFF_TEXT, REFERRAL_TEXT } from '@tandem/referrals';
import { createTestApp, TestApp } from './support/test-app';
import { Actor, CASE, CASE_IDS, NOTES, ADD_NOTE, policyCast, RECORD_CONSENT } from './support/case-fixtures';

const CREATE = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status scopes responseDueAt emergency } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const ACTIONS: Record<string, string> = {
  accept: ACCEPT,
  decline: `mutation($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY, note: "no bed tonight") { id status } }`,
  withdraw: `mutation($id: ID!) { withdrawReferral(id: $id, reason: "found another provider") { id status } }`,
  start: `mutation($id: ID!) { startReferral(id: $id) { id status } }`,
  complete: `mutation($id: ID!) { completeReferral(id: $id, outcome: "placed") { id status } }`,
  fail: `mutation($id: ID!) { failReferral(id: $id, reason: "youth left") { id status } }`,
};
const STATES = ['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'DECLINED', 'CANCELLED', 'EXPIRED'];
const TARGET: Record<string, string> = {
  accept: 'ACCEPTED',
  decline: 'DECLINED',
  withdraw: 'CANCELLED',
  start: 'IN_PROGRESS',
  complete: 'COMPLETED',
  fail: 'FAILED',
};
const FROM: Record<string, string[]> = {
  accept: ['REQUESTED'],
  decline: ['REQUESTED'],
  withdraw: ['REQUESTED', 'ACCEPTED'],
  start: ['ACCEPTED'],
  complete: ['ACCEPTED', 'IN_PROGRESS'],
  fail: ['ACCEPTED', 'IN_PROGRESS'],
};
type ActorKind = 'receiverAssigned' | 'receiverUnassigned' | 'receiverSupervisor' | 'sender' | 'senderSupervisor' | 'senderColleague' | 'outsider' | 'agencyAdmin';
const ACTORS: ActorKind[] = ['receiverAssigned', 'receiverUnassigned', 'receiverSupervisor', 'sender', 'senderSupervisor', 'senderColleague', 'outsider', 'agencyAdmin'];

/** The expected answer, from docs/access-policy.md's "Who may do what" and docs/design.md's referral lifecycle ("Lifecycles"). */
function expected(state: string, action: string, actor: ActorKind): string {
  if (actor === 'agencyAdmin') return 'FORBIDDEN';
  if (actor === 'outsider') return 'NOT_FOUND';
  // Who does not see the case is told the referral does not exist, as for an unknown id: unassigned
  // staff of the sending agency, and of the receiving one once the referral left its inbox.
  if (actor === 'senderColleague' || (actor === 'receiverUnassigned' && state !== 'REQUESTED')) return 'NOT_FOUND';
  const permitted =
    action === 'accept' || action === 'decline'
      ? actor.startsWith('receiver')
      : action === 'withdraw'
        ? actor === 'sender' || actor === 'senderSupervisor'
        : actor === 'receiverAssigned';
  if (!permitted) return 'FORBIDDEN';
  return FROM[action]!.includes(state) ? 'OK' : 'CONFLICT';
}

describe('referrals and handoffs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const scopesOf = async (caseId: string, token: string) => (await t.gql.ok(CASE, { id: caseId }, token)).case.viewerScopes as string[];

  it(`the transition matrix: ${STATES.length} states x ${Object.keys(ACTIONS).length} actions x ${ACTORS.length} actors`, async () => {
    const { K, agencies, people } = await policyCast(t);
    const actors: Record<ActorKind, Actor> = {
      receiverAssigned: people.sh1,
      receiverUnassigned: people.sh2,
      receiverSupervisor: people.shSup,
      sender: people.cw1,
      senderSupervisor: people.cwSup,
      senderColleague: people.cw2,
      outsider: people.pd2,
      agencyAdmin: people.cwAdmin,
    };
    // SH is a partner with sh1 assigned (as after an earlier accepted referral); the matrix referral is another one.
    await t.db.query(`INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'PARTNER', '{}', 'REFERRAL', '{}')`, [K.id, agencies.SH.id]);
    await t.db.query(`INSERT INTO assignment (case_id, user_id, agency_id, role) VALUES ($1, $2, $3, 'SECONDARY')`, [K.id, people.sh1.id, agencies.SH.id]);
    const cipher = t.app.get(PiiCipher);
    const mismatches: string[] = [];
    let cells = 0;
    for (const state of STATES) {
      for (const action of Object.keys(ACTIONS)) {
        for (const actor of ACTORS) {
          const id = randomUUID();
          const [row] = await t.db.query(
            `INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, scopes, consent_required, reason_sealed, status, response_due_at)
             VALUES ($1, $2, $3, $4, $5, 'HOUSING', 'ROUTINE', '{}', false, $6, $7, now() + interval '1 day') RETURNING id`,
            [id, K.id, agencies.CW.id, agencies.SH.id, people.cw1.id, cipher.encrypt('matrix', REFERRAL_TEXT.columns.reason_sealed!(id)), state],
          );
          // Only one referral per service and agency may be pending: retire this one after the cell.
          const response = await t.gql.query(ACTIONS[action]!, { id: row.id }, actors[actor].token);
          const got = response.errors[0]?.extensions?.code ?? 'OK';
          const [after] = await t.db.query(`SELECT status FROM referral WHERE id = $1`, [row.id]);
          const want = expected(state, action, actor);
          const statusOk = want === 'OK' ? after.status === TARGET[action] : after.status === state;
          if (got !== want || !statusOk) mismatches.push(`${state} ${action} by ${actor}: got ${got} (${after.status}), want ${want}`);
          await t.db.query(`UPDATE referral SET status = 'CANCELLED' WHERE id = $1 AND status = 'REQUESTED'`, [row.id]);
          // An accepted cell assigns the acceptor: undo it so every cell starts from the same world.
          await t.db.query(`DELETE FROM assignment WHERE case_id = $1 AND user_id = ANY($2::uuid[])`, [K.id, [people.sh2.id, people.shSup.id]]);
          cells += 1;
        }
      }
    }
    expect(cells).toBe(384);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('the handoff matrix: 5 states x 3 actions x 7 actors', async () => {
    const { K, agencies, people } = await policyCast(t);
    const receiving = await t.world.agency('CHILD_WELFARE' as never, agencies.CW.jurisdictionId);
    const actor = async (role: Role, agencyId: string) => {
      const user = await t.world.user(role, agencyId);
      return { ...user, token: await t.signIn(user) };
    };
    const actors: Record<string, Actor> = {
      receiverSupervisor: await actor(Role.SUPERVISOR, receiving.id),
      receiverStaff: await actor(Role.STAFF, receiving.id),
      requester: people.cw1,
      leadSupervisor: people.cwSup,
      leadColleague: people.cw2,
      outsider: people.pd2,
      agencyAdmin: people.cwAdmin,
    };
    const HANDOFF_ACTIONS: Record<string, string> = {
      accept: `mutation($id: ID!) { acceptHandoff(id: $id) { status } }`,
      decline: `mutation($id: ID!) { declineHandoff(id: $id, reason: "no capacity") { status } }`,
      cancel: `mutation($id: ID!) { cancelHandoff(id: $id) { status } }`,
    };
    const target: Record<string, string> = { accept: 'ACCEPTED', decline: 'DECLINED', cancel: 'CANCELLED' };
    const expect_ = (state: string, action: string, who: string): string => {
      if (who === 'agencyAdmin') return 'FORBIDDEN';
      if (who === 'outsider') return 'NOT_FOUND';
      // The receiving agency (no member of K here) sees the case only while the handoff is in its
      // inbox; unassigned lead staff never do. Who does not see the case is told it does not exist.
      if (who === 'leadColleague' || (who.startsWith('receiver') && state !== 'REQUESTED')) return 'NOT_FOUND';
      const permitted = action === 'cancel' ? who === 'requester' || who === 'leadSupervisor' : who === 'receiverSupervisor';
      if (!permitted) return 'FORBIDDEN';
      return state === 'REQUESTED' ? 'OK' : 'CONFLICT';
    };
    const cipher = t.app.get(PiiCipher);
    const mismatches: string[] = [];
    let cells = 0;
    for (const state of ['REQUESTED', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED']) {
      for (const action of Object.keys(HANDOFF_ACTIONS)) {
        for (const who of Object.keys(actors)) {
          const id = randomUUID();
          const [row] = await t.db.query(
            `INSERT INTO handoff (id, case_id, from_agency_id, to_agency_id, requested_by, reason_sealed, status, response_due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '2 days') RETURNING id`,
            [id, K.id, agencies.CW.id, receiving.id, people.cw1.id, cipher.encrypt('matrix', HANDOFF_TEXT.columns.reason_sealed!(id)), state],
          );
          const response = await t.gql.query(HANDOFF_ACTIONS[action]!, { id: row.id }, actors[who]!.token);
          const got = response.errors[0]?.extensions?.code ?? 'OK';
          const [after] = await t.db.query(`SELECT status FROM handoff WHERE id = $1`, [row.id]);
          const want = expect_(state, action, who);
          const statusOk = want === 'OK' ? after.status === target[action] : after.status === state;
          if (got !== want || !statusOk) mismatches.push(`${state} ${action} by ${who}: got ${got} (${after.status}), want ${want}`);
          // Put the world back: the lead returns to CW, and no handoff stays pending.
          await t.db.query(`UPDATE handoff SET status = 'CANCELLED' WHERE id = $1 AND status = 'REQUESTED'`, [row.id]);
          if (want === 'OK' && action === 'accept') {
            await t.db.query(`UPDATE case_file SET lead_agency_id = $2 WHERE id = $1`, [K.id, agencies.CW.id]);
            await t.db.query(`UPDATE membership SET role = 'LEAD', scopes = '{SUMMARY,IDENTITY,LOCATION,SERVICES,INVESTIGATION}' WHERE case_id = $1 AND agency_id = $2`, [K.id, agencies.CW.id]);
            await t.db.query(`UPDATE membership SET active = false WHERE case_id = $1 AND agency_id = $2`, [K.id, receiving.id]);
            await t.db.query(`UPDATE assignment SET role = 'PRIMARY' WHERE case_id = $1 AND user_id = $2`, [K.id, people.cw1.id]);
          }
          cells += 1;
        }
      }
    }
    expect(cells).toBe(105);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('example 2: sharing IDENTITY and LOCATION with a shelter needs consent (FORBIDDEN, reason consent); with consent it is sent', async () => {
    const { K, agencies, people } = await policyCast(t);
    const input = { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: ['IDENTITY', 'LOCATION'], reason: 'needs a bed tonight' };
    const refused = await t.gql.query(CREATE, { input }, people.cw1.token);
    expect(refused.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'consent' });
    expect(await t.world.count('referral', 'case_id = $1', [K.id])).toBe(0);
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter' } }, people.cw1.token);
    const sent = await t.gql.ok(CREATE, { input }, people.cw1.token);
    expect(sent.createReferral).toMatchObject({ status: 'REQUESTED', scopes: ['IDENTITY', 'LOCATION'], emergency: false });
    const due = new Date(sent.createReferral.responseDueAt).getTime() - t.clock.now().getTime();
    expect(Math.round(due / 3600_000)).toBe(24);
  });

  it('example 3: the inbox view before acceptance, then the acceptor assigned and an unassigned colleague seeing nothing', async () => {
    const { K, agencies, people } = await policyCast(t);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'services plan' } }, people.cw1.token);
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter' } }, people.cw1.token);
    const sent = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['IDENTITY', 'LOCATION'], reason: 'bed tonight' } }, people.cw1.token);
    for (const who of [people.sh1, people.sh2]) {
      const seen = await t.gql.ok(CASE, { id: K.id }, who.token);
      expect(seen.case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION']);
      expect(seen.case.child.legalName).toBe('Jordan Avery Example');
      expect(seen.case.child.placement.address).toBe('12 Hidden Lane');
      expect((await t.gql.ok(NOTES, { id: K.id }, who.token)).case.notes.edges).toEqual([]);
    }
    await t.gql.ok(ACCEPT, { id: sent.createReferral.id }, people.sh1.token);
    expect(await scopesOf(K.id, people.sh1.token)).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION']);
    const [assigned] = await t.db.query(`SELECT count(*)::int AS n FROM assignment WHERE case_id = $1 AND user_id = $2 AND active`, [K.id, people.sh1.id]);
    expect(assigned.n).toBe(1);
    expect(await t.gql.code(CASE, { id: K.id }, people.sh2.token)).toBe('NOT_FOUND');
    const ids = (await t.gql.ok(CASE_IDS, { first: 100 }, people.sh2.token)).cases.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).not.toContain(K.id);
    const [status] = await t.db.query(`SELECT status FROM case_file WHERE id = $1`, [K.id]);
    expect(status.status).toBe('ACTIVE');
  });

  it('example 4: law enforcement needs no consent; the accepting liaison sees INVESTIGATION, the shelter never does', async () => {
    const { K, agencies, people } = await policyCast(t);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: 'suspect phone number' } }, people.cw1.token);
    const sent = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'report' } }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: sent.createReferral.id }, people.pd1.token);
    expect(await scopesOf(K.id, people.pd1.token)).toEqual(['SUMMARY', 'IDENTITY', 'INVESTIGATION']);
    expect((await t.gql.ok(NOTES, { id: K.id }, people.pd1.token)).case.notes.edges).toHaveLength(1);
    const emergency = await t.gql.ok(CREATE, {
      input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['IDENTITY', 'LOCATION'], reason: 'bed', emergencyJustification: 'Child found alone at night; no consent reachable' },
    }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: emergency.createReferral.id }, people.sh1.token);
    expect(await scopesOf(K.id, people.sh1.token)).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION']);
    expect((await t.gql.ok(NOTES, { id: K.id }, people.sh1.token)).case.notes.edges).toEqual([]);
  });

  it('an EMERGENCY referral without consent is audited with its justification and raises an outbox event', async () => {
    const { K, agencies, people } = await policyCast(t);
    const justification = 'Child found alone at night; guardian unreachable';
    const sent = await t.gql.ok(CREATE, {
      input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['LOCATION'], reason: 'bed', emergencyJustification: justification },
    }, people.cw1.token);
    expect(sent.createReferral.emergency).toBe(true);
    const [audit] = await t.db.query(`SELECT justification FROM audit_event WHERE action = 'REFERRAL_EMERGENCY_SHARE' AND subject_id = $1`, [sent.createReferral.id]);
    expect(audit.justification).toBe(justification);
    expect(await t.world.count('outbox', `topic = 'referral.emergency' AND payload->>'referralId' = $1`, [sent.createReferral.id])).toBe(1);
    const due = new Date(sent.createReferral.responseDueAt).getTime() - t.clock.now().getTime();
    expect(Math.round(due / 3600_000)).toBe(2);
  });

  it('example 6 (read side): when the consent behind LOCATION expires, the placement comes back null and is named in extensions.redacted', async () => {
    const { K, agencies, people } = await policyCast(t);
    const expiresAt = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'YOUTH', scopes: ['LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter', expiresAt } }, people.cw1.token);
    const sent = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: ['LOCATION'], reason: 'bed' } }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: sent.createReferral.id }, people.sh1.token);
    expect((await t.gql.ok(CASE, { id: K.id }, people.sh1.token)).case.child.placement.address).toBe('12 Hidden Lane');
    t.clock.advance(3600_000 + 1000);
    const token = await t.signIn(people.sh1);
    const after = await t.gql.query(CASE, { id: K.id }, token);
    expect(after.data!.case.child.placement).toBeNull();
    expect(after.extensions.redacted).toContain('case.child.placement');
    t.clock.set(new Date());
  });

  it('two users accepting one referral at once: one wins, the other gets CONFLICT; one membership, one assignment', async () => {
    const { K, agencies, people } = await policyCast(t);
    const sent = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'report' } }, people.cw1.token);
    const results = await Promise.all([people.pd1, people.pdSup].map((who) => t.gql.query(ACCEPT, { id: sent.createReferral.id }, who.token)));
    expect(results.map((r) => r.errors[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(await t.world.count('membership', 'case_id = $1 AND agency_id = $2', [K.id, agencies.PD.id])).toBe(1);
    expect(await t.world.count('assignment', 'case_id = $1 AND agency_id = $2', [K.id, agencies.PD.id])).toBe(1);
  });

  it('example 9: a handoff accepted by the receiving supervisor moves the lead in one transaction', async () => {
    const { K, agencies, people } = await policyCast(t);
    const cw2Agency = await t.world.agency('CHILD_WELFARE' as never, agencies.CW.jurisdictionId);
    const cw2Sup = await t.world.user(Role.SUPERVISOR, cw2Agency.id);
    const cw2SupToken = await t.signIn(cw2Sup);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'services so far' } }, people.cw1.token);
    const requested = await t.gql.ok(`mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id status } }`, { input: { caseId: K.id, toAgencyId: cw2Agency.id, reason: 'family moved' } }, people.cw1.token);
    // Staff of the receiving agency may not accept; its supervisor may.
    const cw2Staff = await t.world.user(Role.STAFF, cw2Agency.id);
    expect(await t.gql.code(`mutation($id: ID!) { acceptHandoff(id: $id) { id } }`, { id: requested.requestHandoff.id }, await t.signIn(cw2Staff))).toBe('FORBIDDEN');
    await t.gql.ok(`mutation($id: ID!) { acceptHandoff(id: $id) { id status } }`, { id: requested.requestHandoff.id }, cw2SupToken);
    const [row] = await t.db.query(`SELECT lead_agency_id FROM case_file WHERE id = $1`, [K.id]);
    expect(row.lead_agency_id).toBe(cw2Agency.id);
    expect(await scopesOf(K.id, cw2SupToken)).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION']);
    expect(await scopesOf(K.id, people.cw1.token)).toEqual(['SUMMARY', 'SERVICES']);
    const [assignment] = await t.db.query(`SELECT role FROM assignment WHERE case_id = $1 AND user_id = $2 AND active`, [K.id, people.cw1.id]);
    expect(assignment.role).toBe('SECONDARY');
    expect((await t.gql.ok(NOTES, { id: K.id }, people.cw1.token)).case.notes.edges).toHaveLength(1);
    expect((await t.gql.ok(CASE, { id: K.id }, people.cw1.token)).case.child.legalName).toBeNull();
  });

  it('a pending handoff: one at a time (CONFLICT), cancelled by its requester, declined only by the receiving supervisor', async () => {
    const { K, agencies, people } = await policyCast(t);
    const REQUEST = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id status } }`;
    const other = await t.world.agency('CHILD_WELFARE' as never, agencies.CW.jurisdictionId);
    const otherSup = await t.world.user(Role.SUPERVISOR, other.id);
    expect(await t.gql.code(REQUEST, { input: { caseId: K.id, toAgencyId: other.id, reason: 'x' } }, people.cw2.token)).toBe('NOT_FOUND');
    const first = await t.gql.ok(REQUEST, { input: { caseId: K.id, toAgencyId: other.id, reason: 'move' } }, people.cw1.token);
    expect(await t.gql.code(REQUEST, { input: { caseId: K.id, toAgencyId: agencies.SH.id, reason: 'again' } }, people.cwSup.token)).toBe('CONFLICT');
    await t.gql.ok(`mutation($id: ID!) { cancelHandoff(id: $id) { status } }`, { id: first.requestHandoff.id }, people.cw1.token);
    // Cancelled, it left the receiving inbox: its supervisor no longer sees the case, so it does not exist for them.
    expect(await t.gql.code(`mutation($id: ID!) { acceptHandoff(id: $id) { status } }`, { id: first.requestHandoff.id }, await t.signIn(otherSup))).toBe('NOT_FOUND');
    const second = await t.gql.ok(REQUEST, { input: { caseId: K.id, toAgencyId: other.id, reason: 'move' } }, people.cwSup.token);
    const declined = await t.gql.ok(`mutation($id: ID!) { declineHandoff(id: $id, reason: "no capacity") { status } }`, { id: second.requestHandoff.id }, await t.signIn(otherSup));
    expect(declined.declineHandoff.status).toBe('DECLINED');
    const [row] = await t.db.query(`SELECT lead_agency_id FROM case_file WHERE id = $1`, [K.id]);
    expect(row.lead_agency_id).toBe(agencies.CW.id);
  });
});

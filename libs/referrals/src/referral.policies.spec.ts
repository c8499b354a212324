import { DataScope, decide, LEAD_SCOPES, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { CaseSight, READ_ONLY, SeenCase } from '@tandem/cases';
import { testViewer } from '@tandem/testing';
import { HANDOFF_ACTS, HANDOFF_LIST, HANDOFF_REQUEST, INBOX_COUNT, REFERRAL_ACTS, REFERRAL_LIST, REFERRAL_READ, REFERRAL_SEND } from './referral.policies';

/**
 * The referral and handoff rows of the access policy's "who may do what" table, as a table: each
 * policy, for every role, from the lead (own agency), a partner and an outsider, with the facts that
 * decide (receiving or sending agency, assigned, PRIMARY, scopes held, consent). The expected
 * verdicts are written from the access policy, not read from the rules.
 */

type Expected = 'allow' | 'hide' | 'forbid' | 'consent' | 'role';

const LEAD = 'a-lead';
const PARTNER = 'a-partner';
const OUTSIDER = 'a-outsider';
const ME = 'u-me';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string): Viewer => testViewer(role, { userId: ME, agencyId });

/** A case led by LEAD, PARTNER a partner holding `partnerScopes`, seen by the viewer with `scopes`; `assigned` is the viewer's assignment. */
function seen(scopes: readonly string[], assigned: { agencyId: string; role: 'PRIMARY' | 'SECONDARY' } | null = null, partnerScopes: string[] = [DataScope.SUMMARY]): SeenCase {
  return {
    record: { leadAgencyId: LEAD },
    facts: {
      memberships: [
        { agencyId: LEAD, role: 'LEAD', scopes: [...LEAD_SCOPES], consentScopes: [], active: true },
        { agencyId: PARTNER, role: 'PARTNER', scopes: partnerScopes, consentScopes: [], active: true },
      ],
      assignments: [{ userId: 'u-primary', agencyId: LEAD, role: 'PRIMARY', active: true }, ...(assigned ? [{ userId: ME, ...assigned, active: true }] : [])],
    },
    scopes,
  };
}

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  if (verdict.disclose === 'hide') return 'hide';
  return verdict.code === 'role' ? 'role' : verdict.code === 'consent' ? 'consent' : 'forbid';
}

/** A situation: the viewer's agency and the facts; `expect` per case role (the other roles never act on cases: `role`). */
interface Situation<Facts> {
  as: string;
  agencyId: string;
  facts: Facts;
  staff: Expected;
  supervisor: Expected;
}

function table<Facts>(policy: Policy<Facts>, situations: Situation<Facts>[]) {
  const rows = situations.flatMap((situation) =>
    ROLES.map((role) => {
      const expected = role === Role.STAFF ? situation.staff : role === Role.SUPERVISOR ? situation.supervisor : 'role';
      return [situation.as, role, expected, situation] as const;
    }),
  );
  describe(policy.name, () => {
    it.each(rows)('%s, %s: %s', (_as, role, expected, situation) => {
      expect(outcome(decide(policy, viewer(role, situation.agencyId), situation.facts))).toBe(expected);
    });
  });
}

const partnerView = (services: boolean) => seen(services ? [DataScope.SUMMARY, DataScope.SERVICES] : [DataScope.SUMMARY], { agencyId: PARTNER, role: 'SECONDARY' }, services ? [DataScope.SUMMARY, DataScope.SERVICES] : [DataScope.SUMMARY]);
const leadView = seen(LEAD_SCOPES, { agencyId: LEAD, role: 'SECONDARY' });

describe('referral policies', () => {
  const share = (scopes: string[], uncovered: string[] = []) => ({ scopes, uncovered });
  table(REFERRAL_SEND, [
    { as: 'own agency (the lead), sees the case', agencyId: LEAD, facts: { view: leadView }, staff: 'allow', supervisor: 'allow' },
    { as: 'own agency, shares what it holds, consent covers it', agencyId: LEAD, facts: { view: leadView, share: share([DataScope.IDENTITY]) }, staff: 'allow', supervisor: 'allow' },
    { as: 'own agency, shares what no consent covers', agencyId: LEAD, facts: { view: leadView, share: share([DataScope.IDENTITY], [DataScope.IDENTITY]) }, staff: 'consent', supervisor: 'consent' },
    { as: 'own agency, shares a scope it does not hold', agencyId: LEAD, facts: { view: leadView, share: share([DataScope.CLINICAL]) }, staff: 'forbid', supervisor: 'forbid' },
    { as: 'partner holding SERVICES', agencyId: PARTNER, facts: { view: partnerView(true) }, staff: 'allow', supervisor: 'allow' },
    { as: 'partner holding SERVICES, shares IDENTITY it does not hold', agencyId: PARTNER, facts: { view: partnerView(true), share: share([DataScope.IDENTITY]) }, staff: 'forbid', supervisor: 'forbid' },
    { as: 'partner without SERVICES', agencyId: PARTNER, facts: { view: partnerView(false) }, staff: 'forbid', supervisor: 'forbid' },
    { as: 'outsider (does not see the case)', agencyId: OUTSIDER, facts: { view: null }, staff: 'hide', supervisor: 'hide' },
    { as: 'outsider through a break-glass grant', agencyId: OUTSIDER, facts: { view: READ_ONLY }, staff: 'forbid', supervisor: 'forbid' },
  ]);

  /** A referral from the lead to PARTNER (the receiving agency, in its inbox), sent by `sentBy`. */
  const referral = (sentBy = 'u-sender') => ({ fromAgencyId: LEAD, toAgencyId: PARTNER, sentBy });
  const inbox = seen([DataScope.SUMMARY]);
  const act = (agencyId: string, view: CaseSight, sentBy?: string) => ({ agencyId, facts: { referral: referral(sentBy), view } });

  for (const answer of ['accept', 'decline'] as const) {
    table(REFERRAL_ACTS[answer], [
      { as: 'receiving agency (its inbox)', ...act(PARTNER, inbox), staff: 'allow', supervisor: 'allow' },
      { as: 'receiving agency, the case no longer seen', ...act(PARTNER, null), staff: 'hide', supervisor: 'hide' },
      { as: 'receiving agency through a break-glass grant', ...act(PARTNER, READ_ONLY), staff: 'forbid', supervisor: 'forbid' },
      { as: 'own agency (the sending lead)', ...act(LEAD, leadView), staff: 'forbid', supervisor: 'forbid' },
      { as: 'outsider', ...act(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
      { as: 'outsider seeing the case (another partner)', ...act(OUTSIDER, seen([DataScope.SUMMARY])), staff: 'hide', supervisor: 'hide' },
    ]);
  }

  table(REFERRAL_ACTS.withdraw, [
    { as: 'own agency (sending), the sender', ...act(LEAD, leadView, ME), staff: 'allow', supervisor: 'allow' },
    { as: 'own agency (sending), not the sender', ...act(LEAD, leadView), staff: 'forbid', supervisor: 'allow' },
    { as: 'own agency (sending) through a break-glass grant', ...act(LEAD, READ_ONLY, ME), staff: 'forbid', supervisor: 'forbid' },
    { as: 'receiving partner', ...act(PARTNER, inbox), staff: 'forbid', supervisor: 'forbid' },
    { as: 'outsider', ...act(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
  ]);

  const accepted = seen([DataScope.SUMMARY, DataScope.SERVICES], { agencyId: PARTNER, role: 'SECONDARY' });
  const acceptedUnassigned = seen([DataScope.SUMMARY, DataScope.SERVICES]);
  for (const work of ['start', 'complete', 'fail'] as const) {
    table(REFERRAL_ACTS[work], [
      { as: 'receiving partner, assigned', ...act(PARTNER, accepted), staff: 'allow', supervisor: 'allow' },
      { as: 'receiving partner, not assigned', ...act(PARTNER, acceptedUnassigned), staff: 'forbid', supervisor: 'forbid' },
      { as: 'receiving partner, not seeing the case', ...act(PARTNER, null), staff: 'hide', supervisor: 'hide' },
      { as: 'own agency (the sending lead), assigned', ...act(LEAD, leadView), staff: 'forbid', supervisor: 'forbid' },
      { as: 'outsider', ...act(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
    ]);
  }

  const read = (agencyId: string, view: SeenCase | null) => ({ agencyId, facts: { referral: referral(), view } });
  table(REFERRAL_READ, [
    { as: 'own agency (sending), sees the case', ...read(LEAD, leadView), staff: 'allow', supervisor: 'allow' },
    { as: 'own agency (sending), does not see the case', ...read(LEAD, null), staff: 'hide', supervisor: 'hide' },
    { as: 'receiving partner (its inbox)', ...read(PARTNER, inbox), staff: 'allow', supervisor: 'allow' },
    { as: 'outsider', ...read(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
    { as: 'outsider reading the case through a break-glass grant', ...read(OUTSIDER, seen([DataScope.SUMMARY])), staff: 'hide', supervisor: 'hide' },
  ]);

  for (const list of [REFERRAL_LIST, HANDOFF_LIST, INBOX_COUNT]) {
    table(list, [
      { as: 'own agency', agencyId: LEAD, facts: undefined, staff: 'allow', supervisor: 'allow' },
      { as: 'partner', agencyId: PARTNER, facts: undefined, staff: 'allow', supervisor: 'allow' },
      { as: 'outsider', agencyId: OUTSIDER, facts: undefined, staff: 'allow', supervisor: 'allow' },
    ]);
  }
});

describe('handoff policies', () => {
  table(HANDOFF_REQUEST, [
    { as: 'own agency (the lead), the PRIMARY assignee', agencyId: LEAD, facts: { view: seen(LEAD_SCOPES, { agencyId: LEAD, role: 'PRIMARY' }) }, staff: 'allow', supervisor: 'allow' },
    { as: 'own agency (the lead), assigned SECONDARY', agencyId: LEAD, facts: { view: leadView }, staff: 'forbid', supervisor: 'allow' },
    // A PRIMARY assignment recorded for another agency (the user has since moved to the lead) counts for nothing.
    { as: 'own agency (the lead), PRIMARY for another agency', agencyId: LEAD, facts: { view: seen(LEAD_SCOPES, { agencyId: PARTNER, role: 'PRIMARY' }) }, staff: 'forbid', supervisor: 'allow' },
    { as: 'own agency (the lead) through a break-glass grant', agencyId: LEAD, facts: { view: READ_ONLY }, staff: 'forbid', supervisor: 'forbid' },
    { as: 'partner', agencyId: PARTNER, facts: { view: partnerView(true) }, staff: 'forbid', supervisor: 'forbid' },
    { as: 'outsider', agencyId: OUTSIDER, facts: { view: null }, staff: 'hide', supervisor: 'hide' },
  ]);

  /** A handoff of the case from the lead to PARTNER, requested by `requestedBy`. */
  const act = (agencyId: string, view: CaseSight, requestedBy = 'u-requester') => ({ agencyId, facts: { handoff: { fromAgencyId: LEAD, toAgencyId: PARTNER, requestedBy }, view } });
  for (const answer of ['accept', 'decline'] as const) {
    table(HANDOFF_ACTS[answer], [
      { as: 'receiving agency (its inbox)', ...act(PARTNER, seen([DataScope.SUMMARY])), staff: 'forbid', supervisor: 'allow' },
      { as: 'receiving agency, the case not seen', ...act(PARTNER, null), staff: 'hide', supervisor: 'hide' },
      { as: 'own agency (the requesting lead)', ...act(LEAD, leadView), staff: 'forbid', supervisor: 'forbid' },
      { as: 'outsider', ...act(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
    ]);
  }

  table(HANDOFF_ACTS.cancel, [
    { as: 'own agency (the lead), the requester', ...act(LEAD, leadView, ME), staff: 'allow', supervisor: 'allow' },
    { as: 'own agency (the lead), not the requester', ...act(LEAD, leadView), staff: 'forbid', supervisor: 'allow' },
    { as: 'own agency (the lead) through a break-glass grant', ...act(LEAD, READ_ONLY, ME), staff: 'forbid', supervisor: 'forbid' },
    { as: 'receiving agency', ...act(PARTNER, seen([DataScope.SUMMARY])), staff: 'forbid', supervisor: 'forbid' },
    { as: 'outsider', ...act(OUTSIDER, null), staff: 'hide', supervisor: 'hide' },
  ]);
});

describe('refusals keep their words', () => {
  it('names consent as the reason code of an uncovered share, and what it was', () => {
    const verdict = decide(REFERRAL_SEND, viewer(Role.STAFF, LEAD), { view: leadView, share: { scopes: [DataScope.LOCATION], uncovered: [DataScope.LOCATION] } });
    expect(verdict).toEqual({ allowed: false, disclose: 'forbid', reason: 'consent: no active consent covers LOCATION for this agency', code: 'consent' });
  });

  it('answers a break-glass change as read only', () => {
    expect(decide(REFERRAL_ACTS.accept, viewer(Role.STAFF, PARTNER), { referral: { fromAgencyId: LEAD, toAgencyId: PARTNER, sentBy: 'x' }, view: READ_ONLY })).toMatchObject({ reason: 'a break-glass grant is read only' });
  });
});

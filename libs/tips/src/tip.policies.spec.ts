import { AgencyType, decide, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { TIP_CHALLENGE, TIP_FOLLOW_UP, TIP_JURISDICTIONS, TIP_LIST, TIP_READ, TIP_SUBMIT, TIP_TRIAGE, TipFacts } from './tip.policies';

// Tips are triaged by the staff and supervisors of the law-enforcement agencies of the tip's
// jurisdiction; anyone submits and follows up. Every role, of every agency type, here and elsewhere.

const HERE = 'jurisdiction-here';
const ROLES = Object.values(Role);
const TYPES = Object.values(AgencyType);
const tip: TipFacts = { tip: { jurisdictionId: HERE } };

const viewer = (role: Role, agencyType: AgencyType | null, jurisdictionId: string | null): Viewer =>
  testViewer(role, {
    userId: 'u',
    agencyId: agencyType ? `agency-${agencyType}` : null,
    agencyType,
    jurisdictionId,
  });

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');

/** What the table says: LE staff and supervisors of the tip's jurisdiction; LE elsewhere finds no tip; other types are refused; other roles may not at all. */
function expected(role: Role, type: AgencyType, here: boolean, listing: boolean): Outcome {
  if (role !== Role.STAFF && role !== Role.SUPERVISOR) return 'role';
  if (type !== AgencyType.LAW_ENFORCEMENT) return 'forbidden';
  if (listing) return 'allowed';
  return here ? 'allowed' : 'hidden';
}

describe('tip policies', () => {
  it.each(ROLES)('%s: tip.read, tip.triage and tip.list for every agency type, in and outside the jurisdiction', (role) => {
    for (const type of TYPES) {
      for (const here of [true, false]) {
        const who = viewer(role, type, here ? HERE : 'jurisdiction-elsewhere');
        const found = { read: outcomeOf(decide(TIP_READ, who, tip)), triage: outcomeOf(decide(TIP_TRIAGE, who, tip)), list: outcomeOf(decide(TIP_LIST, who, undefined)) };
        expect({ type, here, ...found }).toEqual({ type, here, read: expected(role, type, here, false), triage: expected(role, type, here, false), list: expected(role, type, here, true) });
      }
    }
  });

  it('answers a tip that does not exist as one outside the jurisdiction', () => {
    const liaison = viewer(Role.STAFF, AgencyType.LAW_ENFORCEMENT, HERE);
    expect(outcomeOf(decide(TIP_READ, liaison, { tip: null }))).toBe('hidden');
    expect(outcomeOf(decide(TIP_TRIAGE, liaison, { tip: null }))).toBe('hidden');
  });

  it('lets anyone, signed in or not, get a challenge and the jurisdictions, submit and follow up', () => {
    for (const policy of [TIP_CHALLENGE, TIP_JURISDICTIONS, TIP_SUBMIT, TIP_FOLLOW_UP]) {
      expect(policy.who).toBe('public');
      expect(decide(policy, null, undefined)).toEqual({ allowed: true });
      for (const role of ROLES) expect(decide(policy, viewer(role, null, null), undefined)).toEqual({ allowed: true });
    }
  });
});

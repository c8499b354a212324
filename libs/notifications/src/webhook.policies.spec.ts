import { decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { WebhookOwner, WebhookPolicy } from './webhook.policies';

// An agency's webhook is managed by its own agency administrator and by the system administrator,
// for any agency; no one else. A dead call of another agency's webhook is not disclosed at all.

const OWN = 'agency-own';
const OTHER = 'agency-other';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];
const homeOf = (role: Role): string | null => (role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : OWN);

const viewer = (role: Role): Viewer => testViewer(role, { agencyId: homeOf(role) });

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');
const outcome = <Facts>(policy: Policy<Facts>, who: Viewer, facts: Facts): Outcome => outcomeOf(decide(policy, who, facts));

describe('webhook policies', () => {
  describe.each([
    ['webhook.set', WebhookPolicy.set],
    ['webhook.disable', WebhookPolicy.disable],
    ['webhook.listDeadLetters', WebhookPolicy.listDeadLetters],
  ])('%s', (_name, policy) => {
    const expected: Record<Role, [own: Outcome, other: Outcome]> = {
      [Role.STAFF]: ['role', 'role'],
      [Role.SUPERVISOR]: ['role', 'role'],
      [Role.AGENCY_ADMIN]: ['allowed', 'forbidden'],
      [Role.AUDITOR]: ['role', 'role'],
      [Role.SYSTEM_ADMIN]: ['allowed', 'allowed'],
    };
    it.each(ROLES)("%s, on their own agency's webhook and on another's", (role) => {
      expect([outcome(policy, viewer(role), { agencyId: OWN }), outcome(policy, viewer(role), { agencyId: OTHER })]).toEqual(expected[role]);
    });

    it('says why', () => {
      expect(decide(policy, viewer(Role.AGENCY_ADMIN), { agencyId: OTHER })).toMatchObject({
        reason: 'agency administrators manage only their own agency',
        message: "You may manage only your own agency's webhook",
      });
    });
  });

  describe('webhook.retry', () => {
    const expected: Record<Role, [own: Outcome, other: Outcome, none: Outcome]> = {
      [Role.STAFF]: ['role', 'role', 'role'],
      [Role.SUPERVISOR]: ['role', 'role', 'role'],
      [Role.AGENCY_ADMIN]: ['allowed', 'hidden', 'hidden'],
      [Role.AUDITOR]: ['role', 'role', 'role'],
      [Role.SYSTEM_ADMIN]: ['allowed', 'allowed', 'hidden'],
    };
    it.each(ROLES)("%s, on a dead call of their own agency, of another, and on an id that names none", (role) => {
      const owners: (WebhookOwner | null)[] = [{ agencyId: OWN }, { agencyId: OTHER }, null];
      expect(owners.map((owner) => outcome(WebhookPolicy.retry, viewer(role), owner))).toEqual(expected[role]);
    });

    it('hides as a webhook delivery', () => {
      expect(WebhookPolicy.retry.hides).toBe('Webhook delivery');
      expect(decide(WebhookPolicy.retry, viewer(Role.AGENCY_ADMIN), { agencyId: OTHER })).toMatchObject({ reason: 'no such delivery in purview' });
    });
  });
});

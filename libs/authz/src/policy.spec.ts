import { ErrorCode, Refusal } from '@tandem/platform';
import { ALLOW, authorize, decide, declaredPolicies, definePolicy, firstRefusal, forbid, hide } from './policy';
import { Viewer } from './viewer';
import { Role } from './vocabulary';

const viewer = (role: Role, agencyId: string | null = 'a1'): Viewer => ({
  userId: 'u1',
  sessionId: 's1',
  email: 'u1@example.org',
  displayName: 'U1',
  role,
  agencyId,
  agencyType: null,
  jurisdictionId: null,
});

const ownThing = definePolicy<{ ownerAgencyId: string; visible: boolean }>({
  name: 'thing.change',
  row: null,
  audit: 'THING_CHANGE',
  who: [Role.STAFF, Role.SUPERVISOR],
  hides: 'Thing',
  rule: (who, thing) => (!thing.visible ? hide('thing not visible') : thing.ownerAgencyId !== who.agencyId ? forbid('only the owner changes a thing') : ALLOW),
});

describe('declared policies', () => {
  it('are named <subject>.<action>, once each, and listed', () => {
    expect(ownThing).toMatchObject({ subject: 'thing', action: 'change' });
    expect(declaredPolicies()).toContain(ownThing);
    expect(() => definePolicy({ name: 'thing.change', row: null, audit: 'X', who: 'signed-in' })).toThrow('declared twice');
    expect(() => definePolicy({ name: 'thing', row: null, audit: 'X', who: 'signed-in' })).toThrow('<subject>.<action>');
  });

  it("check the role first, then the rule on the loaded facts", () => {
    expect(decide(ownThing, viewer(Role.AUDITOR), { ownerAgencyId: 'a1', visible: true })).toMatchObject({ allowed: false, code: 'role' });
    expect(decide(ownThing, null, { ownerAgencyId: 'a1', visible: true })).toMatchObject({ allowed: false, code: 'role' });
    expect(decide(ownThing, viewer(Role.STAFF), { ownerAgencyId: 'a1', visible: true })).toEqual(ALLOW);
    expect(decide(ownThing, viewer(Role.STAFF), { ownerAgencyId: 'a2', visible: true })).toMatchObject({ allowed: false, disclose: 'forbid' });
    expect(decide(ownThing, viewer(Role.STAFF), { ownerAgencyId: 'a1', visible: false })).toMatchObject({ allowed: false, disclose: 'hide' });
  });

  it('turn a refusal into its typed error, carrying what the audit event records', () => {
    const attempt = (facts: { ownerAgencyId: string; visible: boolean }) => {
      try {
        authorize(ownThing, viewer(Role.STAFF), facts, { caseId: 'c1', subjectType: 'Thing', subjectId: 't1' });
      } catch (error) {
        return error as Refusal;
      }
      return null;
    };
    expect(attempt({ ownerAgencyId: 'a1', visible: true })).toBeNull();

    const hidden = attempt({ ownerAgencyId: 'a1', visible: false })!;
    expect(hidden).toBeInstanceOf(Refusal);
    expect({ code: hidden.code, message: hidden.message, details: hidden.details }).toEqual({ code: ErrorCode.NOT_FOUND, message: 'Thing not found', details: {} });
    expect(hidden.record).toEqual({ attempted: 'THING_CHANGE', reason: 'thing not visible', caseId: 'c1', subjectType: 'Thing', subjectId: 't1' });

    const forbidden = attempt({ ownerAgencyId: 'a2', visible: true })!;
    expect({ code: forbidden.code, message: forbidden.message, details: forbidden.details }).toEqual({
      code: ErrorCode.FORBIDDEN,
      message: 'You may not do this: only the owner changes a thing',
      details: { reason: 'policy' },
    });
  });

  it('keep the first refusal of several checks', () => {
    expect(firstRefusal(ALLOW, forbid('one'), hide('two'))).toMatchObject({ reason: 'one' });
    expect(firstRefusal(ALLOW, ALLOW)).toEqual(ALLOW);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { AuditEventPolicy, LoggedCase } from './audit-event.policies';

/*
 * "read audit events": a supervisor reads the events of their agency's users and the events on the
 * cases their agency leads; an auditor reads all. Nobody else reads the trail. Written from the
 * policy's words, for every role in their own agency, another, or none.
 */

const OWN = 'agency-own';
const OTHER = 'agency-other';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];
const homeOf = (role: Role): string | null => (role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : OWN);

const viewer = (role: Role): Viewer => testViewer(role, { agencyId: homeOf(role) });

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');
const outcome = <Facts>(policy: Policy<Facts>, who: Viewer | null, facts: Facts): Outcome => outcomeOf(decide(policy, who, facts));

describe('audit event policies', () => {
  describe('auditEvent.list', () => {
    const expected: Record<Role, Outcome> = {
      [Role.STAFF]: 'role',
      [Role.SUPERVISOR]: 'allowed',
      [Role.AGENCY_ADMIN]: 'role',
      [Role.AUDITOR]: 'allowed',
      [Role.SYSTEM_ADMIN]: 'role',
    };
    it.each(ROLES)('%s lists events (a supervisor only those of their agency, in SQL)', (role) => {
      expect(outcome(AuditEventPolicy.list, viewer(role), undefined)).toBe(expected[role]);
    });
  });

  describe('auditEvent.report', () => {
    const expected: Record<Role, [own: Outcome, other: Outcome, every: Outcome]> = {
      [Role.STAFF]: ['role', 'role', 'role'],
      [Role.SUPERVISOR]: ['allowed', 'forbidden', 'allowed'],
      [Role.AGENCY_ADMIN]: ['role', 'role', 'role'],
      [Role.AUDITOR]: ['allowed', 'allowed', 'allowed'],
      [Role.SYSTEM_ADMIN]: ['role', 'role', 'role'],
    };
    it.each(ROLES)('%s reports on their own agency, another agency, and without naming one (their own, or every agency)', (role) => {
      const asked = [OWN, OTHER, null].map((agencyId) => outcome(AuditEventPolicy.report, viewer(role), { agencyId }));
      expect(asked).toEqual(expected[role]);
    });

    it('answers a supervisor asking for another agency as today', () => {
      expect(decide(AuditEventPolicy.report, viewer(Role.SUPERVISOR), { agencyId: OTHER })).toMatchObject({
        message: "A supervisor reports on their own agency's users only",
        code: 'agency',
      });
    });
  });

  describe('auditEvent.export', () => {
    it.each(ROLES)('%s exports the trail only as an auditor or a supervisor', (role) => {
      expect(outcome(AuditEventPolicy.export, viewer(role), undefined)).toBe(role === Role.AUDITOR || role === Role.SUPERVISOR ? 'allowed' : 'role');
    });
  });

  describe('auditEvent.verifyChains', () => {
    it.each(ROLES)('%s verifies the hash chains only as an auditor', (role) => {
      expect(outcome(AuditEventPolicy.verifyChains, viewer(role), undefined)).toBe(role === Role.AUDITOR ? 'allowed' : 'role');
    });
  });

  describe("a case's access log", () => {
    const cases: [string, LoggedCase][] = [
      ['a case their agency leads', { leadAgencyId: OWN }],
      ['a case another agency leads', { leadAgencyId: OTHER }],
      ['an id that names no case', { leadAgencyId: null }],
    ];

    describe('caseAccessLog.read, by id: what is not theirs is not found', () => {
      const expected: Record<Role, [own: Outcome, other: Outcome, none: Outcome]> = {
        [Role.STAFF]: ['role', 'role', 'role'],
        [Role.SUPERVISOR]: ['allowed', 'hidden', 'hidden'],
        [Role.AGENCY_ADMIN]: ['role', 'role', 'role'],
        [Role.AUDITOR]: ['allowed', 'allowed', 'hidden'],
        [Role.SYSTEM_ADMIN]: ['role', 'role', 'role'],
      };
      it.each(ROLES)('%s', (role) => {
        expect(cases.map(([, logged]) => outcome(AuditEventPolicy.readCaseLog, viewer(role), logged))).toEqual(expected[role]);
      });
    });

    describe('caseAccessLog.readOnCase, on a case already shown: refused, not hidden', () => {
      const expected: Record<Role, [own: Outcome, other: Outcome, none: Outcome]> = {
        [Role.STAFF]: ['forbidden', 'forbidden', 'forbidden'],
        [Role.SUPERVISOR]: ['allowed', 'forbidden', 'forbidden'],
        [Role.AGENCY_ADMIN]: ['forbidden', 'forbidden', 'forbidden'],
        [Role.AUDITOR]: ['allowed', 'allowed', 'forbidden'],
        [Role.SYSTEM_ADMIN]: ['forbidden', 'forbidden', 'forbidden'],
      };
      it.each(ROLES)('%s', (role) => {
        expect(cases.map(([, logged]) => outcome(AuditEventPolicy.readCaseLogOnCase, viewer(role), logged))).toEqual(expected[role]);
      });

      it('answers with the access log reason code', () => {
        expect(decide(AuditEventPolicy.readCaseLogOnCase, viewer(Role.STAFF), { leadAgencyId: OWN })).toMatchObject({
          code: 'access-log',
          reason: 'access log is for auditors and supervisors of the lead agency',
        });
      });
    });

    it('hides as a Case', () => {
      expect(AuditEventPolicy.readCaseLog.hides).toBe('Case');
    });
  });

  it('refuses the trail to anyone signed out', () => {
    for (const policy of [AuditEventPolicy.list, AuditEventPolicy.export]) expect(outcome(policy, null, undefined)).toBe('role');
    expect(outcome(AuditEventPolicy.report, null, { agencyId: null })).toBe('role');
  });

  it("names the access policy's row", () => {
    const table = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'access-policy.md'), 'utf8');
    for (const { row } of Object.values(AuditEventPolicy)) expect(table).toContain(`\n| ${row} |`);
  });
});

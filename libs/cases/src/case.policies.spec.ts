import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgencyType, CaseFacts, DataScope, decide, Policy, Role, Viewer } from '@tandem/authz';
import {
  BREAK_GLASS_REVIEW,
  CASE_ASSIGN,
  CASE_BREAK_GLASS,
  CASE_CLOSE,
  CASE_CREATE,
  CASE_FLAG,
  CASE_LOCATE,
  CASE_READ,
  CASE_REOPEN,
  CASE_REVIEW,
  CASE_UNASSIGN,
  CASE_UPDATE,
  CONSENT_READ,
  CONSENT_RECORD,
  CONSENT_REVOKE,
  NOTE_ADD,
  OnCase,
  VICTIM_REPORT_RECORD,
} from './case.policies';
import { CaseView, seesAsMember, viewsOf, viewToChange } from './case-access.service';
import { CaseRecord, CaseStatus, NoteCategory, RiskLevel } from './cases.types';

/**
 * The "Who may do what" table of the access policy, row by row, for every role of the lead
 * agency, of a partner agency and of an agency outside the case. The expected answers are written
 * from the policy's words; the facts are built as the services load them (the viewer's view of the
 * case from the real visibility rules), so a row fails when a policy or the view it decides on
 * drifts from the table.
 *
 *   allow   the act goes ahead
 *   hide    NOT_FOUND: the viewer does not see the case (or the grant), existence not disclosed
 *   forbid  FORBIDDEN: the viewer sees it, the act is not theirs (or their role may not try it)
 */
type Verdict = 'allow' | 'hide' | 'forbid';
type Relation = 'lead' | 'partner' | 'outsider';
const RELATIONS: Relation[] = ['lead', 'partner', 'outsider'];

const NOW = new Date('2026-12-07T12:00:00Z');
const J1 = 'j-1';
const J2 = 'j-2';
const AGENCY: Record<Relation, string> = { lead: 'a-lead', partner: 'a-partner', outsider: 'a-outsider' };
const CASE_ID = 'k-1';
/** The lead's caseworker who opened the case: its PRIMARY assignee unless the viewer is. */
const CW1 = 'u-cw1';

/** The viewers of the table: each role, and STAFF and SUPERVISOR as assigned to the case or not. */
const KINDS = ['STAFF', 'STAFF assigned', 'STAFF PRIMARY', 'SUPERVISOR', 'SUPERVISOR PRIMARY', 'AGENCY_ADMIN', 'AUDITOR', 'SYSTEM_ADMIN'] as const;
type Kind = (typeof KINDS)[number];
/** One verdict per relation: [lead, partner, outsider]. */
type Row = readonly [Verdict, Verdict, Verdict];
type Table = Record<Kind, Row>;

interface World {
  kind: Kind;
  relation: Relation;
  /** The viewer's agency type (the lead is child welfare; the partner a shelter; the outsider law enforcement, unless said). */
  agencyType?: AgencyType;
  /** The partner's scopes (SUMMARY and SERVICES unless said), shared without needing consent. */
  partnerScopes?: DataScope[];
  /** The viewer holds an unexpired break-glass grant. */
  grant?: boolean;
  /** The viewer's agency has a pending referral of the case (the inbox view). */
  inbox?: boolean;
  jurisdictionId?: string;
}

const DEFAULT_TYPE: Record<Relation, AgencyType> = { lead: AgencyType.CHILD_WELFARE, partner: AgencyType.SHELTER, outsider: AgencyType.LAW_ENFORCEMENT };

function viewerOf(world: World): Viewer {
  const role = world.kind.split(' ')[0] as Role;
  return {
    userId: 'u-viewer',
    sessionId: 's-viewer',
    email: 'viewer@example.org',
    displayName: 'Viewer',
    role,
    agencyId: AGENCY[world.relation],
    agencyType: world.agencyType ?? DEFAULT_TYPE[world.relation],
    jurisdictionId: world.jurisdictionId ?? J1,
  };
}

function record(): CaseRecord {
  return {
    id: CASE_ID,
    caseNumber: 'STL-2026-000001',
    jurisdictionId: J1,
    leadAgencyId: AGENCY.lead,
    status: CaseStatus.ACTIVE,
    riskLevel: RiskLevel.HIGH,
    flags: [],
    version: 3,
    openedAt: new Date('2026-11-01T00:00:00Z'),
    closedAt: null,
    closeReason: null,
  };
}

function factsOf(world: World, viewer: Viewer): CaseFacts {
  const primary = world.kind.endsWith('PRIMARY');
  const assigned = primary || world.kind.endsWith('assigned');
  const assignments: CaseFacts['assignments'] = [{ userId: CW1, agencyId: AGENCY.lead, role: primary ? 'SECONDARY' : 'PRIMARY', active: true }];
  if (assigned) assignments.push({ userId: viewer.userId, agencyId: viewer.agencyId!, role: primary ? 'PRIMARY' : 'SECONDARY', active: true });
  return {
    id: CASE_ID,
    leadAgencyId: AGENCY.lead,
    jurisdictionId: J1,
    memberships: [
      { agencyId: AGENCY.lead, role: 'LEAD', scopes: [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES, DataScope.INVESTIGATION], consentScopes: [], active: true },
      { agencyId: AGENCY.partner, role: 'PARTNER', scopes: world.partnerScopes ?? [DataScope.SUMMARY, DataScope.SERVICES], consentScopes: [], active: true },
    ],
    assignments,
    grants: world.grant ? [{ userId: viewer.userId, agencyId: viewer.agencyId!, expiresAt: NOW.getTime() + 3600_000, revoked: false }] : [],
    consents: [],
    inbox: world.inbox ? [{ agencyId: viewer.agencyId!, scopes: [DataScope.SUMMARY], consentRequired: false }] : [],
    clocks: [],
  };
}

/** The viewer's view of the case, as a read loads it ({@link CaseAccess.find}). */
function seen(world: World): { viewer: Viewer; view: CaseView | null } {
  const viewer = viewerOf(world);
  return { viewer, view: viewsOf(viewer, [{ record: record(), facts: factsOf(world, viewer) }], NOW).get(CASE_ID) ?? null };
}

/** The facts of an act on the case, as the services load them ({@link CaseAccess.findToChange}). */
function onCase(world: World): { viewer: Viewer; facts: OnCase } {
  const { viewer, view } = seen(world);
  return { viewer, facts: { view: view ? viewToChange(viewer, view, NOW) : null } };
}

function verdictOf<Facts>(policy: Policy<Facts>, viewer: Viewer, facts: Facts): Verdict {
  const verdict = decide(policy, viewer, facts);
  return verdict.allowed ? 'allow' : verdict.disclose;
}

/** Every row of a table: each kind of viewer, of each agency. */
function cells(table: Table): [Kind, Relation, Verdict][] {
  return KINDS.flatMap((kind) => RELATIONS.map((relation, i): [Kind, Relation, Verdict] => [kind, relation, table[kind][i]!]));
}

function checkTable(name: string, table: Table, verdict: (world: World) => Verdict): void {
  describe(name, () => {
    it.each(cells(table))('%s of the %s agency: %s', (kind, relation, expected) => {
      expect(verdict({ kind, relation })).toBe(expected);
    });
  });
}

const onCasePolicy = (policy: Policy<OnCase>, extra: Partial<World> = {}) => (world: World) => {
  const { viewer, facts } = onCase({ ...world, ...extra });
  return verdictOf(policy, viewer, facts);
};

// Who sees the case: the lead's supervisor and assigned staff, a partner's supervisor and assigned
// staff; no one of another agency; agency admins, auditors and system administrators never.
const SEES: Table = {
  STAFF: ['hide', 'hide', 'hide'],
  'STAFF assigned': ['allow', 'allow', 'hide'],
  'STAFF PRIMARY': ['allow', 'allow', 'hide'],
  SUPERVISOR: ['allow', 'allow', 'hide'],
  'SUPERVISOR PRIMARY': ['allow', 'allow', 'hide'],
  AGENCY_ADMIN: ['hide', 'hide', 'hide'],
  AUDITOR: ['hide', 'hide', 'hide'],
  SYSTEM_ADMIN: ['hide', 'hide', 'hide'],
};

/** The lead agency's users who see the case; a partner who sees it may not; no one else sees it. */
const LEAD_WHO_SEES: Table = {
  STAFF: ['hide', 'hide', 'hide'],
  'STAFF assigned': ['allow', 'forbid', 'hide'],
  'STAFF PRIMARY': ['allow', 'forbid', 'hide'],
  SUPERVISOR: ['allow', 'forbid', 'hide'],
  'SUPERVISOR PRIMARY': ['allow', 'forbid', 'hide'],
  AGENCY_ADMIN: ['hide', 'hide', 'hide'],
  AUDITOR: ['hide', 'hide', 'hide'],
  SYSTEM_ADMIN: ['hide', 'hide', 'hide'],
};

/** The lead's SUPERVISOR or its PRIMARY assignee. */
const LEAD_SUPERVISOR_OR_PRIMARY: Table = {
  STAFF: ['hide', 'hide', 'hide'],
  'STAFF assigned': ['forbid', 'forbid', 'hide'],
  'STAFF PRIMARY': ['allow', 'forbid', 'hide'],
  SUPERVISOR: ['allow', 'forbid', 'hide'],
  'SUPERVISOR PRIMARY': ['allow', 'forbid', 'hide'],
  AGENCY_ADMIN: ['hide', 'hide', 'hide'],
  AUDITOR: ['hide', 'hide', 'hide'],
  SYSTEM_ADMIN: ['hide', 'hide', 'hide'],
};

/** As a table whose operation only STAFF and SUPERVISOR may try: the other roles are refused for their role. */
function staffAndSupervisorsOnly(table: Table): Table {
  return { ...table, AGENCY_ADMIN: ['forbid', 'forbid', 'forbid'], AUDITOR: ['forbid', 'forbid', 'forbid'], SYSTEM_ADMIN: ['forbid', 'forbid', 'forbid'] };
}

describe('case policies, by the "Who may do what" table', () => {
  checkTable('read a case (case, cases)', SEES, (world) => {
    const { viewer, view } = seen(world);
    return verdictOf(CASE_READ, viewer, view);
  });

  // Create a case: STAFF, SUPERVISOR of any agency (there is no case yet: the agency does not matter).
  checkTable(
    'create a case',
    {
      STAFF: ['allow', 'allow', 'allow'],
      'STAFF assigned': ['allow', 'allow', 'allow'],
      'STAFF PRIMARY': ['allow', 'allow', 'allow'],
      SUPERVISOR: ['allow', 'allow', 'allow'],
      'SUPERVISOR PRIMARY': ['allow', 'allow', 'allow'],
      AGENCY_ADMIN: ['forbid', 'forbid', 'forbid'],
      AUDITOR: ['forbid', 'forbid', 'forbid'],
      SYSTEM_ADMIN: ['forbid', 'forbid', 'forbid'],
    },
    (world) => verdictOf(CASE_CREATE, viewerOf(world), undefined),
  );

  // Update case fields: users who see the case and hold the field's scope, of the lead agency.
  for (const needs of [[DataScope.SUMMARY], [DataScope.IDENTITY, DataScope.LOCATION]]) {
    checkTable(`update case fields needing ${needs.join(', ')}`, LEAD_WHO_SEES, (world) => {
      const { viewer, facts } = onCase(world);
      return verdictOf(CASE_UPDATE, viewer, { ...facts, needs });
    });
  }

  checkTable('set flags', LEAD_WHO_SEES, onCasePolicy(CASE_FLAG));
  checkTable('close a case', LEAD_SUPERVISOR_OR_PRIMARY, onCasePolicy(CASE_CLOSE));
  checkTable('reopen a case', LEAD_SUPERVISOR_OR_PRIMARY, onCasePolicy(CASE_REOPEN));

  // Assign / unassign users: SUPERVISOR of the agency whose users are assigned, for a case that agency is a member of.
  const SUPERVISOR_OF_A_MEMBER: Table = {
    STAFF: ['hide', 'hide', 'hide'],
    'STAFF assigned': ['forbid', 'forbid', 'hide'],
    'STAFF PRIMARY': ['forbid', 'forbid', 'hide'],
    SUPERVISOR: ['allow', 'allow', 'hide'],
    'SUPERVISOR PRIMARY': ['allow', 'allow', 'hide'],
    AGENCY_ADMIN: ['hide', 'hide', 'hide'],
    AUDITOR: ['hide', 'hide', 'hide'],
    SYSTEM_ADMIN: ['hide', 'hide', 'hide'],
  };
  checkTable('assign users', SUPERVISOR_OF_A_MEMBER, onCasePolicy(CASE_ASSIGN));
  checkTable('unassign users', SUPERVISOR_OF_A_MEMBER, onCasePolicy(CASE_UNASSIGN));
  // Once the user is known: a user of the supervisor's own agency, as the rows above; another agency's user (or one of none) is refused, the case being visible.
  for (const [act, policy] of [['assign', CASE_ASSIGN], ['unassign', CASE_UNASSIGN]] as const) {
    const withUserOf = (whose: 'own' | 'other' | 'none') => (world: World) => {
      const { viewer, facts } = onCase(world);
      const userAgencyId = whose === 'own' ? viewer.agencyId : whose === 'other' ? 'a-elsewhere' : null;
      return verdictOf(policy, viewer, { ...facts, userAgencyId });
    };
    checkTable(`${act} a user of the supervisor's own agency`, SUPERVISOR_OF_A_MEMBER, withUserOf('own'));
    const ANOTHER_AGENCY: Table = { ...SUPERVISOR_OF_A_MEMBER, SUPERVISOR: ['forbid', 'forbid', 'hide'], 'SUPERVISOR PRIMARY': ['forbid', 'forbid', 'hide'] };
    checkTable(`${act} a user of another agency`, ANOTHER_AGENCY, withUserOf('other'));
    checkTable(`${act} a user of no agency`, ANOTHER_AGENCY, withUserOf('none'));
  }

  // Add a note: users who see the case; GENERAL notes are SERVICES data, written by whoever holds
  // that scope (the partner here does); INVESTIGATION only by law-enforcement or prosecution members
  // or the lead; CLINICAL only by counseling or medical members.
  const NOTE_BY_WHO_SEES: Table = { ...LEAD_WHO_SEES, 'STAFF assigned': ['allow', 'allow', 'hide'], 'STAFF PRIMARY': ['allow', 'allow', 'hide'], SUPERVISOR: ['allow', 'allow', 'hide'], 'SUPERVISOR PRIMARY': ['allow', 'allow', 'hide'] };
  const NOTE_BY_LEAD_ONLY: Table = LEAD_WHO_SEES;
  const NOTE_BY_NO_ONE: Table = {
    ...LEAD_WHO_SEES,
    'STAFF assigned': ['forbid', 'forbid', 'hide'],
    'STAFF PRIMARY': ['forbid', 'forbid', 'hide'],
    SUPERVISOR: ['forbid', 'forbid', 'hide'],
    'SUPERVISOR PRIMARY': ['forbid', 'forbid', 'hide'],
  };
  const note = (category: NoteCategory) => (world: World) => {
    const { viewer, facts } = onCase(world);
    return verdictOf(NOTE_ADD, viewer, { ...facts, category });
  };
  // The lead is child welfare and the partner a shelter: neither writes CLINICAL notes, and only the lead INVESTIGATION ones.
  checkTable('add a GENERAL note', NOTE_BY_WHO_SEES, note(NoteCategory.GENERAL));
  checkTable('add an INVESTIGATION note', NOTE_BY_LEAD_ONLY, note(NoteCategory.INVESTIGATION));
  checkTable('add a CLINICAL note', NOTE_BY_NO_ONE, note(NoteCategory.CLINICAL));

  // Record or revoke consent: lead agency users who see the case.
  checkTable('record consent', LEAD_WHO_SEES, onCasePolicy(CONSENT_RECORD));
  // Reading consents (not a row of the table): the lead's users who see the case; the others read an empty list.
  checkTable('read consents', LEAD_WHO_SEES, onCasePolicy(CONSENT_READ));
  checkTable('revoke consent', LEAD_WHO_SEES, (world) => {
    const { viewer, facts } = onCase(world);
    return verdictOf(CONSENT_REVOKE, viewer, { ...facts, found: true });
  });

  // Break glass: STAFF, SUPERVISOR of law-enforcement, child-welfare or medical agencies in the
  // case's jurisdiction (the lead is child welfare, the outsider law enforcement, the partner a
  // shelter). A refusal does not confirm that the case exists.
  checkTable(
    'break glass',
    {
      STAFF: ['allow', 'hide', 'allow'],
      'STAFF assigned': ['allow', 'hide', 'allow'],
      'STAFF PRIMARY': ['allow', 'hide', 'allow'],
      SUPERVISOR: ['allow', 'hide', 'allow'],
      'SUPERVISOR PRIMARY': ['allow', 'hide', 'allow'],
      AGENCY_ADMIN: ['hide', 'hide', 'hide'],
      AUDITOR: ['hide', 'hide', 'hide'],
      SYSTEM_ADMIN: ['hide', 'hide', 'hide'],
    },
    (world) => verdictOf(CASE_BREAK_GLASS, viewerOf(world), { record: record() }),
  );

  // Locate cases: STAFF, SUPERVISOR of any agency.
  checkTable(
    'locate cases by name and birth date',
    staffAndSupervisorsOnly({
      STAFF: ['allow', 'allow', 'allow'],
      'STAFF assigned': ['allow', 'allow', 'allow'],
      'STAFF PRIMARY': ['allow', 'allow', 'allow'],
      SUPERVISOR: ['allow', 'allow', 'allow'],
      'SUPERVISOR PRIMARY': ['allow', 'allow', 'allow'],
      AGENCY_ADMIN: ['allow', 'allow', 'allow'],
      AUDITOR: ['allow', 'allow', 'allow'],
      SYSTEM_ADMIN: ['allow', 'allow', 'allow'],
    }),
    (world) => verdictOf(CASE_LOCATE, viewerOf(world), undefined),
  );

  // The periodic case review meets the lead's clock: its supervisor or PRIMARY assignee, as for closing.
  checkTable('record a case review', staffAndSupervisorsOnly(LEAD_SUPERVISOR_OR_PRIMARY), onCasePolicy(CASE_REVIEW));
  // A victim report, like the other reports: the lead agency.
  checkTable('record a victim report', staffAndSupervisorsOnly(LEAD_WHO_SEES), onCasePolicy(VICTIM_REPORT_RECORD));

  // The review of a break glass: auditors, and supervisors of the lead or of the agency whose user
  // broke the glass (here the partner's); a supervisor of neither does not learn that the grant exists.
  checkTable(
    'review a break glass',
    {
      STAFF: ['forbid', 'forbid', 'forbid'],
      'STAFF assigned': ['forbid', 'forbid', 'forbid'],
      'STAFF PRIMARY': ['forbid', 'forbid', 'forbid'],
      SUPERVISOR: ['allow', 'allow', 'hide'],
      'SUPERVISOR PRIMARY': ['allow', 'allow', 'hide'],
      AGENCY_ADMIN: ['forbid', 'forbid', 'forbid'],
      AUDITOR: ['allow', 'allow', 'allow'],
      SYSTEM_ADMIN: ['forbid', 'forbid', 'forbid'],
    },
    (world) => verdictOf(BREAK_GLASS_REVIEW, viewerOf(world), { grant: { agencyId: AGENCY.partner, leadAgencyId: AGENCY.lead, userId: 'u-breaker' } }),
  );
});

describe('case policies, by the facts that matter beyond role and agency', () => {
  function note(category: NoteCategory) {
    return (world: World) => {
      const { viewer, facts } = onCase(world);
      return verdictOf(NOTE_ADD, viewer, { ...facts, category });
    };
  }

  // A break-glass grant is read only: it never lets its holder change the case, add notes, set
  // flags or record consent, even where their agency's own standing would (the lead's staff).
  const ACTS: [string, (viewer: Viewer, facts: OnCase) => ReturnType<typeof decide>][] = [
    ['update case fields', (viewer, facts) => decide(CASE_UPDATE, viewer, { ...facts, needs: [DataScope.SUMMARY] })],
    ['set flags', (viewer, facts) => decide(CASE_FLAG, viewer, facts)],
    ['close', (viewer, facts) => decide(CASE_CLOSE, viewer, facts)],
    ['reopen', (viewer, facts) => decide(CASE_REOPEN, viewer, facts)],
    ['assign', (viewer, facts) => decide(CASE_ASSIGN, viewer, facts)],
    ['unassign', (viewer, facts) => decide(CASE_UNASSIGN, viewer, facts)],
    ['add a GENERAL note', (viewer, facts) => decide(NOTE_ADD, viewer, { ...facts, category: NoteCategory.GENERAL })],
    ['record consent', (viewer, facts) => decide(CONSENT_RECORD, viewer, facts)],
    ['revoke consent', (viewer, facts) => decide(CONSENT_REVOKE, viewer, { ...facts, found: true })],
    ['read consents', (viewer, facts) => decide(CONSENT_READ, viewer, facts)],
    ['record a case review', (viewer, facts) => decide(CASE_REVIEW, viewer, facts)],
    ['record a victim report', (viewer, facts) => decide(VICTIM_REPORT_RECORD, viewer, facts)],
  ];

  describe('a break-glass grant only', () => {
    it.each(ACTS.flatMap(([act, decision]) => RELATIONS.map((relation) => [act, relation, decision] as const)))(
      '%s by unassigned staff of the %s agency holding a grant: refused as read only, the case being visible',
      (_act, relation, decision) => {
        const world: World = { kind: 'STAFF', relation, grant: true };
        expect(verdictOf(CASE_READ, viewerOf(world), seen(world).view)).toBe('allow');
        const { viewer, facts } = onCase(world);
        expect(decision(viewer, facts)).toMatchObject({ allowed: false, disclose: 'forbid', reason: 'a break-glass grant is read only' });
      },
    );
  });

  describe('the inbox view of a pending referral', () => {
    // It sees SUMMARY and what the referral shares, and nothing more until it is accepted.
    it.each([
      ['read the case', (world: World) => verdictOf(CASE_READ, viewerOf(world), seen(world).view), 'allow'],
      ['add a GENERAL note', note(NoteCategory.GENERAL), 'forbid'],
      ['assign users', onCasePolicy(CASE_ASSIGN), 'forbid'],
      ['set flags', onCasePolicy(CASE_FLAG), 'forbid'],
    ] as const)('%s, by a supervisor of the outsider agency: %s', (_act, verdict, expected) => {
      expect(verdict({ kind: 'SUPERVISOR', relation: 'outsider', inbox: true })).toBe(expected);
    });
  });

  describe('note categories by the writing agency', () => {
    const cases: [Relation, AgencyType, NoteCategory, Verdict][] = [
      ['lead', AgencyType.CHILD_WELFARE, NoteCategory.GENERAL, 'allow'],
      ['lead', AgencyType.CHILD_WELFARE, NoteCategory.INVESTIGATION, 'allow'],
      ['lead', AgencyType.CHILD_WELFARE, NoteCategory.CLINICAL, 'forbid'],
      ['lead', AgencyType.MEDICAL, NoteCategory.CLINICAL, 'allow'],
      ['partner', AgencyType.LAW_ENFORCEMENT, NoteCategory.INVESTIGATION, 'allow'],
      ['partner', AgencyType.PROSECUTION, NoteCategory.INVESTIGATION, 'allow'],
      ['partner', AgencyType.SHELTER, NoteCategory.INVESTIGATION, 'forbid'],
      ['partner', AgencyType.ADVOCACY, NoteCategory.INVESTIGATION, 'forbid'],
      ['partner', AgencyType.COUNSELING, NoteCategory.CLINICAL, 'allow'],
      ['partner', AgencyType.MEDICAL, NoteCategory.CLINICAL, 'allow'],
      ['partner', AgencyType.LAW_ENFORCEMENT, NoteCategory.CLINICAL, 'forbid'],
      ['partner', AgencyType.SHELTER, NoteCategory.CLINICAL, 'forbid'],
    ];
    it.each(cases)('a supervisor of the %s (%s) adds a %s note: %s', (relation, agencyType, category, expected) => {
      expect(note(category)({ kind: 'SUPERVISOR', relation, agencyType })).toBe(expected);
    });

    it('a GENERAL note by a partner needs the SERVICES scope it is read with', () => {
      expect(note(NoteCategory.GENERAL)({ kind: 'SUPERVISOR', relation: 'partner', partnerScopes: [DataScope.SUMMARY, DataScope.SERVICES] })).toBe('allow');
      expect(note(NoteCategory.GENERAL)({ kind: 'SUPERVISOR', relation: 'partner', partnerScopes: [DataScope.SUMMARY, DataScope.IDENTITY] })).toBe('forbid');
    });
  });

  describe('break glass by agency type and jurisdiction', () => {
    const cases: [AgencyType, string, Verdict][] = [
      [AgencyType.LAW_ENFORCEMENT, J1, 'allow'],
      [AgencyType.CHILD_WELFARE, J1, 'allow'],
      [AgencyType.MEDICAL, J1, 'allow'],
      [AgencyType.SHELTER, J1, 'hide'],
      [AgencyType.COUNSELING, J1, 'hide'],
      [AgencyType.ADVOCACY, J1, 'hide'],
      [AgencyType.PROSECUTION, J1, 'hide'],
      [AgencyType.LAW_ENFORCEMENT, J2, 'hide'],
      [AgencyType.MEDICAL, J2, 'hide'],
    ];
    it.each(cases)('staff of an outsider %s agency of jurisdiction %s: %s', (agencyType, jurisdictionId, expected) => {
      expect(verdictOf(CASE_BREAK_GLASS, viewerOf({ kind: 'STAFF', relation: 'outsider', agencyType, jurisdictionId }), { record: record() })).toBe(expected);
    });

    it('answers a case that does not exist as it answers a refusal', () => {
      expect(verdictOf(CASE_BREAK_GLASS, viewerOf({ kind: 'STAFF', relation: 'outsider' }), { record: null })).toBe('hide');
    });
  });

  describe('PRIMARY, read from the case facts', () => {
    it('is the active PRIMARY assignment of the viewer for their own agency', () => {
      const { viewer, facts } = onCase({ kind: 'STAFF PRIMARY', relation: 'lead' });
      expect(verdictOf(CASE_CLOSE, viewer, facts)).toBe('allow');
      const view = seen({ kind: 'STAFF PRIMARY', relation: 'lead' }).view!;
      const ended = { view: { ...view, facts: { ...view.facts, assignments: view.facts.assignments.map((a) => (a.userId === viewer.userId ? { ...a, active: false } : a)) } } };
      expect(verdictOf(CASE_CLOSE, viewer, ended)).toBe('forbid');
      const elsewhere = { view: { ...view, facts: { ...view.facts, assignments: view.facts.assignments.map((a) => (a.userId === viewer.userId ? { ...a, agencyId: AGENCY.partner } : a)) } } };
      expect(verdictOf(CASE_REVIEW, viewer, elsewhere)).toBe('forbid');
    });
  });

  it('a consent that does not exist answers NOT_FOUND, as a case the viewer does not see', () => {
    const { viewer, facts } = onCase({ kind: 'SUPERVISOR', relation: 'lead' });
    expect(verdictOf(CONSENT_REVOKE, viewer, { view: null, found: false })).toBe('hide');
    expect(verdictOf(CONSENT_REVOKE, viewer, { ...facts, found: true })).toBe('allow');
  });

  it('no one reviews their own break glass, nor a grant that does not exist', () => {
    const supervisor = viewerOf({ kind: 'SUPERVISOR', relation: 'lead' });
    expect(verdictOf(BREAK_GLASS_REVIEW, supervisor, { grant: { agencyId: AGENCY.lead, leadAgencyId: AGENCY.lead, userId: supervisor.userId } })).toBe('forbid');
    expect(verdictOf(BREAK_GLASS_REVIEW, viewerOf({ kind: 'AUDITOR', relation: 'outsider' }), { grant: null })).toBe('hide');
  });

  it('keeps each refusal reason and message as the API has answered them', () => {
    const { viewer, facts } = onCase({ kind: 'STAFF assigned', relation: 'lead' });
    expect(decide(CASE_CLOSE, viewer, facts)).toMatchObject({ disclose: 'forbid', reason: 'only the lead agency supervisor or primary assignee' });
    const partner = onCase({ kind: 'SUPERVISOR', relation: 'partner' });
    expect(decide(CASE_UPDATE, partner.viewer, { ...partner.facts, needs: [DataScope.SUMMARY] })).toMatchObject({ reason: 'only the lead agency updates a case' });
    const grant = onCase({ kind: 'STAFF', relation: 'outsider', grant: true });
    expect(decide(CASE_FLAG, grant.viewer, grant.facts)).toMatchObject({ disclose: 'forbid', reason: 'a break-glass grant is read only' });
    expect(decide(CASE_READ, viewer, null)).toMatchObject({ disclose: 'hide', reason: 'case not visible' });
    expect(decide(CASE_CREATE, { ...viewer, agencyId: null }, undefined)).toMatchObject({ message: 'Only agency staff may open cases', code: 'role' });
  });
});

describe('each case policy names its row of the access policy', () => {
  const table = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'access-policy.md'), 'utf8');
  const section = table.slice(table.indexOf('## Who may do what'));
  const rows = new Set([...section.matchAll(/^\| ([^|]+?) \|/gm)].map((match) => match[1]!));
  const policies = [CASE_CREATE, CASE_UPDATE, CASE_FLAG, CASE_CLOSE, CASE_REOPEN, CASE_ASSIGN, CASE_UNASSIGN, NOTE_ADD, CONSENT_RECORD, CONSENT_REVOKE, CASE_BREAK_GLASS, BREAK_GLASS_REVIEW, CASE_REVIEW, CASE_LOCATE, VICTIM_REPORT_RECORD];
  it.each(policies.map((policy) => [policy.name, policy.row] as const))('%s: "%s"', (_name, row) => {
    expect(rows.has(row!)).toBe(true);
  });
  it('reading a case follows "Who sees a case", not a row of the table', () => {
    expect(CASE_READ.row).toBeNull();
  });
});

// CLINICAL notes: read by the authoring agency's users who see the case through its membership,
// not through a break-glass grant (SUMMARY, IDENTITY, LOCATION) or the inbox view (SUMMARY and what it shares).
describe('seeing a case through the agency membership (what CLINICAL notes need)', () => {
  const asMember = (world: World): boolean | null => {
    const { viewer, view } = seen(world);
    return view ? seesAsMember(viewer, view, NOW) : null;
  };
  const rows: [string, World, boolean | null][] = [
    ["a partner's assigned staff member", { kind: 'STAFF assigned', relation: 'partner' }, true],
    ["a partner's supervisor who also holds a grant", { kind: 'SUPERVISOR', relation: 'partner', grant: true }, true],
    ["the lead's assigned staff member whose agency also has a pending referral", { kind: 'STAFF assigned', relation: 'lead', inbox: true }, true],
    ["a partner's unassigned staff member holding a grant", { kind: 'STAFF', relation: 'partner', grant: true }, false],
    ["the lead's unassigned staff member holding a grant", { kind: 'STAFF', relation: 'lead', grant: true }, false],
    ["an outside agency's staff member holding a grant", { kind: 'STAFF', relation: 'outsider', grant: true }, false],
    ["an outside agency's staff member in the inbox view", { kind: 'STAFF', relation: 'outsider', inbox: true }, false],
    ["an outside agency's supervisor in the inbox view", { kind: 'SUPERVISOR', relation: 'outsider', inbox: true }, false],
    ["a partner's unassigned staff member", { kind: 'STAFF', relation: 'partner' }, null],
  ];
  it.each(rows)('%s', (_who, world, expected) => {
    expect(asMember(world)).toBe(expected);
  });
});

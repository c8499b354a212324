import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { TestApp } from './test-app';

export const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id caseNumber status version } }`;
export const CASE = `query($id: ID!) { case(id: $id) { id caseNumber viewerScopes child { legalName dateOfBirth placement { address } guardianContacts { name } } } }`;
export const CASE_IDS = `query($first: Int, $after: String, $filter: CaseFilterInput) {
  cases(first: $first, after: $after, filter: $filter) { edges { cursor node { id caseNumber } } pageInfo { hasNextPage endCursor } } }`;
export const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id category } }`;
export const NOTES = `query($id: ID!) { case(id: $id) { notes(first: 50) { edges { node { id category body } } } } }`;
export const BREAK_GLASS = `mutation($caseId: ID!, $j: String!) { breakGlass(caseId: $caseId, justification: $j) { id viewerScopes } }`;
export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id scopes } }`;
export const REVOKE_CONSENT = `mutation($id: ID!) { revokeConsent(id: $id) { id revokedAt } }`;

export interface Actor extends WorldUser {
  token: string;
}

/** A new user of the role in the agency (none: null), signed in. */
export async function signedIn(t: TestApp, role: Role, agencyId: string | null): Promise<Actor> {
  const user = await t.world.user(role, agencyId);
  return { ...user, token: await t.signIn(user) };
}

/**
 * The cast of the worked examples of docs/access-policy.md: CW (child welfare, lead), PD (law enforcement),
 * SH (shelter), CO (counseling) in one jurisdiction, PD2 in another; case K led by CW with
 * cw1 as PRIMARY and cw2 unassigned.
 */
export async function policyCast(t: TestApp) {
  const here = await t.world.jurisdiction('Here County');
  const there = await t.world.jurisdiction('There County');
  const agencies = {
    CW: await t.world.agency(AgencyType.CHILD_WELFARE, here.id),
    PD: await t.world.agency(AgencyType.LAW_ENFORCEMENT, here.id),
    SH: await t.world.agency(AgencyType.SHELTER, here.id),
    CO: await t.world.agency(AgencyType.COUNSELING, here.id),
    PD2: await t.world.agency(AgencyType.LAW_ENFORCEMENT, there.id),
  };
  const actor = (role: Role, agencyId: string | null) => signedIn(t, role, agencyId);
  const people = {
    cw1: await actor(Role.STAFF, agencies.CW.id),
    cw2: await actor(Role.STAFF, agencies.CW.id),
    cwSup: await actor(Role.SUPERVISOR, agencies.CW.id),
    cwAdmin: await actor(Role.AGENCY_ADMIN, agencies.CW.id),
    pd1: await actor(Role.STAFF, agencies.PD.id),
    pdSup: await actor(Role.SUPERVISOR, agencies.PD.id),
    sh1: await actor(Role.STAFF, agencies.SH.id),
    sh2: await actor(Role.STAFF, agencies.SH.id),
    shSup: await actor(Role.SUPERVISOR, agencies.SH.id),
    co1: await actor(Role.STAFF, agencies.CO.id),
    coSup: await actor(Role.SUPERVISOR, agencies.CO.id),
    pd2: await actor(Role.STAFF, agencies.PD2.id),
    auditor: await actor(Role.AUDITOR, null),
    sysadmin: await actor(Role.SYSTEM_ADMIN, null),
  };
  const created = await t.gql.ok(CREATE_CASE, {
    input: {
      riskLevel: 'HIGH',
      child: {
        legalName: 'Jordan Avery Example',
        aliases: ['JJ'],
        dateOfBirth: '2011-04-09',
        sex: 'F',
        placement: { kind: 'FOSTER_HOME', address: '12 Hidden Lane', phone: '+1 555 0101' },
        guardianContacts: [{ name: 'Pat Guardian', relationship: 'aunt', phone: '+1 555 0102' }],
      },
    },
  }, people.cw1.token);
  return { agencies, people, K: created.createCase as { id: string; caseNumber: string } };
}

/**
 * Makes an agency a partner of a case directly (what an accepted referral or share does). `true`:
 * each of its IDENTITY, LOCATION and SERVICES scopes rests on consent; a list: those that do.
 */
export async function makePartner(t: TestApp, caseId: string, agencyId: string, scopes: string[], consentRequired: boolean | string[]): Promise<void> {
  const consentScopes = Array.isArray(consentRequired) ? consentRequired : consentRequired ? scopes.filter((scope) => ['IDENTITY', 'LOCATION', 'SERVICES'].includes(scope)) : [];
  await t.db.query(
    `INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'PARTNER', $3, 'SHARE', $4)`,
    [caseId, agencyId, scopes, consentScopes],
  );
}

export async function assignDirectly(t: TestApp, caseId: string, user: WorldUser, role = 'SECONDARY'): Promise<void> {
  await t.db.query(`INSERT INTO assignment (case_id, user_id, agency_id, role) VALUES ($1, $2, $3, $4)`, [caseId, user.id, user.agencyId, role]);
}

import { registerEnumType } from '@nestjs/graphql';
import { sealedText } from '@tandem/crypto';

/** Note bodies and victim report numbers are stored sealed, each bound to its row (`note:<id>:body`). */
export const NOTE_TEXT = sealedText('note', 'note', ['body']);
export const VICTIM_REPORT_TEXT = sealedText('victim_report', 'victim-report', ['report_number']);
export const CASE_SEALED_TEXT = [NOTE_TEXT, VICTIM_REPORT_TEXT];

export enum CaseStatus {
  OPEN = 'OPEN',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
export enum RiskLevel {
  UNKNOWN = 'UNKNOWN',
  LOW = 'LOW',
  ELEVATED = 'ELEVATED',
  HIGH = 'HIGH',
}
export enum CaseFlag {
  MISSING = 'MISSING',
  RECENT_RECOVERY = 'RECENT_RECOVERY',
  TRAFFICKING_VICTIM = 'TRAFFICKING_VICTIM',
  HIGH_RISK_CONTACT = 'HIGH_RISK_CONTACT',
  PREGNANT_OR_PARENTING = 'PREGNANT_OR_PARENTING',
  /** Set by the deadline engine when a statutory missing-child report is overdue. */
  REPORT_OVERDUE = 'REPORT_OVERDUE',
  /** Set when a screening's result passes a threshold its instrument marks positive. */
  SCREENED_POSITIVE = 'SCREENED_POSITIVE',
}

/** Risk levels from lowest to highest: a level is raised only toward the end of this list. */
export const RISK_ORDER: readonly RiskLevel[] = [RiskLevel.UNKNOWN, RiskLevel.LOW, RiskLevel.ELEVATED, RiskLevel.HIGH];

/** The higher of two risk levels. */
export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a;
}
export enum NoteCategory {
  GENERAL = 'GENERAL',
  INVESTIGATION = 'INVESTIGATION',
  CLINICAL = 'CLINICAL',
}
export enum MembershipRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
}
export enum GrantVia {
  CREATED = 'CREATED',
  REFERRAL = 'REFERRAL',
  HANDOFF = 'HANDOFF',
  SHARE = 'SHARE',
  BREAK_GLASS = 'BREAK_GLASS',
  /** Mandated reporting: a missing-child or trafficking-victim report made to a law-enforcement agency. */
  REPORT = 'REPORT',
}
export enum AssignmentRole {
  PRIMARY = 'PRIMARY',
  SECONDARY = 'SECONDARY',
}
export enum ConsentGrantor {
  YOUTH = 'YOUTH',
  GUARDIAN = 'GUARDIAN',
  COURT = 'COURT',
}
for (const [value, name] of [
  [CaseStatus, 'CaseStatus'],
  [RiskLevel, 'RiskLevel'],
  [CaseFlag, 'CaseFlag'],
  [NoteCategory, 'NoteCategory'],
  [MembershipRole, 'MembershipRole'],
  [GrantVia, 'GrantVia'],
  [AssignmentRole, 'AssignmentRole'],
  [ConsentGrantor, 'ConsentGrantor'],
] as const) {
  registerEnumType(value, { name });
}

/** IDENTITY fields of a child, sealed together. */
export interface ChildIdentity {
  legalName: string;
  aliases: string[];
  dateOfBirth: string;
  sex: string | null;
  identifyingMarks: string | null;
}

export interface ContactRecord {
  name: string;
  relationship: string | null;
  phone: string | null;
}

/** LOCATION fields of a child, sealed together: the narrowest scope. */
export interface ChildLocation {
  placement: { kind: string | null; address: string | null; phone: string | null } | null;
  guardianContacts: ContactRecord[];
}

export interface CaseRecord {
  id: string;
  caseNumber: string;
  jurisdictionId: string;
  leadAgencyId: string;
  status: CaseStatus;
  riskLevel: RiskLevel;
  flags: CaseFlag[];
  version: number;
  openedAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
}

export interface NoteRecord {
  id: string;
  caseId: string;
  authorId: string;
  agencyId: string;
  category: NoteCategory;
  body: string;
  correctsId: string | null;
  createdAt: Date;
}

export interface MembershipRecord {
  id: string;
  caseId: string;
  agencyId: string;
  role: MembershipRole;
  scopes: string[];
  grantedVia: GrantVia;
  /** Of `scopes`, those held only while a consent covers them. */
  consentScopes: string[];
  active: boolean;
}

export interface AssignmentRecord {
  id: string;
  caseId: string;
  userId: string;
  agencyId: string;
  role: AssignmentRole;
  active: boolean;
}

export interface ConsentRecord {
  id: string;
  caseId: string;
  grantedBy: ConsentGrantor;
  scopes: string[];
  agencyIds: string[];
  agencyTypes: string[];
  purpose: string;
  effectiveAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

import { registerEnumType } from '@nestjs/graphql';

/** The clocks of docs/design.md's deadline table ("Deadlines and whom they alert"). */
export enum DeadlineKind {
  MISSING_REPORT_LE = 'MISSING_REPORT_LE',
  MISSING_REPORT_NCMEC = 'MISSING_REPORT_NCMEC',
  NCIC_ENTRY = 'NCIC_ENTRY',
  VICTIM_REPORT_LE = 'VICTIM_REPORT_LE',
  REFERRAL_RESPONSE = 'REFERRAL_RESPONSE',
  HANDOFF_RESPONSE = 'HANDOFF_RESPONSE',
  RETURN_INTERVIEW = 'RETURN_INTERVIEW',
  BREAK_GLASS_REVIEW = 'BREAK_GLASS_REVIEW',
  CONSENT_EXPIRY = 'CONSENT_EXPIRY',
  CASE_REVIEW = 'CASE_REVIEW',
  SCREENING_FOLLOW_UP = 'SCREENING_FOLLOW_UP',
  TIP_TRIAGE = 'TIP_TRIAGE',
  BED_HOLD = 'BED_HOLD',
}

export enum DeadlineStatus {
  PENDING = 'PENDING',
  MET = 'MET',
  BREACHED = 'BREACHED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(DeadlineKind, { name: 'DeadlineKind', description: 'What a deadline waits for (docs/design.md, Deadlines and whom they alert)' });
registerEnumType(DeadlineStatus, { name: 'DeadlineStatus' });

export interface DeadlineRecord {
  id: string;
  kind: DeadlineKind;
  /** The case it runs on; null for a clock on something that is no case yet (a tip to triage). */
  caseId: string | null;
  subjectType: string;
  subjectId: string;
  /** The agency that must act before the deadline. */
  agencyId: string;
  startedAt: Date;
  dueAt: Date;
  status: DeadlineStatus;
  /** How many of the kind's stages (reminders, escalations, the due stage) have run. */
  stage: number;
  nextAt: Date | null;
  escalationLevel: number;
  /** Ids the rules need to find recipients (`userId` of a sender or requester); never personal data. */
  data: DeadlineData;
  metAt: Date | null;
  breachedAt: Date | null;
  cancelledAt: Date | null;
}

export interface DeadlineData {
  /** The user to tell when the deadline passes unanswered (a referral's sender, a handoff's requester). */
  notifyUserId?: string;
  /** Their agency, whose supervisors hear when that user is no longer active. */
  notifyAgencyId?: string;
  /** For a clock met by a referral (its rule's `metByReferral`): the service types of the referrals that meet it. */
  serviceTypes?: string[];
  /** What the alerts name when the clock has no case ("Tip TIP-2026-000012"): a reference, never content. */
  subject?: string;
  [key: string]: unknown;
}

export interface StartDeadline {
  kind: DeadlineKind;
  caseId: string | null;
  subjectType: string;
  subjectId: string;
  agencyId: string;
  startedAt: Date;
  /** Defaults to the kind's duration after `startedAt`. */
  dueAt?: Date;
  data?: DeadlineData;
}

export const DEADLINE_COLUMNS = `id, kind, case_id AS "caseId", subject_type AS "subjectType", subject_id AS "subjectId", agency_id AS "agencyId",
  started_at AS "startedAt", due_at AS "dueAt", status, stage, next_at AS "nextAt", escalation_level AS "escalationLevel", data,
  met_at AS "metAt", breached_at AS "breachedAt", cancelled_at AS "cancelledAt"`;

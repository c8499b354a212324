import { registerEnumType } from '@nestjs/graphql';
import { sealedText } from '@tandem/crypto';
import { ConflictError, lifecycleRefusal } from '@tandem/platform';

export enum ServiceType {
  EMERGENCY_SHELTER = 'EMERGENCY_SHELTER',
  HOUSING = 'HOUSING',
  COUNSELING = 'COUNSELING',
  MEDICAL_EXAM = 'MEDICAL_EXAM',
  FORENSIC_INTERVIEW = 'FORENSIC_INTERVIEW',
  LEGAL_ADVOCACY = 'LEGAL_ADVOCACY',
  INVESTIGATION = 'INVESTIGATION',
  CASE_MANAGEMENT = 'CASE_MANAGEMENT',
  EDUCATION = 'EDUCATION',
}
export enum Urgency {
  EMERGENCY = 'EMERGENCY',
  URGENT = 'URGENT',
  ROUTINE = 'ROUTINE',
}
export enum ReferralStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
export enum DeclineReason {
  NO_CAPACITY = 'NO_CAPACITY',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  OUT_OF_AREA = 'OUT_OF_AREA',
  DUPLICATE = 'DUPLICATE',
  OTHER = 'OTHER',
}
export enum HandoffStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
export enum Direction {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
}
for (const [value, name] of [
  [ServiceType, 'ServiceType'],
  [Urgency, 'Urgency'],
  [ReferralStatus, 'ReferralStatus'],
  [DeclineReason, 'DeclineReason'],
  [HandoffStatus, 'HandoffStatus'],
  [Direction, 'Direction'],
] as const) {
  registerEnumType(value, { name });
}

/** Response time by urgency when the sender gives none (docs/design.md, "Lifecycles", Referral). */
export const RESPONSE_HOURS: Record<Urgency, number> = { EMERGENCY: 2, URGENT: 24, ROUTINE: 72 };
export const HANDOFF_RESPONSE_HOURS = 48;

export type ReferralAction = 'accept' | 'decline' | 'withdraw' | 'start' | 'complete' | 'fail';
/** A move of the lifecycle: a user's action, or `expire`, made by a clock (the response clock when a request goes unanswered, the bed-hold clock when a child never arrives). */
export type ReferralMove = ReferralAction | 'expire';

/** The referral lifecycle of docs/design.md ("Lifecycles"): from which states each move may go, and where to. */
export const REFERRAL_TRANSITIONS: Record<ReferralMove, { from: ReferralStatus[]; to: ReferralStatus }> = {
  accept: { from: [ReferralStatus.REQUESTED], to: ReferralStatus.ACCEPTED },
  decline: { from: [ReferralStatus.REQUESTED], to: ReferralStatus.DECLINED },
  withdraw: { from: [ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED], to: ReferralStatus.CANCELLED },
  start: { from: [ReferralStatus.ACCEPTED], to: ReferralStatus.IN_PROGRESS },
  complete: { from: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS], to: ReferralStatus.COMPLETED },
  fail: { from: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS], to: ReferralStatus.FAILED },
  expire: { from: [ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED], to: ReferralStatus.EXPIRED },
};

/**
 * Which clock expires a referral from which state: the response clock a request left unanswered,
 * the bed-hold clock an accepted referral whose child never arrived (never started). Each clock
 * moves the referral only from its own state, so that a clock that fires late never ends a referral
 * that has moved on.
 */
export const REFERRAL_EXPIRY_FROM = { REFERRAL_RESPONSE: ReferralStatus.REQUESTED, BED_HOLD: ReferralStatus.ACCEPTED } as const;

/**
 * What a move does to the bed a shelter referral holds (docs/design.md, "Bed holds and
 * suggestions"): accepting a referral that names a site holds one of its beds; starting it says the
 * child arrived (the bed is occupied, still held); every move to an end state gives it back; a decline
 * for want of capacity marks the site full instead.
 */
export const REFERRAL_BED_EFFECTS: Record<ReferralMove, 'HOLD' | 'ARRIVE' | 'RELEASE' | 'MARK_FULL_IF_NO_CAPACITY' | null> = {
  accept: 'HOLD',
  decline: 'MARK_FULL_IF_NO_CAPACITY',
  withdraw: 'RELEASE',
  start: 'ARRIVE',
  complete: 'RELEASE',
  fail: 'RELEASE',
  expire: 'RELEASE',
};

/** How a refusal names each move: "cannot be withdrawn". */
export const REFERRAL_ACTION_DONE: Record<ReferralMove, string> = {
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
  start: 'started',
  complete: 'completed',
  fail: 'failed',
  expire: 'expired',
};

export type HandoffAction = 'accept' | 'decline' | 'cancel';
export type HandoffMove = HandoffAction | 'expire';
export const HANDOFF_ACTION_DONE: Record<HandoffMove, string> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled', expire: 'expired' };
export const HANDOFF_TRANSITIONS: Record<HandoffMove, { from: HandoffStatus[]; to: HandoffStatus }> = {
  accept: { from: [HandoffStatus.REQUESTED], to: HandoffStatus.ACCEPTED },
  decline: { from: [HandoffStatus.REQUESTED], to: HandoffStatus.DECLINED },
  cancel: { from: [HandoffStatus.REQUESTED], to: HandoffStatus.CANCELLED },
  expire: { from: [HandoffStatus.REQUESTED], to: HandoffStatus.EXPIRED },
};

/** The move of a referral in `status`, as its lifecycle draws it; a move it does not draw is a CONFLICT. */
export function referralTransition(status: ReferralStatus, move: ReferralMove): { from: ReferralStatus[]; to: ReferralStatus } {
  const transition = REFERRAL_TRANSITIONS[move];
  if (!transition.from.includes(status)) throw new ConflictError(lifecycleRefusal('referral', status, REFERRAL_ACTION_DONE[move]));
  return transition;
}

/** The move of a handoff in `status`, as its lifecycle draws it; a move it does not draw is a CONFLICT. */
export function handoffTransition(status: HandoffStatus, move: HandoffMove): { from: HandoffStatus[]; to: HandoffStatus } {
  const transition = HANDOFF_TRANSITIONS[move];
  if (!transition.from.includes(status)) throw new ConflictError(lifecycleRefusal('handoff', status, HANDOFF_ACTION_DONE[move]));
  return transition;
}

export interface ReferralRecord {
  id: string;
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  sentBy: string;
  serviceType: ServiceType;
  urgency: Urgency;
  scopes: string[];
  consentRequired: boolean;
  /** The site (directory service at location) an EMERGENCY_SHELTER referral asks a bed of. */
  serviceAtLocationId: string | null;
  reason: string;
  emergencyJustification: string | null;
  status: ReferralStatus;
  responseDueAt: Date;
  declineReason: DeclineReason | null;
  statusNote: string | null;
  outcome: string | null;
  respondedBy: string | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
}

/** The free text of referrals and handoffs is stored sealed, each value bound to its row and field (`referral:<id>:reason`). */
export const REFERRAL_TEXT = sealedText('referral', 'referral', ['reason', 'emergency_justification', 'status_note', 'outcome']);
export const HANDOFF_TEXT = sealedText('handoff', 'handoff', ['reason', 'status_note']);
export const REFERRAL_SEALED_TEXT = [REFERRAL_TEXT, HANDOFF_TEXT];

export interface HandoffRecord {
  id: string;
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  requestedBy: string;
  reason: string;
  status: HandoffStatus;
  responseDueAt: Date;
  statusNote: string | null;
  respondedBy: string | null;
  respondedAt: Date | null;
  version: number;
  createdAt: Date;
}

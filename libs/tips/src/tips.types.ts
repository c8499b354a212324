import { registerEnumType } from '@nestjs/graphql';
import { sealedText } from '@tandem/crypto';

/** Where a tip stands in its triage (docs/design.md, "Anonymous tips"). */
export enum TipStatus {
  NEW = 'NEW',
  UNDER_REVIEW = 'UNDER_REVIEW',
  LINKED = 'LINKED',
  REFERRED = 'REFERRED',
  NO_ACTION = 'NO_ACTION',
}

/** What a triager does to a tip. */
export enum TipAction {
  /** Takes the tip under review (a new tip, or one referred here from another jurisdiction). */
  REVIEW = 'REVIEW',
  /** Links it to a case the triager sees, or to a case opened from it. */
  LINK = 'LINK',
  /** Sends it to another jurisdiction's law enforcement, whose agencies then triage it. */
  REFER = 'REFER',
  /** Closes it with no action; a reason is required. */
  NO_ACTION = 'NO_ACTION',
}

/** What the tipster reads of their tip: never who works on it or what came of it. */
export enum TipProgress {
  RECEIVED = 'RECEIVED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  CLOSED = 'CLOSED',
}

registerEnumType(TipStatus, { name: 'TipStatus', description: 'NEW -> UNDER_REVIEW -> LINKED | REFERRED | NO_ACTION; a REFERRED tip is reviewed again in its new jurisdiction' });
registerEnumType(TipAction, { name: 'TipAction' });
registerEnumType(TipProgress, { name: 'TipProgress', description: "A tip's coarse status as its tipster reads it" });

/** The triage lifecycle, as data: each action, the statuses it may start from, and where it leads. */
export const TIP_TRANSITIONS: Readonly<Record<TipAction, { from: readonly TipStatus[]; to: TipStatus }>> = {
  [TipAction.REVIEW]: { from: [TipStatus.NEW, TipStatus.REFERRED], to: TipStatus.UNDER_REVIEW },
  [TipAction.LINK]: { from: [TipStatus.UNDER_REVIEW], to: TipStatus.LINKED },
  [TipAction.REFER]: { from: [TipStatus.UNDER_REVIEW], to: TipStatus.REFERRED },
  [TipAction.NO_ACTION]: { from: [TipStatus.UNDER_REVIEW], to: TipStatus.NO_ACTION },
};

/** Where an action leads from a status, or null when the lifecycle does not draw it. */
export function tipTransition(from: TipStatus, action: TipAction): TipStatus | null {
  const move = TIP_TRANSITIONS[action];
  return move.from.includes(from) ? move.to : null;
}

/** The tip waits on a triager: it shows among the open tips and may be another tip's duplicate. */
export const OPEN_TIP_STATUSES: readonly TipStatus[] = [TipStatus.NEW, TipStatus.UNDER_REVIEW];

/**
 * A tip's status as its tipster reads it. A referred tip is reviewed again elsewhere, so it is
 * still under review to them; a linked one is closed: what came of it is investigative detail.
 */
export const TIP_PROGRESS: Readonly<Record<TipStatus, TipProgress>> = {
  [TipStatus.NEW]: TipProgress.RECEIVED,
  [TipStatus.UNDER_REVIEW]: TipProgress.UNDER_REVIEW,
  [TipStatus.REFERRED]: TipProgress.UNDER_REVIEW,
  [TipStatus.LINKED]: TipProgress.CLOSED,
  [TipStatus.NO_ACTION]: TipProgress.CLOSED,
};

const HOUR = 3600_000;

/** How long the agencies of a tip's jurisdiction have to triage it (TIP_TRIAGE). */
export function triageDuration(dangerNow: boolean): number {
  return dangerNow ? HOUR : 24 * HOUR;
}

/** Two tips whose times are this close (or either of which is ongoing) fall in the same window. */
export const DUPLICATE_WINDOW_MS = 24 * HOUR;
/** Two tips whose coordinates are this close (metres) name the same place. */
export const DUPLICATE_DISTANCE_M = 250;

/** What the duplicate rule reads of a tip. */
export interface TipPlaceAndTime {
  jurisdictionId: string;
  placeIndex: Buffer | null;
  latitude: number | null;
  longitude: number | null;
  seenAt: Date | null;
  ongoing: boolean;
}

/** Great-circle distance in metres. */
export function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Same jurisdiction, and the same address or landmark as written (normalised), or coordinates within DUPLICATE_DISTANCE_M. */
export function samePlace(a: TipPlaceAndTime, b: TipPlaceAndTime): boolean {
  if (a.jurisdictionId !== b.jurisdictionId) return false;
  if (a.placeIndex && b.placeIndex && a.placeIndex.equals(b.placeIndex)) return true;
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return false;
  return distanceMetres({ latitude: a.latitude, longitude: a.longitude }, { latitude: b.latitude, longitude: b.longitude }) <= DUPLICATE_DISTANCE_M;
}

/** Either is ongoing, or their times are within DUPLICATE_WINDOW_MS of each other. */
export function sameWindow(a: TipPlaceAndTime, b: TipPlaceAndTime): boolean {
  if (a.ongoing || b.ongoing) return true;
  if (!a.seenAt || !b.seenAt) return false;
  return Math.abs(a.seenAt.getTime() - b.seenAt.getTime()) <= DUPLICATE_WINDOW_MS;
}

/** A tip shown beside another to its triager: same place, same window. */
export function possibleDuplicate(a: TipPlaceAndTime, b: TipPlaceAndTime): boolean {
  return samePlace(a, b) && sameWindow(a, b);
}

/** An address or landmark as the place index reads it: letters and digits of any script, lower case, single spaces. */
export function normalizePlace(place: string): string {
  return place
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The tables whose text is sealed: the tip's report and contact, the triager's note, and each addition. */
export const TIP_TEXT = sealedText('tip', 'tip', ['details', 'contact', 'decision_note']);
export const TIP_ADDITION_TEXT = sealedText('tip_addition', 'tip-addition', ['text', 'contact']);
export const TIP_SEALED_TEXT = [TIP_TEXT, TIP_ADDITION_TEXT];

/** A person the tipster saw: only what they chose to say. */
export interface TipPerson {
  approximateAge: number | null;
  description: string | null;
}

/** What a tip says, sealed as one value. */
export interface TipDetails {
  whatSeen: string;
  place: string | null;
  people: TipPerson[];
  vehicles: string[];
  onlineHandles: string[];
  howKnown: string | null;
}

/** A tip as its repository reads it (sealed values opened). */
export interface TipRecord extends TipPlaceAndTime {
  id: string;
  reference: string;
  referredFromJurisdictionId: string | null;
  status: TipStatus;
  dangerNow: boolean;
  details: TipDetails;
  contact: string | null;
  submittedAt: Date;
  reviewerId: string | null;
  reviewerAgencyId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  linkedCaseId: string | null;
  decisionNote: string | null;
  version: number;
}

export interface TipAdditionRecord {
  id: string;
  tipId: string;
  addedAt: Date;
  text: string;
  contact: string | null;
}

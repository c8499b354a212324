/** What an audit event records (docs/design.md, The audit trail). Actions grow with each domain. */
export const AuditAction = {
  LOGIN_SUCCESS: 'LOGIN_SUCCESS',
  LOGIN_FAILURE: 'LOGIN_FAILURE',
  LOGOUT: 'LOGOUT',
  TOKEN_REFRESH: 'TOKEN_REFRESH',
  TOKEN_REUSE: 'TOKEN_REUSE',
  /** An access token that let no one in (missing, malformed, forged, expired, of an ended session). */
  TOKEN_REFUSED: 'TOKEN_REFUSED',
  PASSWORD_CHANGE: 'PASSWORD_CHANGE',
  /** A user ended one of their sessions, or all but the current one. */
  SESSION_END: 'SESSION_END',
  /** A refresh refused because the session went unused too long; the session ends with it. */
  SESSION_IDLE_LOCK: 'SESSION_IDLE_LOCK',
  ACCESS_DENIED: 'ACCESS_DENIED',
  JURISDICTION_CREATE: 'JURISDICTION_CREATE',
  AGENCY_CREATE: 'AGENCY_CREATE',
  USER_CREATE: 'USER_CREATE',
  USER_DISABLE: 'USER_DISABLE',
  USER_ENABLE: 'USER_ENABLE',
  USER_LIST: 'USER_LIST',
  ADMIN_BOOTSTRAP: 'ADMIN_BOOTSTRAP',
  CASE_CREATE: 'CASE_CREATE',
  CASE_VIEW: 'CASE_VIEW',
  CASE_LIST: 'CASE_LIST',
  CASE_UPDATE: 'CASE_UPDATE',
  NOTE_VIEW: 'NOTE_VIEW',
  NOTE_ADD: 'NOTE_ADD',
  CONSENT_RECORD: 'CONSENT_RECORD',
  CONSENT_REVOKE: 'CONSENT_REVOKE',
  SCOPE_WITHDRAWN: 'SCOPE_WITHDRAWN',
  BREAK_GLASS: 'BREAK_GLASS',
  LOCATE: 'LOCATE',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction] | (string & { readonly __audit?: never });

export type AuditOutcome = 'ALLOWED' | 'DENIED';

/** Who acted: a user (with the agency they acted for), an anonymous caller, or the system itself. */
export type AuditActor =
  | { type: 'USER'; userId: string; agencyId: string | null }
  | { type: 'ANONYMOUS' }
  | { type: 'SYSTEM' };

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  outcome?: AuditOutcome;
  caseId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  scopes?: string[];
  justification?: string | null;
  /** Why it was denied or failed, in words that carry no personal data. */
  reason?: string | null;
  /** Ids and codes only; never names, addresses, note bodies or tokens. */
  details?: Record<string, unknown>;
}

export const actorOf = (viewer: { userId: string; agencyId: string | null }): AuditActor => ({
  type: 'USER',
  userId: viewer.userId,
  agencyId: viewer.agencyId,
});
export const ANONYMOUS: AuditActor = { type: 'ANONYMOUS' };
export const SYSTEM: AuditActor = { type: 'SYSTEM' };

/**
 * Whose events a reader of the trail sees (docs/access-policy.md, "read audit events"): an auditor every
 * event; a supervisor the events of their agency's users and the events on cases their agency
 * currently leads. Every read of the trail takes one, so an unscoped read does not compile.
 */
export type AuditReader = { readonly kind: 'all' } | { readonly kind: 'agency'; readonly agencyId: string };

/** Conditions on events; every one set narrows the answer. `from` and `to` are inclusive. */
export interface AuditEventQuery {
  actorUserId?: string | null;
  actorAgencyId?: string | null;
  caseId?: string | null;
  action?: string | null;
  outcome?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** One user's activity on one day (UTC). */
export interface AuditReportRecord {
  day: string;
  actorUserId: string;
  actorAgencyId: string | null;
  events: number;
  caseViews: number;
  distinctCases: number;
  denied: number;
  breakGlass: number;
}

/** Newest first; the position of an event in that order, for keyset paging. */
export type AuditEventKey = [occurredAt: string, id: string];

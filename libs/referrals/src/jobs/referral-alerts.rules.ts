/**
 * Who hears of a referral or a handoff, and what they read: rules as data, apart from the
 * handler that finds the people and stores the alerts.
 *
 * - A new referral: the receiving agency's staff and supervisors (any of them may answer it).
 * - A new handoff: the receiving agency's supervisors (only they may answer it).
 * - An EMERGENCY referral that shared data without consent: both agencies' supervisors.
 * - Every answer (accepted, started, completed, declined, failed): the sender, or the requester of
 *   a handoff; their agency's supervisors when that person has left.
 * - A withdrawal or cancellation: the sender when someone else did it, and whoever was told of
 *   the request (they need not answer any more).
 * - Expiry: nothing here; the response deadline's due stage already tells the sender.
 *
 * Texts name the case number, the agencies, the service and what is due: never the child, and
 * never the free text typed around the referral (reason, justification, notes, outcome).
 */

export type AlertAudience =
  /** Active staff and supervisors of the receiving agency. */
  | 'RECEIVING_STAFF'
  | 'RECEIVING_SUPERVISORS'
  | 'SENDING_SUPERVISORS'
  /** The referral's sender or the handoff's requester; their agency's supervisors when they left. */
  | 'SENDER'
  /** The receiving agency's people who were told of the request. */
  | 'TOLD_OF_REQUEST';

/** What the alerts say about a referral or a handoff, as it stands when the event is handled. */
export interface AlertSubject {
  type: 'referral' | 'handoff';
  id: string;
  status: string;
  caseId: string;
  caseNumber: string;
  fromAgencyId: string;
  fromAgencyName: string;
  toAgencyId: string;
  toAgencyName: string;
  /** The referral's sender, the handoff's requester. */
  senderId: string;
  /** Referrals only. */
  serviceType: string | null;
  urgency: string | null;
  scopes: string[];
  declineReason: string | null;
  responseDueAt: Date;
}

/** The event being handled: the state it announced, who caused it, and whether it was an emergency share. */
export interface AlertEvent {
  status: string;
  actorId: string | null;
  emergencyShare: boolean;
}

export interface PlannedAlert {
  /** Names the alert in the ledger, after the subject: `referral:<id>:<key>`. */
  key: string;
  kind: string;
  text: string;
  to: AlertAudience[];
}

/** The ledger key naming one alert about a subject; recipients are appended by the notification store. */
export const alertLedgerKey = (subject: Pick<AlertSubject, 'type' | 'id'>, key: string) => `${subject.type}:${subject.id}:${key}`;

/** The keys of the alerts that announced a request, which a withdrawal or cancellation follows up. */
export const REQUEST_KEYS = ['REQUESTED', 'EMERGENCY_SHARE'];

const words = (code: string) => code.toLowerCase().replaceAll('_', ' ');
const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The alerts an event raises, in order: a person in two audiences gets the first alert that names them. */
export function plannedAlerts(subject: AlertSubject, event: AlertEvent): PlannedAlert[] {
  return subject.type === 'referral' ? referralAlerts(subject, event) : handoffAlerts(subject, event);
}

function referralAlerts(r: AlertSubject, event: AlertEvent): PlannedAlert[] {
  const head = `Case ${r.caseNumber}:`;
  const service = words(r.serviceType ?? 'service');
  const yours = `${head} your referral to ${r.toAgencyName} for ${service}`;
  const alerts: PlannedAlert[] = [];
  const kind = `REFERRAL_${event.status}`;
  switch (event.status) {
    case 'REQUESTED':
      if (event.emergencyShare) {
        alerts.push({
          key: 'EMERGENCY_SHARE',
          kind: 'REFERRAL_EMERGENCY_SHARE',
          text:
            `${head} an EMERGENCY referral from ${r.fromAgencyName} to ${r.toAgencyName} for ${service} shared ` +
            `${r.scopes.length ? r.scopes.join(', ') : 'the case'} without consent (justified and audited). An answer is due by ${utc(r.responseDueAt)}.`,
          to: ['SENDING_SUPERVISORS', 'RECEIVING_SUPERVISORS'],
        });
      }
      // Answered or withdrawn before the event was handled: there is nothing left to answer.
      if (r.status === 'REQUESTED') {
        alerts.push({
          key: 'REQUESTED',
          kind,
          text: `${head} new ${r.urgency ? `${r.urgency} ` : ''}referral from ${r.fromAgencyName} for ${service}. An answer is due by ${utc(r.responseDueAt)}.`,
          to: ['RECEIVING_STAFF'],
        });
      }
      return alerts;
    case 'ACCEPTED':
      return [{ key: event.status, kind, text: `${yours} was accepted.`, to: ['SENDER'] }];
    case 'IN_PROGRESS':
      return [{ key: event.status, kind, text: `${yours}: the service has started.`, to: ['SENDER'] }];
    case 'COMPLETED':
      return [{ key: event.status, kind, text: `${yours} was completed.`, to: ['SENDER'] }];
    case 'DECLINED':
      return [{ key: event.status, kind, text: `${yours} was declined${r.declineReason ? ` (${words(r.declineReason)})` : ''}: choose another provider.`, to: ['SENDER'] }];
    case 'FAILED':
      return [{ key: event.status, kind, text: `${yours} failed: the service could not be given.`, to: ['SENDER'] }];
    case 'CANCELLED':
      if (event.actorId !== r.senderId) alerts.push({ key: event.status, kind, text: `${yours} was withdrawn by a colleague.`, to: ['SENDER'] });
      alerts.push({
        key: event.status,
        kind,
        text: `${head} the referral from ${r.fromAgencyName} for ${service} was withdrawn: no answer is needed.`,
        to: ['TOLD_OF_REQUEST'],
      });
      return alerts;
    default:
      // EXPIRED: the deadline's due stage told the sender.
      return [];
  }
}

function handoffAlerts(h: AlertSubject, event: AlertEvent): PlannedAlert[] {
  const head = `Case ${h.caseNumber}:`;
  const kind = `HANDOFF_${event.status}`;
  switch (event.status) {
    case 'REQUESTED':
      if (h.status !== 'REQUESTED') return [];
      return [
        {
          key: event.status,
          kind,
          text: `${head} ${h.fromAgencyName} asks your agency to take the lead of the case. An answer is due by ${utc(h.responseDueAt)}.`,
          to: ['RECEIVING_SUPERVISORS'],
        },
      ];
    case 'ACCEPTED':
      return [{ key: event.status, kind, text: `${head} ${h.toAgencyName} accepted the lead handoff and now leads the case.`, to: ['SENDER'] }];
    case 'DECLINED':
      return [{ key: event.status, kind, text: `${head} ${h.toAgencyName} declined the lead handoff; your agency still leads the case.`, to: ['SENDER'] }];
    case 'CANCELLED': {
      const alerts: PlannedAlert[] = [];
      if (event.actorId !== h.senderId) {
        alerts.push({ key: event.status, kind, text: `${head} your lead handoff to ${h.toAgencyName} was cancelled by a colleague.`, to: ['SENDER'] });
      }
      alerts.push({ key: event.status, kind, text: `${head} ${h.fromAgencyName} cancelled its lead handoff request: no answer is needed.`, to: ['TOLD_OF_REQUEST'] });
      return alerts;
    }
    default:
      return [];
  }
}

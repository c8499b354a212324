import { Injectable, Logger } from '@nestjs/common';
import { UserRecord, UserRepository } from '@tandem/identity';
import { NotificationService, Recipients } from '@tandem/notifications';
import { AppConfig, Clock, Transactions, Tx } from '@tandem/platform';
import { AnomalyRepository } from './anomaly.repository';
import { AnomalyKind, HOUR, MINUTE, slidingWindowHits, utcMinute, windowStartOf } from './anomaly.rules';

/**
 * How far back each scan looks for events that may raise an alert. Scans run every minute; the
 * margin covers a late commit (an event is dated before its transaction commits) and a few missed
 * runs. Counting windows reach further back, by their own length.
 */
export const ANOMALY_LOOKBACK_MS = 70 * MINUTE;
const TEN_MINUTES = 10 * MINUTE;

export interface AnomalyScanReport {
  /** Alerts found in this scan, new or already sent. */
  caseViews: number;
  denials: number;
  breakGlass: number;
  lockedAccounts: number;
  tokenProbing: number;
  /** Notifications this scan created (zero when every alert it found was sent before). */
  notified: number;
}

/** What an alert's text says of the user it is about. */
type WatchedUser = Pick<UserRecord, 'displayName' | 'agencyId'>;

interface PendingAlert {
  kind: AnomalyKind;
  ledgerKey: string;
  /** The user it is about; null for an anonymous caller (told to auditors only). */
  userId: string | null;
  /** Agencies whose supervisors are told; auditors always are. */
  agencyIds: (string | null)[];
  caseId: string | null;
  caseNumber: string | null;
  text: (who: string) => string;
}

/**
 * Reads the recent audit trail for signs of misuse and alerts the acting user's agency supervisors
 * and every auditor, once per alert (the notification ledger keeps a re-run from telling anyone
 * twice):
 * - more than ANOMALY_CASES_PER_HOUR distinct cases viewed by one user within an hour;
 * - ANOMALY_DENIALS_PER_10_MINUTES or more refusals of one user within ten minutes;
 * - every break glass (also to the supervisors of the case's lead agency);
 * - a sign-in or token presented for a locked or disabled account;
 * - ANOMALY_DENIALS_PER_10_MINUTES or more refused access tokens (forged, malformed, of ended
 *   sessions; not merely expired) from one client address within ten minutes: auditors only.
 * Hour and ten-minute counts slide (see `slidingWindowHits`); alerts are named by the UTC hour or
 * ten minutes in which the limit was passed. Alert texts name users and case numbers, never case content.
 */
@Injectable()
export class AnomalyWatch {
  private readonly logger = new Logger('AnomalyWatch');

  constructor(
    private readonly events: AnomalyRepository,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: UserRepository,
  ) {}

  async scan(): Promise<AnomalyScanReport> {
    const now = this.clock.now();
    const from = new Date(now.getTime() - ANOMALY_LOOKBACK_MS);
    const db = this.transactions.manager;
    const caseViews = await this.caseViewAlerts(db, from);
    const denials = await this.denialAlerts(db, from);
    const breakGlass = await this.breakGlassAlerts(db, from);
    const lockedAccounts = await this.lockedAccountAlerts(db, from);
    const tokenProbing = await this.tokenProbingAlerts(db, from);
    const alerts = [...caseViews, ...denials, ...breakGlass, ...lockedAccounts, ...tokenProbing];
    let notified = 0;
    if (alerts.length) {
      const userIds = alerts.map((alert) => alert.userId).filter((id): id is string => id !== null);
      const actors = new Map((await this.users.findByIds(db, [...new Set(userIds)])).map((user): [string, WatchedUser] => [user.id, user]));
      for (const alert of alerts) notified += await this.send(alert, alert.userId ? actors.get(alert.userId) : undefined, now);
    }
    if (notified) this.logger.warn(`anomaly scan: ${notified} notification(s) sent for ${alerts.length} alert(s)`);
    return {
      caseViews: caseViews.length,
      denials: denials.length,
      breakGlass: breakGlass.length,
      lockedAccounts: lockedAccounts.length,
      tokenProbing: tokenProbing.length,
      notified,
    };
  }

  private async caseViewAlerts(db: Tx, from: Date): Promise<PendingAlert[]> {
    const limit = this.config.values.ANOMALY_CASES_PER_HOUR;
    const events = await this.events.caseViewsOfHeavyReaders(db, new Date(from.getTime() - HOUR), limit);
    return slidingWindowHits(events, { windowMs: HOUR, bucketMs: HOUR, atLeast: limit + 1, from }).map((hit) => ({
      kind: AnomalyKind.CASE_VIEWS,
      ledgerKey: `anomaly:CASE_VIEWS:${hit.userId}:${hit.windowStart.toISOString()}`,
      userId: hit.userId,
      agencyIds: [hit.agencyId],
      caseId: null,
      caseNumber: null,
      text: (who) => `Unusual access: ${who} opened ${hit.count} different cases within one hour (limit ${limit}), first passing the limit at ${utcMinute(hit.firstAt)}. Review their case views in the audit trail.`,
    }));
  }

  private async denialAlerts(db: Tx, from: Date): Promise<PendingAlert[]> {
    const limit = this.config.values.ANOMALY_DENIALS_PER_10_MINUTES;
    const events = await this.events.denialsOfFrequentlyRefused(db, new Date(from.getTime() - TEN_MINUTES), limit);
    return slidingWindowHits(events, { windowMs: TEN_MINUTES, bucketMs: TEN_MINUTES, atLeast: limit, from }).map((hit) => ({
      kind: AnomalyKind.DENIALS,
      ledgerKey: `anomaly:DENIALS:${hit.userId}:${hit.windowStart.toISOString()}`,
      userId: hit.userId,
      agencyIds: [hit.agencyId],
      caseId: null,
      caseNumber: null,
      text: (who) => `Unusual access: ${who} was refused ${hit.count} times within ten minutes (alert at ${limit}), first at ${utcMinute(hit.firstAt)}. Review their refusals in the audit trail.`,
    }));
  }

  private async breakGlassAlerts(db: Tx, from: Date): Promise<PendingAlert[]> {
    const rows = await this.events.breakGlass(db, from);
    return rows.map((row) => ({
      kind: AnomalyKind.BREAK_GLASS,
      ledgerKey: `anomaly:BREAK_GLASS:${row.id}`,
      userId: row.userId,
      agencyIds: [row.agencyId, row.leadAgencyId],
      caseId: row.caseId,
      caseNumber: row.caseNumber,
      text: (who) => `Break glass: ${who} took emergency access to case ${row.caseNumber ?? '(unknown)'} at ${utcMinute(row.at)}. Check the justification in the audit trail.`,
    }));
  }

  private async lockedAccountAlerts(db: Tx, from: Date): Promise<PendingAlert[]> {
    const rows = await this.events.refusalsOfLockedOrDisabled(db, from);
    const hours = new Map<string, { userId: string; agencyId: string | null; hour: Date; states: Set<string>; count: number; first: Date }>();
    for (const row of rows) {
      const hour = windowStartOf(row.at, HOUR);
      const id = `${row.userId}|${hour.getTime()}`;
      const entry = hours.get(id) ?? { userId: row.userId, agencyId: null, hour, states: new Set<string>(), count: 0, first: row.at };
      entry.agencyId = row.agencyId ?? entry.agencyId;
      entry.states.add(row.state);
      entry.count += 1;
      hours.set(id, entry);
    }
    return [...hours.values()].map((entry) => {
      const state = [...entry.states].sort().map((value) => value.toLowerCase()).join(' and ');
      return {
        kind: AnomalyKind.LOCKED_ACCOUNT,
        ledgerKey: `anomaly:LOCKED_ACCOUNT:${entry.userId}:${entry.hour.toISOString()}`,
        userId: entry.userId,
        agencyIds: [entry.agencyId],
        caseId: null,
        caseNumber: null,
        text: (who) => `Access attempt on a ${state} account: ${who}, ${entry.count} attempt(s) from ${utcMinute(entry.first)}. Confirm with the account holder and their supervisor.`,
      };
    });
  }

  private async tokenProbingAlerts(db: Tx, from: Date): Promise<PendingAlert[]> {
    const limit = this.config.values.ANOMALY_DENIALS_PER_10_MINUTES;
    const events = await this.events.refusedTokensOfFrequentProbers(db, new Date(from.getTime() - TEN_MINUTES), limit);
    // The windows group by their events' `userId`: here the client address.
    return slidingWindowHits(events, { windowMs: TEN_MINUTES, bucketMs: TEN_MINUTES, atLeast: limit, from }).map((hit) => ({
      kind: AnomalyKind.TOKEN_PROBING,
      ledgerKey: `anomaly:TOKEN_PROBING:${hit.userId}:${hit.windowStart.toISOString()}`,
      userId: null,
      agencyIds: [],
      caseId: null,
      caseNumber: null,
      text: () => `Probing: ${hit.count} refused access tokens from address ${hit.userId} within ten minutes (alert at ${limit}), first at ${utcMinute(hit.firstAt)}. Review the TOKEN_REFUSED events of that address in the audit trail.`,
    }));
  }

  /** Stores one alert for its recipients (never the user it is about); returns how many were told for the first time. */
  private async send(alert: PendingAlert, actor: WatchedUser | undefined, now: Date): Promise<number> {
    const who = actor ? `${actor.displayName} (user ${alert.userId})` : `user ${alert.userId ?? '(anonymous)'}`;
    // The agency the events name; a refused token names none, so the user's own then.
    const named = alert.agencyIds.filter((id): id is string => id !== null);
    const agencies = [...new Set(named.length ? named : actor?.agencyId ? [actor.agencyId] : [])];
    return this.transactions.run(async (tx) => {
      const recipientIds = new Set(await this.recipients.auditors(tx));
      for (const agencyId of agencies) {
        for (const id of await this.recipients.ofAgency(tx, agencyId, ['SUPERVISOR'])) recipientIds.add(id);
      }
      if (alert.userId) recipientIds.delete(alert.userId);
      const created = await this.notifications.notify(tx, {
        ledgerKey: alert.ledgerKey,
        kind: alert.kind,
        caseId: alert.caseId,
        caseNumber: alert.caseNumber,
        text: alert.text(who),
        recipientIds: [...recipientIds],
        createdAt: now,
      });
      return created.length;
    });
  }
}

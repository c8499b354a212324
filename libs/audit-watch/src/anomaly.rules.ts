/** What an anomaly alert is about; the notification's `kind`. */
export const AnomalyKind = {
  CASE_VIEWS: 'ANOMALY_CASE_VIEWS',
  DENIALS: 'ANOMALY_DENIALS',
  BREAK_GLASS: 'ANOMALY_BREAK_GLASS',
  LOCKED_ACCOUNT: 'ANOMALY_LOCKED_ACCOUNT',
  TOKEN_PROBING: 'ANOMALY_TOKEN_PROBING',
} as const;
export type AnomalyKind = (typeof AnomalyKind)[keyof typeof AnomalyKind];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** One audit event as the sliding windows see it: who, when, and what it counts as (a case id, or the event's own id). */
export interface WindowEvent {
  userId: string;
  agencyId: string | null;
  at: Date;
  key: string;
}

/** A user over the limit within one alert window. */
export interface WindowHit {
  userId: string;
  /** The last agency the user acted for in the window's events, if any. */
  agencyId: string | null;
  /** Start of the fixed alert window (UTC-aligned) in which the limit was passed: part of the ledger key. */
  windowStart: Date;
  /** The highest count of the trailing window seen in this alert window. */
  count: number;
  /** When the limit was first passed in this alert window. */
  firstAt: Date;
}

export interface SlidingRule {
  /** Length of the trailing window counted at each event. */
  windowMs: number;
  /** Length of the fixed alert windows: at most one alert per user and alert window. */
  bucketMs: number;
  /** The count (of distinct keys) at or above which an event is a hit. */
  atLeast: number;
  /** Only events at or after this time may be hits; earlier ones only fill the trailing windows. */
  from: Date;
}

/** The start of the fixed, UTC-aligned window of `sizeMs` that holds `at`. */
export function windowStartOf(at: Date, sizeMs: number): Date {
  return new Date(Math.floor(at.getTime() / sizeMs) * sizeMs);
}

/**
 * Slides a trailing window over each user's events and reports the users whose count of distinct
 * keys reached the limit, once per user and fixed alert window.
 *
 * The count is taken at every event over the window that ends there, so a burst that straddles a
 * clock boundary is still seen whole; the alert is named by the fixed window (the hour, the ten
 * minutes) in which the limit was passed, so the same burst gives the same ledger key however often
 * and whenever it is scanned, and a user who stays over the limit is reported again in each new
 * alert window. Events must be sorted by user, then time.
 */
export function slidingWindowHits(events: readonly WindowEvent[], rule: SlidingRule): WindowHit[] {
  const hits = new Map<string, WindowHit>();
  let start = 0;
  let counts = new Map<string, number>();
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    if (i > 0 && events[i - 1]!.userId !== event.userId) {
      start = i;
      counts = new Map();
    }
    counts.set(event.key, (counts.get(event.key) ?? 0) + 1);
    const opensAfter = event.at.getTime() - rule.windowMs;
    while (events[start]!.at.getTime() <= opensAfter) {
      const key = events[start]!.key;
      const left = counts.get(key)! - 1;
      if (left === 0) counts.delete(key);
      else counts.set(key, left);
      start += 1;
    }
    if (counts.size < rule.atLeast || event.at < rule.from) continue;
    const windowStart = windowStartOf(event.at, rule.bucketMs);
    const id = `${event.userId}|${windowStart.getTime()}`;
    const hit = hits.get(id);
    if (!hit) hits.set(id, { userId: event.userId, agencyId: event.agencyId, windowStart, count: counts.size, firstAt: event.at });
    else {
      hit.count = Math.max(hit.count, counts.size);
      hit.agencyId = event.agencyId ?? hit.agencyId;
    }
  }
  return [...hits.values()];
}

/** "2026-03-04 10:42 UTC": alert texts give times to the minute, in UTC. */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

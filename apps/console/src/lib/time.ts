// Time left before a deadline, as a person reads it on a list: "3 h 20 min left", "overdue by 2 h".

/** Milliseconds until `due` (negative once it has passed). */
export function msUntil(due: string | Date, now: Date): number {
  return new Date(due).getTime() - now.getTime();
}

function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** "2 h 5 min left" or "overdue by 40 min". */
export function timeLeft(due: string | Date, now: Date): string {
  const ms = msUntil(due, now);
  return ms >= 0 ? `${span(ms)} left` : `overdue by ${span(-ms)}`;
}

export function isOverdue(due: string | Date, now: Date): boolean {
  return msUntil(due, now) < 0;
}

/** Overdue items first (the longest overdue first), then the soonest due: the order of an inbox. */
export function byUrgency<T extends { responseDueAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(a.responseDueAt) - Date.parse(b.responseDueAt));
}

/** A date and time in the reader's locale and zone, to the minute. */
export function when(value: string | Date): string {
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Queues are partitioned by kind of work, so each can get its own workers. */
export const QueueName = {
  /** Domain events relayed from the outbox; the job name is the topic, the job id the outbox row id. */
  EVENTS: 'events',
  /** Housekeeping: heartbeat. */
  SYSTEM: 'system',
  /** Deadline stages as delayed jobs (job id `dl-<deadline>-<stage>`) and the sweep that backs them up. */
  DEADLINES: 'deadlines',
  /** Outbound delivery of notifications: email and signed agency webhooks, each retried on its own. */
  DELIVERY: 'delivery',
  /** Audit housekeeping: the anomaly scan every minute and the daily creation of monthly partitions. */
  AUDIT: 'audit',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/**
 * Every topic an outbox row may carry. The worker refuses to start unless each has exactly
 * one handler, so an event can never sit in a queue that nobody reads.
 */
export const EventTopic = {
  /** Round trip check of the whole event pipeline (`npm run cli -- queue:ping`). */
  SYSTEM_PING: 'system.ping',
  /** Someone broke the glass on a case: supervisors of both agencies are alerted. */
  BREAK_GLASS: 'case.break-glass',
  /** A referral was sent or moved in its lifecycle: the receiving agency hears of a new one, the sender of each answer. */
  REFERRAL_CHANGED: 'referral.changed',
  /** An EMERGENCY referral was sent that shared data without consent: both agencies' supervisors are alerted, and the receiving agency as for any new referral. */
  REFERRAL_EMERGENCY: 'referral.emergency',
  /** A handoff was requested or moved in its lifecycle: the receiving supervisors hear of a request, the requester of the answer. */
  HANDOFF_CHANGED: 'handoff.changed',
  /** A deadline started, moved to its next stage, or ended: its delayed job is added or removed. */
  DEADLINE_CHANGED: 'deadline.changed',
  /** Notifications were stored: push them to subscribers, email them, and post agency webhooks. */
  NOTIFICATION_CREATED: 'notification.created',
} as const;
export type EventTopic = (typeof EventTopic)[keyof typeof EventTopic];

export const SystemJob = { HEARTBEAT: 'heartbeat' } as const;

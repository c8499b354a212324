import { defineEventTopics, EventTopicName } from './event-topics';

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

/** The platform's own topic; each domain declares its topics in its own lib (see event-topics.ts). */
export const SystemTopic = defineEventTopics('platform', {
  /** Round trip check of the whole event pipeline (`npm run cli -- queue:ping`). */
  PING: 'system.ping',
});

// ----------------------------------------------------------------------------------------------------
// Names that moved to their domains. The cases lib declares `CaseTopic.BREAK_GLASS` (case-topics.ts) and
// the referrals lib `ReferralTopic.CHANGED`, `.EMERGENCY` and `.HANDOFF_CHANGED` (referral-topics.ts);
// those declarations are what the outbox and the event router check. These aliases only keep the last
// callers compiling until they use the domains' names, then this block goes away.
// ----------------------------------------------------------------------------------------------------
/** @deprecated use the domain's own names: `CaseTopic` from the cases lib, `ReferralTopic` from the referrals lib. */
export const EventTopic = {
  BREAK_GLASS: 'case.break-glass' as EventTopicName<'case.break-glass'>,
  REFERRAL_CHANGED: 'referral.changed' as EventTopicName<'referral.changed'>,
  REFERRAL_EMERGENCY: 'referral.emergency' as EventTopicName<'referral.emergency'>,
  HANDOFF_CHANGED: 'handoff.changed' as EventTopicName<'handoff.changed'>,
} as const;
/** @deprecated see `EventTopic`. */
export type EventTopic = (typeof EventTopic)[keyof typeof EventTopic];
// ----------------------------------------------------------------------------------------------------

export const SystemJob = { HEARTBEAT: 'heartbeat' } as const;

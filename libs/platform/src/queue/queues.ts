import { defineEventTopics } from './event-topics';

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
  /** Directory housekeeping: the scan for stale capacity figures, every few minutes. */
  DIRECTORY: 'directory',
  /** Statistics: the quarterly release once its quarter has ended, the episodes' de-identified facts, and the quarters' protected lattices. */
  STATISTICS: 'statistics',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** The platform's own topic; each domain declares its topics in its own lib (see event-topics.ts). */
export const SystemTopic = defineEventTopics('platform', {
  /** Round trip check of the whole event pipeline (`npm run cli -- queue:ping`). */
  PING: 'system.ping',
});

export const SystemJob = { HEARTBEAT: 'heartbeat' } as const;

import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the deadlines lib. */
export const DeadlineTopic = defineEventTopics('deadlines', {
  /** A deadline started, moved to its next stage, or ended: its delayed job is added or removed. */
  CHANGED: 'deadline.changed',
});
export type DeadlineTopic = (typeof DeadlineTopic)[keyof typeof DeadlineTopic];

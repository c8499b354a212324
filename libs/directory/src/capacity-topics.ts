import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the directory's live capacity. Payloads carry ids and counts, never an address. */
export const CapacityTopic = defineEventTopics('directory', {
  /** A site's figure changed (an update, a hold, a release, a decline for want of capacity): announce it to subscribers. */
  CHANGED: 'capacity.changed',
});
export type CapacityTopic = (typeof CapacityTopic)[keyof typeof CapacityTopic];

/** The Redis channel (under the queue prefix) on which the worker announces capacity changes to API processes. */
export const CAPACITY_CHANNEL = 'capacity';

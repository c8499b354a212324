import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the referrals lib (referrals and handoffs). */
export const ReferralTopic = defineEventTopics('referrals', {
  /** A referral was sent or moved in its lifecycle: the receiving agency hears of a new one, the sender of each answer. */
  CHANGED: 'referral.changed',
  /** An EMERGENCY referral was sent that shared data without consent: both agencies' supervisors are alerted, and the receiving agency as for any new referral. */
  EMERGENCY: 'referral.emergency',
  /** A handoff was requested or moved in its lifecycle: the receiving supervisors hear of a request, the requester of the answer. */
  HANDOFF_CHANGED: 'handoff.changed',
});
export type ReferralTopic = (typeof ReferralTopic)[keyof typeof ReferralTopic];

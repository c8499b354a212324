import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the cases lib. */
export const CaseTopic = defineEventTopics('cases', {
  /** Someone broke the glass on a case: a security event, and supervisors of both agencies are alerted. */
  BREAK_GLASS: 'case.break-glass',
});
export type CaseTopic = (typeof CaseTopic)[keyof typeof CaseTopic];

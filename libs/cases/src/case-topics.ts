import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the cases lib. */
export const CaseTopic = defineEventTopics('cases', {
  /** Someone broke the glass on a case: a security event, and supervisors of both agencies are alerted. */
  BREAK_GLASS: 'case.break-glass',
  /** A case's child was recorded or changed (ids only): statistics derives the de-identified facts of its episodes again. */
  CHILD_CHANGED: 'case.child-changed',
});
export type CaseTopic = (typeof CaseTopic)[keyof typeof CaseTopic];

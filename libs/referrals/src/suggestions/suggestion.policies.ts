import { definePolicy, Policy, Role } from '@tandem/authz';
import { CaseSight } from '@tandem/cases';
import { REFERRAL_SEND } from '../referral.policies';

/**
 * Suggesting providers for a case: whoever may send a referral on it (the lead's caseworkers, a
 * partner's while it holds SERVICES), on a case they see and may change. The same rule as sending,
 * before anything is shared.
 */
export const PROVIDER_SUGGEST: Policy<{ view: CaseSight }> = definePolicy<{ view: CaseSight }>({
  name: 'provider.suggest',
  row: 'suggest providers for a case',
  audit: 'PROVIDER_SUGGEST',
  who: [Role.STAFF, Role.SUPERVISOR],
  hides: 'Case',
  rule: (viewer, { view }) => REFERRAL_SEND.rule!(viewer, { view }),
});

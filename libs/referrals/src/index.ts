// Referrals and handoffs between agencies: lifecycles, the consent rule, inboxes.
export * from './graphql/referral.model';
export * from './handoffs.service';
export * from './referral-topics';
export * from './referral.policies';
export * from './referral.repository';
export * from './referrals.module';
export * from './referrals.service';
export * from './referrals.types';
export * from './suggestions/suggestion.policies';

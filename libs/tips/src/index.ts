// Tips: anonymous community reports of suspected trafficking, submitted without an account behind a
// proof of work and a salted rate limit, followed up by code, and triaged by the police of their jurisdiction.
export * from './follow-up-code';
export * from './follow-up-words';
export * from './graphql/tip.model';
export * from './tip-dispatch';
export * from './tip-gate';
export * from './tip-intake.service';
export * from './tip.policies';
export * from './tip.repository';
export * from './tip-triage.service';
export * from './tips.module';
export * from './tips.types';

// Cases: the case record, its child (encrypted at rest), memberships, assignments, notes,
// consents and break glass, behind the access contract of docs/access-policy.md.
export * from './access-grant.repository';
export * from './break-glass.service';
export * from './case-access.service';
export * from './case-consents.service';
export * from './case-events';
export * from './case-journal';
export * from './case-locator.service';
export * from './case-membership.service';
export * from './case-notes.service';
export * from './case-records.service';
export * from './case-reviews.service';
export * from './case-sharing.service';
export * from './case-sight';
export * from './case-topics';
export * from './case.policies';
export * from './case.repository';
export * from './cases.module';
export * from './cases.service';
export * from './cases.types';
export * from './child-records.service';
export * from './consent.repository';
export * from './jobs/break-glass.handler';
export * from './graphql/case.model';
export * from './graphql/case.loaders';
export { pathOf } from './graphql/redaction';
export { ChildInput, CreateCaseInput } from './graphql/case.input';

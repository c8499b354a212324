// Oversight: reading the audit trail (docs/access-policy.md, "read audit events") for supervisors and
// auditors. Apart from @tandem/audit because it builds on identity and cases, which write to it.
export * from './audit-csv';
export * from './audit-event.policies';
export * from './graphql/audit-event.input';
export * from './graphql/audit-event.model';
export * from './oversight.module';
export * from './oversight.service';

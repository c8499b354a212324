// The audit trail: one append-only record of who did or tried what, written in the
// transaction of the act it records.
export * from './audit-chain';
export * from './audit-queries.module';
export * from './audit-query.service';
export * from './audit-verifier';
export * from './audit.module';
export * from './audit.repository';
export * from './audit.service';
export * from './audit.types';
export * from './read-audit';
export * from './refusals';

// Watching the audit trail: anomaly alerts from recent events, monthly partitions kept ahead,
// and retention (export, anchor and drop months past AUDIT_RETENTION_YEARS) for the CLI.
export * from './anomaly-watch.service';
export * from './anomaly.rules';
export * from './audit-partitions.service';
export * from './audit-retention';
export * from './audit-watch.module';
export * from './csv';
export * from './jobs/audit-watch.processor';

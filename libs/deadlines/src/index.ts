// Deadlines: the clocks of docs/design.md's table ("Deadlines and whom they alert"), started and met in the transactions of the acts
// they follow, run by delayed jobs and a sweep, with PostgreSQL as the truth.
export * from './deadline-alerts';
export * from './deadline-effect';
export * from './deadline-topics';
export * from './deadline.engine';
export * from './deadline.policies';
export * from './deadline.rules';
export * from './deadline.service';
export * from './deadline.types';
export * from './deadlines.module';
export * from './graphql/deadline.model';
export * from './jobs/deadlines.processor';

// Missing-child episodes: reports, NCIC entry, return and return interview, each with its clock.
export * from './graphql/missing.model';
export * from './missing-reports.service';
export * from './missing.module';
export * from './missing.policies';
export * from './missing.service';
export * from './missing.types';

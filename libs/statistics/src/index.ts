// De-identified statistics: measures as data, disclosure control that holds against arithmetic,
// frozen releases for the public, and the sourced public figures advocates quote beside them.
export * from './jobs/statistics.processor';
export * from './reference-figures';
export * from './statistics-releases.service';
export * from './statistics-table';
export * from './statistics.measures';
export * from './statistics.module';
export * from './statistics.policies';
export * from './statistics.repository';
export * from './statistics.service';
export * from './suppression';

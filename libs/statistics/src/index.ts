// De-identified statistics: measures as data, disclosure control that holds against arithmetic,
// frozen releases for the public, and the sourced public figures advocates quote beside them.
export * from './episode-facts';
export * from './episode-facts.repository';
export * from './episode-facts.service';
export * from './jobs/child-changed.handler';
export * from './jobs/statistics.processor';
export * from './reference-figures';
export * from './statistics-lattice';
export * from './statistics-lattices.service';
export * from './statistics-releases.service';
export * from './statistics-table';
export * from './statistics.measures';
export * from './statistics.module';
export * from './statistics.policies';
export * from './statistics.repository';
export * from './statistics.service';
export * from './suppression';

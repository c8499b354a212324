// Screening instruments as versioned data, and the screenings of a child scored with them: what a
// result does to the case (risk level, flag, alerts, the follow-up clock) and who reads the answers.
export * from './graphql/screening.model';
export * from './instrument-definition';
export * from './scoring';
export * from './screening-instruments.service';
export * from './screening.module';
export * from './screening.policies';
export * from './screening.service';
export * from './screening.types';

// De-identified statistics: measures as data, disclosure control that holds against arithmetic,
// frozen releases for the public, and the sourced public figures advocates quote beside them.
export * from './suppression';

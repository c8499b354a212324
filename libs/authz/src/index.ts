// Authorization: roles, agency types, scopes, the viewer, the access declarations every
// operation carries, and the CASL rules of docs/access-policy.md with their SQL form.
export * from './access.decorators';
export * from './case-ability';
export * from './case-facts';
export * from './case-sql';
export * from './policy';
export * from './scopes';
export * from './viewer';
export * from './vocabulary';

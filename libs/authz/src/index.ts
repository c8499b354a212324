// Authorization vocabulary and decisions: roles, agency types, the viewer, the access
// declarations every operation carries, and (with cases) the CASL ability and its SQL form.
export * from './access.decorators';
export * from './viewer';
export * from './vocabulary';

// The resource directory (Open Referral HSDS): organizations, services, sites, schedules, capacity and bed holds.
export * from './directory-editor.service';
export * from './directory-reader.service';
export * from './directory-search';
export * from './directory.module';
export * from './directory.policies';
export * from './directory.records';
export * from './directory.repository';
export * from './directory.types';
export * from './graphql/directory.model';
export * from './import/directory-import.module';
export * from './import/directory-import.service';
export * from './import/hsds-tables';
export * from './import/hsds-validate';

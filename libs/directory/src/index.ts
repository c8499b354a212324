// The resource directory (Open Referral HSDS): organizations, services, sites, schedules, capacity and bed holds.
export * from './directory.module';
export * from './directory.types';

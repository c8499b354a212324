// Identity: jurisdictions, agencies and user accounts, their administration, and password hashing.
export * from './account-effects';
export * from './account-email';
export * from './account.policies';
export * from './agency.policies';
export * from './agency.repository';
export * from './bootstrap-admin.service';
export * from './graphql/identity.loaders';
export * from './graphql/identity.model';
export * from './identity.module';
export * from './identity.service';
export * from './identity.types';
export * from './jurisdiction.policies';
export * from './jurisdiction.repository';
export * from './password-rules';
export * from './password.hasher';
export * from './user.policies';
export * from './user.repository';

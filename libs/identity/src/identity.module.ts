import { Module } from '@nestjs/common';
import { AccountEffects } from './account-effects';
import { AgencyCache } from './agency-cache';
import { AgencyRepository } from './agency.repository';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { IdentityService } from './identity.service';
import { IdentityLoaders } from './graphql/identity.loaders';
import { AgencyResolver, JurisdictionResolver, StaffMemberResolver, UserResolver } from './graphql/identity.resolver';
import { JurisdictionRepository } from './jurisdiction.repository';
import { PasswordHasher } from './password.hasher';
import { UserRepository } from './user.repository';

const SHARED = [AccountEffects, AgencyCache, AgencyRepository, JurisdictionRepository, UserRepository, PasswordHasher, IdentityService, BootstrapAdminService, IdentityLoaders];

/** Identity without GraphQL, for the worker and the CLI. */
@Module({ providers: SHARED, exports: SHARED })
export class IdentityCoreModule {}

/** Identity with its GraphQL resolvers, for the API. */
@Module({
  imports: [IdentityCoreModule],
  providers: [JurisdictionResolver, AgencyResolver, UserResolver, StaffMemberResolver],
  exports: [IdentityCoreModule],
})
export class IdentityModule {}

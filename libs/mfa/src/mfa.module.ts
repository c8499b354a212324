import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@tandem/identity';
import { MfaAdministrationService } from './mfa-administration.service';
import { MfaCodes } from './mfa-codes';
import { MfaEnrollmentService } from './mfa-enrollment.service';
import { MfaGate } from './mfa-gate';
import { MfaRepository } from './mfa.repository';
import { MfaResolver } from './graphql/mfa.resolver';

const SHARED = [MfaRepository, MfaCodes, MfaGate, MfaEnrollmentService, MfaAdministrationService];

/** Second factors without GraphQL: for the sign-in (auth) and the CLI. */
@Module({ imports: [IdentityCoreModule], providers: SHARED, exports: SHARED })
export class MfaCoreModule {}

/** Second factors with their GraphQL operations, for the API. */
@Module({ imports: [MfaCoreModule], providers: [MfaResolver], exports: [MfaCoreModule] })
export class MfaModule {}

import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';

@Global()
@Module({ providers: [AuditService, AuditVerifier, AuditRepository], exports: [AuditService, AuditVerifier] })
export class AuditModule {}

import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';

@Global()
@Module({ providers: [AuditService, AuditVerifier], exports: [AuditService, AuditVerifier] })
export class AuditModule {}

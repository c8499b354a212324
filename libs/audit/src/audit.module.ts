import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { RefusalInterceptor, RefusalLog } from './refusals';

@Global()
@Module({ providers: [AuditService, AuditVerifier, AuditRepository, RefusalLog, RefusalInterceptor], exports: [AuditService, AuditVerifier, RefusalLog, RefusalInterceptor] })
export class AuditModule {}

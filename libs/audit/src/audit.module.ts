import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { RefusalFilter, RefusalLog } from './refusals';

@Global()
@Module({ providers: [AuditService, AuditVerifier, AuditRepository, RefusalLog, RefusalFilter], exports: [AuditService, AuditVerifier, RefusalLog, RefusalFilter] })
export class AuditModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '@tandem/audit';
import { IdentityCoreModule } from '@tandem/identity';
import { DirectoryImportRepository } from './directory-import.repository';
import { DirectoryImportService } from './directory-import.service';

/** Import and export of the directory, for the CLI (system administrators) and the demo data set. */
@Module({
  imports: [AuditModule, IdentityCoreModule],
  providers: [DirectoryImportRepository, DirectoryImportService],
  exports: [DirectoryImportService],
})
export class DirectoryImportModule {}

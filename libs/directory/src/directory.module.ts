import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@tandem/identity';
import { DirectoryEditor } from './directory-editor.service';
import { DirectoryReader } from './directory-reader.service';
import { DirectoryRepository } from './directory.repository';
import { DirectoryLoaders } from './graphql/directory.loaders';
import { DirectoryImportModule } from './import/directory-import.module';
import { DirectoryImportResolver } from './import/directory-import.resolver';
import {
  DirectoryLocationResolver,
  DirectoryMutationResolver,
  DirectoryOrganizationResolver,
  DirectoryServiceResolver,
  ResourceResolver,
} from './graphql/directory.resolver';

/** The resource directory without GraphQL (worker, CLI, other libs and tests). */
@Module({
  providers: [DirectoryRepository, DirectoryEditor],
  exports: [DirectoryRepository, DirectoryEditor],
})
export class DirectoryCoreModule {}

/** The resource directory with its GraphQL queries and mutations, for the API. */
@Module({
  imports: [DirectoryCoreModule, IdentityCoreModule, DirectoryImportModule],
  providers: [DirectoryReader, DirectoryLoaders, ResourceResolver, DirectoryServiceResolver, DirectoryLocationResolver, DirectoryOrganizationResolver, DirectoryMutationResolver, DirectoryImportResolver],
})
export class DirectoryModule {}

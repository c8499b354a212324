import { Module } from '@nestjs/common';

/** The resource directory without GraphQL (worker, CLI, other libs and tests). */
@Module({})
export class DirectoryCoreModule {}

/** The resource directory with its GraphQL queries and mutations, for the API. */
@Module({ imports: [DirectoryCoreModule] })
export class DirectoryModule {}

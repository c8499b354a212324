import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityCoreModule } from '@tandem/identity';
import { formatContentProblem } from './education-content';
import { EducationLoader } from './education-loader.service';
import { EducationPublisher } from './education-publisher.service';
import { EducationReader } from './education-reader.service';
import { EducationRepository } from './education.repository';
import { EducationResolver } from './graphql/education.resolver';

/** Warning-signs education without GraphQL (the CLI's loader, the demo, tests). */
@Module({
  imports: [IdentityCoreModule],
  providers: [EducationRepository, EducationLoader, EducationPublisher],
  exports: [EducationRepository, EducationLoader, EducationPublisher],
})
export class EducationCoreModule {}

/** Puts the content Tandem ships in place when the API starts: a load that finds it there changes nothing. */
@Injectable()
export class ShippedContentStartup implements OnApplicationBootstrap {
  constructor(private readonly loader: EducationLoader) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.loader.loadShipped();
    if (!outcome.ok) throw new Error(`The shipped education content is refused:\n${outcome.problems.map(formatContentProblem).join('\n')}`);
  }
}

/** Warning-signs education with its GraphQL queries and mutations, for the API. */
@Module({
  imports: [EducationCoreModule, IdentityCoreModule],
  providers: [EducationReader, EducationResolver, ShippedContentStartup],
})
export class EducationModule {}

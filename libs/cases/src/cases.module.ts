import { Module } from '@nestjs/common';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { CaseReviewsService, ConsentExpiry } from './case-reviews.service';
import { CaseReviewsResolver } from './graphql/case-reviews.resolver';
import { CaseAccess } from './case-access.service';
import { CaseEventRepository } from './case-event.repository';
import { CaseEvents } from './case-events';
import { CaseMembership } from './case-membership.service';
import { CaseRepository } from './case.repository';
import { CaseSharing } from './case-sharing.service';
import { CasesService } from './cases.service';
import { MembershipRepository } from './membership.repository';
import { CaseLoaders } from './graphql/case.loaders';
import { AssignmentResolver, CaseResolver, MembershipResolver, NoteResolver, TimelineResolver } from './graphql/case.resolver';
import { BreakGlassHandler } from './jobs/break-glass.handler';

const CORE = [CaseRepository, CaseEventRepository, CaseAccess, CasesService, CaseEvents, CaseReviewsService, CaseSharing, MembershipRepository, CaseMembership];

/** Cases without GraphQL: the worker's handlers and the CLI. */
@Module({
  imports: [IdentityCoreModule, DeadlinesCoreModule, NotificationsCoreModule],
  providers: [...CORE, BreakGlassHandler, ConsentExpiry],
  exports: [...CORE, BreakGlassHandler],
})
export class CasesCoreModule {}

/** Cases with their GraphQL resolvers, for the API. */
@Module({
  imports: [CasesCoreModule, IdentityCoreModule],
  providers: [CaseLoaders, CaseResolver, MembershipResolver, AssignmentResolver, NoteResolver, TimelineResolver, CaseReviewsResolver],
  exports: [CaseLoaders],
})
export class CasesModule {}

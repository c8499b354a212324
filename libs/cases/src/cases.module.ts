import { Module } from '@nestjs/common';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { AccessGrantRepository } from './access-grant.repository';
import { BreakGlassFollowUp } from './break-glass-follow-up.service';
import { BreakGlassService } from './break-glass.service';
import { CaseAccess } from './case-access.service';
import { CaseConsentsService, ConsentExpiry } from './case-consents.service';
import { CaseEventRepository } from './case-event.repository';
import { CaseEvents } from './case-events';
import { CaseJournal } from './case-journal';
import { CaseLocator } from './case-locator.service';
import { CaseMembership } from './case-membership.service';
import { CaseNotesService } from './case-notes.service';
import { CaseRecordsService } from './case-records.service';
import { CaseRepository } from './case.repository';
import { CaseReviewsService } from './case-reviews.service';
import { CaseSharing } from './case-sharing.service';
import { CasesService } from './cases.service';
import { ChildRecords } from './child-records.service';
import { ChildRepository } from './child.repository';
import { ConsentRepository } from './consent.repository';
import { CaseChangesResolver } from './graphql/case-changes.resolver';
import { CaseConsentsResolver } from './graphql/case-consents.resolver';
import { CaseNotesResolver } from './graphql/case-notes.resolver';
import { CaseReviewsResolver } from './graphql/case-reviews.resolver';
import { CaseLoaders } from './graphql/case.loaders';
import { AssignmentResolver, CaseResolver, MembershipResolver, NoteResolver, TimelineResolver } from './graphql/case.resolver';
import { BreakGlassHandler } from './jobs/break-glass.handler';
import { MembershipRepository } from './membership.repository';
import { NoteRepository } from './note.repository';
import { VictimReportRepository } from './victim-report.repository';

const REPOSITORIES = [CaseRepository, CaseEventRepository, MembershipRepository, ChildRepository, NoteRepository, ConsentRepository, AccessGrantRepository, VictimReportRepository];
const CORE = [
  ...REPOSITORIES,
  CaseAccess,
  CaseEvents,
  CaseJournal,
  CaseSharing,
  CasesService,
  CaseMembership,
  CaseRecordsService,
  ChildRecords,
  CaseNotesService,
  CaseConsentsService,
  BreakGlassService,
  BreakGlassFollowUp,
  CaseLocator,
  CaseReviewsService,
];

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
  providers: [
    CaseLoaders,
    CaseResolver,
    CaseChangesResolver,
    CaseNotesResolver,
    CaseConsentsResolver,
    MembershipResolver,
    AssignmentResolver,
    NoteResolver,
    TimelineResolver,
    CaseReviewsResolver,
  ],
  exports: [CaseLoaders],
})
export class CasesModule {}

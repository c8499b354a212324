import { Args, Field, ID, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { BadInputError, ParseIdPipe, Trim } from '@tandem/platform';
import { IsDate, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { BreakGlassService } from '../break-glass.service';
import { BREAK_GLASS_REVIEW, CASE_REVIEW, VICTIM_REPORT_RECORD } from '../case.policies';
import { CaseReviewsService } from '../case-reviews.service';

@ObjectType()
export class CaseReviewResult {
  @Field(() => ID) caseId!: string;
  @Field({ description: 'When the next 30-day review is due' }) nextReviewDueAt!: Date;
}

@ObjectType()
export class VictimReport {
  @Field(() => ID) id!: string;
  @Field() reportedAt!: Date;
  @Field() reportNumber!: string;
  @Field(() => ID, { nullable: true, description: 'The law-enforcement agency the report was made to, when it is on Tandem' }) receivingAgencyId!: string | null;
}

@ObjectType()
export class BreakGlassReview {
  @Field(() => ID) grantId!: string;
  @Field() reviewedAt!: Date;
}

@InputType()
export class RecordVictimReportInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field() @IsDate() reportedAt!: Date;
  @Field({ description: 'The law-enforcement report number' }) @Trim() @Length(1, 100) @Matches(/^[\w ./#-]+$/, { message: 'must be letters, digits, spaces or ./#-' }) reportNumber!: string;
  @Field(() => ID, { nullable: true, description: 'The law-enforcement agency on Tandem the report was made to: it becomes a partner of the case (mandated reporting)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  receivingAgencyId?: string | null;
}

/** Acts that meet the lead agency's clocks (docs/design.md, Deadlines and whom they alert). */
@Resolver()
export class CaseReviewsResolver {
  constructor(
    private readonly service: CaseReviewsService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  @Mutation(() => CaseReviewResult, { description: 'Records the periodic review of an ACTIVE case; the next one falls due in 30 days' })
  @Allow(CASE_REVIEW)
  async recordCaseReview(@CurrentViewer() viewer: Viewer, @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string): Promise<CaseReviewResult> {
    const next = await this.service.recordCaseReview(viewer, caseId);
    return { caseId, nextReviewDueAt: next.dueAt };
  }

  @Mutation(() => VictimReport, { description: 'Records the report to law enforcement of a child identified as a trafficking victim (due within 24 hours)' })
  @Allow(VICTIM_REPORT_RECORD)
  recordVictimReport(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordVictimReportInput): Promise<VictimReport> {
    return this.service.recordVictimReport(viewer, { ...input, caseId: input.caseId.toLowerCase(), receivingAgencyId: input.receivingAgencyId?.toLowerCase() ?? null });
  }

  @Mutation(() => BreakGlassReview, { description: 'Reviews a break-glass access (auditors; supervisors of the agencies involved); due within 72 hours' })
  @Allow(BREAK_GLASS_REVIEW)
  async reviewBreakGlass(
    @CurrentViewer() viewer: Viewer,
    @Args('grantId', { type: () => ID }, new ParseIdPipe('grantId')) grantId: string,
    @Args('finding') finding: string,
  ): Promise<BreakGlassReview> {
    const text = finding.trim();
    if (text.length < 10 || text.length > 2000) throw BadInputError.field('finding', 'must be 10 to 2000 characters');
    const review = await this.breakGlass.reviewBreakGlass(viewer, grantId, text);
    return { grantId: review.id, reviewedAt: review.reviewedAt };
  }
}

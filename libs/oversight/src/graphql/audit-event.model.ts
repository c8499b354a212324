import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Agency, User } from '@tandem/identity';
import { ConnectionType } from '@tandem/platform';

export enum AuditActorType {
  USER = 'USER',
  ANONYMOUS = 'ANONYMOUS',
  SYSTEM = 'SYSTEM',
}

export enum AuditOutcome {
  ALLOWED = 'ALLOWED',
  DENIED = 'DENIED',
}

registerEnumType(AuditActorType, { name: 'AuditActorType', description: 'Who acted: a signed-in user, an anonymous caller, or Tandem itself' });
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

@ObjectType({ description: 'One entry of the append-only audit trail (docs/design.md, The audit trail)' })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field() occurredAt!: Date;
  @Field(() => AuditActorType) actorType!: AuditActorType;
  @Field(() => ID, { nullable: true }) actorUserId!: string | null;
  @Field(() => User, { nullable: true }) actorUser!: User | null;
  @Field(() => ID, { nullable: true, description: 'The agency the user acted for at the time' }) actorAgencyId!: string | null;
  @Field(() => Agency, { nullable: true }) actorAgency!: Agency | null;
  @Field({ description: 'What was done or tried: CASE_VIEW, NOTE_ADD, BREAK_GLASS, ACCESS_DENIED, AUDIT_VIEW, ...' }) action!: string;
  @Field(() => AuditOutcome) outcome!: AuditOutcome;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true }) subjectType!: string | null;
  @Field(() => String, { nullable: true }) subjectId!: string | null;
  @Field(() => [String], { description: 'The data scopes disclosed' }) scopes!: string[];
  @Field(() => String, { nullable: true }) justification!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was refused or failed' }) reason!: string | null;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => String, { nullable: true }) clientAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field({ description: 'JSON object of ids and codes' }) details!: string;
  @Field({ description: 'The hash chain the event is linked into (one per agency)' }) chainKey!: string;
  @Field(() => Int, { nullable: true, description: 'Its place in that chain; null for events older than the chain' }) chainSeq!: number | null;
}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEvent) {}

@ObjectType({ description: "One user's audited activity on one day (UTC)" })
export class AuditReportRow {
  @Field({ description: 'YYYY-MM-DD, UTC' }) day!: string;
  @Field(() => ID) actorUserId!: string;
  @Field(() => User, { nullable: true }) actorUser!: User | null;
  @Field(() => ID, { nullable: true }) actorAgencyId!: string | null;
  @Field(() => Agency, { nullable: true, description: 'The agency the user acted for' }) actorAgency!: Agency | null;
  @Field(() => Int, { description: 'Every event of the user that day' }) events!: number;
  @Field(() => Int, { description: 'CASE_VIEW events' }) caseViews!: number;
  @Field(() => Int, { description: 'Distinct cases the events were about' }) distinctCases!: number;
  @Field(() => Int, { description: 'Events with outcome DENIED' }) denied!: number;
  @Field(() => Int, { description: 'Break-glass grants taken' }) breakGlass!: number;
}

@ObjectType({ description: 'Audit events as a CSV file' })
export class AuditExport {
  @Field() filename!: string;
  @Field() contentType!: string;
  @Field(() => Int) rowCount!: number;
  @Field({ description: 'RFC 4180 text with a header line; cells a spreadsheet would run as formulas start with a single quote' }) csv!: string;
}

export enum AuditChainProblemKind {
  ALTERED = 'ALTERED',
  BROKEN_LINK = 'BROKEN_LINK',
  GAP = 'GAP',
  REORDERED = 'REORDERED',
  DUPLICATE = 'DUPLICATE',
  UNCHAINED = 'UNCHAINED',
  TRUNCATED = 'TRUNCATED',
  FORGED_APPEND = 'FORGED_APPEND',
  HEAD_MISMATCH = 'HEAD_MISMATCH',
}

registerEnumType(AuditChainProblemKind, { name: 'AuditChainProblemKind', description: 'How a hash chain of the audit trail is broken' });

@ObjectType({ description: 'The first broken link of one hash chain' })
export class AuditChainProblem {
  @Field({ description: 'The chain (one per agency)' }) chainKey!: string;
  @Field(() => AuditChainProblemKind) kind!: AuditChainProblemKind;
  @Field(() => Int, { nullable: true, description: 'The place in the chain where it first breaks' }) seq!: number | null;
  @Field(() => ID, { nullable: true }) eventId!: string | null;
  @Field({ description: 'What is wrong, in words: places and ids, never the content of an event' }) message!: string;
}

@ObjectType({ description: "A recomputation of every hash chain of the audit trail, as audit:verify does it" })
export class AuditChainVerification {
  @Field({ description: 'When it was checked' }) checkedAt!: Date;
  @Field(() => Int) chains!: number;
  @Field(() => Int, { description: 'Events checked' }) events!: number;
  @Field(() => Int, { description: 'Events from before chaining, which no chain covers' }) legacyEvents!: number;
  @Field(() => Int) elapsedMs!: number;
  @Field({ description: 'Every chain is intact' }) intact!: boolean;
  @Field(() => [AuditChainProblem], { description: 'The first broken link of each broken chain' }) problems!: AuditChainProblem[];
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgencyType, DataScope } from '@tandem/authz';
import { Agency, User } from '@tandem/identity';
import { ConnectionType } from '@tandem/platform';
import { AssignmentRole, CaseFlag, CaseStatus, ConsentGrantor, GrantVia, MembershipRole, NoteCategory, RiskLevel } from '../cases.types';

@ObjectType()
export class Placement {
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType()
export class Contact {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) relationship!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType({ description: 'The child a case is about. IDENTITY and LOCATION fields are null when outside your scopes (see extensions.redacted).' })
export class Child {
  @Field(() => String, { nullable: true }) legalName!: string | null;
  @Field(() => [String], { nullable: true }) aliases!: string[] | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dateOfBirth!: string | null;
  @Field(() => String, { nullable: true }) sex!: string | null;
  @Field(() => String, { nullable: true }) identifyingMarks!: string | null;
  @Field(() => Placement, { nullable: true }) placement!: Placement | null;
  @Field(() => [Contact], { nullable: true }) guardianContacts!: Contact[] | null;
}

@ObjectType()
export class Membership {
  @Field(() => Agency) agency!: Agency;
  @Field(() => MembershipRole) role!: MembershipRole;
  @Field(() => [DataScope]) scopes!: DataScope[];
  @Field(() => GrantVia) grantedVia!: GrantVia;
  @Field() active!: boolean;
  agencyId!: string;
}

@ObjectType()
export class Assignment {
  @Field(() => User) user!: User;
  @Field(() => AssignmentRole) role!: AssignmentRole;
  userId!: string;
}

@ObjectType()
export class Note {
  @Field(() => ID) id!: string;
  @Field(() => NoteCategory) category!: NoteCategory;
  @Field() body!: string;
  @Field(() => User) author!: User;
  @Field(() => Agency) agency!: Agency;
  @Field() createdAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The note this one corrects' }) correctsId!: string | null;
  authorId!: string;
  agencyId!: string;
}

@ObjectType()
export class Consent {
  @Field(() => ID) id!: string;
  @Field(() => ConsentGrantor) grantedBy!: ConsentGrantor;
  @Field(() => [DataScope]) scopes!: DataScope[];
  @Field(() => [ID]) agencyIds!: string[];
  @Field(() => [AgencyType]) agencyTypes!: AgencyType[];
  @Field() purpose!: string;
  @Field() effectiveAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class Case {
  @Field(() => ID) id!: string;
  @Field() caseNumber!: string;
  @Field(() => CaseStatus) status!: CaseStatus;
  @Field(() => RiskLevel) riskLevel!: RiskLevel;
  @Field(() => [CaseFlag]) flags!: CaseFlag[];
  @Field(() => Int) version!: number;
  @Field() openedAt!: Date;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  /** Read from the node itself (see CaseNode): a field resolver per case cost more than the rest of a list row. */
  @Field(() => Agency) leadAgency!: Agency;
  leadAgencyId!: string;
}

@ObjectType({ description: 'One thing that changed with an event. Values are codes (risk level, status, flag, scopes); identity and location fields are named, never valued, and only to holders of their scope' })
export class TimelineChange {
  @Field({ description: 'The field, e.g. riskLevel, legalName, status, flags, scopesWithdrawn' }) field!: string;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field(() => Agency, { nullable: true, description: 'The agency the change is about (whose scopes were withdrawn)' }) agency!: Agency | null;
}

@ObjectType({ description: 'One event of a case, shown when its scope is yours' })
export class TimelineEntry {
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field() occurredAt!: Date;
  @Field(() => DataScope) scope!: DataScope;
  @Field(() => ID, { nullable: true }) subjectId!: string | null;
  @Field(() => String, {
    description: 'JSON with ids and codes of the event (never personal data)',
    deprecationReason: 'Read summary, fromAgency, toAgency and changes: they name agencies and say what changed',
  })
  detail!: string;
  actorUserId!: string | null;
  actorAgencyId!: string | null;
  data!: Record<string, unknown>;
  /** The scopes of the viewer on the case, which decide what the entry's text may name. */
  viewerScopes!: DataScope[];
}

export const CaseConnection = ConnectionType(Case);
export const TimelineConnection = ConnectionType(TimelineEntry, 'Timeline');
export const NoteConnection = ConnectionType(Note);

@ObjectType({ description: 'A case about the child exists; only its lead agency and how to reach it are disclosed' })
export class LocateMatch {
  @Field() leadAgencyName!: string;
  @Field(() => String, { nullable: true }) contactEmail!: string | null;
  @Field(() => String, { nullable: true }) contactPhone!: string | null;
}

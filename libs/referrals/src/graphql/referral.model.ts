import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DataScope } from '@tandem/authz';
import { ConnectionType } from '@tandem/platform';
import { DeclineReason, HandoffStatus, ReferralStatus, ServiceType, Urgency } from '../referrals.types';

export const REASON_DESCRIPTION = 'SERVICES scope: shown to the two agencies of the referral and to viewers holding SERVICES';
export type WithheldReferralField = 'reason' | 'statusNote' | 'outcome';

@ObjectType()
export class Referral {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ServiceType) serviceType!: ServiceType;
  @Field(() => Urgency) urgency!: Urgency;
  @Field(() => [DataScope], { description: 'What the referral shares with the receiving agency' }) scopes!: DataScope[];
  @Field(() => String, { nullable: true, description: REASON_DESCRIPTION })
  reason!: string | null;
  @Field(() => ReferralStatus) status!: ReferralStatus;
  @Field() responseDueAt!: Date;
  @Field(() => DeclineReason, { nullable: true }) declineReason!: DeclineReason | null;
  @Field(() => String, { nullable: true }) statusNote!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field() emergency!: boolean;
  @Field(() => Date, { nullable: true }) respondedAt!: Date | null;
  @Field() createdAt!: Date;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true, description: 'The site an EMERGENCY_SHELTER referral holds a bed at once accepted' }) serviceAtLocationId!: string | null;
  fromAgencyId!: string;
  toAgencyId!: string;
  sentBy!: string;
  /** The fields that hold a value this viewer may not read (answered null, listed in extensions.redacted). */
  withheld?: readonly WithheldReferralField[];
}

@ObjectType()
export class Handoff {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() reason!: string;
  @Field(() => HandoffStatus) status!: HandoffStatus;
  @Field() responseDueAt!: Date;
  @Field(() => String, { nullable: true }) statusNote!: string | null;
  @Field(() => Date, { nullable: true }) respondedAt!: Date | null;
  @Field() createdAt!: Date;
  @Field(() => Int) version!: number;
  fromAgencyId!: string;
  toAgencyId!: string;
  requestedBy!: string;
}

@ObjectType({ description: "Pending incoming work for your agency; overdue ones (past their response time) apart" })
export class InboxCounts {
  @Field(() => Int) pendingReferrals!: number;
  @Field(() => Int) overdueReferrals!: number;
  @Field(() => Int) pendingHandoffs!: number;
  @Field(() => Int) overdueHandoffs!: number;
}

export const ReferralConnection = ConnectionType(Referral);
export const HandoffConnection = ConnectionType(Handoff);

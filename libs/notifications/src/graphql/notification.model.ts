import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tandem/platform';

@ObjectType({ description: 'An alert to you: names the case number and what is due, never a child’s name or location' })
export class Notification {
  @Field(() => ID) id!: string;
  @Field({ description: 'What raised it, e.g. REFERRAL_RESPONSE_REMINDER, MISSING_REPORT_LE_OVERDUE, BREAK_GLASS' }) kind!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true }) caseNumber!: string | null;
  @Field(() => ID, { nullable: true }) deadlineId!: string | null;
  @Field() text!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
}

@ObjectType()
export class NotificationConnection extends ConnectionType(Notification) {}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tandem/platform';

@ObjectType({ description: 'An agency webhook just set: the secret is shown this once and cannot be read again' })
export class AgencyWebhookSecret {
  @Field(() => ID) agencyId!: string;
  @Field() url!: string;
  @Field({ description: 'The HMAC-SHA256 key that signs every call (X-Tandem-Signature); store it now' }) secret!: string;
}

@ObjectType({ description: 'One call of an alert to an agency webhook: its state, never its case content' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) agencyId!: string;
  @Field({ description: 'The alert kind it carries, e.g. MISSING_REPORT_LE_OVERDUE' }) event!: string;
  @Field({ description: 'PENDING, DELIVERED or DEAD (gave up after every retry)' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, {
    nullable: true,
    description:
      'Why the last attempt failed: "delivery failed: HTTP <status>", "delivery failed: could not connect" (refused, timed out, TLS or DNS alike), "delivery failed: address not allowed" (the host is not a public address), "secret could not be opened" (set the webhook again), or "webhook disabled"',
  })
  lastError!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => Date, { nullable: true }) deadAt!: Date | null;
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

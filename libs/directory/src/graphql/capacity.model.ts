import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "A site's live figure as its own agency set it: versioned, with who set it and when" })
export class SiteCapacity {
  @Field(() => ID) id!: string;
  @Field(() => ID) serviceAtLocationId!: string;
  @Field(() => ID, { description: 'The unit counted (directory unit id)' }) unitId!: string;
  @Field(() => Int) available!: number;
  @Field(() => Int, { nullable: true }) maximum!: number | null;
  @Field({ description: 'When its staff last set the figure' }) updated!: Date;
  @Field(() => ID, { nullable: true, description: 'The user who last set it' }) updatedBy!: string | null;
  @Field(() => Int, { description: 'Name it as expectedVersion in the next update to be told of a change in between (CONFLICT)' }) version!: number;
  @Field({ description: 'Older than CAPACITY_STALE_HOURS' }) stale!: boolean;
}

@ObjectType({ description: "A site's figure just changed. Never carries an address or a position: read the site with resource(id), which applies its confidentiality" })
export class CapacityChange {
  @Field(() => ID) serviceAtLocationId!: string;
  @Field(() => ID) serviceId!: string;
  @Field() serviceName!: string;
  @Field(() => String, { nullable: true, description: 'Null for a confidential site' }) locationName!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => ID) unitId!: string;
  @Field(() => Int) available!: number;
  @Field(() => Int, { nullable: true }) maximum!: number | null;
  @Field() updated!: Date;
  @Field(() => Int) version!: number;
  @Field({ description: 'Older than CAPACITY_STALE_HOURS' }) stale!: boolean;
  @Field({ description: 'UPDATE, HOLD, RELEASE or DECLINED_NO_CAPACITY' }) reason!: string;
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

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

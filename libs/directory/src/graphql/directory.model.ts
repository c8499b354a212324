import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tandem/platform';
import { DirectoryServiceStatus, DirectoryServiceType, LocationType, PopulationSex } from '../directory.types';

@ObjectType({ description: 'Whom a service serves (Tandem fields beside HSDS eligibility)' })
export class Population {
  @Field({ description: 'The ages served, as "12–17", "18+", "0–17" or "any age"' }) ageBand!: string;
  @Field(() => Float, { nullable: true, description: 'HSDS minimum_age' }) minimumAge!: number | null;
  @Field(() => Float, { nullable: true, description: 'HSDS maximum_age (inclusive)' }) maximumAge!: number | null;
  @Field(() => PopulationSex) sex!: PopulationSex;
  @Field({ description: 'Serves minors only (under 18)' }) minorsOnly!: boolean;
  @Field({ description: 'Serves survivors of trafficking' }) traffickingSurvivors!: boolean;
}

@ObjectType({ description: 'An HSDS service, with Tandem fields' })
export class DirectoryService {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) alternateName!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => DirectoryServiceStatus) status!: DirectoryServiceStatus;
  @Field(() => DirectoryServiceType) serviceType!: DirectoryServiceType;
  @Field(() => String, { nullable: true }) interpretationServices!: string | null;
  @Field(() => String, { nullable: true }) applicationProcess!: string | null;
  @Field(() => String, { nullable: true }) feesDescription!: string | null;
  @Field(() => String, { nullable: true }) fees!: string | null;
  @Field(() => String, { nullable: true }) waitTime!: string | null;
  @Field(() => String, { nullable: true }) accreditations!: string | null;
  @Field(() => String, { nullable: true }) eligibilityDescription!: string | null;
  @Field(() => String, { nullable: true }) alert!: string | null;
  @Field(() => Date, { nullable: true }) lastModified!: Date | null;
  @Field(() => Population) population!: Population;
  @Field({ description: 'Whether the service takes referrals now' }) acceptingReferrals!: boolean;
  @Field({ description: 'Listed to the public without signing in' }) public!: boolean;
  @Field(() => ID, { nullable: true, description: 'The jurisdiction the service is for, when it is for one' }) jurisdictionId!: string | null;
}

@ObjectType({ description: "An HSDS address. Of a confidential site you may not locate, only the city, region, state and country (the rest null, in extensions.redacted)" })
export class DirectoryAddress {
  @Field(() => String, { nullable: true }) attention!: string | null;
  @Field(() => String, { nullable: true }) address1!: string | null;
  @Field(() => String, { nullable: true }) address2!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) stateProvince!: string | null;
  @Field(() => String, { nullable: true }) postalCode!: string | null;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => LocationType, { nullable: true }) addressType!: LocationType | null;
}

@ObjectType({ description: 'An HSDS location. A confidential one is located (address, coordinates, directions) only by its own agency and agencies with an accepted referral to it' })
export class DirectoryLocation {
  @Field(() => ID) id!: string;
  @Field(() => LocationType) locationType!: LocationType;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) alternateName!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true, description: 'How to get there; null (redacted) for a confidential site you may not locate' }) transportation!: string | null;
  @Field(() => Float, { nullable: true, description: 'null (redacted) for a confidential site you may not locate' }) latitude!: number | null;
  @Field(() => Float, { nullable: true, description: 'null (redacted) for a confidential site you may not locate' }) longitude!: number | null;
  @Field() confidential!: boolean;
  @Field(() => ID, { nullable: true }) jurisdictionId!: string | null;
}

@ObjectType({ description: 'An HSDS organization; agencyId is the Tandem agency it is, when linked' })
export class DirectoryOrganization {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) alternateName!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) uri!: string | null;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
}

@ObjectType({ description: 'An HSDS phone' })
export class DirectoryPhone {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => String, { nullable: true }) extension!: string | null;
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'An HSDS contact' })
export class DirectoryContact {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) department!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@ObjectType({ description: 'An HSDS service area' })
export class ServiceArea {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) extent!: string | null;
  @Field(() => String, { nullable: true }) extentType!: string | null;
  @Field(() => String, { nullable: true }) uri!: string | null;
}

@ObjectType({ description: "An HSDS schedule (iCal-style): the site's own when it has any, else its service's, else its location's" })
export class DirectorySchedule {
  @Field(() => ID) id!: string;
  @Field({ description: 'What it is set on: SITE, SERVICE or LOCATION' }) appliesTo!: string;
  @Field(() => String, { nullable: true }) freq!: string | null;
  @Field(() => Int, { nullable: true }) interval!: number | null;
  @Field(() => String, { nullable: true, description: 'e.g. MO,TU; for MONTHLY, 2TU or -1FR' }) byday!: string | null;
  @Field(() => String, { nullable: true }) bymonthday!: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, local time' }) opensAt!: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, local time' }) closesAt!: string | null;
  @Field(() => String, { nullable: true, description: 'IANA name or UTC offset in hours' }) timezone!: string | null;
  @Field(() => String, { nullable: true }) validFrom!: string | null;
  @Field(() => String, { nullable: true }) validTo!: string | null;
  @Field(() => String, { nullable: true }) dtstart!: string | null;
  @Field(() => String, { nullable: true }) until!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType({ description: 'An HSDS service capacity figure (beds, places) with who stamped it and whether it is stale' })
export class Capacity {
  @Field(() => ID) id!: string;
  @Field({ description: 'The unit counted (HSDS unit name), e.g. "Bed"' }) unit!: string;
  @Field(() => ID) unitId!: string;
  @Field(() => Float) available!: number;
  @Field(() => Float, { nullable: true }) maximum!: number | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Date) updated!: Date;
  @Field(() => ID, { nullable: true, description: 'The user who last stamped it' }) updatedBy!: string | null;
  @Field({ description: 'Older than CAPACITY_STALE_HOURS' }) stale!: boolean;
  @Field(() => Int) version!: number;
}

@ObjectType({ description: 'A service at a location (HSDS service_at_location): what a search finds' })
export class Resource {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Km from the searched point; null without `near`, and for a confidential site you may not locate (redacted)',
  })
  distanceKm!: number | null;
}

export const ResourceConnection = ConnectionType(Resource);

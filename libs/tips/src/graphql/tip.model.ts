import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tandem/platform';
import { TipProgress, TipStatus } from '../tips.types';

@ObjectType({ description: 'A proof-of-work challenge (ALTCHA): solve it in the browser, send the solution as `proof` with a tip or a follow-up; each is good once' })
export class TipChallenge {
  @Field() algorithm!: string;
  @Field() challenge!: string;
  @Field(() => Int, { description: 'The largest number the answer may be' }) maxNumber!: number;
  @Field({ description: 'Carries the expiry time' }) salt!: string;
  @Field() signature!: string;
}

@ObjectType({ description: 'What a tipster gets back: the follow-up code is shown this once and kept only as a hash; write it down' })
export class TipReceipt {
  @Field({ description: 'Six words: with them you add information to your tip later and see whether it was received, is under review or closed' }) followUpCode!: string;
  @Field(() => TipProgress) progress!: TipProgress;
}

@ObjectType({ description: "A tip's coarse status, as its tipster reads it. A code that names no tip answers as a tip just received" })
export class TipFollowUp {
  @Field(() => TipProgress) progress!: TipProgress;
}

@ObjectType({ description: 'A person the tipster saw, as they described them' })
export class TipPersonSeen {
  @Field(() => Int, { nullable: true }) approximateAge!: number | null;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'What the tipster added later with the follow-up code' })
export class TipAddition {
  @Field(() => ID) id!: string;
  @Field() addedAt!: Date;
  @Field() information!: string;
  @Field(() => String, { nullable: true }) contact!: string | null;
}

@ObjectType({ description: 'An open tip that names the same place in the same time window as another' })
export class TipSummary {
  @Field(() => ID) id!: string;
  @Field() reference!: string;
  @Field(() => TipStatus) status!: TipStatus;
  @Field() childInDangerNow!: boolean;
  @Field() submittedAt!: Date;
}

@ObjectType({ description: 'A community tip, as the law-enforcement agencies of its jurisdiction triage it' })
export class Tip {
  @Field(() => ID) id!: string;
  @Field({ description: 'TIP-<year>-<number>, for talking about the tip; never shown to its tipster' }) reference!: string;
  @Field(() => TipStatus) status!: TipStatus;
  @Field(() => ID) jurisdictionId!: string;
  @Field(() => ID, { nullable: true, description: 'The jurisdiction that referred it here' }) referredFromJurisdictionId!: string | null;
  @Field({ description: 'The tipster says a child may be in danger right now' }) childInDangerNow!: boolean;
  @Field() whatSeen!: string;
  @Field(() => String, { nullable: true, description: 'Address or landmark' }) place!: string | null;
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => Date, { nullable: true }) seenAt!: Date | null;
  @Field() ongoing!: boolean;
  @Field(() => [TipPersonSeen]) people!: TipPersonSeen[];
  @Field(() => [String]) vehicles!: string[];
  @Field(() => [String]) onlineHandles!: string[];
  @Field(() => String, { nullable: true }) howKnown!: string | null;
  @Field(() => String, { nullable: true, description: 'How the tipster may be reached, if they chose to say' }) contact!: string | null;
  @Field() submittedAt!: Date;
  @Field(() => ID, { nullable: true }) reviewerId!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => ID, { nullable: true }) linkedCaseId!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was closed with no action, or referred' }) decisionNote!: string | null;
  @Field(() => Int, { description: 'Give it back as expectedVersion to triage the tip' }) version!: number;
  @Field(() => [TipAddition]) additions!: TipAddition[];
  @Field(() => [TipSummary], { description: 'Open tips of the same jurisdiction naming the same place (address or landmark, or coordinates within 250 m) within 24 hours, or ongoing' })
  possibleDuplicates!: TipSummary[];
}

export const TipConnection = ConnectionType(Tip);

import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { readLog } from '@tandem/audit';
import { PublicThrottle } from '@tandem/auth';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Jurisdiction } from '@tandem/identity';
import { BadInputError, Connection, CursorCodec, GraphQLContext, pageSize, ParseIdPipe } from '@tandem/platform';
import { TipGate } from '../tip-gate';
import { TipIntake } from '../tip-intake.service';
import { TIP_CHALLENGE, TIP_FOLLOW_UP, TIP_JURISDICTIONS, TIP_LIST, TIP_READ, TIP_SUBMIT, TIP_TRIAGE } from '../tip.policies';
import { TipCaseOpener, TipTriage } from '../tip-triage.service';
import { OPEN_TIP_STATUSES, TipAdditionRecord, TipRecord } from '../tips.types';
import { AddToTipInput, SubmitTipInput, TipFilterInput, TriageTipInput } from './tip.input';
import { Tip, TipChallenge, TipConnection, TipFollowUp, TipReceipt, TipSummary } from './tip.model';

/** A tip as the API gives it, with what its tipster added. */
type TipNode = Tip & { record: TipRecord };

function toNode(tip: TipRecord, additions: TipAdditionRecord[]): TipNode {
  return {
    record: tip,
    id: tip.id,
    reference: tip.reference,
    status: tip.status,
    jurisdictionId: tip.jurisdictionId,
    referredFromJurisdictionId: tip.referredFromJurisdictionId,
    childInDangerNow: tip.dangerNow,
    whatSeen: tip.details.whatSeen,
    place: tip.details.place,
    latitude: tip.latitude,
    longitude: tip.longitude,
    seenAt: tip.seenAt,
    ongoing: tip.ongoing,
    people: tip.details.people,
    vehicles: tip.details.vehicles,
    onlineHandles: tip.details.onlineHandles,
    howKnown: tip.details.howKnown,
    contact: tip.contact,
    submittedAt: tip.submittedAt,
    reviewerId: tip.reviewerId,
    decidedAt: tip.decidedAt,
    linkedCaseId: tip.linkedCaseId,
    decisionNote: tip.decisionNote,
    version: tip.version,
    additions: additions.filter((a) => a.tipId === tip.id).map((a) => ({ id: a.id, addedAt: a.addedAt, information: a.text, contact: a.contact })),
    possibleDuplicates: [],
  };
}

const summary = (tip: TipRecord): TipSummary => ({ id: tip.id, reference: tip.reference, status: tip.status, childInDangerNow: tip.dangerNow, submittedAt: tip.submittedAt });

/** Codes and proofs are short: anything longer is not one, and is refused before any work. */
function bounded(value: string, path: string, max: number): string {
  if (value.length > max) throw BadInputError.field(path, `must be at most ${max} characters`);
  return value;
}

@Resolver(() => Tip)
export class TipResolver {
  constructor(
    private readonly gate: TipGate,
    private readonly intake: TipIntake,
    private readonly triage: TipTriage,
    private readonly opener: TipCaseOpener,
    private readonly cursors: CursorCodec,
  ) {}

  @Query(() => TipChallenge, { description: 'A proof-of-work challenge for submitTip, tipStatus or addToTip; no account needed' })
  // Public: the tip line takes tips from anyone; a challenge costs the server one HMAC.
  @Allow(TIP_CHALLENGE)
  @PublicThrottle()
  async tipChallenge(): Promise<TipChallenge> {
    const challenge = await this.gate.challenge();
    return { algorithm: challenge.algorithm, challenge: challenge.challenge, maxNumber: challenge.maxnumber ?? 0, salt: challenge.salt, signature: challenge.signature };
  }

  @Query(() => [Jurisdiction], { description: 'The jurisdictions a tip may be sent to (submitTip jurisdictionId), by name; no account needed. Rate limited (PUBLIC_RATE_LIMIT_PER_MINUTE)' })
  // Public: the tip form asks where it happened before anyone signs in.
  @Allow(TIP_JURISDICTIONS)
  @PublicThrottle()
  tipJurisdictions(): Promise<Jurisdiction[]> {
    return this.intake.jurisdictions();
  }

  @Mutation(() => TipReceipt, {
    description:
      'Sends an anonymous tip to the police of its jurisdiction. No account; your address, device and cookies are not kept. `proof`: a solved tipChallenge. Rate limited per sender (TIP_RATE_LIMIT_PER_HOUR)',
  })
  // Public: anyone who saw something may tell, without an account.
  @Allow(TIP_SUBMIT)
  submitTip(@Args('input') input: SubmitTipInput, @Args('proof') proof: string): Promise<TipReceipt> {
    return this.intake.submit(input, bounded(proof, 'proof', 4000));
  }

  @Query(() => TipFollowUp, { description: "Your tip's status (received, under review, closed) by its follow-up code; `proof`: a solved tipChallenge" })
  // Public: the follow-up code is the tipster's only key.
  @Allow(TIP_FOLLOW_UP)
  tipStatus(@Args('code') code: string, @Args('proof') proof: string): Promise<TipFollowUp> {
    return this.intake.status(bounded(code, 'code', 200), bounded(proof, 'proof', 4000));
  }

  @Mutation(() => TipFollowUp, { description: 'Adds what you learned since to your tip, by its follow-up code; `proof`: a solved tipChallenge' })
  // Public: the follow-up code is the tipster's only key.
  @Allow(TIP_FOLLOW_UP)
  addToTip(@Args('code') code: string, @Args('proof') proof: string, @Args('input') input: AddToTipInput): Promise<TipFollowUp> {
    return this.intake.add(bounded(code, 'code', 200), bounded(proof, 'proof', 4000), input);
  }

  @Query(() => TipConnection, { description: "Your jurisdiction's tips, a child in danger now first, then oldest first (default: NEW and UNDER_REVIEW); law-enforcement staff and supervisors" })
  @Allow(TIP_LIST)
  async tips(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('filter', { type: () => TipFilterInput, nullable: true }) filter?: TipFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<TipNode>> {
    const limit = pageSize(first);
    const statuses = filter?.status?.length ? [...new Set(filter.status)].sort() : [...OPEN_TIP_STATUSES];
    const scope = `tips:${statuses.join(',')}`;
    const key = this.cursors.decode(scope, after);
    const cursor = key ? ([Boolean(key[0]), String(key[1]), String(key[2])] as [boolean, string, string]) : null;
    const found = await this.triage.list(viewer, statuses, cursor, limit, readLog(context));
    const additions = await this.triage.additionsOf(found.slice(0, limit).map((tip) => tip.id));
    return this.cursors.connection(scope, found, limit, (tip) => [tip.dangerNow, tip.submittedAt.toISOString(), tip.id], (tip) => toNode(tip, additions));
  }

  @Query(() => Tip, { description: 'One tip, with what its tipster added and its possible duplicates; NOT_FOUND outside your jurisdiction' })
  @Allow(TIP_READ)
  async tip(@CurrentViewer() viewer: Viewer, @Context() context: GraphQLContext, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<TipNode> {
    const view = await this.triage.view(viewer, id, readLog(context));
    return { ...toNode(view.tip, view.additions), possibleDuplicates: view.duplicates.map(summary) };
  }

  @Mutation(() => Tip, { description: 'Moves a tip on: REVIEW, LINK (to a case you can change, or a new one), REFER (to another jurisdiction), NO_ACTION (with a reason); CONFLICT when it changed since you read it' })
  @Allow(TIP_TRIAGE)
  async triageTip(@CurrentViewer() viewer: Viewer, @Args('input') input: TriageTipInput): Promise<TipNode> {
    const tip = await this.opener.move(viewer, input);
    return toNode(tip, await this.triage.additionsOf([tip.id]));
  }

  @ResolveField(() => [TipSummary])
  async possibleDuplicates(node: TipNode): Promise<TipSummary[]> {
    if (node.possibleDuplicates.length) return node.possibleDuplicates;
    return (await this.triage.duplicatesOf(node.record)).map(summary);
  }
}

import { AppConfig } from '@tandem/platform';
import { GraphQLClient } from '@tandem/testing';
import { normalizeFollowUpCode, TipHashes } from '@tandem/tips';
import { solveChallenge } from 'altcha-lib/v1';
import { DataSource } from 'typeorm';

/** Settings for suites that send tips: a light proof of work, and room for many tips from one address. */
export const TIP_ENV = { TIP_CHALLENGE_MAX_NUMBER: '500', TIP_RATE_LIMIT_PER_HOUR: '100000' };

export const TIP_CHALLENGE = `{ tipChallenge { algorithm challenge maxNumber salt signature } }`;
export const SUBMIT_TIP = `mutation($input: SubmitTipInput!, $proof: String!) { submitTip(input: $input, proof: $proof) { followUpCode progress } }`;
export const TIP_STATUS = `query($code: String!, $proof: String!) { tipStatus(code: $code, proof: $proof) { progress } }`;
export const ADD_TO_TIP = `mutation($code: String!, $proof: String!, $input: AddToTipInput!) { addToTip(code: $code, proof: $proof, input: $input) { progress } }`;
export const TRIAGE_TIP = `mutation($input: TriageTipInput!) { triageTip(input: $input) { id status version linkedCaseId jurisdictionId decisionNote } }`;
export const TIP = `query($id: ID!) { tip(id: $id) { id reference status version whatSeen place contact childInDangerNow people { approximateAge description } vehicles onlineHandles howKnown
  additions { information contact } possibleDuplicates { id reference } } }`;
export const TIPS = `query($filter: TipFilterInput, $first: Int, $after: String) { tips(filter: $filter, first: $first, after: $after) { edges { node { id status childInDangerNow } } pageInfo { hasNextPage endCursor } } }`;

/** A solved challenge, as the ALTCHA widget would send it (base64 of its JSON). */
export async function solvedProof(gql: GraphQLClient): Promise<string> {
  const { tipChallenge: c } = await gql.ok<{ tipChallenge: { algorithm: 'SHA-256'; challenge: string; maxNumber: number; salt: string; signature: string } }>(TIP_CHALLENGE);
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxNumber).promise;
  if (!solution) throw new Error('the challenge has no solution');
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: solution.number, salt: c.salt, signature: c.signature })).toString('base64');
}

/** A tip's input: something seen at a place and time of a jurisdiction, with the given changes. */
export function tipInput(jurisdictionId: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jurisdictionId,
    whatSeen: 'Two girls of about 15 brought to a motel room by an older man, several visitors an hour.',
    place: 'Sunset Motel, Route 9',
    seenAt: new Date(Date.now() - 3600_000).toISOString(),
    people: [{ approximateAge: 15, description: 'Girl, red jacket' }, { approximateAge: 40, description: 'Man, grey beard' }],
    vehicles: ['Silver minivan, plate starting 4KX'],
    onlineHandles: ['@sunset_dates'],
    childInDangerNow: false,
    howKnown: 'I work the night shift at the front desk.',
    contact: null,
    ...changes,
  };
}

/** Sends a tip; its receipt and its id (found by its code's hash, as the server would). */
export async function sendTip(gql: GraphQLClient, db: DataSource, config: AppConfig, input: Record<string, unknown>): Promise<{ code: string; id: string }> {
  const { submitTip } = await gql.ok<{ submitTip: { followUpCode: string } }>(SUBMIT_TIP, { input, proof: await solvedProof(gql) });
  const hash = new TipHashes(config.values.TIP_CODE_KEY).code(normalizeFollowUpCode(submitTip.followUpCode)!);
  const [row] = await db.query(`SELECT id FROM tip WHERE code_hash = $1`, [hash]);
  return { code: submitTip.followUpCode, id: row.id };
}

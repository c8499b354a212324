// The tip line's proof of work, solved in the reader's browser: the API hands out a signed challenge
// (tipChallenge) and takes back the number that solves it, as base64 of the JSON the API verifies.
// The search runs in slices so the page can show how far it has gone.
import { solveChallenge } from 'altcha-lib/v1';

export interface TipChallenge {
  algorithm: string;
  challenge: string;
  maxNumber: number;
  salt: string;
  signature: string;
}

/** How many slices the search is cut into: one progress step each. */
const SLICES = 20;

/**
 * The proof for `challenge`: finds the number, reporting the share of the range searched (0 to 1)
 * after each slice. Rejects when no number in the range solves it, or when `signal` aborts.
 */
export async function solveProof(challenge: TipChallenge, onProgress: (share: number) => void = () => undefined, signal?: AbortSignal): Promise<string> {
  const max = Math.max(0, challenge.maxNumber);
  const slice = Math.max(1, Math.ceil((max + 1) / SLICES));
  for (let start = 0; start <= max; start += slice) {
    if (signal?.aborted) throw new Error('stopped');
    const end = Math.min(max, start + slice - 1);
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, end, start).promise;
    if (solution) {
      onProgress(1);
      return encodeProof(challenge, solution.number);
    }
    onProgress((end + 1) / (max + 1));
  }
  throw new Error('the challenge has no solution');
}

/** The proof the API reads: base64 of the challenge's fields and the number found. */
export function encodeProof(challenge: TipChallenge, number: number): string {
  return btoa(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature }));
}

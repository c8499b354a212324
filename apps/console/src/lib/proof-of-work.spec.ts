import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { solveProof } from './proof-of-work';

const KEY = 'a-key-for-this-test-only-0123456789';

async function challengeFor(number: number, maxnumber: number) {
  const made = await createChallenge({ hmacKey: KEY, number, maxnumber });
  return { algorithm: made.algorithm, challenge: made.challenge, maxNumber: made.maxnumber ?? maxnumber, salt: made.salt, signature: made.signature };
}

describe('the tip proof of work', () => {
  it('finds the number in a late slice, reports growing progress up to 1, and the proof verifies', async () => {
    const challenge = await challengeFor(930, 1000);
    const steps: number[] = [];
    const proof = await solveProof(challenge, (share) => steps.push(share));
    expect(JSON.parse(atob(proof))).toMatchObject({ number: 930, salt: challenge.salt, signature: challenge.signature, challenge: challenge.challenge });
    expect(await verifySolution(proof, KEY)).toBe(true);
    expect(steps.length).toBeGreaterThan(10);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(1);
  });

  it('finds a number on the edge of a slice and at the end of the range', async () => {
    for (const number of [0, 50, 51, 1000]) {
      const proof = await solveProof(await challengeFor(number, 1000));
      expect(JSON.parse(atob(proof)).number).toBe(number);
    }
  });

  it('refuses a challenge whose number lies beyond its range, and stops when aborted', async () => {
    const beyond = { ...(await challengeFor(900, 1000)), maxNumber: 100 };
    await expect(solveProof(beyond)).rejects.toThrow('no solution');
    const controller = new AbortController();
    controller.abort();
    await expect(solveProof(await challengeFor(900, 1000), undefined, controller.signal)).rejects.toThrow('stopped');
  });
});

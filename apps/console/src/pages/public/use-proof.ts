import { useCallback, useState } from 'react';
import { createRequest, useClient } from 'urql';
import { graphql } from '../../graphql';
import { solveProof } from '../../lib/proof-of-work';

const TipChallengeQuery = graphql(`
  query PublicTipChallenge {
    tipChallenge {
      algorithm
      challenge
      maxNumber
      salt
      signature
    }
  }
`);

/**
 * A fresh solved challenge for each tip-line request (each proof is good once), with how far the
 * solving has gone (0 to 1) for the page to show; null when not solving.
 */
export function useProof(): { progress: number | null; prove(): Promise<string> } {
  const client = useClient();
  const [progress, setProgress] = useState<number | null>(null);
  const prove = useCallback(async () => {
    setProgress(0);
    try {
      const result = await client.executeQuery(createRequest(TipChallengeQuery, {}), { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) throw result.error ?? new Error('no challenge');
      return await solveProof(result.data.tipChallenge, setProgress);
    } finally {
      setProgress(null);
    }
  }, [client]);
  return { progress, prove };
}

import { Tx } from '@tandem/platform';
import { SessionAssurance, SessionMfa } from './session-assurance';

// The rule that requires a second factor asks one place whether a session's sign-in already proved
// one by other means; each lib that opens sessions otherwise answers for its own sessions.

const tx = {} as Tx;
const PROVIDER: SessionMfa = { source: 'PROVIDER', methods: ['pwd', 'mfa'], contextClass: null };

describe('session assurance', () => {
  it('answers null when no lib vouches for the session', async () => {
    const assurance = new SessionAssurance();
    expect(await assurance.mfaOf(tx, 's1')).toBeNull();
    assurance.register({ mfaOf: async () => null });
    expect(await assurance.mfaOf(tx, 's1')).toBeNull();
  });

  it('answers what the lib that opened the session vouches for, and only for that session', async () => {
    const assurance = new SessionAssurance();
    assurance.register({ mfaOf: async () => null });
    assurance.register({ mfaOf: async (_tx, sessionId) => (sessionId === 's2' ? PROVIDER : null) });
    expect(await assurance.mfaOf(tx, 's2')).toEqual(PROVIDER);
    expect(await assurance.mfaOf(tx, 's1')).toBeNull();
  });
});

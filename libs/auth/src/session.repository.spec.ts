import { AppConfig, Tx } from '@tandem/platform';
import { SessionRepository } from './session.repository';

function answering(answer: { records?: unknown[]; affected?: number }): Tx {
  return { queryRunner: { query: () => Promise.resolve(answer), release: () => Promise.resolve() } } as unknown as Tx;
}

const config = { values: { DATABASE_PREPARED_STATEMENTS: true } } as AppConfig;

describe('SessionRepository', () => {
  it('answers how many other sessions a password change ended', async () => {
    expect(await new SessionRepository(config).revokeOtherSessions(answering({ records: [], affected: 2 }), 'u', 's', 'password-changed')).toBe(2);
    expect(await new SessionRepository(config).revokeOtherSessions(answering({ records: [], affected: 0 }), 'u', 's', 'password-changed')).toBe(0);
  });

  it('answers the new session id, and null for a refresh token it does not know', async () => {
    expect(await new SessionRepository(config).createSession(answering({ records: [{ id: 's1' }], affected: 1 }), 'u', new Date(), new Date(), { device: null, clientAddress: null, browser: false })).toBe('s1');
    expect(await new SessionRepository(config).lockRefreshToken(answering({ records: [] }), Buffer.alloc(32))).toBeNull();
  });
});

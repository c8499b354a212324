import { Role } from '@tandem/authz';
import { Tx } from '@tandem/platform';
import { UserRepository } from './user.repository';

/** Answers as TypeORM's PostgreSQL runner does with structured results: an UPDATE's RETURNING rows and the rows it touched. */
function recordingTx(answers: { records?: unknown[]; affected?: number }[]) {
  const statements: string[] = [];
  const runner = {
    query: (text: string) => {
      statements.push(text);
      return Promise.resolve(answers.shift() ?? { records: [] });
    },
    release: () => Promise.resolve(),
  };
  return { tx: { queryRunner: runner } as unknown as Tx, statements };
}

describe('UserRepository updates', () => {
  const users = new UserRepository();
  const now = new Date('2026-01-01T00:00:00Z');

  it('answers the reserved password check, or null when the account is locked (no row updated)', async () => {
    expect(await users.reservePasswordCheck(recordingTx([{ records: [{ attempt: 2, locksAccount: false }], affected: 1 }]).tx, 'u', 5, now, now)).toEqual({
      attempt: 2,
      locksAccount: false,
    });
    expect(await users.reservePasswordCheck(recordingTx([{ records: [], affected: 0 }]).tx, 'u', 5, now, now)).toBeNull();
  });

  it('answers whether the password was replaced', async () => {
    expect(await users.replacePassword(recordingTx([{ records: [{ id: 'u' }], affected: 1 }]).tx, 'u', 'old', 'new')).toBe(true);
    expect(await users.replacePassword(recordingTx([{ records: [], affected: 0 }]).tx, 'u', 'old', 'new')).toBe(false);
  });

  it('answers the user after enabling or disabling, or null when there is none', async () => {
    expect(await users.setActive(recordingTx([{ records: [{ id: 'u', active: false }], affected: 1 }]).tx, 'u', false)).toEqual({ id: 'u', active: false });
    expect(await users.setActive(recordingTx([{ records: [], affected: 0 }]).tx, 'u', false)).toBeNull();
  });

  it('reads whether an administrator exists from the one row of EXISTS', async () => {
    expect(await users.existsWithRole(recordingTx([{ records: [{ exists: true }] }]).tx, Role.SYSTEM_ADMIN)).toBe(true);
  });
});

import { commonPasswords, passwordProblem } from './password-rules';
import { hashParameters } from './password.hasher';

describe('passwordProblem', () => {
  it('ships ten thousand common passwords or more', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
  });

  it.each(['passwordpassword', 'Password1234567', '  iloveyou2026 ', 'qwertyuiop123', '1q2w3e4r5t6y'])('refuses the common %j', (password) => {
    expect(passwordProblem(password, 12)).toMatch(/most common/);
  });

  it('refuses one shorter than the configured minimum, and longer than 200', () => {
    expect(passwordProblem('a-short-one', 12)).toBe('must be 12 to 200 characters');
    expect(passwordProblem('a-short-one', 10)).toBeNull();
    expect(passwordProblem('x'.repeat(201), 12)).toBe('must be 12 to 200 characters');
  });

  it('accepts a long uncommon one', () => {
    expect(passwordProblem('Correct-Horse-Battery-9', 12)).toBeNull();
  });
});

describe('hashParameters', () => {
  it('reads the cost of an argon2id hash, and nothing from another', () => {
    expect(hashParameters('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(hashParameters('$2b$10$abcdefghijklmnopqrstuv')).toBeNull();
  });
});

import { randomFillSync } from 'node:crypto';
import { PASSWORD_ALPHABET, temporaryPassword } from './temporary-password';

const nodeRandom = (bytes: Uint8Array) => randomFillSync(bytes);

describe('temporary passwords', () => {
  it('are four groups of five unambiguous characters, long enough for the password rules', () => {
    const password = temporaryPassword(nodeRandom);
    expect(password).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(password).not.toMatch(/[01lIO]/);
  });

  it('differ from one to the next', () => {
    const made = new Set(Array.from({ length: 200 }, () => temporaryPassword(nodeRandom)));
    expect(made.size).toBe(200);
  });

  it('draw again the bytes that would favour the first characters of the alphabet', () => {
    // 256 % 56 = 32: bytes 224 to 255 are refused; a source giving only those at first, then 0, 1, 2, ...
    let calls = 0;
    const skewed = (bytes: Uint8Array) => {
      calls += 1;
      bytes.forEach((_, i) => (bytes[i] = calls === 1 ? 224 + (i % 32) : i));
      return bytes;
    };
    const password = temporaryPassword(skewed);
    expect(calls).toBe(2);
    expect(password.replaceAll('-', '')).toBe(PASSWORD_ALPHABET.slice(0, 20));
  });
});

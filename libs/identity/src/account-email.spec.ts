import { accountEmailProblem, normalizeAccountEmail } from './account-email';

describe('account emails', () => {
  it.each(['ann.lee@tandem.test', 'a+b@x.org', "o'brien@agency.example.gov", 'A.B-C_d@Sub.Example.org'])('accepts %s', (email) => {
    expect(accountEmailProblem(email)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['ann.lee', 'no @'],
    ['ann@lee@x.org', 'two @'],
    ['ann lee@x.org', 'a space'],
    ['ann\u200B@x.org', 'a zero-width space'],
    ['ann\u2060@x.org', 'a word joiner'],
    ['ann\u202E@x.org', 'a right-to-left override'],
    ['ann\u2066@x.org', 'a directional isolate'],
    ['ann\u0007@x.org', 'a control character'],
    ['\u0430nn@x.org', 'a Cyrillic letter'],
    ['ann@b\u00FCcher.de', 'a non-ASCII domain'],
    ['ann@localhost', 'a domain without a dot'],
    ['ann@x..org', 'an empty domain label'],
    [`${'a'.repeat(65)}@x.org`, 'a local part over 64 characters'],
    [`a@${'b'.repeat(250)}.org`, 'over 254 characters'],
  ])('refuses %j (%s)', (email) => {
    expect(accountEmailProblem(email)).toEqual(expect.any(String));
  });

  it('normalizes case and surrounding spaces', () => {
    expect(normalizeAccountEmail('  Ann.Lee@Tandem.TEST ')).toBe('ann.lee@tandem.test');
  });
});

import { anyTextProblem } from './any-text';

describe('anyTextProblem (every text argument, free text included)', () => {
  it.each([
    ['a right-to-left override', 'ok \u202Ekaerb'],
    ['a left-to-right embedding', '\u202Aa'],
    ['a pop directional formatting', 'a\u202C'],
    ['a first-strong isolate', '\u2068x\u2069'],
    ['NUL', 'a\u0000b'],
    ['DEL', 'a\u007Fb'],
    ['a C1 next line', 'a\u0085b'],
  ])('refuses %s', (_what, value) => {
    expect(anyTextProblem(value)).toMatch(/control|direction/);
  });

  it('keeps line breaks, tabs, right-to-left marks, zero-width joiners and every script', () => {
    for (const value of ['one\ntwo\r\nthree\tfour', 'قال\u200F (ok)', '👩\u200D👧', 'नमस्\u200Cते', 'José 李小龙']) expect(anyTextProblem(value)).toBeNull();
  });
});

import { LANGUAGES, MESSAGES } from './messages';

describe('the public pages’ words', () => {
  it('has the same keys in every language', () => {
    const [first, ...others] = LANGUAGES.map((language) => Object.keys(MESSAGES[language]).sort());
    for (const keys of others) expect(keys).toEqual(first);
    expect(first!.length).toBeGreaterThan(100);
  });

  it('has no empty or blank value in any language', () => {
    const empty = LANGUAGES.flatMap((language) => Object.entries(MESSAGES[language]).filter(([, value]) => value.trim() === '').map(([key]) => `${language}:${key}`));
    expect(empty).toEqual([]);
  });

  it('translates: no Spanish value is the English one, but for words both languages share', () => {
    const shared = new Set(['stats.total', 'nav.home']);
    const same = Object.keys(MESSAGES.en).filter((key) => !shared.has(key) && MESSAGES.en[key as keyof typeof MESSAGES.en] === MESSAGES.es[key as keyof typeof MESSAGES.es]);
    expect(same).toEqual([]);
  });
});

import { BadInputError } from '@tandem/platform';
import { ageBand, textQuery } from './directory-search';

describe('textQuery', () => {
  it('matches every word as a prefix', () => {
    expect(textQuery('Safe  House')).toBe('safe:* & house:*');
  });

  it('passes no to_tsquery operator through', () => {
    expect(textQuery("shelter & !(teen) | 'x':*")).toBe('shelter:* & teen:* & x:*');
  });

  it('keeps letters of any script and digits', () => {
    expect(textQuery('Refugio 24h niñas')).toBe('refugio:* & 24h:* & niñas:*');
  });

  it('uses at most eight words', () => {
    expect(textQuery('a b c d e f g h i j').split(' & ')).toHaveLength(8);
  });

  it('refuses text with no word in it', () => {
    expect(() => textQuery('&&& !!')).toThrow(BadInputError);
  });
});

describe('ageBand', () => {
  it.each([
    [null, null, false, 'any age'],
    [12, 17, false, '12–17'],
    [18, null, false, '18+'],
    [null, 17, false, '0–17'],
    [null, null, true, '0–17'],
    [12, 20, true, '12–17'],
    [12, null, true, '12–17'],
  ])('min %p, max %p, minors only %p: %s', (min, max, minors, band) => {
    expect(ageBand(min, max, minors)).toBe(band);
  });
});

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SingleLineText, singleLineTextProblem } from './single-line-text';

describe('singleLineTextProblem: one line of visible text', () => {
  it.each([
    ['Jordan Avery'],
    ['José Ñúñez-García'],
    ["Aoife O'Brien"],
    ['محمد عبد الله'],
    ['李小龙'],
    ['Nguyễn Thị Minh Khai'],
    ['Zoë  Saldaña'],
    ['St. Mary’s Shelter (North) #2'],
    ['😀 emoji are symbols'],
    [''],
  ])('accepts %j', (value) => {
    expect(singleLineTextProblem(value)).toBeNull();
  });

  it.each([
    ['line feed', 'Jordan\nAvery'],
    ['carriage return', 'Jordan\rAvery'],
    ['CR/LF', 'Jordan\r\nAvery'],
    ['tab', 'Jordan\tAvery'],
    ['NUL', 'Jordan\u0000Avery'],
    ['DEL', 'Jordan\u007FAvery'],
    ['C1 next line', 'Jordan\u0085Avery'],
    ['line separator', 'Jordan\u2028Avery'],
    ['paragraph separator', 'Jordan\u2029Avery'],
    ['right-to-left override', 'Jordan \u202Eyreva'],
    ['left-to-right override', '\u202DJordan'],
    ['right-to-left embedding', '\u202BJordan'],
    ['pop directional formatting', 'Jordan\u202C'],
    ['left-to-right isolate', '\u2066Jordan\u2069'],
    ['first strong isolate', '\u2068Jordan'],
    ['right-to-left mark', 'Jordan\u200F'],
    ['arabic letter mark', 'Jordan\u061C'],
    ['zero-width space', 'Jor\u200Bdan'],
    ['zero-width non-joiner', 'Jor\u200Cdan'],
    ['zero-width joiner', 'Jor\u200Ddan'],
    ['word joiner', 'Jor\u2060dan'],
    ['byte order mark', '\uFEFFJordan'],
    ['soft hyphen', 'Jor\u00ADdan'],
    ['mongolian vowel separator', 'Jor\u180Edan'],
    ['private use', 'Jordan\uE000'],
    ['lone surrogate', 'Jordan\uD800'],
  ])('refuses a %s', (_name, value) => {
    expect(singleLineTextProblem(value)).toEqual(expect.any(String));
  });

  it('the problem does not echo the value', () => {
    expect(singleLineTextProblem('Secret\u202EName')).not.toContain('Secret');
  });

  it('checks every character, not only the first match of a kind', () => {
    const long = `${'a'.repeat(5000)}\u200B`;
    expect(singleLineTextProblem(long)).not.toBeNull();
  });
});

class Example {
  @SingleLineText() name!: unknown;
  @SingleLineText({ each: true }) aliases?: unknown;
}

describe('@SingleLineText()', () => {
  const problems = async (plain: Record<string, unknown>) =>
    (await validate(plainToInstance(Example, plain))).map((error) => [error.property, Object.values(error.constraints ?? {})]);

  it('passes a one-line value and leaves other types to the field type checks', async () => {
    expect(await problems({ name: 'Jordan Avery', aliases: ['JJ', 'Jo'] })).toEqual([]);
    expect(await problems({ name: 42 })).toEqual([]);
  });

  it('names the property of a bad value, in a list too', async () => {
    expect(await problems({ name: 'a\nb' })).toEqual([['name', [expect.stringMatching(/one line/)]]]);
    expect(await problems({ name: 'ok', aliases: ['ok', 'b\u202Ead'] })).toEqual([['aliases', [expect.stringMatching(/one line/)]]]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseText, contentHash, readContentFile } from './education-content';
import { shippedContentFolder } from './education-loader.service';
import { ContentLanguage, EducationAudience, EducationKind } from './education.types';

const TODAY = '2026-12-07';

/** A well-formed item of a content file; each test spoils one part of it. */
function item(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'county.signs.runaway',
    kind: 'WARNING_SIGN',
    audiences: ['PARENTS', 'EDUCATORS'],
    position: 10,
    source: { publisher: 'U.S. Department of Education', title: "Human Trafficking in America's Schools", url: 'https://safesupportivelearning.ed.gov/human-trafficking-americas-schools' },
    license: 'Public domain',
    date: '2026-12-01',
    texts: { en: { title: 'Runs away often', body: 'The child frequently runs away from home.' } },
    ...overrides,
  };
}

const read = (items: unknown[]) => readContentFile('county.json', { items }, TODAY);
const paths = (items: unknown[]) => read(items).problems.map((problem) => `${problem.file}: ${problem.path}: ${problem.message}`);

describe('reading a content file', () => {
  it('takes a well-formed item', () => {
    const { items, problems } = read([item()]);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({ id: 'county.signs.runaway', kind: EducationKind.WARNING_SIGN, audiences: ['PARENTS', 'EDUCATORS'], license: 'Public domain', link: null }),
    ]);
  });

  it('refuses an item without a source, naming the file and the item', () => {
    const { source: _source, ...withoutSource } = item();
    expect(paths([item({ id: 'county.signs.first' }), withoutSource])).toEqual(['county.json: items[1].source: is required: the publisher, title and URL the item comes from']);
    expect(read([withoutSource]).items).toEqual([]);
  });

  it('refuses a source without its publisher, title or URL', () => {
    expect(paths([item({ source: { title: 'A guide', url: 'https://example.gov/guide' } })])).toEqual(['county.json: items[0].source.publisher: is required']);
    expect(paths([item({ source: { publisher: 'An office', url: 'https://example.gov/guide' } })])).toEqual(['county.json: items[0].source.title: is required']);
    expect(paths([item({ source: { publisher: 'An office', title: 'A guide' } })])).toEqual(['county.json: items[0].source.url: is required']);
    expect(paths([item({ source: { publisher: 'An office', title: 'A guide', url: 'ftp://example.gov/guide' } })])).toEqual(['county.json: items[0].source.url: must be an https:// address']);
  });

  it('refuses an item without a license, or with an empty one', () => {
    const { license: _license, ...withoutLicense } = item();
    expect(paths([withoutLicense])).toEqual(['county.json: items[0].license: is required']);
    expect(paths([item({ license: '   ' })])).toEqual(['county.json: items[0].license: is required']);
  });

  it('refuses unknown fields, bad kinds, audiences, links, dates and texts, each with its path', () => {
    expect(paths([item({ licence: 'typo' })])).toEqual(['county.json: items[0].licence: is not a field of an item']);
    expect(paths([item({ kind: 'RUMOUR' })])).toEqual(['county.json: items[0].kind: must be one of WARNING_SIGN, GUIDE, WHAT_TO_DO']);
    expect(paths([item({ audiences: ['PARENTS', 'PILOTS'] })])).toEqual(['county.json: items[0].audiences[1]: must be one of EDUCATORS, PARENTS, HEALTHCARE, HOSPITALITY, TRANSPORT, YOUTH']);
    expect(paths([item({ audiences: [] })])[0]).toMatch(/items\[0\]\.audiences: must list one or more/);
    expect(paths([item({ link: 'SUBMIT_TIP' })])).toEqual(['county.json: items[0].link: is for WHAT_TO_DO steps only']);
    expect(paths([item({ date: '2026-02-30' })])).toEqual(['county.json: items[0].date: must be a date written YYYY-MM-DD, not in the future']);
    expect(paths([item({ date: '2027-01-01' })])).toEqual(['county.json: items[0].date: must be a date written YYYY-MM-DD, not in the future']);
    expect(paths([item({ texts: { fr: { title: 'Fugue', body: 'Souvent.' } } })])).toEqual(['county.json: items[0].texts.fr: is not a language of the content (en, es)']);
    expect(paths([item({ texts: { es: { title: 'Se\nescapa', body: 'A menudo.' } } })])).toEqual(['county.json: items[0].texts.es.title: must be one line of text']);
    expect(paths([item({ texts: {} })])[0]).toMatch(/items\[0\]\.texts: must give the item's text/);
    expect(paths([item({ id: 'Runaway' })])[0]).toMatch(/items\[0\]\.id: must be lower-case words joined by dots/);
  });

  it('refuses a file that is not an object with items, and two items of one id', () => {
    expect(readContentFile('bad.json', [item()], TODAY).problems).toEqual([{ file: 'bad.json', path: '(file)', message: 'must be a JSON object with an "items" array' }]);
    const twice = read([item(), item({ position: 2 })]);
    expect(twice.problems.map((problem) => problem.path)).toEqual(['items[0].id']);
    expect(twice.items).toEqual([]);
  });
});

describe('the text an answer gives', () => {
  const en = { title: 'Runs away often', body: 'The child frequently runs away.' };
  const es = { title: 'Se escapa con frecuencia', body: 'El niño se escapa con frecuencia.' };
  it('is in the language asked when the item has it', () => {
    expect(chooseText({ en, es }, ContentLanguage.ES)).toEqual({ language: ContentLanguage.ES, text: es });
    expect(chooseText({ en, es }, ContentLanguage.EN)).toEqual({ language: ContentLanguage.EN, text: en });
  });
  it('falls back to English, then to any language the item has', () => {
    expect(chooseText({ en }, ContentLanguage.ES)).toEqual({ language: ContentLanguage.EN, text: en });
    expect(chooseText({ es }, ContentLanguage.EN)).toEqual({ language: ContentLanguage.ES, text: es });
    expect(chooseText({}, ContentLanguage.EN)).toBeNull();
  });
});

describe('the content hash', () => {
  it('changes with the content and not with the order of audiences', () => {
    const base = read([item()]).items[0]!;
    expect(contentHash({ ...base, audiences: [...base.audiences].reverse() })).toBe(contentHash(base));
    expect(contentHash({ ...base, license: 'CC0-1.0' })).not.toBe(contentHash(base));
    expect(contentHash({ ...base, texts: { ...base.texts, es: { title: 'Se escapa', body: 'A menudo.' } } })).not.toBe(contentHash(base));
  });
});

describe('the content Tandem ships', () => {
  const folder = shippedContentFolder();
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  const items = files.flatMap((file) => {
    const { items: read, problems } = readContentFile(file, JSON.parse(readFileSync(join(folder, file), 'utf8')), TODAY);
    expect(problems).toEqual([]);
    return read;
  });

  it('is well formed, every item sourced from a U.S. federal publisher and in the public domain', () => {
    expect(items.length).toBeGreaterThanOrEqual(30);
    for (const shipped of items) {
      expect(shipped.id.startsWith('tandem.')).toBe(true);
      expect(shipped.source.publisher).toMatch(/^U\.S\. Department of /);
      expect(shipped.source.url).toMatch(/^https:\/\/[a-z0-9.]+\.gov\//);
      expect(shipped.license).toMatch(/^Public domain/);
    }
  });

  it('gives every audience warning signs, guides and what-to-do steps in English and Spanish', () => {
    for (const audience of Object.values(EducationAudience)) {
      for (const kind of Object.values(EducationKind)) {
        const found = items.filter((shipped) => shipped.kind === kind && shipped.audiences.includes(audience));
        expect({ audience, kind, count: found.length > 0 }).toEqual({ audience, kind, count: true });
        for (const shipped of found) expect(Object.keys(shipped.texts).sort()).toEqual(['en', 'es']);
      }
    }
  });

  it('links the what-to-do steps to a tip, the hotlines and an emergency call', () => {
    const links = new Set(items.filter((shipped) => shipped.kind === EducationKind.WHAT_TO_DO).map((shipped) => shipped.link));
    expect([...links].filter(Boolean).sort()).toEqual(['EMERGENCY_CALL', 'HOTLINES', 'SUBMIT_TIP']);
  });
});

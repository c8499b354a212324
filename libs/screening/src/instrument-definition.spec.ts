import { readFileSync } from 'node:fs';
import { canonicalJson, digestOf, parseInstrument } from './instrument-definition';
import { shippedInstrumentFiles } from './screening-instruments.service';
import { InstrumentDefinition } from './screening.types';

const practiceRaw = () => JSON.parse(readFileSync(shippedInstrumentFiles().find((path) => path.endsWith('practice-screen-1.json'))!, 'utf8')) as Record<string, unknown>;

describe('instrument definitions', () => {
  it('ships only instruments that may be redistributed, each with its license and citation, the practice one labelled as such', () => {
    const files = shippedInstrumentFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const parsed = parseInstrument(JSON.parse(readFileSync(file, 'utf8')));
      expect({ file, problems: parsed.ok ? [] : parsed.problems }).toEqual({ file, problems: [] });
      if (!parsed.ok) continue;
      expect(parsed.definition.license.redistributable).toBe(true);
      if (parsed.definition.practice) expect(parsed.definition.title.en).toMatch(/^PRACTICE ONLY/);
    }
    // Nothing else is shipped: an instrument under a license the project is not sure of is loaded by the agency that holds it.
    expect(files.map((file) => file.split('/').pop())).toEqual(['practice-screen-1.json']);
  });

  it('refuses a definition without a license, saying why, before anything else', () => {
    const { license: _license, ...raw } = practiceRaw();
    expect(parseInstrument(raw)).toEqual({ ok: false, problems: [{ path: 'license', message: expect.stringContaining('is missing: name the license') }] });
  });

  it('refuses a license without a name, and a blank citation, naming both', () => {
    const raw = { ...practiceRaw(), license: { redistributable: false }, citation: '  ' };
    const parsed = parseInstrument(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['license.name', 'citation']);
  });

  it('names each inconsistency by its path', () => {
    const raw = practiceRaw() as unknown as InstrumentDefinition;
    const items = raw.items.map((item) => ({ ...item }));
    items[1] = { ...items[1]!, id: 'runaway' };
    items[2] = { ...items[2]!, text: { en: 'Only English' } };
    items[6] = { ...items[6]!, min: undefined };
    const thresholds = raw.thresholds.map((t) => ({ ...t }));
    thresholds[2] = { ...thresholds[2]!, anyYesOf: ['substance-use'] };
    thresholds[0] = { ...thresholds[0]!, outcome: { ...thresholds[0]!.outcome, followUp: { withinHours: 72, serviceTypes: ['MEDICAL_EXAM'] } } };
    const parsed = parseInstrument({ ...raw, items, thresholds });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      { path: 'items.1.id', message: 'repeats the item id runaway' },
      { path: 'items.2.text.es', message: 'is missing: the instrument is given in en, es' },
      { path: 'items.6', message: 'a SCALE item needs min and max' },
      { path: 'thresholds.0.outcome.followUp', message: 'only a positive result has a follow-up' },
      { path: 'thresholds.2.anyYesOf.0', message: 'does not name a YES_NO item (substance-use)' },
    ]);
  });

  it('names values of the wrong shape by their path', () => {
    const parsed = parseInstrument({ ...practiceRaw(), version: 'v2', scope: 'INVESTIGATION', extra: true });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path).sort()).toEqual(['(definition)', 'scope', 'version']);
  });

  it('digests the same definition the same way, whatever the order of its keys', () => {
    const parsed = parseInstrument(practiceRaw());
    const reordered = parseInstrument(Object.fromEntries(Object.entries(practiceRaw()).reverse()));
    if (!parsed.ok || !reordered.ok) throw new Error('the practice instrument is refused');
    expect(digestOf(reordered.definition)).toBe(digestOf(parsed.definition));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(digestOf({ ...parsed.definition, citation: 'Another' })).not.toBe(digestOf(parsed.definition));
  });
});

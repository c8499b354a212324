import { suppress, suppressLinked } from '@tandem/statistics';
import { auditRanges, recoverable, seeded } from './support/disclosure-audit';

/*
 * The recoverability audit of disclosure control: for every hidden figure, linear programming over
 * what a reader knows (published cells, margins, the other tables of the release, counts never
 * negative) must leave a range wider than one value. Tables are drawn from a seeded generator, so a
 * failing seed can be replayed.
 */

const MIN = 11;

/** A table of small and large counts and zeros, as statistics by jurisdiction and month look. */
function randomTable(random: () => number): number[][] {
  const rows = 1 + Math.floor(random() * 6);
  const columns = 1 + Math.floor(random() * 6);
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => {
      const draw = random();
      if (draw < 0.15) return 0;
      if (draw < 0.5) return 1 + Math.floor(random() * 10);
      return 11 + Math.floor(random() * 90);
    }),
  );
}

describe('disclosure audit', () => {
  it('leaves no hidden cell recoverable in 400 random tables', () => {
    const failures: string[] = [];
    let hidden = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const cells = randomTable(seeded(seed));
      const result = suppress(cells, cells[0]!.length, MIN);
      const ranges = auditRanges([{ result }]);
      hidden += ranges.length;
      for (const range of ranges) if (range.max - range.min < 0.5) failures.push(`seed ${seed}: ${range.key} = ${range.actual}`);
      // Nothing small is published, margins included.
      result.values.forEach((line, row) => line.forEach((value, column) => {
        if (value > 0 && value < MIN && !result.hidden[row]![column]) failures.push(`seed ${seed}: ${row},${column} published ${value}`);
      }));
    }
    expect(failures).toEqual([]);
    // The generator does make tables to protect.
    expect(hidden).toBeGreaterThan(400);
  });

  it('leaves no hidden figure recoverable across the linked tables of 150 random releases', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 150; seed += 1) {
      const random = seeded(10_000 + seed);
      // One count by jurisdiction and month, also published by jurisdiction alone and by month alone.
      const cells = randomTable(random);
      const rows = cells.length;
      const columns = cells[0]!.length;
      const keys2d = [
        ...cells.map((line, row) => [...line.map((_, column) => `j${row}|m${column}`), `j${row}`]),
        [...cells[0]!.map((_, column) => `m${column}`), 'all'],
      ];
      const byJurisdiction = { cells: cells.map((line) => [line.reduce((sum, value) => sum + value, 0)]), columns: 1, keys: [...cells.map((_, row) => [`j${row}`, `j${row}`]), ['all', 'all']] };
      const byMonth = {
        cells: Array.from({ length: columns }, (_, column) => [cells.reduce((sum, line) => sum + line[column]!, 0)]),
        columns: 1,
        keys: [...Array.from({ length: columns }, (_, column) => [`m${column}`, `m${column}`]), ['all', 'all']],
      };
      const tables = [{ cells, columns, keys: keys2d }, byJurisdiction, byMonth];
      const results = suppressLinked(tables, MIN);
      expect(rows).toBeGreaterThan(0);
      const found = recoverable(results.map((result, index) => ({ result, keys: tables[index]!.keys })));
      for (const range of found) failures.push(`seed ${10_000 + seed}: ${range.key} = ${range.actual}`);
    }
    expect(failures).toEqual([]);
  });

  it('would catch a table protected by primary suppression alone', () => {
    // The audit can fail: one small cell hidden without complement is worked out from its row total.
    const result = suppress([[5, 40], [30, 50]], 2, MIN);
    const unprotected = { values: result.values, hidden: result.values.map((line, row) => line.map((_, column) => (row === 0 && column === 0 ? ('PRIMARY' as const) : null))) };
    expect(recoverable([{ result: unprotected }]).map((range) => range.actual)).toEqual([5]);
  });

  it('keeps zero cells published and still protects their neighbours', () => {
    const result = suppress([[0, 3, 0], [0, 0, 50], [20, 30, 0]], 3, MIN);
    expect(result.hidden[0]![0]).toBeNull();
    expect(recoverable([{ result }])).toEqual([]);
  });
});

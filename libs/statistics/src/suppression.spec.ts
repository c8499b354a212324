import { extend, firstBridge, keptCount, suppress, suppressLinked } from './suppression';

const MIN = 11;
const hiddenCells = (hidden: (string | null)[][]) => hidden.flatMap((line, row) => line.flatMap((reason, column) => (reason ? [`${row},${column}:${reason}`] : [])));

describe('extend', () => {
  it('adds row totals, column totals and the grand total', () => {
    expect(extend([[1, 2], [3, 4]], 2)).toEqual([[1, 2, 3], [3, 4, 7], [4, 6, 10]]);
  });
});

describe('suppress', () => {
  it('publishes a table with no small cell as it is, zeros included', () => {
    const result = suppress([[20, 0], [30, 45]], 2, MIN);
    expect(hiddenCells(result.hidden)).toEqual([]);
    expect(keptCount(result)).toBe(95);
  });

  it('hides cells of 1 to 10 as primary, never a zero', () => {
    const result = suppress([[5, 40, 0, 30], [40, 50, 60, 12], [30, 20, 25, 70]], 4, MIN);
    expect(result.hidden[0]![0]).toBe('PRIMARY');
    expect(result.hidden[0]![2]).toBeNull();
    expect(result.hidden.flat().filter((reason) => reason === 'PRIMARY')).toHaveLength(1);
  });

  it('hides a second cell in the row and in the column of a lone small cell, and a fourth to close the rectangle', () => {
    const result = suppress([[5, 40, 30], [40, 50, 60], [30, 20, 25]], 3, MIN);
    const hidden = hiddenCells(result.hidden);
    expect(hidden).toContain('0,0:PRIMARY');
    expect(hidden.filter((cell) => cell.endsWith('COMPLEMENTARY'))).toHaveLength(3);
    // The cheapest rectangle: the smallest cells beside it (20 and 25 are in other lines; 30 and 30 close it with 25).
    expect(firstBridge(result.hidden, 3, 3)).toBeNull();
  });

  it('chooses non-zero complementary cells only', () => {
    const result = suppress([[3, 0, 40], [0, 0, 50], [20, 30, 0]], 3, MIN);
    for (let row = 0; row < 4; row += 1) for (let column = 0; column < 4; column += 1) if (result.hidden[row]![column]) expect(result.values[row]![column]).toBeGreaterThan(0);
    expect(firstBridge(result.hidden, 3, 3)).toBeNull();
  });

  it('hides a small total, and what protects it', () => {
    const result = suppress([[2, 3], [40, 50]], 2, MIN);
    expect(result.hidden[0]![2]).toBe('PRIMARY');
    expect(firstBridge(result.hidden, 2, 2)).toBeNull();
  });

  it('protects a one-column table through the other rows and the grand total', () => {
    const result = suppress([[4], [30], [50]], 1, MIN);
    expect(result.hidden[0]![0]).toBe('PRIMARY');
    expect(result.hidden[0]![1]).toBe('PRIMARY');
    expect(firstBridge(result.hidden, 3, 1)).toBeNull();
    expect(result.hidden[1]![0] ?? result.hidden[2]![0]).toBe('COMPLEMENTARY');
  });

  it('hides the whole table when nothing else can protect its one small cell', () => {
    const result = suppress([[4]], 1, MIN);
    expect(result.hidden.flat().every((reason) => reason !== null)).toBe(true);
  });

  it('hides cells another table of the release hid', () => {
    const result = suppress([[40, 50], [60, 70]], 2, MIN, [{ row: 0, column: 2 }]);
    expect(result.hidden[0]![2]).toBe('LINKED');
    expect(firstBridge(result.hidden, 2, 2)).toBeNull();
  });

  it('refuses what is not a table of counts', () => {
    expect(() => suppress([[1, 2], [3]], 2, MIN)).toThrow();
    expect(() => suppress([[1.5]], 1, MIN)).toThrow();
    expect(() => suppress([[-1]], 1, MIN)).toThrow();
  });
});

describe('suppressLinked', () => {
  it('hides a figure in every table that publishes it', () => {
    // Table A by jurisdiction: X has 8 (small). Table B by jurisdiction and month: X's row total is the same figure.
    const a = { cells: [[8], [60], [70]], columns: 1, keys: [['X', 'X'], ['Y', 'Y'], ['Z', 'Z'], ['ALL', 'ALL']] };
    const b = {
      cells: [[4, 4], [30, 30], [35, 35]],
      columns: 2,
      keys: [['X|m1', 'X|m2', 'X'], ['Y|m1', 'Y|m2', 'Y'], ['Z|m1', 'Z|m2', 'Z'], ['m1', 'm2', 'ALL']],
    };
    const [ra, rb] = suppressLinked([a, b], MIN);
    const hiddenKeys = (result: typeof ra, keys: string[][]) => new Set(keys.flatMap((line, row) => line.filter((_, column) => result!.hidden[row]![column])));
    const inA = hiddenKeys(ra, a.keys);
    const inB = hiddenKeys(rb, b.keys);
    for (const key of ['X', 'Y', 'Z', 'ALL']) expect(inA.has(key)).toBe(inB.has(key));
    expect(inB.has('X')).toBe(true);
  });
});

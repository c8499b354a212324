import { AGE_BANDS, AGE_GROUP_OF, answerFrom, buildLattice, CubeRow, DimensionName, LatticeBody, LatticeQuestion, monthsBetween, SEXES, suppress } from '@tandem/statistics';
import { CubeFigure, cubeRanges, seeded } from './support/disclosure-audit';

/*
 * Differencing attacks on interactive statistics (docs/2026-12-07-statistics-differencing.md). A reader
 * asks many overlapping questions (other jurisdictions, other months, other cuts) and subtracts the
 * answers. Every answer is read from the protected lattice of its quarters; the audit gives the reader
 * every answer to a battery of overlapping questions and solves, over the finest counts (the cube: month,
 * jurisdiction, age band and sex), the least and greatest value of every hidden figure of the lattice:
 * none may be pinned to one value.
 */

const MIN = 11;
const J = 'JURISDICTION';
const A = 'AGE_BAND';
const S = 'SEX';
const M = 'MONTH';
const TABLES: DimensionName[][] = [[], [J], [A], [S], [M], [J, A], [J, S], [J, M], [A, S], [A, M], [S, M]];
const QUARTER = '2025-Q1';
const MONTHS = ['2025-01', '2025-02', '2025-03'];
const PERIODS: [string, string][] = [['2025-01', '2025-03'], ['2025-01', '2025-01'], ['2025-02', '2025-02'], ['2025-03', '2025-03'], ['2025-01', '2025-02'], ['2025-02', '2025-03']];

const cellId = (month: string, jurisdiction: string, age: string, sex: string) => `${month}/${jurisdiction}/${age}/${sex}`;

/** The cube cells a set of values of each dimension spans. */
function cells(months: readonly string[], jurisdictions: readonly string[], ages: readonly string[], sexes: readonly string[]): string[] {
  return months.flatMap((month) => jurisdictions.flatMap((jurisdiction) => ages.flatMap((age) => sexes.map((sex) => cellId(month, jurisdiction, age, sex)))));
}

const bandsOf = (level: string | undefined, value: string) => (level === 'AGE_GROUP' ? AGE_BANDS.filter((band) => AGE_GROUP_OF[band] === value) : [value]);

/** A figure of a lattice (`missingEpisodes|AGE_GROUP=...|JURISDICTION=a|MONTH=...`) as the cube cells it adds up. */
function latticeFigure(key: string, [value, hidden]: [number, 0 | 1], jurisdictions: readonly string[]): CubeFigure {
  const parts = new Map(key.split('|').slice(1).map((part) => part.split('=') as [string, string]));
  const ages = parts.has('AGE_GROUP') ? bandsOf('AGE_GROUP', parts.get('AGE_GROUP')!) : parts.has(A) ? [parts.get(A)!] : AGE_BANDS;
  const found = cells(parts.has(M) ? [parts.get(M)!] : MONTHS, parts.has(J) ? [parts.get(J)!] : jurisdictions, ages, parts.has(S) ? [parts.get(S)!] : SEXES);
  return { key: [...found].sort().join(','), cells: found, value, hidden: hidden === 1 };
}

/** Every figure of an answer (cells and margins) as the cube cells it adds up. */
function answerFigures(question: LatticeQuestion, answer: ReturnType<typeof answerFrom>, jurisdictions: readonly string[]): CubeFigure[] {
  const { rowAxis, columnAxis, result } = answer;
  const figures: CubeFigure[] = [];
  result.values.forEach((line, row) =>
    line.forEach((value, column) => {
      const fixed = new Map<string, { level?: string; value: string }>();
      if (rowAxis.dimension && row < rowAxis.values.length) fixed.set(rowAxis.dimension, { level: rowAxis.level, value: rowAxis.values[row]! });
      if (columnAxis.dimension && column < columnAxis.values.length) fixed.set(columnAxis.dimension, { level: columnAxis.level, value: columnAxis.values[column]! });
      const month = fixed.get(M);
      const months = month ? (month.level === 'QUARTER' ? MONTHS : [month.value]) : monthsBetween(question.from, question.to);
      const found = cells(
        months,
        fixed.has(J) ? [fixed.get(J)!.value] : (question.jurisdictionIds ?? jurisdictions),
        fixed.has(A) ? bandsOf(fixed.get(A)!.level, fixed.get(A)!.value) : AGE_BANDS,
        fixed.has(S) ? [fixed.get(S)!.value] : SEXES,
      );
      figures.push({ key: [...found].sort().join(','), cells: found, value, hidden: result.hidden[row]![column] !== null });
    }),
  );
  return figures;
}

/** The battery of overlapping questions: every cut by up to two of the dimensions, every period, every set of jurisdictions. */
function questions(jurisdictions: readonly string[]): LatticeQuestion[] {
  const dimensions: (DimensionName | null)[] = [null, J, A, S, M];
  const sets: (string[] | null)[] = [null, ...jurisdictions.map((id) => [id]), ...jurisdictions.flatMap((a, index) => jurisdictions.slice(index + 1).map((b) => [a, b]))];
  const asked: LatticeQuestion[] = [];
  dimensions.forEach((rowDimension, index) => {
    for (const columnDimension of dimensions.slice(index + 1)) {
      for (const [from, to] of PERIODS) for (const jurisdictionIds of sets) asked.push({ source: 'missingEpisodes', rowDimension, columnDimension, from, to, jurisdictionIds });
    }
  });
  return asked;
}

/** A random quarter of missing episodes: small and large counts, as a county's would be. */
function randomCube(random: () => number, jurisdictions: readonly string[]): CubeRow[] {
  const rows: CubeRow[] = [];
  for (const month of MONTHS) {
    for (const jurisdiction of jurisdictions) {
      for (const age of ['AGE_12_13', 'AGE_14_15', 'AGE_16_17', 'AGE_10_11']) {
        for (const sex of ['FEMALE', 'MALE']) {
          const draw = random();
          if (draw < 0.35) continue;
          rows.push({ month, values: { JURISDICTION: jurisdiction, AGE_BAND: age, SEX: sex }, n: draw < 0.7 ? 1 + Math.floor(random() * 5) : 4 + Math.floor(random() * 12) });
        }
      }
    }
  }
  return rows;
}

describe('differencing attacks', () => {
  it('recover a cell that protecting each answer on its own hid, and not one the lattice hides', () => {
    const jurisdictions = ['a', 'b'];
    // a: 15 aged 12-13 and 30 aged 14-15; b: 3 aged 12-13, 25 aged 14-15 and 20 aged 16-17; all girls, in January.
    const counts: [string, string, number][] = [['a', 'AGE_12_13', 15], ['a', 'AGE_14_15', 30], ['b', 'AGE_12_13', 3], ['b', 'AGE_14_15', 25], ['b', 'AGE_16_17', 20]];
    const cube: CubeRow[] = counts.map(([jurisdiction, age, n]) => ({ month: '2025-01', values: { JURISDICTION: jurisdiction, AGE_BAND: age, SEX: 'FEMALE' }, n }));
    const target = cells(MONTHS, ['b'], ['AGE_12_13'], SEXES);
    const targetKey = [...target].sort().join(',');

    // Each answer protected on its own: by age over both jurisdictions (nothing small), and by age over a alone (nothing small).
    const byAgeOf = (only: string[]) => AGE_BANDS.map((age) => [counts.filter(([jurisdiction, band]) => only.includes(jurisdiction) && band === age).reduce((sum, [, , n]) => sum + n, 0)]);
    const alone = (only: string[]) =>
      suppress(byAgeOf(only), 1, MIN).values.flatMap((line, row) =>
        line.map((value, column) => {
          const found = cells(MONTHS, only, row < AGE_BANDS.length ? [AGE_BANDS[row]!] : AGE_BANDS, SEXES);
          return { key: [...found].sort().join(','), cells: found, value, hidden: false, column };
        }),
      );
    const naive = [...alone(['a', 'b']), ...alone(['a'])];
    // b's 3 aged 12-13 is the difference of the two: 18 - 15.
    const recovered = cubeRanges([...naive, { key: targetKey, cells: target, value: 3, hidden: true }]);
    expect(recovered.map((range) => [range.min, range.max])).toEqual([[3, 3]]);

    // From the lattice, the same two questions and every other one of the battery.
    const lattice = buildLattice('missingEpisodes', TABLES, QUARTER, cube, { jurisdictions, minCell: MIN, protect: true });
    const lattices = new Map<string, LatticeBody>([[QUARTER, lattice]]);
    const answers = questions(jurisdictions).flatMap((question) => answerFigures(question, answerFrom(question, lattices, jurisdictions), jurisdictions));
    const hiddenInLattice = Object.entries(lattice.figures).map(([key, figure]) => latticeFigure(key, figure, jurisdictions)).filter((figure) => figure.hidden);
    const ranges = cubeRanges([...answers.filter((figure) => !figure.hidden), ...hiddenInLattice, { key: targetKey, cells: target, value: 3, hidden: true }]);
    expect(ranges.filter((range) => range.max - range.min < 0.5)).toEqual([]);
    expect(ranges.find((range) => range.key === targetKey)!.max).toBeGreaterThan(3);
  });

  it('would recover a small count from a monthly release frozen before its quarter ended, which is why releases are quarterly', () => {
    const jurisdictions = ['a', 'b'];
    const girls = (month: string, jurisdiction: string, age: string, n: number): CubeRow => ({ month, values: { JURISDICTION: jurisdiction, AGE_BAND: age, SEX: 'FEMALE' }, n });
    const january = [girls('2025-01', 'a', 'AGE_12_13', 15), girls('2025-01', 'a', 'AGE_14_15', 30), girls('2025-01', 'b', 'AGE_14_15', 25), girls('2025-01', 'b', 'AGE_16_17', 20)];
    // February adds 2 girls aged 12-13: a count the quarter's lattice must not let anyone work out.
    const quarter = [...january, girls('2025-02', 'a', 'AGE_12_13', 2)];
    const target = cells(['2025-02', '2025-03'], jurisdictions, ['AGE_12_13'], SEXES);
    const targetFigure: CubeFigure = { key: [...target].sort().join(','), cells: target, value: 2, hidden: true };
    const byAge = (from: string, to: string): LatticeQuestion => ({ source: 'missingEpisodes', rowDimension: A, columnDimension: null, from, to, jurisdictionIds: null });
    const published = (question: LatticeQuestion, lattice: LatticeBody) =>
      answerFigures(question, answerFrom(question, new Map([[QUARTER, lattice]]), jurisdictions), jurisdictions).filter((figure) => !figure.hidden);

    // A release of January made on the first of February, from the quarter's lattice as it then stood.
    const early = buildLattice('missingEpisodes', TABLES, QUARTER, january, { jurisdictions, minCell: MIN, protect: true });
    const frozenJanuary = published(byAge('2025-01', '2025-01'), early);
    expect(frozenJanuary.some((figure) => figure.cells.length === cells(['2025-01'], jurisdictions, ['AGE_12_13'], SEXES).length && figure.value === 15)).toBe(true);

    // The quarter's lattice, once the quarter has ended, protects every answer to the battery by itself...
    const whole = buildLattice('missingEpisodes', TABLES, QUARTER, quarter, { jurisdictions, minCell: MIN, protect: true });
    const answers = questions(jurisdictions).flatMap((question) => published(question, whole));
    const [alone] = cubeRanges([...answers, targetFigure]);
    expect(alone!.max - alone!.min).toBeGreaterThan(0.5);
    // ...but not beside the frozen January: the quarter's 17 aged 12-13 less January's 15 is February and March's 2.
    const [beside] = cubeRanges([...answers, ...frozenJanuary, targetFigure]);
    expect([beside!.min, beside!.max]).toEqual([2, 2]);
  });

  it('leave no hidden figure of 30 random lattices recoverable from every answer to overlapping questions', () => {
    const failures: string[] = [];
    let hidden = 0;
    for (let seed = 1; seed <= 30; seed += 1) {
      const random = seeded(20_000 + seed);
      const jurisdictions = seed % 2 ? ['a', 'b'] : ['a', 'b', 'c'];
      const cube = randomCube(random, jurisdictions);
      const lattice = buildLattice('missingEpisodes', TABLES, QUARTER, cube, { jurisdictions, minCell: MIN, protect: true });
      const figures = Object.entries(lattice.figures).map(([key, figure]) => latticeFigure(key, figure, jurisdictions));
      // The lattice's figures are the cube's sums, and nothing small is published.
      const truth = new Map(cube.map((row) => [cellId(row.month, row.values.JURISDICTION!, row.values.AGE_BAND!, row.values.SEX!), row.n]));
      for (const figure of figures) {
        const sum = figure.cells.reduce((total, cell) => total + (truth.get(cell) ?? 0), 0);
        if (sum !== figure.value) failures.push(`seed ${seed}: ${figure.key} is ${figure.value}, not ${sum}`);
        if (!figure.hidden && figure.value > 0 && figure.value < MIN) failures.push(`seed ${seed}: ${figure.key} published ${figure.value}`);
      }
      const lattices = new Map<string, LatticeBody>([[QUARTER, lattice]]);
      const answers = questions(jurisdictions).flatMap((question) => answerFigures(question, answerFrom(question, lattices, jurisdictions), jurisdictions));
      for (const answer of answers) {
        const sum = answer.cells.reduce((total, cell) => total + (truth.get(cell) ?? 0), 0);
        if (!answer.hidden && sum !== answer.value) failures.push(`seed ${seed}: an answer says ${answer.value}, not ${sum}`);
        if (!answer.hidden && answer.value > 0 && answer.value < MIN) failures.push(`seed ${seed}: an answer published ${answer.value}`);
      }
      const targets = figures.filter((figure) => figure.hidden);
      hidden += targets.length;
      for (const range of cubeRanges([...answers.filter((figure) => !figure.hidden), ...targets])) {
        if (range.max - range.min < 0.5) failures.push(`seed ${seed}: ${range.key} = ${range.actual}`);
      }
    }
    expect(failures).toEqual([]);
    // The generator does make lattices to protect.
    expect(hidden).toBeGreaterThan(150);
  });
});

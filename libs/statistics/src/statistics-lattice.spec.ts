import { answerFrom, buildLattice, CubeRow, latticeTables, LatticeBody, monthsOfQuarter, quarterOf, quartersBetween } from './statistics-lattice';
import { DimensionName } from './statistics.measures';

const J = 'JURISDICTION';
const A = 'AGE_BAND';
const M = 'MONTH';
const TABLES: DimensionName[][] = [[], [J], [A], [M], [J, A], [J, M]];
const context = { jurisdictions: ['a', 'b'], minCell: 11, protect: true };
const row = (month: string, jurisdiction: string, age: string, n: number): CubeRow => ({ month, values: { JURISDICTION: jurisdiction, AGE_BAND: age }, n });
const shown = (answer: ReturnType<typeof answerFrom>) => answer.result.values.map((line, r) => line.map((value, c) => (answer.result.hidden[r]![c] ? 'x' : value)));

// 2025-Q1. Here a: 4 aged 12-13 and 30 aged 14-15 in January. There b: 8 aged 12-13 and 25 aged 14-15 in January, 20 aged 16-17 in February.
const CUBE = [row('2025-01', 'a', 'AGE_12_13', 4), row('2025-01', 'a', 'AGE_14_15', 30), row('2025-01', 'b', 'AGE_12_13', 8), row('2025-01', 'b', 'AGE_14_15', 25), row('2025-02', 'b', 'AGE_16_17', 20)];

describe('the lattice', () => {
  it('names quarters and their months', () => {
    expect(quarterOf('2025-11')).toBe('2025-Q4');
    expect(monthsOfQuarter('2025-Q4')).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(quartersBetween('2025-02', '2025-07')).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
  });

  it('holds every table a measure can be asked for: one or two dimensions, a share with its outcome', () => {
    const tables = latticeTables('missingEpisodes', 'PUBLIC').map((dimensions) => dimensions.join('×'));
    expect(tables).toContain('');
    expect(tables).toContain('JURISDICTION×AGE_BAND');
    expect(tables).toContain('RETURNED_WITHIN_7_DAYS');
    expect(tables).toContain('AGE_BAND×SEX');
    expect(tables).not.toContain('JURISDICTION×AGE_BAND×RETURNED_WITHIN_7_DAYS');
    expect(new Set(tables).size).toBe(tables.length);
  });

  it('coarsens age bands to groups where that keeps more data, and keeps months that cost nothing', () => {
    const lattice = buildLattice('missingEpisodes', TABLES, '2025-Q1', CUBE, context);
    // By band, the 4 and the 8 aged 12-13 hide the 30 and the 25 besides: 20 + 87 counted units kept. By group none is hidden: 87 + 87.
    expect(lattice.ageLevel).toBe('AGE_GROUP');
    // By month: a 34, 0, 0; b 33, 20, 0. Nothing small, nothing hidden.
    expect(lattice.months).toBe(true);
    expect(lattice.figures['missingEpisodes|AGE_GROUP=AGE_12_15|JURISDICTION=a']).toEqual([34, 0]);
    expect(lattice.figures['missingEpisodes|JURISDICTION=b|MONTH=2025-02']).toEqual([20, 0]);
  });

  it('drops months that would cost a figure of the quarter', () => {
    // a: 5 in January, 40 in February; b: 12 in January. By month the 5 is closed in a cycle most cheaply through
    // the quarter's totals of a (45) and b (12), which the quarter alone publishes: months are dropped.
    const cube = [row('2025-01', 'a', 'AGE_14_15', 5), row('2025-02', 'a', 'AGE_14_15', 40), row('2025-01', 'b', 'AGE_14_15', 12)];
    const lattice = buildLattice('missingEpisodes', [[], [J], [M], [J, M]], '2025-Q1', cube, context);
    expect(lattice.months).toBe(false);
    expect(lattice.figures['missingEpisodes|JURISDICTION=a']).toEqual([45, 0]);
    expect(lattice.figures['missingEpisodes|JURISDICTION=b']).toEqual([12, 0]);
    expect(Object.keys(lattice.figures).some((key) => key.includes('MONTH'))).toBe(false);
  });

  it('answers from the lattice: whole quarters, months, narrower jurisdictions, and nothing it does not hold', () => {
    const lattices = new Map<string, LatticeBody>([['2025-Q1', buildLattice('missingEpisodes', TABLES, '2025-Q1', CUBE, context)]]);
    const ask = (rowDimension: DimensionName | null, columnDimension: DimensionName | null, from: string, to: string, jurisdictionIds: string[] | null = null) =>
      answerFrom({ source: 'missingEpisodes', rowDimension, columnDimension, from, to, jurisdictionIds }, lattices, ['a', 'b']);

    const byAge = ask(J, A, '2025-01', '2025-03');
    expect(byAge.columnAxis).toMatchObject({ level: 'AGE_GROUP', values: ['UNDER_12', 'AGE_12_15', 'AGE_16_OR_OLDER', 'NOT_RECORDED'] });
    expect(shown(byAge)).toEqual([[0, 34, 0, 0, 34], [0, 33, 20, 0, 53], [0, 67, 20, 0, 87]]);

    // January and February: the sum of two months of the lattice's table by jurisdiction and month.
    expect(shown(ask(J, null, '2025-01', '2025-02'))).toEqual([[34, 34], [53, 53], [87, 87]]);
    // By age over two months would need a table by age and month, which the lattice does not hold: only the total, by month, is published.
    expect(shown(ask(A, null, '2025-01', '2025-02'))).toEqual([['x', 'x'], ['x', 'x'], ['x', 'x'], ['x', 'x'], [87, 87]]);
    // Only a: the lattice's row of a.
    expect(shown(ask(A, null, '2025-01', '2025-03', ['a']))).toEqual([[0, 0], [34, 34], [0, 0], [0, 0], [34, 34]]);
    // By month over the quarter: months, since the lattice kept them.
    expect(ask(M, null, '2025-01', '2025-03').rowAxis).toMatchObject({ level: 'MONTH', values: ['2025-01', '2025-02', '2025-03'] });
  });

  it('publishes a sum only when every figure it adds up is published', () => {
    // Q1 by band is hidden where 4 and 8 are (bands), Q2 has 40 aged 14-15 in a: two quarters by band add a hidden figure to a published one.
    const q1 = buildLattice('missingEpisodes', [[], [J], [A], [J, A]], '2025-Q1', [row('2025-01', 'a', 'AGE_12_13', 4), row('2025-01', 'a', 'AGE_14_15', 60), row('2025-01', 'b', 'AGE_14_15', 50)], context);
    const q2 = buildLattice('missingEpisodes', [[], [J], [A], [J, A]], '2025-Q2', [row('2025-04', 'a', 'AGE_14_15', 40), row('2025-04', 'b', 'AGE_14_15', 45)], context);
    expect(q1.ageLevel).toBe('AGE_GROUP');
    expect(q2.ageLevel).toBe('AGE_BAND');
    const half = answerFrom({ source: 'missingEpisodes', rowDimension: J, columnDimension: A, from: '2025-01', to: '2025-06', jurisdictionIds: null }, new Map([['2025-Q1', q1], ['2025-Q2', q2]]), ['a', 'b']);
    // Q2's bands add up to groups: a is 64 + 40 aged 12-15, b 50 + 45.
    expect(half.columnAxis.level).toBe('AGE_GROUP');
    expect(shown(half)).toEqual([[0, 104, 0, 0, 104], [0, 95, 0, 0, 95], [0, 199, 0, 0, 199]]);
  });
});

describe('figures two dimensions count', () => {
  it('key an expired referral the same by outcome and by expiry, so that it is hidden in both or in neither', () => {
    const cube: CubeRow[] = [
      { month: '2025-04', values: { SERVICE_TYPE: 'HOUSING', REFERRAL_OUTCOME: 'EXPIRED', EXPIRY: 'EXPIRED' }, n: 4 },
      { month: '2025-04', values: { SERVICE_TYPE: 'HOUSING', REFERRAL_OUTCOME: 'ACCEPTED', EXPIRY: 'NOT_EXPIRED' }, n: 30 },
      { month: '2025-04', values: { SERVICE_TYPE: 'COUNSELING', REFERRAL_OUTCOME: 'ACCEPTED', EXPIRY: 'NOT_EXPIRED' }, n: 40 },
    ];
    const lattice = buildLattice('referralsSent', [['SERVICE_TYPE', 'REFERRAL_OUTCOME'], ['SERVICE_TYPE', 'EXPIRY']], '2025-Q2', cube, { jurisdictions: [], minCell: 11, protect: true });
    expect(lattice.figures['referralsSent|REFERRAL_OUTCOME=EXPIRED|SERVICE_TYPE=HOUSING']).toEqual([4, 1]);
    expect(Object.keys(lattice.figures).some((key) => key.includes('EXPIRY=EXPIRED'))).toBe(false);
  });
});

import { ALL, keysOf, layOut } from './statistics-table';
import { coarsenMonth, MEASURES, monthsBetween } from './statistics.measures';
import { SOURCES, StatisticsRepository } from './statistics.repository';
import { check } from './statistics.service';

describe('statistics tables', () => {
  it('lays counts out in rows and columns, leaving values outside the axes out', () => {
    const found = [
      { values: ['A', 'x'], n: 3 },
      { values: ['B', 'y'], n: 4 },
      { values: ['A', 'x'], n: 1 },
      { values: ['C', 'x'], n: 9 },
    ];
    expect(layOut(found, { dimension: 'R', values: ['A', 'B'] }, { dimension: 'C', values: ['x', 'y'] })).toEqual([[4, 0], [0, 4]]);
    expect(layOut([{ values: ['A'], n: 2 }], { dimension: 'R', values: ['A'] }, { dimension: null, values: [ALL] })).toEqual([[2]]);
  });

  it('coarsens months to quarters', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(['2025-01', '2025-03', '2025-04', '2025-12'].map((month) => coarsenMonth(month, 'QUARTER'))).toEqual(['2025-Q1', '2025-Q1', '2025-Q2', '2025-Q4']);
  });

  it('keys a figure the same in every table that shows it', () => {
    const twoWay = keysOf('referralsSent', { dimension: 'SERVICE_TYPE', values: ['HOUSING'] }, { dimension: 'URGENCY', values: ['URGENT'] });
    const oneWay = keysOf('referralsSent', { dimension: 'SERVICE_TYPE', values: ['HOUSING'] }, { dimension: null, values: [ALL] });
    expect(twoWay[0]![1]).toBe(oneWay[0]![0]);
    expect(twoWay[1]![1]).toBe(oneWay[1]![1]);
  });

  it('declares only dimensions its source can cut by', () => {
    for (const measure of Object.values(MEASURES)) {
      for (const dimension of [...measure.dimensions, ...('share' in measure ? [measure.share.dimension] : [])]) {
        expect(`${measure.name}: ${dimension} ${StatisticsRepository.supports(measure.source, dimension)}`).toBe(`${measure.name}: ${dimension} true`);
      }
      expect(SOURCES[measure.source]).toBeDefined();
    }
  });

  it('refuses a question it cannot answer, naming each field', () => {
    const paths = (query: Parameters<typeof check>[0]) => {
      try {
        check(query);
        return [];
      } catch (error) {
        return (error as { fields: { path: string }[] }).fields.map((field) => field.path);
      }
    };
    expect(paths({ measure: 'NOPE', dimensions: [], from: '2025-01', to: '2025-01' })).toEqual(['measure']);
    expect(paths({ measure: 'REFERRALS', dimensions: ['SERVICE_TYPE', 'URGENCY', 'MONTH'], from: '2025-01', to: '2025-01' })).toEqual(['dimensions']);
    expect(paths({ measure: 'REFERRALS', dimensions: ['BED_STATE'], from: '2025-01', to: '2022-01' })).toEqual(['dimensions.0', 'filter.to']);
    expect(paths({ measure: 'SHELTER_OCCUPANCY', dimensions: [], from: '2025-01', to: '2026-01' })).toEqual(['filter.to']);
    expect(paths({ measure: 'SHELTER_OCCUPANCY', dimensions: [], from: '2025-01', to: '2025-12' })).toEqual([]);
  });
});

/**
 * Public figures advocates quote, each with its source, shown beside local figures so that a reader
 * sees both and where each comes from. They are data: a figure is corrected or added here, with its
 * source, and never computed from Tandem's records.
 */
export interface ReferenceFigure {
  id: string;
  statement: string;
  value: number;
  unit: 'CHILDREN' | 'SHARE';
  year: number;
  area: string;
  source: string;
  sourceUrl: string | null;
}

export const REFERENCE_FIGURES: readonly ReferenceFigure[] = [
  {
    id: 'ncmec-runaways-2019',
    statement: 'Endangered runaways reported to NCMEC (more than)',
    value: 23_500,
    unit: 'CHILDREN',
    year: 2019,
    area: 'United States',
    source: 'National Center for Missing & Exploited Children (NCMEC)',
    sourceUrl: 'https://www.missingkids.org/theissues/trafficking',
  },
  {
    id: 'ncmec-trafficking-share-2019',
    statement: 'Of those endangered runaways, likely victims of child sex trafficking (about one in six)',
    value: 1 / 6,
    unit: 'SHARE',
    year: 2019,
    area: 'United States',
    source: 'National Center for Missing & Exploited Children (NCMEC)',
    sourceUrl: 'https://www.missingkids.org/theissues/trafficking',
  },
  { id: 'florida-missing-2019', statement: 'Missing children reported', value: 27_717, unit: 'CHILDREN', year: 2019, area: 'Florida', source: 'Florida Department of Law Enforcement, Missing Endangered Persons Information Clearinghouse', sourceUrl: null },
  { id: 'st-louis-missing-2020', statement: 'Missing children reported', value: 536, unit: 'CHILDREN', year: 2020, area: 'St. Louis', source: 'St. Louis Metropolitan Police Department', sourceUrl: null },
  { id: 'atlanta-missing-2019', statement: 'Missing children reported', value: 578, unit: 'CHILDREN', year: 2019, area: 'Atlanta', source: 'Atlanta Police Department', sourceUrl: null },
  { id: 'detroit-missing-2020', statement: 'Missing children reported', value: 615, unit: 'CHILDREN', year: 2020, area: 'Detroit', source: 'Detroit Police Department', sourceUrl: null },
];

export const referenceFigures = (ids: readonly string[] = []): ReferenceFigure[] => REFERENCE_FIGURES.filter((figure) => ids.includes(figure.id));

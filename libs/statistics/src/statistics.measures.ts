import { AGE_BANDS, AGE_GROUP_OF, AGE_GROUPS, PLACEMENT_KINDS, SEXES } from './episode-facts';

/*
 * The measures, as data (docs/design.md, "Statistics"). A measure is its source query (a source of
 * the statistics repository: what is counted, its time, jurisdiction and agency), the dimensions it
 * may be cut by, and the rules that protect it. Adding one is one entry here and, when it reads
 * something new, one source in `statistics.repository.ts`.
 */

/**
 * What a dimension's values are: a closed list (so zero cells show), the months of the period, the
 * jurisdictions, or the values found in the period (for values that are data, such as instruments).
 */
export type DimensionValues = { kind: 'list'; values: readonly string[] } | { kind: 'months' } | { kind: 'jurisdictions' } | { kind: 'found' };

/** A coarser form of a dimension: its name, and (for a list) its values and each finer value's coarser one. */
export interface Coarsening {
  level: string;
  values?: readonly string[];
  of?: Readonly<Record<string, string>>;
}

export interface DimensionSpec {
  name: string;
  description: string;
  values: DimensionValues;
  /** The coarser form tried before suppressing, where it keeps more data (months: quarters; age bands: age groups). */
  coarsening?: Coarsening;
}

export const SERVICE_TYPES = ['EMERGENCY_SHELTER', 'HOUSING', 'COUNSELING', 'MEDICAL_EXAM', 'FORENSIC_INTERVIEW', 'LEGAL_ADVOCACY', 'INVESTIGATION', 'CASE_MANAGEMENT', 'EDUCATION'] as const;
export const STATUTORY_KINDS = ['MISSING_REPORT_LE', 'MISSING_REPORT_NCMEC', 'NCIC_ENTRY', 'VICTIM_REPORT_LE'] as const;

export const DIMENSIONS = {
  JURISDICTION: { name: 'JURISDICTION', description: 'The jurisdiction of the agency that recorded it (the site, for capacity)', values: { kind: 'jurisdictions' } },
  MONTH: { name: 'MONTH', description: 'The month it started (UTC), coarsened to quarters where that keeps more data', values: { kind: 'months' }, coarsening: { level: 'QUARTER' } },
  AGE_BAND: {
    name: 'AGE_BAND',
    description: "The child's age when the episode began, in two-year bands, coarsened to age groups (AGE_GROUP) where that keeps more data",
    values: { kind: 'list', values: AGE_BANDS },
    coarsening: { level: 'AGE_GROUP', values: AGE_GROUPS, of: AGE_GROUP_OF },
  },
  SEX: { name: 'SEX', description: "The child's recorded sex (ANOTHER: any other value recorded)", values: { kind: 'list', values: SEXES } },
  PLACEMENT_KIND: { name: 'PLACEMENT_KIND', description: 'The kind of placement the child was in while the episode was open', values: { kind: 'list', values: PLACEMENT_KINDS } },
  RETURNED_WITHIN_7_DAYS: { name: 'RETURNED_WITHIN_7_DAYS', description: 'Whether the child returned within 7 days of going missing', values: { kind: 'list', values: ['YES', 'NO', 'NOT_RETURNED'] } },
  REPORT_KIND: { name: 'REPORT_KIND', description: 'The statutory report or entry', values: { kind: 'list', values: STATUTORY_KINDS } },
  DEADLINE_KIND: {
    name: 'DEADLINE_KIND',
    description: 'The kind of deadline',
    values: { kind: 'list', values: [...STATUTORY_KINDS, 'REFERRAL_RESPONSE', 'HANDOFF_RESPONSE', 'RETURN_INTERVIEW', 'BREAK_GLASS_REVIEW', 'CASE_REVIEW'] },
  },
  TIMELINESS: { name: 'TIMELINESS', description: 'Met by its due time, or late (breached)', values: { kind: 'list', values: ['ON_TIME', 'LATE'] } },
  SERVICE_TYPE: { name: 'SERVICE_TYPE', description: 'The service referred for', values: { kind: 'list', values: SERVICE_TYPES } },
  URGENCY: { name: 'URGENCY', description: 'The urgency the referral was sent with', values: { kind: 'list', values: ['EMERGENCY', 'URGENT', 'ROUTINE'] } },
  REFERRAL_OUTCOME: {
    name: 'REFERRAL_OUTCOME',
    description: 'Where the referral stands',
    values: { kind: 'list', values: ['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'DECLINED', 'CANCELLED', 'EXPIRED'] },
  },
  EXPIRY: { name: 'EXPIRY', description: 'Whether the referral expired unanswered', values: { kind: 'list', values: ['EXPIRED', 'NOT_EXPIRED'] } },
  NO_CAPACITY: { name: 'NO_CAPACITY', description: 'Whether the referral was declined for lack of capacity', values: { kind: 'list', values: ['DECLINED_NO_CAPACITY', 'OTHERWISE'] } },
  BED_STATE: { name: 'BED_STATE', description: 'Whether a bed-night was occupied or free', values: { kind: 'list', values: ['OCCUPIED', 'FREE'] } },
  TIP_OUTCOME: { name: 'TIP_OUTCOME', description: 'Where the tip stands', values: { kind: 'list', values: ['NEW', 'UNDER_REVIEW', 'LINKED', 'REFERRED', 'NO_ACTION'] } },
  INSTRUMENT: { name: 'INSTRUMENT', description: 'The screening instrument (its id)', values: { kind: 'found' } },
  SCREEN_OUTCOME: { name: 'SCREEN_OUTCOME', description: "The screening's result", values: { kind: 'list', values: ['POSITIVE', 'NEGATIVE', 'INCONCLUSIVE'] } },
} as const satisfies Record<string, DimensionSpec>;
export type DimensionName = keyof typeof DIMENSIONS;

/** Values of two dimensions that count the same figure (an expired referral is one whether cut by outcome or by expiry): one key, so that it is hidden in both or in neither. */
export const SAME_FIGURE: Readonly<Record<string, string>> = { 'EXPIRY=EXPIRED': 'REFERRAL_OUTCOME=EXPIRED' };

/** The sources of the statistics repository. */
export type SourceName = 'missingEpisodes' | 'statutoryReports' | 'agencyDeadlines' | 'referralsSent' | 'referralsReceived' | 'bedNights' | 'nightsWithoutBed' | 'tips' | 'screenings';

export interface MeasureSpec {
  name: string;
  title: string;
  /** What one counted unit is. */
  unit: 'EPISODES' | 'REPORTS' | 'DEADLINES' | 'REFERRALS' | 'BED_NIGHTS' | 'NIGHTS' | 'TIPS' | 'SCREENINGS';
  source: SourceName;
  /** The dimensions a reader may cut it by. */
  dimensions: readonly DimensionName[];
  /** A share: the dimension split into its columns, and the value whose share of the row is given. */
  share?: { dimension: DimensionName; positive: string };
  /** A median in hours beside each row, where the row is published and has at least the minimum cell of values. */
  median?: string;
  /** Counts of children or of what happened to them are protected; counts of nights a jurisdiction had no bed are not. */
  protect: boolean;
  /** `PUBLIC`: de-identified statistics for every reader; `OWN_AGENCY`: a supervisor's own agency's operational figures. */
  audience: 'PUBLIC' | 'OWN_AGENCY';
  /** The longest period it may be asked over, in months. */
  maxMonths: number;
  /** The reference figures shown beside it. */
  context?: readonly string[];
}

const YEARS = 36;

export const MEASURES = {
  MISSING_EPISODES: {
    name: 'MISSING_EPISODES',
    title: 'Missing episodes of children in care',
    unit: 'EPISODES',
    source: 'missingEpisodes',
    dimensions: ['JURISDICTION', 'MONTH', 'RETURNED_WITHIN_7_DAYS', 'AGE_BAND', 'SEX', 'PLACEMENT_KIND'],
    median: 'hours missing, of those returned',
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
    context: ['ncmec-runaways-2019', 'ncmec-trafficking-share-2019', 'florida-missing-2019', 'st-louis-missing-2020', 'atlanta-missing-2019', 'detroit-missing-2020'],
  },
  MISSING_RETURNED_WITHIN_7_DAYS: {
    name: 'MISSING_RETURNED_WITHIN_7_DAYS',
    title: 'Share of missing episodes ended by a return within 7 days',
    unit: 'EPISODES',
    source: 'missingEpisodes',
    dimensions: ['JURISDICTION', 'MONTH', 'AGE_BAND', 'SEX', 'PLACEMENT_KIND'],
    share: { dimension: 'RETURNED_WITHIN_7_DAYS', positive: 'YES' },
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  STATUTORY_REPORT_TIMELINESS: {
    name: 'STATUTORY_REPORT_TIMELINESS',
    title: 'Statutory reports and NCIC entries made on time',
    unit: 'REPORTS',
    source: 'statutoryReports',
    dimensions: ['REPORT_KIND', 'JURISDICTION', 'MONTH'],
    share: { dimension: 'TIMELINESS', positive: 'ON_TIME' },
    median: 'hours from the clock starting to the report',
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  REFERRALS: {
    name: 'REFERRALS',
    title: 'Referrals sent',
    unit: 'REFERRALS',
    source: 'referralsSent',
    dimensions: ['SERVICE_TYPE', 'URGENCY', 'REFERRAL_OUTCOME', 'JURISDICTION', 'MONTH'],
    median: 'hours to an answer',
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  REFERRALS_EXPIRED: {
    name: 'REFERRALS_EXPIRED',
    title: 'Share of referrals that expired unanswered',
    unit: 'REFERRALS',
    source: 'referralsSent',
    dimensions: ['SERVICE_TYPE', 'URGENCY', 'JURISDICTION', 'MONTH'],
    share: { dimension: 'EXPIRY', positive: 'EXPIRED' },
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  REFERRALS_DECLINED_NO_CAPACITY: {
    name: 'REFERRALS_DECLINED_NO_CAPACITY',
    title: 'Share of referrals declined for lack of capacity',
    unit: 'REFERRALS',
    source: 'referralsSent',
    dimensions: ['SERVICE_TYPE', 'URGENCY', 'JURISDICTION', 'MONTH'],
    share: { dimension: 'NO_CAPACITY', positive: 'DECLINED_NO_CAPACITY' },
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  SHELTER_OCCUPANCY: {
    name: 'SHELTER_OCCUPANCY',
    title: 'Shelter bed-nights occupied (occupancy)',
    unit: 'BED_NIGHTS',
    source: 'bedNights',
    dimensions: ['JURISDICTION', 'MONTH'],
    share: { dimension: 'BED_STATE', positive: 'OCCUPIED' },
    protect: true,
    audience: 'PUBLIC',
    maxMonths: 12,
  },
  NIGHTS_WITHOUT_BED: {
    name: 'NIGHTS_WITHOUT_BED',
    title: 'Nights on which a jurisdiction had no shelter bed free',
    unit: 'NIGHTS',
    source: 'nightsWithoutBed',
    dimensions: ['JURISDICTION', 'MONTH'],
    protect: false,
    audience: 'PUBLIC',
    maxMonths: 12,
  },
  TIPS: {
    name: 'TIPS',
    title: 'Tips of suspected trafficking received',
    unit: 'TIPS',
    source: 'tips',
    dimensions: ['TIP_OUTCOME', 'JURISDICTION', 'MONTH'],
    median: 'hours from the tip to a decision',
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  SCREENINGS_POSITIVE: {
    name: 'SCREENINGS_POSITIVE',
    title: 'Share of screenings that were positive',
    unit: 'SCREENINGS',
    source: 'screenings',
    dimensions: ['INSTRUMENT', 'JURISDICTION', 'MONTH'],
    share: { dimension: 'SCREEN_OUTCOME', positive: 'POSITIVE' },
    protect: true,
    audience: 'PUBLIC',
    maxMonths: YEARS,
  },
  AGENCY_DEADLINE_TIMELINESS: {
    name: 'AGENCY_DEADLINE_TIMELINESS',
    title: "Your agency's deadlines met on time",
    unit: 'DEADLINES',
    source: 'agencyDeadlines',
    dimensions: ['DEADLINE_KIND', 'MONTH'],
    share: { dimension: 'TIMELINESS', positive: 'ON_TIME' },
    median: 'hours from the clock starting to the act',
    protect: true,
    audience: 'OWN_AGENCY',
    maxMonths: YEARS,
  },
  AGENCY_REFERRAL_ANSWERS: {
    name: 'AGENCY_REFERRAL_ANSWERS',
    title: 'Referrals your agency received, and how fast it answered',
    unit: 'REFERRALS',
    source: 'referralsReceived',
    dimensions: ['SERVICE_TYPE', 'URGENCY', 'REFERRAL_OUTCOME', 'MONTH'],
    median: 'hours to an answer',
    protect: true,
    audience: 'OWN_AGENCY',
    maxMonths: YEARS,
  },
} as const satisfies Record<string, MeasureSpec>;
export type MeasureName = keyof typeof MEASURES;

export const measureOf = (name: string): MeasureSpec | undefined => (MEASURES as Record<string, MeasureSpec>)[name];
export const dimensionOf = (name: string): DimensionSpec | undefined => (DIMENSIONS as Record<string, DimensionSpec>)[name];

/**
 * The tables of a published release: public measures only, never finer than a month, no area below a
 * jurisdiction; read from the quarters' lattices like every answer (whole quarters publish the most).
 */
export const RELEASE_TABLES: readonly { measure: MeasureName; dimensions: readonly DimensionName[] }[] = [
  { measure: 'MISSING_EPISODES', dimensions: ['JURISDICTION'] },
  { measure: 'MISSING_EPISODES', dimensions: ['JURISDICTION', 'RETURNED_WITHIN_7_DAYS'] },
  { measure: 'MISSING_EPISODES', dimensions: ['AGE_BAND'] },
  { measure: 'MISSING_EPISODES', dimensions: ['SEX'] },
  { measure: 'MISSING_EPISODES', dimensions: ['PLACEMENT_KIND'] },
  { measure: 'STATUTORY_REPORT_TIMELINESS', dimensions: ['REPORT_KIND'] },
  { measure: 'STATUTORY_REPORT_TIMELINESS', dimensions: ['JURISDICTION'] },
  { measure: 'REFERRALS', dimensions: ['SERVICE_TYPE', 'URGENCY'] },
  { measure: 'REFERRALS', dimensions: ['JURISDICTION'] },
  { measure: 'REFERRALS_EXPIRED', dimensions: ['URGENCY'] },
  { measure: 'REFERRALS_DECLINED_NO_CAPACITY', dimensions: ['SERVICE_TYPE'] },
  { measure: 'SHELTER_OCCUPANCY', dimensions: ['JURISDICTION'] },
  { measure: 'NIGHTS_WITHOUT_BED', dimensions: ['JURISDICTION'] },
  { measure: 'TIPS', dimensions: ['TIP_OUTCOME'] },
  { measure: 'TIPS', dimensions: ['JURISDICTION'] },
  { measure: 'SCREENINGS_POSITIVE', dimensions: ['INSTRUMENT'] },
];

/** Months as `YYYY-MM`, a quarter as `YYYY-Qn`. */
export function coarsenMonth(month: string, level: string): string {
  const [year, number] = month.split('-');
  if (level === 'QUARTER') return `${year}-Q${Math.ceil(Number(number) / 3)}`;
  return month;
}

/** The months from `from` to `to` inclusive (`YYYY-MM`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

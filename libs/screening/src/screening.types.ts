import { registerEnumType } from '@nestjs/graphql';
import { DataScope } from '@tandem/authz';
import { ConsentGrantor, RiskLevel } from '@tandem/cases';
import { sealedText } from '@tandem/crypto';

/** How an instrument is administered: asked by a worker, filled in by the young person, or completed by a worker from what is known. */
export enum ScreeningMode {
  INTERVIEW = 'INTERVIEW',
  SELF_REPORT = 'SELF_REPORT',
  INFORMATION_INTEGRATION = 'INFORMATION_INTEGRATION',
}

/** Who gave the answers. */
export enum ScreeningRespondent {
  YOUTH = 'YOUTH',
  CAREGIVER = 'CAREGIVER',
  PROFESSIONAL = 'PROFESSIONAL',
}

export enum AnswerType {
  /** `YES` scores the item's weight, `NO` nothing. */
  YES_NO = 'YES_NO',
  /** A whole number from `min` to `max`, scored as the number times the weight. */
  SCALE = 'SCALE',
  /** One of the item's options, scored as the option's points times the weight. */
  CHOICE = 'CHOICE',
}

/** An item's answer: given, or marked as declined by the respondent or not known. */
export enum AnswerStatus {
  ANSWERED = 'ANSWERED',
  DECLINED = 'DECLINED',
  UNKNOWN = 'UNKNOWN',
}

/**
 * What a screening found: `POSITIVE` when its score reached a threshold the instrument marks
 * positive; `INCONCLUSIVE` when it did not and more items were declined or unknown than the
 * instrument allows; `NEGATIVE` otherwise.
 */
export enum ScreeningOutcome {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
  INCONCLUSIVE = 'INCONCLUSIVE',
}

for (const [value, name, description] of [
  [ScreeningMode, 'ScreeningMode', 'How a screening instrument is administered'],
  [ScreeningRespondent, 'ScreeningRespondent', 'Who answered a screening'],
  [AnswerType, 'ScreeningAnswerType', 'What an item of a screening instrument takes as an answer'],
  [AnswerStatus, 'ScreeningAnswerStatus', 'Whether an item was answered, declined or not known'],
  [ScreeningOutcome, 'ScreeningOutcome', 'What a screening found'],
] as const) {
  registerEnumType(value, { name, description });
}

/** Text in each of the instrument's languages (`en`, `es`, ...). */
export type Texts = Record<string, string>;

export interface ItemDefinition {
  id: string;
  text: Texts;
  answerType: AnswerType;
  weight: number;
  required: boolean;
  /** SCALE only. */
  min?: number;
  max?: number;
  /** CHOICE only. */
  options?: { code: string; points: number; text: Texts }[];
}

export interface ThresholdOutcome {
  /** The case's risk level this result calls for: the case is raised to it, never lowered. */
  riskLevel?: RiskLevel;
  /** A positive result flags the case SCREENED_POSITIVE, alerts its people and starts the follow-up clock. */
  positive: boolean;
  recommendedAction: Texts;
  /** The follow-up a positive result needs: a referral of one of these services within so many hours. */
  followUp?: { withinHours: number; serviceTypes: string[] };
}

/**
 * A band of results. Thresholds are listed from the least to the most severe; a screening's result
 * is the last one it reaches (its score at least `minScore`, or a YES to any item of `anyYesOf`).
 */
export interface ThresholdDefinition {
  id: string;
  label: Texts;
  minScore?: number;
  anyYesOf?: string[];
  outcome: ThresholdOutcome;
}

/** A screening instrument's version, as data (docs/screening-instruments.md). */
export interface InstrumentDefinition {
  id: string;
  version: string;
  title: Texts;
  languages: string[];
  /** A practice instrument is for training and demonstrations only: never for a real child. */
  practice: boolean;
  /** The scope its answers are kept under: SERVICES, or CLINICAL (read only by the administering agency). */
  scope: DataScope.SERVICES | DataScope.CLINICAL;
  modes: ScreeningMode[];
  respondents: ScreeningRespondent[];
  license: { name: string; url?: string; redistributable: boolean; terms?: string };
  citation: string;
  items: ItemDefinition[];
  scoring: { method: 'WEIGHTED_SUM'; maxMissing?: number };
  thresholds: ThresholdDefinition[];
}

export interface InstrumentRecord {
  instrumentId: string;
  version: string;
  definition: InstrumentDefinition;
  digest: string;
  loadedAt: Date;
}

/** One item's answer as submitted. */
export interface AnswerInput {
  itemId: string;
  value?: string | null;
  status?: AnswerStatus | null;
}

/** One item's answer as stored and scored. */
export interface ScoredAnswer {
  itemId: string;
  status: AnswerStatus;
  value: string | null;
  points: number;
}

export interface ScreeningRecord {
  id: string;
  caseId: string;
  instrumentId: string;
  instrumentVersion: string;
  agencyId: string;
  administeredBy: string;
  administeredAt: Date;
  mode: ScreeningMode;
  respondent: ScreeningRespondent;
  assent: boolean;
  consentBy: ConsentGrantor | null;
  scope: DataScope;
  score: number;
  maxScore: number;
  outcome: ScreeningOutcome;
  thresholdId: string | null;
  riskLevel: RiskLevel | null;
  caseRiskBefore: RiskLevel;
  caseRiskAfter: RiskLevel;
  missingCount: number;
  answers: ScoredAnswer[];
  missingEpisodeId: string | null;
  followUpDueAt: Date | null;
  createdAt: Date;
}

/** Item answers are stored sealed, bound to their screening (`screening:<id>:answers`). */
export const SCREENING_TEXT = sealedText('screening', 'screening', ['answers']);
export const SCREENING_SEALED_TEXT = [SCREENING_TEXT];

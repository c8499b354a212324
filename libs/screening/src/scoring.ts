import { RiskLevel } from '@tandem/cases';
import { FieldProblem } from '@tandem/platform';
import { AnswerInput, AnswerStatus, AnswerType, InstrumentDefinition, ItemDefinition, ScoredAnswer, ScreeningOutcome, ThresholdDefinition } from './screening.types';

/** The result of scoring a screening on its instrument's version: computed on the server, stored, never recomputed. */
export interface ScreeningResult {
  score: number;
  maxScore: number;
  /** Items declined or not known. */
  missingCount: number;
  outcome: ScreeningOutcome;
  /** The band reached (the most severe one), if any. */
  threshold: ThresholdDefinition | null;
  riskLevel: RiskLevel | null;
  answers: ScoredAnswer[];
}

const YES = 'YES';
const NO = 'NO';

/**
 * Checks answers against the instrument's items; each problem names its field (`input.answers.2.value`).
 * Every required item must be answered or marked DECLINED or UNKNOWN; an optional item may be left out.
 */
export function answerProblems(definition: InstrumentDefinition, answers: readonly AnswerInput[], path = 'input.answers'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const items = new Map(definition.items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  answers.forEach((answer, i) => {
    const at = `${path}.${i}`;
    const item = items.get(answer.itemId);
    if (!item) return problems.push({ path: `${at}.itemId`, message: `is not an item of ${definition.id} version ${definition.version}` });
    if (seen.has(item.id)) return problems.push({ path: `${at}.itemId`, message: `answers item ${item.id} a second time` });
    seen.add(item.id);
    const status = answer.status ?? AnswerStatus.ANSWERED;
    const value = answer.value ?? null;
    if (status !== AnswerStatus.ANSWERED) {
      if (value !== null) problems.push({ path: `${at}.value`, message: `must be left out when the item is ${status}` });
      return;
    }
    if (value === null) return problems.push({ path: `${at}.value`, message: 'is required: answer the item, or mark it DECLINED or UNKNOWN' });
    const wrong = valueProblem(item, value);
    if (wrong) problems.push({ path: `${at}.value`, message: wrong });
  });
  const unanswered = definition.items.filter((item) => item.required && !seen.has(item.id)).map((item) => item.id);
  if (unanswered.length) problems.push({ path, message: `leave no required item out: answer ${unanswered.join(', ')} or mark them DECLINED or UNKNOWN` });
  return problems;
}

function valueProblem(item: ItemDefinition, value: string): string | null {
  switch (item.answerType) {
    case AnswerType.YES_NO:
      return value === YES || value === NO ? null : `must be YES or NO for item ${item.id}`;
    case AnswerType.SCALE: {
      const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(number) && number >= item.min! && number <= item.max! ? null : `must be a whole number from ${item.min} to ${item.max} for item ${item.id}`;
    }
    case AnswerType.CHOICE:
      return item.options!.some((option) => option.code === value) ? null : `must be one of ${item.options!.map((option) => option.code).join(', ')} for item ${item.id}`;
  }
}

/** The points an answered item scores, before its weight. */
function rawPoints(item: ItemDefinition, value: string): number {
  switch (item.answerType) {
    case AnswerType.YES_NO:
      return value === YES ? 1 : 0;
    case AnswerType.SCALE:
      return Number(value);
    case AnswerType.CHOICE:
      return item.options!.find((option) => option.code === value)!.points;
  }
}

function mostPoints(item: ItemDefinition): number {
  if (item.answerType === AnswerType.YES_NO) return 1;
  if (item.answerType === AnswerType.SCALE) return item.max!;
  return Math.max(...item.options!.map((option) => option.points));
}

/** Sums with a fixed precision, so that weights such as 0.1 add up to what a person adds by hand. */
const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Scores answers that passed {@link answerProblems}: each answered item scores its points times its
 * weight, a declined or unknown item nothing. The result is the last (most severe) threshold reached;
 * a positive one makes the screening POSITIVE whatever is missing (the missing items could only have
 * added to the score); short of it, more declined or unknown items than the instrument allows make it
 * INCONCLUSIVE.
 */
export function scoreScreening(definition: InstrumentDefinition, answers: readonly AnswerInput[]): ScreeningResult {
  const given = new Map(answers.map((answer) => [answer.itemId, answer]));
  const scored: ScoredAnswer[] = [];
  let score = 0;
  let maxScore = 0;
  let missingCount = 0;
  const yes = new Set<string>();
  for (const item of definition.items) {
    maxScore += mostPoints(item) * item.weight;
    const answer = given.get(item.id);
    if (!answer) continue;
    const status = answer.status ?? AnswerStatus.ANSWERED;
    if (status !== AnswerStatus.ANSWERED) {
      missingCount += 1;
      scored.push({ itemId: item.id, status, value: null, points: 0 });
      continue;
    }
    const value = answer.value!;
    const points = round(rawPoints(item, value) * item.weight);
    if (item.answerType === AnswerType.YES_NO && value === YES) yes.add(item.id);
    score += points;
    scored.push({ itemId: item.id, status, value, points });
  }
  score = round(score);
  maxScore = round(maxScore);
  const reached = definition.thresholds.filter((t) => (t.minScore !== undefined && score >= t.minScore) || (t.anyYesOf ?? []).some((id) => yes.has(id)));
  const threshold = reached[reached.length - 1] ?? null;
  const tooMuchMissing = definition.scoring.maxMissing !== undefined && missingCount > definition.scoring.maxMissing;
  let outcome = ScreeningOutcome.NEGATIVE;
  if (threshold?.outcome.positive) outcome = ScreeningOutcome.POSITIVE;
  else if (tooMuchMissing) outcome = ScreeningOutcome.INCONCLUSIVE;
  // An inconclusive screening says nothing of the child's risk: the band it happened to reach is not applied.
  const applied = outcome === ScreeningOutcome.INCONCLUSIVE ? null : threshold;
  return { score, maxScore, missingCount, outcome, threshold: applied, riskLevel: applied?.outcome.riskLevel ?? null, answers: scored };
}

import { readFileSync } from 'node:fs';
import { RiskLevel } from '@tandem/cases';
import { parseInstrument } from './instrument-definition';
import { answerProblems, scoreScreening } from './scoring';
import { shippedInstrumentFiles } from './screening-instruments.service';
import { AnswerInput, AnswerStatus, InstrumentDefinition, ScreeningOutcome } from './screening.types';

/*
 * The practice instrument (libs/screening/instruments/practice-screen-1.json), scored by hand:
 * five YES_NO items of weight 1, a CHOICE item (NEVER 0, SOMETIMES 1, OFTEN 2) of weight 1, and an
 * optional SCALE item (0 to 4) of weight 0.5: at most 5 + 2 + 2 = 9 points. Bands: below-threshold
 * from 0 (LOW, negative), elevated from 2 (ELEVATED, positive, 72 h), high from 5 or a YES to
 * `exchange` (HIGH, positive, 24 h). More than 2 items declined or unknown, short of a positive band:
 * INCONCLUSIVE.
 */
function practice(): InstrumentDefinition {
  const file = shippedInstrumentFiles().find((path) => path.endsWith('practice-screen-1.json'))!;
  const parsed = parseInstrument(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition;
}

const YES_NO_ITEMS = ['runaway', 'unexplained-items', 'controlling-relationship', 'exchange', 'unstable-lodging'];

/** Every required item answered NO / NEVER, then the given answers over them. */
function answers(over: Record<string, string | AnswerStatus>): AnswerInput[] {
  const base: Record<string, string | AnswerStatus> = Object.fromEntries(YES_NO_ITEMS.map((id) => [id, 'NO']));
  base['substance-use'] = 'NEVER';
  return Object.entries({ ...base, ...over }).map(([itemId, given]) =>
    given === AnswerStatus.DECLINED || given === AnswerStatus.UNKNOWN ? { itemId, status: given } : { itemId, value: given },
  );
}

describe('scoring the practice instrument by hand', () => {
  const definition = practice();

  it.each([
    // [what, answers, score, band, outcome, risk level]
    ['nothing of concern: 0 of 9', {}, 0, 'below-threshold', ScreeningOutcome.NEGATIVE, RiskLevel.LOW],
    ['one YES and a concern of 1 (0.5): 1.5, just short of 2', { runaway: 'YES', 'worker-concern': '1' }, 1.5, 'below-threshold', ScreeningOutcome.NEGATIVE, RiskLevel.LOW],
    ['one YES, SOMETIMES (1) and a concern of 1 (0.5): 2.5', { runaway: 'YES', 'substance-use': 'SOMETIMES', 'worker-concern': '1' }, 2.5, 'elevated', ScreeningOutcome.POSITIVE, RiskLevel.ELEVATED],
    ['exactly 2: two YES', { runaway: 'YES', 'unstable-lodging': 'YES' }, 2, 'elevated', ScreeningOutcome.POSITIVE, RiskLevel.ELEVATED],
    ['4.5: four YES and a concern of 1', { runaway: 'YES', 'unexplained-items': 'YES', 'controlling-relationship': 'YES', 'unstable-lodging': 'YES', 'worker-concern': '1' }, 4.5, 'elevated', ScreeningOutcome.POSITIVE, RiskLevel.ELEVATED],
    ['6: four YES and OFTEN (2)', { runaway: 'YES', 'unexplained-items': 'YES', 'controlling-relationship': 'YES', 'unstable-lodging': 'YES', 'substance-use': 'OFTEN' }, 6, 'high', ScreeningOutcome.POSITIVE, RiskLevel.HIGH],
    ['all at most: 5 + 2 + 4 x 0.5 = 9', { ...Object.fromEntries(YES_NO_ITEMS.map((id) => [id, 'YES'])), 'substance-use': 'OFTEN', 'worker-concern': '4' }, 9, 'high', ScreeningOutcome.POSITIVE, RiskLevel.HIGH],
    ['a YES to exchange alone (1) reaches high', { exchange: 'YES' }, 1, 'high', ScreeningOutcome.POSITIVE, RiskLevel.HIGH],
  ] as const)('%s', (_what, over, score, band, outcome, risk) => {
    const given = answers(over as Record<string, string>);
    expect(answerProblems(definition, given)).toEqual([]);
    const result = scoreScreening(definition, given);
    expect({ score: result.score, max: result.maxScore, band: result.threshold?.id, outcome: result.outcome, risk: result.riskLevel }).toEqual({ score, max: 9, band, outcome, risk });
  });

  it('three items declined or unknown, short of a positive band: INCONCLUSIVE, with no band and no risk level', () => {
    const result = scoreScreening(definition, answers({ runaway: AnswerStatus.DECLINED, 'unexplained-items': AnswerStatus.UNKNOWN, 'controlling-relationship': AnswerStatus.DECLINED }));
    expect({ score: result.score, missing: result.missingCount, outcome: result.outcome, band: result.threshold, risk: result.riskLevel }).toEqual({ score: 0, missing: 3, outcome: ScreeningOutcome.INCONCLUSIVE, band: null, risk: null });
  });

  it('two items declined (as many as allowed): still NEGATIVE', () => {
    const result = scoreScreening(definition, answers({ runaway: AnswerStatus.DECLINED, exchange: AnswerStatus.UNKNOWN }));
    expect({ missing: result.missingCount, outcome: result.outcome, band: result.threshold?.id }).toEqual({ missing: 2, outcome: ScreeningOutcome.NEGATIVE, band: 'below-threshold' });
  });

  it('three items declined but a positive band reached (3): POSITIVE, what is missing could only add', () => {
    const result = scoreScreening(definition, answers({ 'unexplained-items': AnswerStatus.DECLINED, 'controlling-relationship': AnswerStatus.DECLINED, 'unstable-lodging': AnswerStatus.UNKNOWN, runaway: 'YES', 'substance-use': 'OFTEN' }));
    expect({ score: result.score, missing: result.missingCount, outcome: result.outcome, band: result.threshold?.id }).toEqual({ score: 3, missing: 3, outcome: ScreeningOutcome.POSITIVE, band: 'elevated' });
  });

  it('keeps each answer with the points it scored, weight included', () => {
    const result = scoreScreening(definition, answers({ runaway: 'YES', 'worker-concern': '3', exchange: AnswerStatus.DECLINED }));
    expect(result.answers.find((a) => a.itemId === 'runaway')).toEqual({ itemId: 'runaway', status: AnswerStatus.ANSWERED, value: 'YES', points: 1 });
    expect(result.answers.find((a) => a.itemId === 'worker-concern')).toEqual({ itemId: 'worker-concern', status: AnswerStatus.ANSWERED, value: '3', points: 1.5 });
    expect(result.answers.find((a) => a.itemId === 'exchange')).toEqual({ itemId: 'exchange', status: AnswerStatus.DECLINED, value: null, points: 0 });
  });
});

describe('answers checked against the instrument', () => {
  const definition = practice();

  it('names every wrong answer by its field path', () => {
    const given: AnswerInput[] = [
      { itemId: 'runaway', value: 'MAYBE' },
      { itemId: 'runaway', value: 'YES' },
      { itemId: 'no-such-item', value: 'YES' },
      { itemId: 'substance-use', value: 'DAILY' },
      { itemId: 'worker-concern', value: '5' },
      { itemId: 'exchange', status: AnswerStatus.ANSWERED },
      { itemId: 'unstable-lodging', status: AnswerStatus.DECLINED, value: 'NO' },
    ];
    expect(answerProblems(definition, given)).toEqual([
      { path: 'input.answers.0.value', message: 'must be YES or NO for item runaway' },
      { path: 'input.answers.1.itemId', message: 'answers item runaway a second time' },
      { path: 'input.answers.2.itemId', message: 'is not an item of practice-screen version 1' },
      { path: 'input.answers.3.value', message: 'must be one of NEVER, SOMETIMES, OFTEN for item substance-use' },
      { path: 'input.answers.4.value', message: 'must be a whole number from 0 to 4 for item worker-concern' },
      { path: 'input.answers.5.value', message: 'is required: answer the item, or mark it DECLINED or UNKNOWN' },
      { path: 'input.answers.6.value', message: 'must be left out when the item is DECLINED' },
      { path: 'input.answers', message: 'leave no required item out: answer unexplained-items, controlling-relationship or mark them DECLINED or UNKNOWN' },
    ]);
  });

  it('takes an optional item left out, and a required one marked DECLINED or UNKNOWN', () => {
    expect(answerProblems(definition, answers({ runaway: AnswerStatus.DECLINED, exchange: AnswerStatus.UNKNOWN }))).toEqual([]);
  });
});

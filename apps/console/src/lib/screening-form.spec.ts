import { emptyValues, InstrumentItem, problemsByItem, screeningAnswers, screeningFields, unansweredRequired } from './screening-form';

const ITEMS: InstrumentItem[] = [
  { id: 'runaway', text: 'Has the young person run away?', answerType: 'YES_NO', required: true, options: [] },
  { id: 'use', text: 'How often?', answerType: 'CHOICE', required: true, options: [{ code: 'NEVER', text: 'Never' }, { code: 'OFTEN', text: 'Often' }] },
  { id: 'concern', text: 'Concern from 0 to 4', answerType: 'SCALE', required: false, min: 0, max: 4, options: [] },
];

describe('the screening form from an instrument definition', () => {
  it('makes one field per item with its answers, then declined and not known', () => {
    const fields = screeningFields(ITEMS);
    expect(fields.map((f) => [f.itemId, f.label, f.required])).toEqual([
      ['runaway', 'Has the young person run away?', true],
      ['use', 'How often?', true],
      ['concern', 'Concern from 0 to 4', false],
    ]);
    expect(fields[0]!.choices.map((c) => c.value)).toEqual(['YES', 'NO', 'DECLINED', 'UNKNOWN']);
    expect(fields[1]!.choices.map((c) => c.label)).toEqual(['Never', 'Often', 'Declined to answer', 'Not known']);
    expect(fields[2]!.choices.map((c) => c.value)).toEqual(['0', '1', '2', '3', '4', 'DECLINED', 'UNKNOWN']);
  });

  it('refuses a scale it cannot draw rather than drawing a wrong one', () => {
    expect(() => screeningFields([{ ...ITEMS[2]!, min: 0, max: 1000 }])).toThrow(/concern/);
    expect(() => screeningFields([{ ...ITEMS[2]!, min: 3, max: 1 }])).toThrow(/concern/);
  });

  it('sends answered items with their value, declined and unknown ones by status, and leaves blanks out', () => {
    const values = { ...emptyValues(ITEMS), runaway: 'YES', use: 'DECLINED' };
    expect(screeningAnswers(ITEMS, values)).toEqual([
      { itemId: 'runaway', status: 'ANSWERED', value: 'YES' },
      { itemId: 'use', status: 'DECLINED' },
    ]);
    expect(unansweredRequired(ITEMS, values)).toEqual([]);
    expect(unansweredRequired(ITEMS, emptyValues(ITEMS))).toEqual(['runaway', 'use']);
  });

  it('puts a problem the API names by answer position beside its item', () => {
    const sent = screeningAnswers(ITEMS, { runaway: 'NO', use: '', concern: '9' });
    expect(problemsByItem(sent, { 'answers.1.value': 'Must be at most 4', answers: 'Leave no required item out', assent: 'Must be true' })).toEqual({
      concern: 'Must be at most 4',
      answers: 'Leave no required item out',
      assent: 'Must be true',
    });
  });
});

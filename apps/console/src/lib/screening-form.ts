// A screening instrument's definition, as the API gives it (items with their answer types, as
// data), turned into the fields of a form, and the form's values into the answers submitScreening
// takes. Every item can also be declined or not known, as the instrument allows up to maxMissing.

export type AnswerType = 'YES_NO' | 'CHOICE' | 'SCALE';

export interface InstrumentItem {
  id: string;
  text: string;
  answerType: AnswerType;
  required: boolean;
  min?: number | null;
  max?: number | null;
  options: readonly { code: string; text: string }[];
}

export interface ScreeningChoice {
  value: string;
  label: string;
}

export interface ScreeningField {
  itemId: string;
  label: string;
  required: boolean;
  choices: ScreeningChoice[];
}

/** The form's value of an item: '' (not answered yet), an answer value, or DECLINED / UNKNOWN. */
export type ScreeningValues = Record<string, string>;

export const DECLINED = 'DECLINED';
export const UNKNOWN = 'UNKNOWN';

const NOT_ANSWERED: ScreeningChoice[] = [
  { value: DECLINED, label: 'Declined to answer' },
  { value: UNKNOWN, label: 'Not known' },
];

/** Most points a SCALE item offers as single choices; a wider scale is refused rather than drawn as hundreds of buttons. */
const MAX_SCALE_CHOICES = 21;

function answerChoices(item: InstrumentItem): ScreeningChoice[] {
  switch (item.answerType) {
    case 'YES_NO':
      return [
        { value: 'YES', label: 'Yes' },
        { value: 'NO', label: 'No' },
      ];
    case 'CHOICE':
      return item.options.map((option) => ({ value: option.code, label: option.text }));
    case 'SCALE': {
      const min = item.min ?? 0;
      const max = item.max ?? min;
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min + 1 > MAX_SCALE_CHOICES) {
        throw new Error(`item ${item.id} has a scale the form cannot show`);
      }
      return Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }));
    }
  }
}

/** One field per item, in the instrument's order: its answers, then "declined" and "not known". */
export function screeningFields(items: readonly InstrumentItem[]): ScreeningField[] {
  return items.map((item) => ({ itemId: item.id, label: item.text, required: item.required, choices: [...answerChoices(item), ...NOT_ANSWERED] }));
}

/** A form with nothing answered. */
export function emptyValues(items: readonly InstrumentItem[]): ScreeningValues {
  return Object.fromEntries(items.map((item) => [item.id, '']));
}

export interface ScreeningAnswer {
  itemId: string;
  status: 'ANSWERED' | 'DECLINED' | 'UNKNOWN';
  value?: string;
}

/** The answers to send, in the instrument's order; an item left blank is left out (the API names a required one). */
export function screeningAnswers(items: readonly InstrumentItem[], values: ScreeningValues): ScreeningAnswer[] {
  const answers: ScreeningAnswer[] = [];
  for (const item of items) {
    const value = values[item.id] ?? '';
    if (value === '') continue;
    answers.push(value === DECLINED || value === UNKNOWN ? { itemId: item.id, status: value } : { itemId: item.id, status: 'ANSWERED', value });
  }
  return answers;
}

/** The required items not answered (nor declined or marked not known) yet. */
export function unansweredRequired(items: readonly InstrumentItem[], values: ScreeningValues): string[] {
  return items.filter((item) => item.required && !values[item.id]).map((item) => item.id);
}

/**
 * The API names a bad answer by its place in the answers sent (`answers.3.value`): the item it is,
 * so the problem shows beside its question. Problems about no single answer stay keyed as they are.
 */
export function problemsByItem(sent: readonly ScreeningAnswer[], byField: Record<string, string>): Record<string, string> {
  const byItem: Record<string, string> = {};
  for (const [path, message] of Object.entries(byField)) {
    const match = /^answers\.(\d+)(\.|$)/.exec(path);
    const itemId = match ? sent[Number(match[1])]?.itemId : undefined;
    byItem[itemId ?? path] = message;
  }
  return byItem;
}

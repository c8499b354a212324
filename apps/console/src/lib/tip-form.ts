// The tip form's answers as the API's SubmitTipInput: empty answers left out, lists one per line,
// and what the form must have before it is sent (where, what, and when unless still going on).

export interface TipPerson {
  key: number;
  /** A number once typed; '' while empty. */
  age: number | string;
  description: string;
}

export interface TipForm {
  jurisdictionId: string;
  childInDangerNow: boolean;
  whatSeen: string;
  place: string;
  /** As a datetime-local input gives it (the reader's local time), or ''. */
  seenAt: string;
  ongoing: boolean;
  people: TipPerson[];
  vehicles: string;
  onlineHandles: string;
  howKnown: string;
  contact: string;
}

export const EMPTY_TIP: TipForm = { jurisdictionId: '', childInDangerNow: false, whatSeen: '', place: '', seenAt: '', ongoing: false, people: [], vehicles: '', onlineHandles: '', howKnown: '', contact: '' };

export interface TipInputShape {
  jurisdictionId: string;
  childInDangerNow: boolean;
  whatSeen: string;
  place: string | null;
  seenAt: string | null;
  ongoing: boolean;
  people: { approximateAge: number | null; description: string | null }[] | null;
  vehicles: string[] | null;
  onlineHandles: string[] | null;
  howKnown: string | null;
  contact: string | null;
}

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter(Boolean);
const orNull = (text: string): string | null => (text.trim() ? text.trim() : null);
const listOrNull = <T>(list: T[]): T[] | null => (list.length ? list : null);

/** The API's input from the form. */
export function tipInputOf(form: TipForm): TipInputShape {
  const people = form.people
    .map((person) => ({ approximateAge: typeof person.age === 'number' ? person.age : null, description: orNull(person.description) }))
    .filter((person) => person.approximateAge !== null || person.description !== null);
  return {
    jurisdictionId: form.jurisdictionId,
    childInDangerNow: form.childInDangerNow,
    whatSeen: form.whatSeen.trim(),
    place: orNull(form.place),
    seenAt: !form.ongoing && form.seenAt ? new Date(form.seenAt).toISOString() : null,
    ongoing: form.ongoing,
    people: listOrNull(people),
    vehicles: listOrNull(lines(form.vehicles)),
    onlineHandles: listOrNull(lines(form.onlineHandles)),
    howKnown: orNull(form.howKnown),
    contact: orNull(form.contact),
  };
}

export type TipProblem = 'tip.needJurisdiction' | 'tip.needWhatSeen' | 'tip.needSeenAt';

/** What the form still lacks, by field; empty when it may be sent. */
export function problemsOf(form: TipForm): Partial<Record<'jurisdictionId' | 'whatSeen' | 'seenAt', TipProblem>> {
  return {
    ...(form.jurisdictionId ? {} : { jurisdictionId: 'tip.needJurisdiction' as const }),
    ...(form.whatSeen.trim() ? {} : { whatSeen: 'tip.needWhatSeen' as const }),
    ...(form.seenAt || form.ongoing ? {} : { seenAt: 'tip.needSeenAt' as const }),
  };
}

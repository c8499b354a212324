import { ageOn, populationSexOf } from '@tandem/directory';

/*
 * The de-identified facts of a missing episode, derived from the sealed child record by the worker
 * and kept beside the episode (`statistics.episode_fact`): never finer than the dimensions count by.
 * The date of birth becomes a band of ages at the episode's start, the recorded sex one of four
 * values, the placement's free text one of eight kinds; the rest of the record is never read out.
 */

/** Ages at the start of an episode, in two-year bands; `AGE_GROUP` is their coarser form. */
export const AGE_BANDS = ['UNDER_10', 'AGE_10_11', 'AGE_12_13', 'AGE_14_15', 'AGE_16_17', 'AGE_18_OR_OLDER', 'NOT_RECORDED'] as const;
export const AGE_GROUPS = ['UNDER_12', 'AGE_12_15', 'AGE_16_OR_OLDER', 'NOT_RECORDED'] as const;
/** Each age band's group: the bands nest in the groups, so a group is the sum of its bands. */
export const AGE_GROUP_OF: Record<string, string> = {
  UNDER_10: 'UNDER_12',
  AGE_10_11: 'UNDER_12',
  AGE_12_13: 'AGE_12_15',
  AGE_14_15: 'AGE_12_15',
  AGE_16_17: 'AGE_16_OR_OLDER',
  AGE_18_OR_OLDER: 'AGE_16_OR_OLDER',
  NOT_RECORDED: 'NOT_RECORDED',
};
export const SEXES = ['FEMALE', 'MALE', 'ANOTHER', 'NOT_RECORDED'] as const;
export const PLACEMENT_KINDS = ['FOSTER_HOME', 'KINSHIP', 'GROUP_HOME', 'RESIDENTIAL', 'SHELTER', 'INDEPENDENT_LIVING', 'OTHER', 'NOT_RECORDED'] as const;

export type AgeBand = (typeof AGE_BANDS)[number];
export type SexClass = (typeof SEXES)[number];
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

/** The band of the child's age on the day the episode began (UTC). */
export function ageBandAt(dateOfBirth: string | null | undefined, at: Date): AgeBand {
  const age = dateOfBirth ? ageOn(dateOfBirth, at) : null;
  if (age === null || age < 0) return 'NOT_RECORDED';
  if (age < 10) return 'UNDER_10';
  if (age >= 18) return 'AGE_18_OR_OLDER';
  const low = age - (age % 2);
  return `AGE_${low}_${low + 1}` as AgeBand;
}

/** The recorded sex as one of four values: whatever else was typed is `ANOTHER`, never the text itself. */
export function sexClassOf(sex: string | null | undefined): SexClass {
  if (!sex?.trim()) return 'NOT_RECORDED';
  return populationSexOf(sex) ?? 'ANOTHER';
}

/** Words of a placement's kind, as caseworkers type it, and the kind they name (the first that matches). */
const PLACEMENT_WORDS: readonly [RegExp, PlacementKind][] = [
  [/KIN|RELATIVE|GRANDPARENT|AUNT|UNCLE|FAMILY_FRIEND/, 'KINSHIP'],
  [/FOSTER/, 'FOSTER_HOME'],
  [/GROUP|CONGREGATE/, 'GROUP_HOME'],
  [/RESIDENTIAL|TREATMENT|INSTITUTION|PSYCHIATRIC|HOSPITAL/, 'RESIDENTIAL'],
  [/SHELTER|EMERGENCY/, 'SHELTER'],
  [/INDEPENDENT|SUPERVISED_LIVING|TRANSITIONAL/, 'INDEPENDENT_LIVING'],
];

/** The kind of a placement from its free text: one of the kinds, `OTHER` for anything else, never the text itself. */
export function placementKindOf(kind: string | null | undefined): PlacementKind {
  const words = kind?.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  if (!words) return 'NOT_RECORDED';
  return PLACEMENT_WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? 'OTHER';
}

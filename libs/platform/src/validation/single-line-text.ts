import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * What may not appear in a name or other single-line text: controls (C0, C1, tab and line
 * breaks), line and paragraph separators, format characters (bidirectional embeddings,
 * overrides, isolates and marks, zero-width spaces and joiners, the byte order mark, the soft
 * hyphen), private-use code points and lone surrogates. They break a line in logs and exports,
 * reorder what a reader sees (a name that reads differently from what is stored), or make two
 * names that look the same compare different. Letters, marks, digits, punctuation, symbols and
 * spaces of every script are fine. The zero-width joiners are refused too: a name is recorded
 * without them, and they are the commonest way to hide a difference.
 */
const NOT_SINGLE_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;

export const SINGLE_LINE_TEXT_MESSAGE = 'must be one line of visible text: no line breaks, tabs, control, direction or zero-width characters';

/** Why a text is not one line of visible text, or null when it is. Never echoes the value. */
export function singleLineTextProblem(value: string): string | null {
  return NOT_SINGLE_LINE.test(value) ? SINGLE_LINE_TEXT_MESSAGE : null;
}

/**
 * Names and other single-line inputs: refuses what `singleLineTextProblem` refuses, as
 * BAD_USER_INPUT with the field's path. Values that are not strings are left to the type checks.
 */
export function SingleLineText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'singleLineText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || singleLineTextProblem(value) === null,
        defaultMessage: () => SINGLE_LINE_TEXT_MESSAGE,
      },
    },
    options,
  );
}

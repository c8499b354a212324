import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Account and contact emails are plain ASCII. An email names who signs in and who is alerted, so
 * a look-alike of an existing address (a zero-width or direction-changing character, a Cyrillic
 * "а" for a Latin "a", a fullwidth letter) must not become a second account. Internationalized
 * addresses are refused with them: the agencies this serves use ASCII mailboxes.
 */
const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Controls (C0, DEL, C1), soft hyphen, zero-width and joiner characters, direction marks,
// embeddings, overrides and isolates, the byte-order mark, and the other invisible formatters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/;

export const EMAIL_MESSAGE = 'must be an email address';

/** Why `email` cannot be an account's email, or null when it can. */
export function accountEmailProblem(email: string): string | null {
  if (INVISIBLE.test(email)) return 'must not contain invisible, control or direction-changing characters';
  // Printable ASCII only.
  if (/[^\u0020-\u007E]/.test(email)) return 'must be written in plain ASCII letters, digits and punctuation (no look-alike characters)';
  if (email.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return EMAIL_MESSAGE;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return EMAIL_MESSAGE;
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || /^[0-9]+$/.test(labels[labels.length - 1]!)) {
    return EMAIL_MESSAGE;
  }
  return null;
}

/** The one stored form of an email: trimmed, lower case (addresses are compared without case). */
export function normalizeAccountEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** class-validator form of {@link accountEmailProblem}, for GraphQL inputs. */
export function IsAccountEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAccountEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && accountEmailProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? accountEmailProblem(args.value) : null) ?? EMAIL_MESSAGE,
      },
    },
    options,
  );
}

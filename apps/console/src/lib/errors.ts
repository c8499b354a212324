// What a person reads when the API refuses something: the API's own message for bad input (it
// names the field and the rule), a plain sentence for the other codes. Never a stack or SQL: the
// API sends none, and the console shows nothing but these.
import type { CombinedError } from 'urql';
import { ApiError } from '../api/transport';

const BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'Not found, or not shared with you.',
  CONFLICT: 'Someone changed this at the same time. Reload and try again.',
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
  NETWORK: 'Tandem cannot be reached. Check the connection and try again.',
  INTERNAL: 'Something went wrong on our side. Try again; if it goes on, tell your administrator.',
};

/** Codes whose message from the API is written for the person (which field, which rule). */
const API_WORDED = new Set(['BAD_USER_INPUT', 'MFA_REQUIRED', 'MFA_ENROLLMENT_REQUIRED', 'PASSWORD_CHANGE_REQUIRED', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED']);

export function messageOfCode(code: string, apiMessage: string): string {
  if (API_WORDED.has(code) && apiMessage) return apiMessage;
  return BY_CODE[code] ?? BY_CODE.INTERNAL!;
}

/** One sentence for an error of the client or of a direct request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return messageOfCode(error.code, error.message);
  const combined = error as CombinedError | undefined;
  if (combined?.graphQLErrors?.length) {
    const first = combined.graphQLErrors[0]!;
    return messageOfCode(String(first.extensions?.code ?? 'INTERNAL'), first.message);
  }
  if (combined?.networkError) return BY_CODE.NETWORK!;
  return BY_CODE.INTERNAL!;
}

/** The typed code of an error, for pages that act on it (CONFLICT: reload). */
export function errorCode(error: unknown): string | null {
  if (error instanceof ApiError) return error.code;
  const combined = error as CombinedError | undefined;
  const code = combined?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : combined?.networkError ? 'NETWORK' : null;
}

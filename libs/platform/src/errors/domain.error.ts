import { ErrorCode } from './error-codes';

export interface FieldProblem {
  /** Path of the offending field inside the operation's arguments, e.g. `input.child.dateOfBirth`. */
  path: string;
  message: string;
}

/**
 * Every error Tandem raises on purpose. Its message is safe to show a client; anything
 * that is not a DomainError reaches the client as `INTERNAL` with a generic message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to continue', details: Record<string, unknown> = {}) {
    super(ErrorCode.UNAUTHENTICATED, message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', reason?: string) {
    super(ErrorCode.FORBIDDEN, message, reason ? { reason } : {});
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'Record') {
    super(ErrorCode.NOT_FOUND, `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

/**
 * The message of a lifecycle move that is not drawn from the record's status, one wording for
 * every lifecycle: "This referral is ACCEPTED and cannot be accepted". The status stays the
 * enum value the client reads elsewhere; the participle is given whole (withdrawn, cancelled).
 */
export function lifecycleRefusal(record: string, status: string, participle: string): string {
  return `This ${record} is ${status} and cannot be ${participle}`;
}

/** One problem per path, in first-seen order: two failed rules on one field (format and calendar) name it once. */
function byPath(problems: FieldProblem[]): FieldProblem[] {
  const messages = new Map<string, string[]>();
  for (const { path, message } of problems) {
    const seen = messages.get(path);
    if (!seen) messages.set(path, [message]);
    else if (!seen.includes(message)) seen.push(message);
  }
  return [...messages].map(([path, list]) => ({ path, message: list.join('; ') }));
}

export class BadInputError extends DomainError {
  readonly fields: FieldProblem[];

  constructor(fields: FieldProblem[], message = 'The input is not valid') {
    const unique = byPath(fields);
    super(ErrorCode.BAD_USER_INPUT, message, { fields: unique });
    this.fields = unique;
  }

  static field(path: string, message: string): BadInputError {
    return new BadInputError([{ path, message }], `${path} ${message}`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many requests; try again later', { retryAfterSeconds });
  }
}

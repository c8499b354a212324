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

export class BadInputError extends DomainError {
  constructor(readonly fields: FieldProblem[], message = 'The input is not valid') {
    super(ErrorCode.BAD_USER_INPUT, message, { fields });
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

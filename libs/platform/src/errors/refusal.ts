import { DomainError } from './domain.error';
import { ErrorCode } from './error-codes';

/**
 * What the audit trail keeps of a refused attempt: the act tried, why it was refused (in words that
 * carry no personal data), and what it was tried on. Never sent to the client.
 */
export interface RefusalRecord {
  /** The act tried, as the audit trail names it (`CASE_UPDATE`, `USER_CREATE`, ...); the guard's refusals name the operation instead. */
  attempted?: string;
  reason: string;
  caseId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Ids and codes only. */
  details?: Record<string, unknown>;
}

/**
 * A declared policy said no. The client receives the typed error it carries: `NOT_FOUND` where the
 * subject is not disclosed (a case the viewer does not see answers exactly like an id that does not
 * exist), `FORBIDDEN` with a reason code otherwise. The refusal itself is recorded once, as an
 * `ACCESS_DENIED` audit event in a transaction of its own, by the one place that turns refusals
 * into audit events; whatever the refused operation had begun is rolled back.
 */
export class Refusal extends DomainError {
  private constructor(
    code: ErrorCode.NOT_FOUND | ErrorCode.FORBIDDEN,
    message: string,
    details: Record<string, unknown>,
    readonly record: RefusalRecord,
  ) {
    super(code, message, details);
  }

  /** Answers as if the subject did not exist: `<what> not found`. */
  static hidden(what: string, record: RefusalRecord): Refusal {
    return new Refusal(ErrorCode.NOT_FOUND, `${what} not found`, {}, record);
  }

  /** Answers `FORBIDDEN` with a message for the user and a reason code (`policy`, `role`, `consent`, ...). */
  static forbidden(message: string, reasonCode: string, record: RefusalRecord): Refusal {
    return new Refusal(ErrorCode.FORBIDDEN, message, { reason: reasonCode }, record);
  }
}

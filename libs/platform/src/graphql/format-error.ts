import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { DomainError } from '../errors/domain.error';
import { ErrorCode } from '../errors/error-codes';
import { variableProblem } from './variable-errors';

const logger = new Logger('GraphQL');

const CLIENT_ERROR_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
};

/**
 * Maps every error to the codes of docs/design.md ("The GraphQL contract", Errors). Domain errors keep their message and details;
 * malformed operations become `BAD_USER_INPUT`; anything else is `INTERNAL` with no stack,
 * no SQL and no message from inside, and is logged with the request id.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  const apolloCode = formatted.extensions?.code as string | undefined;
  const mapped = apolloCode ? CLIENT_ERROR_CODES[apolloCode] : undefined;
  if (mapped) {
    // A variable the schema refused: its field path, and a message that does not repeat the value.
    const problem = apolloCode === 'BAD_USER_INPUT' ? variableProblem(formatted.message) : null;
    if (problem) return { ...base, message: `${problem.path} ${problem.message}`, extensions: { code: mapped, fields: [problem] } };
    const message = formatted.message.replace(/ ?Did you mean .*$/s, '');
    return { ...base, message, extensions: { code: mapped } };
  }
  if (apolloCode && (Object.values(ErrorCode) as string[]).includes(apolloCode) && apolloCode !== ErrorCode.INTERNAL) {
    return { ...base, extensions: { code: apolloCode } };
  }
  logger.error({ err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : original }, 'unhandled error in GraphQL operation');
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}

import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '../errors/domain.error';
import { ErrorCode } from '../errors/error-codes';

const logger = new Logger('GraphQL');

/**
 * What Nest does with an error a resolver or guard throws, for GraphQL operations. A refusal
 * (a DomainError: forbidden, not found, conflict, bad input, sign in, rate limited) is the client's
 * business and an ordinary event: one info line with its code and field, no stack, no message
 * (it may echo what the client sent). Anything else is passed on untouched and logged once, with
 * its stack, where it is mapped to INTERNAL (formatGraphQLError). HTTP routes keep Nest's handling.
 */
@Catch()
export class OperationErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    if (exception instanceof DomainError && exception.code !== ErrorCode.INTERNAL) {
      const info = GqlArgumentsHost.create(host).getInfo<GraphQLResolveInfo | undefined>();
      const fields = (exception.details.fields as { path?: unknown }[] | undefined)?.map((field) => field.path);
      logger.log({ code: exception.code, error: exception.name, field: info ? `${info.parentType.name}.${info.fieldName}` : undefined, ...(fields ? { fields } : {}) }, 'operation refused');
    }
    // Thrown on, as Nest's own handler does: GraphQL reports it as the field's error.
    throw exception;
  }
}

import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { OperationTypeNode } from 'graphql';
import { DomainError, ErrorCode, GraphQLContext } from '@tandem/platform';
import { AuditService } from './audit.service';
import { AuditEntry } from './audit.types';

const READS = Symbol('audit-reads');
const logger = new Logger('ReadAudit');

/**
 * The read events of one GraphQL operation (a list, a case, its notes, its timeline): collected
 * while the operation resolves and written together, in one insert, before its answer leaves
 * (readAuditPlugin). Changes are not recorded here: their events go in their own transaction.
 */
export function recordRead(context: GraphQLContext, ...entries: AuditEntry[]): void {
  const batch = context.state.get(READS) as AuditEntry[] | undefined;
  if (!batch) throw new Error('Read events are recorded only inside a GraphQL operation served over HTTP');
  batch.push(...entries);
}

/** Where a service's read puts its events: the operation's batch (services know nothing of GraphQL). */
export type ReadLog = (...entries: AuditEntry[]) => void;

export function readLog(context: GraphQLContext): ReadLog {
  return (...entries) => recordRead(context, ...entries);
}

/**
 * Opens each operation's batch of read events and writes it when the operation has resolved, before
 * the answer is sent. If the write fails, the answer is withheld: the client gets an error and no
 * data, so nothing is disclosed that the trail does not record. A mutation's change is committed by
 * then, and its error says so, so that the client reads again rather than repeating the change.
 * The write happens at the end of execution, and the answer is replaced at the very start of the
 * last hook: Apollo runs the plugins' last hooks together, and the others (the metrics) then see
 * the answer that is actually sent.
 */
export function readAuditPlugin(audit: AuditService): ApolloServerPlugin<GraphQLContext> {
  const write = async (context: GraphQLContext): Promise<unknown> => {
    const entries = context.state.get(READS) as AuditEntry[];
    context.state.set(READS, []);
    if (entries.length === 0) return null;
    try {
      await audit.recordNow(...entries);
      return null;
    } catch (error) {
      if (!(error instanceof DomainError)) logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error }, 'read events could not be written; answer withheld');
      return error ?? new Error('unknown');
    }
  };
  return {
    async requestDidStart({ contextValue }) {
      contextValue.state.set(READS, []);
      let failure: unknown = null;
      return {
        async executionDidStart() {
          return {
            async executionDidEnd() {
              failure = await write(contextValue);
            },
          };
        },
        async willSendResponse({ contextValue: context, response, operation }) {
          if (!failure) {
            // Reads recorded after execution ended (none are expected) are written here.
            failure = await write(context);
            if (!failure) return;
          }
          const known = failure instanceof DomainError;
          const extensions = { code: known ? (failure as DomainError).code : ErrorCode.INTERNAL };
          const message =
            operation?.operation === OperationTypeNode.MUTATION
              ? 'Your change was saved, but its answer could not be recorded in the audit trail and was withheld; read it again instead of repeating the change'
              : known
                ? (failure as DomainError).message
                : 'The answer could not be recorded in the audit trail and was withheld; try again';
          response.body = { kind: 'single', singleResult: { data: null, errors: [{ message, extensions }] } };
        },
      };
    },
  };
}

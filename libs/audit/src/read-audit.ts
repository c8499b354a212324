import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { OperationTypeNode } from 'graphql';
import { DomainError, ErrorCode, GraphQLContext, Transactions } from '@tandem/platform';
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
 * Opens each operation's batch of read events and writes it, after the operation resolved and
 * before the answer is sent. If the write fails, the answer is withheld: the client gets an
 * error and no data, so nothing is disclosed that the trail does not record. A mutation's change
 * is committed by then, and its error says so, so that the client reads again rather than
 * repeating the change. (Apollo runs the plugins' last hooks together: the metrics may count a
 * withheld answer as answered.)
 */
export function readAuditPlugin(audit: AuditService, transactions: Transactions): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      contextValue.state.set(READS, []);
      return {
        async willSendResponse({ contextValue: context, response, operation }) {
          const entries = context.state.get(READS) as AuditEntry[];
          context.state.delete(READS);
          if (entries.length === 0) return;
          try {
            await transactions.run((tx) => audit.record(tx, ...entries));
          } catch (error) {
            const known = error instanceof DomainError;
            if (!known) logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error }, 'read events could not be written; answer withheld');
            const extensions = { code: known ? error.code : ErrorCode.INTERNAL };
            const message =
              operation?.operation === OperationTypeNode.MUTATION
                ? 'Your change was saved, but its answer could not be recorded in the audit trail and was withheld; read it again instead of repeating the change'
                : known
                  ? error.message
                  : 'The answer could not be recorded in the audit trail and was withheld; try again';
            response.body = { kind: 'single', singleResult: { data: null, errors: [{ message, extensions }] } };
          }
        },
      };
    },
  };
}

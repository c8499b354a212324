import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { MetricsService } from './metrics.service';

/** The label of an operation that never resolved (it did not parse or validate). */
export const UNKNOWN_OPERATION = 'other';
/** The label of an operation that asks for several root fields. */
export const SEVERAL_OPERATIONS = 'multiple';

function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, names: Set<string>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, fragments, names, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFields(fragment.selectionSet, fragments, names, seen);
    }
  }
}

/**
 * The metrics label of a validated operation: its root field (`cases`, `login`), or `multiple`.
 * The client's operation name is never a label: it is the client's to choose, and every new
 * name would add series to /metrics without bound. Root fields are the schema's, a fixed set.
 */
export function operationLabel(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): string {
  const names = new Set<string>();
  rootFields(operation.selectionSet, fragments, names, new Set());
  return names.size === 1 ? [...names][0]! : SEVERAL_OPERATIONS;
}

/** Times each GraphQL operation by what it asks of the schema (its root field), type and outcome. */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.operationDuration.startTimer();
      let type = 'unknown';
      let operationName = UNKNOWN_OPERATION;
      return {
        async didResolveOperation({ operation, document }) {
          if (!operation) return;
          type = operation.operation;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          operationName = operationLabel(operation, fragments);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const labels = { operation: operationName, type, outcome: errors?.length ? 'error' : 'ok' };
          stop(labels);
          metrics.operations.inc(labels);
        },
      };
    },
  };
}

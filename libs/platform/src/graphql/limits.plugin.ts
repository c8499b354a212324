import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { FieldNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from 'graphql';
import { ComplexityEstimatorArgs, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/error-codes';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** Depth of a selection set, following fragments (each fragment counted once per path). */
export function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = selection as FieldNode;
      if (field.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(field.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      const next = new Set(seen).add(name);
      deepest = Math.max(deepest, selectionDepth(fragments[name]?.selectionSet, fragments, next));
    }
  }
  return deepest;
}

/** A page of `first` items costs `first` times its items; every other field costs 1. */
function pagedEstimator({ args, childComplexity }: ComplexityEstimatorArgs): number | void {
  const first = typeof args.first === 'number' ? args.first : undefined;
  if (first !== undefined) return 1 + Math.max(1, first) * Math.max(1, childComplexity);
  return undefined;
}

function tooBig(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/** Rejects an operation that is too deep or too costly before any resolver runs. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const depth = selectionDepth(operation.selectionSet, fragments);
          if (depth > limits.maxDepth) {
            throw tooBig(`Query is too deep: depth ${depth} exceeds the limit of ${limits.maxDepth}`);
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types: the client's mistake, reported as such.
            if (error instanceof GraphQLError) throw tooBig(error.message);
            throw error;
          }
          if (cost > limits.maxCost) {
            throw tooBig(`Query is too costly: cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items or fields`);
          }
        },
      };
    },
  };
}

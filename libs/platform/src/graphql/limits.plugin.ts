import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { FieldNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from 'graphql';
import { ComplexityEstimatorArgs, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/error-codes';
import { DEFAULT_PAGE_SIZE } from './connection';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
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

/**
 * Aliases in a selection set, each fragment counted every time it is spread (its count is worked
 * out once). Without aliases a field appears once per object however often it is asked for, so
 * this bounds how many times one operation can repeat the same work.
 */
export function aliasCount(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  counted: Map<string, number> = new Map(),
): number {
  if (!set) return 0;
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      count += (selection.alias ? 1 : 0) + aliasCount(selection.selectionSet, fragments, counted);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += aliasCount(selection.selectionSet, fragments, counted);
    } else {
      const name = selection.name.value;
      if (!counted.has(name)) {
        // Validation refuses fragment cycles; the zero only guards the walk.
        counted.set(name, 0);
        counted.set(name, aliasCount(fragments[name]?.selectionSet, fragments, counted));
      }
      count += counted.get(name)!;
    }
  }
  return count;
}

/**
 * A page of `first` items costs `first` times its items; a list that takes `first` and is not
 * given one returns a default page and costs that. Every other field costs 1.
 */
function pagedEstimator({ field, args, childComplexity }: ComplexityEstimatorArgs): number | void {
  const paged = field.args.some((arg) => arg.name === 'first');
  if (!paged) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, first) * Math.max(1, childComplexity);
}

function tooBig(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/** Rejects an operation that is too deep, has too many aliases or is too costly, before any resolver runs. */
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
          const aliases = aliasCount(operation.selectionSet, fragments);
          if (aliases > limits.maxAliases) {
            throw tooBig(`Query has too many aliases: ${aliases} exceed the limit of ${limits.maxAliases}`);
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

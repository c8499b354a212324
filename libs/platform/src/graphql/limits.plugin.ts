import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { DocumentNode, FieldNode, FragmentDefinitionNode, getVariableValues, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
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

/** The arguments `pagedEstimator` reads: an operation's cost depends on no other argument. */
const COST_ARGUMENTS = new Set(['first']);

/**
 * A page of `first` items costs `first` times its items; a list that takes `first` and is not
 * given one returns a default page and costs that. Every other field costs 1. An estimator that
 * read another argument would have to add it to COST_ARGUMENTS.
 */
function pagedEstimator({ field, args, childComplexity }: ComplexityEstimatorArgs): number | void {
  const paged = field.args.some((arg) => arg.name === 'first');
  if (!paged) return undefined;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, first) * Math.max(1, childComplexity);
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) variablesIn(item, into);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) variablesIn(field.value, into);
}

/**
 * The variables an operation's cost depends on: those of the cost arguments and of the
 * directives (`@include`, `@skip`) of its selections, fragments included.
 */
export function costVariables(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Set<string> = new Set(),
  seen: Set<string> = new Set(),
): Set<string> {
  if (!set) return into;
  for (const selection of set.selections) {
    for (const directive of selection.directives ?? []) for (const argument of directive.arguments ?? []) variablesIn(argument.value, into);
    if (selection.kind === Kind.FIELD) {
      for (const argument of selection.arguments ?? []) if (COST_ARGUMENTS.has(argument.name.value)) variablesIn(argument.value, into);
      costVariables(selection.selectionSet, fragments, into, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      costVariables(selection.selectionSet, fragments, into, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      costVariables(fragments[selection.name.value]?.selectionSet, fragments, into, seen);
    }
  }
  return into;
}

/** What the limits know of one operation of a parsed document, worked out once. */
interface OperationShape {
  depth: number;
  aliases: number;
  costVariables: string[];
  /** The cost by the values of its variables (JSON), for the values seen lately. */
  costs: Map<string, number>;
}

/** Costs kept per operation: a client that varies a page size endlessly only empties them. */
const COSTS_KEPT = 64;

function shapeOf(document: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return {
    depth: selectionDepth(operation.selectionSet, fragments),
    aliases: aliasCount(operation.selectionSet, fragments),
    costVariables: [...costVariables(operation.selectionSet, fragments)],
    costs: new Map(),
  };
}

function tooBig(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/**
 * Rejects an operation that is too deep, has too many aliases or is too costly, before any resolver runs.
 *
 * Apollo keeps each parsed document (its document store), so the same query text arrives as the same
 * operation node: its depth and aliases are worked out once, and its cost once per value of the
 * variables the cost depends on. The variables are still checked against their types on every request.
 * A variable whose value is null may make an argument invalid (null for a non-null argument), which
 * the cost computation reports: such requests are costed afresh.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();
  const listener: GraphQLRequestListener<object> = {
    async didResolveOperation({ request, document, operation, schema }) {
      if (!operation) return;
      let shape = shapes.get(operation);
      if (!shape) {
        shape = shapeOf(document, operation);
        shapes.set(operation, shape);
      }
      if (shape.depth > limits.maxDepth) {
        throw tooBig(`Query is too deep: depth ${shape.depth} exceeds the limit of ${limits.maxDepth}`);
      }
      if (shape.aliases > limits.maxAliases) {
        throw tooBig(`Query has too many aliases: ${shape.aliases} exceed the limit of ${limits.maxAliases}`);
      }
      const variables = request.variables ?? {};
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      // Variables that do not fit their types: the client's mistake, reported as such (the last problem, as getComplexity does).
      if (coerced.errors) throw tooBig(coerced.errors[coerced.errors.length - 1]!.message);
      const values = coerced.coerced;
      const cacheable = Object.values(values).every((value) => value !== null);
      const key = cacheable ? JSON.stringify(shape.costVariables.map((name) => values[name])) : null;
      let cost = key === null ? undefined : shape.costs.get(key);
      if (cost === undefined) {
        try {
          cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables,
            estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
        } catch (error) {
          // Arguments that do not fit their types: the client's mistake, reported as such.
          if (error instanceof GraphQLError) throw tooBig(error.message);
          throw error;
        }
        if (key !== null) {
          if (shape.costs.size >= COSTS_KEPT) shape.costs.clear();
          shape.costs.set(key, cost);
        }
      }
      if (cost > limits.maxCost) {
        throw tooBig(`Query is too costly: cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items or fields`);
      }
    },
  };
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return listener;
    },
  };
}

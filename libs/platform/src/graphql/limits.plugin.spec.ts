import type { GraphQLRequestListener } from '@apollo/server';
import { buildSchema, getOperationAST, GraphQLError, parse } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';
import { queryLimitsPlugin, QueryLimits } from './limits.plugin';

const schema = buildSchema(`
  type Item { id: ID! name: String }
  type ItemEdge { cursor: String! node: Item! }
  type ItemConnection { edges: [ItemEdge!]! }
  type Query {
    items(first: Int, after: String): ItemConnection!
    item(id: ID!): Item
  }
`);

/** Runs an operation through the plugin's check: null when let through, else the refusal's message. */
async function check(query: string, limits: Partial<QueryLimits> = {}, variables: Record<string, unknown> = {}): Promise<string | null> {
  const plugin = queryLimitsPlugin({ maxDepth: 10, maxCost: 5000, maxAliases: 30, ...limits });
  const document = parse(query);
  const request = { query, variables };
  const listener = (await plugin.requestDidStart!({ request } as never)) as GraphQLRequestListener<object>;
  try {
    await listener.didResolveOperation!({ request, document, operation: getOperationAST(document)!, schema } as never);
    return null;
  } catch (error) {
    if (error instanceof GraphQLError) {
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      return error.message;
    }
    throw error;
  }
}

/** One plugin and one parsed operation, checked with the variables of each call: null when let through, else the refusal's message. */
function parsedOnce(query: string, limits: Partial<QueryLimits> = {}): (variables: Record<string, unknown>) => Promise<string | null> {
  const plugin = queryLimitsPlugin({ maxDepth: 10, maxCost: 5000, maxAliases: 30, ...limits });
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return async (variables) => {
    const request = { query, variables };
    const listener = (await plugin.requestDidStart!({ request } as never)) as GraphQLRequestListener<object>;
    try {
      await listener.didResolveOperation!({ request, document, operation, schema } as never);
      return null;
    } catch (error) {
      if (error instanceof GraphQLError) {
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        return error.message;
      }
      throw error;
    }
  };
}

const cost = (message: string | null) => Number(message?.match(/cost (\d+)/)?.[1]);

describe('query limits', () => {
  it('costs a list whose page size is left out as a default page, not as one item', async () => {
    const omitted = await check(`{ items { edges { node { id name } } } }`, { maxCost: 10 });
    const explicit = await check(`{ items(first: ${DEFAULT_PAGE_SIZE}) { edges { node { id name } } } }`, { maxCost: 10 });
    expect(omitted).toMatch(/too costly/);
    expect(cost(omitted)).toBe(cost(explicit));
    // A page size given through a variable, or left null, is costed the same way.
    expect(cost(await check(`query($n: Int) { items(first: $n) { edges { node { id } } } }`, { maxCost: 10 }, { n: 50 }))).toBeGreaterThan(50);
    expect(cost(await check(`query($n: Int) { items(first: $n) { edges { node { id } } } }`, { maxCost: 10 }, {}))).toBe(
      cost(await check(`{ items(first: ${DEFAULT_PAGE_SIZE}) { edges { node { id } } } }`, { maxCost: 10 })),
    );
    expect(await check(`{ item(id: "1") { id name } }`, { maxCost: 10 })).toBeNull();
  });

  it('refuses 60 aliased default pages under the default cost limit', async () => {
    const lists = Array.from({ length: 60 }, (_, i) => `l${i}: items { edges { cursor node { id name } } }`).join(' ');
    expect(await check(`{ ${lists} }`, { maxAliases: 100 })).toMatch(/too costly/);
  });

  it('bounds the aliases of an operation, fragments included', async () => {
    const aliased = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: item(id: "${i}") { id }`).join(' ');
    expect(await check(`{ ${aliased(30)} }`)).toBeNull();
    expect(await check(`{ ${aliased(31)} }`)).toMatch(/too many aliases: 31 exceed the limit of 30/i);
    // A fragment's aliases count each time it is spread under a different parent.
    const fragment = `fragment F on Item { ${Array.from({ length: 10 }, (_, i) => `n${i}: name`).join(' ')} }`;
    expect(await check(`{ x: item(id: "1") { ...F } y: item(id: "2") { ...F } } ${fragment}`, { maxAliases: 22 })).toBeNull();
    expect(await check(`{ x: item(id: "1") { ...F } y: item(id: "2") { ...F } z: item(id: "3") { ...F } } ${fragment}`, { maxAliases: 22 })).toMatch(/too many aliases: 33/i);
  });

  it('costs one parsed operation again for each value of the variables its cost depends on', async () => {
    const query = `query($n: Int, $after: String, $names: Boolean!) { items(first: $n, after: $after) { edges { node { id name @include(if: $names) } } } }`;
    // Apollo hands the same parsed document to every request of the same text: one plugin, one document.
    const shared = parsedOnce(query, { maxCost: 1 });
    const costs = async (variables: Record<string, unknown>) => {
      const kept = [cost(await shared(variables)), cost(await shared(variables))];
      const fresh = cost(await parsedOnce(query, { maxCost: 1 })(variables));
      expect(kept).toEqual([fresh, fresh]);
      return fresh;
    };
    expect(await costs({ n: 10, names: false })).toBeLessThan(await costs({ n: 50, names: false }));
    expect(await costs({ n: 50, names: false })).toBeLessThan(await costs({ n: 50, names: true }));
    expect(await costs({ n: 10, names: false })).toBeLessThan(await costs({ n: 50, names: false }));
    // Another cursor does not change the cost.
    expect(await costs({ n: 50, after: 'x', names: true })).toBe(await costs({ n: 50, after: 'y', names: true }));
  });

  it('refuses a page too costly for its variables after the same operation passed with smaller ones', async () => {
    const check = parsedOnce(`query($n: Int) { items(first: $n) { edges { node { id } } } }`, { maxCost: 100 });
    expect(await check({ n: 5 })).toBeNull();
    expect(await check({ n: 5 })).toBeNull();
    expect(await check({ n: 90 })).toMatch(/too costly/);
    expect(await check({ n: 5 })).toBeNull();
    // Variables that do not fit their types are refused every time, whatever was kept.
    expect(await check({ n: 'five' })).toMatch(/Int cannot represent/);
  });

  it('refuses a null for a non-null argument whether or not the operation was costed before', async () => {
    const check = parsedOnce(`query($id: ID = "1") { item(id: $id) { id } }`, { maxCost: 100 });
    expect(await check({ id: '2' })).toBeNull();
    expect(await check({ id: null })).toMatch(/must not be null/);
    expect(await check({})).toBeNull();
    expect(await check({ id: null })).toMatch(/must not be null/);
  });
});

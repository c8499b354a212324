// Typed GraphQL documents: gql.tada reads the API's committed schema (src/graphql-env.d.ts is
// generated from schema.graphql by `npm run schema:print`), so an operation that does not match
// the API fails the type-check.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

import type { Request, Response } from 'express';

/**
 * The per-request GraphQL context. `redacted` collects the paths of fields withheld from the
 * viewer; they are returned in `extensions.redacted`. Other libs add their own per-request
 * state (the viewer, DataLoaders) on `state`.
 */
export interface GraphQLContext {
  req: Request & { requestId?: string };
  res: Response;
  redacted: string[];
  state: Map<string | symbol, unknown>;
}

export function perRequest<T>(context: GraphQLContext, key: symbol, create: () => T): T {
  let value = context.state.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    context.state.set(key, value);
  }
  return value;
}

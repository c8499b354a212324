import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_POLICY, UnauthenticatedError } from '@tandem/platform';
import { Policy, Who } from './policy';
import { Viewer } from './viewer';

export { ACCESS_POLICY };

/**
 * The access every GraphQL operation and HTTP route declares. An operation declares its one policy
 * ({@link Allow}); an HTTP route open to anyone says why (`OpenEndpoint` of the platform). One without
 * a declaration is refused: there is no default that lets a forgotten declaration through.
 */
export type AccessPolicy = { kind: 'public'; why: string } | { kind: 'policy'; name: string; who: Who };

/**
 * Declares the one policy an operation is governed by. The guard checks its `who` before the
 * resolver runs; the service checks its rule on the facts it loads ({@link authorize}).
 */
export const Allow = (policy: Pick<Policy<never>, 'name' | 'who'>) =>
  SetMetadata(ACCESS_POLICY, { kind: 'policy', name: policy.name, who: policy.who } satisfies AccessPolicy);

export type RequestWithViewer = { viewer?: Viewer };

export function viewerFrom(context: ExecutionContext): Viewer | undefined {
  const gql = GqlExecutionContext.create(context).getContext<{ req?: RequestWithViewer }>();
  return gql.req?.viewer;
}

/** The signed-in viewer of a GraphQL operation. */
export const CurrentViewer = createParamDecorator((_data: unknown, context: ExecutionContext): Viewer => {
  const viewer = viewerFrom(context);
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
});

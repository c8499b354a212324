import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_POLICY, UnauthenticatedError } from '@tandem/platform';
import { Policy, Who } from './policy';
import { Viewer } from './viewer';
import { Role } from './vocabulary';

export { ACCESS_POLICY };

/**
 * The access every GraphQL operation declares. An operation without one is refused: there is
 * no default that lets a forgotten declaration through.
 */
export type AccessPolicy =
  | { kind: 'public'; why: string }
  | { kind: 'signed-in' }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'policy'; name: string; who: Who };

/**
 * Declares the one policy an operation is governed by. The guard checks its `who` before the
 * resolver runs; the service checks its rule on the facts it loads ({@link authorize}).
 */
export const Allow = (policy: Pick<Policy<never>, 'name' | 'who'>) =>
  SetMetadata(ACCESS_POLICY, { kind: 'policy', name: policy.name, who: policy.who } satisfies AccessPolicy);

/** Open to anonymous callers, on purpose; the reason is recorded next to the operation. */
export const Public = (why: string) => SetMetadata(ACCESS_POLICY, { kind: 'public', why } satisfies AccessPolicy);

/** Any signed-in, active user; finer rules are checked by the service against the record. */
export const SignedIn = () => SetMetadata(ACCESS_POLICY, { kind: 'signed-in' } satisfies AccessPolicy);

/** Signed-in users holding one of these roles; finer rules are checked by the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);

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

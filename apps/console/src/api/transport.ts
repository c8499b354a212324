// One GraphQL request outside the client's cache: sign-in steps and refreshes, which must not
// wait for (or be retried by) the authenticated client. Every request asks for browser session
// mode, so the refresh token travels only in the API's HttpOnly cookie.

export const SESSION_HEADERS: Readonly<Record<string, string>> = { 'Tandem-Session': 'browser' };

export interface ApiErrorShape {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL error answered by the API, with its typed code (`extensions.code`). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function postGraphQL<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...SESSION_HEADERS };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError('Tandem cannot be reached. Check the connection and try again.', 'NETWORK');
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: ApiErrorShape[] } | null;
  const first = body?.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL', first.extensions ?? {});
  if (!body?.data) throw new ApiError('Tandem answered in a way the console does not understand.', 'BAD_RESPONSE');
  return body.data;
}

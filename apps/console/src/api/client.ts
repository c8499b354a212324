// The console's GraphQL client: queries and mutations over HTTP with the in-memory access token
// (refreshed through the cookie when it expires), subscriptions over the API's WebSocket. One
// client per signed-in session, so nothing cached for one person is shown to the next.
import { authExchange } from '@urql/exchange-auth';
import { createClient as createSocketClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from 'urql';
import { session } from '../session/session';
import { SESSION_HEADERS } from './transport';

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql`;
}

export interface SessionClient {
  client: Client;
  /** Closes the session's socket (on signing out). */
  close(): void;
}

export function createSessionClient(): SessionClient {
  const sockets = createSocketClient({
    url: socketUrl,
    lazy: true,
    retryAttempts: 20,
    shouldRetry: () => session.snapshot().status === 'signed-in',
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  const client = new Client({
    url: '/graphql',
    // POST always: the API refuses a GET operation as a cross-site request could make one.
    preferGetMethod: false,
    fetchOptions: { headers: { ...SESSION_HEADERS }, credentials: 'same-origin' },
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => {
        let token = await session.accessToken();
        return {
          addAuthToOperation(operation) {
            return token ? utils.appendHeaders(operation, { Authorization: `Bearer ${token}` }) : operation;
          },
          willAuthError() {
            return token !== session.currentToken() || session.needsRefresh();
          },
          didAuthError(error) {
            return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          },
          async refreshAuth() {
            // Another request may have refreshed already: take its token rather than spend the cookie again.
            if (token !== session.currentToken() && !session.needsRefresh()) {
              token = session.currentToken();
              return;
            }
            token = (await session.refresh()) ? session.currentToken() : null;
          },
        };
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = sockets.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, close: () => void sockets.dispose() };
}

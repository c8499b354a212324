import { cacheExchange, Client, fetchExchange } from 'urql';

/** The client of the public pages: no token, no cookie, nothing about the reader sent. */
export function createPublicClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { credentials: 'omit' },
    exchanges: [cacheExchange, fetchExchange],
  });
}

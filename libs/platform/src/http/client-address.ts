import type { IncomingMessage } from 'node:http';

/** Whether the peer at `hop` (0: the socket's peer) is a proxy whose X-Forwarded-For is believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * The client address of a request that Express does not see (a WebSocket upgrade), by Express's
 * rule: walk X-Forwarded-For from the socket's peer outwards while the hop is a trusted proxy;
 * the first untrusted one is the client.
 */
export function clientAddressOf(request: IncomingMessage, trust: ProxyTrust): string | null {
  const peer = request.socket.remoteAddress;
  if (!peer) return null;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [peer, ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop += 1) {
    if (!trust(chain[hop]!, hop)) return chain[hop]!;
  }
  return chain[chain.length - 1]!;
}

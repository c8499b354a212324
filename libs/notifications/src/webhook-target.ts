import { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Injectable } from '@nestjs/common';

/*
 * Where an agency webhook may send alerts: public addresses only. A webhook URL is chosen by an
 * agency administrator and called by the worker from inside our network, so without this check it
 * reaches the cloud metadata service, Redis, PostgreSQL or anything else the worker can. The URL is
 * checked when it is set (its host as written) and again at every delivery, after DNS, on the very
 * addresses the connection is then pinned to (see DeliveryProcessor).
 */

export const WEBHOOK_URL_MAX = 500;

/** What an IP address is, for a webhook; anything but `public` is refused. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

type Blocked = Exclude<AddressClass, 'public'>;

/** IANA's special-purpose IPv4 ranges that are not globally reachable (RFC 6890 and successors). */
const IPV4_RANGES: [Blocked, string, number][] = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['shared', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['documentation', '192.0.2.0', 24],
  ['reserved', '192.88.99.0', 24],
  ['private', '192.168.0.0', 16],
  ['benchmarking', '198.18.0.0', 15],
  ['documentation', '198.51.100.0', 24],
  ['documentation', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
];

/**
 * IPv6: only global unicast (2000::/3) can be public, less the special ranges inside it; the ranges
 * outside it are named here for a clearer refusal, and whatever else lies outside it is reserved.
 */
const IPV6_RANGES: [Blocked, string, number][] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['private', '64:ff9b:1::', 48],
  ['benchmarking', '2001:2::', 48],
  ['reserved', '2001::', 23],
  ['documentation', '2001:db8::', 32],
  ['documentation', '3fff::', 20],
  ['private', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  ['private', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

function blockLists(ranges: [Blocked, string, number][], family: 'ipv4' | 'ipv6'): [Blocked, BlockList][] {
  // Node's BlockList matches IPv4 rules against IPv4-mapped IPv6 and back: one list per family,
  // each checked only with addresses of its own family, keeps the two apart.
  return ranges.map(([kind, network, prefix]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return [kind, list];
  });
}

const IPV4_LISTS = blockLists(IPV4_RANGES, 'ipv4');
const IPV6_LISTS = blockLists(IPV6_RANGES, 'ipv6');
const GLOBAL_UNICAST = blockLists([['reserved', '2000::', 3]], 'ipv6')[0]![1];

/** The 16 bytes of an IPv6 address (already known to be one, zone removed), an IPv4 tail included. */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail.push(...text.slice(lastColon + 1).split('.').map(Number));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

const dotted = (bytes: number[]) => bytes.join('.');

/** The IPv4 address an IPv6 address stands for (mapped, NAT64 well-known prefix, 6to4), if any. */
function embeddedIpv4(bytes: number[]): string | null {
  const starts = (...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff)) return dotted(bytes.slice(12));
  if (starts(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) return dotted(bytes.slice(12));
  if (starts(0x20, 0x02)) return dotted(bytes.slice(2, 6));
  return null;
}

/** The class of an IP address; what is not an IP address is `reserved`, so it is refused too. */
export function addressClass(address: string): AddressClass {
  const family = isIP(address);
  if (family === 4) return IPV4_LISTS.find(([, list]) => list.check(address, 'ipv4'))?.[0] ?? 'public';
  if (family !== 6) return 'reserved';
  const bare = address.split('%')[0]!;
  const embedded = embeddedIpv4(ipv6Bytes(bare));
  if (embedded !== null) return addressClass(embedded);
  const named = IPV6_LISTS.find(([, list]) => list.check(bare, 'ipv6'))?.[0];
  if (named) return named;
  return GLOBAL_UNICAST.check(bare, 'ipv6') ? 'public' : 'reserved';
}

const ARTICLE: Partial<Record<AddressClass, string>> = { unspecified: 'an' };

function addressProblem(kind: AddressClass): string {
  const detail = kind === 'shared' ? ' (carrier-grade NAT)' : '';
  return `must point to a public address, not ${ARTICLE[kind] ?? 'a'} ${kind} address${detail}`;
}

/**
 * Names that only mean something inside a network (RFC 6761, 6762, 8375 and common private
 * suffixes): refused when set, as DNS may well answer them with an internal address.
 */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'arpa'];

/** A URL host as compared with WEBHOOK_ALLOW_HOSTS: lower case, without brackets or a final dot. */
export function webhookHostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** What is wrong with a webhook host as written in the URL, or null. */
function hostProblem(host: string): string | null {
  if (isIP(host)) {
    const kind = addressClass(host);
    return kind === 'public' ? null : addressProblem(kind);
  }
  const labels = host.split('.');
  if (labels.length < 2) return 'must name a public host by its full domain name';
  if (INTERNAL_SUFFIXES.includes(labels[labels.length - 1]!)) return 'must name a public host, not an internal one';
  return null;
}

export interface WebhookUrlRules {
  production: boolean;
  /** Hosts exempt from the public-address rule, reachable over plain http too (never in production). */
  allowHosts: readonly string[];
}

/**
 * What is wrong with a webhook URL, or null: https to a public host; plain http and non-public
 * targets only for a host named in WEBHOOK_ALLOW_HOSTS (which production refuses to start with).
 */
export function webhookUrlProblem(raw: string, rules: WebhookUrlRules): string | null {
  if (raw.length > WEBHOOK_URL_MAX) return `must be at most ${WEBHOOK_URL_MAX} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = webhookHostKey(url.hostname);
  const allowed = !rules.production && rules.allowHosts.includes(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
    return rules.production ? 'must be an https:// URL' : 'must be an https:// URL (plain http only to a host in WEBHOOK_ALLOW_HOSTS)';
  }
  return allowed ? null : hostProblem(host);
}

/** A user name and password written into a URL the parser does not take (the authority up to its last `@`). */
const WRITTEN_CREDENTIALS = /^([a-z][a-z0-9+.-]*:[\\/]*)[^/?#\\]*@/i;

/**
 * A webhook URL as the audit trail keeps it: as written, less any user name or password in it.
 * The URL parser reads credentials in spellings a pattern misses (`https:user:pw@host`,
 * `https:\\user:pw@host`), so it decides; only what it cannot parse falls back to the pattern.
 */
export function webhookUrlForTrail(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: the pattern below.
  }
  if (url && (url.username || url.password)) {
    url.username = '';
    url.password = '';
    return url.href.slice(0, WEBHOOK_URL_MAX);
  }
  return (url ? raw : raw.replace(WRITTEN_CREDENTIALS, '$1')).slice(0, WEBHOOK_URL_MAX);
}

/** The class of the first non-public address DNS gave for a webhook host, or null when all are public. */
export function webhookAddressesProblem(addresses: readonly LookupAddress[]): Blocked | null {
  if (addresses.length === 0) return 'reserved';
  for (const { address } of addresses) {
    const kind = addressClass(address);
    if (kind !== 'public') return kind;
  }
  return null;
}

/**
 * What is wrong with the addresses a webhook host resolves to when it is set, or null. A name that
 * does not resolve yet is left to the check at delivery; one that leads into the network is
 * refused at once, so probing internal names is an audited refusal, not a dead letter to read.
 */
export function resolvedHostProblem(addresses: readonly LookupAddress[]): string | null {
  if (addresses.length === 0) return null;
  const kind = webhookAddressesProblem(addresses);
  return kind ? `must point to a public address; its host resolves to ${ARTICLE[kind] ?? 'a'} ${kind} address` : null;
}

/** The promise, or a rejection once the signal aborts (dns.lookup itself cannot be cancelled). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** DNS for webhook deliveries: every address of a name, in the resolver's order. Replaced in tests. */
@Injectable()
export class WebhookDns {
  lookup(hostname: string): Promise<LookupAddress[]> {
    return lookup(hostname, { all: true, order: 'verbatim' });
  }
}

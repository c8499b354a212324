import { isIP } from 'node:net';
import { z } from 'zod';

/** What Express's `trust proxy` setting is given: no proxy, a number of hops, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;
const TRUST_ALL = 'must not trust every proxy (a client could then choose its own address); name the proxies or give a number of hops';

/** An address, or an address/prefix range that does not cover every address. Null when it is neither; 'all' when it covers everything. */
function addressOrRange(entry: string): 'ok' | 'all' | null {
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined || !address) return null;
  const family = isIP(address);
  if (family === 0) return null;
  if (prefix === undefined) return 'ok';
  if (!/^\d{1,3}$/.test(prefix)) return null;
  const bits = Number(prefix);
  if (bits > (family === 4 ? 32 : 128)) return null;
  return bits === 0 ? 'all' : 'ok';
}

/**
 * `TRUST_PROXY`: which peers may say, in X-Forwarded-For, whom they forward for. Unset (or
 * `false`, `0`): none, and the client address is the socket's peer. A number: that many proxies
 * in front of the API, whoever they are. Otherwise a comma-separated list of addresses, CIDR
 * ranges, or `loopback`, `linklocal`, `uniquelocal` (Express's trust proxy semantics).
 */
export const trustProxySchema = z
  .string()
  .default('false')
  .transform((raw, ctx): TrustProxy => {
    const value = raw.trim();
    if (value === '' || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '*') {
      ctx.addIssue({ code: 'custom', message: TRUST_ALL });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > MAX_HOPS) {
        ctx.addIssue({ code: 'custom', message: `hops must be between 1 and ${MAX_HOPS}` });
        return z.NEVER;
      }
      return hops;
    }
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      if (NAMED_RANGES.has(entry)) continue;
      const kind = addressOrRange(entry);
      if (kind === 'all') {
        ctx.addIssue({ code: 'custom', message: TRUST_ALL });
        return z.NEVER;
      }
      if (!kind) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address, a CIDR range (address/prefix), loopback, linklocal or uniquelocal` });
        return z.NEVER;
      }
    }
    return entries;
  });

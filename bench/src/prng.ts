/**
 * Deterministic randomness for the benchmark data set: the same seed gives the same cases,
 * people, referrals and audit trail. Every record's id and shape is a pure function of the seed
 * and its index, so a later pass (the audit trail) can re-derive what an earlier one wrote.
 */

/** A bijective 32-bit mix (distinct inputs give distinct outputs). */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of a few integers. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32(h ^ mix32((part >>> 0) + 0x632be5ab));
  return h;
}

/** A small, fast generator (mulberry32): uniform numbers in [0, 1). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An index chosen with the given weights (they need not sum to 1). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/** The generator of one stream of one record: `rngFor(seed, STREAM, index)`. */
export function rngFor(seed: number, stream: number, index: number): Rng {
  return new Rng(hash32(seed, stream, index));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return HEX[(word >>> 24) & 255]! + HEX[(word >>> 16) & 255]! + HEX[(word >>> 8) & 255]! + HEX[word & 255]!;
}

/** Id kinds: each table's ids are `uuidOf(kind, index)`; indexes stay below 2^26 per kind. */
export const Kind = {
  JURISDICTION: 1,
  AGENCY: 2,
  USER: 3,
  CASE: 4,
  MEMBERSHIP: 5,
  ASSIGNMENT: 6,
  CONSENT: 7,
  NOTE: 8,
  REFERRAL: 9,
  HANDOFF: 10,
  CASE_EVENT: 11,
  DEADLINE: 12,
  AUDIT: 13,
  REQUEST: 14,
} as const;

/**
 * A version-4-shaped UUID that is a pure function of (kind, index, seed). The first word is a
 * bijection of (kind, index), so two records never share an id.
 */
export function uuidOf(kind: number, index: number, seed: number): string {
  if (index < 0 || index >= 1 << 26) throw new Error(`id index ${index} out of range`);
  const w0 = mix32(((kind & 63) << 26) | index);
  const w1 = mix32(w0 ^ hash32(seed, kind));
  const w2 = mix32(w1 + 0x9e3779b9);
  const w3 = mix32(w2 ^ 0x85ebca6b);
  const a = hex32(w0);
  const b = hex32(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex32(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex32(w3);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

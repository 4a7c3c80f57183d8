/**
 * Seeded, dependency-free randomness for the demo dataset: string hashing, a small PRNG, DICOM UIDs.
 *
 * Pure and platform-independent (no node:crypto), so the same seed gives the same ids, UIDs and noise on
 * every machine and in every runtime. Invariants: every function is a pure function of its arguments;
 * UIDs are `2.25.<decimal of a 128-bit hash>` (at most 44 characters, no leading zero).
 */

/** 32-bit hash of a string (MurmurHash3-style mixing), with a seed selecting an independent lane. */
export function hash32(text: string, seed = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The key a set of parts hashes under (parts joined unambiguously). */
function keyOf(parts: readonly (string | number)[]): string {
  return parts.map((p) => `${typeof p}:${String(p)}`).join('|');
}

/** 128-bit hash of the parts, as a BigInt (four independent 32-bit lanes). */
export function hash128(...parts: (string | number)[]): bigint {
  const key = keyOf(parts);
  let value = 0n;
  for (let lane = 0; lane < 4; lane++) value = (value << 32n) | BigInt(hash32(key, lane * 0x51ed27 + 17));
  return value;
}

/** A DICOM UID under the 2.25 (UUID-derived) root, deterministic from the parts. */
export function uidFor(...parts: (string | number)[]): string {
  const value = hash128('uid', ...parts);
  return `2.25.${value === 0n ? 1n : value}`;
}

/** Small fast PRNG (mulberry32). Not cryptographic; reproducible. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn from unnormalised weights. */
  pick(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as number;
      out[i] = out[j] as number;
      out[j] = tmp;
    }
    return out;
  }
}

/** A PRNG whose stream is keyed by the parts (seed, study index, purpose, ...). */
export function rngFor(...parts: (string | number)[]): Rng {
  return new Rng(hash32(keyOf(parts), 0x2545f491));
}

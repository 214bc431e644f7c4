/**
 * A small seeded pseudo-random generator (mulberry32), so that the seed data comes out the same on
 * every machine and every run. Nothing in the generator may call `Math.random`.
 */

/** The fixed seed of the committed data; change it only to regenerate everything. */
export const SEED = 20261120;

/** A deterministic stream of pseudo-random numbers with the helpers the generator needs. */
export class Random {
  #state: number;

  constructor(seed: number = SEED) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One value of `[value, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries.at(-1);
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** `count` random decimal digits, e.g. for numbers on certificates. */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
}

/**
 * Draws values from `draw` until one is not in `used`, records it and returns it: the numbering
 * helper behind household numbers, certificate numbers and the like.
 */
export function uniqueValue(used: Set<string>, draw: () => string, what: string): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const value = draw();
    if (!used.has(value)) {
      used.add(value);
      return value;
    }
  }
  throw new Error(`could not draw an unused ${what} after 10000 attempts`);
}

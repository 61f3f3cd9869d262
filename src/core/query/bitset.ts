/**
 * Sets of lieu positions as bit sets (one bit per position, 32 per word). The cheap criteria of a query
 * (enumerated values, flags, typologie, territory, text) become one AND over a few hundred words, so the
 * per-lieu work (distance, hours) only runs on the lieux that pass them. Each criterion's set is built
 * once per index and cached; a query combines them.
 */
import type { LieuIndex } from './build.js';
import { Lru } from './cache.js';
import type { EnumFilterField } from './types.js';

export type BitSet = Uint32Array;

export function emptySet(n: number): BitSet {
  return new Uint32Array((n + 31) >>> 5);
}

/** Every position below `n` (the bits past `n` in the last word stay clear). */
export function fullSet(n: number): BitSet {
  const set = emptySet(n).fill(0xffffffff);
  if (n & 31) set[set.length - 1] = (1 << (n & 31)) - 1;
  return set;
}

export function addPosition(set: BitSet, position: number): void {
  set[position >>> 5]! |= 1 << (position & 31);
}

export function hasPosition(set: BitSet, position: number): boolean {
  return (set[position >>> 5]! & (1 << (position & 31))) !== 0;
}

/** `target ← target OR other`. */
export function orInto(target: BitSet, other: BitSet): void {
  for (let w = 0; w < target.length; w++) target[w]! |= other[w]!;
}

/** `target ← target AND other`. */
export function andInto(target: BitSet, other: BitSet): void {
  for (let w = 0; w < target.length; w++) target[w]! &= other[w]!;
}

/** `target ← target AND NOT other`. */
export function andNotInto(target: BitSet, other: BitSet): void {
  for (let w = 0; w < target.length; w++) target[w]! &= ~other[w]!;
}

/**
 * Per-index sets of every cheap criterion value, built on first use. Enumerated values and flags are
 * few (a few hundred bytes each for 20k lieux, bounded by the standard's lists); territory codes are
 * many, so theirs live in a bounded LRU.
 */
export class CriterionSets {
  private readonly enumSets = new Map<string, BitSet>();
  private readonly flagSets = new Map<number, BitSet>();
  private readonly territorySets = new Lru<string, BitSet>(512);
  private readonly typologieSets = new Lru<string, BitSet>(64);
  private readonly openSets = new Lru<string, BitSet>(8);
  private readonly openAsked = new Lru<string, true>(64);

  constructor(private readonly index: LieuIndex) {}

  /** Lieux whose field holds the value of bit `bit`. */
  enumValue(field: EnumFilterField, bit: number): BitSet {
    const key = `${field}\u0000${bit}`;
    let set = this.enumSets.get(key);
    if (!set) {
      const masks = this.index.enumMasks[field];
      const want = 1 << bit;
      set = emptySet(this.index.size);
      for (let i = 0; i < masks.length; i++) if ((masks[i]! & want) !== 0) addPosition(set, i);
      this.enumSets.set(key, set);
    }
    return set;
  }

  /** Lieux with every bit of `flag` set in their flags. */
  flag(flag: number): BitSet {
    let set = this.flagSets.get(flag);
    if (!set) {
      const flags = this.index.flags;
      set = emptySet(this.index.size);
      for (let i = 0; i < flags.length; i++) if ((flags[i]! & flag) === flag) addPosition(set, i);
      this.flagSets.set(flag, set);
    }
    return set;
  }

  /** Lieux declaring typologie `code`. */
  typologie(code: string): BitSet {
    let set = this.typologieSets.get(code);
    if (!set) {
      set = emptySet(this.index.size);
      const list = this.index.typologies.get(code);
      if (list) for (let p = 0; p < list.length; p++) addPosition(set, list[p]!);
      this.typologieSets.set(code, set);
    }
    return set;
  }

  /**
   * Lieux whose territory id at this level (or, for communes, the parent commune's id) is `id`.
   * `level` names the arrays so that the cache key is stable.
   */
  territory(level: string, of: Int32Array, alt: Int32Array | null, id: number): BitSet {
    const key = `${level}\u0000${id}`;
    let set = this.territorySets.get(key);
    if (!set) {
      set = emptySet(this.index.size);
      for (let i = 0; i < of.length; i++) {
        if (of[i] === id || (alt !== null && alt[i] === id)) addPosition(set, i);
      }
      this.territorySets.set(key, set);
    }
    return set;
  }

  /** Records that a query asked for this moment; true when one already had (the set is then worth it). */
  noteOpenAtAsked(key: string): boolean {
    const before = this.openAsked.get(key) === true;
    if (!before) this.openAsked.set(key, true);
    return before;
  }

  /** Lieux open at a moment (key as in the hours memo), if that set was built already. */
  openAtCached(key: string): BitSet | undefined {
    return this.openSets.get(key);
  }

  /** Lieux open at a moment: built once per moment (once a minute for « ouvert maintenant »). */
  openAt(key: string, isOpen: (position: number) => boolean): BitSet {
    let set = this.openSets.get(key);
    if (!set) {
      set = emptySet(this.index.size);
      for (let i = 0; i < this.index.size; i++) if (isOpen(i)) addPosition(set, i);
      this.openSets.set(key, set);
    }
    return set;
  }
}

function bitCount(word: number): number {
  let v = word;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Number of positions in both sets. */
export function sizeOfBoth(a: BitSet, b: BitSet): number {
  let count = 0;
  for (let w = 0; w < a.length; w++) count += bitCount(a[w]! & b[w]!);
  return count;
}

/** Number of positions in the set. */
export function sizeOf(set: BitSet): number {
  let count = 0;
  for (let w = 0; w < set.length; w++) count += bitCount(set[w]!);
  return count;
}

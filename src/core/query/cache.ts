/**
 * Small caches derived from an index (hours evaluated at one minute, per slot, clusters per result set).
 * Attached through a WeakMap so that they die with the index and never outlive the data they describe.
 */
import { CriterionSets } from './bitset.js';
import type { LieuIndex } from './build.js';
import type { Grid } from './nearest.js';

/** Least-recently-used map with a fixed capacity. */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

export interface IndexCaches {
  /** Moment key (one minute) → per (hours, holiday regime) open flag: -1 unknown yet, 0 closed, 1 open. */
  readonly openAt: Lru<string, Int8Array>;
  /** Slot key → per hours open-during flag, same encoding. */
  readonly slots: Lru<string, Int8Array>;
  /** Result-set fingerprint → clusterer (see aggregate.ts). */
  readonly clusters: Lru<string, unknown[]>;
  /** Work arrays of `findMatches`, valid until its next call on the same index. */
  readonly scratch: Scratch;
  /** Bit sets of the cheap criteria' values, built on first use. */
  readonly sets: CriterionSets;
  /** Located lieux by grid cell, for nearest-first pages (built on the first such query). */
  grid: Grid | undefined;
}

/** Per-index work arrays, allocated once. */
export class Scratch {
  private positionsArray: Int32Array | undefined;
  private distancesArray: Float64Array | undefined;

  positions(n: number): Int32Array {
    if (!this.positionsArray || this.positionsArray.length < n) this.positionsArray = new Int32Array(n);
    return this.positionsArray;
  }

  /** Haversine `a` per position; entries not written by the current query are stale. */
  distances(n: number): Float64Array {
    if (!this.distancesArray || this.distancesArray.length < n) this.distancesArray = new Float64Array(n);
    return this.distancesArray;
  }
}

const caches = new WeakMap<LieuIndex, IndexCaches>();

export function cachesOf(index: LieuIndex): IndexCaches {
  let found = caches.get(index);
  if (!found) {
    found = {
      openAt: new Lru(8),
      slots: new Lru(64),
      clusters: new Lru(16),
      scratch: new Scratch(),
      sets: new CriterionSets(index),
      grid: undefined,
    };
    caches.set(index, found);
  }
  return found;
}

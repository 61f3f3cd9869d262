/**
 * The lieux nearest to a point without measuring the distance to every match: located lieux are kept
 * in a grid of 0.1° cells, visited ring after ring around the point until no unvisited cell can hold a
 * lieu closer than the k-th found. The caller orders what was gathered exactly (same comparison as the
 * full scan), so the answer is the scan's answer; when the search would wander far (few matches, or
 * lieux spread over the globe) it gives up and the caller scans.
 */
import type { BitSet } from './bitset.js';
import { hasPosition } from './bitset.js';
import { FLAG_COORDINATES } from './build.js';
import type { LieuIndex } from './build.js';

/** Cell side in degrees; 360 / CELL_DEG must be an integer so that columns wrap around the globe. */
const CELL_DEG = 0.1;
const COLUMNS = Math.round(360 / CELL_DEG);
const ROWS = Math.round(180 / CELL_DEG);
const RAD = Math.PI / 180;
/** Cells looked at before giving up on the search (the caller then scans every match). */
const MAX_CELLS_VISITED = 1500;

export interface Grid {
  /** Cell key (row × COLUMNS + column) → positions of its located lieux, ascending. */
  readonly cells: ReadonlyMap<number, Int32Array>;
  /** cos of the largest |latitude| of a located lieu: bounds how short a degree of longitude gets. */
  readonly cosMaxLat: number;
}

function rowOf(lat: number): number {
  return Math.min(ROWS - 1, Math.max(0, Math.floor((lat + 90) / CELL_DEG)));
}

/** A column index brought back into [0, COLUMNS): columns wrap around the antimeridian. */
function wrap(column: number): number {
  return ((column % COLUMNS) + COLUMNS) % COLUMNS;
}

function columnOf(lon: number): number {
  return wrap(Math.floor((lon + 180) / CELL_DEG));
}

export function buildGrid(index: LieuIndex): Grid {
  const lists = new Map<number, number[]>();
  let maxAbsLat = 0;
  for (let i = 0; i < index.size; i++) {
    if ((index.flags[i]! & FLAG_COORDINATES) === 0) continue;
    const lat = index.lat[i]!;
    maxAbsLat = Math.max(maxAbsLat, Math.abs(lat));
    const key = rowOf(lat) * COLUMNS + columnOf(index.lon[i]!);
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push(i);
  }
  const cells = new Map<number, Int32Array>();
  for (const [key, list] of lists) cells.set(key, Int32Array.from(list));
  return { cells, cosMaxLat: Math.cos(Math.min(90, maxAbsLat) * RAD) };
}

/**
 * Positions of located members (in `members`, or every located lieu when null) that include the `k`
 * nearest to the point, with their haversine `a` written into `haversineA`; every located member left
 * out is farther than all of the k nearest by more than `tolerance` (in `a`). `undefined` when the
 * search gave up or fewer than `k` located members exist.
 */
export function gatherNearest(
  index: LieuIndex,
  grid: Grid,
  near: { lat: number; lon: number; sinLat: number; cosLat: number; sinLon: number; cosLon: number },
  members: BitSet | null,
  k: number,
  haversineA: Float64Array,
  tolerance: number,
): Int32Array | undefined {
  if (k <= 0) return new Int32Array(0);
  const trig = index.trig;
  const row0 = rowOf(near.lat);
  const column0 = columnOf(near.lon);
  // Max-heap of the k smallest `a` seen: its root bounds the k-th nearest.
  const best = new Float64Array(k);
  let bestSize = 0;
  const gathered: number[] = [];
  let visited = 0;
  // Any lieu in ring r + 1 or beyond is at least r whole cells away in latitude or in longitude.
  const lonFactor = Math.min(1, near.cosLat * grid.cosMaxLat);
  const maxRing = Math.max(ROWS, COLUMNS / 2);

  const visitCell = (row: number, column: number): void => {
    visited++;
    const list = grid.cells.get(row * COLUMNS + column);
    if (!list) return;
    for (let p = 0; p < list.length; p++) {
      const i = list[p]!;
      if (members !== null && !hasPosition(members, i)) continue;
      const t = 4 * i;
      const cosProduct = near.cosLat * trig[t + 1]!;
      const cosDLat = cosProduct + near.sinLat * trig[t]!;
      const cosDLon = near.cosLon * trig[t + 3]! + near.sinLon * trig[t + 2]!;
      const a = (1 - cosDLat) / 2 + (cosProduct * (1 - cosDLon)) / 2;
      haversineA[i] = a;
      gathered.push(i);
      if (bestSize < k) {
        let at = bestSize++;
        best[at] = a;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (best[parent]! >= best[at]!) break;
          const tmp = best[parent]!;
          best[parent] = best[at]!;
          best[at] = tmp;
          at = parent;
        }
      } else if (a < best[0]!) {
        best[0] = a;
        let at = 0;
        for (;;) {
          const left = 2 * at + 1;
          if (left >= bestSize) break;
          const right = left + 1;
          const larger = right < bestSize && best[right]! > best[left]! ? right : left;
          if (best[at]! >= best[larger]!) break;
          const tmp = best[at]!;
          best[at] = best[larger]!;
          best[larger] = tmp;
          at = larger;
        }
      }
    }
  };

  const visitRow = (row: number, fromColumn: number, toColumn: number): void => {
    if (row < 0 || row >= ROWS) return;
    for (let c = fromColumn; c <= toColumn; c++) visitCell(row, wrap(c));
  };

  for (let r = 0; r <= maxRing; r++) {
    if (r === 0) visitCell(row0, column0);
    else if (2 * r + 1 >= COLUMNS) {
      return undefined; // the ring wraps onto itself: not a search worth finishing
    } else {
      visitRow(row0 - r, column0 - r, column0 + r);
      visitRow(row0 + r, column0 - r, column0 + r);
      for (let row = row0 - r + 1; row <= row0 + r - 1; row++) {
        if (row < 0 || row >= ROWS) continue;
        visitCell(row, wrap(column0 - r));
        visitCell(row, wrap(column0 + r));
      }
    }
    if (bestSize === k) {
      const half = Math.min(Math.PI / 2, (r * CELL_DEG * RAD) / 2);
      const bound = lonFactor * Math.sin(half) ** 2;
      if (best[0]! + 2 * tolerance < bound) return Int32Array.from(gathered);
    }
    if (visited > MAX_CELLS_VISITED) return undefined;
  }
  return undefined;
}

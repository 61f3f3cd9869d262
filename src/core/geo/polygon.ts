/**
 * Planar polygon operations on longitude/latitude: point in polygon, simplification, label points.
 * Planar is enough at the scale of a département; callers never span the antimeridian.
 */
import { bboxOf } from './distance.js';
import type { BBox, LatLon, MultiPolygonCoords, PolygonCoords, Position } from './types.js';

/** Even-odd ray casting on one ring. */
function inRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > lat !== b[1] > lat && lon < ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside;
}

/** True when the point is inside the polygon's outer ring and outside its holes. */
export function pointInPolygon(p: LatLon, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !inRing(p.lon, p.lat, outer)) return false;
  return !holes.some((hole) => inRing(p.lon, p.lat, hole));
}

export function pointInMultiPolygon(p: LatLon, polygons: MultiPolygonCoords): boolean {
  return polygons.some((polygon) => pointInPolygon(p, polygon));
}

/** Signed area in square degrees (positive when counter-clockwise). */
export function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return sum / 2;
}

/** Area-weighted centroid of a ring (planar). */
export function ringCentroid(ring: Position[]): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[j]!;
    const q = ring[i]!;
    const f = p[0] * q[1] - q[0] * p[1];
    a += f;
    cx += (p[0] + q[0]) * f;
    cy += (p[1] + q[1]) * f;
  }
  if (a === 0) return ring[0] ?? [0, 0];
  return [cx / (3 * a), cy / (3 * a)];
}

function sqSegmentDistance(p: Position, a: Position, b: Position): number {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on an open or closed line; keeps both ends. */
export function simplifyLine(points: Position[], tolerance: number): Position[] {
  if (points.length <= 2) return points.slice();
  const sqTol = tolerance * tolerance;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let maxSq = sqTol;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = sqSegmentDistance(points[i]!, points[first]!, points[last]!);
      if (d > maxSq) {
        index = i;
        maxSq = d;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Rounds a coordinate to `decimals` (5 ≈ 1 m, 4 ≈ 11 m). */
export function roundCoord(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Squared distance from a point to the nearest edge of a polygon (planar degrees). */
function sqDistanceToEdges(p: Position, polygon: PolygonCoords): number {
  let best = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      best = Math.min(best, sqSegmentDistance(p, ring[j]!, ring[i]!));
    }
  }
  return best;
}

/**
 * A point well inside the largest polygon, for labels: the centroid when it is comfortably inside,
 * else the grid sample farthest from the edges (a coarse pole of inaccessibility).
 */
export function labelPoint(polygons: MultiPolygonCoords): LatLon | undefined {
  let largest: PolygonCoords | undefined;
  let largestArea = -1;
  for (const polygon of polygons) {
    const area = Math.abs(ringArea(polygon[0] ?? []));
    if (area > largestArea) {
      largestArea = area;
      largest = polygon;
    }
  }
  if (!largest || !largest[0] || largest[0].length < 4) return undefined;
  const box = bboxOf(largest[0]) as BBox;
  const size = Math.max(box[2] - box[0], box[3] - box[1]);
  const centroid = ringCentroid(largest[0]);
  const asLatLon = (p: Position): LatLon => ({ lon: p[0], lat: p[1] });
  let best: Position | undefined;
  let bestSq = -1;
  if (pointInPolygon(asLatLon(centroid), largest)) {
    best = centroid;
    bestSq = sqDistanceToEdges(centroid, largest);
    if (Math.sqrt(bestSq) > size * 0.15) return asLatLon(centroid);
  }
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const p: Position = [
        box[0] + ((box[2] - box[0]) * i) / steps,
        box[1] + ((box[3] - box[1]) * j) / steps,
      ];
      if (!pointInPolygon(asLatLon(p), largest)) continue;
      const d = sqDistanceToEdges(p, largest);
      if (d > bestSq) {
        bestSq = d;
        best = p;
      }
    }
  }
  return asLatLon(best ?? centroid);
}

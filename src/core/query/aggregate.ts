/**
 * Aggregates for the map, honouring every filter of a query: counts per territory and point clusters.
 * Both start from the same match set as `runQuery`, so counts always add up to the list's total.
 */
import Supercluster from 'supercluster';
import type { PointFeature } from 'supercluster';
import type { CodeTable, LieuIndex } from './build.js';
import { cachesOf } from './cache.js';
import { findMatches } from './run.js';
import type { BBox, CountResult, MapFeature, Query, RunOptions, TerritoryLevel } from './types.js';

/** Matches per région, département or commune (the commune of an arrondissement is its parent commune). */
export function countBy(
  index: LieuIndex,
  query: Query,
  level: TerritoryLevel,
  options: RunOptions = {},
): CountResult {
  const { positions } = findMatches(index, query, options.now ?? new Date());
  const [of, table]: [Int32Array, CodeTable] =
    level === 'region'
      ? [index.regionOf, index.regions]
      : level === 'departement'
        ? [index.departementOf, index.departements]
        : [index.communeOf, index.communes];
  const tally = new Int32Array(table.codes.length);
  let withoutTerritory = 0;
  for (const i of positions) {
    const id = of[i]!;
    if (id < 0) withoutTerritory++;
    else tally[id]!++;
  }
  const counts: CountResult['counts'] = [];
  tally.forEach((count, id) => {
    if (count > 0) counts.push({ code: table.codes[id]!, count });
  });
  counts.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { total: positions.length, counts, withoutTerritory };
}

/** Clustering parameters: a 60 px radius reads well on phone and desktop; beyond zoom 16 show every lieu. */
export const CLUSTER_OPTIONS = { radius: 60, maxZoom: 16, minPoints: 2 } as const;

interface ClusterEntry {
  positions: Int32Array;
  clusterer: Supercluster<{ i: number }>;
}

/** FNV-1a over the positions: a cheap fingerprint of a result set (collisions are verified). */
function fingerprint(positions: Int32Array): string {
  let h = 0x811c9dc5;
  for (let p = 0; p < positions.length; p++) {
    h ^= positions[p]!;
    h = Math.imul(h, 0x01000193);
  }
  return `${positions.length}:${(h >>> 0).toString(36)}`;
}

function sameSet(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let p = 0; p < a.length; p++) if (a[p] !== b[p]) return false;
  return true;
}

function clustererFor(index: LieuIndex, positions: Int32Array): Supercluster<{ i: number }> {
  const cache = cachesOf(index).clusters;
  const key = fingerprint(positions);
  const bucket = (cache.get(key) ?? []) as ClusterEntry[];
  const hit = bucket.find((entry) => sameSet(entry.positions, positions));
  if (hit) return hit.clusterer;
  const points: Array<PointFeature<{ i: number }>> = [];
  for (const i of positions) {
    if (Number.isNaN(index.lat[i]!)) continue;
    points.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [index.lon[i]!, index.lat[i]!] },
      properties: { i },
    });
  }
  const clusterer = new Supercluster<{ i: number }>({ ...CLUSTER_OPTIONS }).load(points);
  bucket.push({ positions: Int32Array.from(positions), clusterer });
  cache.set(key, bucket);
  return clusterer;
}

/**
 * Points and clusters of the query's matches inside `bbox` at `zoom` (0–∞, fractional allowed).
 * Lieux without coordinates are left out. The clusterer is built once per distinct result set and
 * cached on the index, so panning and zooming the same search only reads it.
 */
export function clusters(
  index: LieuIndex,
  query: Query,
  bbox: BBox,
  zoom: number,
  options: RunOptions = {},
): MapFeature[] {
  if (![bbox.west, bbox.south, bbox.east, bbox.north, zoom].every(Number.isFinite)) {
    throw new RangeError('clusters : bbox et zoom doivent être des nombres.');
  }
  const { positions } = findMatches(index, query, options.now ?? new Date());
  const clusterer = clustererFor(index, positions);
  const features = clusterer.getClusters(
    [bbox.west, bbox.south, bbox.east, bbox.north],
    Math.max(0, Math.floor(zoom)),
  );
  return features.map((feature): MapFeature => {
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    const props = feature.properties as
      { i: number } | { cluster: true; cluster_id: number; point_count: number };
    if ('cluster' in props) {
      return {
        type: 'cluster',
        lat,
        lon,
        count: props.point_count,
        expansionZoom: clusterer.getClusterExpansionZoom(props.cluster_id),
      };
    }
    // The lieu's own coordinates, not the clusterer's projected round trip.
    const i = props.i;
    return { type: 'lieu', id: index.ids[i]!, lat: index.lat[i]!, lon: index.lon[i]!, nom: index.names[i]! };
  });
}

/**
 * GeoJSON for the map's sources, from the query engine's aggregates: count bubbles at each
 * territory's label point, clusters and lieux. Pure.
 */
import type { CountResult, MapFeature } from '../../core/query/index.js';
import type { Geography } from '../data/geo.js';
import { shortCount } from './style.js';

export interface PointCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: Record<string, string | number | boolean>;
  }>;
}

const EMPTY: PointCollection = { type: 'FeatureCollection', features: [] };

export function emptyCollection(): PointCollection {
  return { ...EMPTY, features: [] };
}

/** One bubble per territory with matches, at its label point; unknown codes are skipped. */
export function countFeatures(
  counts: CountResult,
  geo: Geography,
  level: 'region' | 'departement',
): PointCollection {
  const table = level === 'region' ? geo.regions : geo.departements;
  const features: PointCollection['features'] = [];
  for (const { code, count } of counts.counts) {
    const territory = table.get(code);
    if (!territory) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: territory.label },
      properties: { code, level, count, label: shortCount(count), nom: territory.nom },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Clusters and lieux from `clusters()`. */
export function pointFeatures(items: readonly MapFeature[]): PointCollection {
  return {
    type: 'FeatureCollection',
    features: items.map((item): PointCollection['features'][number] =>
      item.type === 'cluster'
        ? {
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: [item.lon, item.lat] as [number, number] },
            properties: {
              cluster: true,
              count: item.count,
              label: shortCount(item.count),
              expansionZoom: item.expansionZoom,
            },
          }
        : {
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: [item.lon, item.lat] as [number, number] },
            properties: { cluster: false, id: item.id, nom: item.nom },
          },
    ),
  };
}

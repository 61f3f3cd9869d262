/**
 * The reference geography of the map (`/api/v1/reference/geo`): région and département outlines and
 * label points, with names and bounding boxes for the drill-down. Also draws the offline base map.
 */
import { fetchJson, loadConfig } from './api.js';

export type Bounds = [west: number, south: number, east: number, north: number];

export interface Territory {
  code: string;
  nom: string;
  /** For a département: its région. */
  region?: string;
  bbox: Bounds;
  /** Label point `[lon, lat]`, inside the outline. */
  label: [number, number];
}

export interface GeoFeature {
  type: 'Feature';
  properties: { kind: string; code?: string; nom?: string; region?: string };
  geometry: { type: string; coordinates: unknown };
}

export interface GeoCollection {
  type: 'FeatureCollection';
  attribution?: string;
  features: GeoFeature[];
}

export interface Geography {
  collection: GeoCollection;
  attribution: string;
  regions: Map<string, Territory>;
  departements: Map<string, Territory>;
}

function extend(bounds: Bounds, coordinates: unknown): void {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') {
    const [lon, lat] = coordinates as [number, number];
    if (lon < bounds[0]) bounds[0] = lon;
    if (lat < bounds[1]) bounds[1] = lat;
    if (lon > bounds[2]) bounds[2] = lon;
    if (lat > bounds[3]) bounds[3] = lat;
    return;
  }
  for (const part of coordinates) extend(bounds, part);
}

/** Names, boxes and label points of régions and départements, from the GeoJSON. Pure. */
export function indexGeography(collection: GeoCollection): Geography {
  const regions = new Map<string, Territory>();
  const departements = new Map<string, Territory>();
  const boxes = new Map<string, Bounds>();
  const labels = new Map<string, [number, number]>();
  for (const feature of collection.features) {
    const { kind, code } = feature.properties;
    if (!code) continue;
    if (kind === 'region' || kind === 'departement') {
      const bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
      extend(bounds, feature.geometry.coordinates);
      boxes.set(`${kind}:${code}`, bounds);
    } else if (kind === 'region-label' || kind === 'departement-label') {
      labels.set(`${kind.replace('-label', '')}:${code}`, feature.geometry.coordinates as [number, number]);
    }
  }
  for (const feature of collection.features) {
    const { kind, code, nom, region } = feature.properties;
    if (!code || !nom || (kind !== 'region' && kind !== 'departement')) continue;
    const bbox = boxes.get(`${kind}:${code}`)!;
    if (!Number.isFinite(bbox[0])) continue;
    const label = labels.get(`${kind}:${code}`) ?? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    const territory: Territory = { code, nom, bbox, label, ...(region ? { region } : {}) };
    (kind === 'region' ? regions : departements).set(code, territory);
  }
  return { collection, attribution: collection.attribution ?? '', regions, departements };
}

let geoPromise: Promise<Geography> | undefined;

export function loadGeography(): Promise<Geography> {
  geoPromise ??= (async () => {
    const { apiBase } = await loadConfig();
    const { body } = await fetchJson<GeoCollection>(`${apiBase}/reference/geo`, 'fond de carte');
    return indexGeography(body);
  })();
  geoPromise.catch(() => (geoPromise = undefined));
  return geoPromise;
}

/** Metropolitan France, for the initial view. */
export const FRANCE_BOUNDS: Bounds = [-5.2, 41.3, 9.6, 51.1];

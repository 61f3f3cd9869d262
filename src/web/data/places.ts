/**
 * Place search for the search boxes: communes, postcodes, départements and régions from the offline
 * gazetteer first; street addresses from the national geocoder (Géoplateforme) when online. Results
 * carry a position (to sort by distance) and, for territories, their codes (to filter).
 */
import type { Gazetteer, TerritoryMatch } from '../../core/geo/index.js';
import { loadConfig } from './api.js';

export type PlaceKind = 'commune' | 'departement' | 'region' | 'adresse';

export interface Place {
  kind: PlaceKind;
  /** What to show and to put in the URL: « Lyon (69) », « 12 Rue de la Paix 75002 Paris ». */
  label: string;
  lat?: number;
  lon?: number;
  code?: string;
  region?: string;
  departement?: string;
}

let gazetteerPromise: Promise<Gazetteer> | undefined;

export function loadGazetteer(): Promise<Gazetteer> {
  gazetteerPromise ??= (async () => {
    const { apiBase } = await loadConfig();
    const module = await import('./gazetteer.js');
    return module.createGazetteer(apiBase);
  })();
  gazetteerPromise.catch(() => (gazetteerPromise = undefined));
  return gazetteerPromise;
}

export function placeFromMatch(match: TerritoryMatch): Place {
  const place: Place = { kind: match.kind === 'epci' ? 'commune' : match.kind, label: match.label, code: match.code };
  if (match.lat !== undefined && match.lon !== undefined) {
    place.lat = match.lat;
    place.lon = match.lon;
  }
  if (match.region) place.region = match.region;
  if (match.departement) place.departement = match.departement;
  if (match.kind === 'region') place.region = match.code;
  if (match.kind === 'departement') place.departement = match.code;
  return place;
}

/** Territories from the gazetteer, best first. */
export function searchTerritories(gazetteer: Gazetteer, text: string, limit = 6): Place[] {
  return gazetteer
    .searchTerritories(text, { limit, kinds: ['commune', 'departement', 'region'] })
    .map(placeFromMatch);
}

/** Looks like a street address: a number followed by words (« 12 rue … »), or a street word. */
export function looksLikeAddress(text: string): boolean {
  return /^\s*\d+\s*(bis|ter|[a-z])?\s+\S+\s+\S+/i.test(text) ||
    /\b(rue|avenue|av|bd|boulevard|place|chemin|impasse|all[ée]e|route|quai|cours)\b/i.test(text);
}

export const GEOCODER_URL = 'https://data.geopf.fr/geocodage/search';

interface GeocoderFeature {
  geometry?: { coordinates?: [number, number] };
  properties?: { label?: string; type?: string; citycode?: string; score?: number };
}

/** Addresses from the Géoplateforme geocoder; empty when offline or unreachable (never throws). */
export async function searchAddresses(text: string, signal?: AbortSignal, limit = 5): Promise<Place[]> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return [];
  const url = `${GEOCODER_URL}?q=${encodeURIComponent(text.slice(0, 200))}&limit=${limit}&autocomplete=1`;
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) return [];
    const body = (await response.json()) as { features?: GeocoderFeature[] };
    const places: Place[] = [];
    for (const feature of body.features ?? []) {
      const [lon, lat] = feature.geometry?.coordinates ?? [];
      const label = feature.properties?.label;
      if (!label || typeof lat !== 'number' || typeof lon !== 'number') continue;
      places.push({ kind: 'adresse', label, lat, lon, ...(feature.properties?.citycode ? { code: feature.properties.citycode } : {}) });
    }
    return places;
  } catch {
    return [];
  }
}

/**
 * Positions for a batch of repaired records: the producer's coordinates when present and plausible
 * (in France and near the record's commune: method `source`), else the online geocoder's answer when
 * it is good enough, else the commune's centre. Every record says how it was placed, and why a
 * fallback was used.
 */
import { territoryAt } from '../../core/standard/checks.js';
import { haversineKm } from '../../core/geo/distance.js';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import type { FlatRecord } from '../../core/standard/types.js';
import {
  communeReach,
  DEFAULT_MAX_DISTANCE_KM,
  formatCoordinate,
  readCoordinate,
} from '../repair/coordinates.js';
import { isHit, type GeocodeFailure, type GeocodeHit, type Geocoder, type GeocodeRequest } from './types.js';

export interface GeocodeRecordsOptions {
  /** The online geocoder (Géoplateforme); absent offline. */
  online?: Geocoder;
  /** The commune-centre fallback. */
  offline: Geocoder;
  /** To check that source coordinates are near the commune; without it, only "in France" is checked. */
  gazetteer?: Gazetteer;
  maxDistanceKm?: number;
  /** Identifier of a record in requests (default: its position). */
  keyOf?: (record: FlatRecord, index: number) => string;
}

export interface GeocodedRecord {
  /** A copy of the record with `latitude`/`longitude` set when a position was found. */
  record: FlatRecord;
  location: GeocodeHit | GeocodeFailure;
  /** Why the online geocoder's answer was not used, when the position is a fallback. */
  fallback?: string;
}

export interface GeocodeSummary {
  records: number;
  byMethod: Record<string, number>;
  failed: number;
}

/**
 * Source coordinates worth keeping: numbers, in a French territory, and within reach of the commune's
 * centre when the commune is known (see `communeReach`).
 */
export function plausibleSourcePosition(
  record: FlatRecord,
  gazetteer?: Gazetteer,
  maxKm = DEFAULT_MAX_DISTANCE_KM,
): { lat: number; lon: number } | undefined {
  const lat = readCoordinate(record.latitude ?? '');
  const lon = readCoordinate(record.longitude ?? '');
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return undefined;
  if (!territoryAt(lat, lon)) return undefined;
  if (gazetteer) {
    const reach = communeReach(gazetteer, record.code_insee?.trim() || undefined, maxKm);
    if (reach && haversineKm({ lat, lon }, reach.centre) > reach.maxKm) return undefined;
  }
  return { lat, lon };
}

function requestOf(record: FlatRecord, key: string): GeocodeRequest {
  const opt = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);
  const req: GeocodeRequest = { key, adresse: (record.adresse ?? '').trim() };
  const codePostal = opt(record.code_postal);
  const commune = opt(record.commune);
  const codeInsee = opt(record.code_insee);
  if (codePostal) req.codePostal = codePostal;
  if (commune) req.commune = commune;
  if (codeInsee) req.codeInsee = codeInsee;
  return req;
}

function placed(record: FlatRecord, hit: GeocodeHit): FlatRecord {
  return { ...record, latitude: formatCoordinate(hit.lat), longitude: formatCoordinate(hit.lon) };
}

export async function geocodeRecords(
  records: readonly FlatRecord[],
  options: GeocodeRecordsOptions,
): Promise<GeocodedRecord[]> {
  const keyOf = options.keyOf ?? ((_r: FlatRecord, i: number) => String(i));
  const out: Array<GeocodedRecord | undefined> = new Array(records.length);
  const pending: Array<{ index: number; request: GeocodeRequest }> = [];

  records.forEach((record, index) => {
    const key = keyOf(record, index);
    const source = plausibleSourcePosition(record, options.gazetteer, options.maxDistanceKm);
    if (source) {
      // A producer's point is taken as placed at the lieu's door.
      out[index] = {
        record: { ...record },
        location: { key, lat: source.lat, lon: source.lon, method: 'source', precision: 'housenumber' },
      };
    } else pending.push({ index, request: requestOf(record, key) });
  });

  const fallbackReasons = new Map<number, string>();
  let needOffline = pending;
  if (options.online && pending.length) {
    let results: Awaited<ReturnType<Geocoder['geocode']>> | undefined;
    try {
      results = await options.online.geocode(pending.map((p) => p.request));
    } catch (error) {
      const reason = `géocodeur en ligne en erreur : ${(error as Error).message ?? String(error)}`;
      for (const p of pending) fallbackReasons.set(p.index, reason);
    }
    if (results) {
      needOffline = [];
      pending.forEach((p, i) => {
        const r = results![i];
        if (r && isHit(r)) out[p.index] = { record: placed(records[p.index]!, r), location: r };
        else {
          fallbackReasons.set(p.index, r ? r.failed : 'pas de réponse du géocodeur en ligne');
          needOffline.push(p);
        }
      });
    }
  }

  if (needOffline.length) {
    const results = await options.offline.geocode(needOffline.map((p) => p.request));
    needOffline.forEach((p, i) => {
      const r = results[i] ?? { key: p.request.key, failed: 'pas de réponse du géocodeur hors ligne' };
      const record = records[p.index]!;
      const reason = fallbackReasons.get(p.index);
      out[p.index] = {
        // Without any position, the record keeps what it had (validation reports it).
        record: isHit(r) ? placed(record, r) : { ...record },
        location: r,
        ...(reason ? { fallback: reason } : {}),
      };
    });
  }
  return out as GeocodedRecord[];
}

/** Counts per method, for the import report. */
export function summarizeGeocoding(results: readonly GeocodedRecord[]): GeocodeSummary {
  const byMethod: Record<string, number> = {};
  let failed = 0;
  for (const r of results) {
    if (isHit(r.location)) byMethod[r.location.method] = (byMethod[r.location.method] ?? 0) + 1;
    else failed++;
  }
  return { records: results.length, byMethod, failed };
}

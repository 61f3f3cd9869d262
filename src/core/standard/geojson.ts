/**
 * GeoJSON output of lieux (RFC 7946), pure: one Point Feature per lieu that has coordinates.
 * Properties are the standard's flat values (lists joined with `|`, as in the CSV and JSON files),
 * empty ones left out, so GIS tools show the same columns and the file reads back as records.
 * A lieu without valid coordinates has no place on a map: it is skipped and counted.
 */
import type { RecordSerializer } from './json-records.js';
import { toFlat } from './model.js';
import type { Lieu } from './types.js';

export interface GeoJsonPoint {
  type: 'Point';
  /** [longitude, latitude], WGS 84. */
  coordinates: [number, number];
}

export interface LieuFeature {
  type: 'Feature';
  id?: string;
  geometry: GeoJsonPoint;
  properties: Record<string, string>;
}

function validCoordinates(lieu: Lieu): [number, number] | null {
  const { longitude, latitude } = lieu;
  if (typeof longitude !== 'number' || typeof latitude !== 'number') return null;
  if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return [longitude, latitude];
}

/** The lieu as a GeoJSON Point Feature, or `null` when it has no valid coordinates. */
export function toGeoJsonFeature(lieu: Lieu): LieuFeature | null {
  const coordinates = validCoordinates(lieu);
  if (!coordinates) return null;
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(toFlat(lieu))) {
    if (value !== '' && key !== 'latitude' && key !== 'longitude') properties[key] = value;
  }
  const feature: LieuFeature = { type: 'Feature', geometry: { type: 'Point', coordinates }, properties };
  if (lieu.id) feature.id = lieu.id;
  return feature;
}

export interface GeoJsonWriter extends RecordSerializer<Lieu> {
  /** Features written so far. */
  readonly written: number;
  /** Lieux skipped so far for lack of valid coordinates. */
  readonly skipped: number;
}

/** Streaming FeatureCollection text: `start()`, `write(lieu)` for each lieu, `end()`. */
export function createGeoJsonWriter(): GeoJsonWriter {
  let written = 0;
  let skipped = 0;
  return {
    start: () => '{"type":"FeatureCollection","features":[',
    write(lieu) {
      const feature = toGeoJsonFeature(lieu);
      if (!feature) {
        skipped++;
        return null;
      }
      return `${written++ === 0 ? '\n' : ',\n'}${JSON.stringify(feature)}`;
    },
    end: () => (written ? '\n]}\n' : ']}\n'),
    get written() {
      return written;
    },
    get skipped() {
      return skipped;
    },
  };
}

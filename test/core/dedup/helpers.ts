import type { DedupInput } from '../../../src/core/dedup/index.js';

export const TALENCE = { lat: 44.8085, lon: -0.5886 };

/** A point `north` metres north and `east` metres east of Talence's centre. */
export function near(north: number, east = 0): { latitude: number; longitude: number } {
  return {
    latitude: TALENCE.lat + north / 111_195,
    longitude: TALENCE.lon + east / (111_195 * Math.cos((TALENCE.lat * Math.PI) / 180)),
  };
}

/** A lieu of Talence; `key` is `source:id`. */
export function lieu(
  key: string,
  record: Record<string, string>,
  coordinates?: { latitude: number; longitude: number },
): DedupInput {
  return {
    key,
    sourceId: key.split(':')[0]!,
    record: {
      id: key.split(':')[1] ?? key,
      commune: 'Talence',
      code_postal: '33400',
      code_insee: '33522',
      date_maj: '2024-01-15',
      ...record,
    },
    ...(coordinates ?? {}),
  };
}

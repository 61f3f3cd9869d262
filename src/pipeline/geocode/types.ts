/** The geocoding port: what the import pipeline asks, what any geocoder answers. */

export interface GeocodeRequest {
  /** The caller's identifier, echoed in the result (e.g. the record's row or id). */
  key: string;
  adresse: string;
  codePostal?: string;
  commune?: string;
  codeInsee?: string;
}

/** How the position was obtained. */
export type GeocodeMethod = 'address' | 'street' | 'municipality' | 'commune-centre' | 'source';
/** What the position designates: the door, the street, a lieu-dit, or the commune as a whole. */
export type GeocodePrecision = 'housenumber' | 'street' | 'locality' | 'municipality';

export interface GeocodeHit {
  key: string;
  lat: number;
  lon: number;
  method: GeocodeMethod;
  precision: GeocodePrecision;
  /** The geocoder's confidence, 0–1, when it gives one. */
  score?: number;
  /** What was found, for people (« 49 Rue Toussaint 49100 Angers »). */
  label?: string;
  /** Code INSEE of the commune where the position is. */
  citycode?: string;
}

export interface GeocodeFailure {
  key: string;
  /** Why, in plain French. */
  failed: string;
}

export type GeocodeResult = GeocodeHit | GeocodeFailure;

export interface Geocoder {
  /** One result per request, in the same order. Never rejects for a bad address: it fails that one. */
  geocode(batch: GeocodeRequest[]): Promise<GeocodeResult[]>;
}

export function isHit(result: GeocodeResult): result is GeocodeHit {
  return !('failed' in result);
}

/** Time, injectable so that rate limiting and retries are tested without waiting. */
export interface Clock {
  /** Milliseconds, monotonic enough for pacing. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

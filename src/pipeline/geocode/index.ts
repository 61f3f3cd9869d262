/**
 * Geocoding behind a port (import pipeline, step 3): `Geocoder` implemented by the IGN Géoplateforme
 * (online, cached, rate-limited) and by the commune-centre fallback (offline); `geocodeRecords` keeps
 * plausible source coordinates and records how each lieu was placed.
 */
export * from './types.js';
export { TokenBucket } from './rate-limit.js';
export {
  MemoryGeocodeCache,
  SqliteGeocodeCache,
  openGeocodeCache,
  GEOCODE_CACHE_FILE,
  type CachedAnswer,
  type GeocodeCache,
} from './cache.js';
export {
  GeoplateformeGeocoder,
  GEOPLATEFORME_URL,
  answerFromGeoJson,
  answersFromCsv,
  sameCommune,
  type FetchLike,
  type GeoplateformeOptions,
} from './geoplateforme.js';
export { OfflineGeocoder } from './offline.js';
export {
  geocodeRecords,
  summarizeGeocoding,
  plausibleSourcePosition,
  type GeocodeRecordsOptions,
  type GeocodedRecord,
  type GeocodeSummary,
} from './geocode-records.js';

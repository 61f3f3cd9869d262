/**
 * The browser's position, with a plain message for each way it can fail (refused, unavailable,
 * too slow, not supported — e.g. a page not served over HTTPS).
 */
import type { MessageKey } from '../i18n/index.js';

export type GeolocateResult =
  { ok: true; lat: number; lon: number; accuracy: number } | { ok: false; message: MessageKey };

/** Maps a `GeolocationPositionError` code to the message to show. */
export function geolocationMessage(code: number): MessageKey {
  if (code === 1) return 'geo.denied';
  if (code === 3) return 'geo.timeout';
  return 'geo.unavailable';
}

export function geolocate(
  geolocation: Geolocation | undefined = navigator.geolocation,
): Promise<GeolocateResult> {
  if (!geolocation || (typeof window !== 'undefined' && window.isSecureContext === false)) {
    return Promise.resolve({ ok: false, message: 'geo.unsupported' });
  }
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (position) =>
        resolve({
          ok: true,
          lat: position.coords.latitude,
          lon: position.coords.longitude,
          accuracy: position.coords.accuracy,
        }),
      (error) => resolve({ ok: false, message: geolocationMessage(error.code) }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  });
}

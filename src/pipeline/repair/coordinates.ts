/**
 * Coordinates as WGS84 decimal degrees: decimal commas, Lambert-93 (EPSG:2154, France's legal
 * projection, found in départements' GIS exports) and Web Mercator metres converted, latitude and
 * longitude put back in order when swapping lands them near the commune, (0, 0) placeholders removed,
 * and points far from their commune flagged (not moved: the geocoding step decides).
 */
import { territoryAt } from '../../core/standard/checks.js';
import { haversineKm } from '../../core/geo/distance.js';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import type { LatLon } from '../../core/geo/types.js';
import { lambert93, webMercator } from '../../reference/projection.js';
import { q, type RepairSession } from './session.js';

export const DEFAULT_MAX_DISTANCE_KM = 20;

/** Lambert-93 covers metropolitan France (with margins): x 100–1 300 km, y 6 000–7 200 km. */
const L93_X: readonly [number, number] = [100_000, 1_300_000];
const L93_Y: readonly [number, number] = [6_000_000, 7_200_000];

/** Reads a coordinate as written (« 43,5 », « 43.5° », « +5.41 »); NaN when it is not a number. */
export function readCoordinate(value: string): number {
  const t = value.trim().replace(/°$/, '').replace(/\s+/g, '');
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(t)) return NaN;
  return Number(t.replace(',', '.'));
}

/** Six decimals: about 10 cm, well below any geocoder's precision. */
export function formatCoordinate(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

const within = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi;

interface Candidate {
  point: LatLon;
  rule: string;
  label: string;
}

/** What projected metres could mean, as WGS84 points inside a French territory. */
function projectedCandidates(a: number, b: number): Candidate[] {
  const out: Candidate[] = [];
  const add = (lon: number, lat: number, rule: string, label: string): void => {
    if (Number.isFinite(lat) && Number.isFinite(lon) && territoryAt(lat, lon))
      out.push({ point: { lat, lon }, rule, label });
  };
  // Producers put x (easting) in « longitude » and y in « latitude », or the other way round.
  for (const [x, y] of [
    [b, a],
    [a, b],
  ] as const) {
    if (within(x, L93_X) && within(y, L93_Y)) {
      const [lon, lat] = lambert93.inverse([x, y]);
      add(lon, lat, 'coordinates.lambert93', 'Lambert-93 (EPSG:2154)');
    }
    if (Math.abs(x) <= 20_037_509 && Math.abs(y) <= 20_037_509) {
      const [lon, lat] = webMercator.inverse([x, y]);
      add(lon, lat, 'coordinates.web_mercator', 'Web Mercator (EPSG:3857)');
    }
  }
  return out;
}

/** The commune's centre and how far from it a lieu may plausibly be. */
export function communeReach(
  g: Gazetteer,
  code: string | undefined,
  maxKm = DEFAULT_MAX_DISTANCE_KM,
): { centre: LatLon; maxKm: number; nom: string } | undefined {
  if (!code) return undefined;
  const centre = g.centreOf(code);
  const commune = g.communeByCode(code);
  if (!centre || !commune) return undefined;
  let reach = maxKm;
  // An estimated centre is itself off by up to ~14 km (p95): allow for it.
  if (commune.centreEstime) reach += 10;
  // Guyane's communes are as large as départements.
  if (commune.departement === '973') reach = Math.max(reach, 120);
  return { centre, maxKm: reach, nom: commune.nom };
}

function setPair(s: RepairSession, p: LatLon, rule: string, message: string): void {
  s.set('latitude', formatCoordinate(p.lat), rule, message);
  s.set('longitude', formatCoordinate(p.lon), rule, message);
}

export function repairCoordinates(
  s: RepairSession,
  g: Gazetteer,
  codeInsee: string | undefined,
  maxKm = DEFAULT_MAX_DISTANCE_KM,
): void {
  const latText = s.get('latitude');
  const lonText = s.get('longitude');
  if (!latText && !lonText) return;
  const a = latText ? readCoordinate(latText) : NaN;
  const b = lonText ? readCoordinate(lonText) : NaN;
  if (!latText || !lonText || Number.isNaN(a) || Number.isNaN(b)) return; // validation explains
  const pair = `${latText}, ${lonText}`;
  const reach = communeReach(g, codeInsee, maxKm);

  if (a === 0 && b === 0) {
    const message = 'coordonnées 0, 0 (valeur par défaut, pas une position) retirées : le lieu sera géocodé.';
    s.set('latitude', '', 'coordinates.zero', message);
    s.set('longitude', '', 'coordinates.zero', message);
    return;
  }

  if (Math.abs(a) > 180 || Math.abs(b) > 180) {
    const candidates = projectedCandidates(a, b);
    let chosen: Candidate | undefined;
    if (reach) {
      let best = Infinity;
      for (const c of candidates) {
        const d = haversineKm(c.point, reach.centre);
        if (d <= reach.maxKm && d < best) {
          best = d;
          chosen = c;
        }
      }
    } else {
      // Without a commune to confirm, only an unambiguous Lambert-93 reading is trusted.
      const l93 = candidates.filter((c) => c.rule === 'coordinates.lambert93');
      if (l93.length === 1) chosen = l93[0];
    }
    if (chosen) {
      setPair(
        s,
        chosen.point,
        chosen.rule,
        `coordonnées (${pair}) en mètres ${chosen.label}, converties en degrés WGS84 : ${formatCoordinate(chosen.point.lat)}, ${formatCoordinate(chosen.point.lon)}.`,
      );
    } else {
      const message = `coordonnées (${pair}) ni en degrés ni dans une projection reconnue près de la commune : retirées, le lieu sera géocodé.`;
      s.set('latitude', '', 'coordinates.unusable', message);
      s.set('longitude', '', 'coordinates.unusable', message);
    }
    return;
  }

  const latOk = Math.abs(a) <= 90;
  const p: LatLon = { lat: a, lon: b };
  const swapped: LatLon = { lat: b, lon: a };
  const swappedInFrance = Math.abs(b) <= 90 && territoryAt(b, a) !== undefined;
  let fixed: LatLon | undefined;
  if (reach) {
    const d = latOk ? haversineKm(p, reach.centre) : Infinity;
    if (d > reach.maxKm && swappedInFrance && haversineKm(swapped, reach.centre) <= reach.maxKm)
      fixed = swapped;
    else if (d > reach.maxKm && Number.isFinite(d)) {
      s.warn(
        'latitude',
        pair,
        'coordinates.far_from_commune',
        `coordonnées (${pair}) à ${Math.round(d)} km du centre de ${reach.nom} : position ou commune erronée ? Le lieu sera géocodé à partir de son adresse.`,
      );
    }
  } else if ((!latOk || !territoryAt(a, b)) && swappedInFrance) {
    fixed = swapped;
  }
  if (fixed) {
    const message = `latitude et longitude inversées (${pair}) : remises dans l'ordre.`;
    s.set('latitude', formatNumberText(lonText), 'coordinates.swapped', message);
    s.set('longitude', formatNumberText(latText), 'coordinates.swapped', message);
    return;
  }
  for (const [field, text] of [
    ['latitude', latText],
    ['longitude', lonText],
  ] as const) {
    const written = formatNumberText(text);
    if (written !== text)
      s.set(
        field,
        written,
        `${field}.decimal`,
        `${field} ${q(text)} écrite en nombre décimal avec un point : ${written}.`,
      );
  }
}

/** « 43,5 » → « 43.5 », « 43.5° » → « 43.5 »; the digits are kept as written. */
function formatNumberText(text: string): string {
  return text.trim().replace(/°$/, '').replace(/\s+/g, '').replace(',', '.');
}

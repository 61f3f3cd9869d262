/**
 * Builds the communes of the reference: COG records (names, codes, postcodes, population, EPCI,
 * former communes) located with GeoNames places joined by name within the département.
 *
 * A commune's centre is, in order of preference:
 * 1. for a commune nouvelle, the mean of its former communes' places (closest to the merged area's
 *    centre, which is what a commune-level position should be);
 * 2. its own place (the chef-lieu village or town);
 * 3. an estimate: the mean of the located communes sharing one of its postcodes, else of its EPCI,
 *    else of its département (flagged `centreEstime`).
 */
import { haversineKm as distanceKm } from '../core/geo/distance.js';
import { foldName } from '../core/geo/fold.js';
import type { AncienneCommune, Commune, Epci, LatLon } from '../core/geo/types.js';
import { OVERSEAS_COUNTRIES, type Cog, type GeoNamesPlace } from './sources.js';

/**
 * Positions of the twenty mairies d'arrondissement of Paris (GeoNames has no place per arrondissement
 * of Paris, unlike Lyon and Marseille). Public facts, rounded to 1e-4 degree.
 */
export const PARIS_MAIRIES: Record<string, LatLon> = {
  '75101': { lat: 48.86, lon: 2.3413 },
  '75102': { lat: 48.8667, lon: 2.3404 },
  '75103': { lat: 48.8637, lon: 2.3601 },
  '75104': { lat: 48.8556, lon: 2.3552 },
  '75105': { lat: 48.8462, lon: 2.3447 },
  '75106': { lat: 48.8509, lon: 2.3327 },
  '75107': { lat: 48.8564, lon: 2.318 },
  '75108': { lat: 48.8772, lon: 2.3155 },
  '75109': { lat: 48.873, lon: 2.3403 },
  '75110': { lat: 48.8719, lon: 2.3575 },
  '75111': { lat: 48.8574, lon: 2.38 },
  '75112': { lat: 48.8405, lon: 2.3881 },
  '75113': { lat: 48.8313, lon: 2.3561 },
  '75114': { lat: 48.8331, lon: 2.3266 },
  '75115': { lat: 48.8412, lon: 2.3006 },
  '75116': { lat: 48.8635, lon: 2.2765 },
  '75117': { lat: 48.8846, lon: 2.3215 },
  '75118': { lat: 48.8924, lon: 2.3444 },
  '75119': { lat: 48.8829, lon: 2.3822 },
  '75120': { lat: 48.8651, lon: 2.3986 },
};

const FEATURE_RANK: Record<string, number> = {
  PPLC: 6,
  PPLA: 5,
  PPLA2: 4,
  PPLA3: 3,
  PPLA4: 2,
  PPLA5: 2,
  PPL: 1,
};

interface Candidate {
  place: GeoNamesPlace;
  /** 2: joined by name; 1: only by the code GeoNames gives (may be outdated). */
  quality: number;
}

export interface CommunesBuild {
  communes: Commune[];
  anciennes: AncienneCommune[];
  epcis: Epci[];
  stats: {
    located: number;
    fromAnciennes: number;
    estimated: number;
    outliers: string[];
    unplaced: string[];
  };
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (!b) return true;
  if (a.quality !== b.quality) return a.quality > b.quality;
  const ra = FEATURE_RANK[a.place.featureCode] ?? 0;
  const rb = FEATURE_RANK[b.place.featureCode] ?? 0;
  if (ra !== rb) return ra > rb;
  return a.place.population > b.place.population;
}

function mean(points: LatLon[]): LatLon {
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    lat += p.lat;
    lon += p.lon;
  }
  return { lat: lat / points.length, lon: lon / points.length };
}

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

/**
 * `fallbackCentre(departement)` places communes that nothing else locates (remote collectivités):
 * the label point of their territory's outline.
 */
export function buildCommunes(
  cog: Cog,
  places: GeoNamesPlace[],
  fallbackCentre: (departement: string) => LatLon | undefined,
): CommunesBuild {
  const currentRecords = cog.communes.filter(
    (c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal',
  );
  const byCode = new Map(currentRecords.map((c) => [c.code, c]));

  const epciOf = new Map<string, string>();
  for (const e of cog.epcis) for (const m of e.membres) epciOf.set(m.code, e.code);

  // Former communes: délégués and associées keep a name; other merged codes only their code.
  const anciennes = new Map<string, AncienneCommune & { departement: string }>();
  for (const c of cog.communes) {
    if (
      (c.type === 'commune-deleguee' || c.type === 'commune-associee') &&
      c.chefLieu &&
      byCode.has(c.chefLieu)
    ) {
      anciennes.set(`${c.code}|${c.nom}`, {
        code: c.code,
        nom: c.nom,
        commune: c.chefLieu,
        departement: c.departement,
      });
    }
  }
  const namedCodes = new Set([...anciennes.values()].map((a) => a.code));
  for (const c of currentRecords) {
    for (const code of c.anciensCodes ?? []) {
      if (!namedCodes.has(code) && !byCode.has(code)) {
        anciennes.set(`${code}|`, { code, commune: c.code, departement: c.departement });
      }
    }
  }

  // Names within each département → codes (current communes, arrondissements, named former communes).
  const nameIndex = new Map<string, Set<string>>();
  const addName = (departement: string, nom: string, code: string): void => {
    const key = `${departement}|${foldName(nom)}`;
    const set = nameIndex.get(key) ?? new Set<string>();
    set.add(code);
    nameIndex.set(key, set);
  };
  for (const c of currentRecords) addName(c.departement, c.nom, c.code);
  for (const a of anciennes.values()) if (a.nom) addName(a.departement, a.nom, a.code);
  // « Lyon 02 », « Marseille 13 » → « Lyon 2e Arrondissement »
  for (const c of currentRecords) {
    const m = /^(.*) (\d+)(?:er|e) arrondissement$/i.exec(c.nom);
    if (m) addName(c.departement, `${m[1]} ${m[2]}`, c.code);
  }

  const candidates = new Map<string, Candidate>();
  const offer = (code: string, candidate: Candidate): void => {
    if (better(candidate, candidates.get(code))) candidates.set(code, candidate);
  };
  for (const place of places) {
    const departement = place.country === 'FR' ? place.admin2 : OVERSEAS_COUNTRIES[place.country];
    if (!departement) continue;
    const folded = foldName(place.name).replace(/ 0+(\d)/g, ' $1');
    const codes = nameIndex.get(`${departement}|${folded}`);
    if (codes && codes.size === 1) offer([...codes][0]!, { place, quality: 2 });
    else if (codes && codes.has(place.admin4)) offer(place.admin4, { place, quality: 2 });
    else if (!codes && place.admin4 && place.featureCode !== 'PPLX' && byCode.has(place.admin4)) {
      offer(place.admin4, { place, quality: 1 });
    }
  }

  const located = new Map<string, LatLon>();
  const stats = {
    located: 0,
    fromAnciennes: 0,
    estimated: 0,
    outliers: [] as string[],
    unplaced: [] as string[],
  };
  const formerOf = new Map<string, string[]>();
  for (const a of anciennes.values()) {
    if (a.code === a.commune) continue;
    const list = formerOf.get(a.commune) ?? [];
    list.push(a.code);
    formerOf.set(a.commune, list);
  }
  for (const c of currentRecords) {
    const paris = PARIS_MAIRIES[c.code];
    if (paris) {
      located.set(c.code, paris);
      stats.located++;
      continue;
    }
    const own = candidates.get(c.code);
    const formers = (formerOf.get(c.code) ?? [])
      .map((code) => candidates.get(code))
      .filter((x) => x !== undefined);
    const points = [...(own ? [own.place] : []), ...formers.map((f) => f.place)];
    if (points.length >= 2) {
      located.set(c.code, mean(points));
      stats.fromAnciennes++;
    } else if (points[0]) {
      located.set(c.code, { lat: points[0].lat, lon: points[0].lon });
      stats.located++;
    }
  }

  // A place far from every commune sharing its postcodes is a wrong join or a GeoNames error: drop it.
  const outliers = findOutliers(currentRecords, located);
  for (const code of outliers) located.delete(code);
  stats.located -= outliers.length;
  stats.outliers = outliers;

  // Estimates from neighbours: communes sharing a postcode, then the EPCI, then the département.
  const locatedByPostcode = new Map<string, LatLon[]>();
  const locatedByEpci = new Map<string, LatLon[]>();
  const locatedByDep = new Map<string, LatLon[]>();
  const pushTo = (map: Map<string, LatLon[]>, key: string, p: LatLon): void => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  for (const c of currentRecords) {
    const p = located.get(c.code);
    if (!p || c.type === 'arrondissement-municipal') continue;
    const epci = epciOf.get(c.code);
    for (const cp of c.codesPostaux ?? []) {
      pushTo(locatedByPostcode, cp, p);
      pushTo(locatedByPostcode, `${cp}|${c.departement}`, p);
      if (epci) pushTo(locatedByPostcode, `${cp}|${c.departement}|${epci}`, p);
    }
    if (epci) pushTo(locatedByEpci, epci, p);
    pushTo(locatedByDep, c.departement, p);
  }
  const estimated = new Set<string>();
  for (const c of currentRecords) {
    if (located.has(c.code)) continue;
    const epci = epciOf.get(c.code);
    // Narrowest first: same postcode, département and EPCI; then postcode and département; then postcode.
    const keys = [epci ? `|${c.departement}|${epci}` : undefined, `|${c.departement}`, ''].filter(
      (k) => k !== undefined,
    );
    let samePostcode: LatLon[] = [];
    for (const suffix of keys) {
      samePostcode = (c.codesPostaux ?? []).flatMap((cp) => locatedByPostcode.get(`${cp}${suffix}`) ?? []);
      if (samePostcode.length) break;
    }
    const pool = samePostcode.length
      ? samePostcode
      : ((epci ? locatedByEpci.get(epci) : undefined) ?? locatedByDep.get(c.departement) ?? []);
    const p = pool.length ? mean(pool) : fallbackCentre(c.departement);
    if (p) {
      located.set(c.code, p);
      estimated.add(c.code);
      stats.estimated++;
    } else stats.unplaced.push(c.code);
  }

  const communes: Commune[] = [];
  for (const c of currentRecords) {
    const p = located.get(c.code);
    if (!p) continue;
    const parent = c.type === 'arrondissement-municipal' ? c.commune : undefined;
    const epci = epciOf.get(parent ?? c.code);
    communes.push({
      code: c.code,
      nom: c.nom,
      codesPostaux: [...(c.codesPostaux ?? [])].sort(),
      departement: c.departement,
      region: c.region,
      ...(epci ? { epci } : {}),
      population: c.population ?? 0,
      lat: round5(p.lat),
      lon: round5(p.lon),
      type: parent ? 'arrondissement-municipal' : 'commune',
      ...(parent ? { commune: parent } : {}),
      ...(estimated.has(c.code) ? { centreEstime: true } : {}),
    });
  }
  communes.sort((a, b) => a.code.localeCompare(b.code));

  const anciennesOut: AncienneCommune[] = [...anciennes.values()]
    .map(({ departement: _departement, ...a }) => {
      const own = candidates.get(a.code);
      return own && a.code !== a.commune
        ? { ...a, lat: round5(own.place.lat), lon: round5(own.place.lon) }
        : a;
    })
    .sort((a, b) => a.code.localeCompare(b.code) || (a.nom ?? '').localeCompare(b.nom ?? ''));

  const population = new Map(communes.filter((c) => c.type === 'commune').map((c) => [c.code, c.population]));
  const epcis: Epci[] = cog.epcis
    .map((e) => {
      const membres = e.membres
        .map((m) => m.code)
        .filter((code) => population.has(code))
        .sort();
      return {
        code: e.code,
        nom: e.nom,
        type: e.type,
        population: membres.reduce((sum, code) => sum + (population.get(code) ?? 0), 0),
        membres,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));

  return { communes, anciennes: anciennesOut, epcis, stats };
}

/**
 * Located communes lying far from the communes they share postcodes with (at least two located
 * neighbours): farther than 15 km and than three times the neighbours' own spread.
 */
function findOutliers(records: Cog['communes'], located: Map<string, LatLon>): string[] {
  const byPostcode = new Map<string, string[]>();
  for (const c of records) {
    if (c.type !== 'commune-actuelle') continue;
    for (const cp of c.codesPostaux ?? []) {
      const list = byPostcode.get(cp) ?? [];
      list.push(c.code);
      byPostcode.set(cp, list);
    }
  }
  const out: string[] = [];
  for (const c of records) {
    const p = located.get(c.code);
    if (!p || c.type !== 'commune-actuelle') continue;
    const mates = new Set<string>();
    for (const cp of c.codesPostaux ?? [])
      for (const code of byPostcode.get(cp) ?? []) if (code !== c.code) mates.add(code);
    const points = [...mates].map((code) => located.get(code)).filter((x) => x !== undefined);
    if (points.length < 2) continue;
    const centre = medianPoint(points);
    const spread = median(points.map((q) => distanceKm(q, centre)));
    if (distanceKm(p, centre) > Math.max(15, 3 * spread)) out.push(c.code);
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medianPoint(points: LatLon[]): LatLon {
  return { lat: median(points.map((p) => p.lat)), lon: median(points.map((p) => p.lon)) };
}

/**
 * The compact gazetteer snapshot the browser fetches: the reference data without outlines, in columns
 * (repeated keys cost nothing, numbers are scaled integers), about 2 MB raw and 0.6 MB gzipped.
 * `encodeSnapshot` runs on the server, `decodeSnapshot` in the browser; both are pure.
 */
import { departementOf } from './codes.js';
import type { AncienneCommune, BBox, Commune, Departement, Epci, ReferenceData, Region } from './types.js';

export const SNAPSHOT_FORMAT = 'repere-gazetteer/1';

/** Coordinates are stored as integers of 1e-4 degree (≈ 11 m: plenty for centres and label points). */
const SCALE = 1e4;

/** Consecutive communes are neighbours (sorted by code), so their coordinates delta-encode small. */
function deltaEncode(values: number[]): number[] {
  let previous = 0;
  return values.map((v) => {
    const d = v - previous;
    previous = v;
    return d;
  });
}

function deltaDecode(values: number[]): number[] {
  let current = 0;
  return values.map((d) => (current += d));
}

export interface GazetteerSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  millesime: string;
  regions: Array<[code: string, nom: string, population: number, lat: number, lon: number, bbox: number[]]>;
  departements: Array<
    [code: string, nom: string, region: string, population: number, lat: number, lon: number, bbox: number[]]
  >;
  epcis: Array<[code: string, nom: string, type: string]>;
  communes: {
    code: string[];
    nom: string[];
    /** Postcodes joined by a space. */
    codesPostaux: string[];
    /** Index in `epcis`, -1 when none. */
    epci: number[];
    population: number[];
    /** Delta-encoded from the previous commune. */
    lat: number[];
    lon: number[];
  };
  /** Département of the communes whose code does not tell it (none today; kept for safety). */
  departementExceptions: Record<string, string>;
  /** Arrondissement municipal code → its commune. */
  arrondissements: Record<string, string>;
  /** One character per commune: `1` when its centre is an estimate. */
  centresEstimes: string;
  anciennes: { code: string[]; nom: string[]; commune: string[]; lat: number[]; lon: number[] };
}

const toInt = (v: number): number => Math.round(v * SCALE);
const fromInt = (v: number): number => v / SCALE;

export function encodeSnapshot(data: ReferenceData): GazetteerSnapshot {
  const epciIndex = new Map(data.epcis.map((e, i) => [e.code, i]));
  const c = data.communes;
  return {
    format: SNAPSHOT_FORMAT,
    millesime: data.millesime,
    regions: data.regions.map((r) => [
      r.code,
      r.nom,
      r.population,
      toInt(r.lat),
      toInt(r.lon),
      r.bbox.map(toInt),
    ]),
    departements: data.departements.map((d) => [
      d.code,
      d.nom,
      d.region,
      d.population,
      toInt(d.lat),
      toInt(d.lon),
      d.bbox.map(toInt),
    ]),
    epcis: data.epcis.map((e) => [e.code, e.nom, e.type]),
    communes: {
      code: c.map((x) => x.code),
      nom: c.map((x) => x.nom),
      codesPostaux: c.map((x) => x.codesPostaux.join(' ')),
      epci: c.map((x) => (x.epci ? (epciIndex.get(x.epci) ?? -1) : -1)),
      population: c.map((x) => x.population),
      lat: deltaEncode(c.map((x) => toInt(x.lat))),
      lon: deltaEncode(c.map((x) => toInt(x.lon))),
    },
    departementExceptions: Object.fromEntries(
      c.filter((x) => departementOf(x.code) !== x.departement).map((x) => [x.code, x.departement]),
    ),
    arrondissements: Object.fromEntries(c.filter((x) => x.commune).map((x) => [x.code, x.commune!])),
    centresEstimes: c.map((x) => (x.centreEstime ? '1' : '0')).join(''),
    anciennes: {
      code: data.anciennes.map((a) => a.code),
      nom: data.anciennes.map((a) => a.nom ?? ''),
      commune: data.anciennes.map((a) => a.commune),
      lat: data.anciennes.map((a) => (a.lat === undefined ? 0 : toInt(a.lat))),
      lon: data.anciennes.map((a) => (a.lon === undefined ? 0 : toInt(a.lon))),
    },
  };
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(`Instantané du référentiel géographique invalide : ${message}`);
    this.name = 'SnapshotError';
  }
}

function bboxFrom(values: unknown): BBox {
  if (!Array.isArray(values) || values.length !== 4 || !values.every((v) => typeof v === 'number')) {
    throw new SnapshotError('emprise (bbox) mal formée');
  }
  return values.map(fromInt) as BBox;
}

/** Rebuilds reference data (without outlines) from a snapshot; throws `SnapshotError` when malformed. */
export function decodeSnapshot(input: unknown): ReferenceData {
  const s = input as Partial<GazetteerSnapshot> | null;
  if (!s || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(`format attendu « ${SNAPSHOT_FORMAT} »`);
  }
  if (
    !s.communes ||
    !s.anciennes ||
    !Array.isArray(s.regions) ||
    !Array.isArray(s.departements) ||
    !Array.isArray(s.epcis)
  ) {
    throw new SnapshotError('sections manquantes');
  }
  const cols = s.communes;
  const n = cols.code?.length ?? 0;
  for (const [key, column] of Object.entries(cols)) {
    if (!Array.isArray(column) || column.length !== n)
      throw new SnapshotError(`colonne communes.${key} de longueur incohérente`);
  }
  const regions: Region[] = s.regions.map(([code, nom, population, lat, lon, bbox]) => ({
    code,
    nom,
    population,
    lat: fromInt(lat),
    lon: fromInt(lon),
    bbox: bboxFrom(bbox),
  }));
  const regionOfDep = new Map<string, string>();
  const departements: Departement[] = s.departements.map(
    ([code, nom, region, population, lat, lon, bbox]) => {
      regionOfDep.set(code, region);
      return { code, nom, region, population, lat: fromInt(lat), lon: fromInt(lon), bbox: bboxFrom(bbox) };
    },
  );
  const members = new Map<string, string[]>();
  const epciCodes = s.epcis.map(([code]) => code);
  const lats = deltaDecode(cols.lat);
  const lons = deltaDecode(cols.lon);
  const communes: Commune[] = [];
  const exceptions = s.departementExceptions ?? {};
  const parents = s.arrondissements ?? {};
  const estimated = s.centresEstimes ?? '';
  for (let i = 0; i < n; i++) {
    const code = cols.code[i]!;
    const departement = exceptions[code] ?? departementOf(code) ?? '';
    const epci = epciCodes[cols.epci[i]!];
    const parent = parents[code];
    const commune: Commune = {
      code,
      nom: cols.nom[i]!,
      codesPostaux: cols.codesPostaux[i] ? cols.codesPostaux[i]!.split(' ') : [],
      departement,
      region: regionOfDep.get(departement) ?? '',
      population: cols.population[i]!,
      lat: fromInt(lats[i]!),
      lon: fromInt(lons[i]!),
      type: parent ? 'arrondissement-municipal' : 'commune',
      ...(epci ? { epci } : {}),
      ...(parent ? { commune: parent } : {}),
      ...(estimated[i] === '1' ? { centreEstime: true } : {}),
    };
    communes.push(commune);
    if (epci && !parent) {
      const list = members.get(epci);
      if (list) list.push(commune.code);
      else members.set(epci, [commune.code]);
    }
  }
  const popOfEpci = new Map<string, number>();
  for (const c of communes)
    if (c.epci && !c.commune) popOfEpci.set(c.epci, (popOfEpci.get(c.epci) ?? 0) + c.population);
  const epcis: Epci[] = s.epcis.map(([code, nom, type]) => ({
    code,
    nom,
    type,
    population: popOfEpci.get(code) ?? 0,
    membres: members.get(code) ?? [],
  }));
  const a = s.anciennes;
  const anciennes: AncienneCommune[] = (a.code ?? []).map((code, i) => ({
    code,
    commune: a.commune[i]!,
    ...(a.nom[i] ? { nom: a.nom[i] } : {}),
    ...(a.lat[i] || a.lon[i] ? { lat: fromInt(a.lat[i]!), lon: fromInt(a.lon[i]!) } : {}),
  }));
  return { millesime: s.millesime ?? '', communes, anciennes, departements, regions, epcis };
}

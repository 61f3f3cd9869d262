/**
 * `buildIndex`: everything a request needs, computed once. Struct-of-arrays layout (typed arrays indexed
 * by lieu position) so that a filter pass over 100k lieux is a tight loop over numbers.
 */
import { splitList } from '../standard/model.js';
import { compileHoursText, holidayRegime, type CompiledHours } from './deps.js';
import { NameFolder, compareCodeUnits, indexWords } from './text.js';
import { ENUM_FILTERS, ENUM_FILTER_FIELDS } from './types.js';
import type { EnumFilterField, LieuInput, TerritoryResolver } from './types.js';

export const FLAG_GRATUIT = 1;
export const FLAG_RDV_EN_LIGNE = 2;
export const FLAG_ITINERANT = 4;
export const FLAG_COORDINATES = 8;

/** Interned strings: code → small integer, so that per-lieu territory is an Int32Array. */
export interface CodeTable {
  readonly codes: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
}

/**
 * The prepared form of a set of lieux. Treat as opaque: read it only through the engine's functions.
 * Immutable once built; caches hanging off it (open-now, slots, clusters) are derived, never stale.
 */
export interface LieuIndex {
  readonly size: number;
  /**
   * The lieux sorted by name (folded key, then id): a lieu's position is its rank in name order, so a
   * scan reads every array sequentially and yields results already sorted by name.
   */
  readonly lieux: readonly LieuInput[];
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly positionById: ReadonlyMap<string, number>;
  /** Degrees; NaN when unknown. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Per lieu: sin lat, cos lat, sin lon, cos lon (interleaved), so that a distance needs no trigonometry. */
  readonly trig: Float64Array;
  readonly flags: Uint8Array;
  /** Per enumerated field, one bit per allowed value (bit i = i-th value of ENUM_FILTERS[field]). */
  readonly enumMasks: Readonly<Record<EnumFilterField, Uint32Array>>;
  /** Typologie code → positions of the lieux declaring it (ascending). */
  readonly typologies: ReadonlyMap<string, Int32Array>;
  /** Sorted distinct search words and, aligned, the positions of the lieux holding each. */
  readonly vocabulary: readonly string[];
  readonly postings: readonly Int32Array[];
  /** Territory, as ids into the tables below; -1 when unknown. */
  readonly regions: CodeTable;
  readonly departements: CodeTable;
  readonly epcis: CodeTable;
  readonly communes: CodeTable;
  readonly regionOf: Int32Array;
  readonly departementOf: Int32Array;
  readonly epciOf: Int32Array;
  /** The lieu's own code INSEE and its commune (the parent commune for an arrondissement). */
  readonly inseeOf: Int32Array;
  readonly communeOf: Int32Array;
  /** Compiled hours shared by every lieu with the same `horaires` text; -1 when absent or invalid. */
  readonly hours: readonly CompiledHours[];
  readonly hoursOf: Int32Array;
  /** Public holiday regime of the lieu (e.g. Alsace-Moselle), as an id into `regimes`. */
  readonly regimes: readonly string[];
  /** One code INSEE per regime, handed to the hours evaluator for every lieu of that regime. */
  readonly regimeSample: readonly string[];
  readonly regimeOf: Int32Array;
  /** Lieux whose `horaires` text could not be understood (kept: they simply never match hour filters). */
  readonly invalidHours: number;
}

export interface BuildOptions {
  territory: TerritoryResolver;
}

class Interner {
  readonly codes: string[] = [];
  readonly ids = new Map<string, number>();
  id(code: string | undefined): number {
    if (!code) return -1;
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.codes.push(code);
      this.ids.set(code, id);
    }
    return id;
  }
}

function coordinate(raw: string | undefined, limit: number): number {
  if (!raw) return NaN;
  const value = Number(raw.trim().replace(',', '.'));
  return Number.isFinite(value) && Math.abs(value) <= limit && raw.trim() !== '' ? value : NaN;
}

function maskOf(values: readonly string[], bits: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (const value of values) {
    const bit = bits.get(value);
    if (bit !== undefined) mask |= 1 << bit;
  }
  return mask >>> 0;
}

const ENUM_BITS = Object.fromEntries(
  ENUM_FILTER_FIELDS.map((field) => [
    field,
    new Map(ENUM_FILTERS[field].map((value, bit) => [value as string, bit])),
  ]),
) as unknown as Record<EnumFilterField, ReadonlyMap<string, number>>;

/** Bit position of each allowed value of an enumerated field. */
export function bitsOf(field: EnumFilterField): ReadonlyMap<string, number> {
  return ENUM_BITS[field];
}

export function buildIndex(lieux: readonly LieuInput[], options: BuildOptions): LieuIndex {
  const n = lieux.length;
  const ids: string[] = new Array<string>(n);
  const names: string[] = new Array<string>(n);
  const positionById = new Map<string, number>();
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const trig = new Float64Array(4 * n);
  const flags = new Uint8Array(n);
  const enumMasks = Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, new Uint32Array(n)])) as Record<
    EnumFilterField,
    Uint32Array
  >;
  const typologyLists = new Map<string, number[]>();
  const words = new Map<string, number[]>();
  const regions = new Interner();
  const departements = new Interner();
  const epcis = new Interner();
  const communes = new Interner();
  const regionOf = new Int32Array(n);
  const departementOf = new Int32Array(n);
  const epciOf = new Int32Array(n);
  const inseeOf = new Int32Array(n);
  const communeOf = new Int32Array(n);
  const hours: CompiledHours[] = [];
  // Many lieux share one hours text (France Services, networks): compile each distinct text once.
  const hoursByText = new Map<string, number>();
  const hoursOf = new Int32Array(n);
  const regimes = new Interner();
  const regimeOf = new Int32Array(n);
  const regimeSample: string[] = [];
  const territoryCache = new Map<string, ReturnType<TerritoryResolver>>();
  const communeWordsCache = new Map<string, string[]>();
  const folder = new NameFolder();
  // Enumerated values repeat across lieux (« Gratuit »…): read each distinct text once per field.
  const maskCache = Object.fromEntries(
    ENUM_FILTER_FIELDS.map((f) => [f, new Map<string, number>()]),
  ) as Record<EnumFilterField, Map<string, number>>;
  let invalidHours = 0;

  // Name order first: positions are ranks in that order.
  const seen = new Set<string>();
  const nameKeys = lieux.map((lieu) => {
    if (seen.has(lieu.id)) throw new Error(`buildIndex : identifiant en double « ${lieu.id} ».`);
    seen.add(lieu.id);
    return folder.keys((lieu.record.nom ?? '').trim());
  });
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (a, b) =>
      compareCodeUnits(nameKeys[a]!.sortKey, nameKeys[b]!.sortKey) ||
      compareCodeUnits(lieux[a]!.id, lieux[b]!.id),
  );
  const sorted: LieuInput[] = new Array<LieuInput>(n);

  for (let i = 0; i < n; i++) {
    const lieu = lieux[order[i]!]!;
    sorted[i] = lieu;
    const record = lieu.record;
    const id = lieu.id;
    positionById.set(id, i);
    ids[i] = id;
    const nom = (record.nom ?? '').trim();
    names[i] = nom;
    const keys = nameKeys[order[i]!]!;
    const la = coordinate(record.latitude, 90);
    const lo = coordinate(record.longitude, 180);
    // (0, 0) is a placeholder left by exports, never a lieu in France.
    const located = !Number.isNaN(la) && !Number.isNaN(lo) && !(la === 0 && lo === 0);
    lat[i] = located ? la : NaN;
    lon[i] = located ? lo : NaN;
    if (located) {
      const phi = (la * Math.PI) / 180;
      const lambda = (lo * Math.PI) / 180;
      trig[4 * i] = Math.sin(phi);
      trig[4 * i + 1] = Math.cos(phi);
      trig[4 * i + 2] = Math.sin(lambda);
      trig[4 * i + 3] = Math.cos(lambda);
    }

    for (const field of ENUM_FILTER_FIELDS) {
      const raw = record[field] ?? '';
      let mask = maskCache[field].get(raw);
      if (mask === undefined) maskCache[field].set(raw, (mask = maskOf(splitList(raw), ENUM_BITS[field])));
      enumMasks[field][i] = mask;
    }
    let flag = located ? FLAG_COORDINATES : 0;
    if (enumMasks.frais_a_charge[i]! & (1 << ENUM_BITS.frais_a_charge.get('Gratuit')!)) flag |= FLAG_GRATUIT;
    if ((record.prise_rdv ?? '').trim()) flag |= FLAG_RDV_EN_LIGNE;
    if (enumMasks.itinerance[i]! & (1 << ENUM_BITS.itinerance.get('Itinérant')!)) flag |= FLAG_ITINERANT;
    flags[i] = flag;

    for (const code of new Set(splitList(record.typologie))) {
      let list = typologyLists.get(code);
      if (!list) typologyLists.set(code, (list = []));
      list.push(i);
    }

    // Communes repeat across lieux: fold each distinct one once.
    const commune = (record.commune ?? '').trim();
    let communeWords = communeWordsCache.get(commune);
    if (!communeWords) communeWordsCache.set(commune, (communeWords = indexWords(commune)));
    const lieuWords = new Set([...keys.words, ...communeWords]);
    for (const word of lieuWords) {
      let list = words.get(word);
      if (!list) words.set(word, (list = []));
      list.push(i);
    }

    const insee = (record.code_insee ?? '').trim();
    let info = territoryCache.get(insee);
    if (insee && info === undefined && !territoryCache.has(insee)) {
      info = options.territory(insee);
      territoryCache.set(insee, info);
    }
    regionOf[i] = regions.id(info?.region);
    departementOf[i] = departements.id(info?.departement);
    epciOf[i] = epcis.id(info?.epci);
    inseeOf[i] = communes.id(insee);
    communeOf[i] = communes.id(info?.commune || insee);
    const regime = regimes.id(holidayRegime(insee));
    if (regimeSample[regime] === undefined) regimeSample[regime] = insee;
    regimeOf[i] = regime;

    const text = (record.horaires ?? '').trim();
    let hoursId = -1;
    if (text) {
      const known = hoursByText.get(text);
      if (known !== undefined) hoursId = known;
      else {
        const compiled = compileHoursText(text);
        if (compiled) {
          hoursId = hours.length;
          hours.push(compiled);
        }
        hoursByText.set(text, hoursId);
      }
      if (hoursId < 0) invalidHours++;
    }
    hoursOf[i] = hoursId;
  }

  const vocabulary = [...words.keys()].sort(compareCodeUnits);
  const postings = vocabulary.map((word) => Int32Array.from(words.get(word)!));
  const typologies = new Map([...typologyLists].map(([code, list]) => [code, Int32Array.from(list)]));

  return {
    size: n,
    lieux: sorted,
    ids,
    names,
    positionById,
    lat,
    lon,
    trig,
    flags,
    enumMasks,
    typologies,
    vocabulary,
    postings,
    regions,
    departements,
    epcis,
    communes,
    regionOf,
    departementOf,
    epciOf,
    inseeOf,
    communeOf,
    hours,
    hoursOf,
    regimes: regimes.codes,
    regimeSample,
    regimeOf,
    invalidHours,
  };
}

/** The lieu with this id, or `undefined`. */
export function getLieu(index: LieuIndex, id: string): LieuInput | undefined {
  const position = index.positionById.get(id);
  return position === undefined ? undefined : index.lieux[position];
}

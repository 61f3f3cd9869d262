/**
 * The gazetteer: territory search and commune resolution over reference data passed in (no I/O).
 * Built once (names folded, tokens indexed, codes mapped), then every lookup is a few map reads or a
 * binary search, so the server and the browser can answer as people type.
 */
import { departementOf, normalizeCodeInsee, normalizeCodePostal } from './codes.js';
import { bboxContains, haversineKm, isValidLatLon } from './distance.js';
import { editDistance, foldName } from './fold.js';
import { cellsInRadius, gridCell } from './grid.js';
import { pointInMultiPolygon } from './polygon.js';
import type { AncienneCommune, Commune, Departement, Epci, LatLon, ReferenceData, Region } from './types.js';

export type TerritoryKind = 'commune' | 'departement' | 'region' | 'epci';

export interface TerritoryMatch {
  kind: TerritoryKind;
  code: string;
  nom: string;
  /** What to show: « Lyon (69) », « Paris 11e Arrondissement (75011) », « Rhône (69) », « Bretagne ». */
  label: string;
  population: number;
  departement?: string;
  region?: string;
  /** The postcode that matched, for a postcode search. */
  codePostal?: string;
  /** When the match came from a former commune's name, that name. */
  ancienNom?: string;
  lat?: number;
  lon?: number;
  score: number;
}

export interface SearchOptions {
  /** Most results returned (default 10). */
  limit?: number;
  /** Kinds searched (default communes, départements and régions). */
  kinds?: TerritoryKind[];
}

export interface CommuneQuery {
  nom?: string;
  codePostal?: string;
  codeInsee?: string;
  /** The lieu's coordinates when known: they break ties between conflicting fields. */
  position?: LatLon;
}

export interface CommuneResolution {
  /** Code INSEE of the current commune (of the arrondissement municipal for Paris, Lyon, Marseille). */
  code: string;
  /** Name of the commune (« Paris » for an arrondissement of Paris: the name people write). */
  nom: string;
  /** A postcode of the commune: the one given when consistent, else the commune's only one. */
  codePostal: string | undefined;
  /** 1 when every given field agrees; lower when fields conflict or the answer is a guess. */
  confidence: number;
  /** Plain-French explanation of what was corrected or guessed. */
  note?: string;
}

export interface TerritoryFilter {
  regions?: string[];
  departements?: string[];
  communes?: string[];
  epcis?: string[];
}

export interface Hierarchy {
  commune: string;
  departement: string;
  region: string;
  epci?: string;
}

/** Kind of an entry, as stored in `Gazetteer.entryKind`. */
const KINDS: readonly TerritoryKind[] = ['commune', 'departement', 'region', 'epci'];
const COMMUNE = 0;
const DEPARTEMENT = 1;
const REGION = 2;
const EPCI = 3;

const DEFAULT_KINDS: TerritoryKind[] = ['commune', 'departement', 'region'];
const KIND_TIEBREAK: Record<TerritoryKind, number> = {
  commune: 0.003,
  departement: 0.002,
  region: 0.001,
  epci: 0,
};
const TIER = { exact: 100, prefix: 6, tokens: 4, fuzzy: 1 } as const;
const ANCIENNE_PENALTY = 3;
/** Grid cell size of the commune-centre index (communes are ≈ 4 km apart on average). */
const CENTRE_CELL_KM = 5;
const NO_IDS = new Int32Array(0);

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function popScore(population: number): number {
  return Math.log10(Math.max(0, population) + 10);
}

/** Whether a word of `folded` (single-spaced, as `foldName` returns) starts with `prefix` (one word). */
function hasWordStartingWith(folded: string, prefix: string, spacedPrefix: string): boolean {
  return folded.startsWith(prefix) || folded.includes(spacedPrefix);
}

/**
 * Sorted keys with, for each, a run of ids in one flat array (compressed sparse rows): a fraction of
 * the memory of a `Map` of arrays, same lookups (binary search instead of hashing).
 */
class Postings {
  readonly keys: readonly string[];
  readonly start: Int32Array;
  readonly ids: Int32Array;

  constructor(lists: Map<string, number[]>, order?: (a: number, b: number) => number) {
    const keys = [...lists.keys()].sort();
    let total = 0;
    for (const list of lists.values()) total += list.length;
    this.keys = keys;
    this.start = new Int32Array(keys.length + 1);
    this.ids = new Int32Array(total);
    let at = 0;
    for (let k = 0; k < keys.length; k++) {
      const list = lists.get(keys[k]!)!;
      if (order) list.sort(order);
      this.start[k] = at;
      this.ids.set(list, at);
      at += list.length;
    }
    this.start[keys.length] = at;
  }

  /** Index of `key` in `keys`, or -1. */
  find(key: string): number {
    const k = lowerBound(this.keys, key);
    return this.keys[k] === key ? k : -1;
  }

  /** The ids of the key at index `k` (a view, no copy). */
  at(k: number): Int32Array {
    return this.ids.subarray(this.start[k]!, this.start[k + 1]!);
  }

  get(key: string): Int32Array {
    const k = this.find(key);
    return k < 0 ? NO_IDS : this.at(k);
  }
}

/**
 * Search entries (a commune under its name or a former one, a département, a région, an EPCI) are
 * columns indexed by entry id rather than objects: a territory's fields are read from the reference
 * data when a result is built. About a fifth of the memory of per-entry objects for 40,000 entries.
 */
export class Gazetteer {
  readonly millesime: string;
  private readonly communeList: readonly Commune[];
  private readonly departementList: readonly Departement[];
  private readonly regionList: readonly Region[];
  private readonly epciList: readonly Epci[];
  private readonly ancienneList: readonly AncienneCommune[];
  /** Code INSEE → index in `communeList`. */
  private readonly communeIndex = new Map<string, number>();
  private readonly anciennesByCode = new Map<string, AncienneCommune>();
  /** Code of a current commune → indices in `ancienneList` of its former communes. */
  private readonly anciennesByCommune = new Map<string, number[]>();
  /** Postcode → indices in `communeList`, most populous first. */
  private readonly byPostcode: Postings;
  private readonly arrondissementsOf = new Map<string, Commune[]>();
  private readonly departementsByCode = new Map<string, Departement>();
  private readonly regionsByCode = new Map<string, Region>();
  private readonly epcisByCode = new Map<string, Epci>();
  /** Folded name of each former commune (by index in `ancienneList`) that has a name and a current commune. */
  private readonly foldedFormerNames: Array<string | undefined>;
  private readonly outlined: Departement[];
  private centreCells: Map<string, Commune[]> | undefined;
  private readonly seen: Uint32Array;
  private generation = 0;
  // Entries, by entry id. Commune entries come first, entry id = index in `communeList`.
  private readonly foldedOf: string[] = [];
  private readonly entryKind: Uint8Array;
  /** Index of the territory in its kind's list (the current commune for a former name). */
  private readonly entryRef: Int32Array;
  /** Index in `ancienneList` for an entry indexing a former commune's name, else -1. */
  private readonly entryAncienne: Int32Array;
  private readonly baseScore: Float64Array;
  /** Words of the folded names → entry ids, best base score first. */
  private readonly postings: Postings;
  /** Entry ids sorted by folded name (then id), for exact name lookups. */
  private readonly byName: Int32Array;

  constructor(data: ReferenceData) {
    this.millesime = data.millesime;
    this.communeList = data.communes;
    this.departementList = data.departements;
    this.regionList = data.regions;
    this.epciList = data.epcis;
    this.ancienneList = data.anciennes;
    for (const r of data.regions) this.regionsByCode.set(r.code, r);
    for (const d of data.departements) this.departementsByCode.set(d.code, d);
    for (const e of data.epcis) this.epcisByCode.set(e.code, e);
    const postcodes = new Map<string, number[]>();
    data.communes.forEach((c, i) => {
      this.communeIndex.set(c.code, i);
      for (const cp of c.codesPostaux) push(postcodes, cp, i);
      if (c.commune) push(this.arrondissementsOf, c.commune, c);
    });
    data.anciennes.forEach((a, i) => {
      if (this.communeIndex.has(a.code) && a.code !== a.commune) return;
      if (!this.communeIndex.has(a.commune)) return;
      if (a.code !== a.commune) this.anciennesByCode.set(a.code, a);
      push(this.anciennesByCommune, a.commune, i);
    });
    this.byPostcode = new Postings(postcodes, (a, b) => byPopulation(data.communes[a]!, data.communes[b]!));

    const kinds: number[] = [];
    const refs: number[] = [];
    const anciennes: number[] = [];
    const scores: number[] = [];
    const words = new Map<string, number[]>();
    const add = (kind: number, ref: number, folded: string, population: number, ancienne = -1): void => {
      const id = this.foldedOf.push(folded) - 1;
      kinds.push(kind);
      refs.push(ref);
      anciennes.push(ancienne);
      scores.push(
        popScore(population) + KIND_TIEBREAK[KINDS[kind]!] - (ancienne >= 0 ? ANCIENNE_PENALTY : 0),
      );
      for (const token of new Set(folded.split(' '))) if (token) push(words, token, id);
    };
    data.communes.forEach((c, i) => add(COMMUNE, i, foldName(c.nom), c.population));
    this.foldedFormerNames = new Array<string | undefined>(data.anciennes.length);
    data.anciennes.forEach((a, i) => {
      const current = this.communeIndex.get(a.commune);
      if (!a.nom || current === undefined) return;
      const foldedFormer = foldName(a.nom);
      this.foldedFormerNames[i] = foldedFormer;
      if (foldedFormer === this.foldedOf[current]) return;
      add(COMMUNE, current, foldedFormer, data.communes[current]!.population, i);
    });
    data.departements.forEach((d, i) => add(DEPARTEMENT, i, foldName(d.nom), d.population));
    data.regions.forEach((r, i) => add(REGION, i, foldName(r.nom), r.population));
    data.epcis.forEach((e, i) => add(EPCI, i, foldName(e.nom), e.population));
    this.entryKind = Uint8Array.from(kinds);
    this.entryRef = Int32Array.from(refs);
    this.entryAncienne = Int32Array.from(anciennes);
    this.baseScore = Float64Array.from(scores);
    this.seen = new Uint32Array(this.foldedOf.length);
    // Best first, so a one-word search can stop early (see topByPrefix).
    this.postings = new Postings(words, (a, b) => this.baseScore[b]! - this.baseScore[a]! || a - b);
    const foldedOf = this.foldedOf;
    this.byName = Int32Array.from(foldedOf.keys()).sort((a, b) =>
      foldedOf[a]! < foldedOf[b]! ? -1 : foldedOf[a]! > foldedOf[b]! ? 1 : a - b,
    );
    this.outlined = data.departements.filter((d) => d.outline && d.outline.length > 0);
  }

  /** Entry ids whose folded name is exactly `folded`, ascending. */
  private idsNamed(folded: string): Int32Array {
    const byName = this.byName;
    let lo = 0;
    let hi = byName.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.foldedOf[byName[mid]!]! < folded) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < byName.length && this.foldedOf[byName[end]!] === folded) end++;
    return byName.subarray(lo, end);
  }

  private commune(code: string): Commune | undefined {
    const i = this.communeIndex.get(code);
    return i === undefined ? undefined : this.communeList[i];
  }

  private communesAt(indices: Int32Array): Commune[] {
    return Array.from(indices, (i) => this.communeList[i]!);
  }

  /** Current communes whose own folded name is `folded`, in reference order. */
  private currentNamed(folded: string): Commune[] {
    const out: Commune[] = [];
    for (const id of this.idsNamed(folded)) {
      if (this.entryKind[id] === COMMUNE && this.entryAncienne[id]! < 0)
        out.push(this.communeList[this.entryRef[id]!]!);
    }
    return out;
  }

  /** Folded name of a current commune (its entry's). */
  private foldedNameOf(code: string): string | undefined {
    const i = this.communeIndex.get(code);
    return i === undefined ? undefined : this.foldedOf[i];
  }

  // ---------------------------------------------------------------- lookups

  /** All current communes and arrondissements municipaux. */
  communes(): Commune[] {
    return Array.from(this.communeIndex.values(), (i) => this.communeList[i]!);
  }

  departements(): Departement[] {
    return [...this.departementsByCode.values()];
  }

  regions(): Region[] {
    return [...this.regionsByCode.values()];
  }

  departement(code: string): Departement | undefined {
    return this.departementsByCode.get(code.trim().toUpperCase());
  }

  region(code: string): Region | undefined {
    return this.regionsByCode.get(code.trim());
  }

  epci(siren: string): Epci | undefined {
    return this.epcisByCode.get(siren.trim());
  }

  /**
   * The current commune (or arrondissement municipal) for a code INSEE, resolving the code of a former
   * commune (merged, déléguée, associée) to the commune it belongs to now.
   */
  communeByCode(code: string | number): Commune | undefined {
    const normalized = normalizeCodeInsee(code);
    if (!normalized) return undefined;
    const current = this.commune(normalized);
    if (current) return current;
    const ancienne = this.anciennesByCode.get(normalized);
    return ancienne ? this.commune(ancienne.commune) : undefined;
  }

  /** The former commune behind a code, when the code is no longer a current commune's. */
  ancienneCommune(code: string | number): AncienneCommune | undefined {
    const normalized = normalizeCodeInsee(code);
    return normalized ? this.anciennesByCode.get(normalized) : undefined;
  }

  /** Communes and arrondissements served by a postcode, most populous first. */
  communesByPostcode(codePostal: string | number): Commune[] {
    const cp = normalizeCodePostal(codePostal);
    return cp ? this.communesAt(this.byPostcode.get(cp)) : [];
  }

  /** Arrondissements municipaux of Paris, Lyon or Marseille (empty for other communes). */
  arrondissements(codeCommune: string): Commune[] {
    return [...(this.arrondissementsOf.get(codeCommune) ?? [])];
  }

  /**
   * Centre of a commune, arrondissement or former commune (a commune déléguée keeps its own centre when
   * known). The offline, commune-level geocoding fallback.
   */
  centreOf(code: string | number): LatLon | undefined {
    const normalized = normalizeCodeInsee(code);
    if (!normalized) return undefined;
    const current = this.commune(normalized);
    if (current) return { lat: current.lat, lon: current.lon };
    const ancienne = this.anciennesByCode.get(normalized);
    if (!ancienne) return undefined;
    if (ancienne.lat !== undefined && ancienne.lon !== undefined)
      return { lat: ancienne.lat, lon: ancienne.lon };
    const commune = this.commune(ancienne.commune);
    return commune ? { lat: commune.lat, lon: commune.lon } : undefined;
  }

  /** Département of a code INSEE (from the code itself; see `departementOf` in codes.ts). */
  departementOf(codeInsee: string | number): string | undefined {
    return this.communeByCode(codeInsee)?.departement ?? departementOf(codeInsee);
  }

  /** Région of a code INSEE (collectivités d'outre-mer are their own « région » : 975, 988…). */
  regionOf(codeInsee: string | number): string | undefined {
    const commune = this.communeByCode(codeInsee);
    if (commune) return commune.region;
    const dep = departementOf(codeInsee);
    return dep ? this.departementsByCode.get(dep)?.region : undefined;
  }

  /** Commune, département, région and EPCI of a code INSEE, resolving former codes. */
  hierarchyOf(codeInsee: string | number): Hierarchy | undefined {
    const c = this.communeByCode(codeInsee);
    if (!c) return undefined;
    return {
      commune: c.code,
      departement: c.departement,
      region: c.region,
      ...(c.epci ? { epci: c.epci } : {}),
    };
  }

  /** Codes INSEE of the member communes of an EPCI (SIREN). */
  communesOfEpci(siren: string): string[] {
    return [...(this.epcisByCode.get(siren.trim())?.membres ?? [])];
  }

  /**
   * Every code INSEE inside the given territories (union): current communes, their arrondissements
   * municipaux and the codes of their former communes, so records carrying any of them match.
   */
  communeCodesIn(filter: TerritoryFilter): Set<string> {
    const out = new Set<string>();
    const addCommune = (code: string): void => {
      const c = this.communeByCode(code);
      if (!c) return;
      out.add(c.code);
      for (const a of this.arrondissementsOf.get(c.code) ?? []) out.add(a.code);
      for (const i of this.anciennesByCommune.get(c.code) ?? []) out.add(this.ancienneList[i]!.code);
      if (c.commune) out.add(c.commune);
    };
    const regions = new Set(filter.regions ?? []);
    const departements = new Set((filter.departements ?? []).map((d) => d.toUpperCase()));
    if (regions.size || departements.size) {
      for (const i of this.communeIndex.values()) {
        const c = this.communeList[i]!;
        if (regions.has(c.region) || departements.has(c.departement)) {
          out.add(c.code);
          for (const i of this.anciennesByCommune.get(c.code) ?? []) out.add(this.ancienneList[i]!.code);
        }
      }
    }
    for (const code of filter.communes ?? []) {
      const c = this.communeByCode(code);
      if (!c) continue;
      // An arrondissement selects itself only; a commune selects its arrondissements too.
      if (c.commune) {
        out.add(c.code);
        const normalized = normalizeCodeInsee(code);
        if (normalized && normalized !== c.code) out.add(normalized);
      } else addCommune(c.code);
    }
    for (const siren of filter.epcis ?? []) for (const code of this.communesOfEpci(siren)) addCommune(code);
    return out;
  }

  /** The département whose outline contains the point (needs outlines; undefined offshore). */
  departementAt(point: LatLon): Departement | undefined {
    for (const d of this.outlined) {
      if (bboxContains(d.bbox, point) && pointInMultiPolygon(point, d.outline!)) return d;
    }
    return undefined;
  }

  /**
   * Communes (and arrondissements municipaux) whose centre is nearest the point, nearest first, within
   * `maxKm` (default 30). Centres, not outlines: a hint for a lieu without a commune, to be confirmed.
   */
  nearestCommunes(
    point: LatLon,
    options: { limit?: number; maxKm?: number } = {},
  ): Array<{ commune: Commune; km: number }> {
    if (!isValidLatLon(point)) return [];
    const limit = Math.max(1, options.limit ?? 5);
    const maxKm = Math.max(0, options.maxKm ?? 30);
    const index = (this.centreCells ??= this.indexCentres());
    const found: Array<{ commune: Commune; km: number }> = [];
    for (const cell of cellsInRadius(point, maxKm, CENTRE_CELL_KM)) {
      for (const c of index.get(cell) ?? []) {
        const km = haversineKm(point, c);
        if (km <= maxKm) found.push({ commune: c, km });
      }
    }
    return found.sort((a, b) => a.km - b.km || a.commune.code.localeCompare(b.commune.code)).slice(0, limit);
  }

  private indexCentres(): Map<string, Commune[]> {
    const index = new Map<string, Commune[]>();
    // A commune with arrondissements is represented by them.
    for (const i of this.communeIndex.values()) {
      const c = this.communeList[i]!;
      if (!this.arrondissementsOf.has(c.code)) push(index, gridCell(c.lat, c.lon, CENTRE_CELL_KM), c);
    }
    return index;
  }

  /** Current communes whose folded name is exactly this name's (homonyms included). */
  communesNamed(nom: string): Commune[] {
    return this.currentNamed(foldName(nom)).sort(byPopulation);
  }

  // ---------------------------------------------------------------- search

  /**
   * Territories matching what someone typed: a name or its beginning (accents, case, « St », hyphens
   * ignored; one typo forgiven), a postcode or its beginning, a code INSEE or a département number.
   * Ranked by match quality, then population.
   */
  searchTerritories(query: string, options: SearchOptions = {}): TerritoryMatch[] {
    const limit = Math.max(1, Math.min(100, options.limit ?? 10));
    const kinds = new Set(options.kinds ?? DEFAULT_KINDS);
    const trimmed = query.trim();
    if (!trimmed) return [];
    const results = new Map<string, TerritoryMatch>();
    const offer = (m: TerritoryMatch): void => {
      if (!kinds.has(m.kind)) return;
      const key = `${m.kind}:${m.code}`;
      const previous = results.get(key);
      if (!previous || previous.score < m.score) results.set(key, m);
    };

    const compact = trimmed.replace(/\s+/g, '');
    if (/^\d{2,5}$/.test(compact) || /^2[abAB]\d{0,3}$/.test(compact)) {
      this.searchCodes(compact.toUpperCase(), offer);
    } else {
      const postcodes = trimmed.match(/\b\d{5}\b/g) ?? [];
      const nameQuery = trimmed.replace(/\b\d{5}\b/g, ' ').trim();
      const cp = postcodes[0];
      // Only the best few become result objects, unless a postcode will filter them afterwards.
      let matches = this.searchNames(nameQuery, kinds, cp ? Infinity : limit * 3);
      if (!matches.length) {
        // « Lyon 69 », « Saint-Martin (42) »: a département number that is not part of a name filters.
        const words = nameQuery.split(/[\s()[\],;-]+/).filter((w) => w);
        const departements = new Set(
          words
            .map((w) => w.toUpperCase())
            .filter((w) => /^(\d{2,3}|2[AB])$/.test(w) && this.departementsByCode.has(w)),
        );
        const rest = words.filter((w) => !departements.has(w.toUpperCase())).join(' ');
        if (departements.size && rest) {
          matches = this.searchNames(rest, kinds, Infinity).filter(
            (m) =>
              departements.has(m.departement ?? '') || (m.kind === 'departement' && departements.has(m.code)),
          );
        }
      }
      const restricted = cp
        ? matches.filter((m) => m.kind === 'commune' && this.hasPostcode(m.code, cp))
        : [];
      for (const m of restricted.length ? restricted : matches)
        offer(cp && restricted.length ? { ...m, codePostal: cp } : m);
    }
    return [...results.values()]
      .sort((a, b) => b.score - a.score || b.population - a.population || a.code.localeCompare(b.code))
      .slice(0, limit);
  }

  private hasPostcode(code: string, cp: string): boolean {
    return this.commune(code)?.codesPostaux.includes(cp) ?? false;
  }

  private communeMatch(c: Commune, score: number, extra: Partial<TerritoryMatch> = {}): TerritoryMatch {
    return {
      kind: 'commune',
      code: c.code,
      nom: c.nom,
      label: `${c.nom} (${extra.codePostal ?? c.departement})`,
      population: c.population,
      departement: c.departement,
      region: c.region,
      lat: c.lat,
      lon: c.lon,
      score: score + popScore(c.population) + KIND_TIEBREAK.commune,
      ...extra,
    };
  }

  private searchCodes(code: string, offer: (m: TerritoryMatch) => void): void {
    const dep = this.departementsByCode.get(code);
    if (dep) {
      offer({
        kind: 'departement',
        code: dep.code,
        nom: dep.nom,
        label: `${dep.nom} (${dep.code})`,
        population: dep.population,
        region: dep.region,
        lat: dep.lat,
        lon: dep.lon,
        score: 95 + popScore(dep.population),
      });
    }
    if (code.length === 5) {
      // People typing five digits mostly mean a postcode; a code INSEE comes after, a former one last
      // (Bonneuil-sur-Marne was 75011 when it belonged to the Seine).
      const byCode = this.communeByCode(code);
      if (byCode) offer(this.communeMatch(byCode, this.communeIndex.has(code) ? 70 : 40));
      for (const c of this.communesAt(this.byPostcode.get(code))) {
        // The arrondissement is what a Parisian postcode designates; its commune comes next.
        offer(this.communeMatch(c, c.commune ? 85 : 80, { codePostal: code }));
      }
      return;
    }
    if (!/^\d+$/.test(code)) return;
    // Beginning of a postcode: communes served by any postcode starting with it.
    const seen = new Set<string>();
    const postcodes = this.byPostcode.keys;
    for (let i = lowerBound(postcodes, code); i < postcodes.length; i++) {
      const cp = postcodes[i]!;
      if (!cp.startsWith(code)) break;
      for (const c of this.communesAt(this.byPostcode.at(i))) {
        if (seen.has(c.code)) continue;
        seen.add(c.code);
        offer(this.communeMatch(c, 50, { codePostal: cp }));
      }
    }
  }

  /** Entry ids whose tokens start with one of the alternatives (each id once). */
  private idsWithPrefix(alternatives: string[]): number[] {
    // A generation-stamped array dedupes faster than a Set on thousands of ids.
    const stamp = ++this.generation;
    const ids: number[] = [];
    const { keys, start, ids: all } = this.postings;
    for (const prefix of alternatives) {
      for (let k = lowerBound(keys, prefix); k < keys.length; k++) {
        if (!keys[k]!.startsWith(prefix)) break;
        for (let p = start[k]!; p < start[k + 1]!; p++) {
          const id = all[p]!;
          if (this.seen[id] === stamp) continue;
          this.seen[id] = stamp;
          ids.push(id);
        }
      }
    }
    return ids;
  }

  /** Whether some indexed token starts with one of the alternatives (one binary search each). */
  private hasPrefix(alternatives: string[]): boolean {
    const keys = this.postings.keys;
    return alternatives.some((prefix) => keys[lowerBound(keys, prefix)]?.startsWith(prefix));
  }

  /**
   * Entry ids with a token within one or two edits of `word` (or of its beginning, for typing). Only
   * tokens with the same first letter are compared: typos rarely hit it, and it keeps this fast.
   */
  private idsFuzzy(word: string): Set<number> {
    const ids = new Set<number>();
    if (word.length < 4) return ids;
    const max = word.length >= 8 ? 2 : 1;
    const keys = this.postings.keys;
    const first = word[0]!;
    const next = String.fromCharCode(first.charCodeAt(0) + 1);
    const end = lowerBound(keys, next);
    for (let k = lowerBound(keys, first); k < end; k++) {
      const token = keys[k]!;
      if (token.length < word.length - max) continue;
      const close =
        (token.length <= word.length + max && editDistance(word, token, max) <= max) ||
        (token.length > word.length && editDistance(word, token.slice(0, word.length), max) <= max);
      if (close) for (const id of this.postings.at(k)) ids.add(id);
    }
    return ids;
  }

  private kindAllowed(kinds: Set<TerritoryKind>, id: number): boolean {
    return kinds.has(KINDS[this.entryKind[id]!]!);
  }

  /**
   * Name search: the longest word drives (its prefix postings are materialised), the other words are
   * checked on each candidate's own words; only the best candidates become result objects.
   */
  private searchNames(query: string, kinds: Set<TerritoryKind>, keep: number): TerritoryMatch[] {
    const expanded = foldName(query);
    const raw = foldName(query, { expand: false });
    if (!expanded) return [];
    const rawWords = raw.split(' ');
    const words = expanded.split(' ').map((w, i) => {
      const alternatives = [...new Set([w, rawWords[i] ?? w])];
      return {
        word: w,
        alternatives,
        spaced: alternatives.map((a) => ` ${a}`),
        fuzzy: !this.hasPrefix(alternatives),
      };
    });
    const fuzzy = words.some((w) => w.fuzzy);
    const driver = words.reduce((best, w) => (w.word.length > best.word.length ? w : best));
    const fuzzySets = new Map(words.filter((w) => w.fuzzy).map((w) => [w, this.idsFuzzy(w.word)]));
    const others = words.filter((w) => w !== driver);
    if (!fuzzy && others.length === 0 && Number.isFinite(keep)) {
      return this.topByPrefix(driver.alternatives, kinds, keep, expanded, raw);
    }
    const candidates = driver.fuzzy ? [...fuzzySets.get(driver)!] : this.idsWithPrefix(driver.alternatives);

    const ids: number[] = [];
    const scores: number[] = [];
    for (const id of candidates) {
      if (!this.kindAllowed(kinds, id)) continue;
      const folded = this.foldedOf[id]!;
      if (others.length) {
        const ok = others.every((w) =>
          w.fuzzy
            ? fuzzySets.get(w)!.has(id)
            : w.alternatives.some((a, k) => hasWordStartingWith(folded, a, w.spaced[k]!)),
        );
        if (!ok) continue;
      }
      let tier: number = fuzzy ? TIER.fuzzy : TIER.tokens;
      if (!fuzzy) {
        if (folded === expanded || folded === raw) tier = TIER.exact;
        else if (folded.startsWith(expanded) || folded.startsWith(raw)) tier = TIER.prefix;
      }
      ids.push(id);
      scores.push(tier + this.baseScore[id]!);
    }
    const order = ids.map((_, i) => i);
    order.sort((a, b) => scores[b]! - scores[a]!);
    if (order.length > keep) order.length = keep;
    return order.map((i) => this.toMatch(ids[i]!, scores[i]!));
  }

  /**
   * One-word search without scanning every candidate: exact names first, then the postings of every
   * token starting with the word, merged best base score first, stopping once `keep` candidates are
   * known to beat anything left (a prefix match adds at most TIER.prefix to the base score).
   */
  private topByPrefix(
    alternatives: string[],
    kinds: Set<TerritoryKind>,
    keep: number,
    expanded: string,
    raw: string,
  ): TerritoryMatch[] {
    const stamp = ++this.generation;
    const found: Array<{ id: number; score: number }> = [];
    for (const name of new Set([expanded, raw])) {
      for (const id of this.idsNamed(name)) {
        if (this.seen[id] === stamp || !this.kindAllowed(kinds, id)) continue;
        this.seen[id] = stamp;
        found.push({ id, score: TIER.exact + this.baseScore[id]! });
      }
    }
    const { keys, start, ids } = this.postings;
    // Binary max-heap of [cursor, end] ranges of `ids` on the base score of the entry at the cursor.
    const heap: Array<[number, number]> = [];
    const key = (h: [number, number]): number => this.baseScore[ids[h[0]]!]!;
    const up = (i: number): void => {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (key(heap[parent]!) >= key(heap[i]!)) break;
        [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
        i = parent;
      }
    };
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && key(heap[l]!) > key(heap[m]!)) m = l;
        if (r < heap.length && key(heap[r]!) > key(heap[m]!)) m = r;
        if (m === i) return;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    };
    for (const prefix of alternatives) {
      for (let k = lowerBound(keys, prefix); k < keys.length; k++) {
        if (!keys[k]!.startsWith(prefix)) break;
        heap.push([start[k]!, start[k + 1]!]);
        up(heap.length - 1);
      }
    }
    // The `keep` best scores so far, ascending: best[0] is the one a newcomer must beat.
    const best: number[] = [];
    const remember = (score: number): void => {
      if (best.length >= keep && score <= best[0]!) return;
      let i = 0;
      while (i < best.length && best[i]! < score) i++;
      best.splice(i, 0, score);
      if (best.length > keep) best.shift();
    };
    for (const f of found) remember(f.score);
    while (heap.length) {
      const top = heap[0]!;
      const id = ids[top[0]]!;
      const base = this.baseScore[id]!;
      if (best.length >= keep && best[0]! >= base + TIER.prefix) break;
      if (top[0] + 1 < top[1]) {
        top[0]++;
      } else {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length) down(0);
      if (this.seen[id] === stamp || !this.kindAllowed(kinds, id)) continue;
      this.seen[id] = stamp;
      const folded = this.foldedOf[id]!;
      const tier = folded.startsWith(expanded) || folded.startsWith(raw) ? TIER.prefix : TIER.tokens;
      found.push({ id, score: tier + base });
      remember(tier + base);
    }
    found.sort((a, b) => b.score - a.score);
    return found.slice(0, keep).map((f) => this.toMatch(f.id, f.score));
  }

  /** The result object of an entry, its fields read from the territory it refers to. */
  private toMatch(id: number, score: number): TerritoryMatch {
    const kind = KINDS[this.entryKind[id]!]!;
    const ref = this.entryRef[id]!;
    const a = this.entryAncienne[id]! >= 0 ? this.ancienneList[this.entryAncienne[id]!] : undefined;
    let t: { code: string; nom: string; population: number; lat?: number; lon?: number };
    let departement: string | undefined;
    let region: string | undefined;
    let lat: number | undefined;
    let lon: number | undefined;
    if (kind === 'commune') {
      const c = this.communeList[ref]!;
      t = c;
      departement = c.departement;
      region = c.region;
      lat = a?.lat ?? c.lat;
      lon = a?.lon ?? c.lon;
    } else {
      const d = kind === 'departement' ? this.departementList[ref]! : undefined;
      t = d ?? (kind === 'region' ? this.regionList[ref]! : this.epciList[ref]!);
      region = d?.region;
      if (kind !== 'epci') {
        lat = t.lat;
        lon = t.lon;
      }
    }
    const ancienNom = a?.nom;
    let label = t.nom;
    if (kind === 'departement') label = `${t.nom} (${t.code})`;
    if (kind === 'commune')
      label = ancienNom ? `${ancienNom}, ${t.nom} (${departement})` : `${t.nom} (${departement})`;
    return {
      kind,
      code: t.code,
      nom: t.nom,
      label,
      population: t.population,
      ...(departement ? { departement } : {}),
      ...(region ? { region } : {}),
      ...(ancienNom ? { ancienNom } : {}),
      ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
      score,
    };
  }

  // ---------------------------------------------------------------- resolution

  /**
   * The commune meant by a (nom, code postal, code INSEE) triple as found in producers' files, for
   * repairs: former codes become current ones, Paris/Lyon/Marseille get their arrondissement from the
   * postcode, a wrong field is outvoted by the two others, names fold (« ST ETIENNE », « Paris Cedex 11 »).
   * Undefined when nothing plausible matches.
   */
  resolveCommune(query: CommuneQuery): CommuneResolution | undefined {
    const notes: string[] = [];
    const rawCode = query.codeInsee?.trim() ? query.codeInsee : undefined;
    const code = normalizeCodeInsee(rawCode);
    let cp = normalizeCodePostal(query.codePostal);
    let nomInput = query.nom?.trim() ?? '';
    // « 75011 Paris », « Paris Cedex 11 », « LYON 03 »
    const cpInName = /\b(\d{5})\b/.exec(nomInput);
    if (cpInName) {
      if (!cp) cp = cpInName[1];
      nomInput = nomInput.replace(cpInName[0], ' ');
    }
    nomInput = nomInput.replace(/\bcedex\b.*$/i, ' ').trim();
    const folded = foldName(nomInput);

    const byCode = code ? this.communeByCode(code) : undefined;
    const ancienne = code ? this.anciennesByCode.get(code) : undefined;
    const byCp = cp ? this.communesAt(this.byPostcode.get(cp)) : [];
    const byName = folded ? this.communesForName(folded) : [];

    const candidates = new Map<string, Commune>();
    for (const c of [byCode, ...byCp, ...byName]) if (c) candidates.set(c.code, c);
    if (candidates.size === 0 && folded) {
      // Typo in the name and nothing else to go on: the best search hit, as a guess.
      const hit = this.searchNames(nomInput, new Set(['commune']), 1)[0];
      const c = hit ? this.commune(hit.code) : undefined;
      if (c) candidates.set(c.code, c);
    }
    if (candidates.size === 0) return undefined;

    const given = (code ? 1 : 0) + (cp ? 1 : 0) + (folded ? 1 : 0);
    // Coordinates vote for the nearest candidate, when clearly nearer than the others.
    let nearest: string | undefined;
    const position = query.position && isValidLatLon(query.position) ? query.position : undefined;
    if (position && candidates.size > 1) {
      const ranked = [...candidates.values()]
        .map((c) => ({ code: c.code, km: haversineKm(c, position) }))
        .sort((a, b) => a.km - b.km);
      if (ranked[0]!.km < 20 && ranked[0]!.km < 0.7 * ranked[1]!.km) nearest = ranked[0]!.code;
    }
    let best: { c: Commune; score: number; codeOk: boolean; cpOk: boolean; nameScore: number } | undefined;
    for (const c of candidates.values()) {
      const codeOk =
        !!byCode && (byCode.code === c.code || byCode.commune === c.code || c.commune === byCode.code);
      const cpOk = !!cp && c.codesPostaux.includes(cp);
      const nameScore = folded ? this.nameScore(folded, c) : 0;
      const score = (codeOk ? 1 : 0) + (cpOk ? 0.8 : 0) + nameScore * 0.9 + (nearest === c.code ? 0.85 : 0);
      if (
        !best ||
        score > best.score + 1e-9 ||
        (Math.abs(score - best.score) < 1e-9 && c.population > best.c.population)
      ) {
        best = { c, score, codeOk, cpOk, nameScore };
      }
    }
    if (!best || best.score <= 0) return undefined;
    let chosen = best.c;

    // Paris, Lyon, Marseille: the postcode designates the arrondissement.
    if (!chosen.commune && cp && this.arrondissementsOf.has(chosen.code)) {
      const arr = (this.arrondissementsOf.get(chosen.code) ?? []).filter((a) => a.codesPostaux.includes(cp!));
      if (arr.length === 1) {
        chosen = arr[0]!;
        notes.push(`arrondissement ${chosen.code} déduit du code postal ${cp}`);
      }
    }
    const parent = chosen.commune ? this.commune(chosen.commune) : undefined;
    const nom = parent?.nom ?? chosen.nom;

    if (ancienne && best.codeOk) {
      notes.push(
        `code INSEE ${code} d'une ancienne commune${ancienne.nom ? ` (${ancienne.nom})` : ''}, remplacé par celui de ${nom} (${chosen.code})`,
      );
    } else if (code && !best.codeOk) {
      notes.push(
        byCode
          ? `code INSEE ${code} (${byCode.nom}) incohérent, remplacé par ${chosen.code}`
          : `code INSEE ${code} inconnu, remplacé par ${chosen.code}`,
      );
    }
    const matched = (best.codeOk ? 1 : 0) + (best.cpOk ? 1 : 0) + best.nameScore;
    let codePostal: string | undefined;
    if (best.cpOk) codePostal = cp;
    else if (chosen.codesPostaux.length === 1) codePostal = chosen.codesPostaux[0];
    if (cp && !best.cpOk) {
      notes.push(
        codePostal
          ? `code postal ${cp} incohérent avec ${nom}, remplacé par ${codePostal}`
          : `code postal ${cp} incohérent avec ${nom} (plusieurs codes postaux possibles)`,
      );
    } else if (!cp && codePostal && query.codePostal?.trim()) {
      notes.push(`code postal « ${query.codePostal.trim()} » invalide, remplacé par ${codePostal}`);
    }
    if (folded && best.nameScore < 1) {
      notes.push(
        best.nameScore > 0
          ? `nom « ${nomInput} » rapproché de ${nom}`
          : `nom « ${nomInput} » ne correspond pas à ${nom}`,
      );
    }

    let confidence: number;
    if (matched >= given) {
      confidence = 1;
      if (given === 1 && !code) {
        // A postcode or a name alone may designate several communes.
        const ambiguous = cp
          ? byCp.filter((c) => !c.commune || !byCp.some((p) => p.code === c.commune)).length > 1
          : byName.length > 1;
        if (ambiguous) {
          confidence = 0.4;
          notes.push(
            cp
              ? `code postal ${cp} commun à plusieurs communes : la plus peuplée retenue`
              : `plusieurs communes nommées « ${nomInput} » : la plus peuplée retenue`,
          );
        } else if (!cp) confidence = 0.8;
      }
      if (ancienne) confidence = Math.min(confidence, 0.95);
    } else if (best.codeOk && best.nameScore === 1) {
      confidence = 0.9; // the code and the name agree: only the postcode was wrong
    } else if (matched >= 2) {
      confidence = 0.8;
    } else {
      confidence = Math.max(0.2, 0.3 + (0.6 * matched) / given - 0.1 * (given - matched));
    }
    if (nearest && nearest === chosen.code && confidence < 1) confidence = Math.min(1, confidence + 0.05);
    confidence = Math.round(confidence * 100) / 100;
    return {
      code: chosen.code,
      nom,
      codePostal,
      confidence,
      ...(notes.length ? { note: notes.join(' ; ') } : {}),
    };
  }

  /** Communes whose name or a former name folds to `folded`. */
  private communesForName(folded: string): Commune[] {
    const out = new Map<string, Commune>();
    for (const id of this.idsNamed(folded)) {
      // Current names and former names alike (a former name's entry refers to its current commune).
      if (this.entryKind[id] !== COMMUNE) continue;
      const c = this.communeList[this.entryRef[id]!]!;
      out.set(c.code, c);
    }
    return [...out.values()].sort(byPopulation);
  }

  /** 1 for the same name (or a former name, or the parent's for an arrondissement), 0.5 for a near miss. */
  private nameScore(folded: string, c: Commune): number {
    const foldedNames = [this.foldedNameOf(c.code)!];
    if (c.commune) foldedNames.push(this.foldedNameOf(c.commune) ?? '');
    for (const i of this.anciennesByCommune.get(c.code) ?? []) {
      const former = this.foldedFormerNames[i];
      if (former) foldedNames.push(former);
    }
    if (foldedNames.includes(folded)) return 1;
    // « Paris 11 » for « Paris 11e Arrondissement »
    if (foldedNames.some((n) => n.startsWith(`${folded} `) || folded.startsWith(`${n} `)))
      return c.commune ? 1 : 0.5;
    const max = Math.max(1, Math.floor(folded.length / 6));
    if (foldedNames.some((n) => editDistance(folded, n, max) <= max)) return 0.5;
    // « Le Hom » for « Thury-Harcourt-le-Hom », « Verdun » for « Verdun-Ciel »: all words of one in the other.
    const words = folded.split(' ');
    return foldedNames.some((n) => {
      const other = n.split(' ');
      return (
        words.every((w) => other.includes(w)) || (other.length > 1 && other.every((w) => words.includes(w)))
      );
    })
      ? 0.5
      : 0;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byPopulation(a: Commune, b: Commune): number {
  return b.population - a.population || a.code.localeCompare(b.code);
}

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

interface Entry {
  kind: TerritoryKind;
  code: string;
  nom: string;
  folded: string;
  /** Words of `folded`, set when indexed. */
  tokens: string[];
  population: number;
  departement?: string;
  region?: string;
  lat?: number;
  lon?: number;
  /** Set for entries indexing a former commune's name. */
  ancienNom?: string;
}

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

function lowerBound(sorted: string[], value: string): number {
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

export class Gazetteer {
  readonly millesime: string;
  private readonly communesByCode = new Map<string, Commune>();
  private readonly anciennesByCode = new Map<string, AncienneCommune>();
  private readonly anciennesByCommune = new Map<string, AncienneCommune[]>();
  private readonly byPostcode = new Map<string, Commune[]>();
  private readonly sortedPostcodes: string[];
  private readonly arrondissementsOf = new Map<string, Commune[]>();
  private readonly departementsByCode = new Map<string, Departement>();
  private readonly regionsByCode = new Map<string, Region>();
  private readonly epcisByCode = new Map<string, Epci>();
  private readonly communesByFoldedName = new Map<string, Commune[]>();
  /** Folded former names → codes of the current communes they belong to. */
  private readonly currentByFormerName = new Map<string, string[]>();
  private readonly foldedNameOf = new Map<string, string>();
  private readonly foldedFormerNames = new Map<AncienneCommune, string>();
  private readonly entries: Entry[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly sortedTokens: string[];
  private readonly outlined: Departement[];
  private centreCells: Map<string, Commune[]> | undefined;
  private readonly seen: Uint32Array;
  private generation = 0;
  /** Per entry, in flat arrays the search loop scans without touching the entry objects. */
  private readonly foldedOf: string[] = [];
  private readonly kindOf: TerritoryKind[] = [];
  private readonly baseScore: number[] = [];
  /** Folded name → entry ids, for exact matches. */
  private readonly byFoldedName = new Map<string, number[]>();

  constructor(data: ReferenceData) {
    this.millesime = data.millesime;
    for (const r of data.regions) this.regionsByCode.set(r.code, r);
    for (const d of data.departements) this.departementsByCode.set(d.code, d);
    for (const e of data.epcis) this.epcisByCode.set(e.code, e);
    for (const c of data.communes) {
      this.communesByCode.set(c.code, c);
      for (const cp of c.codesPostaux) push(this.byPostcode, cp, c);
      if (c.commune) push(this.arrondissementsOf, c.commune, c);
      const folded = foldName(c.nom);
      this.foldedNameOf.set(c.code, folded);
      push(this.communesByFoldedName, folded, c);
    }
    for (const a of data.anciennes) {
      if (this.communesByCode.has(a.code) && a.code !== a.commune) continue;
      if (!this.communesByCode.has(a.commune)) continue;
      if (a.code !== a.commune) this.anciennesByCode.set(a.code, a);
      push(this.anciennesByCommune, a.commune, a);
    }
    for (const list of this.byPostcode.values()) list.sort(byPopulation);
    this.sortedPostcodes = [...this.byPostcode.keys()].sort();

    for (const c of data.communes) {
      this.addEntry({
        kind: 'commune',
        code: c.code,
        nom: c.nom,
        folded: this.foldedNameOf.get(c.code)!,
        population: c.population,
        departement: c.departement,
        region: c.region,
        lat: c.lat,
        lon: c.lon,
      });
    }
    for (const a of data.anciennes) {
      const current = this.communesByCode.get(a.commune);
      if (!a.nom || !current) continue;
      const foldedFormer = foldName(a.nom);
      this.foldedFormerNames.set(a, foldedFormer);
      if (foldedFormer === this.foldedNameOf.get(current.code)) continue;
      push(this.currentByFormerName, foldedFormer, current.code);
      this.addEntry({
        kind: 'commune',
        code: current.code,
        nom: current.nom,
        folded: foldedFormer,
        population: current.population,
        departement: current.departement,
        region: current.region,
        lat: a.lat ?? current.lat,
        lon: a.lon ?? current.lon,
        ancienNom: a.nom,
      });
    }
    for (const d of data.departements) {
      this.addEntry({
        kind: 'departement',
        code: d.code,
        nom: d.nom,
        folded: foldName(d.nom),
        population: d.population,
        region: d.region,
        lat: d.lat,
        lon: d.lon,
      });
    }
    for (const r of data.regions) {
      this.addEntry({
        kind: 'region',
        code: r.code,
        nom: r.nom,
        folded: foldName(r.nom),
        population: r.population,
        lat: r.lat,
        lon: r.lon,
      });
    }
    for (const e of data.epcis) {
      this.addEntry({
        kind: 'epci',
        code: e.code,
        nom: e.nom,
        folded: foldName(e.nom),
        population: e.population,
      });
    }
    this.sortedTokens = [...this.postings.keys()].sort();
    this.seen = new Uint32Array(this.entries.length);
    // Best first, so a one-word search can stop early (see topByPrefix).
    for (const list of this.postings.values())
      list.sort((a, b) => this.baseScore[b]! - this.baseScore[a]! || a - b);
    for (const [id, folded] of this.foldedOf.entries()) push(this.byFoldedName, folded, id);
    this.outlined = data.departements.filter((d) => d.outline && d.outline.length > 0);
  }

  private addEntry(entry: Omit<Entry, 'tokens'>): void {
    const tokens = [...new Set(entry.folded.split(' '))].filter((t) => t);
    const id = this.entries.push({ ...entry, tokens }) - 1;
    this.foldedOf.push(entry.folded);
    this.kindOf.push(entry.kind);
    this.baseScore.push(
      popScore(entry.population) + KIND_TIEBREAK[entry.kind] - (entry.ancienNom ? ANCIENNE_PENALTY : 0),
    );
    for (const token of tokens) push(this.postings, token, id);
  }

  // ---------------------------------------------------------------- lookups

  /** All current communes and arrondissements municipaux. */
  communes(): Commune[] {
    return [...this.communesByCode.values()];
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
    const current = this.communesByCode.get(normalized);
    if (current) return current;
    const ancienne = this.anciennesByCode.get(normalized);
    return ancienne ? this.communesByCode.get(ancienne.commune) : undefined;
  }

  /** The former commune behind a code, when the code is no longer a current commune's. */
  ancienneCommune(code: string | number): AncienneCommune | undefined {
    const normalized = normalizeCodeInsee(code);
    return normalized ? this.anciennesByCode.get(normalized) : undefined;
  }

  /** Communes and arrondissements served by a postcode, most populous first. */
  communesByPostcode(codePostal: string | number): Commune[] {
    const cp = normalizeCodePostal(codePostal);
    return cp ? [...(this.byPostcode.get(cp) ?? [])] : [];
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
    const current = this.communesByCode.get(normalized);
    if (current) return { lat: current.lat, lon: current.lon };
    const ancienne = this.anciennesByCode.get(normalized);
    if (!ancienne) return undefined;
    if (ancienne.lat !== undefined && ancienne.lon !== undefined)
      return { lat: ancienne.lat, lon: ancienne.lon };
    const commune = this.communesByCode.get(ancienne.commune);
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
      for (const a of this.anciennesByCommune.get(c.code) ?? []) out.add(a.code);
      if (c.commune) out.add(c.commune);
    };
    const regions = new Set(filter.regions ?? []);
    const departements = new Set((filter.departements ?? []).map((d) => d.toUpperCase()));
    if (regions.size || departements.size) {
      for (const c of this.communesByCode.values()) {
        if (regions.has(c.region) || departements.has(c.departement)) {
          out.add(c.code);
          for (const a of this.anciennesByCommune.get(c.code) ?? []) out.add(a.code);
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
    for (const c of this.communesByCode.values()) {
      if (!this.arrondissementsOf.has(c.code)) push(index, gridCell(c.lat, c.lon, CENTRE_CELL_KM), c);
    }
    return index;
  }

  /** Current communes whose folded name is exactly this name's (homonyms included). */
  communesNamed(nom: string): Commune[] {
    return [...(this.communesByFoldedName.get(foldName(nom)) ?? [])].sort(byPopulation);
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
    return this.communesByCode.get(code)?.codesPostaux.includes(cp) ?? false;
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
      if (byCode) offer(this.communeMatch(byCode, this.communesByCode.has(code) ? 70 : 40));
      for (const c of this.byPostcode.get(code) ?? []) {
        // The arrondissement is what a Parisian postcode designates; its commune comes next.
        offer(this.communeMatch(c, c.commune ? 85 : 80, { codePostal: code }));
      }
      return;
    }
    if (!/^\d+$/.test(code)) return;
    // Beginning of a postcode: communes served by any postcode starting with it.
    const seen = new Set<string>();
    for (let i = lowerBound(this.sortedPostcodes, code); i < this.sortedPostcodes.length; i++) {
      const cp = this.sortedPostcodes[i]!;
      if (!cp.startsWith(code)) break;
      for (const c of this.byPostcode.get(cp) ?? []) {
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
    for (const prefix of alternatives) {
      for (let i = lowerBound(this.sortedTokens, prefix); i < this.sortedTokens.length; i++) {
        const token = this.sortedTokens[i]!;
        if (!token.startsWith(prefix)) break;
        for (const id of this.postings.get(token)!) {
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
    return alternatives.some((prefix) =>
      this.sortedTokens[lowerBound(this.sortedTokens, prefix)]?.startsWith(prefix),
    );
  }

  /**
   * Entry ids with a token within one or two edits of `word` (or of its beginning, for typing). Only
   * tokens with the same first letter are compared: typos rarely hit it, and it keeps this fast.
   */
  private idsFuzzy(word: string): Set<number> {
    const ids = new Set<number>();
    if (word.length < 4) return ids;
    const max = word.length >= 8 ? 2 : 1;
    const first = word[0]!;
    const next = String.fromCharCode(first.charCodeAt(0) + 1);
    const end = lowerBound(this.sortedTokens, next);
    for (let i = lowerBound(this.sortedTokens, first); i < end; i++) {
      const token = this.sortedTokens[i]!;
      if (token.length < word.length - max) continue;
      const close =
        (token.length <= word.length + max && editDistance(word, token, max) <= max) ||
        (token.length > word.length && editDistance(word, token.slice(0, word.length), max) <= max);
      if (close) for (const id of this.postings.get(token)!) ids.add(id);
    }
    return ids;
  }

  /**
   * Name search: the longest word drives (its prefix postings are materialised), the other words are
   * checked on each candidate's own tokens; only the best candidates become result objects.
   */
  private searchNames(query: string, kinds: Set<TerritoryKind>, keep: number): TerritoryMatch[] {
    const expanded = foldName(query);
    const raw = foldName(query, { expand: false });
    if (!expanded) return [];
    const rawWords = raw.split(' ');
    const words = expanded.split(' ').map((w, i) => {
      const alternatives = [...new Set([w, rawWords[i] ?? w])];
      return { word: w, alternatives, fuzzy: !this.hasPrefix(alternatives) };
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
      if (!kinds.has(this.kindOf[id]!)) continue;
      if (others.length) {
        const tokens = this.entries[id]!.tokens;
        const ok = others.every((w) =>
          w.fuzzy
            ? fuzzySets.get(w)!.has(id)
            : tokens.some((t) => w.alternatives.some((a) => t.startsWith(a))),
        );
        if (!ok) continue;
      }
      const folded = this.foldedOf[id]!;
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
    return order.map((i) => this.toMatch(this.entries[ids[i]!]!, scores[i]!));
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
      for (const id of this.byFoldedName.get(name) ?? []) {
        if (this.seen[id] === stamp || !kinds.has(this.kindOf[id]!)) continue;
        this.seen[id] = stamp;
        found.push({ id, score: TIER.exact + this.baseScore[id]! });
      }
    }
    const lists: number[][] = [];
    for (const prefix of alternatives) {
      for (let i = lowerBound(this.sortedTokens, prefix); i < this.sortedTokens.length; i++) {
        const token = this.sortedTokens[i]!;
        if (!token.startsWith(prefix)) break;
        lists.push(this.postings.get(token)!);
      }
    }
    // Binary max-heap of [list, position] on the base score of the entry at that position.
    const heap: Array<[number, number]> = [];
    const key = (h: [number, number]): number => this.baseScore[lists[h[0]]![h[1]]!]!;
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
    for (let i = 0; i < lists.length; i++) {
      heap.push([i, 0]);
      up(heap.length - 1);
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
      const id = lists[top[0]]![top[1]]!;
      const base = this.baseScore[id]!;
      if (best.length >= keep && best[0]! >= base + TIER.prefix) break;
      if (top[1] + 1 < lists[top[0]]!.length) {
        top[1]++;
      } else {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length) down(0);
      if (this.seen[id] === stamp || !kinds.has(this.kindOf[id]!)) continue;
      this.seen[id] = stamp;
      const folded = this.foldedOf[id]!;
      const tier = folded.startsWith(expanded) || folded.startsWith(raw) ? TIER.prefix : TIER.tokens;
      found.push({ id, score: tier + base });
      remember(tier + base);
    }
    found.sort((a, b) => b.score - a.score);
    return found.slice(0, keep).map((f) => this.toMatch(this.entries[f.id]!, f.score));
  }

  private toMatch(e: Entry, score: number): TerritoryMatch {
    let label = e.nom;
    if (e.kind === 'departement') label = `${e.nom} (${e.code})`;
    if (e.kind === 'commune')
      label = e.ancienNom ? `${e.ancienNom}, ${e.nom} (${e.departement})` : `${e.nom} (${e.departement})`;
    return {
      kind: e.kind,
      code: e.code,
      nom: e.nom,
      label,
      population: e.population,
      ...(e.departement ? { departement: e.departement } : {}),
      ...(e.region ? { region: e.region } : {}),
      ...(e.ancienNom ? { ancienNom: e.ancienNom } : {}),
      ...(e.lat !== undefined && e.lon !== undefined ? { lat: e.lat, lon: e.lon } : {}),
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
    const byCp = cp ? (this.byPostcode.get(cp) ?? []) : [];
    const byName = folded ? this.communesForName(folded) : [];

    const candidates = new Map<string, Commune>();
    for (const c of [byCode, ...byCp, ...byName]) if (c) candidates.set(c.code, c);
    if (candidates.size === 0 && folded) {
      // Typo in the name and nothing else to go on: the best search hit, as a guess.
      const hit = this.searchNames(nomInput, new Set(['commune']), 1)[0];
      const c = hit ? this.communesByCode.get(hit.code) : undefined;
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
    const parent = chosen.commune ? this.communesByCode.get(chosen.commune) : undefined;
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
    for (const c of this.communesByFoldedName.get(folded) ?? []) out.set(c.code, c);
    for (const code of this.currentByFormerName.get(folded) ?? []) {
      const c = this.communesByCode.get(code);
      if (c) out.set(c.code, c);
    }
    return [...out.values()].sort(byPopulation);
  }

  /** 1 for the same name (or a former name, or the parent's for an arrondissement), 0.5 for a near miss. */
  private nameScore(folded: string, c: Commune): number {
    const foldedNames = [this.foldedNameOf.get(c.code)!];
    if (c.commune) foldedNames.push(this.foldedNameOf.get(c.commune) ?? '');
    for (const a of this.anciennesByCommune.get(c.code) ?? []) {
      const former = this.foldedFormerNames.get(a);
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

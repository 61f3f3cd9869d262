/**
 * Everything pair scoring needs, computed once per lieu: folded name tokens with weights, parsed address,
 * grid cell, normalised identifiers, and corpus-wide counts (token frequency, identifiers shared by
 * several lieux of one source).
 */
import { FIELDS } from '../standard/fields.js';
import { splitList } from '../standard/model.js';
import type { DedupInput, DedupWarning } from './types.js';
import {
  TYPE_TOKENS,
  classifyNameTokens,
  isGenericHost,
  nameTokens,
  normalizePhone,
  normalizePivot,
  normalizeUrl,
  parseAddress,
  type NameTokenClass,
  type ParsedAddress,
} from './text.js';

export interface WeightedToken {
  readonly text: string;
  readonly cls: NameTokenClass;
  readonly weight: number;
}

export interface LieuFeatures {
  readonly index: number;
  readonly key: string;
  readonly sourceId: string;
  readonly name: readonly WeightedToken[];
  /** Typologie codes implied by the name ("Médiathèque" → BIB). */
  readonly nameTypes: readonly string[];
  readonly address?: ParsedAddress;
  /** Street name tokens, uniformly weighted, ready for name-like matching. */
  readonly streetTokens: readonly WeightedToken[];
  /** The address as the producer wrote it, for explanations. */
  readonly addressText: string;
  readonly lat?: number;
  readonly lon?: number;
  /** Commune used for blocking and comparison without coordinates: INSEE code, else postcode, else name. */
  readonly commune?: string;
  readonly codeInsee?: string;
  readonly codePostal?: string;
  /** Département (2 or 3 characters), to bound identifier blocking. */
  readonly departement?: string;
  readonly pivot?: string;
  readonly phone?: string;
  readonly emails: readonly string[];
  readonly urls: ReadonlyArray<{ host: string; full: string }>;
  readonly typologie: readonly string[];
  /** From the `itinerance` field: a bus or other itinerant service (true), a fixed place (false), or unknown. */
  readonly itinerant?: boolean;
  /** The name says "bus", "itinérant", "camion"… */
  readonly itinerantName: boolean;
}

export type IdentifierKind = 'pivot' | 'phone' | 'email' | 'host' | 'url';

/**
 * How many lieux carry each identifier, overall and at most within one source ("shared": a source gives it to
 * several of its lieux, like a city's SIRET for all its libraries).
 */
export class IdentifierCounts {
  private readonly slots: Record<IdentifierKind, Map<string, number>> = {
    pivot: new Map(),
    phone: new Map(),
    email: new Map(),
    host: new Map(),
    url: new Map(),
  };
  private total = new Int32Array(1024);
  private max = new Int32Array(1024);
  private lastSource = new Int32Array(1024);
  private run = new Int32Array(1024);
  private size = 0;

  /** Counts one occurrence; occurrences must arrive grouped by source (`source` is a source number). */
  add(kind: IdentifierKind, value: string, source: number): void {
    const map = this.slots[kind];
    let slot = map.get(value);
    if (slot === undefined) {
      if (this.size === this.total.length) this.grow();
      slot = this.size++;
      map.set(value, slot);
      this.lastSource[slot] = -1;
    }
    this.total[slot]!++;
    this.run[slot] = this.lastSource[slot] === source ? this.run[slot]! + 1 : 1;
    this.lastSource[slot] = source;
    if (this.run[slot]! > this.max[slot]!) this.max[slot] = this.run[slot]!;
  }

  /** Number of lieux carrying the identifier (0 when unknown: e.g. a generic host, never counted). */
  count(kind: IdentifierKind, value: string): number {
    const slot = this.slots[kind].get(value);
    return slot === undefined ? 0 : this.total[slot]!;
  }

  /** A number unique to this identifier (across kinds), or undefined when it was never counted. */
  slot(kind: IdentifierKind, value: string): number | undefined {
    return this.slots[kind].get(value);
  }

  /** Whether one source gives this identifier to several of its lieux. */
  shared(kind: IdentifierKind, value: string): boolean {
    const slot = this.slots[kind].get(value);
    return slot !== undefined && this.max[slot]! > 1;
  }

  private grow(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.total = grow(this.total);
    this.max = grow(this.max);
    this.lastSource = grow(this.lastSource);
    this.run = grow(this.run);
  }
}

export interface Corpus {
  readonly lieux: readonly LieuFeatures[];
  readonly identifiers: IdentifierCounts;
  /** Number of lieux whose name holds this (folded, stemmed) word. */
  readonly documentFrequency: (token: string) => number;
  readonly warnings: DedupWarning[];
}

/** Shared empty list (most lieux have no e-mail, website or typologie): no allocation per lieu. */
const NONE: never[] = [];

const CLASS_WEIGHT: Record<Exclude<NameTokenClass, 'proper'>, number> = {
  type: 0.5,
  generic: 0.25,
  commune: 0.4,
  initial: 0.3,
};

/** Error for input the module cannot work with (duplicate keys…), with a message for people. */
export class DedupInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DedupInputError';
  }
}

function text(value: string | undefined): string {
  return (value ?? '').trim();
}

function readCoordinate(
  input: DedupInput,
  field: 'latitude' | 'longitude',
  warnings: DedupWarning[],
): number | undefined {
  const given = input[field];
  let value: number;
  if (given !== undefined) value = given;
  else {
    const raw = text(input.record[field]);
    if (raw === '') return undefined;
    value = Number(raw.replace(',', '.'));
  }
  const limit = field === 'latitude' ? 90 : 180;
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit) return value;
  const shown = given !== undefined ? String(given) : text(input.record[field]);
  warnings.push({
    key: input.key,
    field,
    value: shown,
    message: `${field} « ${shown} » ignorée : un nombre entre -${limit} et ${limit} est attendu`,
  });
  return undefined;
}

function departementOf(codeInsee: string | undefined, codePostal: string | undefined): string | undefined {
  const code = codeInsee || codePostal;
  if (!code) return undefined;
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
  if (codeInsee?.startsWith('2A') || codeInsee?.startsWith('2B')) return '20';
  return code.slice(0, 2);
}

/**
 * Builds features for every input. Inputs are first sorted by key so that everything downstream
 * (indices, blocking, grouping) is independent of the input order.
 */
export function buildCorpus(inputs: readonly DedupInput[]): { sorted: DedupInput[]; corpus: Corpus } {
  const warnings: DedupWarning[] = [];
  inputs.forEach((input, position) => {
    if (!input || typeof input !== 'object' || typeof input.key !== 'string' || input.key.trim() === '') {
      throw new DedupInputError(`entrée n° ${position + 1} : la clé (key) est absente ou vide`);
    }
    if (typeof input.sourceId !== 'string' || input.sourceId.trim() === '') {
      throw new DedupInputError(`entrée « ${input.key} » : la source (sourceId) est absente ou vide`);
    }
    if (!input.record || typeof input.record !== 'object') {
      throw new DedupInputError(`entrée « ${input.key} » : l'enregistrement (record) est absent`);
    }
  });
  const sorted = [...inputs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.key === sorted[i - 1]!.key) {
      throw new DedupInputError(
        `clé en double : « ${sorted[i]!.key} » apparaît plusieurs fois ; chaque lieu doit avoir une clé unique (ex. source:id)`,
      );
    }
  }

  // Name words: one entry per distinct word, holding its frequency and its one string instance (hundreds of
  // thousands of lieux share a few thousand words: one copy each is lighter on memory and on the collector).
  const nameWords = new Map<string, { text: string; df: number }>();
  const nameWord = (token: string): string => {
    let word = nameWords.get(token);
    if (!word) nameWords.set(token, (word = { text: token, df: 0 }));
    word.df++;
    return word.text;
  };
  const canonical = new Map<string, string>();
  const intern = (token: string): string => {
    const known = canonical.get(token);
    if (known !== undefined) return known;
    canonical.set(token, token);
    return token;
  };
  const communeTokens = new Map<string, ReadonlySet<string>>();
  // Street words weigh the same everywhere: one token object per distinct word.
  const streetTokenObjects = new Map<string, WeightedToken>();
  const streetToken = (word: string): WeightedToken => {
    let token = streetTokenObjects.get(word);
    if (!token) streetTokenObjects.set(word, (token = { text: word, cls: 'proper', weight: 1 }));
    return token;
  };

  const lieux: Array<LieuFeatures & { name: WeightedToken[] }> = [];
  for (let index = 0; index < sorted.length; index++) {
    const input = sorted[index]!;
    const r = input.record;
    const communeName = text(r.commune);
    let ownCommune = communeTokens.get(communeName);
    if (!ownCommune) communeTokens.set(communeName, (ownCommune = new Set(nameTokens(communeName))));
    const tokens = classifyNameTokens(text(r.nom), ownCommune);
    // Weights of proper words depend on the whole input: set once the frequencies are known, below.
    const name: WeightedToken[] = tokens.map((t) => ({ text: nameWord(t.text), cls: t.cls, weight: 0 }));

    let lat = readCoordinate(input, 'latitude', warnings);
    let lon = readCoordinate(input, 'longitude', warnings);
    // (0, 0) is a common "unknown" placeholder, and one coordinate alone is useless.
    if (lat === undefined || lon === undefined || (lat === 0 && lon === 0)) lat = lon = undefined;

    const codeInsee = text(r.code_insee).toUpperCase() || undefined;
    const codePostal = text(r.code_postal) || undefined;
    const commune =
      codeInsee ??
      (codePostal ? `cp:${codePostal}` : communeName ? `nom:${communeName.toLowerCase()}` : undefined);

    const pivot = normalizePivot(text(r.pivot));
    const phone = normalizePhone(text(r.telephone));
    const emails = r.courriels ? [...new Set(splitList(r.courriels).map((e) => e.toLowerCase()))] : NONE;
    let urls: Array<{ host: string; full: string }> = NONE;
    for (const raw of splitList(r.site_web)) {
      const url = normalizeUrl(raw);
      if (url && !urls.some((u) => u.full === url.full)) urls = [...urls, url];
    }
    const typologie = r.typologie
      ? [...new Set(splitList(r.typologie).map((t) => intern(t.toUpperCase())))].filter((t) => t !== 'AUTRE')
      : NONE;
    const itinerant = itinerantOf(r.itinerance);
    const itinerantName = name.some((t) => ITINERANT_WORDS.has(t.text));

    const source = input.sourceId;
    const addressText = text(r.adresse);
    const parsed = addressText ? parseAddress(addressText) : undefined;
    const address = parsed && (parsed.street.length > 0 || parsed.number !== undefined) ? parsed : undefined;
    const streetTokens: WeightedToken[] = address?.street.length
      ? address.street.map((t) => streetToken(intern(t)))
      : NONE;
    lieux.push({
      index,
      key: input.key,
      sourceId: source,
      name,
      nameTypes: tokens.some((t) => t.cls === 'type')
        ? [...new Set(tokens.filter((t) => t.cls === 'type').map((t) => TYPE_TOKENS.get(t.text)!))]
        : NONE,
      address,
      streetTokens,
      addressText,
      lat,
      lon,
      commune,
      codeInsee,
      codePostal,
      departement: departementOf(codeInsee, codePostal),
      pivot,
      phone,
      emails,
      urls,
      typologie,
      itinerant,
      itinerantName,
    });
  }

  // Words used by many lieux weigh less: beyond a few dozen lieux (or 1 % of the input), a word is
  // more a category than a name. Fixed lists cover the common categories even for small inputs.
  const common = Math.max(50, sorted.length * 0.01);
  for (const lieu of lieux) {
    for (const t of lieu.name) {
      const df = nameWords.get(t.text)?.df ?? 1;
      (t as { weight: number }).weight =
        t.cls !== 'proper'
          ? CLASS_WEIGHT[t.cls]
          : df <= common
            ? 1
            : Math.max(0.3, 1 - 0.35 * Math.log2(df / common));
    }
  }

  // Identifier counts, source by source (the counter needs each source's occurrences together).
  const identifiers = new IdentifierCounts();
  const bySource = new Map<string, number[]>();
  for (const lieu of lieux) {
    const list = bySource.get(lieu.sourceId);
    if (list) list.push(lieu.index);
    else bySource.set(lieu.sourceId, [lieu.index]);
  }
  let sourceNumber = 0;
  for (const indices of bySource.values()) {
    const source = sourceNumber++;
    for (const i of indices) {
      const lieu = lieux[i]!;
      if (lieu.pivot) identifiers.add('pivot', lieu.pivot, source);
      if (lieu.phone) identifiers.add('phone', lieu.phone, source);
      for (const e of lieu.emails) identifiers.add('email', e, source);
      for (let k = 0; k < lieu.urls.length; k++) {
        const u = lieu.urls[k]!;
        // Generic hosts are never counted: a host without count proves nothing. Each host once per lieu.
        if (!isGenericHost(u.host) && lieu.urls.findIndex((o) => o.host === u.host) === k) {
          identifiers.add('host', u.host, source);
        }
        if (u.full !== u.host) identifiers.add('url', u.full, source);
      }
    }
  }
  const documentFrequency = (token: string) => nameWords.get(token)?.df ?? 0;
  return { sorted, corpus: { lieux, identifiers, warnings, documentFrequency } };
}

const ITINERANT_WORDS = new Set(['bus', 'itinerant', 'itineranc', 'camion', 'mobil']);

function itinerantOf(itinerance: string | undefined): boolean | undefined {
  if (!itinerance) return undefined;
  const values = splitList(itinerance).map((v) => v.toLowerCase());
  const moving = values.some((v) => v.startsWith('itin'));
  const fixed = values.includes('fixe');
  return moving !== fixed ? moving : undefined;
}

const STANDARD_FIELD_NAMES = FIELDS.map((f) => f.name);

/** Share of the standard's fields that hold a value, used to prefer the most complete source. */
export function completenessOf(input: DedupInput): number {
  if (input.completeness !== undefined && Number.isFinite(input.completeness)) return input.completeness;
  let filled = 0;
  for (const name of STANDARD_FIELD_NAMES) if (text(input.record[name]) !== '') filled++;
  return filled / STANDARD_FIELD_NAMES.length;
}

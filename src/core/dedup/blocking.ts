/**
 * Candidate blocking: which pairs are worth scoring. Work must grow about linearly with the number of lieux,
 * so no block is "all lieux of a commune".
 *
 * - Geocoded lieux: a fixed grid (cells of at least `cellSizeMeters` in both directions); each lieu meets the
 *   lieux of its cell and of the 8 neighbouring cells, i.e. every pair closer than one cell is scored.
 * - Lieux without coordinates cannot use the grid: they are blocked by commune (INSEE code, else postcode)
 *   *and* street or distinctive name word, so a big commune is split into small blocks. Geocoded lieux join
 *   these blocks too, but only pairs with at least one non-geocoded member are taken from them.
 * - Same identifier (SIRET/pivot, phone, e-mail, web page) within one département, for the same reason.
 * - A grid cell with very many lieux (typically everything geocoded to one commune centroid) says nothing
 *   about proximity: its lieux are handled like non-geocoded ones.
 * Blocks bigger than `maxBlockSize` are skipped: a key shared by that many lieux does not single out a place.
 */
import type { Corpus, IdentifierKind, LieuFeatures } from './features.js';

export interface BlockingOptions {
  cellSizeMeters: number;
  maxBlockSize: number;
  denseCellSize: number;
}

export interface BlockingStats {
  skippedBlocks: number;
  denseLieux: number;
  withoutCoordinates: number;
}

/** Metres per degree of latitude, at its smallest (equator), so cells are never shorter than asked. */
const M_PER_DEG_LAT_MIN = 110_574;
/**
 * Metres per degree of longitude at 52° of latitude: every French territory (mainland up to 51.1°N, overseas
 * much closer to the equator) gets cells at least as wide as asked. A fixed width in degrees keeps cells
 * aligned across rows, which a latitude-dependent width would not.
 */
const M_PER_DEG_LON_AT_52 = 111_320 * Math.cos((52 * Math.PI) / 180);

/** Forward half of the 8-neighbourhood: each pair of cells is visited once. */
const FORWARD_NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
];

/** The street word most likely to survive spelling variants: the longest alphabetic one. */
function streetKey(lieu: LieuFeatures): string | undefined {
  let best: string | undefined;
  for (const t of lieu.address?.street ?? []) {
    if (/^\d+$/.test(t)) continue;
    if (!best || t.length > best.length || (t.length === best.length && t < best)) best = t;
  }
  return best;
}

/**
 * Name words used as blocking keys within a commune: the two rarest distinctive words or, for names without
 * any ("France Services de X", "CCAS"), the kind of place. Lieux whose names share nothing may still meet
 * through their street.
 */
function nameKeys(lieu: LieuFeatures, df: (token: string) => number): string[] {
  const proper = lieu.name
    .filter((t) => t.cls === 'proper')
    .map((t) => t.text)
    .sort((x, y) => df(x) - df(y) || (x < y ? -1 : x > y ? 1 : 0))
    .slice(0, 2);
  if (proper.length > 0) return proper;
  const fallback = lieu.name.find((t) => t.cls === 'type') ?? lieu.name.find((t) => t.cls !== 'initial');
  return fallback ? [fallback.text] : [];
}

/** Small numbers for strings: block keys are numbers, much cheaper to hash than composed strings. */
class Numbering {
  private readonly numbers = new Map<string, number>();
  of(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) this.numbers.set(text, (n = this.numbers.size));
    return n;
  }
}

const WORD_RANGE = 2 ** 22;

/**
 * Keys of the keyed blocks a lieu belongs to: commune blocks (≥ 0: commune × street or name word) and
 * identifier blocks (< 0). Identifiers a source reuses for several lieux (a city's SIRET, a switchboard) are
 * left out: they cannot decide a merge, and they make huge blocks.
 */
function blockKeys(
  lieu: LieuFeatures,
  corpus: Corpus,
  numbering: { insee: Numbering; postcode: Numbering; name: Numbering; word: Numbering },
): number[] {
  const keys: number[] = [];
  // Producers give the INSEE code, the postcode or both: a lieu joins the blocks of each it has.
  const scopes: number[] = [];
  if (lieu.codeInsee) scopes.push(numbering.insee.of(lieu.codeInsee) * 3);
  if (lieu.codePostal) scopes.push(numbering.postcode.of(lieu.codePostal) * 3 + 1);
  if (scopes.length === 0 && lieu.commune) scopes.push(numbering.name.of(lieu.commune) * 3 + 2);
  const street = streetKey(lieu);
  const streetNumber = street === undefined ? -1 : numbering.word.of(street);
  const words = nameKeys(lieu, corpus.documentFrequency).map((w) => numbering.word.of(w));
  for (const scope of scopes) {
    if (streetNumber >= 0) keys.push((scope * WORD_RANGE + streetNumber) * 2 + 1);
    for (const word of words) keys.push((scope * WORD_RANGE + word) * 2);
  }
  const add = (kind: IdentifierKind, value: string) => {
    if (corpus.identifiers.shared(kind, value)) return;
    const slot = corpus.identifiers.slot(kind, value);
    if (slot !== undefined) keys.push(-1 - slot);
  };
  if (lieu.pivot) add('pivot', lieu.pivot);
  if (lieu.phone) add('phone', lieu.phone);
  for (const email of lieu.emails) add('email', email);
  for (const url of lieu.urls) if (url.full !== url.host) add('url', url.full);
  return keys;
}

/**
 * Calls `visit(i, j)` (i < j, indices into `corpus.lieux`) once for every candidate pair.
 */
export function forEachCandidatePair(
  corpus: Corpus,
  options: BlockingOptions,
  visit: (i: number, j: number) => void,
): BlockingStats {
  const lieux = corpus.lieux;
  const n = lieux.length;
  const cellLat = options.cellSizeMeters / M_PER_DEG_LAT_MIN;
  const cellLon = options.cellSizeMeters / M_PER_DEG_LON_AT_52;

  // 1. Grid. Cells are numbered within the bounding box of the input, so that their numbers stay small
  // integers (fast map keys) for any realistic extent.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  const cellX = new Int32Array(n);
  const cellY = new Int32Array(n);
  let withoutCoordinates = 0;
  for (const lieu of lieux) {
    if (lieu.lat === undefined) {
      withoutCoordinates++;
      continue;
    }
    const x = Math.floor(lieu.lon! / cellLon);
    const y = Math.floor(lieu.lat / cellLat);
    cellX[lieu.index] = x;
    cellY[lieu.index] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
  }
  // One spare column on each side, so that neighbours of edge cells never wrap onto another row.
  const width = maxX - minX + 3;
  const cellKey = (x: number, y: number) => (y - minY + 1) * width + (x - minX + 1);
  const cells = new Map<number, number[]>();
  for (const lieu of lieux) {
    if (lieu.lat === undefined) continue;
    const key = cellKey(cellX[lieu.index]!, cellY[lieu.index]!);
    const members = cells.get(key);
    if (members) members.push(lieu.index);
    else cells.set(key, [lieu.index]);
  }
  const inGrid = new Uint8Array(n);
  let denseLieux = 0;
  for (const members of cells.values()) {
    if (members.length > options.denseCellSize) denseLieux += members.length;
    else for (const i of members) inGrid[i] = 1;
  }
  const keys = [...cells.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const members = cells.get(key)!;
    if (members.length > options.denseCellSize) continue;
    for (let p = 0; p < members.length; p++) {
      for (let q = p + 1; q < members.length; q++) visit(members[p]!, members[q]!);
    }
    const x = cellX[members[0]!]!;
    const y = cellY[members[0]!]!;
    for (const [dx, dy] of FORWARD_NEIGHBOURS) {
      const other = cells.get(cellKey(x + dx, y + dy));
      if (!other || other.length > options.denseCellSize) continue;
      for (const i of members) {
        for (const j of other) visit(i < j ? i : j, i < j ? j : i);
      }
    }
  }

  // 2. Keyed blocks for lieux outside the grid (no coordinates, or in a dense cell). Only keys carried by
  // at least one outside lieu matter.
  let skippedBlocks = 0;
  const numbering = {
    insee: new Numbering(),
    postcode: new Numbering(),
    name: new Numbering(),
    word: new Numbering(),
  };
  const keysOf = lieux.map((lieu) => blockKeys(lieu, corpus, numbering));
  const wanted = new Set<number>();
  for (const lieu of lieux) if (!inGrid[lieu.index]) for (const key of keysOf[lieu.index]!) wanted.add(key);
  if (wanted.size > 0) {
    const blocks = new Map<number, number[]>();
    for (const lieu of lieux) {
      for (const key of keysOf[lieu.index]!) {
        if (!wanted.has(key)) continue;
        const members = blocks.get(key);
        if (!members) blocks.set(key, [lieu.index]);
        else if (members[members.length - 1] !== lieu.index) members.push(lieu.index);
      }
    }
    // A pair may share several keys: collect pair codes (i·n + j, exact in a double up to 94 million lieux),
    // sort, and visit each once.
    let codes = new Float64Array(1024);
    let count = 0;
    // (Visits happen in pair order below, so the order of blocks does not matter.)
    for (const [key, members] of blocks) {
      if (members.length < 2) continue;
      // Identifier blocks stay within a département (a national hotline is not a place).
      const sameDepartementOnly = key < 0;
      if (members.length > options.maxBlockSize) {
        skippedBlocks++;
        continue;
      }
      for (let p = 0; p < members.length; p++) {
        const i = members[p]!;
        for (let q = p + 1; q < members.length; q++) {
          const j = members[q]!;
          if (inGrid[i] && inGrid[j]) continue;
          if (sameDepartementOnly) {
            const di = lieux[i]!.departement;
            const dj = lieux[j]!.departement;
            if (di !== undefined && dj !== undefined && di !== dj) continue;
          }
          if (count === codes.length) {
            const grown = new Float64Array(codes.length * 2);
            grown.set(codes);
            codes = grown;
          }
          codes[count++] = i * n + j;
        }
      }
    }
    const sorted = codes.subarray(0, count).sort();
    for (let k = 0; k < count; k++) {
      const code = sorted[k]!;
      if (k > 0 && code === sorted[k - 1]) continue;
      const i = Math.floor(code / n);
      visit(i, code - i * n);
    }
  }
  return { skippedBlocks, denseLieux, withoutCoordinates };
}

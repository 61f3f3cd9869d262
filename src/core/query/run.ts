/**
 * `runQuery`: filter, sort and paginate an index. The cheap criteria are cached bit sets ANDed into the
 * candidates; distance and hours (memoised per distinct hours text) are then tested on the candidates
 * only, in name order; first pages sorted by distance come from the grid (nearest.ts).
 */
import {
  addPosition,
  andInto,
  andNotInto,
  emptySet,
  fullSet,
  orInto,
  sizeOf,
  sizeOfBoth,
  type BitSet,
} from './bitset.js';
import { FLAG_COORDINATES, FLAG_GRATUIT, FLAG_ITINERANT, FLAG_RDV_EN_LIGNE, bitsOf } from './build.js';
import type { CodeTable, LieuIndex } from './build.js';
import { cachesOf } from './cache.js';
import { buildGrid, gatherNearest } from './nearest.js';
import {
  EARTH_RADIUS_KM,
  FRENCH_MONTHS,
  FRENCH_WEEKDAYS,
  haversineKm,
  isOpenAtMoment,
  isOpenDuringSlot,
  parseOpenAt,
  wallClockOf,
} from './deps.js';
import type { OpenAtMoment } from './deps.js';
import { searchWords } from './text.js';
import { ENUM_FILTERS, ENUM_FILTER_FIELDS } from './types.js';
import type {
  BBox,
  EnumFilterField,
  LatLon,
  Query,
  QueryItem,
  QueryResult,
  RunOptions,
  Slot,
  SortOrder,
} from './types.js';

/** Largest page the engine returns, whatever the caller asks. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 20;

const RAD = Math.PI / 180;
/** Rounding error bound of the product formula for `a` (a few ulps of 1). */
const A_TOLERANCE = 1e-14;

interface SlotPlan {
  slot: Slot;
  memo: Int8Array;
}

/** A query compiled against one index: arrays and numbers ready for the scan loop. */
export interface Plan {
  /** Some criterion can match nothing (e.g. only unknown codes): skip the scan. */
  readonly impossible: boolean;
  readonly enumChecks: ReadonlyArray<{ field: EnumFilterField; masks: Uint32Array; want: number }>;
  readonly typologie: boolean;
  /**
   * Lieux passing every cheap criterion (enumerated values, flags, typologie, territory, text), or null
   * when the query has none: only these are looked at one by one.
   */
  readonly candidates: BitSet | null;
  readonly bbox: BBox | null;
  readonly near: {
    lat: number;
    lon: number;
    sinLat: number;
    cosLat: number;
    sinLon: number;
    cosLon: number;
  } | null;
  /** Bound on the haversine `a` equivalent to the radius (Infinity without radius) and a latitude pre-filter. */
  readonly radiusKm: number;
  readonly maxA: number;
  readonly maxDLat: number;
  readonly text: boolean;
  readonly openAt: { moment: OpenAtMoment; memo: Int8Array } | null;
  /** The open-at criterion is already in `candidates`. */
  readonly openInCandidates: boolean;
  readonly slots: readonly SlotPlan[] | null;
  readonly sort: SortOrder;
}

export interface Matches {
  plan: Plan;
  /** Positions of the matching lieux, in name order. */
  positions: Int32Array;
  /** Haversine `a` (monotonic in distance) per position, filled for matches when `near` is given. */
  haversineA: Float64Array | null;
}

function allowedIds(table: CodeTable, codes: readonly string[]): Uint8Array {
  const allowed = new Uint8Array(table.codes.length);
  for (const code of codes) {
    const id = table.ids.get(code);
    if (id !== undefined) allowed[id] = 1;
  }
  return allowed;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lieux whose words start with every search word (each search word may match a different lieu word). */
function textMask(index: LieuIndex, q: string): BitSet | null {
  const search = searchWords(q);
  if (search.length === 0) return null;
  const n = index.size;
  const hits = new Uint16Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const { vocabulary, postings } = index;
  for (let k = 0; k < search.length; k++) {
    for (const prefix of search[k]!) {
      for (let j = lowerBound(vocabulary, prefix); j < vocabulary.length; j++) {
        if (!vocabulary[j]!.startsWith(prefix)) break;
        const list = postings[j]!;
        for (let p = 0; p < list.length; p++) {
          const position = list[p]!;
          if (stamp[position] !== k) {
            stamp[position] = k;
            hits[position]!++;
          }
        }
      }
    }
  }
  const mask = emptySet(n);
  for (let i = 0; i < n; i++) if (hits[i] === search.length) addPosition(mask, i);
  return mask;
}

function openAtMemo(index: LieuIndex, key: string): Int8Array {
  const cache = cachesOf(index).openAt;
  let memo = cache.get(key);
  if (!memo) {
    memo = new Int8Array(Math.max(1, index.hours.length * index.regimes.length)).fill(-1);
    cache.set(key, memo);
  }
  return memo;
}

function isOpenAtPosition(index: LieuIndex, memo: Int8Array, moment: OpenAtMoment, i: number): boolean {
  const h = index.hoursOf[i]!;
  if (h < 0) return false;
  const regime = index.regimeOf[i]!;
  const k = h * index.regimes.length + regime;
  let v = memo[k]!;
  if (v < 0) {
    v = isOpenAtMoment(index.hours[h]!, moment, index.regimeSample[regime] ?? '') ? 1 : 0;
    memo[k] = v;
  }
  return v === 1;
}

/** `now` to the minute (hours have minute precision): one cache entry per minute. */
function nowMoment(now: Date): OpenAtMoment {
  const ms = Math.floor(now.getTime() / 60_000) * 60_000;
  return { at: new Date(ms), key: `i${ms}` };
}

function slotPlan(index: LieuIndex, slot: Slot): SlotPlan {
  const cache = cachesOf(index).slots;
  const key = `${slot.day}:${slot.from}-${slot.to}`;
  let memo = cache.get(key);
  if (!memo) {
    memo = new Int8Array(Math.max(1, index.hours.length)).fill(-1);
    cache.set(key, memo);
  }
  return { slot, memo };
}

function isOpenDuringPosition(index: LieuIndex, plan: SlotPlan, i: number): boolean {
  const h = index.hoursOf[i]!;
  if (h < 0) return false;
  let v = plan.memo[h]!;
  if (v < 0) {
    v = isOpenDuringSlot(index.hours[h]!, plan.slot.day, plan.slot.from, plan.slot.to) ? 1 : 0;
    plan.memo[h] = v;
  }
  return v === 1;
}

function flagCriteria(query: Query): { required: number; forbidden: number } {
  let required = 0;
  let forbidden = 0;
  const pairs: Array<[boolean | undefined, number]> = [
    [query.gratuit, FLAG_GRATUIT],
    [query.rdvEnLigne, FLAG_RDV_EN_LIGNE],
    [query.itinerant, FLAG_ITINERANT],
  ];
  for (const [wanted, flag] of pairs) {
    if (wanted === true) required |= flag;
    else if (wanted === false) forbidden |= flag;
  }
  return { required, forbidden };
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`Requête invalide : ${what} doit être un nombre.`);
  return value;
}

export function compilePlan(index: LieuIndex, query: Query, now: Date): Plan {
  let impossible = false;
  const sets = cachesOf(index).sets;
  // The cheap criteria are ANDed word by word into `candidates`; null while none applies.
  let candidates: BitSet | null = null;
  const and = (set: BitSet): void => {
    if (candidates === null) candidates = Uint32Array.from(set);
    else andInto(candidates, set);
  };

  const enumChecks: Array<{ field: EnumFilterField; masks: Uint32Array; want: number }> = [];
  for (const field of ENUM_FILTER_FIELDS) {
    const values = query[field];
    if (!values || values.length === 0) continue;
    const bits = bitsOf(field);
    let want = 0;
    for (const value of values) {
      const bit = bits.get(value);
      if (bit !== undefined) want |= 1 << bit;
    }
    if (want === 0) impossible = true;
    enumChecks.push({ field, masks: index.enumMasks[field], want: want >>> 0 });
    if (impossible) continue;
    const single = (want & (want - 1)) === 0;
    if (single) and(sets.enumValue(field, 31 - Math.clz32(want)));
    else {
      const anyOf = emptySet(index.size);
      for (let bit = 0; bit < 32; bit++) if ((want >>> bit) & 1) orInto(anyOf, sets.enumValue(field, bit));
      and(anyOf);
    }
  }

  const typologie = query.typologie !== undefined && query.typologie.length > 0;
  if (typologie && !impossible) {
    const anyOf = emptySet(index.size);
    for (const code of query.typologie!) orInto(anyOf, sets.typologie(code));
    and(anyOf);
  }

  const levels: Array<[string, readonly string[] | undefined, Int32Array, Int32Array | null, CodeTable]> = [
    ['region', query.regions, index.regionOf, null, index.regions],
    ['departement', query.departements, index.departementOf, null, index.departements],
    ['epci', query.epci, index.epciOf, null, index.epcis],
    // A commune code matches the lieu's own code INSEE or its parent commune (arrondissements).
    ['commune', query.communes, index.inseeOf, index.communeOf, index.communes],
  ];
  for (const [level, codes, of, alt, table] of levels) {
    if (!codes || codes.length === 0) continue;
    const allowed = allowedIds(table, codes);
    if (!allowed.includes(1)) impossible = true;
    if (impossible) continue;
    const anyOf = emptySet(index.size);
    for (let id = 0; id < allowed.length; id++) {
      if (allowed[id] === 1) orInto(anyOf, sets.territory(level, of, alt, id));
    }
    and(anyOf);
  }

  const { required: flagsRequired, forbidden: flagsForbidden } = flagCriteria(query);
  if (flagsRequired !== 0 && !impossible) and(sets.flag(flagsRequired));
  if (flagsForbidden !== 0 && !impossible) {
    for (const flag of [FLAG_GRATUIT, FLAG_RDV_EN_LIGNE, FLAG_ITINERANT]) {
      if ((flagsForbidden & flag) === 0) continue;
      if (candidates === null) candidates = fullSet(index.size);
      andNotInto(candidates, sets.flag(flag));
    }
  }

  let bbox: BBox | null = null;
  if (query.bbox) {
    const { west, south, east, north } = query.bbox;
    bbox = {
      west: finite(west, 'bbox.west'),
      south: finite(south, 'bbox.south'),
      east: finite(east, 'bbox.east'),
      north: finite(north, 'bbox.north'),
    };
  }

  let near: Plan['near'] = null;
  let maxA = Infinity;
  let maxDLat = Infinity;
  let radius = Infinity;
  if (query.near) {
    const lat = finite(query.near.lat, 'near.lat');
    const lon = finite(query.near.lon, 'near.lon');
    near = {
      lat,
      lon,
      sinLat: Math.sin(lat * RAD),
      cosLat: Math.cos(lat * RAD),
      sinLon: Math.sin(lon * RAD),
      cosLon: Math.cos(lon * RAD),
    };
    if (query.radiusKm !== undefined) {
      radius = finite(query.radiusKm, 'radiusKm');
      if (radius < 0) impossible = true;
      const half = radius / (2 * EARTH_RADIUS_KM);
      if (half < Math.PI / 2) {
        maxA = Math.sin(half) ** 2;
        // Great-circle distance is never shorter than the latitude difference along a meridian.
        maxDLat = radius / (EARTH_RADIUS_KM * RAD);
      }
    }
  }

  const textSet = query.q ? textMask(index, query.q) : null;
  if (textSet && !impossible) and(textSet);

  let openAt: Plan['openAt'] = null;
  if (query.openAt !== undefined) {
    const moment = parseOpenAt(query.openAt);
    if (!moment) throw new RangeError(`Requête invalide : date et heure « ${query.openAt} » illisibles.`);
    openAt = { moment, memo: openAtMemo(index, moment.key) };
  } else if (query.openNow === true) {
    const moment = nowMoment(now);
    openAt = { moment, memo: openAtMemo(index, moment.key) };
  }

  // Open at a moment: as a set once the moment is asked again with many lieux left to test (built once
  // per moment — each minute for « ouvert maintenant » —, then one AND); a moment asked once, or few
  // candidates, are tested lieu by lieu, so that only their hours are evaluated.
  let openInCandidates = false;
  if (openAt && !impossible) {
    const { memo, moment } = openAt;
    const cached = sets.openAtCached(moment.key);
    const askedBefore = sets.noteOpenAtAsked(moment.key);
    if (cached || (askedBefore && (candidates === null || sizeOf(candidates) > index.size / 32))) {
      and(cached ?? sets.openAt(moment.key, (i) => isOpenAtPosition(index, memo, moment, i)));
      openInCandidates = true;
    }
  }

  const slots =
    query.slots && query.slots.length > 0 ? query.slots.map((slot) => slotPlan(index, slot)) : null;
  const sort: SortOrder = near && query.sort !== 'name' ? 'distance' : 'name';

  return {
    impossible,
    enumChecks,
    typologie,
    candidates,
    bbox,
    near,
    radiusKm: radius,
    maxA,
    maxDLat,
    text: textSet !== null,
    openAt,
    openInCandidates,
    slots,
    sort,
  };
}

/** All matching positions, in name order. Shared by the list, the counts and the clusters. */
export function findMatches(index: LieuIndex, query: Query, now: Date = new Date()): Matches {
  return matchesOf(index, compilePlan(index, query, now));
}

function matchesOf(index: LieuIndex, plan: Plan): Matches {
  const n = index.size;
  // Scratch arrays reused across queries of this index (one query runs at a time; callers consume the
  // matches before the next query): allocating 12 bytes per lieu on every request kept the GC busy.
  const scratch = cachesOf(index).scratch;
  const positions = plan.impossible ? new Int32Array(0) : scratch.positions(n);
  const haversineA = plan.near ? scratch.distances(n) : null;
  if (plan.impossible) return { plan, positions, haversineA };

  const { candidates, bbox, near, maxA, maxDLat } = plan;
  const { lat, lon, trig, flags } = index;
  const needsCoordinates = bbox !== null || maxA !== Infinity;
  let count = 0;

  // Everything the per-lieu test reads, in locals: this runs for every candidate of every request.
  const { hoursOf, regimeOf } = index;
  const regimeCount = index.regimes.length;
  const openMemo = plan.openAt && !plan.openInCandidates ? plan.openAt.memo : null;
  const openMoment = plan.openAt ? plan.openAt.moment : null;
  const slots = plan.slots;
  const nearLat = near ? near.lat : 0;
  const sinLat = near ? near.sinLat : 0;
  const cosLat = near ? near.cosLat : 0;
  const sinLon = near ? near.sinLon : 0;
  const cosLon = near ? near.cosLon : 0;
  const distances = haversineA ?? new Float64Array(0);
  const perLieu = needsCoordinates || near !== null || openMemo !== null || slots !== null;

  // Positions are ranks in name order: ascending positions are name-sorted matches. First the lieux
  // passing the cheap criteria…
  if (candidates === null) {
    for (let i = 0; i < n; i++) positions[i] = i;
    count = n;
  } else {
    for (let w = 0; w < candidates.length; w++) {
      let word = candidates[w]!;
      while (word !== 0) {
        const low = word & -word;
        positions[count++] = (w << 5) + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }
  if (!perLieu) return { plan, positions: positions.subarray(0, count), haversineA };

  // … then, kept in place, those passing the lieu-by-lieu criteria (one loop, no call per lieu).
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = positions[k]!;
    const flag = flags[i]!;
    if (needsCoordinates && (flag & FLAG_COORDINATES) === 0) continue;
    if (bbox !== null) {
      const la = lat[i]!;
      const lo = lon[i]!;
      if (la < bbox.south || la > bbox.north) continue;
      const inLon =
        bbox.west <= bbox.east ? lo >= bbox.west && lo <= bbox.east : lo >= bbox.west || lo <= bbox.east;
      if (!inLon) continue;
    }
    if (near !== null) {
      if ((flag & FLAG_COORDINATES) === 0) distances[i] = Infinity;
      else {
        const la = lat[i]!;
        if (Math.abs(la - nearLat) > maxDLat) continue;
        // Haversine `a` from precomputed sines and cosines: (1 − cos Δφ)/2 + cos φ1 cos φ2 (1 − cos Δλ)/2.
        const t = 4 * i;
        const cosProduct = cosLat * trig[t + 1]!;
        const cosDLat = cosProduct + sinLat * trig[t]!;
        const cosDLon = cosLon * trig[t + 3]! + sinLon * trig[t + 2]!;
        const a = (1 - cosDLat) / 2 + (cosProduct * (1 - cosDLon)) / 2;
        if (a > maxA + A_TOLERANCE) continue;
        // Within rounding of the radius: decide with geo's own distance, as a caller would check it.
        if (a > maxA - A_TOLERANCE && haversineKm(near, { lat: la, lon: lon[i]! }) > plan.radiusKm) continue;
        distances[i] = a;
      }
    }
    if (openMemo !== null) {
      const h = hoursOf[i]!;
      if (h < 0) continue;
      const known = openMemo[h * regimeCount + regimeOf[i]!]!;
      if (known === 0 || (known < 0 && !isOpenAtPosition(index, openMemo, openMoment!, i))) continue;
    }
    if (slots !== null) {
      let open = false;
      for (let s = 0; s < slots.length && !open; s++) open = isOpenDuringPosition(index, slots[s]!, i);
      if (!open) continue;
    }
    positions[kept++] = i;
  }
  count = kept;
  return { plan, positions: positions.subarray(0, count), haversineA };
}

/**
 * The first `k` matches by (distance, name). A bounded max-heap keeps this O(n log k): a page near a
 * point never sorts the whole result set. Distances closer than the rounding of the fast formula are
 * compared with geo's exact `haversineKm`, so the order is the one that function gives.
 */
function nearestFirst(
  index: LieuIndex,
  near: LatLon,
  positions: Int32Array,
  haversineA: Float64Array,
  k: number,
): Int32Array {
  const exact = (i: number): number =>
    Number.isNaN(index.lat[i]!) ? Infinity : haversineKm(near, { lat: index.lat[i]!, lon: index.lon[i]! });
  const before = (x: number, y: number): boolean => {
    const ax = haversineA[x]!;
    const ay = haversineA[y]!;
    if (ax + 2 * A_TOLERANCE < ay) return true;
    if (ay + 2 * A_TOLERANCE < ax) return false;
    if (ax !== ay || ax !== Infinity) {
      const dx = exact(x);
      const dy = exact(y);
      if (dx !== dy) return dx < dy;
    }
    return x < y; // positions are name ranks
  };
  if (k >= positions.length) {
    return Int32Array.from(positions).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
  }
  const heap = new Int32Array(k);
  let size = 0;
  const siftDown = (): void => {
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const worse = right < size && before(heap[left]!, heap[right]!) ? right : left;
      if (!before(heap[at]!, heap[worse]!)) return;
      const tmp = heap[at]!;
      heap[at] = heap[worse]!;
      heap[worse] = tmp;
      at = worse;
    }
  };
  for (let p = 0; p < positions.length; p++) {
    const candidate = positions[p]!;
    if (size < k) {
      // Sift up: the heap's root is the worst kept candidate.
      let at = size++;
      heap[at] = candidate;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent]!, heap[at]!)) break;
        const tmp = heap[parent]!;
        heap[parent] = heap[at]!;
        heap[at] = tmp;
        at = parent;
      }
    } else if (k > 0) {
      // Most candidates are clearly farther than the worst kept one: rejected without a call.
      const a = haversineA[candidate]!;
      const worst = haversineA[heap[0]!]!;
      if (a > worst + 2 * A_TOLERANCE) continue;
      if (a + 2 * A_TOLERANCE < worst || before(candidate, heap[0]!)) {
        heap[0] = candidate;
        siftDown();
      }
    }
  }
  return heap.subarray(0, size).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
}

/** First pages sorted by distance look at this many lieux at most through the grid; deeper pages scan. */
const NEAREST_PAGE_MAX = 200;

/**
 * The first `end` matches by distance, through the grid, when the query allows it: sorted by distance
 * without radius or bbox, every other criterion already in the candidate set, a first page. Undefined
 * otherwise (the caller scans).
 */
function nearestPage(
  index: LieuIndex,
  plan: Plan,
  end: number,
): { total: number; page: Int32Array } | undefined {
  if (plan.impossible || plan.sort !== 'distance' || plan.near === null || plan.bbox !== null)
    return undefined;
  if (plan.maxA !== Infinity || plan.slots !== null || (plan.openAt !== null && !plan.openInCandidates)) {
    return undefined;
  }
  if (end > NEAREST_PAGE_MAX || end <= 0) return undefined;
  const caches = cachesOf(index);
  const located = caches.sets.flag(FLAG_COORDINATES);
  const members = plan.candidates;
  // Lieux without coordinates come last: the grid only helps when the page holds located lieux only.
  if ((members === null ? sizeOf(located) : sizeOfBoth(members, located)) < end) return undefined;
  caches.grid ??= buildGrid(index);
  const haversineA = caches.scratch.distances(index.size);
  const gathered = gatherNearest(index, caches.grid, plan.near, members, end, haversineA, A_TOLERANCE);
  if (!gathered) return undefined;
  return {
    total: members === null ? index.size : sizeOf(members),
    page: nearestFirst(index, plan.near, gathered, haversineA, end),
  };
}

function clampInteger(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(0, Math.floor(value)));
}

/** « 9 h », « 9 h 30 », « 24 h » — the French way to write a time of day. */
export function frenchTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** « 2,3 km » under 10 km, « 12 km » above: the precision a person needs. */
export function frenchDistance(km: number): string {
  return km < 10 ? `${km.toFixed(1).replace('.', ',')} km` : `${Math.round(km)} km`;
}

function slotLabel(slot: Slot): string {
  return `ouvert ${FRENCH_WEEKDAYS[slot.day]} entre ${frenchTime(slot.from)} et ${frenchTime(slot.to)}`;
}

function dateLabel(moment: OpenAtMoment): string {
  const t = wallClockOf(moment);
  return `ouvert le ${FRENCH_WEEKDAYS[t.weekday]} ${t.day} ${FRENCH_MONTHS[t.month - 1]} ${t.year} à ${frenchTime(t.minutes)}`;
}

/** Binary search in ascending positions (a typologie's list may hold most of the index). */
function sortedHas(list: Int32Array | undefined, value: number): boolean {
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function territoryLabel(label: string, table: CodeTable, ids: number[], wanted: readonly string[]): string {
  const codes = ids.filter((id) => id >= 0).map((id) => table.codes[id]!);
  const kept = [...new Set(codes.filter((code) => wanted.includes(code)))];
  return `${label}: ${kept.join(', ')}`;
}

const ENUM_LABELS = new Map<EnumFilterField, Map<number, string>>(
  ENUM_FILTER_FIELDS.map((field) => [field, new Map()]),
);

/** « services: A, B »: the values of a field a lieu holds among those asked (few: kept once made). */
function enumLabel(field: EnumFilterField, common: number): string {
  const labels = ENUM_LABELS.get(field)!;
  let label = labels.get(common);
  if (label === undefined) {
    const values = ENUM_FILTERS[field] as readonly string[];
    label = `${field}: ${values.filter((_, bit) => (common >>> bit) & 1).join(', ')}`;
    // Combinations of asked values a lieu holds: in practice a few per field.
    if (labels.size < 1024) labels.set(common, label);
  }
  return label;
}

/** Why lieu `i` matches `query`, one plain-French entry per active criterion. */
function reasons(
  index: LieuIndex,
  query: Query,
  plan: Plan,
  i: number,
  distanceKm: number | undefined,
): string[] {
  const out: string[] = [];
  for (const check of plan.enumChecks) out.push(enumLabel(check.field, check.masks[i]! & check.want));
  if (plan.typologie && query.typologie) {
    const kept = query.typologie.filter((code) => sortedHas(index.typologies.get(code), i));
    out.push(`typologie: ${[...new Set(kept)].join(', ')}`);
  }
  if (query.regions?.length)
    out.push(territoryLabel('région', index.regions, [index.regionOf[i]!], query.regions));
  if (query.departements?.length) {
    out.push(
      territoryLabel('département', index.departements, [index.departementOf[i]!], query.departements),
    );
  }
  if (query.epci?.length) out.push(territoryLabel('EPCI', index.epcis, [index.epciOf[i]!], query.epci));
  if (query.communes?.length) {
    out.push(
      territoryLabel('commune', index.communes, [index.inseeOf[i]!, index.communeOf[i]!], query.communes),
    );
  }
  if (plan.text && query.q) out.push(`recherche: ${query.q.trim()}`);
  if (query.openAt !== undefined && plan.openAt) out.push(dateLabel(plan.openAt.moment));
  else if (plan.openAt) out.push('ouvert maintenant');
  if (plan.slots) {
    for (const slotPlanned of plan.slots) {
      if (isOpenDuringPosition(index, slotPlanned, i)) out.push(slotLabel(slotPlanned.slot));
    }
  }
  const flag = index.flags[i]!;
  if (query.gratuit !== undefined) out.push(query.gratuit ? 'gratuit' : 'non indiqué comme gratuit');
  if (query.rdvEnLigne !== undefined)
    out.push(query.rdvEnLigne ? 'prise de RDV en ligne' : 'sans prise de RDV en ligne');
  if (query.itinerant !== undefined) out.push(query.itinerant ? 'itinérant' : 'non itinérant');
  if (plan.bbox) out.push('dans la zone de la carte');
  if (distanceKm !== undefined) {
    const itinerant = (flag & FLAG_ITINERANT) !== 0;
    out.push(
      itinerant ? `itinérant, basé à ${frenchDistance(distanceKm)}` : `à ${frenchDistance(distanceKm)}`,
    );
  }
  return out;
}

/**
 * Filters, sorts and paginates. Lieux without known hours never match hour criteria; lieux without
 * coordinates never match `bbox` or `radiusKm` and come last when sorted by distance. An itinerant lieu
 * is placed at its base address: it matches `near`/`radiusKm` when that address is within the radius.
 */
export function runQuery(index: LieuIndex, query: Query, options: RunOptions = {}): QueryResult {
  const now = options.now ?? new Date();
  const plan = compilePlan(index, query, now);
  const offset = clampInteger(query.offset, 0, Number.MAX_SAFE_INTEGER);
  const limit = clampInteger(query.limit, DEFAULT_LIMIT, MAX_LIMIT);

  let page: Int32Array | undefined;
  let total = 0;
  const nearby = nearestPage(index, plan, offset + limit);
  if (nearby) {
    total = nearby.total;
    page = nearby.page.subarray(Math.min(offset, nearby.page.length));
  } else {
    const { positions, haversineA } = matchesOf(index, plan);
    total = positions.length;
    const end = Math.min(positions.length, offset + limit);
    if (offset >= end) page = new Int32Array(0);
    else if (plan.sort === 'distance' && haversineA) {
      page = nearestFirst(index, plan.near!, positions, haversineA, end).subarray(offset, end);
    } else page = positions.subarray(offset, end);
  }

  const current = nowMoment(now);
  const nowMemo = openAtMemo(index, current.key);
  const items: QueryItem[] = [];
  for (const i of page) {
    const item: QueryItem = { lieu: index.lieux[i]!, position: i, matched: [] };
    if (plan.near && (index.flags[i]! & FLAG_COORDINATES) !== 0) {
      item.distanceKm = haversineKm(plan.near, { lat: index.lat[i]!, lon: index.lon[i]! });
    }
    if (index.hoursOf[i]! >= 0) item.openNow = isOpenAtPosition(index, nowMemo, current, i);
    item.matched = reasons(index, query, plan, i, item.distanceKm);
    items.push(item);
  }
  return { total, items };
}

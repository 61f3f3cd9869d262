/**
 * The dataset the server answers from: one immutable `DatasetState` per published version (index built
 * once, JSON fragments and compressed snapshot computed on first use), held by a `DatasetHolder` that
 * swaps to a new version atomically when the store announces one. A request takes `holder.current` once
 * and keeps it to the end, so a swap never changes data under an in-flight request.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import {
  compileHours,
  describeStatus,
  holidayRegion,
  isOpenAt,
  timeZoneForInsee,
  weeklySummary,
} from '../core/hours/index.js';
import type { CompiledHours } from '../core/hours/index.js';
import { buildIndex } from '../core/query/index.js';
import type { LieuIndex, TerritoryInfo, TerritoryResolver } from '../core/query/index.js';
import { encodeDatasetSnapshot } from '../core/snapshot/index.js';
import { FIELDS } from '../core/standard/fields.js';
import { LIST_SEPARATOR } from '../core/standard/model.js';
import type { Dataset, DatasetLieuRow, DatasetStats, Store } from '../store/index.js';
import { REPEATED_FIELDS } from '../store/share.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Bumped when the JSON shape of responses changes, so that caches never mix two shapes under one ETag. */
export const API_SHAPE = 1;

/**
 * A body compressed ahead of time. The uncompressed bytes are not kept (3.6 MB for the snapshot of
 * 20,000 lieux, held for the rare client that accepts no compression): they are inflated from gzip on
 * demand (`sendPrecompressed`).
 */
export interface CompressedBody {
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** Compresses once, off the main thread (zlib's thread pool), for bodies served many times. */
export async function compressOnce(text: string | Buffer, etag: string): Promise<CompressedBody> {
  const identity = typeof text === 'string' ? Buffer.from(text) : text;
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
  return { gzip: gz, br, etag };
}

/**
 * Fields with few distinct values (strings shared between lieux by the store's read) whose member
 * text is remembered per value: no split, trim or escaping for lists of services and the like.
 */
const MEMOIZED_FIELDS = new Set(
  REPEATED_FIELDS.filter(
    (f) => !['horaires', 'structure_parente', 'autres_formations_labels', 'complement_adresse'].includes(f),
  ),
);
/** Most values remembered per field: beyond, the text is computed each time. */
const MEMO_LIMIT = 4096;

const STRING = 0;
const NUMBER = 1;
const LIST = 2;

/**
 * The members of the typed lieu (`toLieu` in core/standard), in its order, written straight from the
 * flat record: the same JSON as `JSON.stringify(toLieu(record))` without building the object.
 */
const LIEU_MEMBERS = FIELDS.filter((field) => field.name !== 'id').map((field) => ({
  name: field.name,
  key: `,${JSON.stringify(field.name)}:`,
  kind: field.type === 'number' ? NUMBER : field.list ? LIST : STRING,
  detailOnly: field.name === 'presentation_detail',
  memoized: MEMOIZED_FIELDS.has(field.name),
}));
type LieuMember = (typeof LIEU_MEMBERS)[number];

/** The member's text (`,"name":value`), or '' when `toLieu` leaves the field out. */
function memberText(member: LieuMember, value: string | undefined): string {
  const raw = value?.trim();
  if (raw === undefined || raw === '') return '';
  if (member.kind === STRING) return member.key + JSON.stringify(raw);
  if (member.kind === NUMBER) {
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? member.key + JSON.stringify(n) : '';
  }
  const list = listJson(raw);
  return list === undefined ? '' : member.key + list;
}

/** `JSON.stringify(splitList(raw))`, or undefined for a list with no item. */
function listJson(raw: string): string | undefined {
  let out: string | undefined;
  for (const part of raw.split(LIST_SEPARATOR)) {
    const item = part.trim();
    if (!item) continue;
    out = out === undefined ? `[${JSON.stringify(item)}` : `${out},${JSON.stringify(item)}`;
  }
  return out === undefined ? undefined : `${out}]`;
}

/**
 * List items kept (the most recently built, ≈ 2 KB each, as UTF-8 bytes: half the memory of the
 * two-byte strings most of them would be, and no encoding per request): pages reuse them, memory stays
 * bounded.
 */
export const FRAGMENT_CACHE_SIZE = 2048;

/** Everything served for one published version. Immutable once built. */
export class DatasetState {
  readonly version: number;
  readonly publishedAt: string;
  readonly stats: DatasetStats;
  readonly sourceId: string | undefined;
  /** The lieux in the index's order: `rows[position]`. */
  readonly rows: readonly DatasetLieuRow[];
  readonly index: LieuIndex;
  /** Territory of each lieu, by position; undefined when its code INSEE is missing or unknown. */
  readonly territories: ReadonlyArray<TerritoryInfo | undefined>;
  readonly loadedAt: Date;
  /** Prefix of every ETag derived from this version. */
  readonly etagBase: string;
  readonly buildMs: number;
  /** `,"departement":…,"region":…,"epci":…` of each lieu, shared by lieux of one commune. */
  private readonly territoryMembers: string[];
  private readonly fragments = new Map<number, Buffer>();
  private readonly fragmentCacheSize: number;
  /** JSON of the small objects of quality details, shared between lieux by the store's read. */
  private readonly detailTexts = new Map<object, { key: string; member: string }>();
  /** Per member of LIEU_MEMBERS (memoized ones): record value → member text. */
  private readonly memberMemos: Array<Map<string, string> | undefined> = [];
  private readonly compiledHours = new Map<string, CompiledHours | null>();
  private snapshotBody: Promise<CompressedBody> | undefined;
  private hoursViews = new Map<string, string>();
  private hoursViewsMinute = -1;

  constructor(
    dataset: Dataset,
    private readonly territory: TerritoryResolver,
    options: { fragmentCacheSize?: number } = {},
  ) {
    const started = performance.now();
    this.fragmentCacheSize = Math.max(1, options.fragmentCacheSize ?? FRAGMENT_CACHE_SIZE);
    this.version = dataset.version;
    this.publishedAt = dataset.publishedAt;
    this.stats = dataset.stats;
    this.sourceId = dataset.sourceId;
    const cache = new Map<string, TerritoryInfo | undefined>();
    const resolve: TerritoryResolver = (insee) => {
      if (cache.has(insee)) return cache.get(insee);
      const info = territory(insee);
      cache.set(insee, info);
      return info;
    };
    this.index = buildIndex(dataset.lieux, { territory: resolve });
    // Positions everywhere are the index's (it orders lieux its own way).
    this.rows = this.index.lieux as readonly DatasetLieuRow[];
    this.territories = this.rows.map((row) => {
      const insee = (row.record.code_insee ?? '').trim();
      return insee ? resolve(insee) : undefined;
    });
    // One flat string per distinct territory (the codes of a commune's lieux are the same).
    const members = new Map<string, string>();
    this.territoryMembers = this.territories.map((t) => {
      const codes = [t?.departement ?? null, t?.region ?? null, t?.epci ?? null].map((c) =>
        JSON.stringify(c),
      );
      const key = codes.join(',');
      let text = members.get(key);
      if (text === undefined) {
        text = [',"departement":', codes[0], ',"region":', codes[1], ',"epci":', codes[2]].join('');
        members.set(key, text);
      }
      return text;
    });
    this.loadedAt = new Date();
    this.etagBase = `r${API_SHAPE}v${this.version}`;
    this.buildMs = performance.now() - started;
  }

  get size(): number {
    return this.rows.length;
  }

  position(id: string): number | undefined {
    return this.index.positionById.get(id);
  }

  /**
   * The list item of a lieu as UTF-8 JSON without its closing brace: the typed lieu (without the long
   * `presentation_detail`), its territory, quality score and sources. The per-request part (distance,
   * open now, why it matched) is appended by the route. The most recent ones are kept, the others
   * rebuilt from the record (a few microseconds), so that memory does not grow with every lieu served.
   */
  itemFragment(position: number): Buffer {
    let fragment = this.fragments.get(position);
    if (fragment === undefined) {
      const row = this.rows[position]!;
      const sources = row.sources === undefined ? '' : `,"sources":${JSON.stringify(row.sources)}`;
      fragment = Buffer.from(
        this.lieuJson(position, false) + ',"qualite":' + JSON.stringify(row.quality?.score ?? null) + sources,
      );
      if (this.fragments.size >= this.fragmentCacheSize) {
        this.fragments.delete(this.fragments.keys().next().value!);
      }
      this.fragments.set(position, fragment);
    }
    return fragment;
  }

  /** How many list items are kept (at most the cache size). */
  get cachedFragments(): number {
    return this.fragments.size;
  }

  /**
   * The typed lieu with the national id first and its territory codes, as JSON text without its closing
   * brace; `presentation_detail` only with `detail`. Written from the record, no intermediate object.
   */
  lieuJson(position: number, detail: boolean): string {
    const row = this.rows[position]!;
    const record = row.record;
    // Pieces joined once: a flat string, not a rope of some forty pieces kept in the cache.
    const parts = ['{"id":', JSON.stringify(row.id)];
    for (let m = 0; m < LIEU_MEMBERS.length; m++) {
      const member = LIEU_MEMBERS[m]!;
      if (member.detailOnly && !detail) continue;
      const value = record[member.name];
      if (value === undefined || value === '') continue;
      if (!member.memoized) {
        parts.push(memberText(member, value));
        continue;
      }
      const memo = (this.memberMemos[m] ??= new Map());
      let text = memo.get(value);
      if (text === undefined) {
        text = memberText(member, value);
        if (memo.size < MEMO_LIMIT) memo.set(value, text);
      }
      parts.push(text);
    }
    parts.push(this.territoryMembers[position]!);
    return parts.join('');
  }

  /**
   * `JSON.stringify(row.quality ?? null)`, the text of each shared detail object remembered (the
   * details of thousands of lieux are made of a few hundred distinct objects).
   */
  qualityJson(position: number): string {
    const quality = this.rows[position]!.quality as unknown as Record<string, unknown> | undefined | null;
    if (quality === undefined || quality === null) return 'null';
    const details = quality.details;
    if (typeof details !== 'object' || details === null || Array.isArray(details))
      return JSON.stringify(quality);
    const parts: string[] = [];
    for (const key of Object.keys(quality)) {
      const value = quality[key];
      const text =
        value === details ? this.detailsJson(details as Record<string, unknown>) : JSON.stringify(value);
      // Like JSON.stringify: members whose value has no JSON (undefined) are left out.
      if (text !== undefined) parts.push(JSON.stringify(key), ':', text, ',');
    }
    parts.pop();
    return `{${parts.join('')}}`;
  }

  private detailsJson(details: Record<string, unknown>): string {
    let out = '';
    for (const key of Object.keys(details)) {
      const value = details[key];
      let member: string | undefined;
      if (typeof value === 'object' && value !== null) {
        // Remembered per shared object with its key (the same object under another key is written afresh).
        const known = this.detailTexts.get(value);
        if (known !== undefined && known.key === key) member = known.member;
        else {
          const text = JSON.stringify(value);
          member = text === undefined ? undefined : `${JSON.stringify(key)}:${text}`;
          if (member !== undefined && this.detailTexts.size < MEMO_LIMIT)
            this.detailTexts.set(value, { key, member });
        }
      } else {
        const text = JSON.stringify(value);
        if (text !== undefined) member = `${JSON.stringify(key)}:${text}`;
      }
      if (member !== undefined) out = out ? `${out},${member}` : member;
    }
    return `{${out}}`;
  }

  /** Compiled hours of a lieu (`null` when absent or not understood), compiled once per distinct text. */
  hoursOf(position: number): CompiledHours | null {
    const text = (this.rows[position]!.record.horaires ?? '').trim();
    if (!text) return null;
    let compiled = this.compiledHours.get(text);
    if (compiled === undefined) {
      const result = compileHours(text);
      compiled = result.ok ? result.hours : null;
      this.compiledHours.set(text, compiled);
    }
    return compiled;
  }

  /**
   * The lieu's hours at `now` as JSON members (no braces): `horaires_valides`, and when readable
   * `ouvert_maintenant` and this week's hours (`semaine`), then `statut` in plain French. The answer
   * depends only on the hours text, the lieu's calendar (public holidays, time zone) and the minute,
   * so lieux sharing them share one computation.
   */
  hoursView(position: number, now: Date): string {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.hoursViewsMinute) {
      this.hoursViews = new Map();
      this.hoursViewsMinute = minute;
    }
    const record = this.rows[position]!.record;
    const text = (record.horaires ?? '').trim();
    const insee = (record.code_insee ?? '').trim() || undefined;
    const key = `${text}\u0000${holidayRegion(insee)}\u0000${timeZoneForInsee(insee).name}`;
    let view = this.hoursViews.get(key);
    if (view === undefined) {
      const hours = this.hoursOf(position);
      const opts = insee ? { codeInsee: insee } : undefined;
      const members: Record<string, unknown> = { horaires_valides: hours !== null };
      if (hours) {
        members.ouvert_maintenant = isOpenAt(hours, now, opts);
        members.semaine = weeklySummary(hours, now, opts);
      }
      members.statut = text && !hours ? 'Horaires à confirmer' : describeStatus(hours, now, opts);
      view = JSON.stringify(members).slice(1, -1);
      this.hoursViews.set(key, view);
    }
    return view;
  }

  /** The browser snapshot, compressed once per version (gzip and brotli), off the event loop. */
  snapshot(): Promise<CompressedBody> {
    this.snapshotBody ??= (async () => {
      const text = JSON.stringify(
        encodeDatasetSnapshot({
          version: this.version,
          publishedAt: this.publishedAt,
          lieux: this.rows,
          territory: (insee) => this.territory(insee),
        }),
      );
      return compressOnce(text, `"${this.etagBase}-snapshot"`);
    })();
    // A failure must not be cached forever: the next request tries again.
    this.snapshotBody.catch(() => {
      this.snapshotBody = undefined;
    });
    return this.snapshotBody;
  }
}

export type HolderStatus = 'starting' | 'empty' | 'ready';

/**
 * Keeps the current `DatasetState` in step with the store's published version. Loads are serialised;
 * a failed load keeps the previous version and is retried.
 */
export class DatasetHolder {
  private state: DatasetState | undefined;
  private stopWatching: (() => void) | undefined;
  private loading: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private firstLoad: Promise<void> | undefined;
  private readonly listeners = new Set<(state: DatasetState) => void>();
  status: HolderStatus = 'starting';
  lastError: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly territory: TerritoryResolver,
    private readonly log: Logger,
    private readonly retryMs = 5000,
  ) {}

  get current(): DatasetState | undefined {
    return this.state;
  }

  get ready(): boolean {
    return this.state !== undefined;
  }

  /** Called after each swap (e.g. to warm the snapshot). */
  onSwap(listener: (state: DatasetState) => void): void {
    this.listeners.add(listener);
  }

  /** First load, then follows the store's published version. Resolves after the first load attempt. */
  start(): Promise<void> {
    this.firstLoad ??= (async () => {
      await this.refresh();
      if (this.closed) return;
      try {
        this.stopWatching = await this.store.watchVersion(() => void this.refresh());
      } catch (error) {
        this.log.error({ err: error }, 'Suivi des versions du jeu de données impossible.');
        this.scheduleRetry();
      }
    })();
    return this.firstLoad;
  }

  /** Loads the published version if it differs from the current one. Concurrent calls coalesce. */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        await this.loadOnce();
      } while (this.again && !this.closed);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<void> {
    try {
      const published = await this.store.currentVersion();
      if (published === undefined) {
        if (!this.state) this.status = 'empty';
        return;
      }
      if (published === this.state?.version) return;
      const started = performance.now();
      const dataset = await this.store.currentDataset();
      if (!dataset || this.closed) return;
      if (dataset.version === this.state?.version) return;
      const next = new DatasetState(dataset, this.territory);
      const previous = this.state?.version;
      this.state = next;
      this.status = 'ready';
      this.lastError = undefined;
      this.log.info(
        {
          version: next.version,
          previousVersion: previous ?? null,
          lieux: next.size,
          indexMs: Math.round(next.buildMs),
          totalMs: Math.round(performance.now() - started),
          rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
        },
        previous === undefined
          ? `Jeu de données version ${next.version} chargé (${next.size} lieux).`
          : `Nouvelle version ${next.version} du jeu de données servie (${next.size} lieux), à la place de la version ${previous}.`,
      );
      for (const listener of this.listeners) {
        try {
          listener(next);
        } catch (error) {
          this.log.warn({ err: error }, 'Un abonné au changement de version a échoué.');
        }
      }
    } catch (error) {
      this.lastError = (error as Error)?.message ?? String(error);
      this.log.error(
        { err: error },
        this.state
          ? `Chargement de la nouvelle version impossible ; la version ${this.state.version} reste servie.`
          : 'Chargement du jeu de données impossible ; nouvel essai sous peu.',
      );
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refresh();
      if (!this.stopWatching && !this.closed) {
        this.store
          .watchVersion(() => void this.refresh())
          .then((stop) => {
            if (this.closed) stop();
            else this.stopWatching = stop;
          })
          .catch(() => this.scheduleRetry());
      }
    }, this.retryMs);
    this.retryTimer.unref();
  }

  /** Stops following the store (does not close it). Waits for a load in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopWatching?.();
    this.stopWatching = undefined;
    await this.loading?.catch(() => undefined);
  }
}

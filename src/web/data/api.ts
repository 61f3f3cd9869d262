/**
 * Everything the app downloads: run-time settings (`/config.json`), the dataset snapshot, the map's
 * reference geography and (on demand) the gazetteer. The service worker keeps the last copy of each,
 * so the app opens offline with the last dataset; it marks such answers with `x-repere-offline`.
 */
import { buildIndex, formatQueryParams } from '../../core/query/index.js';
import type { LieuIndex, Query, QueryItem } from '../../core/query/index.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { decodeDatasetSnapshot } from '../../core/snapshot/index.js';

export interface AppConfig {
  apiBase: string;
  mapStyleUrl: string | null;
}

export class LoadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/** Fetches JSON, with a plain-French error naming what failed. */
export async function fetchJson<T>(
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<{ body: T; offline: boolean }> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new LoadError(`${what} : serveur injoignable`);
  }
  return readJson<T>(response, what);
}

async function readJson<T>(response: Response, what: string): Promise<{ body: T; offline: boolean }> {
  if (!response.ok) {
    let detail = `erreur ${response.status}`;
    try {
      const problem = (await response.json()) as { detail?: string };
      if (problem.detail) detail = problem.detail;
    } catch {
      // not a problem+json body
    }
    throw new LoadError(`${what} : ${detail}`, response.status);
  }
  return { body: (await response.json()) as T, offline: response.headers.get('x-repere-offline') === '1' };
}

let configPromise: Promise<AppConfig> | undefined;

/** `/config.json`, or defaults when it cannot be read (the app still works on its own origin). */
export function loadConfig(): Promise<AppConfig> {
  configPromise ??= fetchJson<Partial<AppConfig>>('/config.json', 'configuration')
    .then(({ body }) => ({
      apiBase: typeof body.apiBase === 'string' && body.apiBase ? body.apiBase.replace(/\/$/, '') : '/api/v1',
      mapStyleUrl: typeof body.mapStyleUrl === 'string' && body.mapStyleUrl ? body.mapStyleUrl : metaStyleUrl(),
    }))
    .catch(() => ({ apiBase: '/api/v1', mapStyleUrl: metaStyleUrl() }));
  return configPromise;
}

/** A local version can also set the style in its HTML: `<meta name="repere:map-style" content="…">`. */
function metaStyleUrl(): string | null {
  if (typeof document === 'undefined') return null;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="repere:map-style"]');
  return meta?.content || null;
}

export interface Dataset {
  index: LieuIndex;
  version: number;
  publishedAt: string;
  /** Served by the service worker from its cache: the network was not reachable. */
  offline: boolean;
}

let datasetPromise: Promise<Dataset> | undefined;

/** Longest wait for `after` before indexing anyway. */
const AFTER_TIMEOUT_MS = 2000;

export interface LoadDatasetOptions {
  /**
   * Download at once, but parse and index only after this settles (or 2 s): reading 20,000 lieux
   * holds the main thread for a moment, which should not delay the first page from the server.
   */
  after?: Promise<unknown>;
}

/** The snapshot, decoded and indexed once per page. */
export function loadDataset(options: LoadDatasetOptions = {}): Promise<Dataset> {
  datasetPromise ??= (async () => {
    const { apiBase } = await loadConfig();
    performance.mark('repere:snapshot-requested');
    let response: Response;
    try {
      response = await fetch(`${apiBase}/snapshot`, { headers: { accept: 'application/json' } });
    } catch {
      throw new LoadError('jeu de données : serveur injoignable');
    }
    if (options.after) {
      await Promise.race([options.after.catch(() => undefined), new Promise((r) => setTimeout(r, AFTER_TIMEOUT_MS))]);
    }
    const { body, offline } = await readJson<unknown>(response, 'jeu de données');
    performance.mark('repere:snapshot-parsed');
    const decoded = decodeDatasetSnapshot(body);
    performance.mark('repere:snapshot-decoded');
    const index = buildIndex(decoded.lieux, { territory: decoded.territory });
    performance.mark('repere:index-built');
    return { index, version: decoded.version, publishedAt: decoded.publishedAt, offline };
  })();
  datasetPromise.catch(() => (datasetPromise = undefined));
  return datasetPromise;
}

/** A lieu of the API's list (`GET /api/v1/lieux`): the standard's fields, lists as arrays. */
export type ApiListItem = Record<string, unknown> & {
  id: string;
  distance_km?: number;
  ouvert_maintenant?: boolean;
  correspondances?: string[];
};

/** Back to the standard's flat record (lists joined with `|`), as the snapshot holds it. */
export function recordFromApi(item: Record<string, unknown>): FlatRecord {
  const record: FlatRecord = {};
  for (const [key, value] of Object.entries(item)) {
    if (typeof value === 'string') record[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) record[key] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) record[key] = value.join('|');
  }
  return record;
}

export interface FirstPage {
  total: number;
  items: QueryItem[];
}

/**
 * The first results from the server, while the snapshot downloads and is indexed: the same engine
 * answers there, so the page shows the same lieux in the same order a second or two earlier.
 */
export async function loadFirstPage(query: Query, limit: number, signal?: AbortSignal): Promise<FirstPage> {
  const { apiBase } = await loadConfig();
  const params = formatQueryParams({ ...query, offset: 0, limit });
  const { body } = await fetchJson<{ total: number; lieux: ApiListItem[] }>(
    `${apiBase}/lieux?${params.toString()}`,
    'lieux',
    signal,
  );
  return {
    total: body.total,
    items: body.lieux.map((item) => {
      // The answer's own fields are not the lieu's.
      const { distance_km, ouvert_maintenant, correspondances, qualite, sources, ...fields } = item;
      const result: QueryItem = { lieu: { id: item.id, record: recordFromApi(fields) }, matched: correspondances ?? [] };
      if (typeof distance_km === 'number') result.distanceKm = distance_km;
      if (typeof ouvert_maintenant === 'boolean') result.openNow = ouvert_maintenant;
      if (typeof qualite === 'number') result.lieu.quality = { score: qualite };
      if (Array.isArray(sources)) result.lieu.sources = sources.filter((v): v is string => typeof v === 'string');
      return result;
    }),
  };
}

/**
 * Everything the app downloads: run-time settings (`/config.json`), the dataset snapshot, the map's
 * reference geography and (on demand) the gazetteer. The service worker keeps the last copy of each,
 * so the app opens offline with the last dataset; it marks such answers with `x-repere-offline`.
 */
import { buildIndex } from '../../core/query/index.js';
import type { LieuIndex } from '../../core/query/index.js';
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
export async function fetchJson<T>(url: string, what: string, signal?: AbortSignal): Promise<{ body: T; offline: boolean }> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new LoadError(`${what} : serveur injoignable`);
  }
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

/** The snapshot, decoded and indexed once per page. */
export function loadDataset(): Promise<Dataset> {
  datasetPromise ??= (async () => {
    const { apiBase } = await loadConfig();
    performance.mark('repere:snapshot-requested');
    const { body, offline } = await fetchJson<unknown>(`${apiBase}/snapshot`, 'jeu de données');
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

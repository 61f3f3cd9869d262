/**
 * Production geocoder: the IGN Géoplateforme (BAN addresses), https://data.geopf.fr/geocodage.
 * - one address: `GET /search?q=…&postcode=…&citycode=…&limit=1` (GeoJSON features with
 *   `properties.score`, `type`, `label`, `citycode`);
 * - many addresses: `POST /search/csv` (multipart: a CSV `data` file, `columns`, `postcode`, `citycode`),
 *   answering the same CSV with `latitude`, `longitude`, `result_score`, `result_type`, `result_label`,
 *   `result_citycode`, `result_status`… appended.
 * Requests are paced to 50/s (the service's limit per address), retried with exponential backoff on
 * 429 and 5xx (honouring `Retry-After`), and answers are cached. A result is accepted only when its
 * score reaches `minScore` and it lies in the record's commune (code INSEE) when that is known;
 * otherwise the request fails with the reason, and the caller falls back to the commune's centre.
 */
import { parseCsv, stringifyCsvRow } from '../../core/standard/csv.js';
import type { CachedAnswer, GeocodeCache } from './cache.js';
import { TokenBucket } from './rate-limit.js';
import {
  systemClock,
  type Clock,
  type GeocodeFailure,
  type GeocodeHit,
  type GeocodePrecision,
  type Geocoder,
  type GeocodeRequest,
  type GeocodeResult,
} from './types.js';

export const GEOPLATEFORME_URL = 'https://data.geopf.fr/geocodage';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface GeoplateformeOptions {
  /** Injectable for tests (recorded answers); defaults to the global fetch. */
  fetch?: FetchLike;
  baseUrl?: string;
  /** Lowest accepted score (default 0.6). */
  minScore?: number;
  /** Default 50, the service's limit. */
  requestsPerSecond?: number;
  clock?: Clock;
  cache?: GeocodeCache;
  /** Cached answers older than this are asked again (default 365 days). */
  cacheMaxAgeDays?: number;
  /** Retries after the first attempt on 429, 5xx and network errors (default 4). */
  maxRetries?: number;
  /** First backoff delay; doubles at each retry (default 1 s). */
  retryBaseMs?: number;
  /** Uncached addresses from which the batch CSV endpoint is used instead of single requests (default 200). */
  csvThreshold?: number;
  /** Addresses per CSV request (default 5,000; the service accepts files up to 50 MB). */
  csvChunkSize?: number;
  /** Single requests in flight (default 8). */
  concurrency?: number;
  /** Per-request timeout (default 30 s for single requests, 5 min for CSV). */
  timeoutMs?: number;
  csvTimeoutMs?: number;
}

/** A service outage: not the address's fault, never cached. */
class TransientError extends Error {}

interface Query {
  cacheKey: string;
  q: string;
  adresse: string;
  commune: string;
  postcode: string;
  citycode: string;
}

const PRECISIONS: Readonly<Record<string, GeocodePrecision>> = {
  housenumber: 'housenumber',
  street: 'street',
  locality: 'locality',
  municipality: 'municipality',
};

/** Paris, Lyon, Marseille: an arrondissement's code and its commune's designate the same commune. */
function communeOf(code: string): string {
  if (/^751(?:0[1-9]|1\d|20)$/.test(code)) return '75056';
  if (/^6938[1-9]$/.test(code)) return '69123';
  if (/^132(?:0[1-9]|1[0-6])$/.test(code)) return '13055';
  return code;
}

export function sameCommune(expected: string, citycode?: string, oldcitycode?: string): boolean {
  const e = communeOf(expected.trim().toUpperCase());
  return [citycode, oldcitycode].some((c) => c !== undefined && c !== '' && communeOf(c.toUpperCase()) === e);
}

function queryOf(req: GeocodeRequest): Query {
  const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
  const adresse = clean(req.adresse);
  const commune = clean(req.commune);
  const postcode = clean(req.codePostal);
  const citycode = clean(req.codeInsee).toUpperCase();
  // The commune's name helps the score; the codes are filters. The service refuses q over 200 characters.
  const q = `${adresse} ${commune}`.trim().slice(0, 200);
  return {
    cacheKey: `v1|${q.toLowerCase()}|${postcode}|${citycode}`,
    q,
    adresse,
    commune,
    postcode,
    citycode,
  };
}

function num(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

/** The first feature of a /search answer, as a cache entry. */
export function answerFromGeoJson(body: unknown, at: number): CachedAnswer {
  const features = (body as { features?: unknown })?.features;
  if (!Array.isArray(features))
    throw new TransientError('réponse inattendue du service (pas de « features »)');
  const f = features[0] as
    { geometry?: { coordinates?: unknown }; properties?: Record<string, unknown> } | undefined;
  if (!f) return { found: false, at };
  const coords = Array.isArray(f.geometry?.coordinates) ? (f.geometry!.coordinates as unknown[]) : [];
  const lon = num(coords[0]);
  const lat = num(coords[1]);
  const p = f.properties ?? {};
  if (lat === undefined || lon === undefined) return { found: false, at };
  return {
    found: true,
    lat,
    lon,
    type: str(p.type),
    score: num(p.score),
    label: str(p.label),
    citycode: str(p.citycode),
    oldcitycode: str(p.oldcitycode),
    at,
  };
}

/** Rows of a /search/csv answer, by the value of the `key` column we sent. */
export function answersFromCsv(text: string, at: number): Map<string, CachedAnswer | TransientError> {
  const rows = parseCsv(text);
  const header = rows[0]?.cells.map((c) => c.trim());
  if (!header) throw new TransientError('réponse CSV vide');
  const col = (name: string): number => header.indexOf(name);
  const iKey = col('key');
  const iLat = col('latitude');
  const iLon = col('longitude');
  if (iKey < 0 || iLat < 0 || iLon < 0)
    throw new TransientError('réponse CSV sans colonnes « key », « latitude », « longitude »');
  const cell = (cells: string[], i: number): string => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const out = new Map<string, CachedAnswer | TransientError>();
  for (const row of rows.slice(1)) {
    const c = row.cells;
    const key = cell(c, iKey);
    const status = cell(c, col('result_status'));
    if (status === 'error') {
      out.set(key, new TransientError('erreur du service sur cette ligne'));
      continue;
    }
    const lat = num(cell(c, iLat));
    const lon = num(cell(c, iLon));
    if (lat === undefined || lon === undefined || (status !== '' && status !== 'ok')) {
      out.set(key, { found: false, at });
      continue;
    }
    out.set(key, {
      found: true,
      lat,
      lon,
      type: str(cell(c, col('result_type'))),
      score: num(cell(c, col('result_score'))),
      label: str(cell(c, col('result_label'))),
      citycode: str(cell(c, col('result_citycode'))),
      oldcitycode: str(cell(c, col('result_oldcitycode'))),
      at,
    });
  }
  return out;
}

export class GeoplateformeGeocoder implements Geocoder {
  private readonly fetch: FetchLike;
  private readonly baseUrl: string;
  private readonly minScore: number;
  private readonly clock: Clock;
  private readonly bucket: TokenBucket;
  private readonly cache: GeocodeCache | undefined;
  private readonly maxAgeMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly csvThreshold: number;
  private readonly csvChunkSize: number;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly csvTimeoutMs: number;
  /** Consecutive requests that failed after every retry: past 3, the service is taken as down. */
  private consecutiveFailures = 0;
  private downUntil = 0;
  /** Requests actually sent (single and CSV), for reports and tests. */
  requestsSent = 0;

  constructor(options: GeoplateformeOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = (options.baseUrl ?? GEOPLATEFORME_URL).replace(/\/+$/, '');
    this.minScore = options.minScore ?? 0.6;
    this.clock = options.clock ?? systemClock;
    const rate = options.requestsPerSecond ?? 50;
    this.bucket = new TokenBucket(rate, Math.max(1, Math.min(10, rate)), this.clock);
    this.cache = options.cache;
    this.maxAgeMs = (options.cacheMaxAgeDays ?? 365) * 86_400_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.csvThreshold = options.csvThreshold ?? 200;
    this.csvChunkSize = Math.max(1, options.csvChunkSize ?? 5000);
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.csvTimeoutMs = options.csvTimeoutMs ?? 300_000;
  }

  async geocode(batch: GeocodeRequest[]): Promise<GeocodeResult[]> {
    const queries = batch.map(queryOf);
    const answers = new Map<string, CachedAnswer | TransientError>();
    const unique = new Map<string, Query>();
    for (const q of queries) if (q.adresse.length >= 3) unique.set(q.cacheKey, q);

    if (this.cache && unique.size) {
      const now = this.clock.now();
      for (const [key, answer] of await this.cache.get([...unique.keys()])) {
        if (now - answer.at <= this.maxAgeMs) {
          answers.set(key, answer);
          unique.delete(key);
        }
      }
    }

    const missing = [...unique.values()];
    const fresh: Array<[string, CachedAnswer]> = [];
    const record = (key: string, answer: CachedAnswer | TransientError): void => {
      answers.set(key, answer);
      if (!(answer instanceof TransientError)) fresh.push([key, answer]);
    };
    if (missing.length >= this.csvThreshold) {
      for (let i = 0; i < missing.length; i += this.csvChunkSize) {
        const chunk = missing.slice(i, i + this.csvChunkSize);
        let byKey: Map<string, CachedAnswer | TransientError> | TransientError;
        try {
          byKey = await this.searchCsv(chunk);
        } catch (error) {
          byKey = error instanceof TransientError ? error : new TransientError(String(error));
        }
        if (byKey instanceof TransientError) {
          // The batch endpoint failed: ask this chunk address by address.
          await this.searchEach(chunk, record);
          continue;
        }
        chunk.forEach((q, index) => {
          const a = (byKey as Map<string, CachedAnswer | TransientError>).get(String(index));
          record(q.cacheKey, a ?? new TransientError('ligne absente de la réponse CSV'));
        });
      }
    } else {
      await this.searchEach(missing, record);
    }
    if (this.cache && fresh.length) await this.cache.set(fresh);

    return batch.map((req, i) => {
      const q = queries[i]!;
      if (q.adresse.length < 3)
        return { key: req.key, failed: 'adresse absente ou trop courte pour être géocodée' };
      const answer = answers.get(q.cacheKey);
      if (!answer || answer instanceof TransientError)
        return {
          key: req.key,
          failed: `Géoplateforme indisponible : ${answer?.message ?? 'pas de réponse'}`,
        };
      return this.accept(req, q, answer);
    });
  }

  /** Applies the acceptance rules to what the service answered. */
  private accept(req: GeocodeRequest, q: Query, a: CachedAnswer): GeocodeHit | GeocodeFailure {
    if (!a.found || a.lat === undefined || a.lon === undefined)
      return { key: req.key, failed: 'adresse introuvable dans la Base Adresse Nationale' };
    const score = a.score ?? 0;
    if (score < this.minScore)
      return {
        key: req.key,
        failed: `correspondance trop faible (score ${score.toFixed(2)} < ${this.minScore}${a.label ? ` : « ${a.label} »` : ''})`,
      };
    if (q.citycode && !sameCommune(q.citycode, a.citycode, a.oldcitycode))
      return {
        key: req.key,
        failed: `résultat dans une autre commune (${a.citycode ?? '?'} au lieu de ${q.citycode}${a.label ? ` : « ${a.label} »` : ''})`,
      };
    const precision = PRECISIONS[a.type ?? ''] ?? 'municipality';
    const method =
      precision === 'street' ? 'street' : precision === 'municipality' ? 'municipality' : 'address';
    return {
      key: req.key,
      lat: a.lat,
      lon: a.lon,
      method,
      precision,
      score,
      ...(a.label ? { label: a.label } : {}),
      ...(a.citycode ? { citycode: a.citycode } : {}),
    };
  }

  private async searchEach(
    queries: Query[],
    record: (key: string, answer: CachedAnswer | TransientError) => void,
  ): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queries.length) {
        const q = queries[next++]!;
        try {
          record(q.cacheKey, await this.searchOne(q));
        } catch (error) {
          record(q.cacheKey, error instanceof TransientError ? error : new TransientError(String(error)));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queries.length) }, worker));
  }

  private async searchOne(q: Query): Promise<CachedAnswer> {
    const params = new URLSearchParams({ q: q.q, index: 'address', limit: '1', autocomplete: '0' });
    if (q.postcode) params.set('postcode', q.postcode);
    if (q.citycode) params.set('citycode', q.citycode);
    const response = await this.send(
      `${this.baseUrl}/search?${params}`,
      { headers: { accept: 'application/json' } },
      this.timeoutMs,
    );
    // 400: the query itself is refused (too short, bad filter): no result for this address.
    if (response.status === 400) return { found: false, at: this.clock.now() };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new TransientError('réponse illisible (JSON invalide)');
    }
    return answerFromGeoJson(body, this.clock.now());
  }

  private async searchCsv(queries: Query[]): Promise<Map<string, CachedAnswer | TransientError>> {
    let csv = stringifyCsvRow(['key', 'adresse', 'commune', 'code_postal', 'code_insee']);
    queries.forEach((q, i) => {
      csv += stringifyCsvRow([String(i), q.adresse, q.commune, q.postcode, q.citycode]);
    });
    const form = new FormData();
    form.append('data', new Blob([csv], { type: 'text/csv' }), 'adresses.csv');
    form.append('columns', 'adresse');
    form.append('columns', 'commune');
    form.append('postcode', 'code_postal');
    form.append('citycode', 'code_insee');
    const response = await this.send(
      `${this.baseUrl}/search/csv`,
      { method: 'POST', body: form },
      this.csvTimeoutMs,
    );
    if (response.status === 400) throw new TransientError('fichier CSV refusé par le service (HTTP 400)');
    return answersFromCsv(await response.text(), this.clock.now());
  }

  /** One HTTP exchange with pacing, timeout and retries; returns a 2xx or a 400 response. */
  private async send(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    if (this.clock.now() < this.downUntil)
      throw new TransientError('service injoignable lors des requêtes précédentes, nouvel essai plus tard');
    let lastReason = '';
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      await this.bucket.take();
      this.requestsSent++;
      let response: Response | undefined;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        response = await this.fetch(url, { ...init, signal: controller.signal });
      } catch (error) {
        lastReason = controller.signal.aborted
          ? `délai de ${Math.round(timeoutMs / 1000)} s dépassé`
          : `erreur réseau (${(error as Error).message ?? String(error)})`;
      } finally {
        clearTimeout(timer);
      }
      if (response) {
        if (response.ok || response.status === 400) {
          this.consecutiveFailures = 0;
          return response;
        }
        lastReason = `HTTP ${response.status}`;
        if (response.status !== 429 && response.status < 500) {
          this.consecutiveFailures = 0;
          throw new TransientError(lastReason);
        }
      }
      if (attempt === this.maxRetries) break;
      const header = response?.headers.get('retry-after')?.trim();
      const retryAfter = header ? Number(header) : NaN;
      // Retry-After in seconds, capped: a far date would stall the import.
      const delay =
        Number.isFinite(retryAfter) && retryAfter >= 0
          ? Math.min(retryAfter * 1000, 60_000)
          : this.retryBaseMs * 2 ** attempt;
      await this.clock.sleep(delay);
    }
    if (++this.consecutiveFailures >= 3) this.downUntil = this.clock.now() + 60_000;
    throw new TransientError(`${lastReason} après ${this.maxRetries + 1} essais`);
  }
}

/**
 * Servers over throw-away databases (SQLite file or PostgreSQL schema) for the API tests, with a fixed
 * clock and the engine as an oracle: what the HTTP layer returns must be what `runQuery` returns.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildIndex, parseQueryParams, runQuery, territoryResolver } from '../../src/core/query/index.js';
import type { LieuIndex, Query } from '../../src/core/query/index.js';
import { loadReference, type Reference } from '../../src/reference/index.js';
import { createServer, type CreateServerOptions } from '../../src/server/index.js';
import type { BackendKind, DatasetLieuRow, Store } from '../../src/store/index.js';
import { PG_URL, probePostgres, TestDatabase, waitFor } from '../store/helpers.js';
import { generateLieux, publish } from './fixtures.js';

export { waitFor, PG_URL, TestDatabase };

/** Thursday 12 June 2025, 10:00 in Paris: most generated hours are open, some are not. */
export const NOW = new Date('2025-06-12T08:00:00Z');

export const BACKENDS = ['sqlite', 'postgres'] as const;

const pgProblem = await probePostgres();
export const skipPostgres = pgProblem !== undefined && process.env.REPERE_SKIP_PG === '1';
if (skipPostgres) {
  console.warn(
    `Tests du serveur sur PostgreSQL sautés (REPERE_SKIP_PG=1) : ${PG_URL} injoignable (${pgProblem}).`,
  );
}

/** Fails the PostgreSQL suite with an actionable message when the database cannot be reached. */
export function requirePostgres(backend: BackendKind): void {
  if (backend === 'postgres' && pgProblem) {
    throw new Error(
      `PostgreSQL injoignable sur ${PG_URL} (${pgProblem}) : démarrez-le, ou lancez les tests avec REPERE_SKIP_PG=1 pour sauter ce backend.`,
    );
  }
}

let reference: Reference | undefined;
export async function testReference(): Promise<Reference> {
  reference ??= await loadReference();
  return reference;
}

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  db: TestDatabase;
  lieux: DatasetLieuRow[];
  /** The engine over the same lieux: the expected answers. */
  index: LieuIndex;
  logs: string[];
  close(): Promise<void>;
}

export function oracleIndex(lieux: DatasetLieuRow[], ref: Reference): LieuIndex {
  return buildIndex(lieux, { territory: territoryResolver(ref.gazetteer) });
}

/** Ids the engine returns for a query string (the expected answer of `/api/v1/lieux`). */
export function expectedIds(index: LieuIndex, search: string, now = NOW): { total: number; ids: string[] } {
  const parsed = parseQueryParams(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(`requête de test invalide ${search} : ${JSON.stringify(parsed.errors)}`);
  const result = runQuery(index, parsed.query as Query, { now });
  return { total: result.total, ids: result.items.map((i) => i.lieu.id) };
}

export async function startTestServer(
  backend: BackendKind,
  options: {
    count?: number;
    seed?: number;
    publish?: boolean;
    server?: Partial<CreateServerOptions>;
    db?: TestDatabase;
  } = {},
): Promise<TestServer> {
  const ref = await testReference();
  const db = options.db ?? (await TestDatabase.create(backend));
  const store = await db.open({ pollIntervalMs: 50 });
  const lieux = generateLieux(ref.data.communes, { count: options.count ?? 600, seed: options.seed ?? 7 });
  if (options.publish !== false) await publish(store, lieux);
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await createServer({
    store,
    reference: ref,
    now: () => NOW,
    logger: { level: 'info', stream },
    webDir: null,
    ...options.server,
  });
  await app.repere.loaded;
  return {
    app,
    store,
    db,
    lieux,
    index: oracleIndex(lieux, ref),
    logs,
    close: async () => {
      await app.close();
      if (!options.db) await db.cleanup();
    },
  };
}

/** GET through `inject`, JSON body parsed. */
export async function getJson<T = Record<string, unknown>>(
  app: FastifyInstance,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const response = await app.inject({ method: 'GET', url, headers });
  const text = response.body;
  return {
    status: response.statusCode,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers as Record<string, unknown>,
  };
}

/** `/api/v1/lieux?…` with the same query string as `search`, URL-encoded. */
export function lieuxUrl(search: string): string {
  return `/api/v1/lieux?${new URLSearchParams(search).toString()}`;
}

/**
 * Persistent cache of the online geocoder's answers, so that a re-import does not ask again for the
 * addresses it already knows. It stores what the service answered (found or not), not whether it was
 * accepted: the acceptance threshold may change without invalidating the cache. Transient failures
 * (service down, quota) are never stored.
 *
 * `openGeocodeCache({ dataDir })` keeps a small SQLite file `geocode-cache.sqlite` in `DATA_DIR`,
 * apart from the store's database so that imports never contend with it for locks.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** What the service answered for one query. */
export interface CachedAnswer {
  found: boolean;
  lat?: number;
  lon?: number;
  /** housenumber, street, locality, municipality. */
  type?: string;
  score?: number;
  label?: string;
  citycode?: string;
  oldcitycode?: string;
  /** When it was asked (ms since epoch). */
  at: number;
}

export interface GeocodeCache {
  get(keys: readonly string[]): Promise<Map<string, CachedAnswer>>;
  set(entries: ReadonlyArray<readonly [string, CachedAnswer]>): Promise<void>;
  close?(): void;
}

export class MemoryGeocodeCache implements GeocodeCache {
  readonly entries = new Map<string, CachedAnswer>();

  async get(keys: readonly string[]): Promise<Map<string, CachedAnswer>> {
    const out = new Map<string, CachedAnswer>();
    for (const k of keys) {
      const hit = this.entries.get(k);
      if (hit) out.set(k, hit);
    }
    return out;
  }

  async set(entries: ReadonlyArray<readonly [string, CachedAnswer]>): Promise<void> {
    for (const [k, v] of entries) this.entries.set(k, v);
  }
}

export const GEOCODE_CACHE_FILE = 'geocode-cache.sqlite';

function isAnswer(value: unknown): value is CachedAnswer {
  return typeof value === 'object' && value !== null && typeof (value as CachedAnswer).found === 'boolean';
}

export class SqliteGeocodeCache implements GeocodeCache {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { answer: string }>;
  private readonly upsert: Database.Statement<[string, string, number]>;

  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS geocode_cache (key TEXT PRIMARY KEY, answer TEXT NOT NULL, at INTEGER NOT NULL)',
      );
    } catch (error) {
      throw new Error(
        `Cache de géocodage impossible à ouvrir (${path}) : ${(error as Error).message}. Vérifiez DATA_DIR et les droits d'écriture, ou supprimez ce fichier s'il est endommagé (il sera recréé).`,
      );
    }
    this.select = this.db.prepare('SELECT answer FROM geocode_cache WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO geocode_cache (key, answer, at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET answer = excluded.answer, at = excluded.at',
    );
  }

  async get(keys: readonly string[]): Promise<Map<string, CachedAnswer>> {
    const out = new Map<string, CachedAnswer>();
    for (const key of keys) {
      const row = this.select.get(key);
      if (!row) continue;
      try {
        const answer: unknown = JSON.parse(row.answer);
        if (isAnswer(answer)) out.set(key, answer);
      } catch {
        // A damaged row is a cache miss: the address is asked again and the row rewritten.
      }
    }
    return out;
  }

  async set(entries: ReadonlyArray<readonly [string, CachedAnswer]>): Promise<void> {
    const write = this.db.transaction((rows: ReadonlyArray<readonly [string, CachedAnswer]>) => {
      for (const [key, answer] of rows) this.upsert.run(key, JSON.stringify(answer), answer.at);
    });
    write(entries);
  }

  close(): void {
    this.db.close();
  }
}

/** The cache file in `dataDir` (default `$DATA_DIR`, else `./data`). */
export function openGeocodeCache(options: { dataDir?: string } = {}): SqliteGeocodeCache {
  const dir = options.dataDir ?? process.env.DATA_DIR ?? './data';
  return new SqliteGeocodeCache(resolve(join(dir, GEOCODE_CACHE_FILE)));
}

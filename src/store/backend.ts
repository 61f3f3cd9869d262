/**
 * What differs between SQLite and PostgreSQL, behind one small interface: opening, bulk inserts, the fast
 * read of a whole dataset version, and how a process learns that another one published a version.
 * Everything else is written once, with Kysely, in `sql-store.ts`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { describeError, redactUrl, StoreError } from './errors.js';
import type { BulkTable, Database } from './schema.js';
import type { BackendKind } from './types.js';

/** PostgreSQL NOTIFY channel announcing a published version; the payload is the version number. */
export const NOTIFY_CHANNEL = 'repere_dataset';

/** The published version's header, as stored. */
export interface PublishedHead {
  version: number;
  published_at: string;
  run_id: number | null;
  source_id: string | null;
  lieu_count: number;
  stats: string;
}

export type Warn = (message: string, error?: unknown) => void;

export interface Backend {
  readonly kind: BackendKind;
  readonly db: Kysely<Database>;
  /** PostgreSQL schema holding the tables (undefined on SQLite). */
  readonly schema?: string;
  /**
   * Runs `fn` in a write transaction, committed if it resolves, rolled back if it throws. Writers queue:
   * in this process behind each other, across processes on the database's own lock.
   */
  writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Inserts `rows` (values in `table.columns` order) inside `trx`, from `writeTransaction`. */
  insertMany(trx: Kysely<Database>, table: BulkTable, rows: Iterable<unknown[]>): Promise<void>;
  /** Reads the published head and streams its lieux' JSON to `onLieu`, ordered by id, from one snapshot. */
  readPublished(onLieu: (json: string) => void): Promise<PublishedHead | undefined>;
  /** Inside the commit transaction: tells other processes (delivered only if the transaction commits). */
  announce(trx: Kysely<Database>, version: number): Promise<void>;
  /** Calls `signal` whenever the published version may have changed in another process; returns stop. */
  watch(signal: () => void, pollIntervalMs: number, warn: Warn): () => Promise<void>;
  close(): Promise<void>;
}

const HEAD_SQL = `select v.version, v.published_at, v.run_id, v.source_id, v.lieu_count, v.stats
  from dataset_pointer p join dataset_versions v on v.version = p.version where p.id = 1`;

/** SQLite page cache of a connection (imports write through it), and while a version is read. */
const CACHE_KB = 65_536;
const READ_CACHE_KB = 2048;

// ── SQLite ──────────────────────────────────────────────────────────────────────────────────────

export function openSqliteBackend(path: string): Backend {
  let raw: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // A concurrent writer (another process importing) makes us wait rather than fail at once.
    raw = new BetterSqlite3(path, { timeout: 15_000 });
  } catch (error) {
    throw new StoreError(
      'connection',
      `Impossible d’ouvrir la base SQLite ${path} : ${describeError(error)}.`,
      {
        cause: error,
      },
    );
  }
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    // Safe with WAL: a crash may lose the last commit, never corrupt the file.
    raw.pragma('synchronous = NORMAL');
    // Truncate the WAL after checkpoints: an import writes ~150 MB through it.
    raw.pragma('journal_size_limit = 67108864');
    raw.pragma(`cache_size = -${CACHE_KB}`);
  } catch (error) {
    raw.close();
    throw new StoreError(
      'connection',
      `La base SQLite ${path} est illisible (${describeError(error)}) : est-ce bien un fichier créé par Repère ?`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const statements = new Map<string, BetterSqlite3.Statement>();

  return {
    kind: 'sqlite',
    db,
    async writeTransaction(fn) {
      // Several stores of this process on one file would otherwise wait on each other synchronously (the
      // busy handler blocks the event loop) while the lock holder cannot run: queue them here instead.
      return withFileLock(path, () =>
        db.connection().execute(async (connection) => {
          // IMMEDIATE takes the write lock now (waiting on other processes) rather than failing on upgrade.
          await sql`begin immediate`.execute(connection);
          try {
            const result = await fn(connection);
            await sql`commit`.execute(connection);
            return result;
          } catch (error) {
            await sql`rollback`.execute(connection).catch(() => undefined);
            throw error;
          }
        }),
      );
    },
    // The only connection is held by `trx` (Kysely's mutex), so using it directly stays in the transaction;
    // one prepared statement run per row beats building multi-row SQL.
    async insertMany(_trx, table, rows) {
      let statement = statements.get(table.name);
      if (!statement) {
        const columns = table.columns.map(([name]) => name);
        statement = raw.prepare(
          `insert into ${table.name} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        );
        statements.set(table.name, statement);
      }
      for (const row of rows) statement.run(row);
    },
    async readPublished(onLieu) {
      // Hold Kysely's connection so no transaction of ours is open meanwhile; the read transaction gives
      // one WAL snapshot for head and lieux.
      return db.connection().execute(async () => {
        // A whole version is read once, in order: a small page cache is as fast, and the large one
        // (≈ 60 MB for 20k lieux once filled) would stay in the server's RSS even after shrink_memory.
        raw.pragma(`cache_size = -${READ_CACHE_KB}`);
        try {
          return raw.transaction(() => {
            const head = raw.prepare(HEAD_SQL).get() as PublishedHead | undefined;
            if (!head) return undefined;
            const lieux = raw.prepare('select data from dataset_lieux where version = ? order by id').pluck();
            for (const json of lieux.iterate(head.version)) onLieu(json as string);
            return head;
          })();
        } finally {
          raw.pragma('shrink_memory');
          raw.pragma(`cache_size = -${CACHE_KB}`);
        }
      });
    },
    async announce() {
      // Other connections see `PRAGMA data_version` change when we commit.
    },
    watch(signal, pollIntervalMs, warn) {
      let last: unknown;
      const poll = () => {
        if (!raw.open) return;
        try {
          // Changes only when another connection commits: one cheap call per tick.
          const current = raw.pragma('data_version', { simple: true });
          if (current !== last) {
            last = current;
            signal();
          }
        } catch (error) {
          warn('Surveillance de la base SQLite : lecture de data_version impossible.', error);
        }
      };
      poll();
      const timer = setInterval(poll, pollIntervalMs);
      timer.unref();
      return async () => clearInterval(timer);
    },
    async close() {
      if (!raw.open) return;
      try {
        raw.pragma('optimize');
      } catch {
        // Best effort: a busy database may refuse, closing matters more.
      }
      await db.destroy();
    },
  };
}

const fileLocks = new Map<string, Promise<void>>();

/** Runs `fn` once every earlier `withFileLock(path, …)` of this process has finished. */
async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const previous = fileLocks.get(path) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  fileLocks.set(path, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (fileLocks.get(path) === tail) fileLocks.delete(path);
  }
}

// ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────

/** Rows per bulk `insert … select from jsonb_array_elements(…)`: few round trips, bounded parameter size. */
const PG_CHUNK = 2000;
/** Lieux per page when reading a dataset version. */
const PG_READ_PAGE = 5000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresBackend(url: string, schema: string, warn: Warn): Promise<Backend> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'config',
      `Schéma PostgreSQL « ${schema} » invalide : minuscules, chiffres et « _ », 63 caractères au plus.`,
    );
  }
  const connection: pg.ClientConfig = {
    connectionString: url,
    // Every connection works in our schema; `public` stays reachable for extensions.
    options: `-c search_path=${schema}`,
    application_name: 'repere',
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...connection, max: 10 });
  // An idle pooled connection that dies (server restart) must not crash the process.
  pool.on('error', (error) => warn('Connexion PostgreSQL inactive perdue ; elle sera recréée.', error));
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two stores opening the same new schema at once may race on creation: fine if it now exists.
    const exists = await pool
      .query('select 1 from pg_namespace where nspname = $1', [schema])
      .then((r) => r.rowCount === 1)
      .catch(() => false);
    if (!exists) {
      await pool.end().catch(() => undefined);
      throw new StoreError(
        'connection',
        `Connexion à PostgreSQL impossible (${redactUrl(url)}) : ${describeError(error)}. Vérifiez DATABASE_URL et que le serveur accepte les connexions.`,
        { cause: error },
      );
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  return {
    kind: 'postgres',
    db,
    schema,
    async writeTransaction(fn) {
      return db.transaction().execute(fn);
    },
    async insertMany(trx, table, rows) {
      // One JSON parameter per chunk: JSON.stringify is native and one pass, where pg's array literals
      // escape every string in JavaScript (measured 5–8× the CPU and far more garbage for 100k lieux).
      const columns = table.columns.map(([name]) => name).join(', ');
      const values = table.columns
        .map(([, type], i) => (type === 'text' ? `e->>${i}` : `(e->>${i})::${type}`))
        .join(', ');
      const text = `insert into ${table.name} (${columns}) select ${values} from jsonb_array_elements($1::jsonb) as e`;
      let chunk: unknown[][] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const parameter = JSON.stringify(chunk);
        chunk = [];
        await trx.executeQuery(CompiledQuery.raw(text, [parameter]));
      };
      for (const row of rows) {
        chunk.push(row);
        if (chunk.length >= PG_CHUNK) await flush();
      }
      await flush();
    },
    async readPublished(onLieu) {
      const client = await pool.connect();
      try {
        // One snapshot for head and lieux, even if an import commits meanwhile.
        await client.query('begin isolation level repeatable read read only');
        const head = (await client.query<PublishedHead>(HEAD_SQL)).rows[0];
        // Pages (keyset on the primary key) so that the driver never holds all 150 MB of text at once;
        // array rows avoid one object per lieu.
        let after = '';
        while (head) {
          const result = await client.query<[string, string]>({
            text: 'select id, data from dataset_lieux where version = $1 and id > $2 order by id limit $3',
            values: [head.version, after, PG_READ_PAGE],
            rowMode: 'array',
          });
          for (const row of result.rows) onLieu(row[1]);
          const last = result.rows[result.rows.length - 1];
          if (!last || result.rows.length < PG_READ_PAGE) break;
          after = last[0];
        }
        await client.query('commit');
        return head;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async announce(trx, version) {
      await trx.executeQuery(
        CompiledQuery.raw('select pg_notify($1, $2)', [NOTIFY_CHANNEL, String(version)]),
      );
    },
    watch(signal, pollIntervalMs, warn) {
      const listener = new PgListener(
        { ...connection, application_name: `repere-listen:${schema}` },
        signal,
        pollIntervalMs,
        warn,
      );
      listener.start();
      return () => listener.stop();
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * LISTEN on a dedicated connection. When it drops: warn, poll every `pollIntervalMs` meanwhile, reconnect
 * with backoff, and signal once reconnected (a notification may have been missed).
 */
class PgListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = 500;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly signal: () => void,
    private readonly pollIntervalMs: number,
    private readonly warn: Warn,
  ) {}

  start(): void {
    // Poll until LISTEN is up: a version published while connecting is not lost.
    this.startPolling();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPolling();
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL) this.signal();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
    } catch (error) {
      if (this.client === client) this.client = undefined;
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.warn(
        `Écoute des nouvelles versions (LISTEN ${NOTIFY_CHANNEL}) impossible : ${describeError(error)}. Nouvel essai dans ${Math.round(this.retryDelay / 100) / 10} s, vérification périodique en attendant.`,
        error,
      );
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.retryDelay = 500;
    this.stopPolling();
    this.signal();
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.warn(
      `Écoute des nouvelles versions interrompue${error ? ` (${describeError(error)})` : ''} : reconnexion, vérification périodique en attendant.`,
      error,
    );
    this.startPolling();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(this.signal, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}

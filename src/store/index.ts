/**
 * The store: where imports publish the national dataset and where the server reads it.
 * SQLite file by default (no setup), PostgreSQL when `DATABASE_URL=postgres://…` (several server instances,
 * larger deployments). Same schema, same behaviour; migrations run at open. Contract: `types.ts`.
 */
import { resolve } from 'node:path';
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { openPostgresBackend, openSqliteBackend, type Backend } from './backend.js';
import { describeError, redactUrl, StoreError } from './errors.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider, type Database } from './schema.js';
import { SqlStore } from './sql-store.js';
import type { Store, StoreOptions } from './types.js';

export type * from './types.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { departementOf } from './columns.js';
export { NOTIFY_CHANNEL } from './backend.js';

export const DEFAULT_DATA_DIR = './data';
export const SQLITE_FILE_NAME = 'repere.sqlite';

type Target = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };

/** Where `openStore(options)` will connect: a SQLite file path or a PostgreSQL URL and schema. */
export function resolveTarget(options: StoreOptions = {}): Target {
  const url = options.databaseUrl?.trim();
  if (!url) return { kind: 'sqlite', path: resolve(options.dataDir || DEFAULT_DATA_DIR, SQLITE_FILE_NAME) };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url, schema: options.schema || 'public' };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path) return { kind: 'sqlite', path: resolve(path) };
  }
  throw new StoreError(
    'config',
    `DATABASE_URL « ${redactUrl(url)} » non reconnue : attendu postgres://utilisateur@hôte:port/base, sqlite:<chemin du fichier>, ou rien (fichier SQLite dans DATA_DIR).`,
  );
}

/** Options from the environment: `DATABASE_URL`, `DATA_DIR`, `DATABASE_SCHEMA`. */
export function storeOptionsFromEnv(env: Record<string, string | undefined> = process.env): StoreOptions {
  const options: StoreOptions = {};
  if (env.DATABASE_URL) options.databaseUrl = env.DATABASE_URL;
  if (env.DATA_DIR) options.dataDir = env.DATA_DIR;
  if (env.DATABASE_SCHEMA) options.schema = env.DATABASE_SCHEMA;
  return options;
}

/** Opens (creating if needed) the database and brings its schema up to date. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const keepVersions = options.keepVersions ?? 3;
  if (!Number.isInteger(keepVersions) || keepVersions < 1) {
    throw new StoreError(
      'config',
      `keepVersions doit être un entier ≥ 1 (reçu ${String(options.keepVersions)}).`,
    );
  }
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 10) {
    throw new StoreError(
      'config',
      `pollIntervalMs doit être un nombre ≥ 10 (reçu ${String(options.pollIntervalMs)}).`,
    );
  }
  const warn = options.onWarning ?? ((message: string) => console.warn(`repère : ${message}`));
  const target = resolveTarget(options);
  const backend =
    target.kind === 'sqlite'
      ? openSqliteBackend(target.path)
      : await openPostgresBackend(target.url, target.schema, warn);
  try {
    await migrate(backend);
  } catch (error) {
    await backend.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(backend, { keepVersions, pollIntervalMs, warn });
}

class MigrationFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly results: readonly MigrationResult[] | undefined,
  ) {
    super(describeError(error));
  }
}

async function migrate(backend: Backend): Promise<void> {
  const run = async (db: Kysely<Database>, inOuterTransaction: boolean) => {
    const migrator = new Migrator({
      db,
      provider: migrationProvider(backend.kind),
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
      disableTransactions: inOuterTransaction,
      ...(backend.schema ? { migrationTableSchema: backend.schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw new MigrationFailure(error, results);
  };
  try {
    // SQLite has no migration lock of its own: one write transaction keeps two processes opening a new
    // file from both creating the tables. PostgreSQL's migrator takes an advisory lock.
    if (backend.kind === 'sqlite') await backend.writeTransaction((db) => run(db, true));
    else await run(backend.db, false);
  } catch (failure) {
    if (!(failure instanceof MigrationFailure)) throw failure;
    throw migrationError(failure.error, failure.results);
  }
}

function migrationError(error: unknown, results: readonly MigrationResult[] | undefined): StoreError {
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const message = describeError(error);
  const missing = /corrupted migrations: previously executed migration (\S+) is missing/.exec(message);
  if (missing) {
    return new StoreError(
      'migration',
      `La base contient la migration « ${missing[1]} » que cette version de Repère ne connaît pas : mettez Repère à jour (ou ouvrez une autre base).`,
      { cause: error },
    );
  }
  if (error instanceof StoreError) return error;
  const looksUnreachable = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|password authentication|does not exist/i.test(
    message,
  );
  return new StoreError(
    looksUnreachable ? 'connection' : 'migration',
    failed
      ? `Mise à jour du schéma de la base échouée (migration « ${failed} ») : ${message}`
      : `Mise à jour du schéma de la base impossible : ${message}`,
    { cause: error },
  );
}

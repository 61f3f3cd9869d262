/**
 * Test databases for the store: a temp SQLite file, or a throw-away PostgreSQL schema, per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import type {
  BackendKind,
  CommitImportInput,
  DatasetLieuRow,
  NormalisedLieuRow,
  SourceRecordRow,
  Store,
  StoreOptions,
} from '../../src/store/index.js';

export const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Undefined when PostgreSQL answers, else why not. */
export async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One isolated database; every store opened through it is closed by `cleanup()`. */
export class TestDatabase {
  private readonly stores: Store[] = [];
  readonly warnings: string[] = [];

  private constructor(
    readonly backend: BackendKind,
    readonly options: StoreOptions,
    private readonly dispose: () => Promise<void>,
  ) {}

  static async create(backend: BackendKind): Promise<TestDatabase> {
    if (backend === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'repere-store-'));
      return new TestDatabase('sqlite', { dataDir: dir }, async () =>
        rmSync(dir, { recursive: true, force: true }),
      );
    }
    const schema = `repere_test_${randomBytes(6).toString('hex')}`;
    return new TestDatabase('postgres', { databaseUrl: PG_URL, schema }, async () => {
      const client = new pg.Client(PG_URL);
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    });
  }

  get schema(): string | undefined {
    return this.options.schema;
  }

  async open(extra: Partial<StoreOptions> = {}): Promise<Store> {
    const store = await openStore({
      ...this.options,
      onWarning: (message) => this.warnings.push(message),
      ...extra,
    });
    this.stores.push(store);
    return store;
  }

  /** Runs SQL straight on the database (not through the store), for checks the API does not expose. */
  async query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    if (this.backend === 'sqlite') {
      const db = new BetterSqlite3(join(this.options.dataDir!, 'repere.sqlite'));
      try {
        const statement = db.prepare(text.replace(/\$\d+/g, '?'));
        if (statement.reader) return statement.all(...params) as T[];
        statement.run(...params);
        return [];
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${this.schema}` });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async count(table: string, where = ''): Promise<number> {
    const rows = await this.query<{ n: number | string }>(`select count(*) as n from ${table} ${where}`);
    return Number(rows[0]?.n);
  }

  async cleanup(): Promise<void> {
    for (const store of this.stores) await store.close();
    await this.dispose();
  }
}

/** Polls `check` until it returns a value other than undefined/false; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Délai dépassé en attendant : ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const COMMUNES = [
  { commune: 'Angers', code_postal: '49000', code_insee: '49007', latitude: 47.4736, longitude: -0.5542 },
  { commune: 'Ajaccio', code_postal: '20000', code_insee: '2A004', latitude: 41.9192, longitude: 8.7386 },
  {
    commune: 'Pointe-à-Pitre',
    code_postal: '97110',
    code_insee: '97120',
    latitude: 16.2411,
    longitude: -61.5331,
  },
  { commune: 'Guéret', code_postal: '23000', code_insee: '23096', latitude: 46.1714, longitude: 1.8714 },
];

export function makeLieu(
  i: number,
  sources: string[],
  overrides: Partial<DatasetLieuRow> = {},
): DatasetLieuRow {
  const place = COMMUNES[i % COMMUNES.length]!;
  return {
    id: `lieu-${String(i).padStart(5, '0')}`,
    record: {
      id: `lieu-${String(i).padStart(5, '0')}`,
      pivot: '00000000000000',
      nom: `Espace numérique n° ${i} « l’Atelier »`,
      commune: place.commune,
      code_postal: place.code_postal,
      code_insee: place.code_insee,
      adresse: `${i} rue de la République`,
      latitude: String(place.latitude + i / 10_000),
      longitude: String(place.longitude),
      date_maj: '2024-05-01',
      services: 'Aide aux démarches administratives|Maîtriser les bases du numérique',
      horaires: 'Mo-Fr 09:00-12:00,14:00-17:30',
    },
    quality: { score: (i * 7) % 100, details: { completeness: (i % 10) / 10 } },
    sources,
    geocode: { method: 'source', precision: 'housenumber', score: 0.9 },
    ...overrides,
  };
}

export function makeSourceRecords(count: number, prefix: string): SourceRecordRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    raw: JSON.stringify({ Nom: `${prefix} ${i}`, 'Coord. X': '45.1', note: 'guillemets " et \\ barre' }),
    status: i % 5 === 4 ? 'rejected' : i % 5 === 3 ? 'merged' : 'kept',
    reasons:
      i % 5 === 4 ? [{ rule: 'required', message: 'Le champ nom est vide.', field: 'nom', value: '' }] : [],
    ...(i % 5 === 4 ? {} : { key: `${prefix}-${i}` }),
  }));
}

export function makeNormalised(count: number, prefix: string): NormalisedLieuRow[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}-${i}`,
    line: i + 1,
    record: { nom: `${prefix} ${i}`, commune: 'Angers', code_postal: '49000' },
    repairs:
      i % 2
        ? [{ field: 'telephone', rule: 'telephone-e164', before: '02 41 00 00 00', after: '+33241000000' }]
        : [],
    ...(i % 3 ? { geocode: { method: 'ban', precision: 'street', score: 0.71 } } : {}),
  }));
}

/** A complete, valid commit of `sourceId` publishing `lieuCount` lieux. */
export function makeCommit(
  sourceId: string,
  baseVersion: number | undefined,
  options: { lieux?: number; records?: number; hash?: string; firstLieu?: number } = {},
): CommitImportInput {
  const first = options.firstLieu ?? 0;
  const lieux = Array.from({ length: options.lieux ?? 6 }, (_, i) =>
    makeLieu(first + i, i % 2 ? [sourceId, 'autre-source'] : [sourceId]),
  );
  const records = options.records ?? 5;
  return {
    sourceId,
    contentHash: options.hash ?? `sha256:${sourceId}:${records}`,
    baseVersion,
    run: {
      startedAt: '2024-06-01T08:00:00.000Z',
      log: [{ level: 'info', message: `Lecture de ${records} enregistrements.` }],
    },
    sourceRecords: makeSourceRecords(records, sourceId),
    normalised: makeNormalised(Math.ceil((records * 4) / 5), sourceId),
    dataset: {
      lieux,
      mergeGroups: [],
      provenance: [],
      stats: { lieux: lieux.length, sources: 1 },
    },
  };
}

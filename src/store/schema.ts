/**
 * The database schema, identical on SQLite and PostgreSQL, and its migrations (run at open).
 *
 * Choices that hold on both backends:
 * - JSON payloads are `text`: one code path, and we parse exactly when we want (jsonb would re-serialise on
 *   every read of 100k lieux for no gain, nothing queries inside the JSON).
 * - Timestamps are ISO 8601 `text` (UTC): they sort as text and need no driver-specific date parsing.
 * - A dataset version is immutable once written; the single-row `dataset_pointer` says which is published.
 * - Indexed columns of `dataset_lieux` are copies of fields of its JSON, for queries that avoid parsing it.
 */
import {
  sql,
  type ColumnDefinitionBuilder,
  type ColumnType,
  type Generated,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import type { BackendKind } from './types.js';

export interface SourcesTable {
  id: string;
  name: string;
  kind: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface ImportRunsTable {
  id: Generated<number>;
  source_id: string;
  status: string;
  started_at: string;
  finished_at: string;
  content_hash: string | null;
  dataset_version: number | null;
  records: number | null;
  kept: number | null;
  merged: number | null;
  rejected: number | null;
  error: string | null;
  log: string;
}

export interface SourceRecordsTable {
  source_id: string;
  line: number;
  status: string;
  lieu_key: string | null;
  raw: string;
  reasons: string;
}

export interface NormalisedLieuxTable {
  source_id: string;
  key: string;
  line: number | null;
  record: string;
  repairs: string;
  geocode: string | null;
}

export interface DatasetVersionsTable {
  version: number;
  published_at: string;
  run_id: number | null;
  source_id: string | null;
  lieu_count: number;
  stats: string;
}

export interface DatasetLieuxTable {
  version: number;
  id: string;
  code_insee: string | null;
  departement: string | null;
  latitude: number | null;
  longitude: number | null;
  quality: number;
  /** The whole `DatasetLieuRow` as JSON. */
  data: string;
}

export interface DatasetMergeGroupsTable {
  version: number;
  lieu_id: string;
  ordinal: number;
  data: string;
}

export interface DatasetProvenanceTable {
  version: number;
  lieu_id: string;
  /** JSON array of the lieu's `ProvenanceRow`s. */
  data: string;
}

export interface DatasetSourceStatsTable {
  version: number;
  source_id: string;
  lieux: number;
  mean_quality: number | null;
}

export interface DatasetPointerTable {
  id: ColumnType<number, number, never>;
  version: number | null;
}

export interface Database {
  sources: SourcesTable;
  import_runs: ImportRunsTable;
  source_records: SourceRecordsTable;
  normalised_lieux: NormalisedLieuxTable;
  dataset_versions: DatasetVersionsTable;
  dataset_lieux: DatasetLieuxTable;
  dataset_merge_groups: DatasetMergeGroupsTable;
  dataset_provenance: DatasetProvenanceTable;
  dataset_source_stats: DatasetSourceStatsTable;
  dataset_pointer: DatasetPointerTable;
}

/** Columns written in bulk, in order, with their PostgreSQL type (cast when read from the bulk JSON). */
export interface BulkTable {
  name: keyof Database;
  columns: ReadonlyArray<readonly [column: string, pgType: 'text' | 'integer' | 'float8']>;
}

export const BULK_TABLES = {
  sourceRecords: {
    name: 'source_records',
    columns: [
      ['source_id', 'text'],
      ['line', 'integer'],
      ['status', 'text'],
      ['lieu_key', 'text'],
      ['raw', 'text'],
      ['reasons', 'text'],
    ],
  },
  normalisedLieux: {
    name: 'normalised_lieux',
    columns: [
      ['source_id', 'text'],
      ['key', 'text'],
      ['line', 'integer'],
      ['record', 'text'],
      ['repairs', 'text'],
      ['geocode', 'text'],
    ],
  },
  datasetLieux: {
    name: 'dataset_lieux',
    columns: [
      ['version', 'integer'],
      ['id', 'text'],
      ['code_insee', 'text'],
      ['departement', 'text'],
      ['latitude', 'float8'],
      ['longitude', 'float8'],
      ['quality', 'float8'],
      ['data', 'text'],
    ],
  },
  mergeGroups: {
    name: 'dataset_merge_groups',
    columns: [
      ['version', 'integer'],
      ['lieu_id', 'text'],
      ['ordinal', 'integer'],
      ['data', 'text'],
    ],
  },
  provenance: {
    name: 'dataset_provenance',
    columns: [
      ['version', 'integer'],
      ['lieu_id', 'text'],
      ['data', 'text'],
    ],
  },
  sourceStats: {
    name: 'dataset_source_stats',
    columns: [
      ['version', 'integer'],
      ['source_id', 'text'],
      ['lieux', 'integer'],
      ['mean_quality', 'float8'],
    ],
  },
} as const satisfies Record<string, BulkTable>;

/** Tables holding one dataset version's rows, deleted together when a version is pruned. */
export const VERSIONED_TABLES = [
  'dataset_lieux',
  'dataset_merge_groups',
  'dataset_provenance',
  'dataset_source_stats',
] as const satisfies ReadonlyArray<keyof Database>;

function initial(backend: BackendKind): Migration {
  // Identifiers compare byte-wise on PostgreSQL as on SQLite, so both backends order them alike.
  const key = (c: ColumnDefinitionBuilder) => (backend === 'postgres' ? c.modifyFront(sql`collate "C"`) : c);
  return {
    // Migrations receive an untyped Kysely: the schema is being built.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => key(c).primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('import_runs')
        .addColumn('id', 'integer', (c) =>
          backend === 'sqlite'
            ? c.primaryKey().autoIncrement()
            : c.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('source_id', 'text', (c) => key(c).notNull().references('sources.id'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('succeeded', 'failed', 'skipped')`),
        )
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text')
        // Not a foreign key: runs outlive pruned versions.
        .addColumn('dataset_version', 'integer')
        .addColumn('records', 'integer')
        .addColumn('kept', 'integer')
        .addColumn('merged', 'integer')
        .addColumn('rejected', 'integer')
        .addColumn('error', 'text')
        .addColumn('log', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('import_runs_by_source')
        .on('import_runs')
        .columns(['source_id', 'status', 'id'])
        .execute();

      await db.schema
        .createTable('source_records')
        .addColumn('source_id', 'text', (c) => key(c).notNull().references('sources.id'))
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('kept', 'merged', 'rejected')`))
        .addColumn('lieu_key', 'text')
        .addColumn('raw', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('source_records_pk', ['source_id', 'line'])
        .execute();

      await db.schema
        .createTable('normalised_lieux')
        .addColumn('source_id', 'text', (c) => key(c).notNull().references('sources.id'))
        .addColumn('key', 'text', (c) => key(c).notNull())
        .addColumn('line', 'integer')
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('repairs', 'text', (c) => c.notNull())
        .addColumn('geocode', 'text')
        .addPrimaryKeyConstraint('normalised_lieux_pk', ['source_id', 'key'])
        .execute();

      await db.schema
        .createTable('dataset_versions')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.references('import_runs.id'))
        .addColumn('source_id', 'text', key)
        .addColumn('lieu_count', 'integer', (c) => c.notNull())
        .addColumn('stats', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('dataset_lieux')
        .addColumn('version', 'integer', (c) => c.notNull().references('dataset_versions.version'))
        .addColumn('id', 'text', (c) => key(c).notNull())
        .addColumn('code_insee', 'text')
        .addColumn('departement', 'text')
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('quality', 'double precision', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_lieux_pk', ['version', 'id'])
        .execute();
      await db.schema
        .createIndex('dataset_lieux_insee')
        .on('dataset_lieux')
        .columns(['version', 'code_insee'])
        .execute();
      await db.schema
        .createIndex('dataset_lieux_departement')
        .on('dataset_lieux')
        .columns(['version', 'departement'])
        .execute();
      await db.schema
        .createIndex('dataset_lieux_position')
        .on('dataset_lieux')
        .columns(['version', 'latitude', 'longitude'])
        .execute();
      await db.schema
        .createIndex('dataset_lieux_quality')
        .on('dataset_lieux')
        .columns(['version', 'quality'])
        .execute();

      await db.schema
        .createTable('dataset_merge_groups')
        .addColumn('version', 'integer', (c) => c.notNull().references('dataset_versions.version'))
        .addColumn('lieu_id', 'text', (c) => key(c).notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_merge_groups_pk', ['version', 'lieu_id', 'ordinal'])
        .execute();

      await db.schema
        .createTable('dataset_provenance')
        .addColumn('version', 'integer', (c) => c.notNull().references('dataset_versions.version'))
        .addColumn('lieu_id', 'text', (c) => key(c).notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_provenance_pk', ['version', 'lieu_id'])
        .execute();

      await db.schema
        .createTable('dataset_source_stats')
        .addColumn('version', 'integer', (c) => c.notNull().references('dataset_versions.version'))
        .addColumn('source_id', 'text', (c) => key(c).notNull())
        .addColumn('lieux', 'integer', (c) => c.notNull())
        .addColumn('mean_quality', 'double precision')
        .addPrimaryKeyConstraint('dataset_source_stats_pk', ['version', 'source_id'])
        .execute();

      await db.schema
        .createTable('dataset_pointer')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'integer', (c) => c.references('dataset_versions.version'))
        .execute();
      await db.insertInto('dataset_pointer').values({ id: 1, version: null }).execute();
    },
  };
}

/** Migrations in code, by name (applied in name order). Never edit a released one: add the next. */
export function migrationProvider(backend: BackendKind): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initial(backend),
    }),
  };
}

/** Name of the table where Kysely records applied migrations. */
export const MIGRATION_TABLE = 'repere_migration';
export const MIGRATION_LOCK_TABLE = 'repere_migration_lock';

/**
 * The store's contract: what an import writes and what the server reads, independent of the backend
 * (SQLite by default, PostgreSQL when `DATABASE_URL` says so).
 *
 * Lifecycle of one import, as the pipeline drives it:
 * 1. `upsertSource(…)` — register or update the source definition.
 * 2. Compute `contentHash` over the raw bytes AND everything that changes the result (mapping,
 *    pipeline version). `isUnchanged(sourceId, contentHash)` → true: `recordRun({ status: 'skipped' })`, stop.
 * 3. Read, map, repair, validate, geocode. A truncated, mis-encoded or unreadable source:
 *    `recordRun({ status: 'failed', error })`, stop — nothing published changes.
 * 4. `baseVersion = await currentVersion()`, THEN read `normalisedLieuxOfAllSources({ exceptSource })`,
 *    re-merge the national dataset with this source's fresh lieux, score quality.
 * 5. `commitImport({ …, baseVersion })` — one transaction; on any error nothing changes, the run is
 *    logged as failed, and the error says why. A `StoreError` with code `conflict` means another
 *    import published meanwhile: start again from step 4.
 *
 * All timestamps are ISO 8601 strings in UTC. All JSON-ish payloads must survive `JSON.stringify`.
 */
import type { MergeGroup, Provenance } from '../core/dedup/types.js';
import type { FlatRecord } from '../core/standard/types.js';

export type BackendKind = 'sqlite' | 'postgres';

export interface StoreOptions {
  /**
   * `postgres://…` or `postgresql://…` → PostgreSQL; `sqlite:<path>` → that SQLite file;
   * absent → SQLite file `<dataDir>/repere.sqlite`.
   */
  databaseUrl?: string;
  /** Folder of the default SQLite file, created if missing. Default `./data`. */
  dataDir?: string;
  /**
   * PostgreSQL only: the schema holding Repère's tables, created if missing (default `public`).
   * Lets several deployments, or parallel test runs, share one database.
   */
  schema?: string;
  /** How many dataset versions to keep, the published one included (≥ 1, default 3). */
  keepVersions?: number;
  /** Polling period of `watchVersion` (SQLite always; PostgreSQL while LISTEN is down). Default 1000 ms. */
  pollIntervalMs?: number;
  /** Operational warnings (listener lost, reconnecting, a watcher callback threw). Default: `console.warn`. */
  onWarning?: (message: string, error?: unknown) => void;
}

// ── Sources and runs ────────────────────────────────────────────────────────────────────────────

export interface SourceInput {
  /** Stable slug used everywhere (CLI, provenance, API): `^[a-z0-9][a-z0-9._-]{0,99}$`, e.g. `hub-lo`. */
  id: string;
  /** Name for people, e.g. « Hub du Lot ». */
  name: string;
  /** How the source is obtained, as the pipeline defines it (e.g. `file`, `url`, `api`). */
  kind: string;
  /** The pipeline's source definition (location, format, mapping); stored as JSON. */
  definition: unknown;
}

export interface Source extends SourceInput {
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'succeeded' | 'failed' | 'skipped';

/** Record counts of one run, by outcome. `records` = kept + merged + rejected. */
export interface RunCounts {
  records: number;
  kept: number;
  merged: number;
  rejected: number;
}

export interface RunLogEntry {
  level: 'info' | 'warning' | 'error';
  /** Plain French, for the person running the import. */
  message: string;
  at?: string;
  details?: Record<string, unknown>;
}

/** What the pipeline knows about a run; the store adds status, hash and version. */
export interface ImportRunInput {
  startedAt: string;
  /** Default: the moment the store writes the run. */
  finishedAt?: string;
  /** Run-level messages (per-record reasons go in `SourceRecordRow.reasons`). */
  log?: RunLogEntry[];
}

/** A run that published nothing: the source was unchanged (`skipped`) or could not be imported (`failed`). */
export interface RecordRunInput extends ImportRunInput {
  sourceId: string;
  status: 'failed' | 'skipped';
  contentHash?: string;
  /** Required when `status` is `failed`: why, in plain French (file, row, field, value, rule when known). */
  error?: string;
  counts?: RunCounts;
}

export interface ImportRun {
  id: number;
  sourceId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  contentHash?: string;
  /** The dataset version this run published (`succeeded` only). */
  datasetVersion?: number;
  counts?: RunCounts;
  error?: string;
  log: RunLogEntry[];
}

// ── What an import writes ───────────────────────────────────────────────────────────────────────

export type SourceRecordStatus = 'kept' | 'merged' | 'rejected';

/** Why a record was rejected, repaired or merged: enough for the producer to act on it. */
export interface RecordReason {
  /** Machine-readable rule, e.g. `required`, `pattern`, `duplicate`. */
  rule: string;
  /** Plain French. */
  message: string;
  field?: string;
  value?: string;
}

/** One record of the source exactly as received. Replaces all of that source's previous records. */
export interface SourceRecordRow {
  /** 1-based position in the source (CSV line or JSON array index + 1); unique per source. */
  line: number;
  /** The record as received, as JSON text (a CSV row becomes an object of its columns). */
  raw: string;
  status: SourceRecordStatus;
  reasons: RecordReason[];
  /** The `NormalisedLieuRow.key` this record became, if any. */
  key?: string;
}

/** One automatic correction applied while normalising. */
export interface Repair {
  field: string;
  /** Machine-readable rule, e.g. `telephone-e164`. */
  rule: string;
  before?: string;
  after?: string;
  message?: string;
}

export interface GeocodeInfo {
  /** How coordinates were obtained, e.g. `source`, `ban`, `commune-centroid`. */
  method: string;
  /** e.g. `housenumber`, `street`, `municipality`. */
  precision: string;
  /** Geocoder confidence in [0, 1], when it gives one. */
  score?: number;
}

/** One lieu of one source after mapping and repair, before the national merge. */
export interface NormalisedLieuRow {
  /** Stable key within the source (the producer's own id when it has one); unique per source. */
  key: string;
  /** The `SourceRecordRow.line` it comes from. */
  line?: number;
  /** Flat standard v1.0.1 record. */
  record: FlatRecord;
  repairs: Repair[];
  geocode?: GeocodeInfo;
}

/** A normalised lieu as read back by `normalisedLieuxOfAllSources`. */
export interface SourceNormalisedLieu extends NormalisedLieuRow {
  sourceId: string;
}

/** A lieu's quality, e.g. `scoreLieu()`'s `LieuScore` (core/quality) as is. */
export interface QualityScore {
  /** Overall score, a finite number (the pipeline chooses the scale, e.g. 0–100). */
  score: number;
  details: Record<string, unknown>;
}

/** One lieu of the merged national dataset: what the API serves. Stored as one JSON text. */
export interface DatasetLieuRow {
  /** National identifier, unique in the dataset, stable across versions; usually `record.id`. */
  id: string;
  /** Flat standard v1.0.1 record (`code_insee`, `latitude`, `longitude`… are indexed from it). */
  record: FlatRecord;
  quality: QualityScore;
  /** Ids of the sources merged into this lieu, most authoritative first; at least one. */
  sources: string[];
  geocode?: GeocodeInfo;
  warnings?: unknown[];
}

/**
 * A group of duplicates as `findDuplicates` (core/dedup) returns it — stable `id`, member keys, every scored
 * link with its evidence — and the dataset lieu it became.
 */
export interface MergeGroupRow extends MergeGroup {
  /** Must be in `dataset.lieux`. */
  lieuId: string;
}

/**
 * Which source gave which value of a dataset lieu: a `Provenance` of core/dedup's merge (`field`, `sourceId`,
 * `sourceKey` = the merged input's key, `value`) placed on its dataset lieu.
 */
export interface ProvenanceRow extends Provenance {
  /** Must be in `dataset.lieux`. */
  lieuId: string;
  /** False for a competing value the merge did not keep. Default true. */
  retained?: boolean;
  /** Why this value won, e.g. `most-recent`, `most-precise`. */
  rule?: string;
}

/** Dataset-level figures computed by the pipeline (counts, coverage…); stored as JSON. */
export type DatasetStats = Record<string, unknown>;

export interface CommitImportInput {
  sourceId: string;
  contentHash: string;
  /**
   * `currentVersion()` read BEFORE `normalisedLieuxOfAllSources()`. If another import published since,
   * the commit fails with code `conflict` and changes nothing: merge again from fresh data.
   */
  baseVersion: number | undefined;
  run: ImportRunInput;
  /** Every record of this source as received. Run counts are computed from their statuses. */
  sourceRecords: SourceRecordRow[];
  /** This source's normalised lieux (replaces the previous ones). */
  normalised: NormalisedLieuRow[];
  /** The whole merged national dataset, published as a new version. */
  dataset: {
    lieux: DatasetLieuRow[];
    mergeGroups: MergeGroupRow[];
    /** May be limited to merged lieux: a single-source lieu's values all come from `sources[0]`. Order kept. */
    provenance: ProvenanceRow[];
    stats: DatasetStats;
  };
}

export interface CommitResult {
  /** The newly published dataset version. */
  version: number;
  runId: number;
  /** Versions deleted to keep `keepVersions`. */
  pruned: number[];
}

/** Steps of `commitImport`, in order, all inside the one transaction. */
export type CommitStep =
  | 'source-records'
  | 'normalised-lieux'
  | 'dataset-lieux'
  | 'merge-groups'
  | 'provenance'
  | 'published'
  | 'pruned';

export interface CommitOptions {
  /**
   * Called after each step, inside the transaction (progress display). Throwing aborts the import.
   * Must not call the store: on SQLite its only connection is busy with this transaction.
   */
  onStep?: (step: CommitStep) => void | Promise<void>;
}

// ── What the server reads ───────────────────────────────────────────────────────────────────────

export interface DatasetVersionInfo {
  version: number;
  publishedAt: string;
  lieuCount: number;
  /** The run and source whose import produced this version. */
  runId?: number;
  sourceId?: string;
  stats: DatasetStats;
}

export interface Dataset extends DatasetVersionInfo {
  /** Ordered by id. */
  lieux: DatasetLieuRow[];
}

export interface SourceStats {
  sourceId: string;
  name: string;
  kind: string;
  /** Current records of the source, by status (from its last successful import). */
  records: number;
  kept: number;
  merged: number;
  rejected: number;
  /** Lieux of the published dataset this source contributes to. */
  lieux: number;
  /** Mean `quality.score` of those lieux; undefined when none. */
  meanQuality?: number;
  lastRun?: ImportRun;
  lastSuccessfulRun?: ImportRun;
}

/** One data layer over SQLite or PostgreSQL. Obtain with `openStore()`; `close()` when done. */
export interface Store {
  readonly backend: BackendKind;
  close(): Promise<void>;

  upsertSource(source: SourceInput): Promise<Source>;
  getSource(id: string): Promise<Source | undefined>;
  listSources(): Promise<Source[]>;

  /** The last run that published (its `contentHash` tells whether the source changed since). */
  lastSuccessfulRun(sourceId: string): Promise<ImportRun | undefined>;
  /** True when the last successful import of `sourceId` had this content hash: skip the import. */
  isUnchanged(sourceId: string, contentHash: string): Promise<boolean>;
  /** Newest first. Default limit 50. */
  listRuns(options?: { limit?: number; sourceId?: string }): Promise<ImportRun[]>;
  /** Logs a run that publishes nothing (`failed` or `skipped`). Returns its id. Changes no data. */
  recordRun(run: RecordRunInput): Promise<number>;

  /**
   * Publishes an import atomically: replaces the source's records and normalised lieux, writes the new
   * dataset version, flips the published pointer, prunes old versions, notifies watchers.
   * On failure nothing changes, the run is logged as `failed`, and a `StoreError` is thrown.
   */
  commitImport(input: CommitImportInput, options?: CommitOptions): Promise<CommitResult>;

  /** Every source's latest normalised lieux, ordered by source then key, read page by page. */
  normalisedLieuxOfAllSources(options?: {
    exceptSource?: string;
    pageSize?: number;
  }): AsyncIterable<SourceNormalisedLieu>;

  /**
   * The published dataset, or undefined before the first import. Repeated values (services lists,
   * communes, quality details…) are shared between lieux: treat the rows as read-only.
   */
  currentDataset(): Promise<Dataset | undefined>;
  /** The published version number: one cheap query, fit for polling. */
  currentVersion(): Promise<number | undefined>;
  /** Retained versions, newest first. */
  listVersions(): Promise<DatasetVersionInfo[]>;
  /**
   * Calls `onChange(version)` whenever the published version changes, by this or another process.
   * Resolves once watching; the returned function stops it.
   */
  watchVersion(onChange: (version: number) => void): Promise<() => void>;

  /** Merge groups of a lieu of the published dataset (empty when it comes from one record). */
  mergeGroupsOf(lieuId: string): Promise<MergeGroupRow[]>;
  /** Provenance rows of a lieu of the published dataset, in the order they were written. */
  provenanceOf(lieuId: string): Promise<ProvenanceRow[]>;
  sourceStats(): Promise<SourceStats[]>;
}

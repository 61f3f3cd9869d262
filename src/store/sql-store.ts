/**
 * The `Store`, written once over Kysely; backend differences live in `backend.ts`.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Backend, Warn } from './backend.js';
import { coordinateOf, codeInseeOf, departementOf } from './columns.js';
import { describeError, StoreError } from './errors.js';
import {
  BULK_TABLES,
  VERSIONED_TABLES,
  type Database,
  type ImportRunsTable,
  type SourcesTable,
} from './schema.js';
import type {
  BackendKind,
  CommitImportInput,
  CommitOptions,
  CommitResult,
  CommitStep,
  Dataset,
  DatasetLieuRow,
  DatasetVersionInfo,
  ImportRun,
  MergeGroupRow,
  ProvenanceRow,
  RecordRunInput,
  RunCounts,
  RunLogEntry,
  RunStatus,
  Source,
  SourceInput,
  SourceNormalisedLieu,
  SourceRecordRow,
  SourceStats,
  Store,
} from './types.js';
import { checkSourceId, validateCommitInput, validateRecordRun, validateSource } from './validate.js';
import { ValueSharer } from './share.js';

export interface SqlStoreSettings {
  keepVersions: number;
  pollIntervalMs: number;
  warn: Warn;
}

interface Subscriber {
  onChange: (version: number) => void;
  last: number | undefined;
}

const now = () => new Date().toISOString();
const iso = (text: string) => new Date(text).toISOString();

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

function countStatuses(records: readonly SourceRecordRow[]): RunCounts {
  const counts: RunCounts = { records: records.length, kept: 0, merged: 0, rejected: 0 };
  for (const record of records) counts[record.status]++;
  return counts;
}

function toSource(row: Selectable<SourcesTable>): Source {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    definition: parseJson<unknown>(row.definition, null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRun(row: Selectable<ImportRunsTable>): ImportRun {
  const run: ImportRun = {
    id: Number(row.id),
    sourceId: row.source_id,
    status: row.status as RunStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    log: parseJson<RunLogEntry[]>(row.log, []),
  };
  if (row.content_hash !== null) run.contentHash = row.content_hash;
  if (row.dataset_version !== null) run.datasetVersion = Number(row.dataset_version);
  if (row.records !== null) {
    run.counts = {
      records: Number(row.records),
      kept: Number(row.kept ?? 0),
      merged: Number(row.merged ?? 0),
      rejected: Number(row.rejected ?? 0),
    };
  }
  if (row.error !== null) run.error = row.error;
  return run;
}

export class SqlStore implements Store {
  private closed = false;
  private readonly subscribers = new Set<Subscriber>();
  private stopWatching: (() => Promise<void>) | undefined;
  private checking: Promise<void> | undefined;
  private recheck = false;

  constructor(
    private readonly impl: Backend,
    private readonly settings: SqlStoreSettings,
  ) {}

  get backend(): BackendKind {
    return this.impl.kind;
  }

  private get db() {
    return this.impl.db;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreError('closed', 'La base est fermée : store.close() a déjà été appelé.');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscribers.clear();
    await this.stopWatching?.();
    this.stopWatching = undefined;
    await this.checking?.catch(() => undefined);
    await this.impl.close();
  }

  // ── Sources and runs ──────────────────────────────────────────────────────────────────────────

  async upsertSource(source: SourceInput): Promise<Source> {
    this.ensureOpen();
    validateSource(source);
    const at = now();
    const definition = JSON.stringify(source.definition);
    await this.impl.writeTransaction((trx) =>
      trx
        .insertInto('sources')
        .values({
          id: source.id,
          name: source.name,
          kind: source.kind,
          definition,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: source.name, kind: source.kind, definition, updated_at: at }),
        )
        .execute(),
    );
    const stored = await this.getSource(source.id);
    if (!stored)
      throw new StoreError('commit-failed', `La source « ${source.id} » n’a pas pu être enregistrée.`);
    return stored;
  }

  async getSource(id: string): Promise<Source | undefined> {
    this.ensureOpen();
    const row = await this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSource(row) : undefined;
  }

  async listSources(): Promise<Source[]> {
    this.ensureOpen();
    const rows = await this.db.selectFrom('sources').selectAll().orderBy('id').execute();
    return rows.map(toSource);
  }

  async lastSuccessfulRun(sourceId: string): Promise<ImportRun | undefined> {
    this.ensureOpen();
    const row = await this.db
      .selectFrom('import_runs')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where('status', '=', 'succeeded')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  async isUnchanged(sourceId: string, contentHash: string): Promise<boolean> {
    const run = await this.lastSuccessfulRun(sourceId);
    return run !== undefined && run.contentHash === contentHash;
  }

  async listRuns(options: { limit?: number; sourceId?: string } = {}): Promise<ImportRun[]> {
    this.ensureOpen();
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new StoreError(
        'invalid-input',
        `listRuns : limit doit être un entier ≥ 1, reçu ${String(limit)}.`,
      );
    }
    let query = this.db.selectFrom('import_runs').selectAll().orderBy('id', 'desc').limit(limit);
    if (options.sourceId !== undefined) query = query.where('source_id', '=', options.sourceId);
    return (await query.execute()).map(toRun);
  }

  async recordRun(run: RecordRunInput): Promise<number> {
    this.ensureOpen();
    validateRecordRun(run);
    await this.requireSource(run.sourceId);
    return this.insertRun({
      sourceId: run.sourceId,
      status: run.status,
      startedAt: iso(run.startedAt),
      finishedAt: run.finishedAt ? iso(run.finishedAt) : now(),
      contentHash: run.contentHash,
      counts: run.counts,
      error: run.error,
      log: run.log ?? [],
    });
  }

  private async requireSource(sourceId: string): Promise<void> {
    checkSourceId(sourceId);
    const found = await this.db
      .selectFrom('sources')
      .select('id')
      .where('id', '=', sourceId)
      .executeTakeFirst();
    if (!found) {
      throw new StoreError(
        'invalid-input',
        `Source inconnue « ${sourceId} » : enregistrez-la d’abord avec upsertSource().`,
      );
    }
  }

  private async insertRun(
    run: Omit<ImportRun, 'id' | 'contentHash' | 'counts' | 'error' | 'datasetVersion'> & {
      contentHash: string | undefined;
      counts: RunCounts | undefined;
      error: string | undefined;
      datasetVersion?: number;
    },
    db?: Kysely<Database>,
  ): Promise<number> {
    // Alone, a run is its own write transaction (writers queue on SQLite).
    if (!db) return this.impl.writeTransaction((trx) => this.insertRun(run, trx));
    const inserted = await db
      .insertInto('import_runs')
      .values({
        source_id: run.sourceId,
        status: run.status,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        content_hash: run.contentHash ?? null,
        dataset_version: run.datasetVersion ?? null,
        records: run.counts?.records ?? null,
        kept: run.counts?.kept ?? null,
        merged: run.counts?.merged ?? null,
        rejected: run.counts?.rejected ?? null,
        error: run.error ?? null,
        log: JSON.stringify(run.log),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  // ── Commit ────────────────────────────────────────────────────────────────────────────────────

  async commitImport(input: CommitImportInput, options: CommitOptions = {}): Promise<CommitResult> {
    this.ensureOpen();
    try {
      validateCommitInput(input);
      await this.requireSource(input.sourceId);
      const result = await this.impl.writeTransaction((trx) => this.writeImport(trx, input, options));
      void this.checkVersion();
      return result;
    } catch (error) {
      throw await this.failCommit(input, error);
    }
  }

  private async writeImport(
    trx: Kysely<Database>,
    input: CommitImportInput,
    options: CommitOptions,
  ): Promise<CommitResult> {
    const step = async (name: CommitStep) => {
      await options.onStep?.(name);
    };
    const { sourceId, dataset } = input;

    // Locks the pointer row on PostgreSQL (SQLite's transaction already holds the write lock), so that
    // concurrent imports queue here and the later one sees the version the first published.
    await sql`update dataset_pointer set version = version where id = 1`.execute(trx);
    const pointer = await trx
      .selectFrom('dataset_pointer')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirst();
    const current = pointer?.version ?? undefined;
    if (current !== input.baseVersion) {
      throw new StoreError(
        'conflict',
        `Une autre importation a publié la version ${current ?? '(aucune)'} pendant celle-ci (calculée sur la version ${input.baseVersion ?? '(aucune)'}) : relancez la fusion sur les données à jour.`,
      );
    }
    const max = await trx
      .selectFrom('dataset_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .executeTakeFirst();
    const version = Number(max?.max ?? 0) + 1;
    const publishedAt = now();

    const runId = await this.insertRun(
      {
        sourceId,
        status: 'succeeded',
        startedAt: iso(input.run.startedAt),
        finishedAt: input.run.finishedAt ? iso(input.run.finishedAt) : publishedAt,
        contentHash: input.contentHash,
        counts: countStatuses(input.sourceRecords),
        error: undefined,
        log: input.run.log ?? [],
        datasetVersion: version,
      },
      trx,
    );

    await trx.deleteFrom('source_records').where('source_id', '=', sourceId).execute();
    await this.impl.insertMany(
      trx,
      BULK_TABLES.sourceRecords,
      input.sourceRecords.map((r) => [
        sourceId,
        r.line,
        r.status,
        r.key ?? null,
        r.raw,
        JSON.stringify(r.reasons),
      ]),
    );
    await step('source-records');

    await trx.deleteFrom('normalised_lieux').where('source_id', '=', sourceId).execute();
    await this.impl.insertMany(
      trx,
      BULK_TABLES.normalisedLieux,
      input.normalised.map((n) => [
        sourceId,
        n.key,
        n.line ?? null,
        JSON.stringify(n.record),
        JSON.stringify(n.repairs),
        n.geocode ? JSON.stringify(n.geocode) : null,
      ]),
    );
    await step('normalised-lieux');

    await trx
      .insertInto('dataset_versions')
      .values({
        version,
        published_at: publishedAt,
        run_id: runId,
        source_id: sourceId,
        lieu_count: dataset.lieux.length,
        stats: JSON.stringify(dataset.stats),
      })
      .execute();
    // Generated lazily: 100k serialised lieux need not all exist at once.
    await this.impl.insertMany(trx, BULK_TABLES.datasetLieux, lieuRows(version, dataset.lieux));
    await this.impl.insertMany(trx, BULK_TABLES.sourceStats, sourceStatRows(version, dataset.lieux));
    await step('dataset-lieux');

    const ordinals = new Map<string, number>();
    await this.impl.insertMany(
      trx,
      BULK_TABLES.mergeGroups,
      dataset.mergeGroups.map((group) => {
        const ordinal = ordinals.get(group.lieuId) ?? 0;
        ordinals.set(group.lieuId, ordinal + 1);
        return [version, group.lieuId, ordinal, JSON.stringify(group)];
      }),
    );
    await step('merge-groups');

    const provenance = new Map<string, ProvenanceRow[]>();
    for (const row of dataset.provenance) {
      const rows = provenance.get(row.lieuId);
      if (rows) rows.push(row);
      else provenance.set(row.lieuId, [row]);
    }
    await this.impl.insertMany(
      trx,
      BULK_TABLES.provenance,
      mapIterable(provenance, ([lieuId, rows]) => [version, lieuId, JSON.stringify(rows)]),
    );
    await step('provenance');

    await trx.updateTable('dataset_pointer').set({ version }).where('id', '=', 1).execute();
    await step('published');

    const versions = await trx
      .selectFrom('dataset_versions')
      .select('version')
      .orderBy('version', 'desc')
      .execute();
    const pruned = versions.slice(this.settings.keepVersions).map((v) => Number(v.version));
    if (pruned.length > 0) {
      for (const table of VERSIONED_TABLES)
        await trx.deleteFrom(table).where('version', 'in', pruned).execute();
      await trx.deleteFrom('dataset_versions').where('version', 'in', pruned).execute();
    }
    await step('pruned');

    await this.impl.announce(trx, version);
    return { version, runId, pruned };
  }

  /** Logs the failed run (outside the rolled-back transaction) and builds the error to throw. */
  private async failCommit(input: CommitImportInput, cause: unknown): Promise<StoreError> {
    const sourceId = typeof input?.sourceId === 'string' ? input.sourceId : String(input?.sourceId);
    const error =
      cause instanceof StoreError && cause.code !== 'closed'
        ? cause
        : new StoreError(
            'commit-failed',
            `Import de la source « ${sourceId} » annulé, le jeu de données publié n’a pas changé : ${describeError(cause)}`,
            { cause },
          );
    if (this.closed) return error;
    try {
      const records = Array.isArray(input?.sourceRecords) ? input.sourceRecords : undefined;
      error.runId = await this.insertRun({
        sourceId,
        status: 'failed',
        startedAt: safeIso(input?.run?.startedAt) ?? now(),
        finishedAt: now(),
        contentHash: typeof input?.contentHash === 'string' ? input.contentHash : undefined,
        counts: records?.every(
          (r) => r && (r.status === 'kept' || r.status === 'merged' || r.status === 'rejected'),
        )
          ? countStatuses(records)
          : undefined,
        error: error.message,
        log: [
          ...(Array.isArray(input?.run?.log) ? input.run.log : []),
          { level: 'error', message: error.message, at: now() },
        ],
      });
    } catch {
      // Unknown source or database down: the error itself says what happened.
    }
    return error;
  }

  // ── Reads ─────────────────────────────────────────────────────────────────────────────────────

  async *normalisedLieuxOfAllSources(
    options: { exceptSource?: string; pageSize?: number } = {},
  ): AsyncIterable<SourceNormalisedLieu> {
    this.ensureOpen();
    const pageSize = options.pageSize ?? 2000;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new StoreError(
        'invalid-input',
        `normalisedLieuxOfAllSources : pageSize doit être un entier ≥ 1.`,
      );
    }
    let after: [string, string] | undefined;
    for (;;) {
      this.ensureOpen();
      let query = this.db
        .selectFrom('normalised_lieux')
        .selectAll()
        .orderBy('source_id')
        .orderBy('key')
        .limit(pageSize);
      if (options.exceptSource !== undefined) query = query.where('source_id', '!=', options.exceptSource);
      if (after) {
        const [source, key] = after;
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('source_id', 'key'), '>', tuple(source, key)),
        );
      }
      const rows = await query.execute();
      for (const row of rows) {
        const lieu: SourceNormalisedLieu = {
          sourceId: row.source_id,
          key: row.key,
          record: JSON.parse(row.record),
          repairs: JSON.parse(row.repairs),
        };
        if (row.line !== null) lieu.line = Number(row.line);
        if (row.geocode !== null) lieu.geocode = JSON.parse(row.geocode);
        yield lieu;
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = [last.source_id, last.key];
    }
  }

  async currentDataset(): Promise<Dataset | undefined> {
    this.ensureOpen();
    const lieux: DatasetLieuRow[] = [];
    const sharer = new ValueSharer();
    const head = await this.impl.readPublished((json) =>
      lieux.push(sharer.share(JSON.parse(json) as DatasetLieuRow)),
    );
    if (!head) return undefined;
    return { ...versionInfo(head), lieux };
  }

  async currentVersion(): Promise<number | undefined> {
    this.ensureOpen();
    const row = await this.db
      .selectFrom('dataset_pointer')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirst();
    return row?.version === null || row?.version === undefined ? undefined : Number(row.version);
  }

  async listVersions(): Promise<DatasetVersionInfo[]> {
    this.ensureOpen();
    const rows = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .orderBy('version', 'desc')
      .execute();
    return rows.map(versionInfo);
  }

  async watchVersion(onChange: (version: number) => void): Promise<() => void> {
    this.ensureOpen();
    const subscriber: Subscriber = { onChange, last: await this.currentVersion() };
    this.subscribers.add(subscriber);
    if (!this.stopWatching) {
      this.stopWatching = this.impl.watch(
        () => void this.checkVersion(),
        this.settings.pollIntervalMs,
        this.settings.warn,
      );
    }
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.stopWatching) {
        const stop = this.stopWatching;
        this.stopWatching = undefined;
        void stop();
      }
    };
  }

  /** Reads the pointer and tells subscribers whose last seen version differs. One check at a time. */
  private checkVersion(): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.recheck = false;
        if (this.closed || this.subscribers.size === 0) return;
        let version: number | undefined;
        try {
          version = await this.currentVersion();
        } catch (error) {
          if (!this.closed) this.settings.warn('Lecture de la version publiée impossible.', error);
          return;
        }
        if (version === undefined) continue;
        for (const subscriber of this.subscribers) {
          if (subscriber.last === version) continue;
          subscriber.last = version;
          try {
            subscriber.onChange(version);
          } catch (error) {
            this.settings.warn(`Un abonné à la version ${version} a échoué : ${describeError(error)}`, error);
          }
        }
      } while (this.recheck);
    })().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  async mergeGroupsOf(lieuId: string): Promise<MergeGroupRow[]> {
    this.ensureOpen();
    const rows = await this.db
      .selectFrom('dataset_merge_groups')
      .select('data')
      .where('version', '=', publishedVersion(this.db))
      .where('lieu_id', '=', lieuId)
      .orderBy('ordinal')
      .execute();
    return rows.map((r) => JSON.parse(r.data) as MergeGroupRow);
  }

  async provenanceOf(lieuId: string): Promise<ProvenanceRow[]> {
    this.ensureOpen();
    const row = await this.db
      .selectFrom('dataset_provenance')
      .select('data')
      .where('version', '=', publishedVersion(this.db))
      .where('lieu_id', '=', lieuId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.data) as ProvenanceRow[]) : [];
  }

  async sourceStats(): Promise<SourceStats[]> {
    this.ensureOpen();
    const [sources, counts, quality, lastRuns, lastSuccesses] = await Promise.all([
      this.db.selectFrom('sources').selectAll().orderBy('id').execute(),
      this.db
        .selectFrom('source_records')
        .select(['source_id', 'status', (eb) => eb.fn.countAll().as('n')])
        .groupBy(['source_id', 'status'])
        .execute(),
      this.db
        .selectFrom('dataset_source_stats')
        .select(['source_id', 'lieux', 'mean_quality'])
        .where('version', '=', publishedVersion(this.db))
        .execute(),
      this.db
        .selectFrom('import_runs')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('import_runs')
            .select((e) => e.fn.max('id').as('id'))
            .groupBy('source_id'),
        )
        .execute(),
      this.db
        .selectFrom('import_runs')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('import_runs')
            .select((e) => e.fn.max('id').as('id'))
            .where('status', '=', 'succeeded')
            .groupBy('source_id'),
        )
        .execute(),
    ]);
    const bySource = <T extends { source_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.source_id, [...(map.get(row.source_id) ?? []), row]);
      return map;
    };
    const countsOf = bySource(counts);
    const qualityOf = bySource(quality);
    const lastRunOf = bySource(lastRuns);
    const lastSuccessOf = bySource(lastSuccesses);
    return sources.map((source) => {
      const stats: SourceStats = {
        sourceId: source.id,
        name: source.name,
        kind: source.kind,
        records: 0,
        kept: 0,
        merged: 0,
        rejected: 0,
        lieux: 0,
      };
      for (const row of countsOf.get(source.id) ?? []) {
        const n = Number(row.n);
        stats.records += n;
        if (row.status === 'kept' || row.status === 'merged' || row.status === 'rejected')
          stats[row.status] += n;
      }
      const q = qualityOf.get(source.id)?.[0];
      if (q) {
        stats.lieux = Number(q.lieux);
        if (q.mean_quality !== null) stats.meanQuality = Number(q.mean_quality);
      }
      const lastRun = lastRunOf.get(source.id)?.[0];
      if (lastRun) stats.lastRun = toRun(lastRun);
      const lastSuccess = lastSuccessOf.get(source.id)?.[0];
      if (lastSuccess) stats.lastSuccessfulRun = toRun(lastSuccess);
      return stats;
    });
  }
}

function publishedVersion(db: Backend['db']) {
  return db.selectFrom('dataset_pointer').select('version').where('id', '=', 1);
}

function versionInfo(row: {
  version: number;
  published_at: string;
  run_id: number | null;
  source_id: string | null;
  lieu_count: number;
  stats: string;
}): DatasetVersionInfo {
  const info: DatasetVersionInfo = {
    version: Number(row.version),
    publishedAt: row.published_at,
    lieuCount: Number(row.lieu_count),
    stats: parseJson<Record<string, unknown>>(row.stats, {}),
  };
  if (row.run_id !== null) info.runId = Number(row.run_id);
  if (row.source_id !== null) info.sourceId = row.source_id;
  return info;
}

function safeIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}

function* lieuRows(version: number, lieux: readonly DatasetLieuRow[]): Iterable<unknown[]> {
  for (const lieu of lieux) {
    yield [
      version,
      lieu.id,
      codeInseeOf(lieu.record),
      departementOf(lieu.record) ?? null,
      coordinateOf(lieu.record.latitude),
      coordinateOf(lieu.record.longitude),
      lieu.quality.score,
      JSON.stringify(lieu),
    ];
  }
}

/** Per source: how many published lieux it contributes to, and their mean quality. */
function* sourceStatRows(version: number, lieux: readonly DatasetLieuRow[]): Iterable<unknown[]> {
  const totals = new Map<string, { lieux: number; quality: number }>();
  for (const lieu of lieux) {
    for (const sourceId of new Set(lieu.sources)) {
      const total = totals.get(sourceId) ?? { lieux: 0, quality: 0 };
      total.lieux++;
      total.quality += lieu.quality.score;
      totals.set(sourceId, total);
    }
  }
  for (const [sourceId, total] of totals) yield [version, sourceId, total.lieux, total.quality / total.lieux];
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../src/store/index.js';
import type {
  CommitStep,
  DatasetLieuRow,
  MergeGroupRow,
  ProvenanceRow,
  Store,
} from '../../src/store/index.js';
import { makeCommit, makeLieu, PG_URL, probePostgres, TestDatabase, waitFor } from './helpers.js';

const pgProblem = await probePostgres();
const skipPostgres = pgProblem !== undefined && process.env.REPERE_SKIP_PG === '1';
if (skipPostgres) {
  console.warn(
    `Tests du store sur PostgreSQL sautés (REPERE_SKIP_PG=1) : ${PG_URL} injoignable (${pgProblem}).`,
  );
}

const SOURCE = {
  id: 'hub-lo',
  name: 'Hub du Lot',
  kind: 'file',
  definition: { path: 'hub-lo.json', mapping: { nom: 'Nom' } },
};
const OTHER = {
  id: 'gironde',
  name: 'Gironde',
  kind: 'url',
  definition: { url: 'https://example.org/gironde.csv' },
};

async function caught(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('une erreur était attendue');
}

const byId = (a: DatasetLieuRow, b: DatasetLieuRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.each(['sqlite', 'postgres'] as const)('store on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let db: TestDatabase;
    let store: Store;

    beforeAll(() => {
      if (backend === 'postgres' && pgProblem) {
        throw new Error(
          `PostgreSQL injoignable sur ${PG_URL} (${pgProblem}) : démarrez-le, ou lancez les tests avec REPERE_SKIP_PG=1 pour sauter ce backend.`,
        );
      }
    });

    beforeEach(async () => {
      db = await TestDatabase.create(backend);
      store = await db.open();
      await store.upsertSource(SOURCE);
    });

    afterEach(async () => {
      await db.cleanup();
    });

    /** Commits a fresh import of `sourceId` on top of whatever is published. */
    async function publish(sourceId = SOURCE.id, options: Parameters<typeof makeCommit>[2] = {}, on = store) {
      return on.commitImport(makeCommit(sourceId, await on.currentVersion(), options));
    }

    /** Everything an import may change, to compare before/after a failure. */
    async function snapshot(on = store) {
      const normalised = [];
      for await (const lieu of on.normalisedLieuxOfAllSources()) normalised.push(lieu);
      const stats = (await on.sourceStats()).map(({ lastRun: _lastRun, ...rest }) => rest);
      return {
        version: await on.currentVersion(),
        dataset: await on.currentDataset(),
        versions: await on.listVersions(),
        normalised,
        stats,
        records: await db.query(
          'select source_id, line, status, lieu_key, raw, reasons from source_records order by source_id, line',
        ),
      };
    }

    describe('opening and migrations', () => {
      it('reports its backend and starts empty', async () => {
        expect(store.backend).toBe(backend);
        expect(await store.currentVersion()).toBeUndefined();
        expect(await store.currentDataset()).toBeUndefined();
        expect(await store.listVersions()).toEqual([]);
      });

      it('re-opening applies no migration twice and keeps the data', async () => {
        const { version } = await publish();
        await store.close();
        const again = await db.open();
        const third = await db.open();
        expect(await db.count('repere_migration')).toBe(1);
        expect(await again.currentVersion()).toBe(version);
        expect((await third.currentDataset())?.lieux).toHaveLength(6);
      });

      it('two stores opening a fresh database at once both succeed', async () => {
        const fresh = await TestDatabase.create(backend);
        try {
          const [a, b] = await Promise.all([fresh.open(), fresh.open()]);
          await a.upsertSource(SOURCE);
          expect((await b.listSources()).map((s) => s.id)).toEqual([SOURCE.id]);
          expect(await fresh.count('repere_migration')).toBe(1);
        } finally {
          await fresh.cleanup();
        }
      });

      it('refuses a database migrated by a newer Repère, saying so', async () => {
        await db.query(
          `insert into repere_migration (name, timestamp) values ('9999_future', '2030-01-01T00:00:00.000Z')`,
        );
        const error = await caught(db.open());
        expect(error.code).toBe('migration');
        expect(error.message).toContain('9999_future');
        expect(error.message).toContain('mettez Repère à jour');
      });

      it('refuses an unknown database URL with the accepted forms', async () => {
        const error = await caught(openStore({ databaseUrl: 'mysql://root@localhost/repere' }));
        expect(error.code).toBe('config');
        expect(error.message).toContain('postgres://');
        expect(error.message).toContain('sqlite:');
      });

      it('refuses invalid settings', async () => {
        expect((await caught(db.open({ keepVersions: 0 }))).code).toBe('config');
        expect((await caught(db.open({ pollIntervalMs: 0 }))).code).toBe('config');
      });

      it('fails on use after close with a clear error', async () => {
        await store.close();
        await store.close();
        const error = await caught(store.currentVersion());
        expect(error.code).toBe('closed');
      });
    });

    describe('sources and runs', () => {
      it('upserts a source: the definition round-trips, createdAt stays, the rest updates', async () => {
        const first = await store.getSource(SOURCE.id);
        expect(first).toMatchObject(SOURCE);
        const updated = await store.upsertSource({
          ...SOURCE,
          name: 'Hub du Lot (v2)',
          definition: { path: 'v2.json' },
        });
        expect(updated.name).toBe('Hub du Lot (v2)');
        expect(updated.definition).toEqual({ path: 'v2.json' });
        expect(updated.createdAt).toBe(first!.createdAt);
        expect(await store.getSource('inconnue')).toBeUndefined();
        await store.upsertSource(OTHER);
        expect((await store.listSources()).map((s) => s.id)).toEqual(['gironde', 'hub-lo']);
      });

      it('refuses an invalid source id, naming the rule', async () => {
        const error = await caught(store.upsertSource({ ...SOURCE, id: 'Hub LO!' }));
        expect(error.code).toBe('invalid-input');
        expect(error.message).toContain('« Hub LO! »');
        expect(error.message).toContain('hub-lo');
      });

      it('tells the pipeline to skip an unchanged source (same content hash)', async () => {
        expect(await store.lastSuccessfulRun(SOURCE.id)).toBeUndefined();
        expect(await store.isUnchanged(SOURCE.id, 'sha256:a')).toBe(false);
        const { version, runId } = await publish(SOURCE.id, { hash: 'sha256:a' });
        const last = await store.lastSuccessfulRun(SOURCE.id);
        expect(last).toMatchObject({
          id: runId,
          status: 'succeeded',
          contentHash: 'sha256:a',
          datasetVersion: version,
        });
        expect(last?.counts).toEqual({ records: 5, kept: 3, merged: 1, rejected: 1 });
        expect(await store.isUnchanged(SOURCE.id, 'sha256:a')).toBe(true);
        expect(await store.isUnchanged(SOURCE.id, 'sha256:b')).toBe(false);

        // The pipeline then logs a skipped run: nothing else changes.
        const before = await snapshot();
        const skipped = await store.recordRun({
          sourceId: SOURCE.id,
          status: 'skipped',
          contentHash: 'sha256:a',
          startedAt: '2024-06-02T08:00:00Z',
        });
        expect(await snapshot()).toEqual(before);
        expect((await store.lastSuccessfulRun(SOURCE.id))?.id).toBe(runId);
        expect((await store.listRuns({ limit: 1 }))[0]).toMatchObject({ id: skipped, status: 'skipped' });
      });

      it('logs a failed run with its error and changes no data', async () => {
        await publish();
        const before = await snapshot();
        const id = await store.recordRun({
          sourceId: SOURCE.id,
          status: 'failed',
          startedAt: '2024-06-02T08:00:00Z',
          finishedAt: '2024-06-02T08:00:03Z',
          contentHash: 'sha256:tronque',
          error: 'hub-lo.json, octet 18 342 : fichier tronqué (JSON incomplet).',
          counts: { records: 12, kept: 0, merged: 0, rejected: 12 },
          log: [{ level: 'error', message: 'Lecture interrompue.' }],
        });
        expect(await snapshot()).toEqual(before);
        const runs = await store.listRuns({ sourceId: SOURCE.id });
        expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
        expect(runs[0]).toMatchObject({
          id,
          error: 'hub-lo.json, octet 18 342 : fichier tronqué (JSON incomplet).',
          startedAt: '2024-06-02T08:00:00.000Z',
          finishedAt: '2024-06-02T08:00:03.000Z',
          counts: { records: 12, kept: 0, merged: 0, rejected: 12 },
          log: [{ level: 'error', message: 'Lecture interrompue.' }],
        });
        expect(await store.isUnchanged(SOURCE.id, 'sha256:tronque')).toBe(false);
      });

      it('refuses a failed run without its error, and runs of unknown sources', async () => {
        const noError = await caught(
          store.recordRun({ sourceId: SOURCE.id, status: 'failed', startedAt: '2024-06-02T08:00:00Z' }),
        );
        expect(noError.message).toContain('error');
        const unknown = await caught(
          store.recordRun({ sourceId: 'ailleurs', status: 'skipped', startedAt: '2024-06-02T08:00:00Z' }),
        );
        expect(unknown.message).toContain('Source inconnue « ailleurs »');
        expect(await store.listRuns()).toEqual([]);
      });

      it('lists runs newest first, with a limit and per source', async () => {
        await store.upsertSource(OTHER);
        await publish(SOURCE.id);
        await publish(OTHER.id);
        await store.recordRun({ sourceId: SOURCE.id, status: 'skipped', startedAt: '2024-06-03T08:00:00Z' });
        const all = await store.listRuns();
        expect(all.map((r) => [r.sourceId, r.status])).toEqual([
          ['hub-lo', 'skipped'],
          ['gironde', 'succeeded'],
          ['hub-lo', 'succeeded'],
        ]);
        expect((await store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual(
          all.slice(0, 2).map((r) => r.id),
        );
        expect((await store.listRuns({ sourceId: OTHER.id })).map((r) => r.sourceId)).toEqual(['gironde']);
        expect((await caught(store.listRuns({ limit: 0 }))).code).toBe('invalid-input');
      });
    });

    describe('commit and read back', () => {
      it('publishes a dataset version that reads back identical', async () => {
        const input = makeCommit(SOURCE.id, undefined, { lieux: 9, records: 10 });
        input.dataset.lieux.reverse();
        input.dataset.lieux[0]!.warnings = [{ field: 'horaires', message: 'Horaires approximatifs' }];
        // Characters that trip up escaping: quotes, backslashes, control characters, astral emoji.
        const tricky = 'Café « l’Atelier » 🧑‍💻 "q" \\ \n\t fin\u0000';
        input.dataset.lieux[1]!.record.nom = tricky;
        input.normalised[0]!.record.nom = tricky;
        input.sourceRecords[0]!.raw = JSON.stringify({ Nom: tricky });
        const steps: CommitStep[] = [];
        const result = await store.commitImport(input, { onStep: (step) => void steps.push(step) });
        expect(result).toMatchObject({ version: 1, pruned: [] });
        expect(steps).toEqual([
          'source-records',
          'normalised-lieux',
          'dataset-lieux',
          'merge-groups',
          'provenance',
          'published',
          'pruned',
        ]);

        expect(await store.currentVersion()).toBe(1);
        const dataset = await store.currentDataset();
        expect(dataset).toMatchObject({
          version: 1,
          lieuCount: 9,
          runId: result.runId,
          sourceId: SOURCE.id,
          stats: input.dataset.stats,
        });
        expect(Date.parse(dataset!.publishedAt)).not.toBeNaN();
        expect(dataset!.lieux).toEqual([...input.dataset.lieux].sort(byId));
        // Equal small objects are shared between the lieux read (rows are read-only), not one per lieu.
        const geocodes = dataset!.lieux.map((l) => l.geocode).filter((g) => g?.method === 'source');
        expect(geocodes.length).toBeGreaterThan(1);
        expect(new Set(geocodes).size).toBe(new Set(geocodes.map((g) => JSON.stringify(g))).size);
        expect(await store.listVersions()).toEqual([
          {
            version: 1,
            publishedAt: dataset!.publishedAt,
            lieuCount: 9,
            runId: result.runId,
            sourceId: SOURCE.id,
            stats: input.dataset.stats,
          },
        ]);

        const normalised = [];
        for await (const lieu of store.normalisedLieuxOfAllSources()) normalised.push(lieu);
        expect(normalised).toEqual(
          input.normalised
            .map((n) => ({ sourceId: SOURCE.id, ...n }))
            .sort((a, b) => (a.key < b.key ? -1 : 1)),
        );

        const records = await db.query<{
          line: number;
          raw: string;
          status: string;
          reasons: string;
          lieu_key: string | null;
        }>('select line, raw, status, reasons, lieu_key from source_records order by line');
        expect(
          records.map((r) => ({
            line: Number(r.line),
            raw: r.raw,
            status: r.status,
            reasons: JSON.parse(r.reasons),
            key: r.lieu_key ?? undefined,
          })),
        ).toEqual(input.sourceRecords.map((r) => ({ ...r, key: r.key })));
      });

      it('reads a dataset bigger than one read page whole and ordered', async () => {
        const input = makeCommit(SOURCE.id, undefined, { lieux: 5003 });
        input.dataset.lieux.reverse();
        await store.commitImport(input);
        const dataset = await store.currentDataset();
        expect(dataset?.lieux.map((l) => l.id)).toEqual(input.dataset.lieux.map((l) => l.id).sort());
        expect(dataset?.lieux[4321]).toEqual(
          input.dataset.lieux.find((l) => l.id === dataset?.lieux[4321]?.id),
        );
      });

      it('fills the indexed columns from each lieu’s record', async () => {
        const input = makeCommit(SOURCE.id, undefined, { lieux: 4 });
        input.dataset.lieux[3] = makeLieu(3, [SOURCE.id], {
          record: {
            id: 'x',
            nom: 'Sans position',
            commune: 'Bastia',
            code_postal: '20200',
            latitude: '',
            longitude: 'n/a',
          },
        });
        await store.commitImport(input);
        const rows = await db.query<{
          id: string;
          code_insee: string | null;
          departement: string | null;
          latitude: number | null;
          longitude: number | null;
          quality: number;
        }>('select id, code_insee, departement, latitude, longitude, quality from dataset_lieux order by id');
        expect(
          rows.map((r) => ({
            ...r,
            latitude: r.latitude === null ? null : Number(r.latitude),
            longitude: r.longitude === null ? null : Number(r.longitude),
            quality: Number(r.quality),
          })),
        ).toEqual(
          input.dataset.lieux.map((lieu) => ({
            id: lieu.id,
            code_insee: lieu.record.code_insee ?? null,
            departement:
              { '49007': '49', '2A004': '2A', '97120': '971' }[lieu.record.code_insee ?? ''] ?? '2B',
            latitude: lieu.record.latitude ? Number(lieu.record.latitude) : null,
            longitude: lieu.record.longitude === 'n/a' ? null : Number(lieu.record.longitude),
            quality: lieu.quality.score,
          })),
        );
      });

      it('replaces the source’s records and normalised lieux, leaving other sources alone', async () => {
        await store.upsertSource(OTHER);
        await publish(OTHER.id, { records: 3 });
        await publish(SOURCE.id, { records: 10 });
        await publish(SOURCE.id, { records: 5, hash: 'sha256:v2' });

        const keys: string[] = [];
        for await (const lieu of store.normalisedLieuxOfAllSources())
          keys.push(`${lieu.sourceId}/${lieu.key}`);
        expect(keys).toEqual([
          'gironde/gironde-0',
          'gironde/gironde-1',
          'gironde/gironde-2',
          ...[0, 1, 2, 3].map((i) => `hub-lo/hub-lo-${i}`),
        ]);
        expect(await db.count('source_records', `where source_id = 'hub-lo'`)).toBe(5);
        expect(await db.count('source_records', `where source_id = 'gironde'`)).toBe(3);
      });

      it('reads normalised lieux page by page, in order, optionally without one source', async () => {
        await store.upsertSource(OTHER);
        await publish(OTHER.id, { records: 6 });
        await publish(SOURCE.id, { records: 7 });
        const all: string[] = [];
        for await (const lieu of store.normalisedLieuxOfAllSources())
          all.push(`${lieu.sourceId}/${lieu.key}`);
        const paged: string[] = [];
        for await (const lieu of store.normalisedLieuxOfAllSources({ pageSize: 2 }))
          paged.push(`${lieu.sourceId}/${lieu.key}`);
        expect(paged).toEqual(all);
        expect(all).toHaveLength(5 + 6);
        const others: string[] = [];
        for await (const lieu of store.normalisedLieuxOfAllSources({ exceptSource: SOURCE.id, pageSize: 3 }))
          others.push(lieu.sourceId);
        expect(others).toEqual(Array(5).fill(OTHER.id));
      });

      it('summarises each source: records by status, lieux, mean quality, runs', async () => {
        await store.upsertSource(OTHER);
        const input = makeCommit(SOURCE.id, undefined, { lieux: 4, records: 10 });
        const { runId } = await store.commitImport(input);
        await store.recordRun({ sourceId: SOURCE.id, status: 'skipped', startedAt: '2024-06-03T08:00:00Z' });
        const stats = await store.sourceStats();
        const mean = input.dataset.lieux.reduce((sum, l) => sum + l.quality.score, 0) / 4;
        expect(stats.map((s) => s.sourceId)).toEqual(['gironde', 'hub-lo']);
        expect(stats[0]).toEqual({
          sourceId: 'gironde',
          name: 'Gironde',
          kind: 'url',
          records: 0,
          kept: 0,
          merged: 0,
          rejected: 0,
          lieux: 0,
        });
        expect(stats[1]).toMatchObject({ records: 10, kept: 6, merged: 2, rejected: 2, lieux: 4 });
        expect(stats[1]!.meanQuality).toBeCloseTo(mean, 10);
        expect(stats[1]!.lastRun?.status).toBe('skipped');
        expect(stats[1]!.lastSuccessfulRun?.id).toBe(runId);
      });

      it('round-trips merge groups and provenance of the published version', async () => {
        await store.upsertSource(OTHER);
        const input = makeCommit(SOURCE.id, undefined, { lieux: 3 });
        const groups: MergeGroupRow[] = [
          {
            lieuId: 'lieu-00001',
            id: 'g-3f2a',
            members: ['gironde:gironde-7', 'hub-lo:hub-lo-1'],
            links: [
              {
                a: 'gironde:gironde-7',
                b: 'hub-lo:hub-lo-1',
                score: 0.93,
                evidence: [
                  { kind: 'pivot', value: 'même SIRET', weight: 0.5 },
                  { kind: 'distance', value: '12 m', weight: 0.2 },
                ],
              },
            ],
          },
          { lieuId: 'lieu-00001', id: 'g-77c1', members: ['hub-lo:hub-lo-2'], links: [] },
          { lieuId: 'lieu-00002', id: 'g-0000', members: [], links: [] },
        ];
        const provenance: ProvenanceRow[] = [
          {
            lieuId: 'lieu-00001',
            field: 'horaires',
            sourceId: 'gironde',
            sourceKey: 'gironde:gironde-7',
            value: 'Mo-Fr 09:00-12:00',
            rule: 'most-recent',
          },
          {
            lieuId: 'lieu-00001',
            field: 'horaires',
            sourceId: 'hub-lo',
            sourceKey: 'hub-lo:hub-lo-1',
            value: 'Mo 09:00-12:00',
            retained: false,
          },
          {
            lieuId: 'lieu-00002',
            field: 'nom',
            sourceId: 'hub-lo',
            sourceKey: 'hub-lo:hub-lo-2',
            value: 'L’« Atelier »\n\\ numérique',
          },
          {
            lieuId: 'lieu-00001',
            field: 'telephone',
            sourceId: 'hub-lo',
            sourceKey: 'hub-lo:hub-lo-1',
            value: '+33241000000',
          },
        ];
        input.dataset.mergeGroups = groups;
        input.dataset.provenance = provenance;
        await store.commitImport(input);

        expect(await store.mergeGroupsOf('lieu-00001')).toEqual(groups.slice(0, 2));
        expect(await store.mergeGroupsOf('lieu-00002')).toEqual(groups.slice(2));
        expect(await store.mergeGroupsOf('lieu-00000')).toEqual([]);
        expect(await store.provenanceOf('lieu-00001')).toEqual([provenance[0], provenance[1], provenance[3]]);
        expect(await store.provenanceOf('lieu-00002')).toEqual([provenance[2]]);
        expect(await store.provenanceOf('inconnu')).toEqual([]);

        // Reads follow the published version: a new version without them has none.
        await publish(SOURCE.id, { lieux: 3 });
        expect(await store.mergeGroupsOf('lieu-00001')).toEqual([]);
        expect(await store.provenanceOf('lieu-00001')).toEqual([]);
      });
    });

    describe('atomicity', () => {
      const steps: CommitStep[] = [
        'source-records',
        'normalised-lieux',
        'dataset-lieux',
        'merge-groups',
        'provenance',
        'published',
        'pruned',
      ];

      it.each(steps)('a failure after step %s changes nothing and logs the failed run', async (failAt) => {
        await store.upsertSource(OTHER);
        await publish(OTHER.id, { records: 4 });
        await publish(SOURCE.id, { records: 5, lieux: 6 });
        const before = await snapshot();

        const input = makeCommit(SOURCE.id, before.version, {
          records: 12,
          lieux: 20,
          firstLieu: 100,
          hash: 'sha256:new',
        });
        input.dataset.mergeGroups = [{ lieuId: 'lieu-00100', id: 'g', members: [], links: [] }];
        input.dataset.provenance = [
          { lieuId: 'lieu-00100', field: 'nom', sourceId: SOURCE.id, sourceKey: 'k', value: 'v' },
        ];
        const error = await caught(
          store.commitImport(input, {
            onStep: (step) => {
              if (step === failAt) throw new Error(`panne simulée après ${step}`);
            },
          }),
        );
        expect(error.code).toBe('commit-failed');
        expect(error.message).toContain('« hub-lo »');
        expect(error.message).toContain(`panne simulée après ${failAt}`);
        expect(error.message).toContain('n’a pas changé');

        expect(await snapshot()).toEqual(before);
        expect(await db.count('dataset_lieux', `where version = ${before.version! + 1}`)).toBe(0);
        const failed = (await store.listRuns({ limit: 1 }))[0];
        expect(failed).toMatchObject({
          id: error.runId,
          status: 'failed',
          contentHash: 'sha256:new',
          error: error.message,
        });
        expect(failed?.counts?.records).toBe(12);
        expect(failed?.datasetVersion).toBeUndefined();
        expect(await store.isUnchanged(SOURCE.id, 'sha256:new')).toBe(false);

        // The next import works and takes the next version number.
        const retry = await store.commitImport({ ...input, baseVersion: before.version });
        expect(retry.version).toBe(before.version! + 1);
      });

      it('a lieu that cannot be serialised half-way rolls everything back', async () => {
        await publish();
        const before = await snapshot();
        const input = makeCommit(SOURCE.id, before.version, { lieux: 50, records: 8 });
        input.dataset.lieux[30]!.quality.details = { poids: 10n };
        const error = await caught(store.commitImport(input));
        expect(error.code).toBe('commit-failed');
        expect(error.message).toMatch(/BigInt/);
        expect(await snapshot()).toEqual(before);
      });

      it('refuses a stale base version (another import published meanwhile)', async () => {
        await store.upsertSource(OTHER);
        const base = await store.currentVersion();
        const mine = makeCommit(SOURCE.id, base);
        await publish(OTHER.id);
        const before = await snapshot();
        const error = await caught(store.commitImport(mine));
        expect(error.code).toBe('conflict');
        expect(error.message).toContain('relancez');
        expect(await snapshot()).toEqual(before);
        expect((await store.listRuns({ limit: 1 }))[0]).toMatchObject({
          status: 'failed',
          sourceId: SOURCE.id,
        });
      });

      it('lets exactly one of two concurrent imports on the same base publish', async () => {
        await store.upsertSource(OTHER);
        const second = await db.open();
        const base = await store.currentVersion();
        const results = await Promise.allSettled([
          store.commitImport(makeCommit(SOURCE.id, base, { lieux: 300 })),
          second.commitImport(makeCommit(OTHER.id, base, { lieux: 300 })),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect((rejected.reason as StoreError).code).toBe('conflict');
        expect(await store.currentVersion()).toBe(1);
      });

      it('refuses invalid input before writing, naming row and field', async () => {
        await publish();
        const before = await snapshot();
        const input = makeCommit(SOURCE.id, before.version);
        input.dataset.lieux[2]!.id = input.dataset.lieux[1]!.id;
        input.dataset.provenance = [
          { lieuId: 'absent', field: 'nom', sourceId: SOURCE.id, sourceKey: 'k', value: 'v' },
        ];
        input.sourceRecords[1]!.line = 1;
        const error = await caught(store.commitImport(input));
        expect(error.code).toBe('invalid-input');
        expect(error.message).toContain('dataset.lieux[2].id : identifiant « lieu-00001 » en double');
        expect(error.message).toContain('dataset.provenance[0].lieuId : « absent »');
        expect(error.message).toContain('sourceRecords[1].line : ligne 1 en double');
        expect(await snapshot()).toEqual(before);
        expect((await store.listRuns({ limit: 1 }))[0]?.status).toBe('failed');
      });

      it('refuses an import of an unregistered source', async () => {
        const error = await caught(store.commitImport(makeCommit('inconnue', undefined)));
        expect(error.code).toBe('invalid-input');
        expect(error.message).toContain('upsertSource');
        expect(await store.currentVersion()).toBeUndefined();
      });
    });

    describe('versions', () => {
      it('keeps the last versions only, and their rows only', async () => {
        const small = await db.open({ keepVersions: 2 });
        const results = [];
        for (let i = 0; i < 4; i++) {
          const input = makeCommit(SOURCE.id, await small.currentVersion(), { lieux: 5 });
          input.dataset.mergeGroups = [{ lieuId: 'lieu-00000', id: 'g', members: [], links: [] }];
          input.dataset.provenance = [
            { lieuId: 'lieu-00000', field: 'nom', sourceId: SOURCE.id, sourceKey: 'k', value: `v${i}` },
          ];
          results.push(await small.commitImport(input));
        }
        expect(results.map((r) => r.version)).toEqual([1, 2, 3, 4]);
        expect(results.map((r) => r.pruned)).toEqual([[], [], [1], [2]]);
        expect((await small.listVersions()).map((v) => v.version)).toEqual([4, 3]);
        for (const table of [
          'dataset_lieux',
          'dataset_merge_groups',
          'dataset_provenance',
          'dataset_source_stats',
        ]) {
          const versions = await db.query<{ version: number }>(
            `select distinct version from ${table} order by version`,
          );
          expect(
            versions.map((v) => Number(v.version)),
            table,
          ).toEqual([3, 4]);
        }
        expect(await small.listRuns()).toHaveLength(4);
        expect(await small.provenanceOf('lieu-00000')).toMatchObject([{ value: 'v3' }]);
      });

      it('tells a watcher of the same store about its own commits', async () => {
        const seen: number[] = [];
        const stop = await store.watchVersion((v) => seen.push(v));
        await publish();
        await waitFor('version 1 vue', () => seen.includes(1));
        await publish();
        await waitFor('version 2 vue', () => seen.includes(2));
        stop();
        expect(seen).toEqual([1, 2]);
      });

      it('tells another store on the same database about a new version', async () => {
        // Polling is kept slow on PostgreSQL so that the notification has to come through LISTEN.
        const reader = await db.open({ pollIntervalMs: backend === 'postgres' ? 60_000 : 20 });
        const seen: number[] = [];
        const alsoSeen: number[] = [];
        const stop = await reader.watchVersion((v) => seen.push(v));
        await reader.watchVersion((v) => alsoSeen.push(v));
        if (backend === 'postgres') await waitFor('LISTEN établi', () => listenerPid(db));

        const { version } = await publish();
        await waitFor(`version ${version} vue par l’autre instance`, () => seen.includes(version));
        expect(await reader.currentVersion()).toBe(version);

        // Unsubscribed: the other subscriber still hears version 2, this one does not.
        stop();
        const next = await publish();
        await waitFor(`version ${next.version} vue`, () => alsoSeen.includes(next.version));
        expect(seen).toEqual([version]);
        expect(alsoSeen).toEqual([version, next.version]);
      });

      it('keeps watching when a subscriber throws', async () => {
        const reader = await db.open({ pollIntervalMs: 20 });
        const seen: number[] = [];
        await reader.watchVersion(() => {
          throw new Error('abonné en panne');
        });
        await reader.watchVersion((v) => seen.push(v));
        await publish();
        await waitFor('version vue malgré l’abonné en panne', () => seen.includes(1));
        expect(db.warnings.some((w) => w.includes('abonné en panne'))).toBe(true);
      });
    });

    if (backend === 'postgres') {
      describe('PostgreSQL specifics', () => {
        it('reconnects LISTEN after losing it, polling meanwhile', async () => {
          const reader = await db.open({ pollIntervalMs: 50 });
          const seen: number[] = [];
          await reader.watchVersion((v) => seen.push(v));
          const pid = await waitFor('LISTEN établi', () => listenerPid(db));
          await db.query('select pg_terminate_backend($1)', [pid]);
          await waitFor('perte signalée', () => db.warnings.some((w) => w.includes('interrompue')));

          const { version } = await publish();
          await waitFor('version vue pendant la coupure ou après reconnexion', () => seen.includes(version));
          const newPid = await waitFor('LISTEN rétabli', async () => {
            const current = await listenerPid(db);
            return current !== undefined && current !== pid ? current : undefined;
          });
          expect(newPid).not.toBe(pid);

          const next = await publish();
          await waitFor('version vue après reconnexion', () => seen.includes(next.version));
          expect(seen).toEqual([version, next.version]);
        });

        it('isolates schemas: a store in another schema sees nothing of this one', async () => {
          await publish();
          const other = await TestDatabase.create('postgres');
          try {
            const elsewhere = await other.open();
            expect(await elsewhere.currentVersion()).toBeUndefined();
            expect(await elsewhere.listSources()).toEqual([]);
          } finally {
            await other.cleanup();
          }
        });

        it('says clearly when the server cannot be reached, without the password', async () => {
          const error = await caught(
            openStore({ databaseUrl: 'postgres://repere:secret@127.0.0.1:1/repere', schema: 'x' }),
          );
          expect(error.code).toBe('connection');
          expect(error.message).toContain('PostgreSQL');
          expect(error.message).toContain('DATABASE_URL');
          expect(error.message).not.toContain('secret');
        });

        it('refuses a schema name that is not a plain identifier', async () => {
          const error = await caught(openStore({ databaseUrl: PG_URL, schema: 'x; drop table y' }));
          expect(error.code).toBe('config');
        });
      });
    } else {
      describe('SQLite specifics', () => {
        it('uses WAL journaling and declares its foreign keys', async () => {
          const [mode] = await db.query<{ journal_mode: string }>('pragma journal_mode');
          expect(mode?.journal_mode).toBe('wal');
          const keys = await db.query<{ table: string }>('pragma foreign_key_list(dataset_lieux)');
          expect(keys.map((k) => k.table)).toEqual(['dataset_versions']);
        });

        it('says clearly when the file is not a database', async () => {
          const fresh = await TestDatabase.create('sqlite');
          try {
            writeFileSync(
              join(fresh.options.dataDir!, 'repere.sqlite'),
              'ceci n’est pas une base SQLite '.repeat(100),
            );
            const error = await caught(fresh.open());
            expect(error.code).toBe('connection');
            expect(error.message).toContain('repere.sqlite');
          } finally {
            await fresh.cleanup();
          }
        });

        it('accepts a sqlite: URL', async () => {
          const fresh = await TestDatabase.create('sqlite');
          try {
            const path = join(fresh.options.dataDir!, 'autre.sqlite');
            const other = await fresh.open({ databaseUrl: `sqlite:${path}`, dataDir: undefined });
            await other.upsertSource(SOURCE);
            const same = await fresh.open({ databaseUrl: `sqlite://${path}` });
            expect((await same.listSources()).map((s) => s.id)).toEqual([SOURCE.id]);
          } finally {
            await fresh.cleanup();
          }
        });
      });
    }
  });
});

/** Backend pid of the store's LISTEN connection for this test schema, once connected and listening. */
async function listenerPid(db: TestDatabase): Promise<number | undefined> {
  const rows = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where application_name = $1 and query ilike 'listen%'`,
    [`repere-listen:${db.schema}`],
  );
  return rows[0]?.pid;
}

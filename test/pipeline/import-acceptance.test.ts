/**
 * Acceptance of the import on the real producer exports (../shared): every definition of sources/ that
 * reads a file (API sources need the network and a token) — the France Services list included — on
 * SQLite and PostgreSQL. Every record accounted for, at least 95 % published, atomic failures,
 * idempotent re-runs, provenance of lieux merged across sources.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { runImport } from '../../src/pipeline/import.js';
import type { ImportReport } from '../../src/pipeline/run-report.js';
import { loadSourceDefinition, type SourceDefinition } from '../../src/pipeline/sources/index.js';
import type { Store } from '../../src/store/index.js';
import { PG_URL, probePostgres, TestDatabase } from '../store/helpers.js';
import { HAS_SHARED, NOW, realGazetteer, tempDir } from './import-helpers.js';

const SOURCES_DIR = resolve(import.meta.dirname, '../../sources');
const pgProblem = await probePostgres();
const skipPostgres = pgProblem !== undefined && process.env.REPERE_SKIP_PG === '1';

if (!HAS_SHARED) console.warn('Tests d’acceptation de l’import sautés : ../shared (exports réels) absent.');

async function fileDefinitions(): Promise<SourceDefinition[]> {
  const files = readdirSync(SOURCES_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const defs = await Promise.all(files.map((f) => loadSourceDefinition(join(SOURCES_DIR, f))));
  return defs.filter((d) => d.path !== undefined);
}

describe.skipIf(!HAS_SHARED).each(['sqlite', 'postgres'] as const)('import acceptance on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let db: TestDatabase;
    let store: Store;
    let gazetteer: Gazetteer;
    let definitions: SourceDefinition[];
    let report: ImportReport;
    let dir: string;

    beforeAll(async () => {
      if (backend === 'postgres' && pgProblem) {
        throw new Error(
          `PostgreSQL injoignable sur ${PG_URL} (${pgProblem}) : démarrez-le, ou REPERE_SKIP_PG=1.`,
        );
      }
      gazetteer = await realGazetteer();
      definitions = await fileDefinitions();
      db = await TestDatabase.create(backend);
      store = await db.open();
      dir = tempDir();
      report = await runImport(definitions, { store, gazetteer, now: NOW, detail: true });
    }, 900_000);

    afterAll(async () => {
      await db?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('imports every file source, France Services included, and accounts for every record', async () => {
      expect(definitions.map((d) => d.id)).toContain('france-services');
      expect(definitions.length).toBeGreaterThanOrEqual(14);
      const failed = report.sources.filter((s) => s.outcome !== 'imported');
      expect(failed.map((s) => `${s.sourceId}: ${s.error}`)).toEqual([]);

      const lines = report.sources.map((s) => {
        const c = s.counts;
        return `${s.sourceId.padEnd(30)} lus ${String(c.read).padStart(5)} gardés ${String(c.kept).padStart(5)} fusionnés ${String(c.merged).padStart(4)} rejetés ${String(c.rejected).padStart(3)}`;
      });
      const t = report.totals;
      const published = (t.kept + t.merged) / t.read;
      console.info(
        `Import des ${report.sources.length} sources réelles (${backend}) :\n${lines.join('\n')}\n` +
          `total : ${t.read} lus, ${t.kept} gardés, ${t.merged} fusionnés, ${t.rejected} rejetés → ` +
          `${(100 * published).toFixed(1)} % publiés ; jeu national de ${report.dataset?.lieux} lieux.`,
      );

      for (const s of report.sources) {
        const c = s.counts;
        expect(c.kept + c.merged + c.rejected, s.sourceId).toBe(c.read);
        expect(s.records, s.sourceId).toHaveLength(c.read);
        // Each rejected record says why; each published one which lieu it became.
        for (const r of s.records!) {
          if (r.status === 'rejected') expect(r.reasons.length, `${s.sourceId}:${r.line}`).toBeGreaterThan(0);
          else expect(r.lieuId, `${s.sourceId}:${r.line}`).toBeDefined();
        }
        const [run] = await store.listRuns({ sourceId: s.sourceId, limit: 1 });
        expect(run?.counts).toEqual({
          records: c.read,
          kept: c.kept,
          merged: c.merged,
          rejected: c.rejected,
        });
      }
      expect(t.kept + t.merged + t.rejected).toBe(t.read);
      expect(published).toBeGreaterThanOrEqual(0.95);
      expect(report.sources.find((s) => s.sourceId === 'france-services')!.counts.read).toBe(2683);

      // The last published version holds every source's lieux: each lieu of the last source's run is there.
      const dataset = await store.currentDataset();
      expect(dataset!.version).toBe(report.dataset!.version);
      const ids = new Set(dataset!.lieux.map((l) => l.id));
      const last = report.sources.at(-1)!;
      for (const r of last.records!) if (r.lieuId) expect(ids.has(r.lieuId)).toBe(true);
      const sourcesInDataset = new Set(dataset!.lieux.flatMap((l) => l.sources));
      expect([...sourcesInDataset].sort()).toEqual(definitions.map((d) => d.id).sort());
      expect(dataset!.lieux.every((l) => Number.isFinite(l.quality.score))).toBe(true);
    });

    it('shows which source gave which field of a lieu merged across two sources', async () => {
      const dataset = await store.currentDataset();
      const merged = dataset!.lieux.filter((l) => l.sources.length >= 2);
      expect(merged.length).toBeGreaterThan(0);
      const lieu = merged[0]!;
      const provenance = await store.provenanceOf(lieu.id);
      const kept = provenance.filter((p) => p.retained !== false);
      expect(new Set(kept.map((p) => p.sourceId).filter((s) => !s.includes(',')))).toEqual(
        new Set(lieu.sources),
      );
      for (const p of kept) {
        if (p.field === 'id' || p.field.startsWith('_')) continue;
        const value = lieu.record[p.field] ?? '';
        expect(value.split('|'), p.field).toContain(p.value);
      }
      const groups = await store.mergeGroupsOf(lieu.id);
      expect(groups).toHaveLength(1);
      expect(new Set(groups[0]!.members.map((m) => m.slice(0, m.indexOf(':'))))).toEqual(
        new Set(lieu.sources),
      );
    });

    it('skips every source the second time and publishes nothing new', async () => {
      const version = await store.currentVersion();
      const again = await runImport(definitions, { store, gazetteer, now: NOW });
      expect(again.sources.map((s) => s.outcome)).toEqual(definitions.map(() => 'unchanged'));
      expect(await store.currentVersion()).toBe(version);
    }, 120_000);

    it('leaves the national dataset untouched when France Services arrives truncated inside a quoted field', async () => {
      const before = await store.currentDataset();
      const fs = definitions.find((d) => d.id === 'france-services')!;
      const text = readFileSync(fs.path!, 'latin1');
      // Cut in the middle of a quoted value (hours « 09:00 - 12:00… ») two thirds of the way into the file.
      const quote = text.indexOf(',"09:00', Math.floor((text.length * 2) / 3));
      expect(quote).toBeGreaterThan(0);
      const truncated = join(dir, 'liste-fs-tronquee.csv');
      writeFileSync(truncated, Buffer.from(text.slice(0, quote + 5), 'latin1'));
      const definition = join(dir, 'france-services.yaml');
      writeFileSync(definition, readFileSync(fs.file!, 'utf8').replace(/^path: .*$/m, `path: ${truncated}`));
      const broken = await runImport([await loadSourceDefinition(definition)], {
        store,
        gazetteer,
        now: NOW,
      });
      expect(broken.sources[0]).toMatchObject({ sourceId: 'france-services', outcome: 'failed' });
      expect(broken.sources[0]!.error).toMatch(/liste-fs-tronquee\.csv/);
      const after = await store.currentDataset();
      expect(after!.version).toBe(before!.version);
      expect(after!.lieux.length).toBe(before!.lieux.length);
      expect(after!.lieux.map((l) => l.id)).toEqual(before!.lieux.map((l) => l.id));
      const [run] = await store.listRuns({ sourceId: 'france-services', limit: 1 });
      expect(run).toMatchObject({ status: 'failed' });
    }, 120_000);
  });
});

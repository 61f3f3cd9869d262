import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { loadDemoDataset } from '../../src/pipeline/demo-data.js';
import {
  ImportInputError,
  resolveImportInput,
  runImport,
  sourceIdFromFileName,
  type ImportOptions,
} from '../../src/pipeline/import.js';
import type { ImportProgressEvent } from '../../src/pipeline/progress.js';
import { StoreError, type Store } from '../../src/store/index.js';
import { PG_URL, probePostgres, TestDatabase } from '../store/helpers.js';
import { csvOf, failingStore, lieu, NOW, realGazetteer, tempDir, writeCsv } from './import-helpers.js';

const pgProblem = await probePostgres();
const skipPostgres = pgProblem !== undefined && process.env.REPERE_SKIP_PG === '1';

describe('resolveImportInput', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('derives a store-compatible source id from a file name', () => {
    expect(sourceIdFromFileName('/x/Lieux Médiation (2024).csv')).toBe('lieux-mediation-2024');
    expect(sourceIdFromFileName('__.csv')).toBe('fichier');
    expect(sourceIdFromFileName('/x/ÉTÉ.v2.json')).toBe('ete.v2');
    expect(sourceIdFromFileName(`${'a'.repeat(150)}.csv`)).toHaveLength(100);
  });

  it('treats a standard file as a standard source named after the file', async () => {
    const path = writeCsv(dir, 'Mes lieux.csv', [lieu(1)]);
    const def = await resolveImportInput(path);
    expect(def).toMatchObject({ id: 'mes-lieux', kind: 'standard', path, name: 'Fichier Mes lieux.csv' });
  });

  it('reads a JSON definition, and a JSON array as data', async () => {
    const data = join(dir, 'data.json');
    writeFileSync(data, JSON.stringify([lieu(1)]));
    writeFileSync(
      join(dir, 'def.json'),
      JSON.stringify({ id: 'ma-source', name: 'Ma source', kind: 'standard', path: 'data.json' }),
    );
    expect(await resolveImportInput(join(dir, 'def.json'))).toMatchObject({ id: 'ma-source', path: data });
    expect(await resolveImportInput(data)).toMatchObject({ id: 'data', kind: 'standard' });
  });

  it('says clearly what is wrong with an argument', async () => {
    await expect(resolveImportInput(join(dir, 'absent.csv'))).rejects.toThrow(
      /absent\.csv : fichier introuvable/,
    );
    await expect(resolveImportInput(dir)).rejects.toThrow(/dossier/);
    writeFileSync(join(dir, 'x.docx'), 'x');
    await expect(resolveImportInput(join(dir, 'x.docx'))).rejects.toThrow(/extension « \.docx » inconnue/);
    writeFileSync(join(dir, 'bad.yaml'), 'id: bad\nname: Bad\nkind: standard\npath: nowhere.csv\n');
    const error = await resolveImportInput(join(dir, 'bad.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInputError);
    expect((error as Error).message).toMatch(/bad\.yaml.*path.*introuvable/s);
  });
});

describe.each(['sqlite', 'postgres'] as const)('runImport on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let db: TestDatabase;
    let store: Store;
    let gazetteer: Gazetteer;
    let dir: string;

    beforeAll(async () => {
      if (backend === 'postgres' && pgProblem) {
        throw new Error(
          `PostgreSQL injoignable sur ${PG_URL} (${pgProblem}) : démarrez-le, ou lancez les tests avec REPERE_SKIP_PG=1.`,
        );
      }
      gazetteer = await realGazetteer();
    });

    beforeEach(async () => {
      db = await TestDatabase.create(backend);
      store = await db.open();
      dir = tempDir();
    });

    afterEach(async () => {
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
      store,
      gazetteer,
      now: NOW,
      ...extra,
    });

    it('imports a standard file: every record kept or rejected with its reasons', async () => {
      const records = [lieu(0), lieu(1), lieu(2, { nom: '' }), lieu(3, { pivot: '12' }), lieu(4)];
      const path = writeCsv(dir, 'lieux.csv', records);
      const report = await runImport([path], options());

      expect(report.ok).toBe(true);
      const [source] = report.sources;
      expect(source).toMatchObject({ sourceId: 'lieux', outcome: 'imported' });
      const c = source!.counts;
      expect(c.read).toBe(5);
      expect(c.kept + c.merged + c.rejected).toBe(c.read);
      expect(c.rejected).toBe(2);
      expect(source!.rejections.map((r) => r.code).sort()).toEqual(['nom.required', 'pivot.pattern']);
      const byLine = new Map(source!.records!.map((r) => [r.line, r]));
      expect(byLine.get(4)).toMatchObject({ status: 'rejected' });
      expect(byLine.get(4)!.reasons[0]).toMatchObject({ rule: 'nom.required', field: 'nom' });
      expect(byLine.get(5)!.reasons).toEqual([expect.objectContaining({ field: 'pivot', value: '12' })]);
      expect(byLine.get(2)).toMatchObject({ status: 'kept', key: 'lieu-0' });

      const dataset = await store.currentDataset();
      expect(dataset?.version).toBe(source!.datasetVersion);
      expect(dataset?.lieux).toHaveLength(3);
      expect(new Set(dataset!.lieux.map((l) => l.id))).toEqual(
        new Set(source!.records!.filter((r) => r.lieuId).map((r) => r.lieuId)),
      );
      const first = dataset!.lieux.find((l) => l.record.nom === lieu(0).nom)!;
      expect(first.sources).toEqual(['lieux']);
      expect(first.geocode).toMatchObject({ method: 'source' });
      expect(first.quality.score).toBeGreaterThan(0);
      const [run] = await store.listRuns({ sourceId: 'lieux' });
      expect(run).toMatchObject({ status: 'succeeded', counts: { records: 5, rejected: 2 } });
      expect(report.dataset).toEqual({ version: dataset!.version, lieux: 3 });
    });

    it('repairs before validating and geocodes lieux without coordinates at their commune', async () => {
      const path = writeCsv(dir, 'a-reparer.csv', [
        lieu(0, { telephone: '02 41 24 25 50', latitude: '', longitude: '' }),
        lieu(1),
      ]);
      const report = await runImport([path], options());
      const source = report.sources[0]!;
      expect(source.counts.repaired).toBeGreaterThanOrEqual(1);
      expect(source.repairs.byRule.map((r) => r.code)).toContain('telephone.e164');
      expect(source.geocoding.byMethod).toEqual({ source: 1, 'commune-centre': 1 });
      const dataset = await store.currentDataset();
      const placed = dataset!.lieux.find((l) => l.record.nom === lieu(0).nom)!;
      expect(placed.record.telephone).toBe('+33241242550');
      expect(Number(placed.record.latitude)).toBeCloseTo(47.47, 1);
      expect(placed.geocode).toMatchObject({ method: 'commune-centre', precision: 'municipality' });
    });

    it('skips an unchanged source and publishes nothing new (idempotence)', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1)]);
      const first = await runImport([path], options());
      const version = await store.currentVersion();
      const second = await runImport([path], options());
      expect(first.sources[0]!.outcome).toBe('imported');
      expect(second.sources[0]).toMatchObject({ outcome: 'unchanged' });
      expect(second.sources[0]!.message).toMatch(/inchangée/);
      expect(await store.currentVersion()).toBe(version);
      expect((await store.listVersions()).length).toBe(1);
      const runs = await store.listRuns({ sourceId: 'lieux' });
      expect(runs.map((r) => r.status)).toEqual(['skipped', 'succeeded']);

      // --force imports it again; a changed file too.
      const forced = await runImport([path], options({ force: true }));
      expect(forced.sources[0]!.outcome).toBe('imported');
      writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1), lieu(2)]);
      const changed = await runImport([path], options());
      expect(changed.sources[0]!.outcome).toBe('imported');
      expect((await store.currentDataset())!.lieux).toHaveLength(3);
    });

    it('leaves the published dataset untouched when a file is truncated inside a quoted field', async () => {
      const good = writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1)]);
      await runImport([good], options());
      const before = await store.currentDataset();

      const text = csvOf([lieu(0), lieu(1), lieu(2, { presentation_detail: 'Un texte "cité" long' })]);
      const cut = text.slice(0, text.lastIndexOf('Un texte') + 4); // inside the quoted field
      writeFileSync(good, cut);
      const report = await runImport([good], options());

      expect(report.ok).toBe(false);
      const source = report.sources[0]!;
      expect(source.outcome).toBe('failed');
      expect(source.error).toMatch(/lieux\.csv/);
      expect(source.error).toMatch(/ligne \d+/);
      const after = await store.currentDataset();
      expect(after!.version).toBe(before!.version);
      expect(after!.lieux).toEqual(before!.lieux);
      const [run] = await store.listRuns({ sourceId: 'lieux' });
      expect(run).toMatchObject({ status: 'failed' });
      expect(run!.error).toBe(source.error);
    });

    it('leaves the published dataset untouched when a UTF-8 source holds Latin-1 bytes half-way', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1)]);
      const definition = join(dir, 'lieux.yaml');
      writeFileSync(definition, 'id: lieux\nname: Lieux\nkind: standard\npath: lieux.csv\nencoding: utf-8\n');
      await runImport([definition], options());
      const before = await store.currentDataset();
      const text = csvOf([lieu(0), lieu(1), lieu(2, { nom: 'Médiathèque Étienne' })]);
      writeFileSync(path, Buffer.from(text, 'latin1'));
      const report = await runImport([definition], options());
      expect(report.sources[0]).toMatchObject({ outcome: 'failed' });
      expect(report.sources[0]!.error).toMatch(/lieux\.csv, ligne \d+ : octet 0xE9 invalide en UTF-8/);
      const after = await store.currentDataset();
      expect(after!.version).toBe(before!.version);
      expect(after!.lieux).toEqual(before!.lieux);
    });

    it('fails a file cut between two values (its last row lacks columns) as truncated', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1)]);
      await runImport([path], options());
      const text = csvOf([lieu(0), lieu(1), lieu(2)]);
      writeFileSync(path, text.slice(0, text.lastIndexOf(lieu(2).nom!) + lieu(2).nom!.length));
      const report = await runImport([path], options());
      expect(report.sources[0]).toMatchObject({ outcome: 'failed' });
      expect(report.sources[0]!.error).toMatch(/ligne 4 : la dernière ligne est incomplète.*tronqué/);
      expect((await store.currentDataset())!.lieux).toHaveLength(2);
    });

    it('leaves the published dataset untouched when the store fails during the commit', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0), lieu(1)]);
      await runImport([path], options());
      const before = await store.currentDataset();
      const provenanceBefore = await store.provenanceOf(before!.lieux[0]!.id);

      writeCsv(dir, 'lieux.csv', [lieu(0, { nom: 'Nouveau nom' }), lieu(1), lieu(2)]);
      const report = await runImport([path], options({ store: failingStore(store, 'provenance') }));
      expect(report.sources[0]).toMatchObject({ outcome: 'failed' });
      expect(report.sources[0]!.error).toMatch(/panne simulée/);

      const after = await store.currentDataset();
      expect(after!.version).toBe(before!.version);
      expect(after!.lieux).toEqual(before!.lieux);
      expect(await store.provenanceOf(before!.lieux[0]!.id)).toEqual(provenanceBefore);
      const runs = await store.listRuns({ sourceId: 'lieux' });
      expect(runs[0]).toMatchObject({ status: 'failed' });
      // The failed run did not count as a success: the same file is imported next time.
      const retry = await runImport([path], options());
      expect(retry.sources[0]!.outcome).toBe('imported');
      expect((await store.currentDataset())!.lieux).toHaveLength(3);
    });

    it('imports the other sources when one fails, and says which failed', async () => {
      const a = writeCsv(dir, 'a.csv', [lieu(0)]);
      const broken = join(dir, 'b.csv');
      writeFileSync(broken, Buffer.from([0xef, 0xbb, 0xbf, 0x22, 0x69, 0x64, 0x0a]));
      const c = writeCsv(dir, 'c.csv', [lieu(3)]);
      const events: ImportProgressEvent[] = [];
      const report = await runImport([a, broken, c], options({ onProgress: (e) => events.push(e) }));
      expect(report.sources.map((s) => s.outcome)).toEqual(['imported', 'failed', 'imported']);
      expect(report.ok).toBe(false);
      expect((await store.currentDataset())!.lieux.map((l) => l.sources[0]).sort()).toEqual(['a', 'c']);
      expect(
        events.filter((e) => e.type === 'source-end').map((e) => (e as { outcome: string }).outcome),
      ).toEqual(['imported', 'failed', 'imported']);
      const stages = new Set(events.flatMap((e) => (e.type === 'stage' && e.finished ? [e.stage] : [])));
      expect([...stages].sort()).toEqual(['dedup', 'geocode', 'read', 'repair', 'store', 'validate']);
    });

    it('fails an empty export rather than withdrawing every lieu of the source', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0)]);
      await runImport([path], options());
      writeCsv(dir, 'lieux.csv', []);
      const report = await runImport([path], options());
      expect(report.sources[0]).toMatchObject({ outcome: 'failed' });
      expect(report.sources[0]!.error).toMatch(/aucun enregistrement/);
      expect((await store.currentDataset())!.lieux).toHaveLength(1);
    });

    it('merges one lieu described by two sources and tells which source gave which field', async () => {
      const shared = {
        nom: 'Médiathèque Toussaint',
        adresse: '49 rue Toussaint',
        latitude: '47.470600',
        longitude: '-0.556100',
      };
      const a = writeCsv(dir, 'ville.csv', [
        lieu(0, {
          ...shared,
          id: 'ville-1',
          horaires: 'Mo-Fr 09:00-12:00',
          telephone: '+33241242550',
          date_maj: '2024-05-01',
        }),
        lieu(3, { id: 'ville-2' }),
      ]);
      const b = writeCsv(dir, 'hub.csv', [
        lieu(0, {
          ...shared,
          id: 'hub-9',
          horaires: '',
          telephone: '+33241242550',
          courriels: 'mediatheque@angers.fr',
          prise_rdv: 'https://rdv.angers.fr',
          date_maj: '2024-03-01',
        }),
      ]);
      const first = await runImport([a], options());
      const report = await runImport([b], options());
      expect(first.sources[0]!.counts.kept).toBe(2);
      const hub = report.sources[0]!;
      expect(hub.counts).toMatchObject({ read: 1, merged: 1, kept: 0 });
      const outcome = hub.records![0]!;
      expect(outcome.status).toBe('merged');
      expect(outcome.reasons[0]).toMatchObject({ rule: 'merged', value: outcome.lieuId });
      expect(outcome.reasons[0]!.message).toContain('ville:ville-1');

      const dataset = await store.currentDataset();
      expect(dataset!.lieux).toHaveLength(2);
      const merged = dataset!.lieux.find((l) => l.id === outcome.lieuId)!;
      expect([...merged.sources].sort()).toEqual(['hub', 'ville']);
      expect(merged.record.horaires).toBe('Mo-Fr 09:00-12:00');
      expect(merged.record.prise_rdv).toBe('https://rdv.angers.fr');
      expect(merged.record.courriels!.split('|').sort()).toEqual([
        'contact0@angers.fr',
        'mediatheque@angers.fr',
      ]);

      const provenance = await store.provenanceOf(merged.id);
      const from = (field: string) => provenance.filter((p) => p.field === field && p.retained !== false);
      expect(from('horaires').map((p) => p.sourceId)).toEqual(['ville']);
      expect(from('prise_rdv').map((p) => p.sourceId)).toEqual(['hub']);
      expect(from('date_maj')[0]).toMatchObject({
        sourceId: 'ville',
        value: '2024-05-01',
        rule: 'most-recent',
      });
      expect(provenance.find((p) => p.field === 'date_maj' && p.retained === false)).toMatchObject({
        sourceId: 'hub',
        value: '2024-03-01',
      });
      const groups = await store.mergeGroupsOf(merged.id);
      expect(groups).toHaveLength(1);
      expect(groups[0]!.members.sort()).toEqual(['hub:hub-9', 'ville:ville-1']);
      expect(groups[0]!.links[0]!.evidence.length).toBeGreaterThan(0);
    });

    it('publishes the lieux of earlier sources with each new source', async () => {
      const a = writeCsv(dir, 'a.csv', [lieu(0), lieu(1)]);
      const b = writeCsv(dir, 'b.csv', [lieu(3)]);
      await runImport([a], options());
      await runImport([b], options());
      const dataset = await store.currentDataset();
      expect(dataset!.lieux.map((l) => l.sources[0]).sort()).toEqual(['a', 'a', 'b']);
      expect(dataset!.stats).toMatchObject({ lieux: 3, normalisedLieux: 3 });
    });

    it('leaves the demonstration lieux out of a real import', async () => {
      await loadDemoDataset(store, { count: 30, seed: 3, now: NOW });
      const path = writeCsv(dir, 'lieux.csv', [lieu(0)]);
      await runImport([path], options());
      const dataset = await store.currentDataset();
      expect(dataset!.lieux.map((l) => l.sources)).toEqual([['lieux']]);
      const [run] = await store.listRuns({ sourceId: 'lieux' });
      expect(run!.log.map((l) => l.message).join(' ')).toMatch(/30 lieux de démonstration retirés/);
    });

    it('merges again when another import published meanwhile (conflict)', async () => {
      const path = writeCsv(dir, 'lieux.csv', [lieu(0)]);
      let conflicts = 0;
      const racing = new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'commitImport') {
            return async (...args: Parameters<Store['commitImport']>) => {
              if (conflicts++ === 0)
                throw new StoreError('conflict', 'Une autre importation a publié la version 9.');
              return target.commitImport(...args);
            };
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const report = await runImport([path], options({ store: racing }));
      expect(report.sources[0]!.outcome).toBe('imported');
      expect(conflicts).toBe(2);
      const [run] = await store.listRuns({ sourceId: 'lieux' });
      expect(run!.log.some((l) => /nouvelle tentative/.test(l.message))).toBe(true);
    });
  });
});

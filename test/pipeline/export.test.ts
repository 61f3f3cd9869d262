import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { parseQueryParams } from '../../src/core/query/index.js';
import { parseCsv } from '../../src/core/standard/csv.js';
import { createValidator } from '../../src/core/standard/validate.js';
import { generateDemoDataset } from '../../src/pipeline/demo-data.js';
import {
  ExportError,
  exportDataset,
  selectLieux,
  servicesOf,
  structureOf,
  toDataInclusion,
} from '../../src/pipeline/export/index.js';
import { runImport } from '../../src/pipeline/import.js';
import { openStore, type DatasetLieuRow, type Store } from '../../src/store/index.js';
import { HAS_SHARED, lieu, NOW, realGazetteer, SHARED, tempDir, writeCsv } from './import-helpers.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const BORDEAUX = {
  commune: 'Bordeaux',
  code_postal: '33000',
  code_insee: '33063',
  latitude: '44.837800',
  longitude: '-0.579200',
  telephone: '+33556000000',
};

/** Lieux covering the fields the exports translate. */
function records() {
  return [
    lieu(0, { frais_a_charge: 'Gratuit', publics_specifiquement_adresses: 'Seniors|Jeunes' }),
    lieu(1, {
      frais_a_charge: 'Gratuit sous condition',
      prise_en_charge_specifique: 'Surdité|Illettrisme',
      modalites_acces: 'Téléphoner|Prendre un RDV en ligne',
      prise_rdv: 'https://rdv.angers.fr/lieu-1',
      modalites_accompagnement: 'Dans un atelier collectif',
      dispositif_programmes_nationaux: 'Conseillers numériques|France Services',
    }),
    lieu(2, {
      ...BORDEAUX,
      nom: 'Bus numérique',
      itinerance: 'Itinérant',
      services: 'Accès internet et matériel informatique',
      frais_a_charge: 'Payant',
      modalites_accompagnement: 'À distance|Accompagnement individuel',
      typologie: 'CCAS',
    }),
    lieu(3, {
      ...BORDEAUX,
      services: '',
      pivot: '00000000000000',
      presentation_detail: 'Un lieu ouvert à tous.',
    }),
  ];
}

describe('exports of the published dataset', () => {
  let dir: string;
  let store: Store;
  let gazetteer: Gazetteer;

  beforeAll(async () => {
    gazetteer = await realGazetteer();
    dir = tempDir('repere-export-');
    store = await openStore({ dataDir: join(dir, 'data') });
    const report = await runImport([writeCsv(dir, 'lieux.csv', records())], { store, gazetteer, now: NOW });
    expect(report.sources[0]!.counts.kept).toBe(4);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = (text: string) => {
    const parsed = parseQueryParams(new URLSearchParams(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.query;
  };

  it('writes a CSV that passes validation, filtered like the API, with national ids', async () => {
    const out = join(dir, 'gironde.csv');
    const summary = await exportDataset(store, {
      format: 'csv',
      out,
      query: query('departements=33'),
      gazetteer,
      now: NOW,
    });
    expect(summary).toMatchObject({ matched: 2, written: 2, files: [out] });
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const [header, ...data] = rows.map((r) => r.cells);
    expect(data).toHaveLength(2);
    const validator = createValidator({ now: NOW });
    const dataset = await store.currentDataset();
    const ids = new Set(dataset!.lieux.map((l) => l.id));
    for (const [i, cells] of data.entries()) {
      const record = Object.fromEntries(header!.map((h, j) => [h, cells[j] ?? '']));
      expect(record.commune).toBe('Bordeaux');
      expect(ids.has(record.id!)).toBe(true);
      expect(validator.check(record, i + 2).filter((issue) => issue.severity === 'error')).toEqual([]);
    }
  });

  it('writes JSON and GeoJSON with the same selection', async () => {
    const json = join(dir, 'gratuit.json');
    const geojson = join(dir, 'gratuit.geojson');
    const q = query('gratuit=oui');
    await exportDataset(store, { format: 'json', out: json, query: q, gazetteer, now: NOW });
    await exportDataset(store, { format: 'geojson', out: geojson, query: q, gazetteer, now: NOW });
    const records = JSON.parse(readFileSync(json, 'utf8')) as Array<Record<string, string>>;
    expect(records.map((r) => r.nom)).toEqual([lieu(0).nom, lieu(3).nom].sort());
    const features = JSON.parse(readFileSync(geojson, 'utf8')).features as Array<{
      properties: { id: string };
    }>;
    expect(features.map((f) => f.properties.id).sort()).toEqual(records.map((r) => r.id).sort());
  });

  it('refuses to export when nothing is published', async () => {
    const empty = await openStore({ dataDir: join(dir, 'vide') });
    try {
      await expect(
        exportDataset(empty, { format: 'csv', out: join(dir, 'x.csv'), gazetteer }),
      ).rejects.toThrow(ExportError);
      expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    } finally {
      await empty.close();
    }
  });

  it('translates lieux into data·inclusion structures and services', async () => {
    const folder = join(dir, 'di');
    const summary = await exportDataset(store, {
      format: 'data-inclusion',
      out: folder,
      gazetteer,
      publicUrl: 'https://lieux.example.fr/',
    });
    expect(summary.files).toEqual([join(folder, 'structures.json'), join(folder, 'services.json')]);
    const structures = JSON.parse(readFileSync(join(folder, 'structures.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    const services = JSON.parse(readFileSync(join(folder, 'services.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    expect(structures).toHaveLength(4);
    expect(summary.services).toBe(services.length);
    // Two services each for lieux 0 and 1, one for the bus, none for the lieu without services.
    expect(services).toHaveLength(5);

    const byName = (nom: string) => structures.find((s) => s.nom === nom)!;
    const bus = byName('Bus numérique');
    expect(bus).toMatchObject({
      source: 'repere',
      code_insee: '33063',
      reseaux_porteurs: ['ccas-cias'],
      siret: '21490007800012',
    });
    expect(bus.lien_source).toBe(`https://lieux.example.fr/lieux/${String(bus.id).slice('repere--'.length)}`);
    const busService = services.find((s) => s.structure_id === bus.id)!;
    expect(busService).toMatchObject({
      thematiques: ['numerique--acceder-a-une-connexion-internet'],
      frais: 'payant',
      modes_accueil: ['en-presentiel', 'a-distance'],
      type: 'accompagnement',
      publics: ['tous-publics'],
    });

    const second = byName(lieu(1).nom!);
    expect(second.reseaux_porteurs).toEqual(['conseillers-numeriques', 'france-service']);
    const secondServices = services.filter((s) => s.structure_id === second.id);
    expect(secondServices.map((s) => s.nom)).toEqual([
      'Aide aux démarches administratives',
      'Maîtrise des outils numériques du quotidien',
    ]);
    expect(secondServices[0]).toMatchObject({
      frais: null,
      frais_precisions: 'Gratuit sous condition',
      publics: ['personnes-en-situation-de-handicap'],
      modes_mobilisation: ['telephoner', 'utiliser-lien-mobilisation'],
      lien_mobilisation: 'https://rdv.angers.fr/lieu-1',
      type: 'atelier',
    });
    expect(secondServices[0]!.publics_precisions).toContain('Illettrisme');
    expect(secondServices[0]!.thematiques).toContain('numerique--acceder-a-des-services-en-ligne');

    const first = services.find((s) => s.structure_id === byName(lieu(0).nom!).id)!;
    expect(first).toMatchObject({ frais: 'gratuit', publics: ['seniors', 'jeunes'] });
    const placeholder = byName(lieu(3).nom!);
    expect(placeholder.siret).toBeNull();
    expect(placeholder.description).toBe('Un lieu ouvert à tous.');
  });

  it('writes one JSON document when --out is a .json file', async () => {
    const out = join(dir, 'di.json');
    await exportDataset(store, { format: 'data-inclusion', out, gazetteer, query: query('departements=49') });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { structures: unknown[]; services: unknown[] };
    expect(doc.structures).toHaveLength(2);
    expect(doc.services).toHaveLength(4);
  });

  it('keeps data·inclusion names within 3–150 characters without a final full stop', () => {
    const long = structureOf('x', lieu(0, { nom: `${'Médiathèque '.repeat(20)}.` }));
    expect((long.nom as string).length).toBeLessThanOrEqual(150);
    expect(long.nom).not.toMatch(/\.$/);
    expect(structureOf('x', lieu(0, { nom: 'BM.', commune: 'Angers' })).nom).toBe('BM Angers');
    expect(structureOf('x', lieu(0, { nom: '', commune: '' })).nom).toBe('lieu');
    expect(servicesOf('x', lieu(0, { services: 'Valeur inconnue' }), structureOf('x', lieu(0)))).toEqual([]);
  });

  describe.skipIf(!HAS_SHARED)('against the data·inclusion JSON Schemas (../shared)', () => {
    const schema = (name: string) =>
      JSON.parse(readFileSync(join(SHARED, 'data/data-inclusion', name), 'utf8')) as Record<string, unknown>;

    it('produces structures and services valid against structure.json and service.json', async () => {
      const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
      const validStructure = ajv.compile(schema('structure.json'));
      const validService = ajv.compile(schema('service.json'));
      // The demo dataset exercises every enumerated value of the standard.
      const demo = await generateDemoDataset({ count: 3000, seed: 11, now: NOW });
      const lieux = [
        ...demo.map((record) => ({ id: record.id!, record })),
        ...records().map((record, i) => ({ id: `t${i}`, record })),
      ];
      const { structures, services } = toDataInclusion(lieux, { publicUrl: 'https://lieux.example.fr' });
      expect(structures).toHaveLength(lieux.length);
      expect(services.length).toBeGreaterThan(lieux.length);
      const failures: string[] = [];
      for (const s of structures)
        if (!validStructure({ ...s }))
          failures.push(`${s.id as string} ${ajv.errorsText(validStructure.errors)}`);
      for (const s of services)
        if (!validService({ ...s }))
          failures.push(`${s.id as string} ${ajv.errorsText(validService.errors)}`);
      expect(failures.slice(0, 10)).toEqual([]);
      // Every value comes from the referentials.
      const referential = (name: string) =>
        new Set(
          (
            JSON.parse(readFileSync(join(SHARED, 'data/data-inclusion/extra', name), 'utf8')) as Array<{
              value: string;
            }>
          ).map((v) => v.value),
        );
      const thematiques = referential('thematiques.json');
      for (const s of services)
        for (const t of s.thematiques as string[]) expect(thematiques.has(t)).toBe(true);
      expect(new Set(services.flatMap((s) => s.thematiques as string[]))).toEqual(
        new Set(
          [...thematiques].filter((t) => services.some((s) => (s.thematiques as string[]).includes(t))),
        ),
      );
    }, 60_000);
  });
});

describe('selectLieux', () => {
  it('returns every match past the API page size, in the API order', async () => {
    const gazetteer = await realGazetteer();
    const demo = await generateDemoDataset({ count: 2500, seed: 5, now: NOW });
    const lieux: DatasetLieuRow[] = demo.map((record) => ({
      id: record.id!,
      record,
      quality: { score: 50, details: {} },
      sources: ['demo'],
    }));
    const all = selectLieux({ lieux }, {}, gazetteer, NOW);
    expect(all).toHaveLength(2500);
    expect(new Set(all.map((l) => l.id)).size).toBe(2500);
    const gratuit = selectLieux({ lieux }, { gratuit: true }, gazetteer, NOW);
    expect(gratuit.length).toBeGreaterThan(0);
    expect(gratuit.length).toBeLessThan(2500);
    expect(gratuit.every((l) => l.record.frais_a_charge!.split('|').includes('Gratuit'))).toBe(true);
    // Same relative order as the unfiltered list (by name).
    const rank = new Map(all.map((l, i) => [l.id, i]));
    const ranks = gratuit.map((l) => rank.get(l.id)!);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  }, 60_000);
});

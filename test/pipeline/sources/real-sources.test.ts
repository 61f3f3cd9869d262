/**
 * Every definition in sources/ read against the real exports of ../shared: every input record is
 * accounted for (yielded or deliberately skipped), and a large share of records have what the
 * standard requires. Floors are per source, a little under what the definitions reach today.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileHours } from '../../../src/core/hours/index.js';
import { FIELD_NAMES } from '../../../src/core/standard/fields.js';
import {
  loadSourceDefinition,
  openSource,
  type SourceItem,
  type SourceSummary,
} from '../../../src/pipeline/sources/index.js';

const ROOT = resolve(__dirname, '../../..');
const SHARED = resolve(ROOT, '../shared');
const DEFINITIONS = join(ROOT, 'sources');

interface Expectation {
  /** Input records of the export (../shared/README.md). */
  input: number;
  /** Minimum share (0–1) of records with services / horaires. */
  services: number;
  horaires: number;
}

const EXPECTED: Record<string, Expectation> = {
  'france-services': { input: 2683, services: 1, horaires: 0.9 },
  'hub-lo': { input: 426, services: 0.65, horaires: 0.15 },
  gironde: { input: 347, services: 0.9, horaires: 0 },
  'maine-et-loire': { input: 243, services: 0.9, horaires: 0 },
  corse: { input: 161, services: 0.5, horaires: 0.55 },
  'etapes-numerique': { input: 95, services: 1, horaires: 0 },
  'nouvelle-caledonie': { input: 92, services: 0.9, horaires: 0.65 },
  'la-creuse': { input: 91, services: 1, horaires: 0.3 },
  angers: { input: 63, services: 0.95, horaires: 0.55 },
  'fibre-64': { input: 61, services: 0.9, horaires: 0.35 },
  epernay: { input: 39, services: 0.8, horaires: 0.55 },
  'aix-en-provence': { input: 38, services: 1, horaires: 0.35 },
  'bus-france-services-charente': { input: 12, services: 1, horaires: 1 },
  'le-havre': { input: 80, services: 1, horaires: 0.85 },
  'cartographie-v0.1': { input: 687, services: 1, horaires: 0.85 },
};

const files = existsSync(DEFINITIONS)
  ? readdirSync(DEFINITIONS).filter((f) => /\.ya?ml$|\.json$/.test(f))
  : [];

describe('sources/ definitions', () => {
  it('cover at least 8 real exports', async () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });
});

describe.skipIf(!existsSync(join(SHARED, 'data/sources')))(
  'sources/ against ../shared exports (absent: skipped)',
  () => {
    it.each(files)('%s loads and reads every record', async (file) => {
      const def = await loadSourceDefinition(join(DEFINITIONS, file));
      expect(file.replace(/\.(ya?ml|json)$/, '')).toBe(def.id);
      if (def.url) {
        // Network sources are read in their own tests with a recorded fake.
        expect(def.kind).toBe('data-inclusion');
        return;
      }
      const expected = EXPECTED[def.id];
      expect(expected, `attendus de ${def.id} à déclarer dans EXPECTED`).toBeDefined();
      const opened = await openSource(def);
      const items: SourceItem[] = [];
      const it = opened.records();
      let summary: SourceSummary;
      for (;;) {
        const next = await it.next();
        if (next.done) {
          summary = next.value;
          break;
        }
        items.push(next.value);
      }
      expect(summary.records + summary.skipped).toBe(expected!.input);
      expect(summary.missingColumns).toEqual([]);
      expect(def.warnings).toEqual([]);

      const n = items.length;
      const share = (test: (r: Record<string, string>) => boolean) =>
        items.filter((i) => test(i.record)).length / n;
      expect(share((r) => !!r.nom)).toBeGreaterThanOrEqual(0.95);
      expect(share((r) => !!r.commune)).toBeGreaterThanOrEqual(0.9);
      expect(share((r) => !!r.code_postal)).toBeGreaterThanOrEqual(0.9);
      expect(share((r) => !!r.adresse)).toBeGreaterThanOrEqual(0.95);
      expect(share((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date_maj ?? ''))).toBe(1);
      expect(share((r) => !!r.latitude && !!r.longitude)).toBeGreaterThanOrEqual(0.95);
      expect(share((r) => !!r.services)).toBeGreaterThanOrEqual(expected!.services);
      expect(share((r) => !!r.horaires)).toBeGreaterThanOrEqual(expected!.horaires);

      const ids = new Set<string>();
      for (const { record } of items) {
        expect(Object.keys(record)).toEqual(FIELD_NAMES);
        expect(ids.has(record.id!)).toBe(false);
        ids.add(record.id!);
        if (record.horaires) expect(compileHours(record.horaires).ok, record.horaires).toBe(true);
      }
    });

    it('France Services: the national list, hours per weekday, itinerance and labellisation date', async () => {
      const def = await loadSourceDefinition(join(DEFINITIONS, 'france-services.yaml'));
      const items: SourceItem[] = [];
      for await (const item of (await openSource(def)).records()) items.push(item);
      expect(items).toHaveLength(2683);
      const first = items[0]!.record;
      expect(first).toMatchObject({
        id: 'france-services-1',
        nom: 'France services de Valserhône',
        horaires: 'Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00',
        itinerance: 'Fixe',
        date_maj: '2020-01-01',
        typologie: 'RFS',
        dispositif_programmes_nationaux: 'France Services',
        frais_a_charge: 'Gratuit',
      });
      expect(first.services).toContain('Aide aux démarches administratives');
      expect(items.filter((i) => i.record.itinerance === 'Itinérant')).toHaveLength(288);
      const withHours = items.filter((i) => i.record.horaires);
      expect(withHours.length / items.length).toBeGreaterThanOrEqual(0.9);
      for (const i of withHours) expect(compileHours(i.record.horaires!).ok).toBe(true);
      expect(items.every((i) => i.record.id!.startsWith('france-services-'))).toBe(true);
    });
  },
);

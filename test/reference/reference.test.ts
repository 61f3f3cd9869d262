/**
 * The generated reference geography, on real data (built from the installed packages when missing).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { pointInMultiPolygon } from '../../src/core/geo/polygon.js';
import { decodeSnapshot } from '../../src/core/geo/snapshot.js';
import {
  browserAssets,
  loadReference,
  loadReferenceSync,
  referenceDir,
  ReferenceMissingError,
  REFERENCE_FILE,
  type Reference,
} from '../../src/reference/index.js';

let ref: Reference;
let g: Gazetteer;

beforeAll(async () => {
  ref = await loadReference();
  g = ref.gazetteer;
}, 300_000);

describe('territory search on real data', () => {
  it('« paris » gives Paris first', () => {
    expect(g.searchTerritories('paris')[0]).toMatchObject({ kind: 'commune', code: '75056', nom: 'Paris' });
  });

  it('« 75011 » gives Paris 11e first', () => {
    expect(g.searchTerritories('75011')[0]).toMatchObject({ code: '75111', nom: 'Paris 11e Arrondissement' });
  });

  it('« st etienne » gives Saint-Étienne first', () => {
    expect(g.searchTerritories('st etienne')[0]).toMatchObject({ code: '42218', nom: 'Saint-Étienne' });
    expect(g.searchTerritories('Saint-Étienne')[0]?.code).toBe('42218');
  });

  it('« Marseille 13e » gives the arrondissement', () => {
    expect(g.searchTerritories('Marseille 13e')[0]).toMatchObject({
      code: '13213',
      nom: 'Marseille 13e Arrondissement',
    });
    expect(g.searchTerritories('marseille 13')[0]?.code).toBe('13213');
  });

  it('ranks big cities first on a short prefix and finds départements and régions', () => {
    expect(g.searchTerritories('lyo')[0]?.code).toBe('69123');
    expect(g.searchTerritories('bordeaux')[0]?.code).toBe('33063');
    expect(g.searchTerritories('gironde')[0]).toMatchObject({ kind: 'departement', code: '33' });
    expect(g.searchTerritories('bretagne')[0]).toMatchObject({ kind: 'region', code: '53' });
    expect(g.searchTerritories('13')[0]).toMatchObject({ kind: 'departement', code: '13' });
    expect(g.searchTerritories('marseile')[0]?.code).toBe('13055');
  });
});

describe('search shortcuts', () => {
  it('ranks a one-word search stopping early exactly like a full scan', () => {
    type Scan = (
      q: string,
      kinds: Set<string>,
      keep: number,
    ) => Array<{ kind: string; code: string; score: number }>;
    const searchNames = (g as unknown as { searchNames: Scan }).searchNames.bind(g);
    const kinds = new Set(['commune', 'departement', 'region']);
    for (const q of ['s', 'sa', 'saint', 'st', 'mar', 'bor', 'l', 'la', 'pa', 'ile']) {
      const key = (m: { kind: string; code: string; score: number }): string =>
        `${m.kind}:${m.code}:${m.score.toFixed(9)}`;
      const fast = searchNames(q, kinds, 30).map(key);
      const full = searchNames(q, kinds, Infinity)
        .sort((a, b) => b.score - a.score)
        .slice(0, 30)
        .map(key);
      expect(fast, q).toEqual(full);
    }
  });
});

describe('communes on real data', () => {
  it('resolves a commune merged into a commune nouvelle', () => {
    // Saint-Bois (01340) became part of Arboys en Bugey (01015).
    expect(g.communeByCode('01340')).toMatchObject({ code: '01015', nom: 'Arboys en Bugey' });
    const r = g.resolveCommune({ codeInsee: '01340', codePostal: '01300' });
    expect(r).toMatchObject({ code: '01015', codePostal: '01300' });
    expect(r?.note).toMatch(/ancienne commune/);
  });

  it('keeps arrondissements municipaux as their own entries', () => {
    expect(g.arrondissements('75056')).toHaveLength(20);
    expect(g.arrondissements('69123')).toHaveLength(9);
    expect(g.arrondissements('13055')).toHaveLength(16);
    expect(g.communeByCode('69383')).toMatchObject({
      commune: '69123',
      departement: '69',
      type: 'arrondissement-municipal',
    });
    expect(g.resolveCommune({ nom: 'LYON', codePostal: '69003' })).toMatchObject({
      code: '69383',
      nom: 'Lyon',
    });
  });

  it('gives every commune a centre inside France, and its département and région', () => {
    for (const c of ref.data.communes) {
      expect(Number.isFinite(c.lat) && Number.isFinite(c.lon), c.code).toBe(true);
      expect(g.departement(c.departement), c.code).toBeDefined();
      expect(g.region(c.region), c.code).toBeDefined();
    }
    expect(g.centreOf('75056')!.lat).toBeCloseTo(48.85, 1);
    expect(g.departementOf('2A004')).toBe('2A');
    expect(g.departementOf('97105')).toBe('971');
    expect(g.regionOf('97411')).toBe('04');
    expect(g.regionOf('98818')).toBe('988');
  });

  it('lists the member communes of an EPCI', () => {
    const lyon = g.communesOfEpci('200046977');
    expect(lyon).toContain('69123');
    expect(lyon.length).toBeGreaterThan(50);
    expect(g.communeCodesIn({ epcis: ['200046977'] }).has('69381')).toBe(true);
    expect(g.hierarchyOf('69381')?.epci).toBe('200046977');
  });

  it('counts every current commune once', () => {
    const codes = ref.data.communes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(ref.report.communes).toBeGreaterThan(34_000);
    expect(ref.report.unplaced).toEqual([]);
  });
});

describe('outlines and browser files', () => {
  it('gives every metropolitan and overseas département an outline containing its label point', () => {
    const withOutline = ref.data.departements.filter((d) => d.outline);
    expect(withOutline.length).toBeGreaterThanOrEqual(101);
    for (const d of withOutline) expect(pointInMultiPolygon(d, d.outline!), d.code).toBe(true);
    for (const r of ref.data.regions.filter((x) => x.outline))
      expect(pointInMultiPolygon(r, r.outline!), r.code).toBe(true);
    expect(g.departementAt({ lat: 48.8566, lon: 2.3522 })?.code).toBe('75');
    expect(g.departementAt({ lat: 43.2965, lon: 5.3698 })?.code).toBe('13');
  });

  it('writes a small outlines GeoJSON and a gazetteer snapshot that decodes to the same data', async () => {
    const assets = await browserAssets();
    const outlines = readFileSync(assets.outlines);
    const gzipped = gzipSync(outlines).length;
    expect(gzipped).toBeLessThan(400 * 1024);
    const geojson = JSON.parse(outlines.toString('utf8')) as {
      type: string;
      attribution: string;
      features: Array<{ properties: { kind: string } }>;
    };
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.attribution).toMatch(/GeoNames/);
    const kinds = new Set(geojson.features.map((f) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['departement', 'departement-label', 'land', 'region', 'region-label']);

    const snapshot = readFileSync(assets.gazetteer);
    expect(gzipSync(snapshot).length).toBeLessThan(1024 * 1024);
    const decoded = decodeSnapshot(JSON.parse(snapshot.toString('utf8')));
    expect(decoded.communes).toHaveLength(ref.data.communes.length);
    const byCode = new Map(ref.data.communes.map((c) => [c.code, c]));
    for (const c of decoded.communes) {
      const original = byCode.get(c.code)!;
      expect(Math.abs(c.lat - original.lat), c.code).toBeLessThan(1e-4);
      expect({ ...c, lat: 0, lon: 0 }).toEqual({ ...original, lat: 0, lon: 0 });
    }
    const browser = new Gazetteer(decoded);
    expect(browser.searchTerritories('75011')[0]?.code).toBe('75111');
    process.stdout.write(
      `[reference] outlines.geojson ${Math.round(outlines.length / 1024)} Ko (${Math.round(gzipped / 1024)} Ko gzip), ` +
        `gazetteer.json ${Math.round(snapshot.length / 1024)} Ko (${Math.round(gzipSync(snapshot).length / 1024)} Ko gzip)\n`,
    );
  });
});

describe('loading', () => {
  it('loads synchronously what the asynchronous loader generated, once', () => {
    expect(loadReferenceSync()).toBe(ref);
  });

  it('says how to generate a missing or unreadable reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'repere-ref-'));
    try {
      await expect(loadReference({ dir, buildIfMissing: false })).rejects.toThrow(ReferenceMissingError);
      await expect(loadReference({ dir, buildIfMissing: false })).rejects.toThrow(/npm run build:reference/);
      writeFileSync(join(dir, REFERENCE_FILE), '{"format":');
      await expect(loadReference({ dir })).rejects.toThrow(/illisible.*npm run build:reference/);
      writeFileSync(join(dir, REFERENCE_FILE), '{"format":"autre"}');
      await expect(loadReference({ dir })).rejects.toThrow(/format inattendu/);
      expect(() => loadReferenceSync({ dir })).toThrow(/format inattendu/);
      const generated = JSON.parse(readFileSync(join(referenceDir(), REFERENCE_FILE), 'utf8')) as Record<
        string,
        unknown
      >;
      writeFileSync(join(dir, REFERENCE_FILE), JSON.stringify({ ...generated, builderVersion: 0 }));
      expect(() => loadReferenceSync({ dir })).toThrow(/périmé.*npm run build:reference/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The map's data: the built-in offline style (valid MapLibre style, no tiles, no glyphs), the overlay
 * layers, the count bubbles and clusters built from the query engine, and the reference geography
 * index used by the drill-down — over the real reference outlines.
 */
import { readFile } from 'node:fs/promises';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, clusters, countBy } from '../../src/core/query/index.js';
import type { LieuInput } from '../../src/core/query/index.js';
import { browserAssets } from '../../src/reference/index.js';
import { FRANCE_BOUNDS, indexGeography, type GeoCollection, type Geography } from '../../src/web/data/geo.js';
import { countFeatures, pointFeatures } from '../../src/web/map/features.js';
import {
  CLUSTER_ZOOM,
  COUNT_IMAGE_PREFIX,
  OVERLAY_LAYER_IDS,
  mapMode,
  offlineStyle,
  overlayLayers,
  shortCount,
} from '../../src/web/map/style.js';

let collection: GeoCollection;
let geo: Geography;

beforeAll(async () => {
  const { outlines } = await browserAssets();
  collection = JSON.parse(await readFile(outlines, 'utf8')) as GeoCollection;
  geo = indexGeography(collection);
}, 120_000);

describe('indexGeography', () => {
  it('names, boxes and label points of every région and département', () => {
    expect(geo.regions.get('84')?.nom).toBe('Auvergne-Rhône-Alpes');
    const rhone = geo.departements.get('69')!;
    expect(rhone).toMatchObject({ nom: 'Rhône', region: '84' });
    const [west, south, east, north] = rhone.bbox;
    expect(west).toBeLessThan(rhone.label[0]);
    expect(east).toBeGreaterThan(rhone.label[0]);
    expect(south).toBeLessThan(rhone.label[1]);
    expect(north).toBeGreaterThan(rhone.label[1]);
    // Lyon is in the Rhône's box.
    expect(west < 4.83 && 4.83 < east && south < 45.76 && 45.76 < north).toBe(true);
    expect(geo.departements.get('974')?.region).toBe('04');
    expect(geo.departements.size).toBeGreaterThanOrEqual(101);
    expect(geo.attribution).toMatch(/Licence Ouverte/);
  });

  it('metropolitan France holds the mainland départements', () => {
    const [w, s, e, n] = FRANCE_BOUNDS;
    for (const code of ['29', '67', '06', '59', '64']) {
      const [lon, lat] = geo.departements.get(code)!.label;
      expect(lon > w && lon < e && lat > s && lat < n, code).toBe(true);
    }
  });
});

describe('offline style and overlay', () => {
  it('is a valid MapLibre style that needs no tiles, glyphs nor sprite', () => {
    const style = offlineStyle(collection) as {
      sources: Record<string, { type: string }>;
      glyphs?: string;
      sprite?: string;
    };
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(Object.values(style.sources).map((s) => s.type)).toEqual(['geojson']);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  it('overlay layers are valid on top of it and draw numbers as icons, not text', () => {
    const base = offlineStyle(collection) as { sources: Record<string, unknown>; layers: unknown[] };
    const layers = overlayLayers();
    const style = {
      ...base,
      sources: {
        ...base.sources,
        'repere-counts': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
        'repere-points': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
        'repere-highlight': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      },
      layers: [...base.layers, ...layers],
    };
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(layers.map((l) => l.id)).toEqual([...OVERLAY_LAYER_IDS]);
    for (const layer of layers as Array<{ type: string; layout?: Record<string, unknown> }>) {
      expect(layer.layout?.['text-field']).toBeUndefined();
      if (layer.type === 'symbol')
        expect(JSON.stringify(layer.layout?.['icon-image'])).toContain(COUNT_IMAGE_PREFIX);
    }
  });

  it('short counts fit a bubble', () => {
    expect(shortCount(7)).toBe('7');
    expect(shortCount(999)).toBe('999');
    expect(shortCount(1234)).toBe('1,2k');
    expect(shortCount(23_456)).toBe('23k');
  });

  it('régions at country zoom, départements in between, clusters when close or in a département', () => {
    expect(mapMode('france', 4)).toBe('regions');
    expect(mapMode('france', 6)).toBe('departements');
    expect(mapMode('region', 4)).toBe('departements');
    expect(mapMode('region', CLUSTER_ZOOM)).toBe('clusters');
    expect(mapMode('departement', 3)).toBe('clusters');
  });
});

describe('map features from the query engine', () => {
  const lieux: LieuInput[] = [
    { id: 'a', record: { nom: 'A', code_insee: '69123', latitude: '45.76', longitude: '4.83' } },
    { id: 'b', record: { nom: 'B', code_insee: '69123', latitude: '45.761', longitude: '4.831' } },
    { id: 'c', record: { nom: 'C', code_insee: '75056', latitude: '48.85', longitude: '2.35' } },
  ];
  const territory = (code: string) =>
    code.startsWith('69')
      ? { departement: '69', region: '84' }
      : code.startsWith('75')
        ? { departement: '75', region: '11' }
        : undefined;

  it('one bubble per territory with matches, at its label point, with the count', () => {
    const index = buildIndex(lieux, { territory });
    const features = countFeatures(countBy(index, {}, 'departement'), geo, 'departement');
    expect(features.features.map((f) => [f.properties.code, f.properties.count, f.properties.label])).toEqual(
      [
        ['69', 2, '2'],
        ['75', 1, '1'],
      ],
    );
    expect(features.features[0]!.geometry.coordinates).toEqual(geo.departements.get('69')!.label);
    // An unknown code is skipped rather than drawn at 0,0.
    expect(
      countFeatures({ total: 1, counts: [{ code: 'ZZ', count: 1 }], withoutTerritory: 0 }, geo, 'region')
        .features,
    ).toEqual([]);
  });

  it('clusters and lieux as GeoJSON points', () => {
    const index = buildIndex(lieux, { territory });
    const far = pointFeatures(clusters(index, {}, { west: -5, south: 41, east: 10, north: 52 }, 5));
    expect(far.features.find((f) => f.properties.cluster)?.properties).toMatchObject({
      count: 2,
      label: '2',
    });
    expect(far.features.find((f) => !f.properties.cluster)?.properties).toMatchObject({ id: 'c', nom: 'C' });
    const near = pointFeatures(clusters(index, {}, { west: 4.8, south: 45.7, east: 4.9, north: 45.8 }, 18));
    expect(near.features.map((f) => f.properties.id).sort()).toEqual(['a', 'b']);
    expect(near.features.every((f) => f.properties.cluster === false)).toBe(true);
  });
});

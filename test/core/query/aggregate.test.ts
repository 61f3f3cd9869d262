import { describe, expect, it } from 'vitest';
import { buildIndex, clusters, countBy, runQuery, CLUSTER_OPTIONS } from '../../../src/core/query/index.js';
import type { MapFeature, Query, TerritoryLevel } from '../../../src/core/query/index.js';
import { LIEUX, lieu, resolver } from './fixtures.js';

const index = buildIndex(LIEUX, { territory: resolver });
const NOW = new Date('2025-06-07T08:30:00Z');
const WORLD = { west: -180, south: -85, east: 180, north: 85 };

const FILTER_FIELD: Record<TerritoryLevel, 'regions' | 'departements' | 'communes'> = {
  region: 'regions',
  departement: 'departements',
  commune: 'communes',
};

const QUERIES: Query[] = [
  {},
  { gratuit: true },
  { services: ['Aide aux démarches administratives'] },
  { openNow: true },
  { q: 'numérique' },
  { regions: ['84', '44'] },
  { near: { lat: 45.76, lon: 4.83 }, radiusKm: 600 },
];

describe('countBy', () => {
  it.each(['region', 'departement', 'commune'] as const)(
    'counts per %s equal the list totals per group, for every query',
    (level) => {
      for (const query of QUERIES) {
        const result = countBy(index, query, level, { now: NOW });
        const total = runQuery(index, query, { now: NOW }).total;
        expect(result.total).toBe(total);
        expect(result.counts.reduce((sum, c) => sum + c.count, 0) + result.withoutTerritory).toBe(total);
        for (const { code, count } of result.counts) {
          expect(count).toBeGreaterThan(0);
          expect(runQuery(index, { ...query, [FILTER_FIELD[level]]: [code] }, { now: NOW }).total).toBe(
            count,
          );
        }
      }
    },
  );

  it('sorts groups by code and groups arrondissements under their commune', () => {
    const communes = countBy(index, {}, 'commune');
    expect(communes.counts.map((c) => c.code)).toEqual([...communes.counts.map((c) => c.code)].sort());
    expect(communes.counts).toContainEqual({ code: '69123', count: 3 });
    expect(communes.counts).toContainEqual({ code: '75056', count: 2 });
    expect(communes.counts.find((c) => c.code === '69381')).toBeUndefined();
    expect(communes.withoutTerritory).toBe(1);
    expect(countBy(index, {}, 'region').counts).toEqual([
      { code: '04', count: 1 },
      { code: '11', count: 2 },
      { code: '44', count: 2 },
      { code: '75', count: 2 },
      { code: '84', count: 3 },
      { code: '94', count: 1 },
    ]);
  });

  it('counts lieux whose code INSEE the resolver does not know as without territory', () => {
    const small = buildIndex([lieu('u', { code_insee: '01001' }), lieu('v', { code_insee: '69123' })], {
      territory: resolver,
    });
    expect(countBy(small, {}, 'departement')).toEqual({
      total: 2,
      counts: [{ code: '69', count: 1 }],
      withoutTerritory: 1,
    });
    // The commune level still knows the code itself.
    expect(countBy(small, {}, 'commune').counts.map((c) => c.code)).toEqual(['01001', '69123']);
  });
});

function sumCounts(features: MapFeature[]): number {
  return features.reduce((sum, f) => sum + (f.type === 'cluster' ? f.count : 1), 0);
}

describe('clusters', () => {
  const located = (query: Query): number =>
    runQuery(index, { ...query, bbox: { west: -180, south: -90, east: 180, north: 90 } }, { now: NOW }).total;

  it('covers every located match at every zoom', () => {
    for (const query of QUERIES) {
      for (const zoom of [0, 3, 6, 10, 16, 20]) {
        expect(sumCounts(clusters(index, query, WORLD, zoom, { now: NOW }))).toBe(located(query));
      }
    }
  });

  it('shows single lieux with their id and name once zoomed in', () => {
    const features = clusters(index, {}, WORLD, CLUSTER_OPTIONS.maxZoom + 1);
    expect(features.every((f) => f.type === 'lieu')).toBe(true);
    const a = features.find((f) => f.type === 'lieu' && f.id === 'a');
    expect(a).toEqual({ type: 'lieu', id: 'a', lat: 45.7485, lon: 4.8467, nom: 'Médiathèque Jean Macé' });
  });

  it('groups nearby lieux when zoomed out, with an expansion zoom that splits them', () => {
    const paris = clusters(index, { communes: ['75056'] }, WORLD, 5);
    expect(paris).toHaveLength(1);
    const cluster = paris[0]!;
    expect(cluster.type).toBe('cluster');
    if (cluster.type !== 'cluster') return;
    expect(cluster.count).toBe(2);
    expect(cluster.lat).toBeGreaterThan(48.85);
    expect(cluster.lat).toBeLessThan(48.87);
    const split = clusters(index, { communes: ['75056'] }, WORLD, cluster.expansionZoom);
    expect(split.filter((f) => f.type === 'lieu')).toHaveLength(2);
  });

  it('returns only what lies in the viewport', () => {
    const reunion = clusters(index, {}, { west: 55, south: -21.5, east: 56, north: -20.5 }, 10);
    expect(reunion).toEqual([
      { type: 'lieu', id: 'h', lat: -20.8821, lon: 55.4507, nom: 'Œuvre numérique réunionnaise' },
    ]);
  });

  it('is deterministic and reuses the clusterer for the same result set', () => {
    const first = clusters(index, { gratuit: true }, WORLD, 4);
    const again = clusters(index, { gratuit: true }, WORLD, 4);
    expect(again).toEqual(first);
    // A different query with the same matches gives the same clusters.
    const sameSet = clusters(index, { frais_a_charge: ['Gratuit'] }, WORLD, 4);
    expect(sameSet).toEqual(first);
    expect(clusters(index, { gratuit: false }, WORLD, 4)).not.toEqual(first);
  });

  it('rejects a non-numeric viewport', () => {
    expect(() => clusters(index, {}, { ...WORLD, west: Number.NaN }, 3)).toThrow(/bbox et zoom/);
  });
});

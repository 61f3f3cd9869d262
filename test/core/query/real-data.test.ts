/**
 * The engine over a real national export: the France Services list (2,683 sites with code INSEE,
 * coordinates and hours per weekday), resolved with the project's own reference geography.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/index.js';
import { convertDayColumnsToOsm } from '../../../src/core/hours/index.js';
import {
  buildIndex,
  clusters,
  countBy,
  formatQueryParams,
  parseQueryParams,
  runQuery,
  territoryResolver,
} from '../../../src/core/query/index.js';
import type { LieuIndex, LieuInput, Query } from '../../../src/core/query/index.js';
import { readRecords } from '../../../src/io/index.js';
import { loadReference } from '../../../src/reference/index.js';

const SHARED = resolve(import.meta.dirname, '../../../../shared');
const FILE = join(SHARED, 'data/sources/france-services/liste-fs-20221201.csv');
const NOW = new Date('2025-06-03T08:30:00Z'); // a Tuesday, 10:30 in Paris

describe.skipIf(!existsSync(FILE))('France Services list (../shared absent: skipped)', () => {
  const lieux: LieuInput[] = [];
  const departementInFile = new Map<string, string>();
  let withoutCode = 0;
  let unreadableHours = 0;
  let index: LieuIndex;

  beforeAll(async () => {
    for await (const { record: row } of readRecords(FILE)) {
      const hours = convertDayColumnsToOsm({
        Mo: row.h_lundi,
        Tu: row.h_mardi,
        We: row.h_mercredi,
        Th: row.h_jeudi,
        Fr: row.h_vendredi,
        Sa: row.h_samedi,
      });
      const id = `fs-${row.id_fs}`;
      if (lieux.some((l) => l.id === id)) continue;
      departementInFile.set(id, row.insee_dep ?? '');
      if (!/^(\d{5}|2[AB]\d{3})$/.test(row.insee_com ?? '')) withoutCode++;
      if (!hours.ok && !hours.empty) unreadableHours++;
      lieux.push({
        id,
        record: {
          id,
          nom: row.lib_fs ?? '',
          commune: row.lib_com ?? '',
          code_insee: row.insee_com ?? '',
          code_postal: row.code_postal ?? '',
          adresse: row.adresse ?? '',
          latitude: row.latitude ?? '',
          longitude: row.longitude ?? '',
          horaires: hours.ok ? hours.osm : '',
          itinerance: row.itinerance === 'Oui' ? 'Itinérant' : 'Fixe',
          dispositif_programmes_nationaux: 'France Services',
          services: 'Aide aux démarches administratives',
          frais_a_charge: 'Gratuit',
          date_maj: '2022-12-01',
        },
      });
    }
    const reference = await loadReference();
    index = buildIndex(lieux, { territory: territoryResolver(reference.gazetteer) });
  }, 120_000);

  it('indexes every site and compiles each distinct hours text once', () => {
    expect(index.size).toBeGreaterThan(2600);
    expect(unreadableHours).toBeLessThan(index.size * 0.05);
    expect(index.invalidHours).toBe(0);
    const distinct = new Set(lieux.map((l) => l.record.horaires).filter(Boolean));
    expect(index.hours.length).toBe(distinct.size);
    expect(distinct.size).toBeLessThan(index.size * 0.8);
  });

  it('counts per département agree with the file’s own département column', () => {
    const counts = countBy(index, {}, 'departement');
    expect(counts.total).toBe(index.size);
    const expected = new Map<string, number>();
    for (const dep of departementInFile.values()) expected.set(dep, (expected.get(dep) ?? 0) + 1);
    let agreeing = 0;
    for (const { code, count } of counts.counts) if (expected.get(code) === count) agreeing++;
    // Communes merged since 2022 or odd codes may move a site; nearly every département must agree.
    expect(agreeing).toBeGreaterThan(counts.counts.length * 0.9);
    // Exactly the rows without a usable code INSEE (empty, « 0null »).
    expect(counts.withoutTerritory).toBe(withoutCode);
  });

  it('counts per région add up to the list totals, filter by filter', () => {
    const query: Query = { itinerant: false, openNow: true };
    const byRegion = countBy(index, query, 'region', { now: NOW });
    const total = runQuery(index, query, { now: NOW }).total;
    expect(byRegion.total).toBe(total);
    for (const { code, count } of byRegion.counts) {
      expect(runQuery(index, { ...query, regions: [code] }, { now: NOW }).total).toBe(count);
    }
  });

  it('finds the sites near a point, sorted by distance', () => {
    const lyon = { lat: 45.764, lon: 4.8357 };
    const result = runQuery(index, { near: lyon, radiusKm: 25, limit: 1000 });
    expect(result.total).toBeGreaterThan(3);
    let previous = 0;
    for (const item of result.items) {
      const r = item.lieu.record;
      const d = haversineKm(lyon, { lat: Number(r.latitude), lon: Number(r.longitude) });
      expect(d).toBeLessThanOrEqual(25);
      expect(item.distanceKm).toBeCloseTo(d, 9);
      expect(d).toBeGreaterThanOrEqual(previous);
      previous = d;
    }
  });

  it('opens fewer sites on Saturday afternoon than on a weekday morning', () => {
    const weekday = runQuery(index, { slots: [{ day: 1, from: 600, to: 660 }] }).total;
    const saturday = runQuery(index, { slots: [{ day: 5, from: 900, to: 960 }] }).total;
    expect(weekday).toBeGreaterThan(index.size / 2);
    expect(saturday).toBeLessThan(weekday / 5);
  });

  it('searches names and communes', () => {
    const result = runQuery(index, { q: 'valserhone' });
    expect(result.items.map((i) => i.lieu.record.nom)).toContain('France services de Valserhône');
  });

  it('clusters every located site for the map', () => {
    const world = { west: -180, south: -85, east: 180, north: 85 };
    const located = runQuery(index, { bbox: { west: -180, south: -90, east: 180, north: 90 } }).total;
    const features = clusters(index, {}, world, 5);
    expect(features.reduce((sum, f) => sum + (f.type === 'cluster' ? f.count : 1), 0)).toBe(located);
  });

  it('gives the same results through the parameter codec', () => {
    const query: Query = {
      departements: ['69', '01'],
      itinerant: false,
      slots: [{ day: 5, from: 540, to: 720 }],
      near: { lat: 45.764, lon: 4.8357 },
    };
    const parsed = parseQueryParams(new URLSearchParams(formatQueryParams(query).toString()));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(runQuery(index, parsed.query, { now: NOW })).toEqual(runQuery(index, query, { now: NOW }));
  });
});

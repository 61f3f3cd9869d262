/**
 * Accuracy of the project's own reference geography against IGN-derived ground truth kept in
 * ../shared/data/geo (never shipped, never read by the product): commune centres against area-weighted
 * centroids, and département / région outlines against the communes they should contain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { departementOf } from '../../src/core/geo/codes.js';
import { haversineKm } from '../../src/core/geo/distance.js';
import { pointInMultiPolygon } from '../../src/core/geo/polygon.js';
import type { Commune, LatLon, MultiPolygonCoords } from '../../src/core/geo/types.js';
import { loadReference, type Reference } from '../../src/reference/index.js';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const GEO = `${SHARED}data/geo/`;
const hasShared = existsSync(`${GEO}communes-centroides.csv`);

interface Truth extends LatLon {
  code: string;
  nom: string;
}

function readCentroids(): Truth[] {
  const [, ...lines] = readFileSync(`${GEO}communes-centroides.csv`, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [code, nom, lon, lat] = line.split(',');
    return { code: code!, nom: nom!, lon: Number(lon), lat: Number(lat) };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const km = (v: number): string => `${v.toFixed(2)} km`;

describe.skipIf(!hasShared)(
  'reference accuracy against ../shared/data/geo (skipped when ../shared is absent)',
  () => {
    let ref: Reference;
    let truth: Truth[];

    beforeAll(async () => {
      ref = await loadReference();
      truth = readCentroids();
    }, 300_000);

    it('places commune centres close to the communes’ centroids', () => {
      const byCode = new Map<string, Commune>(ref.data.communes.map((c) => [c.code, c]));
      const all: number[] = [];
      const located: number[] = [];
      const estimated: number[] = [];
      for (const t of truth) {
        const c = byCode.get(t.code);
        // Communes unchanged since the ground truth's vintage (merged ones have moved on).
        if (!c || c.nom !== t.nom) continue;
        const d = haversineKm(c, t);
        all.push(d);
        (c.centreEstime ? estimated : located).push(d);
      }
      for (const list of [all, located, estimated]) list.sort((a, b) => a - b);
      const line =
        `[accuracy] ${all.length} communes compared: median ${km(percentile(all, 50))}, p95 ${km(percentile(all, 95))}; ` +
        `located (${located.length}): median ${km(percentile(located, 50))}, p95 ${km(percentile(located, 95))}; ` +
        `estimated (${estimated.length}): median ${km(percentile(estimated, 50))}, p95 ${km(percentile(estimated, 95))}\n`;
      process.stdout.write(line);
      expect(all.length).toBeGreaterThan(30_000);
      // Located communes: the chef-lieu is typically within a kilometre or two of the area centroid.
      expect(percentile(located, 50)).toBeLessThan(1.5);
      expect(percentile(located, 95)).toBeLessThan(4);
      // Estimated communes (no GeoNames place, under ~500 inhabitants): their postcode area's centre.
      expect(percentile(estimated, 50)).toBeLessThan(8);
      expect(percentile(all, 50)).toBeLessThan(4);
      expect(percentile(all, 95)).toBeLessThan(14);
    });

    it('draws départements that contain their communes’ centroids', () => {
      let right = 0;
      let total = 0;
      for (const t of truth) {
        const dep = departementOf(t.code);
        if (!dep || dep.length === 3) continue;
        total++;
        if (ref.gazetteer.departementAt(t)?.code === dep) right++;
      }
      process.stdout.write(
        `[accuracy] départements: ${((100 * right) / total).toFixed(2)} % of ${total} commune centroids inside their own\n`,
      );
      expect(right / total).toBeGreaterThanOrEqual(0.97);
    });

    it('draws régions that contain their communes’ centroids', () => {
      const regionOfDep = new Map(ref.data.departements.map((d) => [d.code, d.region]));
      const outlines = ref.data.regions.filter((r) => r.outline) as Array<{
        code: string;
        outline: MultiPolygonCoords;
      }>;
      let right = 0;
      let total = 0;
      for (const t of truth) {
        const dep = departementOf(t.code);
        if (!dep || dep.length === 3) continue;
        const region = outlines.find((r) => r.code === regionOfDep.get(dep));
        if (!region) continue;
        total++;
        if (pointInMultiPolygon(t, region.outline)) right++;
      }
      process.stdout.write(
        `[accuracy] régions: ${((100 * right) / total).toFixed(2)} % of ${total} commune centroids inside their own\n`,
      );
      expect(right / total).toBeGreaterThanOrEqual(0.98);
    });

    it('matches the shared département outlines on a regular grid of points', () => {
      const shared = JSON.parse(readFileSync(`${GEO}departements-simplifies.geojson`, 'utf8')) as {
        features: Array<{ properties: { code: string }; geometry: { type: string; coordinates: unknown } }>;
      };
      const theirs = shared.features.map((f) => ({
        code: f.properties.code,
        outline: (f.geometry.type === 'Polygon'
          ? [f.geometry.coordinates]
          : f.geometry.coordinates) as MultiPolygonCoords,
      }));
      let agree = 0;
      let total = 0;
      for (let lat = 41.4; lat <= 51.1; lat += 0.1) {
        for (let lon = -5; lon <= 9.6; lon += 0.1) {
          const p = { lat, lon };
          const expected = theirs.find((d) => pointInMultiPolygon(p, d.outline))?.code;
          if (!expected) continue;
          total++;
          if (ref.gazetteer.departementAt(p)?.code === expected) agree++;
        }
      }
      process.stdout.write(
        `[accuracy] départements: ${((100 * agree) / total).toFixed(2)} % of ${total} grid points agree with the shared outlines\n`,
      );
      expect(agree / total).toBeGreaterThanOrEqual(0.95);
    });
  },
);

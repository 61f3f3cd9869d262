/**
 * Nearest-first pages through the grid must be exactly the pages of a full sort by distance (then
 * name), wherever the point is: dense cities, empty ocean, both sides of the antimeridian, near a pole.
 */
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/index.js';
import { buildIndex, runQuery } from '../../../src/core/query/index.js';
import type { LatLon, LieuInput } from '../../../src/core/query/index.js';
import { buildGrid, gatherNearest } from '../../../src/core/query/nearest.js';
import { lieu, resolver } from './fixtures.js';
import { seededRandom } from '../../../src/core/demo/random.js';

/** Clusters around a few centres, two of them astride the antimeridian, plus lieux without coordinates. */
function makeLieux(count: number, seed: number): LieuInput[] {
  const rand = seededRandom(seed);
  const centres: LatLon[] = [
    { lat: 48.85, lon: 2.35 },
    { lat: 45.76, lon: 4.84 },
    { lat: -21.1, lon: 55.5 },
    { lat: -13.3, lon: -176.2 }, // Wallis
    { lat: -22.27, lon: 166.44 }, // Nouméa
    { lat: -17.9, lon: 179.9 },
    { lat: -17.9, lon: -179.9 },
    { lat: 78.2, lon: 15.6 },
  ];
  return Array.from({ length: count }, (_, k) => {
    const centre = centres[k % centres.length]!;
    const located = rand() > 0.05;
    let lon = centre.lon + (rand() - 0.5) * 0.8;
    if (lon >= 180) lon -= 360;
    if (lon < -180) lon += 360;
    const lat = centre.lat + (rand() - 0.5) * 0.6;
    return lieu(`n${String(k).padStart(5, '0')}`, {
      nom: `Lieu ${Math.floor(rand() * 50)}`,
      services:
        rand() < 0.5 ? 'Aide aux démarches administratives' : 'Maîtrise des outils numériques du quotidien',
      ...(located ? { latitude: lat.toFixed(5), longitude: lon.toFixed(5) } : {}),
    });
  });
}

function expectedIds(lieux: LieuInput[], near: LatLon, services?: string): string[] {
  const index = buildIndex(lieux, { territory: resolver });
  const distance = (l: LieuInput) =>
    l.record.latitude
      ? haversineKm(near, { lat: Number(l.record.latitude), lon: Number(l.record.longitude) })
      : Infinity;
  const rank = new Map(index.ids.map((id, i) => [id, i]));
  return lieux
    .filter((l) => !services || l.record.services === services)
    .sort((a, b) => distance(a) - distance(b) || rank.get(a.id)! - rank.get(b.id)!)
    .map((l) => l.id);
}

describe('nearest-first pages', () => {
  const lieux = makeLieux(4000, 7);
  const index = buildIndex(lieux, { territory: resolver });
  const points: LatLon[] = [
    { lat: 48.86, lon: 2.34 },
    { lat: 45.7, lon: 4.9 },
    { lat: -17.9, lon: 179.99 },
    { lat: -17.9, lon: -179.99 },
    { lat: -13.2, lon: -176.0 },
    { lat: -22.0, lon: 166.0 },
    { lat: 40.0, lon: -40.0 }, // mid-Atlantic: far from everything
    { lat: 89.5, lon: 0 },
    { lat: -89.5, lon: 120 },
  ];

  it('equal a full sort by distance then name, for first and later pages, with and without a filter', () => {
    for (const near of points) {
      for (const services of [undefined, 'Aide aux démarches administratives'] as const) {
        const expected = expectedIds(lieux, near, services);
        for (const [offset, limit] of [
          [0, 1],
          [0, 20],
          [20, 20],
          [0, 150],
        ] as const) {
          const result = runQuery(index, {
            near,
            offset,
            limit,
            ...(services ? { services: [services] } : {}),
          });
          expect(result.total).toBe(expected.length);
          expect(result.items.map((item) => item.lieu.id)).toEqual(expected.slice(offset, offset + limit));
        }
      }
    }
  });

  it('gathers candidates across the antimeridian and gives up far from every lieu', () => {
    const grid = buildGrid(index);
    const a = new Float64Array(index.size);
    const trig = (lat: number, lon: number) => ({
      lat,
      lon,
      sinLat: Math.sin((lat * Math.PI) / 180),
      cosLat: Math.cos((lat * Math.PI) / 180),
      sinLon: Math.sin((lon * Math.PI) / 180),
      cosLon: Math.cos((lon * Math.PI) / 180),
    });
    const east = gatherNearest(index, grid, trig(-17.9, 179.99), null, 30, a, 1e-14);
    expect(east).toBeDefined();
    const lons = [...east!].map((i) => index.lon[i]!);
    expect(lons.some((lon) => lon < 0)).toBe(true);
    expect(lons.some((lon) => lon > 0)).toBe(true);
    expect(gatherNearest(index, grid, trig(40, -40), null, 10, a, 1e-14)).toBeUndefined();
  });
});

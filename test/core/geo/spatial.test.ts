import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bboxAround,
  bboxContains,
  bboxOf,
  haversineKm,
  isValidLatLon,
} from '../../../src/core/geo/distance.js';
import { cellBBox, cellsInRadius, gridCell, neighbourCells } from '../../../src/core/geo/grid.js';
import {
  labelPoint,
  pointInMultiPolygon,
  pointInPolygon,
  simplifyLine,
} from '../../../src/core/geo/polygon.js';
import type { LatLon, PolygonCoords, Position } from '../../../src/core/geo/types.js';

const france = fc.record({
  lat: fc.double({ min: -22, max: 51.5, noNaN: true }),
  lon: fc.double({ min: -62, max: 56, noNaN: true }),
});

/** A point at `km` from `p` in direction `bearing` (degrees), on the sphere. */
function offset(p: LatLon, km: number, bearing: number): LatLon {
  const R = 6371.0088;
  const d = km / R;
  const b = (bearing * Math.PI) / 180;
  const lat1 = (p.lat * Math.PI) / 180;
  const lon1 = (p.lon * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 =
    lon1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, lon: (lon2 * 180) / Math.PI };
}

describe('haversineKm', () => {
  it('measures a degree of latitude and a degree of longitude at the equator', () => {
    expect(haversineKm({ lat: 45, lon: 3 }, { lat: 46, lon: 3 })).toBeCloseTo(111.195, 2);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.195, 2);
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 48.8566, lon: 2.3522 })).toBe(0);
  });

  it('is symmetric and agrees with the direct formula for offsets', () => {
    fc.assert(
      fc.property(
        france,
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (p, km, b) => {
          const q = offset(p, km, b);
          expect(haversineKm(p, q)).toBeCloseTo(km, 6);
          expect(haversineKm(q, p)).toBeCloseTo(haversineKm(p, q), 9);
        },
      ),
    );
  });

  it('validates coordinates', () => {
    expect(isValidLatLon({ lat: 45, lon: 4 })).toBe(true);
    expect(isValidLatLon({ lat: 91, lon: 4 })).toBe(false);
    expect(isValidLatLon({ lat: Number.NaN, lon: 4 })).toBe(false);
    expect(isValidLatLon({ lat: '45', lon: 4 })).toBe(false);
  });
});

describe('bounding boxes', () => {
  it('contains its edges and the points used to build it', () => {
    const box = bboxOf([
      [2, 48],
      [3, 49],
    ])!;
    expect(box).toEqual([2, 48, 3, 49]);
    expect(bboxContains(box, { lat: 48, lon: 2 })).toBe(true);
    expect(bboxContains(box, { lat: 49.01, lon: 2.5 })).toBe(false);
    expect(bboxOf([])).toBeUndefined();
  });

  it('bboxAround holds every point within the radius', () => {
    fc.assert(
      fc.property(
        france,
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (p, km, b) => {
          expect(bboxContains(bboxAround(p, km), offset(p, km * 0.999, b))).toBe(true);
        },
      ),
    );
  });
});

describe('grid cells', () => {
  it('are at least the requested size', () => {
    for (const lat of [-21, 0, 16, 43, 51, 70]) {
      const box = cellBBox(gridCell(lat, 2, 5), 5);
      const north = Math.max(Math.abs(box[1]), Math.abs(box[3]));
      expect(haversineKm({ lat: box[1], lon: 2 }, { lat: box[3], lon: 2 })).toBeGreaterThanOrEqual(4.999);
      expect(haversineKm({ lat: north, lon: box[0] }, { lat: north, lon: box[2] })).toBeGreaterThanOrEqual(
        4.99,
      );
    }
  });

  it('a point within the cell size of another lies in a neighbouring cell', () => {
    fc.assert(
      fc.property(
        france,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.constantFrom(0.5, 2, 10, 50),
        (p, share, b, size) => {
          const q = offset(p, size * share, b);
          expect(neighbourCells(gridCell(p.lat, p.lon, size), size)).toContain(gridCell(q.lat, q.lon, size));
        },
      ),
    );
  });

  it('cellsInRadius covers every point within the radius', () => {
    fc.assert(
      fc.property(
        france,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (p, share, b) => {
          const q = offset(p, 25 * share, b);
          expect(cellsInRadius(p, 25, 5)).toContain(gridCell(q.lat, q.lon, 5));
        },
      ),
    );
  });

  it('wraps around the antimeridian and rejects a bad size', () => {
    expect(gridCell(-17.5, 180, 10)).toBe(gridCell(-17.5, -180, 10));
    expect(neighbourCells(gridCell(-17.5, 179.99, 10), 10)).toContain(gridCell(-17.5, -179.99, 10));
    expect(() => gridCell(45, 4, 0)).toThrow(/maille/);
    expect(() => neighbourCells('nope', 5)).toThrow(/maille/);
  });
});

describe('polygons', () => {
  const withHole: PolygonCoords = [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ];

  it('finds points inside the outer ring and outside holes', () => {
    expect(pointInPolygon({ lon: 2, lat: 2 }, withHole)).toBe(true);
    expect(pointInPolygon({ lon: 5, lat: 5 }, withHole)).toBe(false);
    expect(pointInPolygon({ lon: 11, lat: 5 }, withHole)).toBe(false);
    expect(
      pointInMultiPolygon({ lon: 21, lat: 1 }, [
        withHole,
        [
          [
            [20, 0],
            [22, 0],
            [22, 2],
            [20, 2],
            [20, 0],
          ],
        ],
      ]),
    ).toBe(true);
    expect(pointInPolygon({ lon: 1, lat: 1 }, [])).toBe(false);
  });

  it('simplifies a line within tolerance, keeping its ends', () => {
    const line: Position[] = Array.from({ length: 101 }, (_, i) => [i / 10, Math.sin(i / 10) * 0.001]);
    const simple = simplifyLine(line, 0.01);
    expect(simple.length).toBeLessThan(line.length / 10);
    expect(simple[0]).toEqual(line[0]);
    expect(simple[simple.length - 1]).toEqual(line[100]);
    const wave: Position[] = Array.from({ length: 101 }, (_, i) => [i / 10, Math.sin(i / 10)]);
    expect(simplifyLine(wave, 0.01).length).toBeGreaterThan(5);
  });

  it('puts a label point inside a U-shaped polygon whose centroid is outside', () => {
    const u: PolygonCoords = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [8, 10],
        [8, 2],
        [2, 2],
        [2, 10],
        [0, 10],
        [0, 0],
      ],
    ];
    const p = labelPoint([u])!;
    expect(pointInPolygon(p, u)).toBe(true);
  });
});

/** The pieces the reference is built with, on small made-up inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/core/geo/distance.js';
import { buildCommunes, PARIS_MAIRIES } from '../../src/reference/communes.js';
import {
  applyAffine,
  fitAffine,
  invertAffine,
  lambert93,
  webMercator,
  type Affine,
} from '../../src/reference/projection.js';
import type { Cog, CogCommune, GeoNamesPlace } from '../../src/reference/sources.js';
import { parsePath, parseSvgShapes, SvgFormatError } from '../../src/reference/svg.js';
import { topoToMultiPolygon, type Topology } from '../../src/reference/topojson.js';

describe('SVG paths', () => {
  it('reads relative moves, implicit lines and closed subpaths', () => {
    const rings = parsePath('m 10,10 5,0 0,5 -5,0 z m 20,0 1,0 0,1 z');
    expect(rings).toEqual([
      [
        [10, 10],
        [15, 10],
        [15, 15],
        [10, 15],
        [10, 10],
      ],
      [
        [30, 10],
        [31, 10],
        [31, 11],
        [30, 10],
      ],
    ]);
    expect(parsePath('M0 0 H 4 V 4 h -4 Z')[0]).toEqual([
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ]);
  });

  it('refuses curves and documents without paths, saying why', () => {
    expect(() => parsePath('m 0,0 c 1,1 2,2 3,3 z')).toThrow(SvgFormatError);
    expect(() => parseSvgShapes('<svg></svg>')).toThrow(/aucun tracé/);
    const shapes = parseSvgShapes('<svg><path id="2A" aria-label="Corse-du-Sud" d="m 0,0 1,0 0,1 z"/></svg>');
    expect(shapes).toMatchObject([{ id: '2A', name: 'Corse-du-Sud' }]);
  });
});

describe('TopoJSON', () => {
  it('decodes quantized, delta-encoded arcs, reversed when negative', () => {
    const topology: Topology = {
      type: 'Topology',
      transform: { scale: [0.5, 0.5], translate: [10, 20] },
      arcs: [
        [
          [0, 0],
          [2, 0],
          [0, 2],
        ],
        [
          [2, 2],
          [-2, 0],
          [0, -2],
        ],
      ],
      objects: {},
    };
    const square = topoToMultiPolygon(topology, { type: 'Polygon', arcs: [[0, 1]] });
    expect(square).toEqual([
      [
        [
          [10, 20],
          [11, 20],
          [11, 21],
          [10, 21],
          [10, 20],
        ],
      ],
    ]);
    const reversed = topoToMultiPolygon(topology, { type: 'MultiPolygon', arcs: [[[~1, ~0]]] });
    expect(reversed[0]![0]![0]).toEqual([10, 20]);
    expect(reversed[0]![0]![1]).toEqual([10, 21]);
    expect(() => topoToMultiPolygon(topology, { type: 'Polygon', arcs: [[7]] })).toThrow(/arc 7/);
  });
});

describe('projections and affine fit', () => {
  it('puts Lambert-93’s origin where the projection defines it', () => {
    const [x, y] = lambert93.forward([3, 46.5]);
    expect(x).toBeCloseTo(700000, 3);
    expect(y).toBeCloseTo(6600000, 3);
  });

  it('inverts both projections', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 10, noNaN: true }),
        fc.double({ min: 41, max: 51.5, noNaN: true }),
        (lon, lat) => {
          for (const projection of [lambert93, webMercator]) {
            const [lon2, lat2] = projection.inverse(projection.forward([lon, lat]));
            expect(lon2).toBeCloseTo(lon, 7);
            expect(lat2).toBeCloseTo(lat, 7);
          }
        },
      ),
    );
  });

  it('recovers an affine transform from noiseless pairs, and inverts it', () => {
    const t: Affine = [0.002, 0.0001, -300, -0.00005, -0.0021, 14000];
    const from: [number, number][] = [
      [600000, 6800000],
      [900000, 6300000],
      [300000, 6500000],
      [1000000, 7000000],
    ];
    const fitted = fitAffine(
      from,
      from.map((p) => applyAffine(t, p)),
    );
    fitted.forEach((v, i) => expect(v).toBeCloseTo(t[i]!, 6));
    const back = applyAffine(invertAffine(fitted), applyAffine(fitted, [700000, 6600000]));
    expect(back[0]).toBeCloseTo(700000, 4);
    expect(back[1]).toBeCloseTo(6600000, 4);
    expect(() => fitAffine([[0, 0]], [[1, 1]])).toThrow(/au moins 3/);
  });
});

describe('buildCommunes', () => {
  const commune = (c: Partial<CogCommune> & Pick<CogCommune, 'code' | 'nom'>): CogCommune => ({
    type: 'commune-actuelle',
    departement: '01',
    region: '84',
    codesPostaux: ['01100'],
    population: 100,
    ...c,
  });
  const place = (
    name: string,
    lat: number,
    lon: number,
    extra: Partial<GeoNamesPlace> = {},
  ): GeoNamesPlace => ({
    name,
    lat,
    lon,
    featureCode: 'PPL',
    country: 'FR',
    admin1: '84',
    admin2: '01',
    admin4: '',
    population: 600,
    ...extra,
  });
  const cog: Cog = {
    version: '6.0.0',
    communes: [
      commune({ code: '01001', nom: 'Alpha', population: 900 }),
      commune({ code: '01002', nom: 'Beta', population: 700 }),
      commune({ code: '01003', nom: 'Gamma', population: 50 }),
      commune({ code: '01004', nom: 'Delta', population: 800 }),
      commune({
        code: '01005',
        nom: 'Nouvelle',
        population: 2000,
        anciensCodes: ['01006'],
        codesPostaux: ['01200'],
      }),
      commune({ code: '01005', nom: 'Vieille', type: 'commune-deleguee', chefLieu: '01005' }),
      commune({ code: '01006', nom: 'Autre', type: 'commune-deleguee', chefLieu: '01005' }),
      commune({
        code: '75056',
        nom: 'Paris',
        departement: '75',
        region: '11',
        codesPostaux: ['75001'],
        population: 2e6,
      }),
      commune({
        code: '75101',
        nom: 'Paris 1er Arrondissement',
        type: 'arrondissement-municipal',
        commune: '75056',
        departement: '75',
        region: '11',
        codesPostaux: ['75001'],
      }),
      commune({
        code: '98901',
        nom: 'Île de Clipperton',
        departement: '989',
        region: '989',
        codesPostaux: [],
      }),
    ],
    departements: [],
    regions: [],
    epcis: [
      {
        code: '200000001',
        nom: 'CC Test',
        type: 'CC',
        membres: [
          { code: '01001', nom: 'Alpha' },
          { code: '01003', nom: 'Gamma' },
        ],
      },
    ],
  };
  const places = [
    place('Alpha', 46.0, 5.0),
    place('Beta', 46.02, 5.02),
    // Wrong position in the source: 80 km away from the communes sharing its postcode.
    place('Delta', 46.7, 5.0),
    place('Vieille', 46.2, 5.2),
    place('Autre', 46.22, 5.24),
    place('Paris', 48.85, 2.35, { admin2: '75', featureCode: 'PPLC' }),
    // A hamlet with the right code but another name: used only when nothing better exists.
    place('Hameau', 46.01, 5.01, { admin4: '01002' }),
  ];
  const built = buildCommunes(cog, places, (dep) => (dep === '989' ? { lat: 10.3, lon: -109.2 } : undefined));
  const byCode = new Map(built.communes.map((c) => [c.code, c]));

  it('locates communes by name within their département', () => {
    expect(byCode.get('01001')).toMatchObject({ lat: 46, lon: 5, epci: '200000001' });
    expect(byCode.get('01002')).toMatchObject({ lat: 46.02, lon: 5.02 });
    expect(byCode.get('01001')!.centreEstime).toBeUndefined();
  });

  it('puts a commune nouvelle between its former communes and keeps their own centres', () => {
    expect(byCode.get('01005')).toMatchObject({ lat: 46.21, lon: 5.22 });
    expect(built.anciennes.find((a) => a.code === '01006')).toMatchObject({
      commune: '01005',
      nom: 'Autre',
      lat: 46.22,
    });
    expect(built.anciennes.find((a) => a.code === '01005')).toMatchObject({ nom: 'Vieille' });
  });

  it('rejects a place far from its postcode neighbours and estimates instead', () => {
    expect(built.stats.outliers).toEqual(['01004']);
    const delta = byCode.get('01004')!;
    expect(delta.centreEstime).toBe(true);
    expect(haversineKm(delta, { lat: 46.01, lon: 5.01 })).toBeLessThan(3);
  });

  it('estimates an unlocated commune from its postcode and EPCI neighbours', () => {
    const gamma = byCode.get('01003')!;
    expect(gamma.centreEstime).toBe(true);
    expect(gamma).toMatchObject({ lat: 46, lon: 5 });
  });

  it('places Paris arrondissements at their mairies and remote territories by fallback', () => {
    expect(byCode.get('75101')).toMatchObject({
      ...PARIS_MAIRIES['75101'],
      commune: '75056',
      type: 'arrondissement-municipal',
    });
    expect(byCode.get('98901')).toMatchObject({ lat: 10.3, lon: -109.2, centreEstime: true });
    expect(built.stats.unplaced).toEqual([]);
  });

  it('sums EPCI populations over current members', () => {
    expect(built.epcis).toEqual([
      { code: '200000001', nom: 'CC Test', type: 'CC', population: 950, membres: ['01001', '01003'] },
    ]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/distance.js';
import type { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import {
  geocodeRecords,
  GeoplateformeGeocoder,
  isHit,
  OfflineGeocoder,
  summarizeGeocoding,
  type Geocoder,
} from '../../../src/pipeline/geocode/index.js';
import { lieu, realGazetteer } from '../repair/helpers.js';
import { byQuery, fakeFetch, FakeClock, json } from './fakes.js';

let g: Gazetteer;
let offline: OfflineGeocoder;
beforeAll(async () => {
  g = await realGazetteer();
  offline = new OfflineGeocoder(g);
}, 300_000);

describe('OfflineGeocoder', () => {
  it('places a lieu at its commune’s centre from the code INSEE', async () => {
    const [r] = await offline.geocode([{ key: 'a', adresse: 'x', codeInsee: '49007' }]);
    expect(r).toMatchObject({
      method: 'commune-centre',
      precision: 'municipality',
      citycode: '49007',
      label: 'Angers',
    });
    expect(haversineKm(r as { lat: number; lon: number }, g.centreOf('49007')!)).toBe(0);
  });

  it('finds the commune from its name and postcode', async () => {
    const [r] = await offline.geocode([{ key: 'a', adresse: '', commune: 'Saumur', codePostal: '49400' }]);
    expect(r).toMatchObject({ citycode: '49328' });
  });

  it('uses a former commune’s own centre when its code is given', async () => {
    const [r] = await offline.geocode([{ key: 'a', adresse: '', codeInsee: '74011' }]);
    expect(r).toMatchObject({ citycode: '74010', lat: 45.91971, lon: 6.14393 });
  });

  it('fails on an ambiguous or unknown commune rather than guessing', async () => {
    const [homonyms, unknown, nothing] = await offline.geocode([
      { key: 'a', adresse: '', commune: 'Saint-Martin' },
      { key: 'b', adresse: '', commune: 'Xyzzyville', codePostal: '00000' },
      { key: 'c', adresse: '' },
    ]);
    expect(homonyms).toMatchObject({ failed: expect.stringMatching(/ambiguë/) });
    expect(unknown).toMatchObject({ failed: expect.stringMatching(/Xyzzyville/) });
    expect(nothing).toMatchObject({ failed: expect.stringMatching(/ni commune/) });
  });
});

function online(): { geocoder: GeoplateformeGeocoder; calls: unknown[] } {
  const clock = new FakeClock();
  const { fetch, calls } = fakeFetch((url) => json(byQuery(url.searchParams.get('q') ?? '')), clock);
  return { geocoder: new GeoplateformeGeocoder({ fetch, clock }), calls };
}

describe('geocodeRecords', () => {
  it('keeps plausible source coordinates and does not ask anyone', async () => {
    const { geocoder, calls } = online();
    const [r] = await geocodeRecords([lieu()], { online: geocoder, offline, gazetteer: g });
    expect(r!.location).toMatchObject({ method: 'source', lat: 47.4706, lon: -0.5561 });
    expect(r!.record).toEqual(lieu());
    expect(calls).toHaveLength(0);
  });

  it('geocodes records without coordinates from their address', async () => {
    const { geocoder } = online();
    const [r] = await geocodeRecords([lieu({ latitude: '', longitude: '' })], {
      online: geocoder,
      offline,
      gazetteer: g,
    });
    expect(r!.location).toMatchObject({ method: 'address', precision: 'housenumber' });
    expect(r!.record).toMatchObject({ latitude: '47.470801', longitude: '-0.556532' });
    expect(r!.fallback).toBeUndefined();
  });

  it('replaces source coordinates far from the commune', async () => {
    const { geocoder } = online();
    const [r] = await geocodeRecords([lieu({ latitude: '48.8566', longitude: '2.3522' })], {
      online: geocoder,
      offline,
      gazetteer: g,
    });
    expect(r!.location).toMatchObject({ method: 'address' });
  });

  it('falls back to the commune centre when the match is not good enough, and says why', async () => {
    const { geocoder } = online();
    const [r] = await geocodeRecords(
      [lieu({ adresse: 'Centre commercial, bâtiment C', latitude: '', longitude: '' })],
      {
        online: geocoder,
        offline,
        gazetteer: g,
      },
    );
    expect(r!.location).toMatchObject({ method: 'commune-centre', precision: 'municipality' });
    expect(r!.fallback).toMatch(/score/);
    const centre = g.centreOf('49007')!;
    expect(Number(r!.record.latitude)).toBeCloseTo(centre.lat, 5);
  });

  it('works offline, and when the online geocoder throws', async () => {
    const broken: Geocoder = {
      geocode: async () => {
        throw new Error('panne');
      },
    };
    const records = [lieu({ latitude: '', longitude: '' })];
    const [offlineOnly] = await geocodeRecords(records, { offline, gazetteer: g });
    expect(offlineOnly!.location).toMatchObject({ method: 'commune-centre' });
    expect(offlineOnly!.fallback).toBeUndefined();
    const [afterError] = await geocodeRecords(records, { online: broken, offline, gazetteer: g });
    expect(afterError!.location).toMatchObject({ method: 'commune-centre' });
    expect(afterError!.fallback).toMatch(/panne/);
  });

  it('leaves a record without any position when nothing can place it, with the reason', async () => {
    const record = lieu({
      commune: 'Xyzzyville',
      code_postal: '',
      code_insee: '',
      latitude: '',
      longitude: '',
    });
    const [r] = await geocodeRecords([record], { offline });
    expect(isHit(r!.location)).toBe(false);
    expect(r!.record).toEqual(record);
  });

  it('uses the caller’s keys and summarises methods', async () => {
    const { geocoder } = online();
    const records = [
      lieu(),
      lieu({ id: 'b', latitude: '', longitude: '' }),
      lieu({ id: 'c', adresse: 'Centre commercial, bâtiment C', latitude: '', longitude: '' }),
      lieu({
        id: 'd',
        adresse: 'zzz chemin inconnu',
        commune: 'Xyzzyville',
        code_postal: '',
        code_insee: '',
        latitude: '',
        longitude: '',
      }),
    ];
    const results = await geocodeRecords(records, {
      online: geocoder,
      offline,
      gazetteer: g,
      keyOf: (r) => r.id!,
    });
    expect(results.map((r) => r.location.key)).toEqual(['lieu-1', 'b', 'c', 'd']);
    expect(summarizeGeocoding(results)).toEqual({
      records: 4,
      byMethod: { source: 1, address: 1, 'commune-centre': 1 },
      failed: 1,
    });
  });
});

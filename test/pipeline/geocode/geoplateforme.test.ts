import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answersFromCsv,
  GeoplateformeGeocoder,
  isHit,
  MemoryGeocodeCache,
  openGeocodeCache,
  sameCommune,
  type GeocodeRequest,
} from '../../../src/pipeline/geocode/index.js';
import { byQuery, fakeFetch, FakeClock, fixture, json } from './fakes.js';

const ANGERS = { codePostal: '49100', commune: 'Angers', codeInsee: '49007' };
const req = (key: string, adresse: string, extra: Partial<GeocodeRequest> = ANGERS): GeocodeRequest => ({
  key,
  adresse,
  ...extra,
});

function recorded(clock = new FakeClock()) {
  const { fetch, calls } = fakeFetch((url) => json(byQuery(url.searchParams.get('q') ?? '')), clock);
  return { fetch, calls, clock };
}

describe('GeoplateformeGeocoder — single searches', () => {
  it('asks /search with the address, the commune and the codes as filters', async () => {
    const { fetch, calls, clock } = recorded();
    await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('a', '49 rue Toussaint')]);
    expect(calls).toHaveLength(1);
    const url = calls[0]!.url;
    expect(url.origin + url.pathname).toBe('https://data.geopf.fr/geocodage/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '49 rue Toussaint Angers',
      index: 'address',
      limit: '1',
      autocomplete: '0',
      postcode: '49100',
      citycode: '49007',
    });
  });

  it('accepts a house number match', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('a', '49 rue Toussaint')]);
    expect(r).toEqual({
      key: 'a',
      lat: 47.470801,
      lon: -0.556532,
      method: 'address',
      precision: 'housenumber',
      score: 0.9731563636363636,
      label: '49 Rue Toussaint 49100 Angers',
      citycode: '49007',
    });
  });

  it('accepts a street match as such', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('b', 'boulevard du Roi René'),
    ]);
    expect(r).toMatchObject({ method: 'street', precision: 'street' });
  });

  it('refuses a match below the score threshold, saying why', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('c', 'Centre commercial, bâtiment C'),
    ]);
    expect(r).toEqual({ key: 'c', failed: expect.stringMatching(/score 0\.38 < 0\.6/) });
  });

  it('lets the threshold be set', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock, minScore: 0.3 }).geocode([
      req('c', 'Centre commercial, bâtiment C'),
    ]);
    expect(r).toMatchObject({ method: 'municipality', precision: 'municipality' });
  });

  it('refuses a match in another commune than the record’s', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('d', '12 rue de la République'),
    ]);
    expect(r).toEqual({ key: 'd', failed: expect.stringMatching(/autre commune \(69382 au lieu de 49007/) });
  });

  it('takes an arrondissement as its commune (69382 is in Lyon, 69123)', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('d', '12 rue de la République', { commune: 'Lyon', codeInsee: '69123' }),
    ]);
    expect(isHit(r!)).toBe(true);
  });

  it('accepts any commune when the record’s code is unknown', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('d', '12 rue de la République', {}),
    ]);
    expect(r).toMatchObject({ citycode: '69382' });
  });

  it('reports an address that is not found', async () => {
    const { fetch, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('e', 'zzz chemin inconnu')]);
    expect(r).toEqual({ key: 'e', failed: expect.stringMatching(/introuvable/) });
  });

  it('does not send an empty address', async () => {
    const { fetch, calls, clock } = recorded();
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('f', '  ')]);
    expect(r).toEqual({ key: 'f', failed: expect.stringMatching(/adresse absente/) });
    expect(calls).toHaveLength(0);
  });

  it('answers in the order asked and asks once for a repeated address', async () => {
    const { fetch, calls, clock } = recorded();
    const results = await new GeoplateformeGeocoder({ fetch, clock }).geocode([
      req('1', 'boulevard du Roi René'),
      req('2', '49 rue Toussaint'),
      req('3', '49 rue Toussaint'),
    ]);
    expect(results.map((r) => r.key)).toEqual(['1', '2', '3']);
    expect(results.map((r) => isHit(r) && r.precision)).toEqual(['street', 'housenumber', 'housenumber']);
    expect(calls).toHaveLength(2);
  });
});

describe('GeoplateformeGeocoder — pacing and retries', () => {
  it('never exceeds 50 requests per second (token bucket on a fake clock)', async () => {
    const { fetch, calls, clock } = recorded();
    const start = clock.now();
    const batch = Array.from({ length: 160 }, (_, i) => req(String(i), `${i + 1} rue Toussaint`));
    const results = await new GeoplateformeGeocoder({ fetch, clock }).geocode(batch);
    expect(results.every(isHit)).toBe(true);
    expect(calls).toHaveLength(160);
    // In any window of one second starting at a request, at most 50 + the small burst allowance.
    const times = calls.map((c) => c.at);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
    // 160 requests with a burst of 10 take at least 3 seconds of (fake) time.
    expect(clock.now() - start).toBeGreaterThanOrEqual(3000);
  });

  it('retries 503 with exponential backoff, then succeeds', async () => {
    const clock = new FakeClock();
    let n = 0;
    const { fetch, calls } = fakeFetch(
      () => (++n <= 2 ? json('{}', 503) : json(fixture('search-housenumber.json'))),
      clock,
    );
    const [r] = await new GeoplateformeGeocoder({ fetch, clock, retryBaseMs: 500 }).geocode([
      req('a', '49 rue Toussaint'),
    ]);
    expect(isHit(r!)).toBe(true);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps.filter((ms) => ms >= 500)).toEqual([500, 1000]);
  });

  it('honours Retry-After on 429', async () => {
    const clock = new FakeClock();
    let n = 0;
    const { fetch } = fakeFetch(
      () => (++n === 1 ? json('{}', 429, { 'retry-after': '3' }) : json(fixture('search-housenumber.json'))),
      clock,
    );
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('a', '49 rue Toussaint')]);
    expect(isHit(r!)).toBe(true);
    expect(clock.sleeps).toContain(3000);
  });

  it('retries network errors and gives up with a clear reason, without caching it', async () => {
    const clock = new FakeClock();
    const cache = new MemoryGeocodeCache();
    const { fetch, calls } = fakeFetch(
      () => () => {
        throw new TypeError('fetch failed');
      },
      clock,
    );
    const g = new GeoplateformeGeocoder({ fetch, clock, cache, maxRetries: 2 });
    const [r] = await g.geocode([req('a', '49 rue Toussaint')]);
    expect(r).toEqual({
      key: 'a',
      failed: expect.stringMatching(
        /^Géoplateforme indisponible : erreur réseau \(fetch failed\) après 3 essais/,
      ),
    });
    expect(calls).toHaveLength(3);
    expect(cache.entries.size).toBe(0);
  });

  it('stops calling a service that is down, for the rest of the batch', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = fakeFetch(() => json('{}', 502), clock);
    const batch = Array.from({ length: 10 }, (_, i) => req(String(i), `${i + 1} rue Toussaint`));
    const results = await new GeoplateformeGeocoder({ fetch, clock, maxRetries: 1, concurrency: 1 }).geocode(
      batch,
    );
    expect(results.every((r) => !isHit(r))).toBe(true);
    // 3 addresses × 2 attempts, then the circuit is open.
    expect(calls).toHaveLength(6);
    expect(results[9]).toMatchObject({ failed: expect.stringMatching(/injoignable/) });
  });

  it('does not retry a query the service refuses (400): no result for it', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = fakeFetch(
      () => json('{"code":400,"message":"q: must contain between 3 and 200 chars"}', 400),
      clock,
    );
    const [r] = await new GeoplateformeGeocoder({ fetch, clock }).geocode([req('a', '49 rue Toussaint')]);
    expect(r).toMatchObject({ failed: expect.stringMatching(/introuvable/) });
    expect(calls).toHaveLength(1);
  });
});

describe('GeoplateformeGeocoder — cache', () => {
  it('answers from the cache the second time, including "not found"', async () => {
    const { fetch, calls, clock } = recorded();
    const cache = new MemoryGeocodeCache();
    const g = new GeoplateformeGeocoder({ fetch, clock, cache });
    const batch = [req('a', '49 rue Toussaint'), req('b', 'zzz chemin inconnu')];
    const first = await g.geocode(batch);
    expect(calls).toHaveLength(2);
    const second = await new GeoplateformeGeocoder({ fetch, clock, cache }).geocode(batch);
    expect(calls).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('applies the current threshold to cached answers', async () => {
    const { fetch, calls, clock } = recorded();
    const cache = new MemoryGeocodeCache();
    await new GeoplateformeGeocoder({ fetch, clock, cache }).geocode([
      req('c', 'Centre commercial, bâtiment C'),
    ]);
    const [r] = await new GeoplateformeGeocoder({ fetch, clock, cache, minScore: 0.3 }).geocode([
      req('c', 'Centre commercial, bâtiment C'),
    ]);
    expect(isHit(r!)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('asks again when the cached answer is too old', async () => {
    const { fetch, calls, clock } = recorded();
    const cache = new MemoryGeocodeCache();
    await new GeoplateformeGeocoder({ fetch, clock, cache, cacheMaxAgeDays: 30 }).geocode([
      req('a', '49 rue Toussaint'),
    ]);
    clock.t += 31 * 86_400_000;
    await new GeoplateformeGeocoder({ fetch, clock, cache, cacheMaxAgeDays: 30 }).geocode([
      req('a', '49 rue Toussaint'),
    ]);
    expect(calls).toHaveLength(2);
  });

  describe('SQLite cache file in DATA_DIR', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('says clearly when the cache file cannot be opened', () => {
      dir = mkdtempSync(join(tmpdir(), 'repere-geocache-'));
      // A folder where the file should be.
      mkdirSync(join(dir, 'geocode-cache.sqlite'));
      expect(() => openGeocodeCache({ dataDir: dir })).toThrow(
        /Cache de géocodage impossible à ouvrir .*DATA_DIR/,
      );
    });

    it('persists answers across processes (instances)', async () => {
      dir = mkdtempSync(join(tmpdir(), 'repere-geocache-'));
      const { fetch, calls, clock } = recorded();
      const first = openGeocodeCache({ dataDir: dir });
      await new GeoplateformeGeocoder({ fetch, clock, cache: first }).geocode([req('a', '49 rue Toussaint')]);
      first.close();
      const second = openGeocodeCache({ dataDir: dir });
      const [r] = await new GeoplateformeGeocoder({ fetch, clock, cache: second }).geocode([
        req('z', '49 rue Toussaint'),
      ]);
      second.close();
      expect(calls).toHaveLength(1);
      expect(r).toMatchObject({ key: 'z', precision: 'housenumber', lat: 47.470801 });
    });
  });
});

describe('GeoplateformeGeocoder — batch CSV endpoint', () => {
  const batch = (): GeocodeRequest[] => [
    req('r0', '49 rue Toussaint'),
    req('r1', 'boulevard du Roi René'),
    req('r2', 'Centre commercial, bâtiment C'),
    req('r3', "zzz chemin qui n'existe pas"),
    req('r4', "1 place de l'Hôtel de Ville", { commune: 'Annecy', codePostal: '74940', codeInsee: '74011' }),
    req('r5', '12 rue "du" Lac', { commune: 'Annecy', codePostal: '74000', codeInsee: '74010' }),
  ];

  it('posts a CSV with the columns and filters, and reads the appended result columns', async () => {
    const clock = new FakeClock();
    const cache = new MemoryGeocodeCache();
    const { fetch, calls } = fakeFetch(
      () => new Response(fixture('search-csv-response.csv'), { headers: { 'content-type': 'text/csv' } }),
      clock,
    );
    const results = await new GeoplateformeGeocoder({ fetch, clock, cache, csvThreshold: 3 }).geocode(
      batch(),
    );
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url.href).toBe('https://data.geopf.fr/geocodage/search/csv');
    expect(call.body!.getAll('columns')).toEqual(['adresse', 'commune']);
    expect(call.body!.get('postcode')).toBe('code_postal');
    expect(call.body!.get('citycode')).toBe('code_insee');
    const sent = await (call.body!.get('data') as Blob).text();
    expect(sent.split('\n')[0]).toBe('key,adresse,commune,code_postal,code_insee');
    expect(sent).toContain('"Centre commercial, bâtiment C"');
    expect(sent).toContain('5,"12 rue ""du"" Lac",Annecy,74000,74010');

    expect(results.map((r) => r.key)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(results[0]).toMatchObject({
      lat: 47.470801,
      lon: -0.556532,
      precision: 'housenumber',
      citycode: '49007',
    });
    expect(results[1]).toMatchObject({ method: 'street' });
    expect(results[2]).toMatchObject({ failed: expect.stringMatching(/score/) });
    expect(results[3]).toMatchObject({ failed: expect.stringMatching(/introuvable/) });
    // The record still carries the former code 74011; the answer's result_oldcitycode confirms it.
    expect(results[4]).toMatchObject({ precision: 'housenumber', citycode: '74010' });
    expect(results[5]).toMatchObject({ failed: expect.stringMatching(/indisponible/) });
    // Everything but the row in error is cached.
    expect(cache.entries.size).toBe(5);
  });

  it('falls back to single searches when the CSV endpoint fails', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = fakeFetch(
      (url) =>
        url.pathname.endsWith('/csv') ? json('{}', 500) : json(byQuery(url.searchParams.get('q') ?? '')),
      clock,
    );
    const results = await new GeoplateformeGeocoder({ fetch, clock, csvThreshold: 3, maxRetries: 1 }).geocode(
      batch().slice(0, 4),
    );
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(4);
    expect(results.filter(isHit)).toHaveLength(2);
  });

  it('splits large batches into chunks', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(
          'key,latitude,longitude,result_score,result_type,result_citycode,result_status\n0,47.47,-0.55,0.9,housenumber,49007,ok\n1,47.47,-0.55,0.9,housenumber,49007,ok\n',
        ),
      clock,
    );
    const many = Array.from({ length: 6 }, (_, i) => req(String(i), `${i + 1} rue Toussaint`));
    const results = await new GeoplateformeGeocoder({
      fetch,
      clock,
      csvThreshold: 1,
      csvChunkSize: 2,
    }).geocode(many);
    expect(calls).toHaveLength(3);
    expect(results.every(isHit)).toBe(true);
  });
});

describe('helpers', () => {
  it('answersFromCsv reads ; separated answers and refuses a CSV without result columns', () => {
    const parsed = answersFromCsv(
      'key;latitude;longitude;result_score;result_type;result_status\n0;48.1;2.2;0.8;street;ok\n',
      1,
    );
    expect(parsed.get('0')).toMatchObject({ found: true, lat: 48.1, lon: 2.2, score: 0.8, type: 'street' });
    expect(() => answersFromCsv('a,b\n1,2\n', 1)).toThrow(/colonnes/);
  });

  it('sameCommune', () => {
    expect(sameCommune('75056', '75111')).toBe(true);
    expect(sameCommune('75111', '75112')).toBe(true);
    expect(sameCommune('13055', '13213')).toBe(true);
    expect(sameCommune('49007', '49328')).toBe(false);
    expect(sameCommune('74011', '74010', '74011')).toBe(true);
    expect(sameCommune('2a004', '2A004')).toBe(true);
  });
});

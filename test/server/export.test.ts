/**
 * Exports (CSV valid against the standard, JSON, GeoJSON; filtered, in list order, streamed) and the
 * browser snapshot (decodes to the same lieux and territory; ETag, 304, precompressed), on SQLite and
 * PostgreSQL.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, parseQueryParams, runQuery } from '../../src/core/query/index.js';
import type { Query } from '../../src/core/query/index.js';
import { decodeDatasetSnapshot, SNAPSHOT_FIELDS } from '../../src/core/snapshot/index.js';
import { createCsvRecordReader } from '../../src/core/standard/csv.js';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';
import { parseJsonRecords } from '../../src/core/standard/json-records.js';
import { createValidator } from '../../src/core/standard/validate.js';
import { SERVICES } from '../../src/core/standard/enums.js';
import {
  BACKENDS,
  NOW,
  expectedIds,
  requirePostgres,
  skipPostgres,
  startTestServer,
  testReference,
  type TestServer,
} from './helpers.js';

function readCsv(text: string): Array<{ line: number; record: Record<string, string> }> {
  const reader = createCsvRecordReader();
  return [...reader.push(text), ...reader.end()];
}

describe.each(BACKENDS)('exports and snapshot on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let server: TestServer;

    beforeAll(async () => {
      requirePostgres(backend);
      server = await startTestServer(backend, { count: 1500, seed: 21 });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('CSV: the standard’s columns, every matching lieu in list order, valid against the standard', async () => {
      const search = 'departements=75|92|93|94';
      const response = await server.app.inject({
        url: `/api/v1/export?format=csv&${new URLSearchParams(search).toString()}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="lieux-mediation-numerique-v\d+\.csv"$/,
      );
      expect(response.body.split('\n')[0]).toBe(FIELD_NAMES.join(','));
      const rows = readCsv(response.body);
      const expected = expectedIds(server.index, `${search}&limit=1000`);
      expect(rows.map((r) => r.record.id)).toEqual(expected.ids);
      const validator = createValidator({ now: NOW });
      const issues = rows
        .flatMap((r) => validator.check(r.record, r.line))
        .filter((i) => i.severity === 'error');
      expect(issues).toEqual([]);
      const byId = new Map(server.lieux.map((l) => [l.id, l]));
      for (const { record } of rows.slice(0, 50)) {
        const source = byId.get(record.id!)!;
        for (const field of FIELD_NAMES) expect(record[field] ?? '', field).toBe(source.record[field] ?? '');
      }
    });

    it('CSV of the whole dataset (beyond one engine page) validates, with every lieu once', async () => {
      const response = await server.app.inject({ url: '/api/v1/export' });
      const rows = readCsv(response.body);
      expect(rows).toHaveLength(server.lieux.length);
      expect(new Set(rows.map((r) => r.record.id)).size).toBe(server.lieux.length);
      const validator = createValidator({ now: NOW });
      for (const r of rows) validator.check(r.record, r.line);
      expect(validator.summary().invalid).toBe(0);
    });

    it('JSON: flat records as published nationally, filtered, sorted by distance with pres_de', async () => {
      const search = `services=${SERVICES[0]}&pres_de=45.764,4.8357`;
      const response = await server.app.inject({
        url: `/api/v1/export?format=json&${new URLSearchParams(search).toString()}`,
      });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const records = JSON.parse(response.body) as Array<Record<string, unknown>>;
      const parsed = parseJsonRecords(response.body).map((item) => item.record);
      const all = runQuery(
        server.index,
        { services: [SERVICES[0]], near: { lat: 45.764, lon: 4.8357 }, limit: 1000 },
        { now: NOW },
      );
      expect(records.map((r) => r.id)).toEqual(all.items.map((i) => i.lieu.id));
      expect(typeof records.find((r) => r.latitude !== undefined)!.latitude).toBe('number');
      const validator = createValidator({ now: NOW });
      expect(
        parsed.flatMap((r, k) => validator.check(r, k + 1)).filter((i) => i.severity === 'error'),
      ).toEqual([]);
    });

    it('GeoJSON: a FeatureCollection of the located matching lieux', async () => {
      const response = await server.app.inject({ url: '/api/v1/export?format=geojson&regions=84' });
      expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
      const collection = JSON.parse(response.body) as {
        type: string;
        features: Array<{
          id: string;
          geometry: { type: string; coordinates: [number, number] };
          properties: Record<string, string>;
        }>;
      };
      expect(collection.type).toBe('FeatureCollection');
      const expected = expectedIds(server.index, 'regions=84&limit=1000');
      const located = new Set(server.lieux.filter((l) => l.record.latitude).map((l) => l.id));
      expect(collection.features.map((f) => f.id)).toEqual(expected.ids.filter((id) => located.has(id)));
      expect(collection.features.length).toBeGreaterThan(0);
      for (const f of collection.features) {
        expect(f.geometry.type).toBe('Point');
        const row = server.lieux.find((l) => l.id === f.id)!;
        expect(f.geometry.coordinates).toEqual([Number(row.record.longitude), Number(row.record.latitude)]);
      }
    });

    it('an export of nothing is a valid empty file', async () => {
      const none = 'q=introuvablexyz';
      const csv = await server.app.inject({ url: `/api/v1/export?${none}` });
      expect(csv.body).toBe(`${FIELD_NAMES.join(',')}\n`);
      const json = await server.app.inject({ url: `/api/v1/export?format=json&${none}` });
      expect(JSON.parse(json.body)).toEqual([]);
      const geo = await server.app.inject({ url: `/api/v1/export?format=geojson&${none}` });
      expect(JSON.parse(geo.body)).toEqual({ type: 'FeatureCollection', features: [] });
    });

    it('exports compress and revalidate', async () => {
      const gz = await server.app.inject({
        url: '/api/v1/export?format=csv&regions=11',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString().split('\n')[0]).toBe(FIELD_NAMES.join(','));
      const again = await server.app.inject({
        url: '/api/v1/export?format=csv&regions=11',
        headers: { 'if-none-match': String(gz.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
    });

    it('snapshot: decodes to the same lieux, fields and territories; the engine on it gives the same answers', async () => {
      const response = await server.app.inject({ url: '/api/v1/snapshot' });
      expect(response.statusCode).toBe(200);
      const decoded = decodeDatasetSnapshot(JSON.parse(response.body));
      expect(decoded.lieux.map((l) => l.id).sort()).toEqual(server.lieux.map((l) => l.id).sort());
      const byId = new Map(server.lieux.map((l) => [l.id, l]));
      for (const lieu of decoded.lieux.slice(0, 100)) {
        const row = byId.get(lieu.id)!;
        for (const field of SNAPSHOT_FIELDS)
          expect(lieu.record[field] ?? '', field).toBe(row.record[field] ?? '');
        expect(lieu.quality?.score).toBe(row.quality.score);
        expect(lieu.sources).toEqual(row.sources);
      }
      expect(decoded.territory('69383')).toMatchObject({
        departement: '69',
        region: '84',
        commune: '69123',
        epci: '200046977',
      });
      expect(decoded.territory('99999')).toBeUndefined();
      const index = buildIndex(decoded.lieux, { territory: decoded.territory });
      for (const search of [
        'departements=69',
        'communes=75056&ouvert_maintenant=oui',
        'epci=200046977',
        'regions=11&gratuit=oui',
      ]) {
        const query = Object.fromEntries(new URLSearchParams(search));
        const fromSnapshot = runQuery(index, { ...parse(query), limit: 1000 }, { now: NOW });
        const expected = expectedIds(server.index, `${search}&limit=1000`);
        expect(
          fromSnapshot.items.map((i) => i.lieu.id),
          search,
        ).toEqual(expected.ids);
      }
    });

    it('snapshot: versioned ETag, 304, brotli and gzip precompressed', async () => {
      const plain = await server.app.inject({ url: '/api/v1/snapshot' });
      const etag = String(plain.headers.etag);
      expect(etag).toMatch(/^W\/"r\d+v\d+-snapshot"$/);
      expect(plain.headers['x-dataset-version']).toBe(String(JSON.parse(plain.body).version));
      const br = await server.app.inject({
        url: '/api/v1/snapshot',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      const gz = await server.app.inject({ url: '/api/v1/snapshot', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      const notModified = await server.app.inject({
        url: '/api/v1/snapshot',
        headers: { 'if-none-match': etag },
      });
      expect(notModified.statusCode).toBe(304);
    });

    it('reference files for the map and the offline search', async () => {
      const geo = await server.app.inject({
        url: '/api/v1/reference/geo',
        headers: { 'accept-encoding': 'br' },
      });
      expect(geo.statusCode).toBe(200);
      expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
      const outlines = JSON.parse(brotliDecompressSync(geo.rawPayload).toString()) as {
        features: Array<{ properties: { kind: string; code?: string } }>;
        attribution: string;
      };
      const kinds = new Set(outlines.features.map((f) => f.properties.kind));
      expect([...kinds].sort()).toEqual([
        'departement',
        'departement-label',
        'land',
        'region',
        'region-label',
      ]);
      expect(outlines.features.filter((f) => f.properties.kind === 'region-label')).toHaveLength(
        (await testReference()).data.regions.length,
      );
      expect(outlines.attribution).toMatch(/Licence Ouverte/);
      expect(geo.headers['cache-control']).toBe('public, max-age=86400');
      const again = await server.app.inject({
        url: '/api/v1/reference/geo',
        headers: { 'if-none-match': String(geo.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
      const gazetteer = await server.app.inject({ url: '/api/v1/reference/gazetteer' });
      expect(gazetteer.statusCode).toBe(200);
      expect(JSON.parse(gazetteer.body)).toHaveProperty('format');
    });
  });
});

/** Parameters → Query through the same codec the server uses. */
function parse(params: Record<string, string>): Query {
  const parsed = parseQueryParams(params);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.query;
}

/**
 * HTTP done right, on SQLite and PostgreSQL: ETags tied to the dataset version and 304s, caching
 * policy, compression, CORS, security headers, rate-limited exports, request ids in JSON logs,
 * readiness (503 before the first dataset), reload of a new version without restart, static front end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/core/standard/enums.js';
import { generateLieux, publish } from './fixtures.js';
import {
  BACKENDS,
  getJson,
  lieuxUrl,
  requirePostgres,
  skipPostgres,
  startTestServer,
  testReference,
  waitFor,
  type TestServer,
} from './helpers.js';

describe.each(BACKENDS)('HTTP on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let server: TestServer;

    beforeAll(async () => {
      requirePostgres(backend);
      server = await startTestServer(backend, {
        count: 400,
        seed: 5,
        server: {
          exportRateLimit: { max: 3, timeWindowMs: 60_000 },
          mapStyleUrl: 'https://tiles.example.org/style.json',
        },
      });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('ETag per dataset version and query; If-None-Match gives 304 without a body', async () => {
      const url = lieuxUrl(`services=${SERVICES[0]}&limit=5`);
      const first = await server.app.inject({ url });
      expect(first.statusCode).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"r\d+v\d+-/);
      expect(first.headers['cache-control']).toBe('public, max-age=60');
      expect(first.headers['x-dataset-version']).toBe(String(JSON.parse(first.body).version));
      const again = await server.app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      const strongForm = await server.app.inject({
        url,
        headers: { 'if-none-match': `"x", ${etag.slice(2)}` },
      });
      expect(strongForm.statusCode).toBe(304);
      const other = await server.app.inject({ url: lieuxUrl(`services=${SERVICES[1]}&limit=5`) });
      expect(other.headers.etag).not.toBe(etag);
      const stale = await server.app.inject({ url, headers: { 'if-none-match': 'W/"r1v0-old"' } });
      expect(stale.statusCode).toBe(200);
      // Same meaning, other spelling: the canonical form gives the same ETag.
      const respelled = await server.app.inject({
        url: lieuxUrl(`limit=5&services=${SERVICES[0].toUpperCase()}`),
      });
      expect(respelled.headers.etag).toBe(etag);
      for (const path of [
        '/api/v1/comptages',
        `/api/v1/lieux/${server.lieux[0]!.id}`,
        '/api/v1/statistiques',
        '/api/v1/sources',
      ]) {
        const response = await server.app.inject({ url: path });
        expect(response.statusCode, path).toBe(200);
        const revalidated = await server.app.inject({
          url: path,
          headers: { 'if-none-match': response.headers.etag as string },
        });
        expect(revalidated.statusCode, path).toBe(304);
      }
    });

    it('compresses with brotli or gzip on request', async () => {
      const url = lieuxUrl('limit=50');
      const plain = await server.app.inject({ url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      const br = await server.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      const gz = await server.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    });

    it('CORS for the public API (simple and preflight requests)', async () => {
      const simple = await server.app.inject({
        url: '/api/v1/lieux?limit=1',
        headers: { origin: 'https://ville.example.fr' },
      });
      expect(simple.headers['access-control-allow-origin']).toBe('*');
      expect(String(simple.headers['access-control-expose-headers'])).toMatch(/ETag/);
      const preflight = await server.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/lieux',
        headers: { origin: 'https://ville.example.fr', 'access-control-request-method': 'GET' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('GET');
    });

    it('security headers; the CSP allows the map’s workers and style origin', async () => {
      const response = await server.app.inject({ url: '/api/v1/lieux?limit=1' });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/worker-src 'self' blob:/);
      expect(csp).toMatch(/connect-src [^;]*https:\/\/tiles\.example\.org/);
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('request ids: honoured when given, generated otherwise, in the structured JSON logs', async () => {
      const given = await server.app.inject({ url: '/health', headers: { 'x-request-id': 'essai-42.a' } });
      expect(given.headers['x-request-id']).toBe('essai-42.a');
      const generated = await server.app.inject({ url: '/health' });
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const hostile = await server.app.inject({
        url: '/health',
        headers: { 'x-request-id': 'a b\u0007<script>' },
      });
      expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const lines = server.logs
        .flatMap((chunk) => chunk.split('\n').filter(Boolean))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const mine = lines.filter((l) => l.reqId === 'essai-42.a');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        method: 'GET',
        url: '/health',
        statusCode: 200,
        msg: 'requête servie',
      });
      expect(typeof mine[0]!.ms).toBe('number');
      expect(mine.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
    });

    it('problem responses carry the request id', async () => {
      const response = await getJson<{ request_id: string }>(server.app, '/api/v1/lieux?tri=x', {
        'x-request-id': 'pb-1',
      });
      expect(response.body.request_id).toBe('pb-1');
    });

    it('rate-limits exports per client with 429 problem+json and Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await server.app.inject({
          url: `/api/v1/export?format=json&departements=7${i}`,
          remoteAddress: '10.0.0.9',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await server.app.inject({
        url: '/api/v1/export?format=json',
        remoteAddress: '10.0.0.9',
      });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(limited.body)).toMatchObject({
        status: 429,
        type: '/api/docs#erreur-trop-de-requetes',
      });
      expect(JSON.parse(limited.body).detail).toMatch(/au plus 3/);
      // Another client, and the cheap endpoints, are not limited.
      const other = await server.app.inject({
        url: '/api/v1/export?format=json',
        remoteAddress: '10.0.0.10',
      });
      expect(other.statusCode).toBe(200);
      const list = await server.app.inject({ url: '/api/v1/lieux?limit=1', remoteAddress: '10.0.0.9' });
      expect(list.statusCode).toBe(200);
    });

    it('health: ready with the version; liveness always', async () => {
      const health = await getJson<{ statut: string; version: number; lieux: number }>(server.app, '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ statut: 'pret', lieux: server.lieux.length });
      expect(health.headers['cache-control']).toBe('no-store');
      const live = await getJson(server.app, '/health/live');
      expect(live.body).toEqual({ statut: 'vivant' });
    });

    it('serves a new version after an import, without restart; ETags change with it', async () => {
      const url = lieuxUrl('limit=3');
      const before = await getJson<{ version: number; total: number }>(server.app, url);
      const ref = await testReference();
      const next = generateLieux(ref.data.communes, { count: 150, seed: 99, idPrefix: 'nouveau' });
      const version = await publish(server.store, next);
      expect(version).toBeGreaterThan(before.body.version);
      const after = await waitFor('la nouvelle version servie', async () => {
        const response = await getJson<{ version: number; total: number; lieux: Array<{ id: string }> }>(
          server.app,
          url,
        );
        return response.body.version === version ? response : undefined;
      });
      expect(after.body.total).toBe(150);
      expect(after.body.lieux[0]!.id).toMatch(/^nouveau-/);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const old = await server.app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } });
      expect(old.statusCode).toBe(200);
      const gone = await server.app.inject({ url: `/api/v1/lieux/${server.lieux[0]!.id}` });
      expect(gone.statusCode).toBe(404);
      const health = await getJson<{ version: number }>(server.app, '/health');
      expect(health.body.version).toBe(version);
    });
  });
});

describe('swap during a request', () => {
  it('an export in flight keeps the version it started on; the next requests get the new one', async () => {
    const server = await startTestServer('sqlite', { count: 5000, seed: 4 });
    try {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = server.app.server.address() as { port: number };
      const base = `http://127.0.0.1:${port}`;
      const before = (await (await fetch(`${base}/health`)).json()) as { version: number };
      const response = await fetch(`${base}/api/v1/export?format=csv`);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value, { stream: true });

      // Meanwhile a new version is published and swapped in.
      const ref = await testReference();
      const version = await publish(
        server.store,
        generateLieux(ref.data.communes, { count: 30, seed: 3, idPrefix: 'neuf' }),
      );
      await waitFor('la nouvelle version servie', async () => {
        const health = (await (await fetch(`${base}/health`)).json()) as { version: number };
        return health.version === version;
      });
      expect(version).toBeGreaterThan(before.version);

      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const lines = text.trim().split('\n').slice(1);
      expect(lines).toHaveLength(5000);
      expect(lines.every((line) => line.startsWith('lieu-'))).toBe(true);
      const now = (await (await fetch(`${base}/api/v1/lieux?limit=1`)).json()) as {
        total: number;
        version: number;
      };
      expect(now).toMatchObject({ total: 30, version });
    } finally {
      await server.close();
    }
  });
});

describe.each(BACKENDS)('readiness on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    it('answers 503 (problem+json, Retry-After) until a dataset is published, then serves it', async () => {
      requirePostgres(backend);
      const server = await startTestServer(backend, { publish: false, count: 50 });
      try {
        const health = await server.app.inject({ url: '/health' });
        expect(health.statusCode).toBe(503);
        expect(health.headers['retry-after']).toBe('5');
        expect(JSON.parse(health.body).detail).toMatch(/npx repere import/);
        for (const url of [
          '/api/v1/lieux',
          '/api/v1/lieux?services=inconnu',
          '/api/v1/comptages',
          '/api/v1/snapshot',
          '/api/v1/export',
        ]) {
          const response = await server.app.inject({ url });
          expect(response.statusCode, url).toBe(503);
          expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
        }
        expect((await server.app.inject({ url: '/health/live' })).statusCode).toBe(200);
        // What needs no dataset works already.
        expect((await server.app.inject({ url: '/api/v1/territoires?q=lyon' })).statusCode).toBe(200);
        expect((await server.app.inject({ url: '/api/v1/openapi.json' })).statusCode).toBe(200);
        const page = await server.app.inject({ url: '/lieux/x' });
        expect(page.statusCode).toBe(503);
        expect(page.headers['content-type']).toMatch(/^text\/html/);

        await publish(server.store, server.lieux);
        await waitFor('prêt', async () => (await server.app.inject({ url: '/health' })).statusCode === 200);
        expect((await server.app.inject({ url: '/api/v1/lieux' })).statusCode).toBe(200);
      } finally {
        await server.close();
      }
    });
  });
});

describe('front end and lieu pages', () => {
  let server: TestServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'repere-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Repère</title><div id="app"></div>');
    writeFileSync(join(webDir, 'assets', 'index-3f9a1c.js'), 'console.log("app")');
    writeFileSync(join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    server = await startTestServer('sqlite', {
      count: 100,
      server: {
        webDir,
        publicUrl: 'https://lieux.example.fr/',
        mapStyleUrl: 'https://tiles.example.org/style.json',
        reportUrl: 'https://signalement.example.fr/lieux/{id}',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('hashed assets are immutable for a year; other files revalidate', async () => {
    const asset = await server.app.inject({ url: '/assets/index-3f9a1c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const sw = await server.app.inject({ url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const index = await server.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<div id="app">');
  });

  it('falls back to the app for its routes, not for missing files or the API', async () => {
    for (const url of ['/carte', '/carte?services=x', '/orientation/etape-2']) {
      const response = await server.app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('<div id="app">');
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await server.app.inject({ url: '/assets/absent-123.js' })).statusCode).toBe(404);
    const api = await server.app.inject({ url: '/api/v1/absent', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('run-time configuration for the front end', async () => {
    const { body } = await getJson(server.app, '/config.json');
    expect(body).toEqual({
      apiBase: 'https://lieux.example.fr/api/v1',
      publicUrl: 'https://lieux.example.fr',
      mapStyleUrl: 'https://tiles.example.org/style.json',
    });
  });

  it('lieu pages are HTML readable without JavaScript; 404 for an unknown lieu', async () => {
    const row = server.lieux.find((l) => l.record.horaires && !l.record.horaires.includes('rendez'))!;
    const page = await server.app.inject({ url: `/lieux/${row.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="fr"');
    expect(page.body).toContain(row.record.nom!.replace(/’/g, '’').split(' ')[0]);
    expect(page.body).toContain(row.record.adresse!);
    expect(page.headers.etag).toBeTruthy();
    expect(page.body).toContain(`https://signalement.example.fr/lieux/${encodeURIComponent(row.id)}`);
    const again = await server.app.inject({
      url: `/lieux/${row.id}`,
      headers: { 'if-none-match': String(page.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const missing = await server.app.inject({ url: '/lieux/inconnu' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Lieu introuvable');
  });

  it('absolute links with PUBLIC_URL', async () => {
    const { body } = await getJson<{ suivant: string }>(server.app, '/api/v1/lieux?limit=10');
    expect(body.suivant).toBe('https://lieux.example.fr/api/v1/lieux?offset=10&limit=10');
  });
});

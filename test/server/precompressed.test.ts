/**
 * Bodies compressed once (snapshot, reference files): brotli and gzip kept, the uncompressed bytes
 * not kept but inflated on demand for a client that accepts no compression, identical to the original.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressOnce, type CompressedBody } from '../../src/server/dataset.js';
import { sendPrecompressed } from '../../src/server/http.js';

const TEXT = JSON.stringify({
  nom: 'Médiathèque « Œuvre » ’ 😀',
  items: Array.from({ length: 2000 }, (_, i) => i),
});

describe('compressOnce and sendPrecompressed', () => {
  let body: CompressedBody;
  const app = Fastify();
  app.get('/', (request, reply) =>
    sendPrecompressed(request, reply, body, 'application/json; charset=utf-8'),
  );
  beforeAll(async () => {
    body = await compressOnce(TEXT, '"e"');
  });
  afterAll(() => app.close());

  it('keeps brotli and gzip only', () => {
    expect(Object.keys(body).sort()).toEqual(['br', 'etag', 'gzip']);
    expect(gunzipSync(body.gzip).toString()).toBe(TEXT);
    expect(brotliDecompressSync(body.br).toString()).toBe(TEXT);
  });

  it.each([
    ['br', 'gzip, deflate, br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
  ] as const)('sends %s as it was compressed', async (encoding, accept, decode) => {
    const response = await app.inject({ url: '/', headers: { 'accept-encoding': accept } });
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.rawPayload.equals(body[encoding])).toBe(true);
    expect(decode(response.rawPayload).toString()).toBe(TEXT);
  });

  it('inflates the original bytes for a client that accepts no compression', async () => {
    for (const headers of [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ]) {
      const response = await app.inject({ url: '/', headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(TEXT)));
      expect(response.rawPayload.equals(Buffer.from(TEXT))).toBe(true);
    }
  });
});

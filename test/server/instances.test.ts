/**
 * Two server instances on one PostgreSQL database: an import published through one is served by the
 * other within seconds (LISTEN/NOTIFY, polling as fallback), while a loop of real HTTP requests on both
 * sees no failure and never goes back to the old version once the new one is served.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../src/server/index.js';
import type { Store } from '../../src/store/index.js';
import { generateLieux, publish } from './fixtures.js';
import { NOW, TestDatabase, requirePostgres, skipPostgres, testReference, waitFor } from './helpers.js';

describe.skipIf(skipPostgres)('two instances on one PostgreSQL', () => {
  let db: TestDatabase;
  const apps: FastifyInstance[] = [];
  const stores: Store[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    requirePostgres('postgres');
    const reference = await testReference();
    db = await TestDatabase.create('postgres');
    for (let k = 0; k < 2; k++) {
      const store = await db.open();
      stores.push(store);
      if (k === 0) await publish(store, generateLieux(reference.data.communes, { count: 800, seed: 1 }));
      const app = await createServer({ store, reference, now: () => NOW, logger: false, webDir: null });
      await app.repere.loaded;
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
      urls.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.cleanup();
  });

  it('an import through one instance is served by the other, with no failed request meanwhile', async () => {
    const reference = await testReference();
    const version = async (url: string) =>
      ((await (await fetch(`${url}/health`)).json()) as { version: number }).version;
    const before = await version(urls[1]!);
    expect(await version(urls[0]!)).toBe(before);

    const failures: string[] = [];
    const seen: number[][] = [[], []];
    // Per client loop (requests one after another): the order in which versions were answered.
    const sequences: number[][] = [];
    let running = true;
    const loop = async (k: number) => {
      const sequence: number[] = [];
      sequences.push(sequence);
      let i = 0;
      while (running) {
        const path =
          i++ % 3 === 0 ? '/api/v1/comptages?niveau=region' : `/api/v1/lieux?limit=20&offset=${i % 40}`;
        try {
          const response = await fetch(`${urls[k]}${path}`);
          if (response.status !== 200) failures.push(`${k} ${path} → ${response.status}`);
          else {
            const answered = ((await response.json()) as { version: number }).version;
            seen[k]!.push(answered);
            sequence.push(answered);
          }
        } catch (error) {
          failures.push(`${k} ${path} → ${(error as Error).message}`);
        }
      }
    };
    const loops = [loop(0), loop(1), loop(1)];
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const published = await publish(
      stores[0]!,
      generateLieux(reference.data.communes, { count: 1200, seed: 2, idPrefix: 'v2' }),
    );
    expect(published).toBeGreaterThan(before);
    await waitFor(
      'la nouvelle version servie par l’autre instance',
      async () => (await version(urls[1]!)) === published,
      15_000,
    );
    const delay = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await Promise.all(loops);

    expect(failures).toEqual([]);
    expect(seen[1]!.length).toBeGreaterThan(10);
    expect(seen[1]!).toContain(before);
    expect(seen[1]!).toContain(published);
    // Once an instance serves the new version it never answers from the old one again: requests made one
    // after another see versions in order (concurrent clients may read their answers in another order).
    for (const versions of sequences) {
      const first = versions.indexOf(published);
      if (first >= 0) expect(versions.slice(first).every((v) => v === published)).toBe(true);
    }
    const list = (await (await fetch(`${urls[1]}/api/v1/lieux?limit=1`)).json()) as {
      total: number;
      lieux: Array<{ id: string }>;
    };
    expect(list.total).toBe(1200);
    expect(list.lieux[0]!.id).toMatch(/^v2-/);
    expect(delay).toBeLessThan(15_000);
  });
});

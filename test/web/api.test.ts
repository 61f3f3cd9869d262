/** The app's loaders: configuration defaults, the first page from the API, records from API items. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseQueryParams } from '../../src/core/query/index.js';
import { LoadError, fetchJson, loadFirstPage, recordFromApi } from '../../src/web/data/api.js';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(routes: Record<string, () => Response>): string[] {
  const seen: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    seen.push(url);
    const path = url.split('?')[0]!;
    const route = routes[path];
    if (!route) throw new TypeError('Failed to fetch');
    return route();
  });
  return seen;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('recordFromApi', () => {
  it('joins lists with | and keeps strings and numbers, drops the rest', () => {
    expect(
      recordFromApi({
        id: 'a',
        nom: 'Lieu',
        services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
        latitude: 45.5,
        qualite: null,
        sources: ['s1'],
        nested: { x: 1 },
        mixed: ['a', 1],
      }),
    ).toEqual({
      id: 'a',
      nom: 'Lieu',
      services: 'Aide aux démarches administratives|Loisirs et créations numériques',
      latitude: '45.5',
      sources: 's1',
    });
  });
});

describe('loadFirstPage', () => {
  it('asks the API for the same query, first page only, and returns engine-shaped items', async () => {
    const seen = stubFetch({
      '/config.json': () => json({ apiBase: '/api/v1', mapStyleUrl: null }),
      '/api/v1/lieux': () =>
        json({
          total: 42,
          lieux: [
            {
              id: 'x',
              nom: 'X',
              frais_a_charge: ['Gratuit'],
              distance_km: 1.5,
              correspondances: ['à 1,5 km'],
            },
          ],
        }),
    });
    const page = await loadFirstPage({ gratuit: true, near: { lat: 45, lon: 4 }, offset: 80 }, 12);
    expect(page.total).toBe(42);
    expect(page.items).toEqual([
      {
        lieu: { id: 'x', record: { id: 'x', nom: 'X', frais_a_charge: 'Gratuit' } },
        distanceKm: 1.5,
        matched: ['à 1,5 km'],
      },
    ]);
    const asked = seen.find((u) => u.startsWith('/api/v1/lieux'))!;
    const parsed = parseQueryParams(new URLSearchParams(asked.split('?')[1]));
    expect(parsed).toEqual({
      ok: true,
      query: { gratuit: true, near: { lat: 45, lon: 4 }, offset: 0, limit: 12 },
    });
  });
});

describe('fetchJson', () => {
  it('names what failed, with the server’s explanation when there is one', async () => {
    stubFetch({
      '/down': () => json({ detail: 'Le jeu de données est en cours de chargement.' }, 503),
      '/plain': () => new Response('oops', { status: 500 }),
      '/offline': () => json({ ok: 1 }, 200, { 'x-repere-offline': '1' }),
    });
    await expect(fetchJson('/down', 'jeu de données')).rejects.toThrow(
      'jeu de données : Le jeu de données est en cours de chargement.',
    );
    await expect(fetchJson('/plain', 'lieux')).rejects.toThrow('lieux : erreur 500');
    await expect(fetchJson('/nowhere', 'communes')).rejects.toBeInstanceOf(LoadError);
    await expect(fetchJson('/nowhere', 'communes')).rejects.toThrow('communes : serveur injoignable');
    expect(await fetchJson('/offline', 'x')).toEqual({ body: { ok: 1 }, offline: true });
  });
});

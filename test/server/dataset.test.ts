import { describe, expect, it } from 'vitest';
import type { TerritoryResolver } from '../../src/core/query/index.js';
import { FIELDS } from '../../src/core/standard/fields.js';
import { toLieu } from '../../src/core/standard/model.js';
import { DatasetState } from '../../src/server/dataset.js';
import { detailBody } from '../../src/server/routes/lieux.js';
import type { Dataset, DatasetLieuRow, DatasetStats } from '../../src/store/index.js';
import { generateLieux } from './fixtures.js';
import { NOW, testReference } from './helpers.js';

const territory: TerritoryResolver = (insee) => {
  if (insee === '75111') return { departement: '75', region: '11', commune: '75056', epci: '200054781' };
  if (insee === '01001') return { departement: '01', region: '84', commune: '01001' };
  return undefined;
};

function stateOf(lieux: DatasetLieuRow[], options?: { fragmentCacheSize?: number }): DatasetState {
  const dataset: Dataset = {
    version: 7,
    publishedAt: '2025-06-01T00:00:00.000Z',
    lieuCount: lieux.length,
    stats: {} as DatasetStats,
    lieux,
  };
  return new DatasetState(dataset, territory, options);
}

/** What the server answered before it wrote JSON from the record: the typed lieu, serialised. */
function summaryOf(state: DatasetState, position: number): Record<string, unknown> {
  const row = state.rows[position]!;
  const lieu = toLieu(row.record) as unknown as Record<string, unknown>;
  delete lieu.id;
  const t = state.territories[position];
  return {
    id: row.id,
    ...lieu,
    departement: t?.departement ?? null,
    region: t?.region ?? null,
    epci: t?.epci ?? null,
  };
}

function expectedItem(state: DatasetState, position: number): string {
  const row = state.rows[position]!;
  const item = summaryOf(state, position);
  delete item.presentation_detail;
  item.qualite = row.quality?.score ?? null;
  item.sources = row.sources;
  return JSON.stringify(item).slice(0, -1);
}

function expectedDetail(state: DatasetState, position: number, publicUrl: string): string {
  const row = state.rows[position]!;
  const id = encodeURIComponent(row.id);
  const detail = {
    ...summaryOf(state, position),
    qualite: row.quality ?? null,
    sources: row.sources,
    geocodage: row.geocode ?? null,
    version: state.version,
    liens: { page: `${publicUrl}/lieux/${id}`, provenance: `${publicUrl}/api/v1/lieux/${id}/provenance` },
  };
  return `${JSON.stringify(detail).slice(0, -1)},${state.hoursView(position, NOW)}}`;
}

function record(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f.name, values[f.name] ?? '']));
}

const SHARED_DETAIL = { points: 3, max: 8, note: 'position à l’adresse', missing: false };

/** Awkward records: blanks, padding, empty list items, numbers with a comma or unreadable, escapes. */
const AWKWARD: DatasetLieuRow[] = [
  {
    id: 'a/1 é',
    record: record({
      id: 'autre-id',
      nom: '  Le « Lieu » "cité" \\ \n tab\t ',
      commune: 'Paris',
      code_insee: '75111',
      latitude: '48,8566',
      longitude: ' 2.35 ',
      services: '| Aide aux démarches administratives ||  | Accès internet et matériel informatique |',
      courriels: 'a@b.fr|',
      site_web: '|',
      presentation_resume: 'Court 😀',
      presentation_detail: 'Long texte\u2028avec\u0000contrôle et \ud800 seul',
      horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
    }),
    quality: { score: 42, details: { nom: { ok: true } } } as unknown as DatasetLieuRow['quality'],
    sources: ['s1', 's2'],
    geocode: { method: 'adresse', score: 0.9 } as unknown as DatasetLieuRow['geocode'],
  },
  {
    id: 'b',
    record: { nom: 'Sans rien', latitude: 'abc', longitude: '1e3', code_insee: '01001', extra: 'x' },
    quality: undefined as unknown as DatasetLieuRow['quality'],
    sources: undefined as unknown as string[],
  },
  {
    id: 'd',
    record: record({ nom: 'Qualité en désordre', code_insee: '75111' }),
    // Key order, an integer-like key, members without JSON value, arrays: as JSON.stringify does.
    quality: {
      details: { b: { x: 1 }, a: undefined, 2: 'deux', c: [1, { y: 2 }], shared: SHARED_DETAIL },
      score: 7,
      extra: undefined,
    } as unknown as DatasetLieuRow['quality'],
    sources: ['s1'],
  },
  {
    id: 'e',
    record: record({ nom: 'Même détail' }),
    quality: { score: 8, details: { shared: SHARED_DETAIL } } as unknown as DatasetLieuRow['quality'],
    sources: ['s1'],
  },
  {
    id: 'c',
    record: record({ nom: 'Inconnu', code_insee: '99999', latitude: '-0', longitude: '   ' }),
    quality: { score: Number.NaN } as unknown as DatasetLieuRow['quality'],
    sources: [],
  },
];

describe('DatasetState JSON written from the record', () => {
  it('gives the same list items and details as the typed lieu serialised, awkward records included', async () => {
    const ref = await testReference();
    const lieux = [...AWKWARD, ...generateLieux(ref.data.communes, { count: 300, seed: 5 })];
    const state = stateOf(lieux);
    for (let position = 0; position < state.size; position++) {
      // UTF-8 bytes of exactly the expected text.
      expect(state.itemFragment(position)).toEqual(Buffer.from(expectedItem(state, position)));
      expect(detailBody(state, position, NOW, 'https://exemple.fr')).toEqual(
        Buffer.from(expectedDetail(state, position, 'https://exemple.fr')),
      );
      JSON.parse(`${state.itemFragment(position).toString()}}`);
    }
    const awkward = JSON.parse(detailBody(state, state.position('a/1 é')!, NOW, '').toString()) as Record<
      string,
      unknown
    >;
    expect(awkward).toMatchObject({
      id: 'a/1 é',
      latitude: 48.8566,
      longitude: 2.35,
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
      courriels: ['a@b.fr'],
      departement: '75',
      epci: '200054781',
      qualite: { score: 42 },
      sources: ['s1', 's2'],
    });
    expect(awkward).not.toHaveProperty('site_web');
    const bare = JSON.parse(`${state.itemFragment(state.position('b')!).toString()}}`) as Record<
      string,
      unknown
    >;
    expect(bare).toEqual({
      id: 'b',
      nom: 'Sans rien',
      code_insee: '01001',
      longitude: 1000,
      departement: '01',
      region: '84',
      epci: null,
      qualite: null,
    });
  });

  it('keeps a bounded number of list items and rebuilds the others identically', () => {
    const lieux = Array.from({ length: 10 }, (_, i) => ({
      id: `l${i}`,
      record: record({
        nom: `Lieu ${i}`,
        code_insee: '75111',
        services: 'Aide aux démarches administratives',
      }),
      quality: { score: i } as unknown as DatasetLieuRow['quality'],
      sources: ['s'],
    }));
    const state = stateOf(lieux, { fragmentCacheSize: 3 });
    const first = Array.from({ length: state.size }, (_, p) => state.itemFragment(p));
    expect(state.cachedFragments).toBe(3);
    const again = Array.from({ length: state.size }, (_, p) => state.itemFragment(p));
    expect(again).toEqual(first);
    // A kept item is served as it is, not rebuilt.
    expect(state.itemFragment(state.size - 1)).toBe(again[state.size - 1]);
    expect(state.cachedFragments).toBe(3);
  });
});

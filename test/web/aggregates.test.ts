/** Shared territory counts: the engine's answer, computed once per query, level and minute. */
import { describe, expect, it } from 'vitest';
import { buildIndex, countBy, formatQueryParams } from '../../src/core/query/index.js';
import type { LieuInput, Query } from '../../src/core/query/index.js';
import { cachedCountBy } from '../../src/web/lib/aggregates.js';

const lieux: LieuInput[] = ['69123', '69123', '75056', '13055'].map((insee, i) => ({
  id: `l${i}`,
  record: { nom: `Lieu ${i}`, code_insee: insee, frais_a_charge: i % 2 ? 'Gratuit' : 'Payant' },
}));
const territory = (code: string) => ({
  departement: code.slice(0, 2),
  region: { '69': '84', '75': '11', '13': '93' }[code.slice(0, 2)]!,
});
const index = buildIndex(lieux, { territory });
const NOW = new Date('2025-06-12T08:00:00Z');

describe('cachedCountBy', () => {
  it('answers as countBy, once per query, level and minute', () => {
    const query: Query = { gratuit: true };
    const key = formatQueryParams(query).toString();
    const first = cachedCountBy(index, query, key, 'region', NOW);
    expect(first).toEqual(countBy(index, query, 'region', { now: NOW }));
    expect(cachedCountBy(index, query, key, 'region', new Date(NOW.getTime() + 30_000))).toBe(first);
    expect(cachedCountBy(index, query, key, 'region', new Date(NOW.getTime() + 60_000))).not.toBe(first);
    const departements = cachedCountBy(index, query, key, 'departement', NOW);
    expect(departements.counts.map((c) => c.code)).toEqual(['13', '69']);
    expect(cachedCountBy(index, {}, '', 'region', NOW).total).toBe(4);
  });
});

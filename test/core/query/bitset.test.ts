import { describe, expect, it } from 'vitest';
import {
  CriterionSets,
  addPosition,
  andInto,
  andNotInto,
  emptySet,
  fullSet,
  hasPosition,
  orInto,
} from '../../../src/core/query/bitset.js';
import { FLAG_GRATUIT, FLAG_ITINERANT, bitsOf } from '../../../src/core/query/build.js';
import { buildIndex, runQuery } from '../../../src/core/query/index.js';
import { lieu, resolver } from './fixtures.js';

const members = (set: Uint32Array, n: number) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => hasPosition(set, i));

describe('bit sets of positions', () => {
  it('a full set holds exactly the positions below n, whatever n modulo 32', () => {
    for (const n of [0, 1, 31, 32, 33, 64, 100]) {
      const set = fullSet(n);
      expect(set.length).toBe(Math.ceil(n / 32));
      expect(members(set, set.length * 32)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('OR, AND and AND NOT combine word by word', () => {
    const a = emptySet(70);
    const b = emptySet(70);
    for (const p of [0, 5, 33, 69]) addPosition(a, p);
    for (const p of [5, 33, 40]) addPosition(b, p);
    const union = Uint32Array.from(a);
    orInto(union, b);
    expect(members(union, 70)).toEqual([0, 5, 33, 40, 69]);
    const both = Uint32Array.from(a);
    andInto(both, b);
    expect(members(both, 70)).toEqual([5, 33]);
    const onlyA = Uint32Array.from(a);
    andNotInto(onlyA, b);
    expect(members(onlyA, 70)).toEqual([0, 69]);
  });
});

describe('criterion sets of an index', () => {
  // 40 lieux: more than one word, not a multiple of 32.
  const lieux = Array.from({ length: 40 }, (_, k) =>
    lieu(`l${String(k).padStart(2, '0')}`, {
      frais_a_charge: k % 3 === 0 ? 'Gratuit' : k % 3 === 1 ? 'Payant' : 'Gratuit|Payant',
      itinerance: k % 5 === 0 ? 'Itinérant' : 'Fixe',
      typologie: k % 4 === 0 ? 'BIB' : 'CCAS',
      code_insee: k % 2 === 0 ? '69381' : '75111',
    }),
  );
  const index = buildIndex(lieux, { territory: resolver });
  const sets = new CriterionSets(index);
  const expected = (test: (record: (typeof lieux)[number]['record']) => boolean) =>
    index.lieux.flatMap((l, i) => (test(l.record) ? [i] : []));

  it('an enumerated value, a flag, a typologie and a territory code give the lieux that hold them', () => {
    const gratuit = bitsOf('frais_a_charge').get('Gratuit')!;
    expect(members(sets.enumValue('frais_a_charge', gratuit), 40)).toEqual(
      expected((r) => r.frais_a_charge!.split('|').includes('Gratuit')),
    );
    expect(members(sets.flag(FLAG_GRATUIT), 40)).toEqual(
      expected((r) => r.frais_a_charge!.split('|').includes('Gratuit')),
    );
    expect(members(sets.flag(FLAG_GRATUIT | FLAG_ITINERANT), 40)).toEqual(
      expected((r) => r.frais_a_charge!.includes('Gratuit') && r.itinerance === 'Itinérant'),
    );
    expect(members(sets.typologie('BIB'), 40)).toEqual(expected((r) => r.typologie === 'BIB'));
    expect(members(sets.typologie('INCONNUE'), 40)).toEqual([]);
    const lyon = index.communes.ids.get('69123')!;
    expect(members(sets.territory('commune', index.inseeOf, index.communeOf, lyon), 40)).toEqual(
      expected((r) => r.code_insee === '69381'),
    );
  });

  it('a negative flag alone keeps every other lieu, and never a position past the last lieu', () => {
    const result = runQuery(index, { gratuit: false, limit: 100 });
    expect(result.items.map((item) => item.lieu.id)).toEqual(
      expected((r) => !r.frais_a_charge!.split('|').includes('Gratuit')).map((i) => index.ids[i]),
    );
    expect(result.total).toBe(13);
  });
});

import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../src/core/dedup/index.js';
import { evaluateGroups, generateSyntheticLieux } from '../../../src/core/dedup/synthetic.js';

describe('generateSyntheticLieux', () => {
  it('is deterministic for a seed, and different across seeds', () => {
    const a = generateSyntheticLieux({ lieux: 500, seed: 3 });
    const b = generateSyntheticLieux({ lieux: 500, seed: 3 });
    const c = generateSyntheticLieux({ lieux: 500, seed: 4 });
    expect(a.inputs).toEqual(b.inputs);
    expect(a.inputs).not.toEqual(c.inputs);
  });

  it('labels every record, with unique keys, about the requested size, within mainland France', () => {
    const { inputs, entityOf } = generateSyntheticLieux({ lieux: 2000, seed: 5 });
    expect(inputs.length).toBeGreaterThan(1700);
    expect(inputs.length).toBeLessThan(2300);
    expect(new Set(inputs.map((i) => i.key)).size).toBe(inputs.length);
    for (const input of inputs) {
      expect(entityOf.has(input.key)).toBe(true);
      if (input.latitude !== undefined) {
        expect(input.latitude).toBeGreaterThan(42);
        expect(input.latitude).toBeLessThan(51.5);
        expect(input.longitude).toBeGreaterThan(-5);
        expect(input.longitude).toBeLessThan(8.5);
      }
    }
    const perEntity = new Map<string, number>();
    for (const e of entityOf.values()) perEntity.set(e, (perEntity.get(e) ?? 0) + 1);
    const multi = [...perEntity.values()].filter((n) => n > 1).length;
    expect(multi / perEntity.size).toBeGreaterThan(0.3);
    expect(inputs.some((i) => i.latitude === undefined)).toBe(true);
    expect(inputs.some((i) => i.record.pivot === '00000000000000')).toBe(true);
  });
});

describe('evaluateGroups', () => {
  it('computes pairwise precision and recall', () => {
    const entityOf = new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'x'],
      ['d', 'y'],
      ['e', 'z'],
    ]);
    // True pairs: ab, ac, bc. Predicted: ab (right), de (wrong).
    const q = evaluateGroups([{ members: ['a', 'b'] }, { members: ['d', 'e'] }], entityOf);
    expect(q).toEqual({ truePairs: 3, predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 1 / 3 });
    expect(evaluateGroups([], entityOf).precision).toBe(1);
  });
});

describe('deduplication quality on a small labelled set', () => {
  it('keeps precision ≥ 0.98 and recall ≥ 0.90', () => {
    const { inputs, entityOf } = generateSyntheticLieux({ lieux: 3000, seed: 21 });
    const q = evaluateGroups(findDuplicates(inputs).groups, entityOf);
    expect(q.truePairs).toBeGreaterThan(500);
    expect(q.precision).toBeGreaterThanOrEqual(0.98);
    expect(q.recall).toBeGreaterThanOrEqual(0.9);
  });
});

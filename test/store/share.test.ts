import { describe, expect, it } from 'vitest';
import { REPEATED_FIELDS, shareRepeatedValues, ValueSharer } from '../../src/store/share.js';
import type { DatasetLieuRow } from '../../src/store/index.js';
import { makeLieu } from './helpers.js';

describe('ValueSharer', () => {
  it('shares equal objects between rows and changes no value', () => {
    const rows: DatasetLieuRow[] = [0, 1, 2, 3].map((i) =>
      makeLieu(i, ['hub-lo'], {
        quality: {
          score: i,
          details: { horaires: { points: 0, max: 14 }, services: { points: i, max: 14 } },
        },
      } as unknown as Partial<DatasetLieuRow>),
    );
    const before = structuredClone(rows);
    const sharer = new ValueSharer();
    for (const row of rows) expect(sharer.share(row)).toBe(row);
    expect(rows).toEqual(before);
    expect(rows[1]!.geocode).toBe(rows[0]!.geocode);
    expect(rows[3]!.sources).toBe(rows[0]!.sources);
    const details = rows.map((r) => r.quality.details as Record<string, unknown>);
    expect(details[2]!.horaires).toBe(details[0]!.horaires);
    // Different values stay different objects.
    expect(details[1]!.services).not.toBe(details[0]!.services);
  });

  it('shares the values of the fields that repeat, the enumerated lists included', () => {
    expect(REPEATED_FIELDS).toEqual(
      expect.arrayContaining(['commune', 'horaires', 'services', 'itinerance']),
    );
    expect(new Set(REPEATED_FIELDS).size).toBe(REPEATED_FIELDS.length);
    const rows = [makeLieu(1, ['a']), makeLieu(2, ['a'])];
    const before = structuredClone(rows);
    shareRepeatedValues(rows);
    expect(rows).toEqual(before);
  });
});

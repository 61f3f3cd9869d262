import { describe, expect, it } from 'vitest';
import { buildIndex, runQuery } from '../../../src/core/query/index.js';
import type { Query } from '../../../src/core/query/index.js';
import { LIEUX, lieu, resolver } from './fixtures.js';

const index = buildIndex(LIEUX, { territory: resolver });

function openIds(now: string, query: Query = { openNow: true }): string[] {
  return runQuery(index, { limit: 100, ...query }, { now: new Date(now) })
    .items.map((i) => i.lieu.id)
    .sort();
}

describe('openNow (Europe/Paris, public holidays, local clocks)', () => {
  it('reads the Paris clock across the spring change', () => {
    // Friday 28 March 2025, 08:30 UTC = 09:30 in Paris (winter time).
    expect(openIds('2025-03-28T08:30:00Z')).toEqual(['a', 'd', 'e', 'f', 'h']);
    // Monday 31 March 2025, 08:30 UTC = 10:30 in Paris (summer time): same UTC hour, still open.
    expect(openIds('2025-03-31T08:30:00Z')).toContain('a');
    // 07:30 UTC is 08:30 in Paris on Friday (closed) but 09:30 on Monday (open).
    expect(openIds('2025-03-28T07:30:00Z')).toEqual(['f', 'h']);
    expect(openIds('2025-03-31T07:30:00Z')).toEqual(['a', 'd', 'e', 'f', 'h']);
    expect(openIds('2025-03-31T06:30:00Z')).toEqual(['f', 'h']);
  });

  it('reads the Paris clock across the autumn change', () => {
    // Friday 24 October 2025, 16:30 UTC = 18:30 summer time: closed (until 18:00).
    expect(openIds('2025-10-24T16:30:00Z')).not.toContain('a');
    // Monday 27 October 2025, 16:30 UTC = 17:30 winter time: open.
    expect(openIds('2025-10-27T16:30:00Z')).toContain('a');
  });

  it('closes on national public holidays when the hours say PH off', () => {
    // Thursday 1 May 2025, 10:00 in Paris.
    expect(openIds('2025-05-01T08:00:00Z')).toEqual(['f']);
  });

  it('applies Alsace-Moselle holidays by code INSEE only', () => {
    // Vendredi saint, 18 April 2025, 10:00 in Paris: Strasbourg (d) and Metz (e) are closed, Lyon is open.
    const goodFriday = openIds('2025-04-18T08:00:00Z');
    expect(goodFriday).toContain('a');
    expect(goodFriday).not.toContain('d');
    expect(goodFriday).not.toContain('e');
    // Saint-Étienne, Friday 26 December 2025.
    const stStephen = openIds('2025-12-26T09:00:00Z');
    expect(stStephen).toContain('a');
    expect(stStephen).not.toContain('e');
  });

  it('reads an overseas lieu on its own clock', () => {
    // Monday 2 June 2025, 06:00 UTC: 08:00 in Paris (closed), 10:00 in La Réunion (open).
    expect(openIds('2025-06-02T06:00:00Z')).toEqual(['f', 'h']);
    // 14:00 UTC: 16:00 in Paris, 18:00 in La Réunion.
    const afternoon = openIds('2025-06-02T14:00:00Z');
    expect(afternoon).toContain('a');
    expect(afternoon).not.toContain('h');
  });

  it('never matches lieux without hours or with unreadable hours', () => {
    const open = openIds('2025-06-02T08:00:00Z');
    for (const id of ['c', 'g', 'j', 'k', 'l']) expect(open).not.toContain(id);
  });

  it('flags each item open or closed now, and leaves the flag out when hours are unknown', () => {
    const items = runQuery(index, { limit: 100 }, { now: new Date('2025-06-07T08:30:00Z') }).items; // Saturday 10:30
    const flags = Object.fromEntries(items.map((i) => [i.lieu.id, i.openNow]));
    expect(flags).toMatchObject({ a: true, b: false, i: true, d: false, f: true });
    expect('openNow' in items.find((i) => i.lieu.id === 'g')!).toBe(false);
    expect('openNow' in items.find((i) => i.lieu.id === 'k')!).toBe(false);
  });

  it('answers the same within a minute and changes with the minute (no stale cache)', () => {
    expect(openIds('2025-06-02T09:59:59Z')).toContain('a'); // 11:59:59
    expect(openIds('2025-06-02T10:00:30Z')).not.toContain('a'); // 12:00:30
    expect(openIds('2025-06-02T09:59:00Z')).toContain('a');
  });

  it('openNow false filters nothing', () => {
    expect(openIds('2025-05-01T08:00:00Z', { openNow: false })).toHaveLength(LIEUX.length);
  });
});

describe('openAt', () => {
  it('reads a time without offset as the wall clock', () => {
    expect(openIds('2000-01-01T00:00:00Z', { openAt: '2025-06-07T10:30' })).toEqual(['a', 'f', 'i']);
    // A wall-clock time is every lieu's own: 10:00 on a Monday opens La Réunion too.
    expect(openIds('2000-01-01T00:00:00Z', { openAt: '2025-06-02T10:00' })).toContain('h');
  });

  it('reads a time with an offset as an instant', () => {
    // 06:00 UTC: 08:00 in Paris, 10:00 in La Réunion.
    expect(openIds('2000-01-01T00:00:00Z', { openAt: '2025-06-02T06:00:00Z' })).toEqual(['f', 'h']);
    expect(openIds('2000-01-01T00:00:00Z', { openAt: '2025-06-02T08:00+02:00' })).toEqual(['f', 'h']);
  });

  it('honours public holidays on that date', () => {
    expect(openIds('2000-01-01T00:00:00Z', { openAt: '2025-05-01T10:00' })).toEqual(['f']);
  });

  it('takes precedence over openNow and explains itself', () => {
    const result = runQuery(
      index,
      { openAt: '2025-06-07T10:30', openNow: true },
      { now: new Date('2025-06-02T02:00Z') },
    );
    expect(result.items.map((i) => i.lieu.id).sort()).toEqual(['a', 'f', 'i']);
    expect(result.items[0]!.matched).toContain('ouvert le samedi 7 juin 2025 à 10 h 30');
  });

  it('explains an instant in Paris time', () => {
    const result = runQuery(index, { openAt: '2025-06-02T06:00:00Z' });
    expect(result.items[0]!.matched).toEqual(['ouvert le lundi 2 juin 2025 à 8 h']);
  });

  it('rejects an unreadable date with a clear error', () => {
    expect(() => runQuery(index, { openAt: '2025-02-30T10:00' })).toThrow(
      /date et heure « 2025-02-30T10:00 » illisibles/,
    );
  });
});

describe('slots', () => {
  it('matches lieux open at some moment of the window', () => {
    expect(openIds('2025-06-02T08:00:00Z', { slots: [{ day: 5, from: 9 * 60, to: 12 * 60 }] })).toEqual([
      'a',
      'f',
      'i',
    ]);
    // Saturday afternoon: only the always-open lieu.
    expect(openIds('2025-06-02T08:00:00Z', { slots: [{ day: 5, from: 14 * 60, to: 18 * 60 }] })).toEqual([
      'f',
    ]);
    // A window touching the opening time without overlapping does not count.
    expect(openIds('2025-06-02T08:00:00Z', { slots: [{ day: 0, from: 12 * 60, to: 14 * 60 }] })).toEqual([
      'd',
      'e',
      'f',
      'h',
    ]);
  });

  it('ORs several slots and ANDs them with other filters', () => {
    const slots = [
      { day: 6, from: 0, to: 1440 },
      { day: 1, from: 14 * 60, to: 15 * 60 },
    ] as const;
    expect(openIds('2025-06-02T08:00:00Z', { slots: [...slots] })).toEqual(['a', 'b', 'd', 'e', 'f', 'h']);
    expect(openIds('2025-06-02T08:00:00Z', { slots: [...slots], departements: ['69'] })).toEqual(['a', 'b']);
  });

  it('ignores public holidays (a regular week) and explains the matching slots', () => {
    const result = runQuery(index, {
      q: 'ajaccio',
      slots: [
        { day: 5, from: 9 * 60 + 30, to: 12 * 60 },
        { day: 0, from: 9 * 60, to: 10 * 60 },
      ],
    });
    expect(result.items[0]!.matched).toEqual(['recherche: ajaccio', 'ouvert samedi entre 9 h 30 et 12 h']);
  });

  it('reuses cached answers without mixing windows', () => {
    const morning = { slots: [{ day: 5 as const, from: 540, to: 720 }] };
    const evening = { slots: [{ day: 5 as const, from: 1200, to: 1320 }] };
    const first = openIds('2025-06-02T08:00:00Z', morning);
    expect(openIds('2025-06-02T08:00:00Z', evening)).toEqual(['f']);
    expect(openIds('2025-06-02T08:00:00Z', morning)).toEqual(first);
  });

  it('handles many lieux sharing one hours text', () => {
    const many = Array.from({ length: 50 }, (_, k) =>
      lieu(`s${k}`, {
        horaires: k % 2 ? 'Tu 10:00-12:00' : 'We 10:00-12:00',
        code_insee: k % 3 ? '67482' : '69123',
      }),
    );
    const shared = buildIndex(many, { territory: resolver });
    expect(shared.hours).toHaveLength(2);
    const tuesday = runQuery(shared, { slots: [{ day: 1, from: 600, to: 660 }], limit: 100 });
    expect(tuesday.total).toBe(25);
    // Tuesday 3 June 2025 11:00 Paris.
    const now = runQuery(shared, { openNow: true, limit: 100 }, { now: new Date('2025-06-03T09:00:00Z') });
    expect(now.items.map((i) => i.lieu.id).sort()).toEqual(tuesday.items.map((i) => i.lieu.id).sort());
  });
});

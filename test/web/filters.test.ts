/** Filter edits and the chips that undo them. */
import { describe, expect, it } from 'vitest';
import type { Query } from '../../src/core/query/index.js';
import { TYPOLOGIES } from '../../src/core/standard/enums.js';
import {
  LIST_FIELDS,
  activeChips,
  addSlot,
  clearFilters,
  openAtLabel,
  parseTime,
  removeSlot,
  setFlag,
  setOpenAt,
  setOpenNow,
  slotLabel,
  toggleValue,
  valuesOf,
} from '../../src/web/lib/filters.js';

describe('filter edits', () => {
  it('toggles list values and removes empty lists', () => {
    let q: Query = {};
    q = toggleValue(q, 'services', 'Aide aux démarches administratives', true);
    q = toggleValue(q, 'services', 'Aide aux démarches administratives', true);
    expect(q.services).toEqual(['Aide aux démarches administratives']);
    q = toggleValue(q, 'typologie', 'BIB', true);
    expect(q.typologie).toEqual(['BIB']);
    q = toggleValue(q, 'services', 'Aide aux démarches administratives', false);
    expect('services' in q).toBe(false);
  });

  it('keeps « ouvert maintenant » and « ouvert le » exclusive', () => {
    const at = setOpenAt({ openNow: true }, '2025-06-14T10:00');
    expect(at).toEqual({ openAt: '2025-06-14T10:00' });
    expect(setOpenNow(at, true)).toEqual({ openNow: true });
    expect(setOpenNow({ openNow: true }, false)).toEqual({});
  });

  it('adds slots once and removes them by position', () => {
    const slot = { day: 5 as const, from: 540, to: 720 };
    const q = addSlot(addSlot({}, slot), slot);
    expect(q.slots).toEqual([slot]);
    expect(removeSlot(q, 0)).toEqual({});
    expect(slotLabel(slot, 'fr')).toBe('samedi 09:00–12:00');
    expect(slotLabel(slot, 'en')).toBe('Saturday 09:00–12:00');
  });

  it('clears criteria but keeps where (territory, position)', () => {
    const q: Query = {
      gratuit: true,
      services: ['Aide aux démarches administratives'],
      regions: ['84'],
      near: { lat: 1, lon: 2 },
    };
    expect(clearFilters(q)).toEqual({ regions: ['84'], near: { lat: 1, lon: 2 } });
  });

  it('parses times', () => {
    expect(parseTime('09:30')).toBe(570);
    expect(parseTime('24:00')).toBe(1440);
    expect(parseTime('24:30')).toBeUndefined();
    expect(parseTime('9h')).toBeUndefined();
  });
});

describe('values and chips', () => {
  it('offers every enumeration of the standard and every typologie', () => {
    expect(LIST_FIELDS).toContain('services');
    expect(LIST_FIELDS).toContain('modalites_accompagnement');
    expect(valuesOf('typologie')).toHaveLength(Object.keys(TYPOLOGIES).length);
    expect(valuesOf('frais_a_charge')).toEqual(['Gratuit', 'Gratuit sous condition', 'Payant']);
  });

  it('one chip per active criterion, each removing exactly itself', () => {
    const q: Query = {
      q: 'bib',
      openAt: '2025-06-14T10:00',
      gratuit: false,
      itinerant: true,
      services: ['Aide aux démarches administratives'],
      typologie: ['BIB'],
      slots: [{ day: 0, from: 600, to: 660 }],
      near: { lat: 45, lon: 4 },
      radiusKm: 10,
    };
    const chips = activeChips(q, 'fr');
    expect(chips.map((c) => c.label)).toEqual([
      'Nom : bib',
      'Ouvert le 14/06/2025 10:00',
      'lundi 10:00–11:00',
      'Pas indiqué gratuit',
      'Itinérant',
      'Aide aux démarches administratives',
      TYPOLOGIES.BIB,
      'À moins de 10 km',
    ]);
    for (const chip of chips) {
      const after = chip.remove(q);
      expect(activeChips(after, 'fr')).toHaveLength(chips.length - 1);
      expect(activeChips(after, 'fr').map((c) => c.key)).not.toContain(chip.key);
    }
    expect(setFlag(q, 'gratuit', undefined).gratuit).toBeUndefined();
    expect(openAtLabel('2025-06-14T10:00', 'en')).toBe('2025-06-14 10:00');
  });
});

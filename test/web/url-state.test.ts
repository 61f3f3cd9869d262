/**
 * The URL is the state of the map and list page: every view round-trips through its query string,
 * bad parameters are dropped (and reported) without losing the rest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENUM_FILTERS } from '../../src/core/query/index.js';
import type { Query } from '../../src/core/query/index.js';
import {
  activeFilterCount,
  formatExploreState,
  parseExploreState,
  territoryFocus,
  withTerritory,
  type ExploreState,
} from '../../src/web/state/url-state.js';

describe('parseExploreState / formatExploreState', () => {
  it('reads filters with the API codec and the page parameters', () => {
    const { state, errors } = parseExploreState(
      '?services=Aide aux démarches administratives|Loisirs et créations numériques&gratuit=oui&pres_de=45.764,4.8357&autour=Lyon (69)&vue=liste&lieu=abc-12&zoom=11.5&centre=45.76,4.83&filtres=1',
    );
    expect(errors).toEqual([]);
    expect(state.query.services).toEqual([
      'Aide aux démarches administratives',
      'Loisirs et créations numériques',
    ]);
    expect(state.query.gratuit).toBe(true);
    expect(state.query.near).toEqual({ lat: 45.764, lon: 4.8357 });
    expect(state).toMatchObject({
      view: 'liste',
      lieu: 'abc-12',
      camera: { zoom: 11.5, lat: 45.76, lon: 4.83 },
      autour: 'Lyon (69)',
      filtersOpen: true,
    });
  });

  it('writes a canonical, readable query string that reads back to the same state', () => {
    const state: ExploreState = {
      query: {
        departements: ['69'],
        regions: ['84'],
        openNow: true,
        slots: [{ day: 5, from: 540, to: 720 }],
      },
      view: 'carte',
      lieu: 'x1',
      camera: { zoom: 9.123456, lat: 45.7640001, lon: 4.83570009 },
    };
    const text = formatExploreState(state);
    expect(text).toContain('creneaux=sa:09:00-12:00');
    expect(text).toContain('zoom=9.12');
    expect(text).toContain('centre=45.764,4.8357');
    expect(text).not.toContain('%7C');
    const back = parseExploreState(text);
    expect(back.errors).toEqual([]);
    expect(back.state.query).toEqual(state.query);
    expect(back.state.view).toBe('carte');
    expect(back.state.lieu).toBe('x1');
    expect(formatExploreState(back.state)).toBe(text);
  });

  it('round-trips any combination of enumerated filters and flags', () => {
    const fields = Object.keys(ENUM_FILTERS) as Array<keyof typeof ENUM_FILTERS>;
    const arbitraryQuery = fc.record(
      {
        field: fc.constantFrom(...fields),
        picks: fc.uniqueArray(fc.nat(20), { maxLength: 4 }),
        gratuit: fc.option(fc.boolean(), { nil: undefined }),
        itinerant: fc.option(fc.boolean(), { nil: undefined }),
        view: fc.constantFrom('both', 'carte', 'liste'),
      },
      { requiredKeys: ['field', 'picks', 'view'] },
    );
    fc.assert(
      fc.property(arbitraryQuery, ({ field, picks, gratuit, itinerant, view }) => {
        const values = [...new Set(picks.map((i) => ENUM_FILTERS[field][i % ENUM_FILTERS[field].length]!))];
        const query: Query = {};
        if (values.length) (query as Record<string, unknown>)[field] = values;
        if (gratuit !== undefined) query.gratuit = gratuit;
        if (itinerant !== undefined) query.itinerant = itinerant;
        const state: ExploreState = { query, view: view as ExploreState['view'] };
        const back = parseExploreState(formatExploreState(state));
        expect(back.errors).toEqual([]);
        expect(back.state.query).toEqual(query);
        expect(back.state.view).toBe(view);
      }),
      { numRuns: 200 },
    );
  });

  it('drops what it cannot read, keeps the rest, and says why', () => {
    const { state, errors } = parseExploreState(
      'services=Nimportequoi&gratuit=oui&zoom=99&centre=abc&vue=satellite&lieu=<script>&inconnu=1',
    );
    expect(state.query).toEqual({ gratuit: true });
    expect(state.view).toBe('both');
    expect(state.lieu).toBeUndefined();
    expect(state.camera).toBeUndefined();
    expect(errors.map((e) => e.param).sort()).toEqual([
      'centre',
      'inconnu',
      'lieu',
      'services',
      'vue',
      'zoom',
    ]);
    for (const error of errors) expect(error.message.length).toBeGreaterThan(5);
  });

  it('ignores pagination in the URL and a position label without a position', () => {
    const { state } = parseExploreState('offset=40&limit=5&autour=Lyon');
    expect(state.query.offset).toBeUndefined();
    expect(state.query.limit).toBeUndefined();
    expect(state.autour).toBeUndefined();
    expect(formatExploreState({ query: { offset: 20, limit: 10 }, view: 'both' })).toBe('');
  });
});

describe('drill-down', () => {
  it('tells the level from the territory filters', () => {
    expect(territoryFocus({})).toEqual({ level: 'france' });
    expect(territoryFocus({ regions: ['84'] })).toEqual({ level: 'region', region: '84' });
    expect(territoryFocus({ regions: ['84'], departements: ['69'] })).toEqual({
      level: 'departement',
      region: '84',
      departement: '69',
    });
    // Several régions is a filter, not a drill-down position.
    expect(territoryFocus({ regions: ['84', '11'] })).toEqual({ level: 'france' });
  });

  it('moves up and down without touching other filters', () => {
    const query: Query = { gratuit: true, regions: ['84'], departements: ['69'] };
    expect(withTerritory(query, '11')).toEqual({ gratuit: true, regions: ['11'] });
    expect(withTerritory(query, undefined)).toEqual({ gratuit: true });
    expect(withTerritory({}, '84', '38')).toEqual({ regions: ['84'], departements: ['38'] });
  });
});

describe('activeFilterCount', () => {
  it('counts criteria, not territory nor position', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ regions: ['84'], near: { lat: 1, lon: 2 }, sort: 'distance' })).toBe(0);
    expect(
      activeFilterCount({
        services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
      }),
    ).toBe(2);
    expect(activeFilterCount({ gratuit: false, openNow: false, q: 'bib' })).toBe(2);
    expect(activeFilterCount({ openNow: true, slots: [{ day: 0, from: 0, to: 60 }] })).toBe(2);
  });
});

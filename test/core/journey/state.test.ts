import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_JOURNEY,
  clearStep,
  JOURNEY_STEPS,
  NEEDS,
  NEED_GROUPS,
  describeSlots,
  describeWhen,
  describeWhere,
  formatJourneySearch,
  hasSlot,
  journeyPageOf,
  journeyParams,
  journeyPath,
  journeyToQuery,
  nextPage,
  parseJourney,
  parseJourneyUrl,
  previousPage,
  stepNumber,
  withDistance,
  withPlace,
  withRadius,
  withSlot,
  type JourneyState,
} from '../../../src/core/journey/index.js';
import { parseQueryParams } from '../../../src/core/query/index.js';
import type { Slot, Weekday } from '../../../src/core/query/index.js';
import {
  MODALITES_ACCES,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../../../src/core/standard/enums.js';

const SAMEDI_MATIN: Slot = { day: 5, from: 480, to: 720 };
const LYON = { label: 'Lyon (69)', lat: 45.764, lon: 4.8357 };

describe('catalogue', () => {
  it('offers each of the 9 services of the standard exactly once, in groups, with a one-line hint', () => {
    const services = NEEDS.map((n) => n.service);
    expect([...services].sort()).toEqual([...SERVICES].sort());
    expect(NEED_GROUPS.length).toBeGreaterThan(1);
    for (const need of NEEDS) {
      expect(need.hint.length).toBeGreaterThan(10);
      expect(need.hint).not.toContain('\n');
    }
  });
});

describe('journeyToQuery', () => {
  it('maps every criterion onto the query engine’s parameters', () => {
    const state: JourneyState = {
      ...EMPTY_JOURNEY,
      services: ['Aide aux démarches administratives'],
      place: LYON,
      radiusKm: 20,
      itinerants: false,
      when: { kind: 'slots', slots: [SAMEDI_MATIN] },
      publics: ['Seniors'],
      priseEnCharge: ['Surdité'],
      frais: 'gratuit',
      accompagnement: ['Accompagnement individuel'],
      acces: ['Se présenter'],
    };
    expect(journeyToQuery(state)).toEqual({
      services: ['Aide aux démarches administratives'],
      near: { lat: 45.764, lon: 4.8357 },
      radiusKm: 20,
      itinerant: false,
      slots: [SAMEDI_MATIN],
      publics_specifiquement_adresses: ['Seniors'],
      prise_en_charge_specifique: ['Surdité'],
      gratuit: true,
      modalites_accompagnement: ['Accompagnement individuel'],
      modalites_acces: ['Se présenter'],
    });
  });

  it('an empty journey is an empty query (every lieu)', () => {
    expect(journeyToQuery(EMPTY_JOURNEY)).toEqual({});
  });

  it('« à distance » means modalites_accompagnement = À distance, with no place', () => {
    const state = withDistance(withPlace(EMPTY_JOURNEY, LYON), true);
    expect(state.place).toBeUndefined();
    expect(journeyToQuery(state)).toEqual({ modalites_accompagnement: ['À distance'] });
  });

  it('« maintenant » is ouvert_maintenant, « cette semaine » every day, whole day', () => {
    expect(journeyToQuery({ ...EMPTY_JOURNEY, when: { kind: 'now' } })).toEqual({ openNow: true });
    const week = journeyToQuery({ ...EMPTY_JOURNEY, when: { kind: 'week' } }).slots!;
    expect(week.map((s) => s.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(week.every((s) => s.from === 0 && s.to === 1440)).toBe(true);
  });

  it('gratuit ou sous condition is frais_a_charge with both values', () => {
    expect(journeyToQuery({ ...EMPTY_JOURNEY, frais: 'gratuit-ou-sous-condition' })).toEqual({
      frais_a_charge: ['Gratuit', 'Gratuit sous condition'],
    });
  });

  it('the URL’s parameters, read by the API’s parser, give the same query (results = an API query)', () => {
    const state: JourneyState = {
      ...EMPTY_JOURNEY,
      services: ['Loisirs et créations numériques', 'Aide aux démarches administratives'],
      place: LYON,
      when: { kind: 'slots', slots: [{ day: 1, from: 720, to: 1080 }, SAMEDI_MATIN] },
      frais: 'gratuit',
    };
    const parsed = parseQueryParams(journeyParams(state), { extraParams: ['autour', 'ou'] });
    expect(parsed).toEqual({ ok: true, query: journeyToQuery(state) });
  });
});

describe('journey URL', () => {
  it('writes « samedi matin, gratuit, autour de Lyon » readably', () => {
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, LYON),
      services: ['Aide aux démarches administratives'],
      when: { kind: 'slots', slots: [SAMEDI_MATIN] },
      frais: 'gratuit',
    };
    const search = formatJourneySearch(state);
    expect(search).toContain('creneaux=sa:08:00-12:00');
    expect(search).toContain('pres_de=45.764,4.8357');
    expect(search).toContain('rayon_km=10');
    expect(search).toContain('gratuit=oui');
    expect(search).toContain('autour=Lyon+%2869%29');
    expect(journeyPath('quand', state)).toBe(`/orientation/quand?${search}`);
    expect(parseJourney(search)).toEqual({ state, errors: [] });
  });

  const slotArb = fc
    .record({
      day: fc.integer({ min: 0, max: 6 }).map((d) => d as Weekday),
      from: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
      len: fc.integer({ min: 1, max: 16 }).map((q) => q * 15),
    })
    .map(({ day, from, len }) => ({ day, from, to: Math.min(1440, from + len) }));

  const stateArb: fc.Arbitrary<JourneyState> = fc
    .record({
      services: fc.subarray([...SERVICES]),
      where: fc.oneof(
        fc.constant(undefined),
        fc.constant('distance' as const),
        fc.record({
          label: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s !== ''),
          lat: fc.integer({ min: -90_0000, max: 90_0000 }).map((n) => n / 10000),
          lon: fc.integer({ min: -180_0000, max: 180_0000 }).map((n) => n / 10000),
        }),
      ),
      radiusKm: fc.integer({ min: 5, max: 100 }),
      itinerants: fc.boolean(),
      when: fc.oneof(
        fc.constant({ kind: 'any' as const }),
        fc.constant({ kind: 'now' as const }),
        fc.constant({ kind: 'week' as const }),
        fc
          .uniqueArray(slotArb, { minLength: 1, maxLength: 5, selector: (s) => `${s.day}-${s.from}-${s.to}` })
          .map((slots) => ({ kind: 'slots' as const, slots })),
      ),
      publics: fc.subarray([...PUBLICS_SPECIFIQUEMENT_ADRESSES]),
      priseEnCharge: fc.subarray([...PRISE_EN_CHARGE_SPECIFIQUE]),
      frais: fc.constantFrom(undefined, 'gratuit' as const, 'gratuit-ou-sous-condition' as const),
      accompagnement: fc.subarray([
        'En autonomie',
        'Accompagnement individuel',
        'Dans un atelier collectif',
      ] as const),
      acces: fc.subarray([...MODALITES_ACCES]),
    })
    .map(({ where, frais, ...rest }) => {
      let state: JourneyState = { ...EMPTY_JOURNEY, ...rest };
      if (frais) state.frais = frais;
      if (where === 'distance') state = withDistance(state, true);
      else if (where) state = withPlace(state, where);
      return state;
    })
    .filter(
      (s) =>
        !(
          s.when.kind === 'slots' &&
          s.when.slots.length === 7 &&
          s.when.slots.every((x) => x.to - x.from === 1440)
        ),
    );

  it('round-trips every state through its URL', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const parsed = parseJourney(formatJourneySearch(state));
        expect(parsed.errors).toEqual([]);
        const expected = { ...state } as JourneyState;
        // Without a place the radius is not in the URL: it comes back as the default.
        if (!state.place) expected.radiusKm = EMPTY_JOURNEY.radiusKm;
        expect(parsed.state).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads « cette semaine » back from its seven whole-day slots', () => {
    const state = { ...EMPTY_JOURNEY, when: { kind: 'week' as const } };
    expect(parseJourney(formatJourneySearch(state)).state.when).toEqual({ kind: 'week' });
  });

  it('reads `modalites_accompagnement=À distance` alone as the « à distance » choice', () => {
    const { state } = parseJourney('modalites_accompagnement=a distance');
    expect(state.distance).toBe(true);
    expect(state.accompagnement).toEqual([]);
  });

  it('drops what it cannot read and says why, keeping the rest', () => {
    const { state, errors } = parseJourney(
      '?services=Aide aux démarches administratives&creneaux=xx:99&rayon_km=500&pres_de=45,5&typologie=BIB&ou=lune',
    );
    expect(state.services).toEqual(['Aide aux démarches administratives']);
    expect(state.when).toEqual({ kind: 'any' });
    expect(state.radiusKm).toBe(100);
    expect(state.place).toEqual({ label: 'Point choisi', lat: 45, lon: 5 });
    const params = errors.map((e) => e.param).sort();
    expect(params).toEqual(['creneaux', 'ou', 'rayon_km', 'typologie']);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(5);
  });

  it('ignores pagination, sort and the shell’s lang', () => {
    expect(parseJourney('offset=20&limit=5&tri=nom&lang=en')).toEqual({ state: EMPTY_JOURNEY, errors: [] });
  });

  it('keeps `lang` when the page is not in French', () => {
    expect(formatJourneySearch(EMPTY_JOURNEY, 'en')).toBe('lang=en');
    expect(formatJourneySearch(EMPTY_JOURNEY, 'fr')).toBe('');
  });
});

describe('steps', () => {
  it('one path per step, then results; back and next walk them in order', () => {
    expect(journeyPageOf('/orientation')).toBe('besoin');
    expect(journeyPageOf('/orientation/')).toBe('besoin');
    for (const step of JOURNEY_STEPS) expect(journeyPageOf(`/orientation/${step}`)).toBe(step);
    expect(journeyPageOf('/orientation/resultats')).toBe('resultats');
    expect(journeyPageOf('/orientation/inconnu')).toBeUndefined();
    expect(journeyPageOf('/carte')).toBeUndefined();
    expect(nextPage('besoin')).toBe('ou');
    expect(nextPage('precisions')).toBe('resultats');
    expect(nextPage('resultats')).toBe('resultats');
    expect(previousPage('ou')).toBe('besoin');
    expect(previousPage('besoin')).toBeUndefined();
    expect(stepNumber('quand')).toBe(3);
    expect(parseJourneyUrl('/orientation/quand', 'ouvert_maintenant=oui')).toMatchObject({
      page: 'quand',
      state: { when: { kind: 'now' } },
    });
  });
});

describe('editing', () => {
  it('keeps slots sorted and unique; removing the last one means « n’importe quand »', () => {
    let state = withSlot(EMPTY_JOURNEY, SAMEDI_MATIN, true);
    state = withSlot(state, { day: 1, from: 720, to: 1080 }, true);
    state = withSlot(state, SAMEDI_MATIN, true);
    expect(state.when).toEqual({ kind: 'slots', slots: [{ day: 1, from: 720, to: 1080 }, SAMEDI_MATIN] });
    expect(hasSlot(state, SAMEDI_MATIN)).toBe(true);
    state = withSlot(withSlot(state, SAMEDI_MATIN, false), { day: 1, from: 720, to: 1080 }, false);
    expect(state.when).toEqual({ kind: 'any' });
  });

  it('skipping a step clears only that step’s criteria', () => {
    const full: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, LYON),
      services: ['Aide aux démarches administratives'],
      radiusKm: 30,
      itinerants: false,
      when: { kind: 'now' },
      frais: 'gratuit',
      publics: ['Seniors'],
      acces: ['Téléphoner'],
    };
    expect(clearStep(full, 'besoin')).toEqual({ ...full, services: [] });
    const { place: _place, ...withoutPlace } = full;
    expect(clearStep(full, 'ou')).toEqual({ ...withoutPlace, radiusKm: 10, itinerants: true });
    expect(clearStep(full, 'quand')).toEqual({ ...full, when: { kind: 'any' } });
    const { frais: _frais, ...withoutFrais } = full;
    expect(clearStep(full, 'precisions')).toEqual({ ...withoutFrais, publics: [], acces: [] });
  });

  it('clamps the radius to 5–100 km', () => {
    expect(withRadius(EMPTY_JOURNEY, 2).radiusKm).toBe(5);
    expect(withRadius(EMPTY_JOURNEY, 250).radiusKm).toBe(100);
    expect(withRadius(EMPTY_JOURNEY, Number.NaN).radiusKm).toBe(10);
  });

  it('choosing a place ends « à distance », and the reverse', () => {
    const distance = withDistance({ ...EMPTY_JOURNEY, accompagnement: ['En autonomie'] }, true);
    expect(distance.accompagnement).toEqual([]);
    const placed = withPlace(distance, LYON);
    expect(placed.distance).toBe(false);
    expect(placed.place).toEqual(LYON);
  });
});

describe('words', () => {
  it('describes slots, grouping days that share a time of day', () => {
    expect(describeSlots([SAMEDI_MATIN])).toBe('samedi matin');
    expect(
      describeSlots([
        { day: 0, from: 720, to: 1080 },
        { day: 1, from: 720, to: 1080 },
        { day: 2, from: 840, to: 990 },
      ]),
    ).toBe('lundi et mardi après-midi ; mercredi de 14 h à 16 h 30');
    expect(describeWhen({ kind: 'now' })).toBe('Ouvert maintenant');
    expect(describeWhere(withPlace(EMPTY_JOURNEY, LYON))).toBe('Autour de Lyon (69), à 10 km au plus');
    expect(describeWhere({ ...EMPTY_JOURNEY, itinerants: false })).toBe('Partout, sans les lieux itinérants');
  });
});

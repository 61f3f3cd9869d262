import { describe, expect, it } from 'vitest';
import {
  EMPTY_JOURNEY,
  journeyToQuery,
  suggestRelaxations,
  withPlace,
} from '../../../src/core/journey/index.js';
import type { JourneyState } from '../../../src/core/journey/index.js';
import { CENTRE, counter, lieuAt } from './helpers.js';

const SAT_MORNING = 'Mo-Fr 09:00-17:00; Sa 09:00-12:00';
const WEEKDAYS = 'Mo-Fr 09:00-17:00';

describe('suggestRelaxations', () => {
  it('offers nothing when there are already 3 results', () => {
    const lieux = [lieuAt('a', 1), lieuAt('b', 2), lieuAt('c', 3)];
    const state = withPlace(EMPTY_JOURNEY, CENTRE);
    expect(suggestRelaxations(state, counter(lieux))).toEqual([]);
  });

  it('offers the smallest wider radius that reaches 3 results, first', () => {
    const lieux = [lieuAt('a', 1), lieuAt('b', 14), lieuAt('c', 25), lieuAt('d', 45)];
    const state = withPlace(EMPTY_JOURNEY, CENTRE);
    const count = counter(lieux);
    expect(count(journeyToQuery(state))).toBe(1);
    const [first, ...rest] = suggestRelaxations(state, count);
    expect(first).toMatchObject({ kind: 'rayon', label: 'Chercher jusqu’à 30 km', count: 3 });
    expect(first!.state.radiusKm).toBe(30);
    // One radius only.
    expect(rest.filter((r) => r.kind === 'rayon')).toEqual([]);
  });

  it('when no radius reaches 3, offers the one that helps most', () => {
    const lieux = [lieuAt('a', 1), lieuAt('b', 70)];
    const suggestions = suggestRelaxations(withPlace(EMPTY_JOURNEY, CENTRE), counter(lieux));
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ kind: 'rayon', count: 2 });
    expect(suggestions[0]!.state.radiusKm).toBe(100);
  });

  it('says which time criterion to relax: whole day, any day at that time, or no time', () => {
    const lieux = [
      lieuAt('a', 1, { horaires: SAT_MORNING, frais_a_charge: 'Gratuit' }),
      lieuAt('b', 2, { horaires: 'Sa 14:00-18:00', frais_a_charge: 'Gratuit' }),
      lieuAt('c', 3, { horaires: 'Sa 13:00-17:00', frais_a_charge: 'Gratuit' }),
      lieuAt('d', 4, { horaires: 'Tu 09:00-12:00', frais_a_charge: 'Gratuit' }),
    ];
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      when: { kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] },
      frais: 'gratuit',
    };
    const suggestions = suggestRelaxations(state, counter(lieux), { max: 10 });
    const byKind = Object.fromEntries(suggestions.map((s) => [s.kind, s]));
    expect(byKind['journee-entiere']).toMatchObject({ label: 'Ouvert samedi toute la journée', count: 3 });
    expect(byKind['autres-jours']).toMatchObject({ label: 'N’importe quel jour le matin', count: 2 });
    expect(byKind['quand']).toMatchObject({ label: 'Sans condition d’horaire', count: 4 });
    // Those reaching 3 come first, smallest change first.
    expect(suggestions[0]!.kind).toBe('journee-entiere');
    expect(suggestions.map((s) => s.count >= 3)).toEqual(
      [...suggestions.map((s) => s.count >= 3)].sort((a, b) => Number(b) - Number(a)),
    );
  });

  it('offers to drop a specific need, and only changes that add results', () => {
    const lieux = [
      lieuAt('a', 1, { frais_a_charge: 'Gratuit', publics_specifiquement_adresses: 'Seniors' }),
      lieuAt('b', 2, { frais_a_charge: 'Gratuit sous condition' }),
      lieuAt('c', 3, { frais_a_charge: 'Payant' }),
      lieuAt('d', 4, {
        frais_a_charge: 'Gratuit sous condition',
        publics_specifiquement_adresses: 'Seniors',
      }),
      lieuAt('e', 5, { frais_a_charge: 'Gratuit' }),
    ];
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      frais: 'gratuit',
      publics: ['Seniors'],
    };
    const count = counter(lieux);
    const suggestions = suggestRelaxations(state, count, { max: 10 });
    const labels = suggestions.map((s) => s.label);
    expect(labels).toContain('Sans aucun besoin spécifique');
    expect(labels).toContain('Accepter aussi « gratuit sous condition »');
    expect(labels).toContain('Sans le public « Seniors »');
    for (const s of suggestions) {
      expect(s.count).toBeGreaterThan(1);
      expect(count(journeyToQuery(s.state))).toBe(s.count);
    }
    // A wider radius adds nothing here: not offered.
    expect(suggestions.some((s) => s.kind === 'rayon')).toBe(false);
    // Nothing reaches 3 but dropping every specific need: it comes first.
    expect(suggestions[0]).toMatchObject({ label: 'Sans aucun besoin spécifique', count: 5 });
    expect(suggestions.find((s) => s.label === 'Accepter aussi les lieux payants')).toMatchObject({
      count: 2,
    });
  });

  it('« maintenant » can become « cette semaine »; itinerant lieux can be included again', () => {
    const lieux = [
      lieuAt('a', 1, { horaires: WEEKDAYS }),
      lieuAt('b', 2, { horaires: WEEKDAYS, itinerance: 'Itinérant' }),
      lieuAt('c', 3, { horaires: 'Sa 09:00-12:00' }),
    ];
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      when: { kind: 'now' },
      itinerants: false,
    };
    // The counter's clock is a Saturday at 10:30 in Paris: only c is open now.
    const suggestions = suggestRelaxations(state, counter(lieux), { max: 10 });
    expect(suggestions.find((s) => s.kind === 'semaine')).toMatchObject({ count: 2 });
    expect(suggestions.find((s) => s.kind === 'itinerants')).toBeUndefined();
    const weekly = suggestRelaxations({ ...state, when: { kind: 'week' } }, counter(lieux), { max: 10 });
    expect(weekly.find((s) => s.kind === 'itinerants')).toMatchObject({
      label: 'Inclure les lieux itinérants',
      count: 3,
    });
  });

  it('returns at most `max` suggestions', () => {
    const lieux = [lieuAt('a', 1, { frais_a_charge: 'Gratuit' }), lieuAt('b', 40), lieuAt('c', 60)];
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      frais: 'gratuit',
      services: ['Loisirs et créations numériques'],
    };
    expect(suggestRelaxations(state, counter(lieux)).length).toBeLessThanOrEqual(3);
    expect(suggestRelaxations(state, counter(lieux), { max: 1 })).toHaveLength(1);
  });
});

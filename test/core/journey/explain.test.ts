import { describe, expect, it } from 'vitest';
import {
  EMPTY_JOURNEY,
  criteriaSummary,
  frenchDistance,
  whyItMatches,
  withDistance,
  withPlace,
} from '../../../src/core/journey/index.js';
import type { JourneyState } from '../../../src/core/journey/index.js';
import { CENTRE } from './helpers.js';

const RECORD = {
  nom: 'Médiathèque',
  services: 'Aide aux démarches administratives|Loisirs et créations numériques',
  horaires: 'Mo-Fr 09:00-17:00; Sa 09:00-12:00',
  frais_a_charge: 'Gratuit',
  publics_specifiquement_adresses: 'Seniors|Jeunes',
  prise_en_charge_specifique: 'Surdité',
  modalites_accompagnement: 'Accompagnement individuel|À distance',
  modalites_acces: 'Se présenter|Téléphoner',
};

describe('whyItMatches', () => {
  it('says, per criterion and in the steps’ order, why the lieu fits', () => {
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      services: ['Aide aux démarches administratives', 'Insertion professionnelle via le numérique'],
      when: {
        kind: 'slots',
        slots: [
          { day: 5, from: 480, to: 720 },
          { day: 5, from: 720, to: 1080 },
        ],
      },
      publics: ['Seniors'],
      priseEnCharge: ['Surdité'],
      frais: 'gratuit',
      accompagnement: ['Accompagnement individuel'],
      acces: ['Téléphoner'],
    };
    expect(whyItMatches({ record: RECORD, distanceKm: 2.34 }, state)).toEqual([
      'Pour : démarches en ligne',
      'À 2,3 km',
      'Ouvert samedi matin',
      'Accueille en particulier : seniors',
      'Adapté : surdité ou malentendance',
      'Gratuit',
      'Accompagnement : seul avec un médiateur (accompagnement individuel)',
      'Pour y aller : appeler avant de venir',
    ]);
  });

  it('says nothing for criteria not chosen', () => {
    expect(whyItMatches({ record: RECORD }, EMPTY_JOURNEY)).toEqual([]);
  });

  it('mentions itinerant lieux’ base, remote help, now and this week', () => {
    const itinerant = { ...RECORD, itinerance: 'Itinérant' };
    expect(whyItMatches({ record: itinerant, distanceKm: 12.4 }, withPlace(EMPTY_JOURNEY, CENTRE))).toEqual([
      'Lieu itinérant, basé à 12 km',
    ]);
    expect(whyItMatches({ record: RECORD }, withDistance(EMPTY_JOURNEY, true))).toEqual([
      'Accompagne à distance',
    ]);
    expect(
      whyItMatches({ record: RECORD, openNow: true }, { ...EMPTY_JOURNEY, when: { kind: 'now' } }),
    ).toEqual(['Ouvert maintenant']);
    expect(whyItMatches({ record: RECORD }, { ...EMPTY_JOURNEY, when: { kind: 'week' } })).toEqual([
      'Ouvert cette semaine',
    ]);
    expect(
      whyItMatches({ record: { ...RECORD, horaires: '' } }, { ...EMPTY_JOURNEY, when: { kind: 'week' } }),
    ).toEqual([]);
  });

  it('writes distances the way people say them', () => {
    expect(frenchDistance(0.234)).toBe('230 m');
    expect(frenchDistance(0.001)).toBe('10 m');
    expect(frenchDistance(9.96)).toBe('10,0 km');
    expect(frenchDistance(37.6)).toBe('38 km');
  });
});

describe('criteriaSummary', () => {
  it('has one line per step, with defaults for skipped steps', () => {
    expect(criteriaSummary(EMPTY_JOURNEY).map((c) => [c.page, c.text])).toEqual([
      ['besoin', 'Tous les besoins'],
      ['ou', 'Partout'],
      ['quand', 'N’importe quand'],
      ['precisions', 'Aucun'],
    ]);
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      services: ['Aide aux démarches administratives'],
      when: { kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] },
      frais: 'gratuit',
      publics: ['Seniors'],
    };
    expect(criteriaSummary(state).map((c) => c.text)).toEqual([
      'Faire une démarche en ligne',
      'Autour de Bourg (01), à 10 km au plus',
      'Ouvert samedi matin',
      'Public : seniors ; Gratuit',
    ]);
  });
});

/**
 * The journey's core words in English (`?lang=en`): plain, short sentences; the standard's values
 * (services, publics…) are still what the query carries. French stays the default (other tests pin it).
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_JOURNEY,
  JOURNEY_MESSAGES,
  NEED_GROUPS,
  buildFiche,
  choicesIn,
  criteriaSummary,
  describeSlots,
  describeWhen,
  ficheHours,
  journeyShareUrl,
  lieuShareTexts,
  needGroups,
  PUBLIC_CHOICES,
  selectionShareTexts,
  stepTitles,
  suggestRelaxations,
  whyItMatches,
  withDistance,
  withPlace,
} from '../../../src/core/journey/index.js';
import type { JourneyState } from '../../../src/core/journey/index.js';
import { CENTRE, counter, lieuAt } from './helpers.js';

const RECORD = {
  nom: 'Médiathèque',
  adresse: '1 place de la Mairie',
  code_postal: '01000',
  commune: 'Bourg',
  telephone: '0478123456',
  courriels: 'contact@example.org',
  site_web: 'https://example.org',
  services: 'Aide aux démarches administratives|Loisirs et créations numériques',
  horaires: 'Mo-Fr 09:00-17:00; Sa 09:00-12:30',
  frais_a_charge: 'Gratuit',
  publics_specifiquement_adresses: 'Seniors|Jeunes',
  prise_en_charge_specifique: 'Langues étrangères (anglais)',
  modalites_accompagnement: 'Accompagnement individuel|À distance',
  modalites_acces: 'Se présenter|Téléphoner',
};

/** A few French words that must not leak into English sentences. */
const FRENCH =
  /\b(Pour|Ouvert|Gratuit|Lieu|Horaires|Bonjour|Voici|lundi|samedi|matin|Téléphone|Fiche|Sans|Chercher)\b/;

describe('journey catalogue in English', () => {
  it('has every need group, need and step in English, with the standard’s services unchanged', () => {
    const groups = needGroups('en');
    expect(groups.map((g) => g.label)).toEqual([
      'Paperwork and jobs',
      'Learn digital skills',
      'Family and free time',
      'Equipment and internet',
    ]);
    expect(groups.flatMap((g) => g.needs.map((n) => n.service))).toEqual(
      NEED_GROUPS.flatMap((g) => g.needs.map((n) => n.service)),
    );
    for (const need of groups.flatMap((g) => g.needs)) {
      expect(need.label, need.service).not.toMatch(FRENCH);
      expect(need.hint.length, need.service).toBeGreaterThan(10);
    }
    expect(stepTitles('en').besoin).toBe('What does the person need help with?');
    expect(choicesIn(PUBLIC_CHOICES, 'en')[3]).toEqual({ value: 'Seniors', label: 'Older people' });
    // Both tables have the same sentences.
    expect(Object.keys(JOURNEY_MESSAGES.en).sort()).toEqual(Object.keys(JOURNEY_MESSAGES.fr).sort());
  });
});

describe('whyItMatches and the summary in English', () => {
  const state: JourneyState = {
    ...withPlace(EMPTY_JOURNEY, CENTRE),
    services: ['Aide aux démarches administratives'],
    when: { kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] },
    publics: ['Seniors'],
    priseEnCharge: ['Langues étrangères (anglais)'],
    frais: 'gratuit',
    accompagnement: ['Accompagnement individuel'],
    acces: ['Téléphoner'],
  };

  it('says why, one short English sentence per criterion', () => {
    expect(whyItMatches({ record: RECORD, distanceKm: 2.34 }, state, 'en')).toEqual([
      'For: online procedures',
      '2.3 km away',
      'Open Saturday morning',
      'Especially welcomes: Older people',
      'Adapted for: Speaks English',
      'Free',
      'Kind of help: One to one with a helper',
      'How to go: Call before coming',
    ]);
    const remote = withDistance(EMPTY_JOURNEY, true);
    expect(whyItMatches({ record: RECORD }, remote, 'en')).toEqual(['Helps remotely']);
    expect(
      whyItMatches(
        { record: { ...RECORD, itinerance: 'Itinérant' }, distanceKm: 12.4 },
        withPlace(EMPTY_JOURNEY, CENTRE),
        'en',
      ),
    ).toEqual(['Mobile place, based 12 km away']);
  });

  it('sums up the criteria in English', () => {
    expect(criteriaSummary(state, 'en').map((c) => `${c.name} = ${c.text}`)).toEqual([
      'Need = Do a procedure online',
      'Where = Around Bourg (01), up to 10 km',
      'When = Open Saturday morning',
      'Specific needs = People: Older people ; Special help: Speaks English ; Free ; Kind of help: One to one with a helper ; Access: Call before coming',
    ]);
    expect(criteriaSummary(EMPTY_JOURNEY, 'en').map((c) => c.text)).toEqual([
      'All needs',
      'Anywhere',
      'Any time',
      'None',
    ]);
    expect(describeWhen({ kind: 'now' }, 'en')).toBe('Open now');
    expect(
      describeSlots(
        [
          { day: 0, from: 840, to: 990 },
          { day: 1, from: 840, to: 990 },
          { day: 6, from: 0, to: 1440 },
        ],
        'en',
      ),
    ).toBe('Monday and Tuesday from 14:00 to 16:30 ; Sunday all day');
  });
});

describe('suggestRelaxations in English', () => {
  it('labels the buttons in English', () => {
    const all = {
      horaires: 'Sa 09:00-12:00',
      frais_a_charge: 'Gratuit',
      publics_specifiquement_adresses: 'Seniors',
    };
    const lieux = [
      lieuAt('a', 1, all),
      lieuAt('b', 14, all),
      lieuAt('c', 25, all),
      lieuAt('d', 2, { ...all, publics_specifiquement_adresses: '' }),
      lieuAt('e', 2, { ...all, frais_a_charge: 'Payant' }),
      lieuAt('f', 2, { ...all, horaires: 'Mo 14:00-16:00' }),
    ];
    const state: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      when: { kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] },
      frais: 'gratuit',
      publics: ['Seniors'],
    };
    const labels = suggestRelaxations(state, counter(lieux), { lang: 'en', max: 20 }).map((r) => r.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Search up to 30 km',
        'Any time',
        'Also accept places that are not free',
        'Without the group “Older people”',
      ]),
    );
    for (const label of labels) expect(label).not.toMatch(FRENCH);
    const afternoon: JourneyState = {
      ...withPlace(EMPTY_JOURNEY, CENTRE),
      when: { kind: 'slots', slots: [{ day: 5, from: 720, to: 1080 }] },
    };
    const timeLabels = suggestRelaxations(
      afternoon,
      counter([
        lieuAt('g', 1, { horaires: 'Sa 08:00-12:00' }),
        lieuAt('h', 1, { horaires: 'Mo 14:00-16:00' }),
      ]),
      { lang: 'en', max: 20 },
    ).map((r) => r.label);
    expect([...timeLabels].sort()).toEqual(['Any day in the afternoon', 'Any time', 'Open Saturday all day']);
  });
});

describe('fiche and share texts in English', () => {
  const lieu = { id: 'lieu-1', record: RECORD };

  it('builds the fiche in English (date, hours, contact, how to go)', () => {
    const fiche = buildFiche([lieu], {
      origin: 'https://repere.example',
      date: new Date('2026-12-01T10:00:00Z'),
      personFirstName: 'Amina',
      prescriberName: 'Claire Martin',
      lang: 'en',
    });
    expect(fiche).toMatchObject({
      lang: 'en',
      title: 'Referral sheet',
      dateText: '1 December 2026',
      forPerson: 'For Amina',
      prescriber: 'Sheet given by Claire Martin',
    });
    const [block] = fiche.lieux;
    expect(block!.hours![0]).toEqual({ day: 'Monday', text: '9:00 – 17:00' });
    expect(block!.hours![5]).toEqual({ day: 'Saturday', text: '9:00 – 12:30' });
    expect(block!.hours![6]).toEqual({ day: 'Sunday', text: 'Closed' });
    expect(block!.hoursNote).toBe('Usual opening hours. The place may be closed on public holidays.');
    expect(block!.howToGo).toEqual([
      'You can come without an appointment during opening hours.',
      'Call before you come.',
    ]);
    expect(block!.contact.map((c) => c.label)).toEqual(['Phone', 'E-mail', 'Website']);
    expect(block!.fees).toBe('Free');
    // The standard's services stay as published.
    expect(block!.services).toEqual([
      'Aide aux démarches administratives',
      'Loisirs et créations numériques',
    ]);
    expect(fiche.privacy).not.toMatch(FRENCH);
    expect(ficheHours({}, 'en').note).toBe('Opening hours not given: call before you come.');
  });

  it('writes the e-mail and the SMS in English', () => {
    const texts = lieuShareTexts(lieu, 'https://repere.example', 'en');
    expect(texts.subject).toBe('A place to help you: Médiathèque');
    expect(texts.body).toContain('Hello,\n\nHere is a place that can help you with digital tools:');
    expect(texts.body).toContain('Phone: 04 78 12 34 56');
    expect(texts.body).toContain('  Monday: 9:00 – 17:00');
    expect(texts.body).toContain('All the latest information: https://repere.example/lieux/lieu-1');
    expect(texts.sms).toBe(
      'Médiathèque, 1 place de la Mairie, 01000 Bourg. Tel. 04 78 12 34 56. https://repere.example/lieux/lieu-1',
    );
    const url = journeyShareUrl('https://repere.example', EMPTY_JOURNEY, 'resultats', 'en');
    expect(url).toBe('https://repere.example/orientation/resultats?lang=en');
    const none = selectionShareTexts([], 'https://repere.example', url, 'en');
    expect(none.subject).toBe('Places to help you with digital tools');
    expect(none.sms).toBe(`Places to get help with digital tools: ${url}`);
    const two = selectionShareTexts(
      [lieu, { id: 'lieu-2', record: RECORD }],
      'https://repere.example',
      url,
      'en',
    );
    expect(two.body).toContain('Here are places that can help you with digital tools:');
    expect(two.body).toContain(`The full search: ${url}`);
    expect(`${two.body}\n${two.subject}`).not.toMatch(FRENCH);
  });
});

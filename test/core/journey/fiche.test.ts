import { describe, expect, it } from 'vitest';
import {
  FICHE_LIMITS,
  FicheError,
  buildFiche,
  cleanText,
  formatTelephone,
  frenchDate,
  toWinAnsi,
} from '../../../src/core/journey/index.js';

const LIEU = {
  id: 'lieu-42',
  record: {
    nom: 'Espace numérique « L’Envol »',
    adresse: '3 rue des Lilas',
    complement_adresse: 'Rez-de-chaussée, porte B',
    code_postal: '19000',
    commune: 'Tulle',
    code_insee: '19272',
    horaires: 'Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off',
    telephone: '+33555201020',
    courriels: 'contact@envol.fr|pas-une-adresse',
    site_web: 'https://envol.fr',
    prise_rdv: 'https://rdv.envol.fr',
    modalites_acces: 'Se présenter|Téléphoner',
    services: 'Aide aux démarches administratives',
    frais_a_charge: 'Gratuit',
    itinerance: 'Fixe',
  },
};
const OPTIONS = { origin: 'https://repere.example.fr/', date: new Date('2026-03-01T09:00:00Z') };

describe('buildFiche', () => {
  it('holds the lieu’s address, usual hours, how to go, contact and live page', () => {
    const fiche = buildFiche([LIEU], OPTIONS);
    expect(fiche.title).toBe('Fiche d’orientation');
    expect(fiche.dateText).toBe('1er mars 2026');
    expect(fiche.forPerson).toBeUndefined();
    const lieu = fiche.lieux[0]!;
    expect(lieu.url).toBe('https://repere.example.fr/lieux/lieu-42');
    expect(lieu.addressLines).toEqual(['3 rue des Lilas', '19000 Tulle']);
    expect(lieu.directions).toEqual(['Rez-de-chaussée, porte B']);
    expect(lieu.hours).toEqual([
      { day: 'Lundi', text: '9 h – 12 h et 13 h 30 – 17 h' },
      { day: 'Mardi', text: '9 h – 12 h et 13 h 30 – 17 h' },
      { day: 'Mercredi', text: '9 h – 12 h et 13 h 30 – 17 h' },
      { day: 'Jeudi', text: '9 h – 12 h et 13 h 30 – 17 h' },
      { day: 'Vendredi', text: '9 h – 12 h et 13 h 30 – 17 h' },
      { day: 'Samedi', text: '9 h – 12 h' },
      { day: 'Dimanche', text: 'Fermé' },
    ]);
    expect(lieu.howToGo).toEqual([
      'Vous pouvez venir sans rendez-vous aux heures d’ouverture.',
      'Appelez avant de venir.',
    ]);
    expect(lieu.contact).toEqual([
      { label: 'Téléphone', value: '05 55 20 10 20', href: 'tel:+33555201020' },
      { label: 'E-mail', value: 'contact@envol.fr', href: 'mailto:contact@envol.fr' },
      { label: 'Rendez-vous en ligne', value: 'https://rdv.envol.fr', href: 'https://rdv.envol.fr' },
      { label: 'Site web', value: 'https://envol.fr', href: 'https://envol.fr' },
    ]);
    expect(lieu.fees).toBe('Gratuit');
    expect(fiche.privacy).toMatch(/aucun serveur/);
  });

  it('adds the person’s first name, the note and the prescriber, cleaned and cut', () => {
    const fiche = buildFiche([LIEU], {
      ...OPTIONS,
      personFirstName: '  Amina\t ',
      note: `Apporter la carte Vitale.\r\n\r\n\r\nEt l’avis d’imposition.${' très long'.repeat(100)}`,
      prescriberName: 'Claire Martin',
      prescriberStructure: 'France Services de Tulle',
    });
    expect(fiche.forPerson).toBe('Pour Amina');
    expect(fiche.note!.startsWith('Apporter la carte Vitale.\n\nEt l’avis d’imposition.')).toBe(true);
    expect(fiche.note!.length).toBeLessThanOrEqual(FICHE_LIMITS.note);
    expect(fiche.note!.endsWith('…')).toBe(true);
    expect(fiche.prescriber).toBe('Fiche remise par Claire Martin, France Services de Tulle');
  });

  it('says what to do when hours are missing or unreadable, and warns for itinerant lieux', () => {
    const none = buildFiche([{ id: 'x', record: { nom: 'X', itinerance: 'Itinérant' } }], OPTIONS).lieux[0]!;
    expect(none.hours).toBeUndefined();
    expect(none.hoursNote).toMatch(/non renseignés/);
    expect(none.directions[0]).toMatch(/itinérant/);
    expect(none.howToGo[0]).toMatch(/non précisées/);
    expect(none.contact).toEqual([]);
    const bad = buildFiche([{ id: 'y', record: { nom: 'Y', horaires: 'le mardi matin' } }], OPTIONS)
      .lieux[0]!;
    expect(bad.hours).toBeUndefined();
    expect(bad.hoursNote).toMatch(/à confirmer/);
  });

  it('refuses an empty or too long selection with a clear message', () => {
    expect(() => buildFiche([], OPTIONS)).toThrow(FicheError);
    expect(() => buildFiche(Array(FICHE_LIMITS.lieux + 1).fill(LIEU), OPTIONS)).toThrow(/au plus 5 lieux/);
  });

  it('never links anything but http(s) from a producer’s file', () => {
    const lieu = buildFiche(
      [{ id: 'z', record: { nom: 'Z', site_web: 'javascript:alert(1)', prise_rdv: 'ftp://x' } }],
      OPTIONS,
    ).lieux[0]!;
    expect(lieu.contact).toEqual([]);
  });
});

describe('text helpers', () => {
  it('formats French phone numbers and leaves others as given', () => {
    expect(formatTelephone('+33478123456')).toBe('04 78 12 34 56');
    expect(formatTelephone('0478123456')).toBe('04 78 12 34 56');
    expect(formatTelephone('+262262123456')).toBe('+262262123456');
  });

  it('writes dates in French, Paris time', () => {
    expect(frenchDate(new Date('2026-12-31T23:30:00Z'))).toBe('1er janvier 2027');
    expect(frenchDate(new Date('2026-07-14T12:00:00Z'))).toBe('14 juillet 2026');
  });

  it('cleans control characters and cuts on a word', () => {
    expect(cleanText('a\u0000b   c', 10)).toBe('a b c');
    expect(cleanText('un deux trois quatre', 12)).toBe('un deux…');
    expect(cleanText(undefined, 10)).toBe('');
  });

  it('keeps what Helvetica (WinAnsi) can draw and replaces the rest', () => {
    expect(toWinAnsi('L’œuvre « Été » – 12 € … Œ')).toBe('L’œuvre « Été » – 12 € … Œ');
    expect(toWinAnsi('12\u202f345\u00a0m')).toBe('12 345\u00a0m');
    expect(toWinAnsi('Ștefan ăâ ‑ ﬁn')).toBe('Stefan aâ - fin');
    expect(toWinAnsi('日本 😀 x')).toBe('?? x');
    expect(toWinAnsi('a\nb')).toBe('a\nb');
  });
});

import { describe, expect, it } from 'vitest';
import { compileHours } from '../../../src/core/hours/index.js';
import { parseDaysText, weekTextToOsm } from '../../../src/pipeline/mapping/week-text.js';

function osm(text: string, days?: number[]): string {
  const result = weekTextToOsm(text, days);
  if (!result.ok) throw new Error(`${text} → ${result.reason}`);
  expect(compileHours(result.osm).ok).toBe(true);
  return result.osm;
}

describe('weekTextToOsm', () => {
  it.each([
    ['Les lundi, mardi, jeudi et vendredi de 09h00 à 17h00', 'Mo,Tu,Th,Fr 09:00-17:00'],
    ['Du lundi au vendredi de 8h00 à 12h00 et de 14h00 à 17h00', 'Mo-Fr 08:00-12:00,14:00-17:00'],
    ['9h-12h et 14h-17h du lundi au vendredi', 'Mo-Fr 09:00-12:00,14:00-17:00'],
    ['mercredi de 14 à 18h', 'We 14:00-18:00'],
    [
      'Les mardi et jeudi de 15h00 à 19h00 - Les mercredi et vendredi de 9h30 à 13h30',
      'Tu,Th 15:00-19:00; We,Fr 09:30-13:30',
    ],
    [
      'Du lundi au jeudi : 9h-12h 14h-17h Le vendredi : 9h-12h 14h-16h',
      'Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00,14:00-16:00',
    ],
    ['mardi 13:30-19:00\nmercredi 10:00-12:00 13:30-18:00', 'Tu 13:30-19:00; We 10:00-12:00,13:30-18:00'],
    ['Mardi 16 h 18 h Mercredi : 9 h 30 12 h', 'Tu 16:00-18:00; We 09:30-12:00'],
    ['Lundi 9h-12h Samedi fermé', 'Mo 09:00-12:00'],
    ['du lundi au vendredi de 9h à 12h. Fermé les jours fériés', 'Mo-Fr 09:00-12:00; PH off'],
    ['tous les jours de 10h à midi', 'Mo-Su 10:00-12:00'],
  ])('%j', (text, expected) => {
    expect(osm(text)).toBe(expected);
  });

  it('unites ranges given twice for the same day', () => {
    expect(osm('mardi de 10h à 12h, le mardi de 14h à 16h')).toBe('Tu 10:00-12:00,14:00-16:00');
  });

  it('keeps « uniquement sur rendez-vous » as an OSM comment', () => {
    expect(osm('Du lundi au vendredi, de 8h30 à 17h, sur rendez-vous uniquement')).toBe(
      'Mo-Fr 08:30-17:00 "sur rendez-vous"',
    );
  });

  it('drops a mere mention of appointments, with a note', () => {
    const result = weekTextToOsm('Le lundi de 9h00 à 12h00 et sur rendez-vous.');
    expect(result).toMatchObject({ ok: true, osm: 'Mo 09:00-12:00' });
    expect(result.ok && result.notes.join(' ')).toMatch(/rendez-vous/);
  });

  it('uses the default days when the text only has times', () => {
    expect(osm('9h à 12h / 14h à 17h', [0, 1, 2, 3, 4])).toBe('Mo-Fr 09:00-12:00,14:00-17:00');
    expect(weekTextToOsm('9h à 12h / 14h à 17h')).toMatchObject({ ok: false, reason: /sans jour/ });
  });

  it.each([
    ['Du lundi au vendredi', /jours sans heures/],
    ['du lundi au vendredi de 9h à 17h sauf le mercredi', /sauf/],
    ['En période scolaire : mercredi de 13h à 18h', /periode/],
    ['3ème mercredi du mois de 14h à 17h', /nombre/],
    ['Lundi de 9h à', /fin manquante/],
    ['Lundi de 25h à 26h', /impossible/],
    ['Lundi : fermé le matin / 14h-17h', /fermeture partielle/],
    ['', /vides/],
  ])('gives up on %j', (text, reason) => {
    const result = weekTextToOsm(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('parseDaysText', () => {
  it('reads lists and ranges of days', () => {
    expect(parseDaysText('{Lundi,Mardi,Jeudi}')).toEqual([0, 1, 3]);
    expect(parseDaysText('du mardi au samedi')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDaysText('samedi au lundi')).toEqual([0, 5, 6]);
    expect(parseDaysText('9h-12h')).toBeUndefined();
    expect(parseDaysText('')).toBeUndefined();
  });
});

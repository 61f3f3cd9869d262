import { describe, expect, it } from 'vitest';
import { compileHours, convertDayColumnsToOsm, normalizeHours } from '../../../src/core/hours/index.js';

function converted(days: Parameters<typeof convertDayColumnsToOsm>[0]) {
  const r = convertDayColumnsToOsm(days);
  if (!r.ok) throw new Error(r.reason);
  expect(compileHours(r.osm).ok).toBe(true);
  return r;
}

describe('convertDayColumnsToOsm', () => {
  it('converts France Services columns and groups identical consecutive days', () => {
    const fs = '09:00 - 12:00 / 13:30 - 17:00';
    const r = converted({ Mo: fs, Tu: fs, We: fs, Th: fs, Fr: fs, Sa: '09:00 - 12:00' });
    expect(r.osm).toBe('Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00');
    expect(r.notes).toEqual([]);
  });

  it.each([
    ['9h-12h', '09:00-12:00'],
    ['9h00 à 12h00 et 14h à 17h', '09:00-12:00,14:00-17:00'],
    ['de 9h30 à 12h', '09:30-12:00'],
    ['09:00-12:00/14:00-16:30', '09:00-12:00,14:00-16:30'],
    ['09:00-12:00 14:00-16:30', '09:00-12:00,14:00-16:30'],
    ['09:00-12:00,13:00-17:00', '09:00-12:00,13:00-17:00'],
    ['08 :30-12:00', '08:30-12:00'],
    ['07:30:12:30', '07:30-12:30'],
    ['09:00-12:30-13:30-17:00', '09:00-12:30,13:30-17:00'],
    ['09:30-12:30/\n\n 13:30-18:00', '09:30-12:30,13:30-18:00'],
    ['14 à 18h', '14:00-18:00'],
  ])('reads "%s" as %s', (value, times) => {
    expect(converted({ Tu: value }).osm).toBe(`Tu ${times}`);
  });

  it.each(['', '-', 'Fermé', 'fermé', 'FERMÉ', '  ', '/'])('reads %j as closed', (value) => {
    expect(converted({ Mo: '09:00-12:00', Tu: value }).osm).toBe('Mo 09:00-12:00');
  });

  it('groups identical days that are not consecutive, with ranges of three days or more', () => {
    const a = '09:00-12:00';
    const b = '14:00-17:00';
    expect(converted({ Mo: a, Tu: b, We: a, Th: b, Fr: a }).osm).toBe(
      'Mo,We,Fr 09:00-12:00; Tu,Th 14:00-17:00',
    );
    expect(converted({ Mo: a, Tu: a, We: a, Th: b, Fr: a, Sa: a }).osm).toBe(
      'Mo-We,Fr,Sa 09:00-12:00; Th 14:00-17:00',
    );
    expect(converted({ Sa: a, Su: a }).osm).toBe('Sa,Su 09:00-12:00');
  });

  it('drops the 00:00 - 00:00 placeholder, duplicates and overlaps, with notes', () => {
    const r = converted({
      Mo: '00:00 - 00:00 / 09:00 - 12:00',
      Tu: '09:00 - 12:00 / 09:00 - 12:00 / 14:00 - 17:00',
      We: '09:00 - 12:00 / 14:00 - 17:00 / 15:00 - 18:00',
      Th: '09:00 - 12:00 / 12:00 - 14:00',
      Fr: '00:00 - 00:00',
    });
    expect(r.osm).toBe(
      'Mo 09:00-12:00; Tu 09:00-12:00,14:00-17:00; We 09:00-12:00,14:00-18:00; Th 09:00-14:00',
    );
    expect(r.notes).toEqual([
      'lundi : plage "00:00-00:00" ignorée (valeur par défaut)',
      'mardi : plage "09:00-12:00" en double ignorée',
      'mercredi : plages qui se chevauchent "14:00-17:00" et "15:00-18:00" réunies',
      'jeudi : plages "09:00-12:00" et "12:00-14:00" réunies',
      'vendredi : plage "00:00-00:00" ignorée (valeur par défaut)',
    ]);
  });

  it('keeps a range past midnight and flags early starts', () => {
    const r = converted({ Fr: '20:00-02:00', Sa: '03:00-16:00' });
    expect(r.osm).toBe('Fr 20:00-02:00; Sa 03:00-16:00');
    expect(r.notes.join('\n')).toContain('passant minuit');
    expect(r.notes.join('\n')).toContain('avant 05:00 : à vérifier');
  });

  it('says that hours are unknown when every column is empty', () => {
    expect(convertDayColumnsToOsm({ Mo: '', Tu: '-', We: undefined, Th: null })).toEqual({
      ok: false,
      reason: 'aucun horaire renseigné',
      empty: true,
    });
    expect(convertDayColumnsToOsm({})).toMatchObject({ ok: false, empty: true });
  });

  it.each([
    [{ Mo: 'sur rendez-vous' }, 'lundi : texte non reconnu "sur rendez vous" dans "sur rendez-vous"'],
    [{ Tu: '09:00' }, 'mardi : heure de fin manquante dans "09:00"'],
    [{ We: '25:00-26:00' }, 'mercredi : heure invalide "25:00"'],
    [{ Th: '09:75-12:00' }, 'jeudi : heure invalide "09:75"'],
    [{ Fr: '0900-1200' }, 'vendredi : texte non reconnu'],
    [{ Sa: '24:00-02:00' }, 'samedi : plage "24:00-02:00" commençant à 24:00'],
  ])('refuses %j with a reason naming the day', (days, reason) => {
    const r = convertDayColumnsToOsm(days);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('normalizeHours', () => {
  it.each([
    ['Mo-Fr 9:00-12:00', 'Mo-Fr 09:00-12:00', 'heures réécrites au format HH:MM'],
    ['Lu-Ve 09:00-12:00', 'Mo-Fr 09:00-12:00', 'jours en français'],
    [
      'Tu-Fr 13:30-18:00; We 10:00-12:30, 13h30-18:00',
      'Tu-Fr 13:30-18:00; We 10:00-12:30,13:30-18:00',
      'HH:MM',
    ],
    ['Mo-Fr 14:00-19:00\u00a0;Sa 14\u00a0:00-18h00 ', 'Mo-Fr 14:00-19:00; Sa 14:00-18:00', 'HH:MM'],
    ['Mo, Fr 14:00-17:00 We 9:00-12:00', 'Mo,Fr 14:00-17:00; We 09:00-12:00', 'séparateur ";" ajouté'],
    [
      'Mo-Fr 09:00-12:00; 14:00-17:00',
      'Mo-Fr 09:00-12:00,14:00-17:00',
      'rattachée à la règle "Mo-Fr 09:00-12:00"',
    ],
    ['mo-fr 09:00-12:00; ph OFF', 'Mo-Fr 09:00-12:00; PH off', 'écrire "Mo"'],
    ['Mo–Fr 09:00–12:00', 'Mo-Fr 09:00-12:00', 'tirets typographiques'],
    ['Mo-Fr 09:00-18:00; We Fermé', 'Mo-Fr 09:00-18:00; We off', '"fermé" remplacé par "off"'],
    ['Tu, We, Fr, Sa 09:00-18:00; Th 14:00-18:00', 'Tu,We,Fr,Sa 09:00-18:00; Th 14:00-18:00', undefined],
    [
      'Mo-Fr 08:00-12:00, We 14:00-18:00 || "sur rendez-vous"',
      'Mo-Fr 08:00-12:00, We 14:00-18:00 || "sur rendez-vous"',
      undefined,
    ],
  ])('%j → %j', (input, osm, note) => {
    const r = normalizeHours(input);
    if (!r.ok) throw new Error(r.reason);
    expect(r.osm).toBe(osm);
    expect(compileHours(r.osm).ok).toBe(true);
    if (note) expect(r.notes.join('\n')).toContain(note);
    else expect(r.notes).toEqual([]);
  });

  it('leaves the same evaluation for values that were already valid', () => {
    const value =
      'Mo 14:00-17:00; Tu 09:00-12:00,14:00-17:00; We 10:00-12:00,14:00-17:00; Th 09:00-12:00,14:00-16:00';
    expect(normalizeHours(value)).toEqual({ ok: true, osm: value, notes: [] });
  });

  it.each([
    ['', 'horaires vides'],
    ['/', '"/" à la position 1 inattendu'],
    ['Tu-Th-Fr 14:00-18:00', 'plage de jours mal formée "Tu-Th-Fr"'],
    ['mercredi de 9h à 12h', 'mot inconnu "de"'],
  ])('refuses %j when the repair is not obvious', (input, reason) => {
    const r = normalizeHours(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

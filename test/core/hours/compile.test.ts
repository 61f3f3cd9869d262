import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileHours } from '../../../src/core/hours/index.js';

function compiled(text: string) {
  const r = compileHours(text);
  if (!r.ok) throw new Error(`expected "${text}" to compile: ${r.reason}`);
  return r;
}

function reason(text: string): string {
  const r = compileHours(text);
  if (r.ok) throw new Error(`expected "${text}" to be refused`);
  return r.reason;
}

describe('compileHours accepts the syntax found in the data and the specification', () => {
  it.each([
    'Mo-Fr 09:00-12:00',
    'Mo,We 09:00-12:00',
    'Su 10:00-12:00',
    'Mo-Fr 09:00-12:00,14:00-18:30',
    'Mo-Fr 09:00-12:00; Sa 10:00-12:00',
    'Mo-Fr 09:00-12:00, We 14:00-18:00',
    'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
    'Mo-Fr 09:00-18:00; We off',
    'Mo-Fr 09:00-18:00; We closed',
    'Mo-Fr 09:00-12:00; PH off',
    'Mo-Fr 09:00-12:00; PH 10:00-11:00',
    'Sa,Su,PH 10:00-12:00',
    '24/7',
    '24/7; PH off',
    'Mo-Fr 09:00-12:00 "sur rendez-vous"',
    '"sur rendez-vous"',
    'Fr 20:00-02:00',
    'Mo-Su 22:00-26:00',
    'Jan-Jun Mo-Fr 09:00-12:00',
    'Dec 24 off',
    'Dec 24-Jan 02 off',
    'Dec 24,31 09:00-12:00',
    'Jul-Aug Mo-Fr 10:00-12:00',
    'Jul-Aug: Mo-Fr 10:00-12:00',
    '2025 Dec 22-2026 Jan 04 off',
    '2024-2026 Mo 10:00-12:00',
    'week 1-53/2 Mo 09:00-12:00',
    'week 02,04 Mo 09:00-12:00',
    'Mo[1] 09:00-12:00',
    'Mo[1,3] 09:00-12:00',
    'Sa[-1] 09:00-12:00',
    'Tu[1-2] 09:00-12:00',
    'SH Mo-Fr 10:00-12:00',
    'Mo-Fr 09:00-12:00 unknown',
    'Mo-Fr 09:00-12:00 open "accueil libre"',
    'Mo - Fr 09:00 - 12:00',
    'Sa-Mo 10:00-12:00',
  ])('%s', (text) => {
    const r = compiled(text);
    expect(r.hours.rules.length).toBeGreaterThan(0);
    expect(r.hours.source).toBe(text);
  });

  it('compiles once into plain data: weekday masks and minute ranges', () => {
    const { hours } = compiled('Mo-Fr 09:00-12:00,14:00-18:30; Sa 10:00-12:00');
    expect(hours.rules.map((r) => [r.weekdays, r.times])).toEqual([
      [0b0011111, [540, 720, 840, 1110]],
      [0b0100000, [600, 720]],
    ]);
    expect(hours.dateDependent).toBe(false);
    expect(hours.week?.[5]).toEqual([{ from: 600, to: 720, state: 1 }]);
    expect(JSON.parse(JSON.stringify(hours.rules))).toEqual(hours.rules);
  });

  it('keeps ranges past midnight as minutes beyond 1440', () => {
    expect(compiled('Fr 20:00-02:00').hours.rules[0]!.times).toEqual([1200, 1560]);
    expect(compiled('Mo 22:00-26:00').hours.rules[0]!.times).toEqual([1320, 1560]);
  });

  it('marks date-dependent rules, public holidays and 24/7', () => {
    expect(compiled('Jul-Aug Mo 10:00-12:00').hours.dateDependent).toBe(true);
    expect(compiled('Mo[1] 10:00-12:00').hours.dateDependent).toBe(true);
    expect(compiled('week 1-53/2 Mo 10:00-12:00').hours.dateDependent).toBe(true);
    expect(compiled('Mo 10:00-12:00; PH off').hours.usesPublicHolidays).toBe(true);
    expect(compiled('24/7').hours.alwaysOpen).toBe(true);
    expect(compiled('Mo-Su 00:00-24:00').hours.alwaysOpen).toBe(true);
    expect(compiled('24/7; PH off').hours.alwaysOpen).toBe(false);
  });
});

describe('compileHours warns about valid but doubtful writings', () => {
  it.each([
    ['Mo-Fr 9:00-12:00', 'sur un chiffre'],
    ['mo-fr 09:00-12:00', 'écrire "Mo"'],
    ['Mo-Fr 09:00-12:00;', 'fin de texte'],
    ['Mo-Fr 09:00-12:00; 14:00-17:00', 'ne précise aucun jour'],
    ['Mo-Fr 09:00-12:00; SH off', 'vacances scolaires (SH)'],
    ['Mo-Fr', "n'a pas d'heures"],
    ['Mo 10:00-10:00', '24 heures'],
    ['Mo–Fr 09:00-12:00', 'tiret typographique'],
  ])('%s', (text, expected) => {
    const r = compiled(text);
    expect(r.warnings.join('\n')).toContain(expected);
  });

  it('has no warning for a clean value', () => {
    expect(compiled('Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off').warnings).toEqual([]);
  });
});

describe('compileHours refuses what it cannot evaluate, saying where', () => {
  it.each([
    ['', 'horaires vides'],
    ['   ', 'horaires vides'],
    ['Lu-Ve 09:00-12:00', 'jour inconnu "Lu" à la position 1'],
    ['Mo-Fr 09:00-12:00; Sam 10:00-12:00', 'jour inconnu "Sam" à la position 20'],
    ['Mercredi de 14h à 16h', 'jour inconnu "Mercredi" à la position 1'],
    ['Mo 9h-12h', 'heure "9h" à la position 4'],
    ['Mo 10:00', 'plage horaire incomplète à la position 4'],
    ['Mo 10:00-', 'heure de fin attendue après "10:00-", fin du texte'],
    ['Mo 25:00-26:00', 'heure de début "25:00"'],
    ['Mo 10:60-12:00', 'heure invalide "10:60" à la position 4'],
    ['Mo 10:00-12:00 We 14:00-16:00', 'séparateur ";" attendu avant "We" à la position 16'],
    [
      'Mo-Tu-Th 10:00-12:00',
      'plage de jours mal formée "Mo-Tu-Th" à la position 1 (pour une liste de jours : "Mo,Tu,Th")',
    ],
    ['sunrise-sunset', 'heures solaires ("sunrise") non prises en charge à la position 1'],
    ['Mo 10:00+', 'heure de fin ouverte "10:00+"'],
    ['Mo 10:00-16:00/01:30', 'horaires périodiques'],
    ['easter off', 'date de Pâques'],
    ['PH +1 day', 'décalage en jours ("day") non pris en charge à la position 7'],
    ['Mo "sur rendez-vous', 'commentaire sans guillemet fermant à la position 4'],
    ['Feb 30 off', 'jour 30 invalide pour Feb'],
    ['week 54 Mo 10:00-12:00', 'numéro de semaine (1 à 53)'],
    ['Mo[6] 10:00-12:00', 'rang (1 à 5)'],
    ['Mo 10:00-12:00 | Tu 10:00-12:00', 'caractère inattendu "|" à la position 16'],
    ['Mo 10:00-12:00 # note', 'caractère inattendu "#" à la position 16'],
    ['/', '"/" à la position 1 inattendu'],
    ['Mo-Fr fermé', 'mot inconnu "fermé" à la position 7 (pour fermé, écrire "off")'],
    ['Mo 08:00-12:00; xyz', 'mot inconnu "xyz" à la position 17'],
  ])('%j', (text, expected) => {
    expect(reason(text)).toContain(expected);
  });

  it('never throws, whatever the input', () => {
    const alphabet = fc.constantFrom(
      ...'Mo Tu We Th Fr Sa Su PH SH Jan Dec week off open unknown 24/7 09:00 12:00 26:00 1 5 53 2024 - , ; : / [ ] + || " sunrise Lu h'.split(
        ' ',
      ),
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(alphabet, { maxLength: 20 }).map((a) => a.join('')),
        ),
        (text) => {
          const r = compileHours(text);
          if (r.ok) expect(r.hours.rules.length).toBeGreaterThan(0);
          else expect(r.reason.length).toBeGreaterThan(5);
        },
      ),
      { numRuns: 3000 },
    );
    for (const odd of [null, undefined, 42, {}] as unknown as string[]) {
      const r = compileHours(odd);
      expect(r.ok).toBe(false);
    }
  });
});

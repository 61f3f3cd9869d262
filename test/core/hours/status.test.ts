import { describe, expect, it } from 'vitest';
import {
  compileHours,
  describeStatus,
  isOpenAt,
  isOpenDuring,
  nextChange,
  parisTime,
  stateAt,
  weeklySummary,
  type CompiledHours,
} from '../../../src/core/hours/index.js';

function hoursOf(text: string): CompiledHours {
  const r = compileHours(text);
  if (!r.ok) throw new Error(r.reason);
  return r.hours;
}

/** Open at each Paris wall-clock instant (ISO strings with offsets)? */
function openAt(text: string, instants: string[], codeInsee?: string): boolean[] {
  const h = hoursOf(text);
  return instants.map((iso) => isOpenAt(h, new Date(iso), codeInsee ? { codeInsee } : undefined));
}

describe('isOpenAt: rules and their order', () => {
  it('reads weekdays and several time ranges, ends excluded', () => {
    expect(
      openAt('Mo-Fr 09:00-12:00,14:00-18:30', [
        '2024-06-05T08:59:00+02:00',
        '2024-06-05T09:00:00+02:00',
        '2024-06-05T12:00:00+02:00',
        '2024-06-05T18:29:00+02:00',
        '2024-06-05T18:30:00+02:00',
        '2024-06-08T10:00:00+02:00',
      ]),
    ).toEqual([false, true, false, true, false, false]);
  });

  it('lets a later rule replace earlier ones for the days it names', () => {
    expect(
      openAt('Mo-Fr 09:00-18:00; We 10:00-12:00', [
        '2024-06-05T09:30:00+02:00',
        '2024-06-05T11:00:00+02:00',
        '2024-06-05T15:00:00+02:00',
        '2024-06-04T15:00:00+02:00',
      ]),
    ).toEqual([false, true, false, true]);
  });

  it('adds with "," instead of replacing', () => {
    expect(
      openAt('Mo-Fr 09:00-12:00, We 14:00-18:00', [
        '2024-06-05T10:00:00+02:00',
        '2024-06-05T15:00:00+02:00',
        '2024-06-04T15:00:00+02:00',
      ]),
    ).toEqual([true, true, false]);
  });

  it('closes with off/closed: the whole day without times, only the times given otherwise', () => {
    expect(
      openAt('Mo-Fr 09:00-17:00; We off', ['2024-06-05T10:00:00+02:00', '2024-06-06T10:00:00+02:00']),
    ).toEqual([false, true]);
    expect(openAt('Mo-Fr 09:00-17:00; We closed', ['2024-06-05T10:00:00+02:00'])).toEqual([false]);
    expect(
      openAt('Mo-Fr 08:00-18:00; We 12:00-14:00 off', [
        '2024-06-05T10:00:00+02:00',
        '2024-06-05T13:00:00+02:00',
        '2024-06-05T15:00:00+02:00',
      ]),
    ).toEqual([true, false, true]);
  });

  it('treats 24/7 as always open', () => {
    const h = hoursOf('24/7');
    expect(isOpenAt(h, new Date('2025-12-25T03:00:00+01:00'))).toBe(true);
    expect(describeStatus(h, new Date())).toBe('Ouvert 24 h/24');
  });

  it('carries ranges past midnight into the next day, until a later rule replaces that day', () => {
    const fridayNight = [
      '2024-06-07T19:59:00+02:00',
      '2024-06-07T23:00:00+02:00',
      '2024-06-08T01:00:00+02:00',
      '2024-06-08T02:00:00+02:00',
    ];
    expect(openAt('Fr 20:00-02:00', fridayNight)).toEqual([false, true, true, false]);
    expect(
      openAt('Fr 20:00-02:00; Sa 10:00-12:00', ['2024-06-08T01:00:00+02:00', '2024-06-08T11:00:00+02:00']),
    ).toEqual([false, true]);
    expect(
      openAt('Sa 10:00-12:00; Fr 20:00-02:00', ['2024-06-08T01:00:00+02:00', '2024-06-08T11:00:00+02:00']),
    ).toEqual([true, true]);
    expect(
      openAt('Mo-Su 22:00-26:00', [
        '2024-06-05T01:00:00+02:00',
        '2024-06-05T02:00:00+02:00',
        '2024-06-05T23:00:00+02:00',
      ]),
    ).toEqual([true, false, true]);
    // Sunday night into Monday: the week wraps.
    expect(openAt('Su 20:00-02:00', ['2024-06-10T01:00:00+02:00'])).toEqual([true]);
  });

  it('applies fallback rules only where earlier rules leave the time closed', () => {
    const h = hoursOf('Mo-Fr 09:00-12:00 || "sur rendez-vous"');
    expect(stateAt(h, new Date('2024-06-05T10:00:00+02:00'))).toEqual({ state: 'open' });
    expect(stateAt(h, new Date('2024-06-05T15:00:00+02:00'))).toEqual({
      state: 'unknown',
      comment: 'sur rendez-vous',
    });
    expect(
      openAt('Mo-Fr 09:00-12:00 || Sa 10:00-12:00', [
        '2024-06-08T11:00:00+02:00',
        '2024-06-08T13:00:00+02:00',
      ]),
    ).toEqual([true, false]);
  });

  it('makes a comment without state "unknown", which is not open', () => {
    const h = hoursOf('Mo-Fr 09:00-12:00 "sur rendez-vous"');
    const at = new Date('2024-06-05T10:00:00+02:00');
    expect(stateAt(h, at)).toEqual({ state: 'unknown', comment: 'sur rendez-vous' });
    expect(isOpenAt(h, at)).toBe(false);
    expect(describeStatus(h, at)).toBe('Horaires à confirmer · sur rendez-vous');
    expect(stateAt(hoursOf('Mo-Fr 09:00-12:00 open "accueil libre"'), at)).toEqual({
      state: 'open',
      comment: 'accueil libre',
    });
    expect(stateAt(hoursOf('Mo-Fr 09:00-12:00 unknown'), at)).toEqual({ state: 'unknown' });
  });

  it('adds a time-only rule to every day after a rule with days (as opening_hours.js does)', () => {
    expect(
      openAt('Mo-Fr 09:00-12:00; 14:00-17:00', [
        '2024-06-05T10:00:00+02:00',
        '2024-06-05T15:00:00+02:00',
        '2024-06-08T15:00:00+02:00',
      ]),
    ).toEqual([true, true, true]);
  });
});

describe('isOpenAt: dates, weeks, holidays', () => {
  it('closes on public holidays with PH off, and opens them with PH hours', () => {
    const text = 'Mo-Fr 09:00-17:00; PH off';
    expect(
      openAt(text, ['2025-05-01T10:00:00+02:00', '2025-05-02T10:00:00+02:00', '2025-07-14T10:00:00+02:00']),
    ).toEqual([false, true, false]);
    expect(
      openAt('Mo-Fr 09:00-17:00; PH 10:00-12:00', ['2025-05-01T09:30:00+02:00', '2025-05-01T11:00:00+02:00']),
    ).toEqual([false, true]);
    expect(
      openAt('Sa,Su,PH 10:00-12:00', ['2025-05-01T11:00:00+02:00', '2025-05-02T11:00:00+02:00']),
    ).toEqual([true, false]);
  });

  it('applies Alsace-Moselle holidays for communes of 57, 67, 68', () => {
    const stEtienne = ['2025-12-26T10:00:00+01:00'];
    expect(openAt('Mo-Fr 09:00-17:00; PH off', stEtienne, '67482')).toEqual([false]);
    expect(openAt('Mo-Fr 09:00-17:00; PH off', stEtienne, '75056')).toEqual([true]);
    expect(openAt('Mo-Fr 09:00-17:00; PH off', ['2025-04-18T10:00:00+02:00'], '57463')).toEqual([false]);
  });

  it('uses the overseas clock and holidays of the commune', () => {
    // 10:00 in Guadeloupe is 16:00 in Paris (summer).
    const h = hoursOf('Mo-Fr 09:00-12:00; PH off');
    expect(isOpenAt(h, new Date('2025-06-03T14:00:00Z'), { codeInsee: '97105' })).toBe(true);
    expect(isOpenAt(h, new Date('2025-06-03T14:00:00Z'))).toBe(false);
    expect(describeStatus(h, new Date('2025-06-03T14:00:00Z'), { codeInsee: '97105' })).toBe(
      'Ouvert · ferme à 12:00',
    );
    expect(nextChange(h, new Date('2025-06-03T14:00:00Z'), { codeInsee: '97105' }).until?.toISOString()).toBe(
      '2025-06-03T16:00:00.000Z',
    );
    // 27 May, abolition of slavery in Guadeloupe.
    expect(isOpenAt(h, new Date('2025-05-27T14:00:00Z'), { codeInsee: '97105' })).toBe(false);
  });

  it('reads months, dates and date ranges, including over New Year', () => {
    expect(
      openAt('Jul-Aug Mo-Fr 10:00-12:00', ['2025-07-15T11:00:00+02:00', '2025-06-17T11:00:00+02:00']),
    ).toEqual([true, false]);
    expect(
      openAt('Mo-Fr 09:00-17:00; Jul-Aug Mo-Fr 10:00-12:00', [
        '2025-07-15T15:00:00+02:00',
        '2025-06-17T15:00:00+02:00',
      ]),
    ).toEqual([false, true]);
    expect(
      openAt('Mo-Fr 09:00-17:00; Dec 24 off', ['2025-12-24T10:00:00+01:00', '2025-12-23T10:00:00+01:00']),
    ).toEqual([false, true]);
    expect(
      openAt('Mo-Fr 09:00-17:00; Dec 24-Jan 02 off', [
        '2025-12-29T10:00:00+01:00',
        '2026-01-02T10:00:00+01:00',
        '2026-01-05T10:00:00+01:00',
      ]),
    ).toEqual([false, false, true]);
    expect(
      openAt('Mo-Fr 09:00-17:00; 2025 Dec 22-2026 Jan 04 off', [
        '2025-12-22T10:00:00+01:00',
        '2026-12-22T10:00:00+01:00',
      ]),
    ).toEqual([false, true]);
    expect(
      openAt('Dec 24,31 09:00-12:00', [
        '2025-12-24T10:00:00+01:00',
        '2025-12-31T10:00:00+01:00',
        '2025-12-30T10:00:00+01:00',
      ]),
    ).toEqual([true, true, false]);
  });

  it('reads ISO week numbers with a step', () => {
    // 6 January 2025 is in week 2, 13 January in week 3.
    expect(
      openAt('week 1-53/2 Mo 09:00-12:00', ['2025-01-06T10:00:00+01:00', '2025-01-13T10:00:00+01:00']),
    ).toEqual([false, true]);
  });

  it('reads the n-th weekday of the month, from the start or the end', () => {
    expect(openAt('Mo[1] 09:00-12:00', ['2025-06-02T10:00:00+02:00', '2025-06-09T10:00:00+02:00'])).toEqual([
      true,
      false,
    ]);
    expect(openAt('Sa[-1] 09:00-12:00', ['2025-06-28T10:00:00+02:00', '2025-06-21T10:00:00+02:00'])).toEqual([
      true,
      false,
    ]);
    expect(
      openAt('Tu[2,4] 09:00-12:00', [
        '2025-06-10T10:00:00+02:00',
        '2025-06-24T10:00:00+02:00',
        '2025-06-17T10:00:00+02:00',
      ]),
    ).toEqual([true, true, false]);
  });

  it('ignores school holidays (SH): the rule part never applies', () => {
    expect(openAt('Mo-Fr 09:00-17:00; SH off', ['2025-07-15T10:00:00+02:00'])).toEqual([true]);
  });

  it('accepts a LocalTime computed once, with the same answers as a Date', () => {
    const h = hoursOf('Mo-Fr 09:00-12:00; PH off');
    for (const iso of [
      '2025-05-01T10:00:00+02:00',
      '2025-05-02T10:00:00+02:00',
      '2025-05-02T13:00:00+02:00',
    ]) {
      expect(isOpenAt(h, parisTime(new Date(iso)))).toBe(isOpenAt(h, new Date(iso)));
    }
  });
});

describe('daylight saving time', () => {
  it('never opens a lieu open 02:00-03:00 on the spring-forward Sunday', () => {
    const h = hoursOf('Su 02:00-03:00');
    // Every minute of 31 March 2024 in Paris: 2024-03-30T23:00Z to 2024-03-31T22:00Z.
    let opened = 0;
    for (let ms = Date.UTC(2024, 2, 30, 23); ms < Date.UTC(2024, 2, 31, 22); ms += 60_000)
      if (isOpenAt(h, new Date(ms))) opened++;
    expect(opened).toBe(0);
    // The next opening reported is the following Sunday, not the skipped hour.
    const change = nextChange(h, new Date('2024-03-30T12:00:00+01:00'));
    expect(change.until?.toISOString()).toBe('2024-04-07T00:00:00.000Z');
    expect(describeStatus(h, new Date('2024-03-30T12:00:00+01:00'))).toBe('Fermé · ouvre le 7 avril à 02:00');
    // On an ordinary Sunday the same rule opens for an hour.
    expect(isOpenAt(h, new Date('2024-04-07T02:30:00+02:00'))).toBe(true);
  });

  it('keeps a lieu open 02:00-03:00 for two real hours on the fall-back Sunday', () => {
    const h = hoursOf('Su 02:00-03:00');
    expect(isOpenAt(h, new Date('2024-10-27T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isOpenAt(h, new Date('2024-10-27T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isOpenAt(h, new Date('2024-10-27T02:00:00Z'))).toBe(false); // 03:00 CET
    expect(nextChange(h, new Date('2024-10-27T00:30:00Z')).until?.toISOString()).toBe(
      '2024-10-27T02:00:00.000Z',
    );
  });

  it('gives closing instants in the right offset on both sides of a change', () => {
    const h = hoursOf('Mo-Su 09:00-18:00');
    expect(nextChange(h, new Date('2024-03-30T10:00:00+01:00')).until?.toISOString()).toBe(
      '2024-03-30T17:00:00.000Z',
    );
    expect(nextChange(h, new Date('2024-03-31T10:00:00+02:00')).until?.toISOString()).toBe(
      '2024-03-31T16:00:00.000Z',
    );
  });
});

describe('nextChange and describeStatus', () => {
  const text = 'Mo-Fr 09:00-12:00,13:30-17:30';
  it.each([
    ['2024-06-05T10:00:00+02:00', 'Ouvert · ferme à 12:00', '2024-06-05T10:00:00.000Z'],
    ['2024-06-05T17:00:00+02:00', 'Ouvert · ferme à 17:30', '2024-06-05T15:30:00.000Z'],
    ['2024-06-05T12:30:00+02:00', 'Fermé · ouvre à 13:30', '2024-06-05T11:30:00.000Z'],
    ['2024-06-05T07:00:00+02:00', 'Fermé · ouvre à 09:00', '2024-06-05T07:00:00.000Z'],
    ['2024-06-06T18:00:00+02:00', 'Fermé · ouvre demain à 09:00', '2024-06-07T07:00:00.000Z'],
    ['2024-06-07T18:00:00+02:00', 'Fermé · ouvre lundi à 09:00', '2024-06-10T07:00:00.000Z'],
    ['2024-06-09T23:59:00+02:00', 'Fermé · ouvre demain à 09:00', '2024-06-10T07:00:00.000Z'],
  ])('at %s: %s', (iso, status, until) => {
    const h = hoursOf(text);
    expect(describeStatus(h, new Date(iso))).toBe(status);
    const change = nextChange(h, new Date(iso));
    expect(change.until?.toISOString()).toBe(until);
    expect(change.open).toBe(status.startsWith('Ouvert'));
    expect(nextChange(h, parisTime(new Date(iso)))).toEqual(change);
  });

  it('skips public holidays when looking for the next opening', () => {
    const h = hoursOf('Mo-Fr 09:00-17:00; PH off');
    expect(describeStatus(h, new Date('2025-04-30T18:00:00+02:00'))).toBe('Fermé · ouvre vendredi à 09:00');
    expect(describeStatus(h, new Date('2025-12-26T18:00:00+01:00'), { codeInsee: '67482' })).toBe(
      'Fermé · ouvre lundi à 09:00',
    );
  });

  it('says when a rare opening is weeks or months ahead', () => {
    expect(describeStatus(hoursOf('Dec 24 10:00-12:00'), new Date('2025-06-01T10:00:00+02:00'))).toBe(
      'Fermé · ouvre le 24 décembre à 10:00',
    );
    expect(describeStatus(hoursOf('Jan 01 10:00-12:00'), new Date('2025-06-01T10:00:00+02:00'))).toBe(
      'Fermé · ouvre le 1er janvier 2026 à 10:00',
    );
  });

  it('says "Fermé" when nothing opens ahead, "Horaires non renseignés" without hours', () => {
    expect(describeStatus(hoursOf('off'), new Date('2025-06-01T10:00:00+02:00'))).toBe('Fermé');
    expect(
      describeStatus(hoursOf('Mo-Fr 09:00-12:00; Mo-Fr off'), new Date('2025-06-02T10:00:00+02:00')),
    ).toBe('Fermé');
    expect(describeStatus(null, new Date())).toBe('Horaires non renseignés');
    expect(describeStatus(undefined, new Date())).toBe('Horaires non renseignés');
  });

  it('shows the comment of a closing rule', () => {
    const h = hoursOf('Mo-Fr 09:00-12:00; We 10:00-11:00 off "réunion d\'équipe"');
    expect(describeStatus(h, new Date('2025-06-04T10:30:00+02:00'))).toBe(
      "Fermé · réunion d'équipe · ouvre à 11:00",
    );
    expect(describeStatus(hoursOf('off "travaux"'), new Date('2025-06-04T10:30:00+02:00'))).toBe(
      'Fermé · travaux',
    );
  });

  it('says midnight and the next day for late closings', () => {
    expect(describeStatus(hoursOf('Mo-Fr 18:00-24:00'), new Date('2024-06-05T19:00:00+02:00'))).toBe(
      'Ouvert · ferme à minuit',
    );
    expect(describeStatus(hoursOf('Mo-Su 20:00-02:00'), new Date('2024-06-05T23:00:00+02:00'))).toBe(
      'Ouvert · ferme demain à 02:00',
    );
    expect(describeStatus(hoursOf('24/7; PH off'), new Date('2025-12-20T10:00:00+01:00'))).toBe(
      'Ouvert · ferme mercredi à minuit',
    );
  });

  it('reports the state only for hours that never change', () => {
    const change = nextChange(hoursOf('24/7'), new Date('2025-06-01T10:00:00+02:00'));
    expect(change).toEqual({ open: true, state: 'open' });
  });
});

describe('isOpenDuring (regular week)', () => {
  it('finds the slots of a regular week, holidays aside', () => {
    const h = hoursOf('Mo-Fr 09:00-12:00; Sa 09:00-12:00; PH off');
    expect(isOpenDuring(h, 5, 8 * 60, 12 * 60)).toBe(true);
    expect(isOpenDuring(h, 5, 12 * 60, 18 * 60)).toBe(false);
    expect(isOpenDuring(h, 6, 0, 1440)).toBe(false);
    expect(isOpenDuring(h, 0, 11 * 60 + 59, 12 * 60 + 30)).toBe(true);
    expect(isOpenDuring(h, 0, 12 * 60, 13 * 60)).toBe(false);
  });

  it('counts seasonal and some-weeks openings, not date-specific closings', () => {
    expect(isOpenDuring(hoursOf('Jul-Aug Sa 10:00-12:00'), 5, 480, 720)).toBe(true);
    expect(isOpenDuring(hoursOf('Mo-Fr 09:00-17:00; Jul-Aug off'), 0, 600, 660)).toBe(true);
    expect(isOpenDuring(hoursOf('Sa[1] 10:00-12:00'), 5, 480, 720)).toBe(true);
    expect(isOpenDuring(hoursOf('Mo-Fr 09:00-17:00; Fr[1] off'), 4, 600, 660)).toBe(true);
    expect(isOpenDuring(hoursOf('Mo-Fr 09:00-17:00; Dec 25 10:00-12:00'), 5, 600, 660)).toBe(false);
  });

  it('sees ranges past midnight and does not count unknown', () => {
    expect(isOpenDuring(hoursOf('Fr 20:00-02:00'), 5, 0, 120)).toBe(true);
    expect(isOpenDuring(hoursOf('Fr 20:00-02:00'), 4, 1380, 1500)).toBe(true);
    expect(isOpenDuring(hoursOf('Sa 10:00-12:00 "sur rendez-vous"'), 5, 480, 720)).toBe(false);
  });

  it('refuses empty or invalid slots', () => {
    const h = hoursOf('24/7');
    expect(isOpenDuring(h, 0, 600, 600)).toBe(false);
    expect(isOpenDuring(h, 7, 0, 60)).toBe(false);
  });
});

describe('weeklySummary', () => {
  it('gives this week with dates and holidays', () => {
    const week = weeklySummary(
      hoursOf('Mo-Fr 09:00-12:00,14:00-17:00; PH off'),
      new Date('2025-04-30T10:00:00+02:00'),
    );
    expect(week.map((d) => d.label)).toEqual([
      'Lundi',
      'Mardi',
      'Mercredi',
      'Jeudi',
      'Vendredi',
      'Samedi',
      'Dimanche',
    ]);
    expect(week.map((d) => d.date)).toEqual([
      '2025-04-28',
      '2025-04-29',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
    ]);
    expect(week[3]).toMatchObject({ weekday: 3, holiday: 'Fête du Travail', ranges: [] });
    expect(week[4]!.ranges).toEqual([
      { from: '09:00', to: '12:00' },
      { from: '14:00', to: '17:00' },
    ]);
    expect(week[5]!.ranges).toEqual([]);
  });

  it('gives the regular week without dates when no week is asked', () => {
    const week = weeklySummary(hoursOf('Mo-Fr 09:00-12:00; PH off'));
    expect(week.every((d) => d.date === undefined && d.holiday === undefined)).toBe(true);
    expect(week[3]!.ranges).toEqual([{ from: '09:00', to: '12:00' }]);
  });

  it('shows a range past midnight on its first day, and 24/7 as full days', () => {
    const week = weeklySummary(hoursOf('Fr 20:00-02:00'));
    expect(week[4]!.ranges).toEqual([{ from: '20:00', to: '02:00' }]);
    expect(week[5]!.ranges).toEqual([]);
    expect(weeklySummary(hoursOf('24/7'))[0]!.ranges).toEqual([{ from: '00:00', to: '24:00' }]);
  });

  it('lists uncertain ranges with their comment', () => {
    const week = weeklySummary(
      hoursOf('Mo 09:00-12:00; Sa 10:00-12:00 "sur rendez-vous"'),
      new Date('2025-06-04T10:00:00+02:00'),
    );
    expect(week[5]).toMatchObject({
      ranges: [],
      uncertain: [{ from: '10:00', to: '12:00' }],
      comment: 'sur rendez-vous',
    });
  });

  it('starts the week on the Paris Monday even late on Sunday UTC', () => {
    // Monday 00:30 in Paris is Sunday 22:30 UTC.
    const week = weeklySummary(hoursOf('Mo 09:00-12:00'), new Date('2025-06-01T22:30:00Z'));
    expect(week[0]!.date).toBe('2025-06-02');
  });
});

describe('weekday ranges over the week end', () => {
  it('reads Sa-Mo as Saturday, Sunday and Monday', () => {
    expect(
      openAt('Sa-Mo 10:00-12:00', [
        '2025-06-07T11:00:00+02:00',
        '2025-06-08T11:00:00+02:00',
        '2025-06-09T11:00:00+02:00',
        '2025-06-10T11:00:00+02:00',
      ]),
    ).toEqual([true, true, true, false]);
  });

  it('summarises seasonal hours without a date as the union of the months', () => {
    const week = weeklySummary(hoursOf('Sep-Jun Mo 09:00-12:00; Jul-Aug Mo 14:00-16:00'));
    expect(week[0]!.ranges).toEqual([
      { from: '09:00', to: '12:00' },
      { from: '14:00', to: '16:00' },
    ]);
    const july = weeklySummary(
      hoursOf('Sep-Jun Mo 09:00-12:00; Jul-Aug Mo 14:00-16:00'),
      new Date('2025-07-09T12:00:00+02:00'),
    );
    expect(july[0]!.ranges).toEqual([{ from: '14:00', to: '16:00' }]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  easterSunday,
  holidayRegion,
  isoDate,
  isPublicHoliday,
  parisTime,
  publicHolidayName,
  publicHolidays,
} from '../../../src/core/hours/index.js';

const dates = (year: number, codeInsee?: string) => publicHolidays(year, codeInsee).map((h) => h.date);

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(isoDate(easterSunday(year))).toBe(date);
  });
});

describe('publicHolidays', () => {
  it('lists the eleven national holidays of 2025 in date order', () => {
    expect(dates(2025)).toEqual([
      '2025-01-01',
      '2025-04-21',
      '2025-05-01',
      '2025-05-08',
      '2025-05-29',
      '2025-06-09',
      '2025-07-14',
      '2025-08-15',
      '2025-11-01',
      '2025-11-11',
      '2025-12-25',
    ]);
    expect(publicHolidays(2025).map((h) => h.name)).toContain('Lundi de Pentecôte');
  });

  it('derives Easter Monday, Ascension and Whit Monday from Easter (2024, 2026)', () => {
    expect(dates(2024)).toEqual(expect.arrayContaining(['2024-04-01', '2024-05-09', '2024-05-20']));
    expect(dates(2026)).toEqual(expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25']));
  });

  it.each(['57463', '67482', '68224'])('adds Good Friday and 26 December in Alsace-Moselle (%s)', (code) => {
    expect(holidayRegion(code)).toBe('alsace-moselle');
    const list = dates(2025, code);
    expect(list).toHaveLength(13);
    expect(list).toEqual(expect.arrayContaining(['2025-04-18', '2025-12-26']));
    expect(dates(2024, code)).toContain('2024-03-29');
  });

  it('does not add them elsewhere (Paris, Ajaccio, a commune code starting with 5 or 6)', () => {
    for (const code of ['75056', '2A004', '59350', '69123', '06088']) {
      expect(dates(2025, code)).toHaveLength(11);
      expect(dates(2025, code)).not.toContain('2025-12-26');
    }
  });

  it.each([
    ['97105', '2025-05-27'],
    ['97209', '2025-05-22'],
    ['97302', '2025-06-10'],
    ['97411', '2025-12-20'],
    ['97611', '2025-04-27'],
    ['97701', '2025-10-09'],
    ['97801', '2025-05-28'],
  ])('adds the abolition of slavery overseas (%s: %s)', (code, date) => {
    expect(dates(2025, code)).toContain(date);
    expect(
      publicHolidayName(
        { year: 2025, dayNumber: daysFromCivil(2025, Number(date.slice(5, 7)), Number(date.slice(8))) },
        code,
      ),
    ).toBe('Abolition de l’esclavage');
    expect(dates(2025)).not.toContain(date);
  });

  it('adds 24 septembre in Nouvelle-Calédonie', () => {
    expect(dates(2025, '98818')).toContain('2025-09-24');
  });
});

describe('isPublicHoliday', () => {
  it('reads the local day of an instant', () => {
    // 1 May 2025 00:30 in Paris is still 30 April in UTC.
    expect(isPublicHoliday(parisTime(new Date('2025-04-30T22:30:00Z')))).toBe(true);
    expect(isPublicHoliday(parisTime(new Date('2025-04-30T21:30:00Z')))).toBe(false);
    expect(publicHolidayName(parisTime(new Date('2025-12-25T12:00:00+01:00')))).toBe('Noël');
  });

  it('applies Alsace-Moselle holidays only there', () => {
    const goodFriday = parisTime(new Date('2025-04-18T10:00:00+02:00'));
    expect(isPublicHoliday(goodFriday, '67482')).toBe(true);
    expect(isPublicHoliday(goodFriday, '75056')).toBe(false);
    expect(isPublicHoliday(goodFriday)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnValue,
  containsTerm,
  fold,
  formatNumber,
  hasColumn,
  parseBoolean,
  parseDate,
  parseNumber,
} from '../../../src/pipeline/mapping/values.js';

describe('parseDate', () => {
  it.each([
    ['2024-01-31', '2024-01-31'],
    ['2022-09-26 19:00:45', '2022-09-26'],
    ['2020/06/30 14:16:50.898', '2020-06-30'],
    ['19/02/2021', '2021-02-19'],
    ['1/2/2020', '2020-02-01'],
    ['13/12/2022 17:51', '2022-12-13'],
    ['01.03.2023', '2023-03-01'],
    ['Espace labellisé 01/01/2020', '2020-01-01'],
    ['mis à jour le 2023-05-04 par la mairie', '2023-05-04'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('reads Unix timestamps in seconds and milliseconds as the day in Paris', () => {
    // 2023-06-30T22:30:00Z is already 1 July in Paris (UTC+2).
    expect(parseDate(String(Date.UTC(2023, 5, 30, 22, 30) / 1000))).toBe('2023-07-01');
    expect(parseDate(String(Date.UTC(2023, 5, 30, 12, 0)))).toBe('2023-06-30');
  });

  it('reads an ISO instant with an offset as the day in Paris', () => {
    expect(parseDate('2023-12-31T23:30:00Z')).toBe('2024-01-01');
  });

  it.each(['', '09/0102023', '31/02/2021', '2021-13-01', 'hier', '12/2021'])('refuses %j', (input) => {
    expect(parseDate(input)).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it.each([
    ['3,952959014', 3.952959014],
    ['43.52', 43.52],
    ['-0,5', -0.5],
    [' 1 234,5 ', 1234.5],
    ['1e3', 1000],
  ])('reads %j', (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  it.each(['', 'abc', '41.93414,8', '1.2.3', '12 km'])('refuses %j', (input) => {
    expect(parseNumber(input)).toBeUndefined();
  });

  it('writes small numbers without exponent', () => {
    expect(formatNumber(0.0000001)).toBe('0.0000001');
    expect(formatNumber(45.5)).toBe('45.5');
  });
});

describe('parseBoolean', () => {
  it.each(['Oui', 'OUI', 'True', '1', 'X', 'vrai', 'yes'])('%j is true', (input) => {
    expect(parseBoolean(input)).toBe(true);
  });
  it.each(['Non', 'false', '0', '-', ''])('%j is false', (input) => {
    expect(parseBoolean(input)).toBe(false);
  });
  it('does not guess', () => {
    expect(parseBoolean('Souvent')).toBeUndefined();
  });
});

describe('fold and containsTerm', () => {
  it('ignores case, accents, apostrophes and survey underscores', () => {
    expect(fold('Jeunes_(16-26_ans)')).toBe(fold('jeunes (16-26 ans)'));
    expect(fold('L’Équipe')).toBe("l'equipe");
  });

  it('finds terms at a word start only', () => {
    expect(containsTerm(fold('Ateliers collectifs'), fold('atelier'))).toBe(true);
    expect(containsTerm(fold("l'atelier"), fold('atelier'))).toBe(true);
    expect(containsTerm(fold('recv'), fold('cv'))).toBe(false);
    expect(containsTerm(fold("J'équipe les usagers"), fold("'équipe"))).toBe(true);
  });
});

describe('columnValue', () => {
  it('reads nested values, from objects or from JSON text', () => {
    expect(columnValue({ geo: { lat: -22.2 } }, 'geo.lat')).toBe(-22.2);
    expect(columnValue({ geo: '{"lon":166.4}' }, 'geo.lon')).toBe(166.4);
    expect(columnValue({ 'a.b': 'flat' }, 'a.b')).toBe('flat');
    expect(columnValue({ geo: 'not json' }, 'geo.lat')).toBeUndefined();
    expect(hasColumn({ geo: { lat: 1 } }, 'geo.lat')).toBe(true);
    expect(hasColumn({ geo: { lat: 1 } }, 'geo.lon')).toBe(false);
  });

  it('writes cells as text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('true');
    expect(cellText(['a'])).toBe('["a"]');
  });
});

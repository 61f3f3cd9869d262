import { describe, expect, it } from 'vitest';
import { countryCodeFor, parseTelephones } from '../../../src/pipeline/repair/telephone.js';

const one = (value: string, territory?: string): string[] => parseTelephones(value, territory).numbers;

describe('parseTelephones — French numbers as people write them', () => {
  it.each([
    ['04 50 56 87 49'],
    ['0450568749'],
    ['04.50.56.87.49'],
    ['04-50-56-87-49'],
    ['+33 (0)4 50 56 87 49'],
    ['+33 4 50 56 87 49'],
    ['+33 0450568749'],
    ['0033 4 50 56 87 49'],
    ['(04) 50 56 87 49'],
    ['04 50 56 87 49 '],
  ])('%s → +33450568749', (value) => {
    expect(one(value)).toEqual(['+33450568749']);
  });

  it('keeps an already valid number as is', () => {
    expect(one('+33180059880')).toEqual(['+33180059880']);
  });

  it('restores the leading zero a spreadsheet removed, and says so', () => {
    const p = parseTelephones('450568749');
    expect(p.numbers).toEqual(['+33450568749']);
    expect(p.restoredZero).toBe(true);
  });

  it.each([
    ['05 56 12 34 56 / 06 12 34 56 78'],
    ['05 56 12 34 56 ou 06 12 34 56 78'],
    ['05.56.12.34.56 ET 06.12.34.56.78'],
    ['05 56 12 34 56 - 06 12 34 56 78'],
    ['0556123456 0612345678'],
    ['05 56 12 34 56\n06 12 34 56 78'],
  ])('reads both numbers of %j, in order', (value) => {
    expect(one(value)).toEqual(['+33556123456', '+33612345678']);
  });

  it('restores the « + » of an international number (as exported by some tools)', () => {
    expect(one('33630392518')).toEqual(['+33630392518']);
    expect(one('687445728', '+687')).toEqual(['+687445728']);
    expect(one('262692123456', '+262')).toEqual(['+262692123456']);
  });

  it('does not take a number missing a digit for another one', () => {
    expect(one('054088085')).toEqual([]);
  });

  it('reports words that are not numbers', () => {
    const p = parseTelephones('05 56 12 34 56 (SMS)');
    expect(p.numbers).toEqual(['+33556123456']);
    expect(p.rejected).toEqual(['SMS']);
  });

  it('rejects short service numbers and fragments', () => {
    expect(parseTelephones('3939')).toMatchObject({ numbers: [], rejected: ['3939'] });
    expect(parseTelephones('02 41').numbers).toEqual([]);
    expect(parseTelephones('+687').numbers).toEqual([]);
  });
});

describe('parseTelephones — overseas', () => {
  it.each([
    ['0590 12 34 56', '+590590123456'],
    ['0690 12 34 56', '+590690123456'],
    ['0596 12 34 56', '+596596123456'],
    ['0594 12 34 56', '+594594123456'],
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['0269 61 23 45', '+262269612345'],
    ['0639 12 34 56', '+262639123456'],
  ])('national %s → %s (the prefix tells the département)', (value, expected) => {
    expect(one(value)).toEqual([expected]);
  });

  it.each([
    ['44.57.28', '+687', '+687445728'],
    ['+687 44 57 28', '+33', '+687445728'],
    ['40 12 34 56', '+689', '+68940123456'],
    ['72 12 34', '+681', '+681721234'],
    ['41 23 45', '+508', '+508412345'],
  ])('short local number %s in territory %s → %s', (value, territory, expected) => {
    expect(one(value, territory)).toEqual([expected]);
  });

  it('a 6-digit number means nothing in metropolitan France', () => {
    expect(one('44.57.28', '+33')).toEqual([]);
  });
});

describe('countryCodeFor', () => {
  it.each([
    ['', '75011', '+33'],
    ['', '97100', '+590'],
    ['', '97133', '+590'],
    ['', '97150', '+590'],
    ['', '97200', '+596'],
    ['', '97300', '+594'],
    ['97411', '', '+262'],
    ['', '97600', '+262'],
    ['97501', '', '+508'],
    ['', '98600', '+681'],
    ['', '98714', '+689'],
    ['', '98800', '+687'],
    ['98818', '75011', '+687'],
  ])('code INSEE %j, postcode %j → %s', (insee, cp, expected) => {
    expect(countryCodeFor(insee, cp)).toBe(expected);
  });
});

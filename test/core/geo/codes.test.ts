import { describe, expect, it } from 'vitest';
import { departementOf, normalizeCodeInsee, normalizeCodePostal } from '../../../src/core/geo/codes.js';

describe('departementOf', () => {
  it('handles Corsica, overseas départements and collectivités', () => {
    expect(departementOf('2A004')).toBe('2A');
    expect(departementOf('2b033')).toBe('2B');
    expect(departementOf('97105')).toBe('971');
    expect(departementOf('97611')).toBe('976');
    expect(departementOf('97502')).toBe('975');
    expect(departementOf('97701')).toBe('977');
    expect(departementOf('97801')).toBe('978');
    expect(departementOf('98735')).toBe('987');
    expect(departementOf('98818')).toBe('988');
  });

  it('handles metropolitan codes, arrondissements and lost leading zeros', () => {
    expect(departementOf('75111')).toBe('75');
    expect(departementOf('21231')).toBe('21');
    expect(departementOf('1053')).toBe('01');
    expect(departementOf(69123)).toBe('69');
  });

  it('rejects codes of no département', () => {
    expect(departementOf('20004')).toBeUndefined();
    expect(departementOf('99134')).toBeUndefined();
    expect(departementOf('96001')).toBeUndefined();
    expect(departementOf('ABCDE')).toBeUndefined();
    expect(departementOf('')).toBeUndefined();
    expect(departementOf(undefined)).toBeUndefined();
  });
});

describe('normalisation', () => {
  it('restores leading zeros and rejects malformed values', () => {
    expect(normalizeCodeInsee(' 2a004 ')).toBe('2A004');
    expect(normalizeCodeInsee('123')).toBeUndefined();
    expect(normalizeCodePostal('1000')).toBe('01000');
    expect(normalizeCodePostal('75 011')).toBe('75011');
    expect(normalizeCodePostal('7501')).toBe('07501');
    expect(normalizeCodePostal('CEDEX')).toBeUndefined();
  });
});

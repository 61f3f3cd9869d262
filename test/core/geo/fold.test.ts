import { describe, expect, it } from 'vitest';
import { editDistance, foldName, nameTokens } from '../../../src/core/geo/fold.js';

describe('foldName', () => {
  it('folds accents, case, hyphens and « St » alike', () => {
    expect(foldName('Saint-Étienne')).toBe(foldName('st etienne'));
    expect(foldName('ST-ETIENNE')).toBe(foldName('Saint Étienne'));
    expect(foldName('Sainte-Anne')).toBe(foldName('Ste Anne'));
    expect(foldName('Saint-Étienne')).toBe('saint etienne');
  });

  it('folds apostrophes, ligatures, « s/ » and ordinals', () => {
    expect(foldName("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(foldName('Œuilly')).toBe('oeuilly');
    expect(foldName('Bar s/ Seine')).toBe(foldName('Bar-sur-Seine'));
    expect(foldName('Paris 11ème')).toBe(foldName('Paris 11e'));
    expect(foldName('Lyon 1er')).toBe(foldName('Lyon 1ere'));
  });

  it('keeps abbreviations as typed on request, for search prefixes', () => {
    expect(foldName('St', { expand: false })).toBe('st');
    expect(foldName('St')).toBe('saint');
  });

  it('leaves words that are also object keys alone', () => {
    expect(foldName('Constructor toString')).toBe('constructor tostring');
  });

  it('returns nothing for punctuation only', () => {
    expect(foldName(' -- ')).toBe('');
    expect(nameTokens(' -- ')).toEqual([]);
    expect(nameTokens('Aix-en-Provence')).toEqual(['aix', 'en', 'provence']);
  });
});

describe('editDistance', () => {
  it('counts edits and transpositions, capped past the maximum', () => {
    expect(editDistance('marseile', 'marseille', 2)).toBe(1);
    expect(editDistance('bordaeux', 'bordeaux', 2)).toBe(1);
    expect(editDistance('lyon', 'lyon', 1)).toBe(0);
    expect(editDistance('lille', 'nantes', 2)).toBe(3);
  });
});

/** The catalogues: English complete, same placeholders, plurals, numbers, language choice. */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.js';
import { fr } from '../../src/web/i18n/fr.js';
import { detectLang, formatNumber, t, tn } from '../../src/web/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('English has every French key, with the same placeholders, and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(en[key].trim().length, key).toBeGreaterThan(0);
    }
  });

  it('counted messages exist in both forms', () => {
    const bases = new Set(
      Object.keys(fr)
        .filter((k) => k.endsWith('.one'))
        .map((k) => k.slice(0, -4)),
    );
    for (const base of bases) expect(Object.keys(fr), base).toContain(`${base}.other`);
  });
});

describe('t and tn', () => {
  it('fills values and formats numbers per language', () => {
    expect(t('results.count.other', { n: 12345 }, 'fr')).toBe('12\u202f345 lieux');
    expect(t('results.count.other', { n: 12345 }, 'en')).toBe('12,345 places');
    expect(t('search.around', { place: 'Lyon (69)' }, 'fr')).toBe('Autour de Lyon (69)');
    expect(formatNumber(-1000, 'en')).toBe('-1,000');
  });

  it('French singular covers 0 and 1, English only 1; .zero wins when present', () => {
    expect(tn('territory.count', 0, {}, 'fr')).toBe('0 lieu');
    expect(tn('territory.count', 1, {}, 'fr')).toBe('1 lieu');
    expect(tn('territory.count', 2, {}, 'fr')).toBe('2 lieux');
    expect(tn('territory.count', 0, {}, 'en')).toBe('0 places');
    expect(tn('territory.count', 1, {}, 'en')).toBe('1 place');
    expect(tn('results.count', 0, {}, 'fr')).toBe('Aucun lieu ne correspond');
    expect(() => tn('nope', 1, {}, 'fr')).toThrow(/nope/);
  });

  it('chooses the language from ?lang, then the remembered choice, else French', () => {
    expect(detectLang('?lang=en', null)).toBe('en');
    expect(detectLang('?lang=fr', 'en')).toBe('fr');
    expect(detectLang('', 'en')).toBe('en');
    expect(detectLang('?lang=de', 'xx')).toBe('fr');
  });
});

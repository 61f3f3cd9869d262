import { describe, expect, it } from 'vitest';
import {
  FRENCH_TERRITORIES,
  checkIsoDate,
  codePointLength,
  foldLabel,
  isEmail,
  isHttpUrl,
  isZeroPlaceholder,
  luhnValid,
  parseDecimal,
  siretChecksumValid,
  suggestDecimal,
  suggestIsoDate,
  suggestTelephone,
  suggestUrl,
  territoryAt,
} from '../../../src/core/standard/checks.js';

describe('identifiers', () => {
  it('Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('732829320')).toBe(true); // a SIREN
  });

  it('SIRET key, with La Poste’s exception', () => {
    expect(siretChecksumValid('43493312300029')).toBe(true);
    expect(siretChecksumValid('43493312300028')).toBe(false);
    expect(siretChecksumValid('35600000010000')).toBe(true);
    expect(siretChecksumValid('35600000010001')).toBe(false);
    expect(siretChecksumValid('45600000010000')).toBe(false); // the exception is La Poste’s only
    expect(siretChecksumValid('4349331230002')).toBe(false);
    expect(siretChecksumValid('4349331230002A')).toBe(false);
  });

  it('zero placeholders', () => {
    expect(isZeroPlaceholder('00000000000000')).toBe(true);
    expect(isZeroPlaceholder('000000000')).toBe(true);
    expect(isZeroPlaceholder('00000000000001')).toBe(false);
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-29', 'ok'],
    ['2023-02-29', 'impossible'],
    ['2100-02-29', 'impossible'],
    ['2000-02-29', 'ok'],
    ['2024-04-31', 'impossible'],
    ['2024-00-10', 'impossible'],
    ['2024-12-31', 'ok'],
    ['2024-4-2', 'format'],
    ['02/04/2024', 'format'],
    ['2024-04-02 ', 'format'],
  ])('%s → %s', (value, verdict) => {
    expect(checkIsoDate(value)).toBe(verdict);
  });

  it('suggests ISO dates for French and sloppy forms only when they are real days', () => {
    expect(suggestIsoDate('2/4/2024')).toBe('2024-04-02');
    expect(suggestIsoDate('31.12.2023')).toBe('2023-12-31');
    expect(suggestIsoDate('2024-4-2')).toBe('2024-04-02');
    expect(suggestIsoDate(' 2024-04-02 ')).toBe('2024-04-02');
    expect(suggestIsoDate('2024-04-02T08:00:00+02:00')).toBe('2024-04-02');
    expect(suggestIsoDate('31/02/2024')).toBeUndefined();
    expect(suggestIsoDate('hier')).toBeUndefined();
  });
});

describe('numbers', () => {
  it('parses the schema’s decimal form only', () => {
    expect(parseDecimal('43.5')).toBe(43.5);
    expect(parseDecimal('-0.5')).toBe(-0.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1e2')).toBe(100);
    expect(parseDecimal(' 7 ')).toBe(7);
    for (const bad of ['43,5', '0x10', 'Infinity', 'NaN', '', '1_000', '4 3'])
      expect(parseDecimal(bad)).toBeNaN();
  });

  it('suggests a point for a decimal comma', () => {
    expect(suggestDecimal('43,52')).toBe('43.52');
    expect(suggestDecimal('abc')).toBeUndefined();
  });
});

describe('e-mails and URLs', () => {
  it.each(['contact@exemple.fr', 'a.b+c@sous.domaine.gouv.fr', "o'brien@exemple.ie"])('accepts %s', (v) => {
    expect(isEmail(v)).toBe(true);
  });

  it.each([
    'contact@@exemple.fr',
    'contact@exemple',
    'contact.exemple.fr',
    'a..b@exemple.fr',
    'a b@exemple.fr',
    '',
  ])('rejects %s', (v) => {
    expect(isEmail(v)).toBe(false);
  });

  it('accepts absolute http(s) URLs only', () => {
    expect(isHttpUrl('https://www.exemple.fr')).toBe(true);
    expect(isHttpUrl('http://exemple.fr:8080/a/b?c=d#e')).toBe(true);
    expect(isHttpUrl('https://mairie-éclaron.fr/')).toBe(true);
    for (const bad of [
      'www.exemple.fr',
      'ftp://exemple.fr',
      'https://exemple',
      'https://exe mple.fr',
      'https//x.fr',
    ]) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });

  it('suggests a fixed URL', () => {
    expect(suggestUrl('www.exemple.fr')).toBe('https://www.exemple.fr');
    expect(suggestUrl('http:/exemple.fr')).toBe('http://exemple.fr');
    expect(suggestUrl('n’importe quoi')).toBeUndefined();
  });
});

describe('telephone suggestions', () => {
  it.each([
    ['01 80 05 98 80', '+33180059880'],
    ['01.80.05.98.80', '+33180059880'],
    ['0033 1 80 05 98 80', '+33180059880'],
    ['+33 (0)1 80 05 98 80', '+33180059880'],
    ['06-12-34-56-78', '+33612345678'],
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['0596 12 34 56', '+596596123456'],
    ['0594 12 34 56', '+594594123456'],
    ['+687 44 57 28', '+687445728'],
  ])('%s → %s', (input, expected) => {
    expect(suggestTelephone(input)).toBe(expected);
  });

  it('gives up on what it cannot read', () => {
    expect(suggestTelephone('01 80 05')).toBeUndefined();
    expect(suggestTelephone('standard')).toBeUndefined();
  });
});

describe('territories', () => {
  it('has metropolitan France and eleven overseas territories', () => {
    expect(FRENCH_TERRITORIES).toHaveLength(12);
    for (const t of FRENCH_TERRITORIES) {
      expect(t.south).toBeLessThan(t.north);
      expect(t.west).toBeLessThan(t.east);
    }
  });

  it('locates points', () => {
    expect(territoryAt(48.85, 2.35)?.name).toBe('France métropolitaine');
    expect(territoryAt(-21.1, 55.5)?.name).toBe('La Réunion');
    expect(territoryAt(2.35, 48.85)).toBeUndefined();
    expect(territoryAt(51.5, -0.12)).toBeUndefined(); // London
  });
});

describe('labels and lengths', () => {
  it('folds case, accents, spaces and hyphens', () => {
    expect(foldLabel('Gratuit sous-condition')).toBe(foldLabel('gratuit sous condition'));
    expect(foldLabel('À distance')).toBe('adistance');
    expect(foldLabel('Point d’accès numérique CAF')).toBe(foldLabel("Point d'acces numerique CAF"));
  });

  it('counts code points', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀é')).toBe(2);
    expect(codePointLength('\ud800')).toBe(1); // lone surrogate
  });
});

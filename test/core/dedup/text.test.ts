import { describe, expect, it } from 'vitest';
import {
  foldText,
  isGenericHost,
  jaroWinkler,
  nameTokens,
  normalizePhone,
  normalizePivot,
  normalizeUrl,
  parseAddress,
  stem,
  tokenSimilarity,
} from '../../../src/core/dedup/text.js';

describe('foldText', () => {
  it('removes accents, case and punctuation, and joins dotted acronyms', () => {
    expect(foldText('Médiathèque  ÉMILE-Zola !')).toBe('mediatheque emile zola');
    expect(foldText('C.C.A.S. de Talence')).toBe('ccas de talence');
    expect(foldText('Œuvre d’art')).toBe('oeuvre d art');
  });
});

describe('nameTokens', () => {
  const same = (a: string, b: string) => expect(nameTokens(a)).toEqual(nameTokens(b));

  it('drops stop words and elisions', () => {
    expect(nameTokens("L'espace de la Mairie d'Arles")).toEqual(nameTokens('Espace Mairie Arles'));
  });

  it('knows France Services by all its names', () => {
    same('France Services de Valserhône', 'MSAP Valserhône');
    same('France services Valserhône', 'FS Valserhone');
    same('Maison de services au public de Valserhône', 'Maison France Services - Valserhône');
  });

  it('expands common abbreviations and synonyms', () => {
    same("Centre communal d'action sociale de Talence", 'C.C.A.S. Talence');
    same('Hôtel de Ville de Pau', 'Mairie de Pau');
    same('St-Jean', 'Saint Jean');
    same('Ste Anne', 'Sainte-Anne');
    same('Espace public numérique Prévert', 'EPN Prévert');
    same('Asso Déclic', 'Association Déclic');
    same('Maison des jeunes et de la culture Nord', 'MJC Nord');
    same('Médiathèque Prévert', 'Bibliothèque Prévert');
    same('Point information jeunesse de Dax', 'PIJ Dax');
    same('Centres sociaux', 'Centre social');
  });

  it('keeps initials apart from elided articles', () => {
    expect(nameTokens('Médiathèque J. Prévert')).toContain('j');
    expect(nameTokens('Centre social L. Michel')).toContain('l');
    expect(nameTokens("L'atelier")).not.toContain('l');
  });

  it('makes singular and plural, masculine and feminine meet', () => {
    expect(stem('municipale')).toBe(stem('municipal'));
    expect(stem('médiathèques'.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))).toBe(stem('mediatheque'));
    expect(stem('sociaux')).toBe(stem('social'));
    expect(stem('bureaux')).toBe(stem('bureau'));
  });
});

describe('parseAddress', () => {
  it('reads "12 bis rue X", "12B R. X" and "12 BIS, RUE X" the same way', () => {
    const expected = parseAddress('12 bis rue de la République');
    expect(expected).toMatchObject({ number: 12, index: 'bis', streetType: 'rue' });
    expect(parseAddress('12B R. République')).toEqual(expected);
    expect(parseAddress('12 BIS, RUE DE LA REPUBLIQUE')).toEqual(expected);
    expect(parseAddress('12b r de la republique')).toEqual(expected);
  });

  it('expands street type abbreviations', () => {
    const cases: Array<[string, string]> = [
      ['3 av. Foch', 'avenue'],
      ['3 bd Foch', 'boulevard'],
      ['3 pl. Foch', 'place'],
      ['3 chem. Foch', 'chemin'],
      ['3 imp Foch', 'impasse'],
      ['3 all. Foch', 'allee'],
      ['3 rte Foch', 'route'],
    ];
    for (const [text, type] of cases) expect(parseAddress(text).streetType, text).toBe(type);
  });

  it('expands titles in street names', () => {
    expect(parseAddress('3 av. du Gal de Gaulle').street).toEqual(
      parseAddress('3 avenue du Général de Gaulle').street,
    );
  });

  it('reads ranges, and addresses without number', () => {
    expect(parseAddress('5-9 Rue des Papetiers')).toMatchObject({
      number: 5,
      numberTo: 9,
      streetType: 'rue',
    });
    const place = parseAddress('Place de la Mairie');
    expect(place.number).toBeUndefined();
    expect(place.streetType).toBe('place');
  });

  it('finds the number after a building name and ignores postal boxes', () => {
    expect(parseAddress('Résidence Les Pins, 3 rue Victor Hugo')).toMatchObject({
      number: 3,
      streetType: 'rue',
    });
    expect(parseAddress('BP 12 - 3 rue Victor Hugo')).toMatchObject({ number: 3, streetType: 'rue' });
  });
});

describe('identifiers', () => {
  it('normalises French phone numbers to E.164', () => {
    expect(normalizePhone('05 56 12 34 56')).toBe('+33556123456');
    expect(normalizePhone('05.56.12.34.56')).toBe('+33556123456');
    expect(normalizePhone('0033 5 56 12 34 56')).toBe('+33556123456');
    expect(normalizePhone('+33 (0)5 56 12 34 56')).toBe('+33556123456');
    expect(normalizePhone('+33556123456')).toBe('+33556123456');
    expect(normalizePhone('12')).toBeUndefined();
  });

  it('treats placeholder pivots as absent', () => {
    expect(normalizePivot('00000000000000')).toBeUndefined();
    expect(normalizePivot('11111111111111')).toBeUndefined();
    expect(normalizePivot('434 933 123 00029')).toBe('43493312300029');
    expect(normalizePivot('W123456789')).toBe('W123456789');
    expect(normalizePivot('12')).toBeUndefined();
  });

  it('reduces URLs to host and path', () => {
    expect(normalizeUrl('https://www.ville-pau.fr/mediatheque/')).toEqual({
      host: 'ville-pau.fr',
      full: 'ville-pau.fr/mediatheque',
    });
    expect(normalizeUrl('http://ville-pau.fr')).toEqual({ host: 'ville-pau.fr', full: 'ville-pau.fr' });
    expect(normalizeUrl('pas une url')).toBeUndefined();
  });

  it('knows generic hosts, including their subdomains', () => {
    expect(isGenericHost('facebook.com')).toBe(true);
    expect(isGenericHost('monasso.wixsite.com')).toBe(true);
    expect(isGenericHost('gmail.com')).toBe(true);
    expect(isGenericHost('ville-pau.fr')).toBe(false);
  });
});

describe('token similarity', () => {
  it('matches typos, initials and prefixes but not different numbers', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(tokenSimilarity('prevert', 'prevret')).toBeGreaterThan(0.9);
    expect(tokenSimilarity('j', 'jacqu')).toBe(0.8);
    expect(tokenSimilarity('republ', 'republiqu')).toBe(0.85);
    expect(tokenSimilarity('12', '13')).toBe(0);
    expect(tokenSimilarity('nord', 'sud')).toBe(0);
  });
});

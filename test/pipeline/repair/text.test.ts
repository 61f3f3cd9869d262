import { describe, expect, it } from 'vitest';
import { parseDateMaj } from '../../../src/pipeline/repair/dates.js';
import { cleanEmails, cleanUrl } from '../../../src/pipeline/repair/contacts.js';
import { cleanInline, frenchTitleCase, isAllCaps } from '../../../src/pipeline/repair/text.js';
import { inferTypologies } from '../../../src/pipeline/repair/typologie.js';

describe('frenchTitleCase', () => {
  it.each([
    ["MEDIATHEQUE DE LA VILLE D'ANGERS", "Mediatheque de la Ville d'Angers"],
    ['SAINT-GERMAIN-EN-LAYE', 'Saint-Germain-en-Laye'],
    ['BOULOGNE-SUR-MER', 'Boulogne-sur-Mer'],
    ["L'ESPACE DES ASSOCIATIONS", "L'Espace des Associations"],
    ['CCAS DE LYON', 'CCAS de Lyon'],
    ['MJC CENTRE SOCIAL VICTOR HUGO', 'MJC Centre Social Victor Hugo'],
    ['C.C.A.S. DE TOURS', 'C.C.A.S. de Tours'],
    ['LYCEE HENRI IV', 'Lycee Henri IV'],
    ['12 BIS RUE DU 11EME REGIMENT', '12 bis Rue du 11eme Regiment'],
    ['ESPACE NUMERIQUE - LA MAISON', 'Espace Numerique - La Maison'],
    ['ST ETIENNE', 'St Etienne'],
    ['ÉCOLE ÉLÉMENTAIRE', 'École Élémentaire'],
  ])('%s → %s', (input, expected) => {
    expect(frenchTitleCase(input)).toBe(expected);
  });
});

describe('isAllCaps', () => {
  it.each([
    ['MEDIATHEQUE MUNICIPALE', true],
    ['49 RUE TOUSSAINT', true],
    ['CCAS', false],
    ['ARQA', false],
    ['CCAS MJC', false],
    ['Médiathèque', false],
    ['MJC de Lyon', false],
    ['12', false],
  ])('%j → %s', (value, expected) => {
    expect(isAllCaps(value)).toBe(expected);
  });
});

describe('cleanInline', () => {
  it('normalises every kind of space', () => {
    expect(cleanInline('\ufeff a\u00a0\u00a0b\u2009c\r\nd\u200b ')).toBe('a b c d');
  });
});

describe('parseDateMaj', () => {
  it.each([
    ['2024-4-2', '2024-04-02'],
    ['20240402', '2024-04-02'],
    ['1er avril 2024', '2024-04-01'],
    ['mardi 2 avril 2024', '2024-04-02'],
    ['02-04-2024', '2024-04-02'],
    ['2 déc. 2023', '2023-12-02'],
  ])('%s → %s', (value, expected) => {
    expect(parseDateMaj(value)).toBe(expected);
  });

  it.each([['avril 2024'], ['2024-13-01'], ['29/02/2023'], ['hier'], ['45234']])(
    '%s → undefined',
    (value) => {
      expect(parseDateMaj(value)).toBeUndefined();
    },
  );
});

describe('contacts', () => {
  it('joins an address split around @', () => {
    expect(cleanEmails('contact @ mairie.fr').kept).toEqual(['contact@mairie.fr']);
  });

  it.each([
    ['www.mairie.fr', 'https://www.mairie.fr'],
    ['https//www.mairie.fr', 'https://www.mairie.fr'],
    ['HTTPS://www.mairie.fr/Page', 'https://www.mairie.fr/Page'],
    ['(www.mairie.fr)', 'https://www.mairie.fr'],
    ['mairie.fr:8080/x', 'https://mairie.fr:8080/x'],
  ])('cleanUrl(%s) → %s', (value, expected) => {
    expect(cleanUrl(value)).toBe(expected);
  });

  it.each([['mailto:a@b.fr'], ['ftp://b.fr'], ['Facebook'], ['javascript:alert(1)']])(
    'cleanUrl(%s) → undefined',
    (value) => {
      expect(cleanUrl(value)).toBeUndefined();
    },
  );
});

describe('inferTypologies', () => {
  it.each([
    ['Médiathèque Jacques Prévert', ['BIB']],
    ['Bibliothèque municipale', ['BIB']],
    ['CCAS de Tours', ['CCAS']],
    ['Centre communal d’action sociale', ['CCAS']],
    ['Espace France Services de Ruffec', ['RFS']],
    ['MSAP du Haut-Chablais', ['RFS']],
    ['Mairie de Veyrier', ['MUNI']],
    ['Mission Locale Angers', ['ML']],
    ['Centre social Les Trois Cités', ['CS']],
    ['Centre socio-culturel Saint-Exupéry', ['CSC']],
    ['EPN de la Vallée', ['EPN']],
    ['Espace public numérique', ['EPN']],
    ['Cyber-base de Mourenx', ['EPN']],
    ['Tiers-Lieu La Quincaillerie', ['TIERS_LIEUX']],
    ['Coworking du Port', ['TIERS_LIEUX']],
    ['Fab Lab de Bayonne', ['FABLAB']],
    ['Association Les Petits Débrouillards', ['ASSO']],
    ['MJC Victor Hugo', ['MJC']],
    ['PIMMS de Lyon', ['PIMMS']],
    ['Emmaüs Connect Marseille', ['ASSO']],
    ['Communauté Emmaüs de Pau', ['OACAS']],
    ['Mairie - Agence postale communale', ['MUNI', 'LA_POSTE']],
    ['Maison des associations', []],
    ['Le Quai', []],
  ])('%s → %j', (nom, codes) => {
    expect(inferTypologies(nom)).toEqual(codes);
  });
});

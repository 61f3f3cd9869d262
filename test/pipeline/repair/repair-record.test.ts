import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import { PIVOT_PLACEHOLDER } from '../../../src/pipeline/repair/index.js';
import { byRule, lieu, realGazetteer, repair } from './helpers.js';

let g: Gazetteer;
beforeAll(async () => {
  g = await realGazetteer();
}, 300_000);

describe('repairRecord — general contract', () => {
  it('leaves a clean record alone', () => {
    const r = repair(lieu(), g);
    expect(r.repairs).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.record).toEqual(lieu());
  });

  it('does not modify its input and keeps unknown columns', () => {
    const input = lieu({ telephone: '02 41 24 25 50', colonne_maison: '  garder  tel quel ' });
    const copy = { ...input };
    const r = repair(input, g);
    expect(input).toEqual(copy);
    expect(r.record.colonne_maison).toBe('  garder  tel quel ');
    expect(r.record.telephone).toBe('+33241242550');
  });

  it('logs every change with field, before, after, rule and a French message', () => {
    const r = repair(
      lieu({ telephone: '02 41 24 25 50', date_maj: '02/04/2024', nom: ' Médiathèque  Toussaint' }),
      g,
    );
    expect(r.repairs.length).toBe(3);
    for (const change of r.repairs) {
      expect(change.before).not.toBe(change.after);
      expect(r.record[change.field]).toBe(change.after);
      expect(change.rule).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(change.message.length).toBeGreaterThan(10);
    }
  });

  it('is idempotent: repairing a repaired record changes nothing', () => {
    const messy = lieu({
      nom: 'MEDIATHEQUE  DE LA VILLE',
      telephone: '02.41.24.25.50 / 06 12 34 56 78',
      courriels: 'MAILTO:Contact@Angers.fr ; autre@angers.fr',
      site_web: 'www.angers.fr, https://bm.angers.fr',
      code_insee: '',
      commune: 'ANGERS',
      date_maj: '2024-04-02 10:00:00',
      latitude: '47,4706',
      longitude: '-0,5561',
      services: 'aide aux démarches administratives;Accès internet et matériel informatique',
      frais_a_charge: 'gratuit| Gratuit',
      typologie: '',
      pivot: '',
    });
    const first = repair(messy, g);
    expect(first.repairs.length).toBeGreaterThan(8);
    const second = repair(first.record, g);
    expect(second.repairs).toEqual([]);
  });

  it('accepts non-string cells (JSON numbers, null) without throwing', () => {
    const r = repair(
      { ...lieu(), latitude: 47.4706, longitude: -0.5561, complement_adresse: null } as never,
      g,
    );
    expect(r.record.latitude).toBe('47.4706');
    expect(r.record.complement_adresse).toBe('');
  });
});

describe('whitespace and case', () => {
  it('trims, collapses spaces, replaces non-breaking and removes zero-width spaces', () => {
    const r = repair(
      lieu({ nom: '\u00a0Médiathèque\u202f  Toussaint\u200b ', adresse: '49 rue\tToussaint\n' }),
      g,
    );
    expect(r.record.nom).toBe('Médiathèque Toussaint');
    expect(r.record.adresse).toBe('49 rue Toussaint');
    expect(byRule(r, 'text.whitespace').map((x) => x.field)).toEqual(['nom', 'adresse']);
  });

  it('keeps paragraphs in presentations', () => {
    const r = repair(
      lieu({ presentation_detail: 'Premier  paragraphe. \r\n\r\n\r\n\r\nSecond\u00a0paragraphe.' }),
      g,
    );
    expect(r.record.presentation_detail).toBe('Premier paragraphe.\n\nSecond paragraphe.');
  });

  it('empties a value made only of spaces', () => {
    const r = repair(lieu({ complement_adresse: ' \u00a0 ' }), g);
    expect(r.record.complement_adresse).toBe('');
    expect(byRule(r, 'text.whitespace')[0]?.message).toMatch(/vidée/);
  });

  it('title-cases names typed in capitals, the French way', () => {
    const r = repair(
      lieu({
        nom: "CCAS DE LA VILLE D'ANGERS - ESPACE NUMERIQUE",
        adresse: '12 BD DU ROI RENE',
        typologie: 'CCAS',
      }),
      g,
    );
    expect(r.record.nom).toBe("CCAS de la Ville d'Angers - Espace Numerique");
    expect(r.record.adresse).toBe('12 Bd du Roi Rene');
    expect(byRule(r, 'text.case').map((x) => x.field)).toEqual(['nom', 'adresse']);
  });

  it('leaves mixed case and lone acronyms alone', () => {
    expect(repair(lieu({ nom: 'MJC', typologie: 'MJC' }), g).repairs).toEqual([]);
    expect(repair(lieu({ nom: 'Espace EPN de la MJC' }), g).repairs).toEqual([]);
  });
});

describe('pivot', () => {
  it('fills a missing pivot with the standard placeholder, logged (default)', () => {
    const r = repair(lieu({ pivot: '' }), g);
    expect(r.record.pivot).toBe(PIVOT_PLACEHOLDER);
    expect(byRule(r, 'pivot.placeholder')).toHaveLength(1);
  });

  it('leaves it empty when asked not to fill it', () => {
    const r = repair(lieu({ pivot: '' }), g, { fillMissingPivot: false });
    expect(r.record.pivot).toBe('');
    expect(r.repairs).toEqual([]);
  });

  it('removes spaces and dots from a SIRET', () => {
    const r = repair(lieu({ pivot: '214 900 078 00012' }), g);
    expect(r.record.pivot).toBe('21490007800012');
    expect(byRule(r, 'pivot.format')).toHaveLength(1);
  });
});

describe('telephone', () => {
  it('rewrites a national number to E.164', () => {
    const r = repair(lieu({ telephone: '02 41 24 25 50' }), g);
    expect(r.record.telephone).toBe('+33241242550');
    expect(byRule(r, 'telephone.e164')[0]).toMatchObject({ before: '02 41 24 25 50', after: '+33241242550' });
  });

  it('keeps the first of several numbers and logs the others', () => {
    const r = repair(lieu({ telephone: '02 41 24 25 50 ou 06 12 34 56 78' }), g);
    expect(r.record.telephone).toBe('+33241242550');
    expect(byRule(r, 'telephone.multiple')[0]?.message).toContain('+33612345678');
  });

  it('keeps the first valid number when the first piece is not one', () => {
    const r = repair(lieu({ telephone: '3939 / 02 41 24 25 50' }), g);
    expect(r.record.telephone).toBe('+33241242550');
    expect(byRule(r, 'telephone.multiple')[0]?.message).toContain('3939');
  });

  it('removes a value that holds no usable number, with the value in the log', () => {
    const r = repair(lieu({ telephone: 'voir site' }), g);
    expect(r.record.telephone).toBe('');
    expect(byRule(r, 'telephone.invalid')[0]?.before).toBe('voir site');
  });

  it('uses the territory of the postcode for short overseas numbers', () => {
    const r = repair(
      lieu({
        commune: 'Nouméa',
        code_postal: '98800',
        code_insee: '98818',
        telephone: '44.57.28',
        latitude: '-22.2339',
        longitude: '166.4681',
      }),
      g,
    );
    expect(r.record.telephone).toBe('+687445728');
  });

  it('restores a lost leading zero', () => {
    const r = repair(lieu({ telephone: '241242550' }), g);
    expect(r.record.telephone).toBe('+33241242550');
    expect(byRule(r, 'telephone.leading_zero')).toHaveLength(1);
  });
});

describe('courriels and links', () => {
  it('cleans e-mails: mailto, case, separators, duplicates; drops invalid ones with a log', () => {
    const r = repair(
      lieu({ courriels: 'mailto:Contact@Angers.fr; accueil@angers.fr, pas-une-adresse contact@angers.fr' }),
      g,
    );
    expect(r.record.courriels).toBe('contact@angers.fr|accueil@angers.fr');
    const log = byRule(r, 'courriels.invalid')[0];
    expect(log?.message).toContain('pas-une-adresse');
  });

  it('only changes separators when the addresses are fine', () => {
    const r = repair(lieu({ courriels: 'a@angers.fr ; b@angers.fr' }), g);
    expect(r.record.courriels).toBe('a@angers.fr|b@angers.fr');
    expect(byRule(r, 'courriels.list')).toHaveLength(1);
  });

  it('adds https:// to links without a scheme and splits lists', () => {
    const r = repair(
      lieu({ site_web: 'www.angers.fr ; http://bm.angers.fr/, https://www.facebook.com/bm.angers' }),
      g,
    );
    expect(r.record.site_web).toBe(
      'https://www.angers.fr|http://bm.angers.fr/|https://www.facebook.com/bm.angers',
    );
    expect(byRule(r, 'site_web.format')).toHaveLength(1);
  });

  it('fixes a broken scheme and drops what is not a link', () => {
    const r = repair(lieu({ site_web: 'http:/www.angers.fr | Page Facebook' }), g);
    expect(r.record.site_web).toBe('http://www.angers.fr');
    expect(byRule(r, 'site_web.invalid')[0]?.message).toContain('Facebook');
  });

  it('keeps one link in single-link fields', () => {
    const r = repair(
      lieu({
        prise_rdv: 'rdv.angers.fr',
        fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/a https://b.fr',
      }),
      g,
    );
    expect(r.record.prise_rdv).toBe('https://rdv.angers.fr');
    expect(r.record.fiche_acces_libre).toBe('https://acceslibre.beta.gouv.fr/a');
    expect(byRule(r, 'fiche_acces_libre.multiple')).toHaveLength(1);
  });
});

describe('enumerated lists and typologie', () => {
  it('fixes case and accents, removes duplicates, spaces and empty items', () => {
    const r = repair(
      lieu({ frais_a_charge: 'gratuit| Gratuit||payant', modalites_acces: 'se presenter|Téléphoner' }),
      g,
    );
    expect(r.record.frais_a_charge).toBe('Gratuit|Payant');
    expect(r.record.modalites_acces).toBe('Se présenter|Téléphoner');
    expect(byRule(r, 'frais_a_charge.list')[0]?.message).toMatch(/doublon/);
  });

  it('replaces ; and , separators when every part is a known value', () => {
    const r = repair(
      lieu({ services: 'Aide aux démarches administratives;Accès internet et matériel informatique' }),
      g,
    );
    expect(r.record.services).toBe(
      'Aide aux démarches administratives|Accès internet et matériel informatique',
    );
  });

  it('leaves unknown values for validation to report', () => {
    const r = repair(lieu({ services: 'Cours de cuisine' }), g);
    expect(r.record.services).toBe('Cours de cuisine');
    expect(r.repairs).toEqual([]);
  });

  it('cleans typologie codes and labels', () => {
    const r = repair(lieu({ typologie: 'bib|Centres communaux d’action sociale (CCAS)|BIB' }), g);
    expect(r.record.typologie).toBe('BIB|CCAS');
  });

  it('infers the typologie from the name when absent', () => {
    const r = repair(lieu({ typologie: '', nom: 'Mairie de Trélazé – France Services' }), g);
    expect(r.record.typologie).toBe('MUNI|RFS');
    expect(byRule(r, 'typologie.inferred')[0]?.message).toMatch(/déduite du nom/);
  });

  it('does not infer a typologie from a name that says nothing', () => {
    const r = repair(lieu({ typologie: '', nom: 'Le Quai des Savoirs' }), g);
    expect(r.record.typologie).toBe('');
  });
});

describe('date_maj', () => {
  it.each([
    ['02/04/2024', '2024-04-02'],
    ['2024-04-02 19:00:45', '2024-04-02'],
    ['2024/04/02 14:16:50.898', '2024-04-02'],
    ['02/04/2024 17:51', '2024-04-02'],
    ['2024-04-02T10:00:00Z', '2024-04-02'],
    ['2 avril 2024', '2024-04-02'],
    ['2.4.24', '2024-04-02'],
  ])('%s → %s', (before, after) => {
    const r = repair(lieu({ date_maj: before }), g);
    expect(r.record.date_maj).toBe(after);
    expect(byRule(r, 'date_maj.format')).toHaveLength(1);
  });

  it('does not complete a date without a day, nor an impossible one', () => {
    expect(repair(lieu({ date_maj: 'avril 2024' }), g).record.date_maj).toBe('avril 2024');
    expect(repair(lieu({ date_maj: '31/02/2024' }), g).record.date_maj).toBe('31/02/2024');
  });

  it('does not invent a missing date', () => {
    expect(repair(lieu({ date_maj: '' }), g).record.date_maj).toBe('');
  });
});

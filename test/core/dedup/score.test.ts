import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePair, compatibleTypologies, type EvidenceKind } from '../../../src/core/dedup/index.js';
import { lieu, near } from './helpers.js';

const weightOf = (evidence: Array<{ kind: EvidenceKind; weight: number }>, kind: EvidenceKind) =>
  evidence.filter((e) => e.kind === kind).reduce((s, e) => s + e.weight, 0);

const mediatheque = { nom: 'Médiathèque Jacques Prévert', adresse: '12 rue Victor Hugo' };

describe('evidence: distance', () => {
  it('rewards close coordinates and says how far', () => {
    const r = comparePair(lieu('a:1', mediatheque, near(0)), lieu('b:1', mediatheque, near(42)));
    const d = r.evidence.find((e) => e.kind === 'distance');
    expect(d?.value).toBe('42 m');
    expect(d!.weight).toBeGreaterThan(0);
  });

  it('penalises 300 m – 1 km and vetoes beyond', () => {
    const far = comparePair(lieu('a:1', mediatheque, near(0)), lieu('b:1', mediatheque, near(600)));
    expect(weightOf(far.evidence, 'distance')).toBeLessThan(0);
    const tooFar = comparePair(lieu('a:1', mediatheque, near(0)), lieu('b:1', mediatheque, near(2000)));
    expect(tooFar.veto).toMatch(/distance/);
  });
});

describe('evidence: name', () => {
  it('a shared proper name is strong, a category word alone is weak', () => {
    const proper = comparePair(
      lieu('a:1', { nom: 'Médiathèque Jacques Prévert', adresse: '1 rue A' }),
      lieu('b:1', { nom: 'Bibliothèque municipale J. Prévert', adresse: '1 rue A' }),
    );
    const category = comparePair(
      lieu('a:1', { nom: 'Médiathèque', adresse: '1 rue A' }),
      lieu('b:1', { nom: 'Médiathèque', adresse: '1 rue A' }),
    );
    expect(weightOf(proper.evidence, 'name')).toBeGreaterThan(2);
    expect(weightOf(category.evidence, 'name')).toBeGreaterThan(0);
    expect(weightOf(category.evidence, 'name')).toBeLessThan(1.5);
    expect(proper.evidence.find((e) => e.kind === 'name')?.value).toMatch(/^nom 0\.\d\d$/);
  });

  it('different names count against', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'Médiathèque Nord', adresse: '1 rue A' }),
      lieu('b:1', { nom: 'Médiathèque Sud', adresse: '1 rue A' }),
    );
    expect(weightOf(r.evidence, 'name')).toBeLessThan(0);
  });

  it('incompatible kinds of place in the names veto (same building, different services)', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'Médiathèque de Talence', adresse: '1 place Alcala de Henares' }, near(0)),
      lieu('b:1', { nom: 'CCAS de Talence', adresse: '1 place Alcala de Henares' }, near(3)),
    );
    expect(r.veto).toMatch(/types de lieu incompatibles/);
  });
});

describe('evidence: address', () => {
  it('same number and street, however spelled', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'Déclic', adresse: '12 bis rue de la République' }),
      lieu('b:1', { nom: 'Déclic', adresse: '12B R. République' }),
    );
    const address = r.evidence.find((e) => e.kind === 'address');
    expect(address?.value).toMatch(/^même adresse/);
    expect(address!.weight).toBeGreaterThan(2);
  });

  it('different house numbers in the same street veto', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'Déclic', adresse: '12 rue de la République' }),
      lieu('b:1', { nom: 'Déclic', adresse: '14 rue de la République' }),
    );
    expect(r.veto).toMatch(/numéros différents/);
  });

  it('a number inside a range is compatible', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'Déclic', adresse: '5-9 rue des Papetiers' }),
      lieu('b:1', { nom: 'Déclic', adresse: '7 rue des Papetiers' }),
    );
    expect(r.veto).toBeUndefined();
    expect(weightOf(r.evidence, 'address')).toBeGreaterThan(2);
  });

  it('different repetition indices and different communes count against', () => {
    const index = comparePair(
      lieu('a:1', { nom: 'Déclic', adresse: '12 bis rue de la République' }),
      lieu('b:1', { nom: 'Déclic', adresse: '12 ter rue de la République' }),
    );
    expect(weightOf(index.evidence, 'address')).toBeLessThan(0);
    const commune = comparePair(
      lieu('a:1', { nom: 'Déclic', adresse: '12 rue de la République' }),
      lieu('b:1', {
        nom: 'Déclic',
        adresse: '12 rue de la République',
        code_insee: '33063',
        code_postal: '33000',
      }),
    );
    expect(commune.evidence.find((e) => e.kind === 'address')?.value).toMatch(/communes différentes/);
    expect(weightOf(commune.evidence, 'address')).toBeLessThan(1);
  });
});

describe('evidence: identifiers', () => {
  const pair = (a: Record<string, string>, b: Record<string, string>) =>
    comparePair(
      lieu('a:1', { ...mediatheque, ...a }, near(0)),
      lieu('b:1', { ...mediatheque, ...b }, near(10)),
    );

  it('identical SIRET counts; the 00000000000000 placeholder does not', () => {
    expect(
      weightOf(pair({ pivot: '21330522900017' }, { pivot: '21330522900017' }).evidence, 'pivot'),
    ).toBeGreaterThan(2);
    const placeholder = pair({ pivot: '00000000000000' }, { pivot: '00000000000000' });
    expect(placeholder.evidence.some((e) => e.kind === 'pivot')).toBe(false);
  });

  it('a SIRET a source gives to several lieux (a city for its libraries) is weak', () => {
    const a = lieu('a:1', { ...mediatheque, pivot: '21330522900017' }, near(0));
    const b = lieu('b:1', { ...mediatheque, pivot: '21330522900017' }, near(10));
    const sibling = lieu(
      'a:2',
      { nom: 'Médiathèque Nord', adresse: '3 rue Pasteur', pivot: '21330522900017' },
      near(900),
    );
    const r = comparePair(a, b, [sibling]);
    const pivot = r.evidence.find((e) => e.kind === 'pivot');
    expect(pivot?.value).toMatch(/partagé par 3 lieux/);
    expect(pivot!.weight).toBeLessThan(0.5);
  });

  it('identical phone counts whatever its format; a switchboard is weak', () => {
    const r = pair({ telephone: '+33556123456' }, { telephone: '05 56 12 34 56' });
    expect(r.evidence.find((e) => e.kind === 'phone')?.value).toBe('téléphone identique +33556123456');
    const a = lieu('a:1', { ...mediatheque, telephone: '+33556123456' }, near(0));
    const b = lieu('b:1', { ...mediatheque, telephone: '+33556123456' }, near(10));
    const colleague = lieu('a:2', {
      nom: 'CCAS',
      adresse: '1 place de la Mairie',
      telephone: '+33556123456',
    });
    const shared = comparePair(a, b, [colleague]);
    expect(weightOf(shared.evidence, 'phone')).toBeLessThan(weightOf(r.evidence, 'phone'));
  });

  it('identical e-mail counts', () => {
    const r = pair(
      { courriels: 'mediatheque@talence.fr' },
      { courriels: 'accueil@talence.fr|mediatheque@talence.fr' },
    );
    expect(weightOf(r.evidence, 'email')).toBeGreaterThan(1);
  });

  it('same website counts, a generic host does not', () => {
    const own = pair(
      { site_web: 'https://www.mediatheque-talence.fr/' },
      { site_web: 'http://mediatheque-talence.fr' },
    );
    expect(weightOf(own.evidence, 'website')).toBeGreaterThan(0);
    const generic = pair({ site_web: 'https://www.facebook.com/' }, { site_web: 'https://facebook.com' });
    expect(generic.evidence.some((e) => e.kind === 'website')).toBe(false);
    const page = pair(
      { site_web: 'https://www.facebook.com/mediatheque.prevert' },
      { site_web: 'https://facebook.com/mediatheque.prevert/' },
    );
    expect(weightOf(page.evidence, 'website')).toBeGreaterThan(0);
  });

  it('correlated identifiers are capped together', () => {
    const all = {
      pivot: '44012345600019',
      telephone: '+33556123456',
      courriels: 'contact@declic.fr',
      site_web: 'https://declic.fr/talence',
    };
    const r = pair(all, all);
    const total = (['pivot', 'phone', 'email', 'website'] as const).reduce(
      (s, k) => s + weightOf(r.evidence, k),
      0,
    );
    expect(total).toBeCloseTo(4, 1);
  });
});

describe('evidence: typologie', () => {
  it('a common code helps, incompatible codes count strongly against', () => {
    const same = comparePair(
      lieu('a:1', { ...mediatheque, typologie: 'BIB|MUNI' }),
      lieu('b:1', { ...mediatheque, typologie: 'BIB' }),
    );
    expect(weightOf(same.evidence, 'typologie')).toBeGreaterThan(0);
    const conflict = comparePair(
      lieu('a:1', { ...mediatheque, typologie: 'BIB' }),
      lieu('b:1', { ...mediatheque, typologie: 'CCAS' }),
    );
    expect(weightOf(conflict.evidence, 'typologie')).toBeLessThanOrEqual(-4);
  });

  it('knows which codes producers confuse', () => {
    expect(compatibleTypologies('CS', 'ASSO')).toBe(true);
    expect(compatibleTypologies('BIB', 'MUNI')).toBe(true);
    expect(compatibleTypologies('RFS', 'LA_POSTE')).toBe(true);
    expect(compatibleTypologies('BIB', 'CCAS')).toBe(false);
    expect(compatibleTypologies('ML', 'BIB')).toBe(false);
    expect(compatibleTypologies('XYZ', 'BIB')).toBe(true);
  });
});

describe('missing data earns no credit', () => {
  const optional = ['telephone', 'courriels', 'site_web', 'pivot', 'typologie', 'itinerance'] as const;
  const full = {
    nom: 'Espace numérique Déclic',
    adresse: '12 rue de la République',
    telephone: '+33556123456',
    courriels: 'contact@declic.fr',
    site_web: 'https://declic.fr',
    pivot: '44012345600019',
    typologie: 'ASSO',
    itinerance: 'Fixe',
  };

  it('a field absent on one side scores as if absent on both', () => {
    fc.assert(
      fc.property(fc.subarray([...optional]), fc.subarray([...optional]), (dropA, dropB) => {
        const without = (drop: readonly string[]) =>
          Object.fromEntries(Object.entries(full).filter(([k]) => !drop.includes(k)));
        const union = [...new Set([...dropA, ...dropB])];
        const oneSided = comparePair(
          lieu('a:1', without(dropA), near(0)),
          lieu('b:1', without(dropB), near(20)),
        );
        const bothSides = comparePair(
          lieu('a:1', without(union), near(0)),
          lieu('b:1', without(union), near(20)),
        );
        expect(oneSided.score).toBeCloseTo(bothSides.score, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('a name and a commune alone are not enough', () => {
    const r = comparePair(
      lieu('a:1', { nom: 'France Services Talence' }),
      lieu('b:1', { nom: 'France Services Talence' }),
    );
    expect(r.veto).toMatch(/localisation/);
  });
});

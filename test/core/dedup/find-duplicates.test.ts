import { describe, expect, it } from 'vitest';
import {
  DedupInputError,
  comparePair,
  findDuplicates,
  groupId,
  type DedupInput,
} from '../../../src/core/dedup/index.js';
import { lieu, near } from './helpers.js';

const membersOf = (inputs: DedupInput[]) => findDuplicates(inputs).groups.map((g) => g.members);

describe('findDuplicates', () => {
  it('groups one France Services site published by three sources, with abbreviations', () => {
    const inputs = [
      lieu(
        'national:1',
        {
          nom: 'France services de Saint-Trivier',
          adresse: '22 Esplanade de la Poste',
          telephone: '+33474301963',
        },
        near(0),
      ),
      lieu('departement:7', {
        nom: 'MSAP ST TRIVIER',
        adresse: '22 esp. de la Poste',
        telephone: '04 74 30 19 63',
      }),
      lieu(
        'hub:3',
        { nom: 'Maison France Services - St-Trivier', adresse: '22, ESPLANADE DE LA POSTE' },
        near(35),
      ),
    ];
    const { groups } = findDuplicates(inputs);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(['departement:7', 'hub:3', 'national:1']);
    expect(groups[0]!.id).toBe(groupId(['national:1', 'hub:3', 'departement:7']));
  });

  it('explains every link with its evidence', () => {
    const { groups } = findDuplicates([
      lieu(
        'a:1',
        { nom: 'Médiathèque Jacques Prévert', adresse: '12 bis rue Victor Hugo', telephone: '+33556000001' },
        near(0),
      ),
      lieu(
        'b:1',
        { nom: 'BIBLIOTHEQUE MUNICIPALE J. PREVERT', adresse: '12B R. V. Hugo', telephone: '05 56 00 00 01' },
        near(42),
      ),
    ]);
    expect(groups).toHaveLength(1);
    const link = groups[0]!.links[0]!;
    expect(link).toMatchObject({ a: 'a:1', b: 'b:1' });
    expect(link.score).toBeGreaterThanOrEqual(4);
    expect(link.evidence.map((e) => e.kind).sort()).toEqual(['address', 'distance', 'name', 'phone']);
    expect(link.evidence.find((e) => e.kind === 'distance')?.value).toBe('42 m');
  });

  it('does not merge distinct services in one building ("Médiathèque X" and "CCAS X")', () => {
    const shared = {
      adresse: '1 place de la Mairie',
      telephone: '+33556000000',
      site_web: 'https://www.talence.fr',
    };
    expect(
      membersOf([
        lieu('a:1', { ...shared, nom: 'Médiathèque de Talence' }, near(0)),
        lieu('b:1', { ...shared, nom: 'CCAS de Talence' }, near(4)),
        lieu('c:1', { ...shared, nom: 'Mairie de Talence' }, near(2)),
      ]),
    ).toEqual([]);
  });

  it('does not merge two associations of one maison des associations', () => {
    const house = { adresse: '8 rue du Stade', telephone: '+33556000009', typologie: 'ASSO' };
    expect(
      membersOf([
        lieu('a:1', { ...house, nom: 'Déclic Numérique' }, near(0)),
        lieu('a:2', { ...house, nom: 'Passerelle Seniors' }, near(2)),
        lieu('b:1', { ...house, nom: 'Association Déclic Numérique' }, near(5)),
      ]),
    ).toEqual([['a:1', 'b:1']]);
  });

  it("does not merge a city's libraries sharing its SIRET", () => {
    const city = { pivot: '21330522900017', site_web: 'https://www.talence.fr', typologie: 'BIB' };
    expect(
      membersOf([
        lieu('ville:1', { ...city, nom: 'Médiathèque Castagnéra', adresse: '1 rue Pierre Curie' }, near(0)),
        lieu('ville:2', { ...city, nom: 'Médiathèque Thouars', adresse: '3 avenue de Thouars' }, near(250)),
        lieu('dep:1', { ...city, nom: 'Bibliothèque Thouars', adresse: '18 rue Pasteur' }, near(180)),
      ]),
    ).toEqual([]);
  });

  it('does not merge two lieux with the placeholder pivot', () => {
    const zero = { pivot: '00000000000000' };
    expect(
      membersOf([
        lieu('a:1', { ...zero, nom: 'Espace numérique Déclic', adresse: '1 rue A' }, near(0)),
        lieu('b:1', { ...zero, nom: 'Tremplin Seniors', adresse: '9 rue B' }, near(30)),
      ]),
    ).toEqual([]);
  });

  it('merges without coordinates when name, street and commune agree', () => {
    expect(
      membersOf([
        lieu('a:1', { nom: 'CCAS de Talence', adresse: 'Place Alcala de Henares' }),
        lieu('b:1', { nom: "Centre communal d'action sociale de Talence", adresse: 'pl. Alcala de Henares' }),
      ]),
    ).toEqual([['a:1', 'b:1']]);
  });

  it('does not merge one address in two communes when coordinates are missing', () => {
    expect(
      membersOf([
        lieu('a:1', { nom: 'France Services', adresse: '12 rue de la République' }),
        lieu('b:1', {
          nom: 'France Services',
          adresse: '12 rue de la République',
          code_insee: '33063',
          code_postal: '33000',
          commune: 'Bordeaux',
        }),
      ]),
    ).toEqual([]);
  });

  it('does not take "France Services X" and "France Services Y" of two communes for one lieu', () => {
    const place = { adresse: 'Place de Verdun', telephone: '+33492891023' };
    const r = comparePair(
      lieu(
        'fs:1707',
        {
          ...place,
          nom: 'France services Beauvezer',
          commune: 'Beauvezer',
          code_insee: '04025',
          code_postal: '04370',
        },
        near(0),
      ),
      lieu(
        'fs:575',
        {
          ...place,
          nom: 'France services Saint-André-les-Alpes',
          commune: 'Saint-André-les-Alpes',
          code_insee: '04173',
          code_postal: '04170',
        },
        near(64),
      ),
    );
    expect(r.evidence.find((e) => e.kind === 'name')!.weight).toBeLessThan(0);
    expect(r.score).toBeLessThan(4);
  });

  it('treats Paris, Lyon and Marseille arrondissements as their commune', () => {
    const paris = {
      commune: 'Paris',
      code_postal: '75011',
      nom: 'CCAS de Paris',
      adresse: '5 boulevard Diderot',
    };
    const r = comparePair(
      lieu('a:1', { ...paris, code_insee: '75111' }),
      lieu('b:1', { ...paris, code_insee: '75056' }),
    );
    expect(r.veto).toBeUndefined();
    expect(r.evidence.find((e) => e.kind === 'address')?.value).not.toMatch(/différentes/);
  });

  it('does not merge a France Services bus with the site it is parked at', () => {
    const site = {
      adresse: '4 allée de la Pérouse',
      telephone: '+33182370180',
      courriels: 'sevran@pimms.org',
    };
    const byField = findDuplicates([
      lieu('fs:1', { ...site, nom: 'France services Pimms Sevran', itinerance: 'Fixe' }, near(0)),
      lieu('fs:2', { ...site, nom: 'France services Pimms Sevran', itinerance: 'Itinérant' }, near(1)),
    ]);
    expect(byField.groups).toEqual([]);
    const byName = comparePair(
      lieu('fs:1', { ...site, nom: 'France services Pimms Sevran' }, near(0)),
      lieu('dep:2', { ...site, nom: 'Bus France services Pimms Sevran' }, near(1)),
    );
    expect(byName.veto).toMatch(/itinérant/);
    // Two descriptions of the same bus do merge.
    const bus = findDuplicates([
      lieu('fs:2', { ...site, nom: 'Bus France services Pimms Sevran', itinerance: 'Itinérant' }, near(0)),
      lieu('dep:2', { ...site, nom: 'France Services itinérante Pimms Sevran' }, near(20)),
    ]);
    expect(bus.groups.map((g) => g.members)).toEqual([['dep:2', 'fs:2']]);
  });

  it('a name saying "itinérance" matches a record known as itinerant by its field', () => {
    const r = comparePair(
      lieu(
        'corse:1',
        { nom: 'Itinérance France Services Venaco', adresse: 'Château Bona', telephone: '+33495474862' },
        near(0),
      ),
      lieu(
        'fs:2867',
        {
          nom: 'France services de Venaco',
          adresse: 'Chateau bona',
          telephone: '+33495474862',
          itinerance: 'Itinérant',
        },
        near(12),
      ),
    );
    expect(r.veto).toBeUndefined();
    expect(r.score).toBeGreaterThanOrEqual(4);
  });

  it('two records of one source with different phones are two services', () => {
    const base = { nom: 'Bus France services Pimms Grenoble', adresse: "97 galerie de l'Arlequin" };
    const inputs = [
      lieu('fs:1917', { ...base, telephone: '+33763713517' }, near(0)),
      lieu('fs:2057', { ...base, nom: `${base.nom} - ZR`, telephone: '+33608636038' }, near(30)),
    ];
    expect(comparePair(inputs[0]!, inputs[1]!).evidence.find((e) => e.kind === 'phone')?.weight).toBe(-1);
    expect(findDuplicates(inputs).groups).toEqual([]);
  });

  it('guards against chaining: A~B and B~C but A≁C never end up together', () => {
    // B has no house number: it is compatible with both A (12) and C (14), which contradict each other.
    const inputs = [
      lieu(
        'a:1',
        { nom: 'Médiathèque Jacques Prévert', adresse: '12 rue Victor Hugo', telephone: '+33556000001' },
        near(0),
      ),
      lieu(
        'b:1',
        { nom: 'Médiathèque Jacques Prévert', adresse: 'rue Victor Hugo', telephone: '+33556000001' },
        near(15),
      ),
      lieu('c:1', { nom: 'Médiathèque Jacques Prévert', adresse: '14 rue Victor Hugo' }, near(30)),
    ];
    expect(comparePair(inputs[0]!, inputs[2]!).veto).toMatch(/numéros différents/);
    expect(comparePair(inputs[1]!, inputs[2]!).score).toBeGreaterThanOrEqual(4);
    const groups = membersOf(inputs);
    for (const g of groups) expect(g.includes('a:1') && g.includes('c:1')).toBe(false);
    expect(groups).toEqual([['a:1', 'b:1']]);
  });

  it('needs a margin for two records of the same source', () => {
    const record = { nom: 'Espace numérique', adresse: '12 rue de la République' };
    const cross = findDuplicates([lieu('a:1', record), lieu('b:1', record)]);
    const same = findDuplicates([lieu('a:1', record), lieu('a:2', record)]);
    const score = comparePair(lieu('a:1', record), lieu('b:1', record)).score;
    expect(score).toBeGreaterThanOrEqual(4);
    expect(score).toBeLessThan(5);
    expect(cross.groups).toHaveLength(1);
    expect(same.groups).toHaveLength(0);
  });

  it('gives the same groups whatever the input order', () => {
    const inputs = [
      lieu(
        'national:1',
        { nom: 'France Services Talence', adresse: '1 rue A', telephone: '+33556000001' },
        near(0),
      ),
      lieu('dep:1', { nom: 'MSAP Talence', adresse: '1 rue A' }),
      lieu('hub:1', { nom: 'FS Talence', adresse: '1 r. A' }, near(20)),
      lieu('a:1', { nom: 'Médiathèque Jacques Prévert', adresse: '12 rue Victor Hugo' }, near(400)),
      lieu('b:1', { nom: 'Bibliothèque J. Prévert', adresse: '12 rue Victor Hugo' }, near(430)),
      lieu('c:1', { nom: 'Déclic', adresse: '3 rue Pasteur' }, near(800)),
    ];
    const reference = findDuplicates(inputs);
    expect(reference.groups).toHaveLength(2);
    for (const order of [
      [...inputs].reverse(),
      [inputs[3]!, inputs[0]!, inputs[5]!, inputs[1]!, inputs[4]!, inputs[2]!],
    ]) {
      expect(findDuplicates(order)).toEqual(reference);
    }
  });

  it('rejects missing and duplicate keys with a clear message', () => {
    const a = lieu('a:1', { nom: 'X', adresse: '1 rue A' });
    expect(() => findDuplicates([a, { ...a }])).toThrow(DedupInputError);
    expect(() => findDuplicates([a, { ...a }])).toThrow(/clé en double : « a:1 »/);
    expect(() => findDuplicates([{ ...a, key: '' }])).toThrow(/entrée n° 1 : la clé/);
    expect(() => findDuplicates([{ ...a, sourceId: '' }])).toThrow(/source/);
  });

  it('ignores unusable coordinates with a warning', () => {
    const result = findDuplicates([
      lieu('a:1', { nom: 'X', adresse: '1 rue A', latitude: '123.4', longitude: '0.5' }),
      lieu('b:1', { nom: 'Y', adresse: '2 rue B' }, { latitude: Number.NaN, longitude: 2 }),
    ]);
    expect(result.warnings.map((w) => [w.key, w.field])).toEqual([
      ['a:1', 'latitude'],
      ['b:1', 'latitude'],
    ]);
    expect(result.warnings[0]!.message).toMatch(/entre -90 et 90/);
    expect(result.stats.withoutCoordinates).toBe(2);
  });

  it('rejects invalid options', () => {
    expect(() => findDuplicates([], { cellSizeMeters: 10 })).toThrow(/cellSizeMeters/);
  });
});

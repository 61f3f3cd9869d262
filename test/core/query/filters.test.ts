import { describe, expect, it } from 'vitest';
import { buildIndex, getLieu, runQuery, MAX_LIMIT, DEFAULT_LIMIT } from '../../../src/core/query/index.js';
import type { Query } from '../../../src/core/query/index.js';
import { haversineKm } from '../../../src/core/geo/index.js';
import { LIEUX, lieu, resolver } from './fixtures.js';

const index = buildIndex(LIEUX, { territory: resolver });
const NOW = new Date('2025-06-02T08:00:00Z');

/** Ids of every match, in result order. */
function ids(query: Query): string[] {
  return runQuery(index, { limit: MAX_LIMIT, ...query }, { now: NOW }).items.map((item) => item.lieu.id);
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

describe('buildIndex', () => {
  it('indexes every lieu and finds them by id', () => {
    expect(index.size).toBe(LIEUX.length);
    expect(getLieu(index, 'e')?.record.nom).toBe('France Services de Metz');
    expect(getLieu(index, 'zz')).toBeUndefined();
  });

  it('compiles each distinct hours text once and counts texts it cannot read', () => {
    // d, e and h share one text.
    const texts = new Set(LIEUX.map((l) => l.record.horaires).filter((h) => h && h !== 'quand il fait beau'));
    expect(index.hours.length).toBe(texts.size);
    expect(index.invalidHours).toBe(1);
  });

  it('rejects duplicate ids with a clear message', () => {
    expect(() => buildIndex([lieu('x', {}), lieu('x', {})], { territory: resolver })).toThrow(
      /identifiant en double « x »/,
    );
  });

  it('treats 0,0 and out-of-range coordinates as unknown', () => {
    const small = buildIndex(
      [
        lieu('zero', { latitude: '0', longitude: '0' }),
        lieu('far', { latitude: '123', longitude: '4' }),
        lieu('comma', { latitude: '45,5', longitude: '4,8' }),
      ],
      { territory: resolver },
    );
    const inWorld = runQuery(small, { bbox: { west: -180, south: -90, east: 180, north: 90 } });
    expect(inWorld.items.map((i) => i.lieu.id)).toEqual(['comma']);
  });
});

describe('runQuery: enumerated fields', () => {
  it('filters on one value', () => {
    expect(sorted(ids({ services: ['Aide aux démarches administratives'] }))).toEqual([
      'a',
      'c',
      'e',
      'h',
      'j',
    ]);
  });

  it('ORs values within a field', () => {
    expect(
      sorted(ids({ services: ['Utilisation sécurisée du numérique', 'Loisirs et créations numériques'] })),
    ).toEqual(['d', 'f', 'g']);
  });

  it('ANDs fields', () => {
    expect(
      sorted(ids({ services: ['Aide aux démarches administratives'], frais_a_charge: ['Gratuit'] })),
    ).toEqual(['a', 'e', 'j']);
  });

  it.each([
    ['publics_specifiquement_adresses', ['Seniors'], ['a']],
    ['prise_en_charge_specifique', ['Déficience visuelle'], ['k']],
    ['frais_a_charge', ['Payant', 'Gratuit sous condition'], ['b', 'c', 'g']],
    ['itinerance', ['Fixe'], ['d', 'l']],
    ['dispositif_programmes_nationaux', ['Conseillers numériques'], ['e']],
    ['formations_labels', ['Formé à « Mon Espace Santé »'], ['i']],
    ['modalites_acces', ['Téléphoner', 'Prendre un RDV en ligne'], ['a', 'l']],
    ['modalites_accompagnement', ['Dans un atelier collectif'], ['i']],
  ] as const)('filters %s', (field, values, expected) => {
    expect(sorted(ids({ [field]: values } as Query))).toEqual(expected);
  });

  it('matches nothing for a value outside the enumeration, and ignores an empty list', () => {
    expect(ids({ services: ['Cuisine'] as unknown as Query['services'] })).toEqual([]);
    expect(ids({ services: [] })).toHaveLength(LIEUX.length);
  });

  it('filters typologie as a set (OR)', () => {
    expect(sorted(ids({ typologie: ['BIB', 'MUNI'] }))).toEqual(['a', 'i']);
    expect(ids({ typologie: ['CCAS'] })).toEqual(['i']);
    expect(ids({ typologie: ['ACI'] })).toEqual([]);
  });
});

describe('runQuery: flags', () => {
  it('gratuit means frais_a_charge contains exactly « Gratuit »', () => {
    expect(sorted(ids({ gratuit: true }))).toEqual(['a', 'd', 'e', 'j']);
    expect(ids({ gratuit: false })).not.toContain('a');
    expect(ids({ gratuit: false })).toContain('c');
    expect(ids({ gratuit: false }).length + ids({ gratuit: true }).length).toBe(LIEUX.length);
  });

  it('rdvEnLigne means a prise_rdv link', () => {
    expect(sorted(ids({ rdvEnLigne: true }))).toEqual(['a', 'l']);
    expect(ids({ rdvEnLigne: false })).toHaveLength(LIEUX.length - 2);
  });

  it('itinerant means itinerance contains « Itinérant »', () => {
    expect(sorted(ids({ itinerant: true }))).toEqual(['c', 'l']);
    expect(ids({ itinerant: false })).not.toContain('l');
  });

  it('combines flags with AND', () => {
    expect(ids({ itinerant: true, rdvEnLigne: true })).toEqual(['l']);
    expect(ids({ itinerant: true, gratuit: true })).toEqual([]);
  });
});

describe('runQuery: territory', () => {
  it('filters by région, département, EPCI (OR within)', () => {
    expect(sorted(ids({ regions: ['44'] }))).toEqual(['d', 'e']);
    expect(sorted(ids({ departements: ['69', '2A'] }))).toEqual(['a', 'b', 'i', 'k']);
    expect(sorted(ids({ epci: ['200054781'] }))).toEqual(['f', 'g']);
  });

  it('matches a commune by its own code or, for an arrondissement, by its parent commune', () => {
    expect(sorted(ids({ communes: ['69123'] }))).toEqual(['a', 'b', 'k']);
    expect(ids({ communes: ['69381'] })).toEqual(['a']);
    expect(sorted(ids({ communes: ['75056'] }))).toEqual(['f', 'g']);
  });

  it('ANDs territory levels with each other and with other filters', () => {
    expect(ids({ regions: ['84'], departements: ['2A'] })).toEqual([]);
    expect(sorted(ids({ regions: ['84', '44'], gratuit: true }))).toEqual(['a', 'd', 'e']);
  });

  it('never matches lieux without a known territory, and unknown codes match nothing', () => {
    expect(ids({ regions: ['11', '84', '44', '75', '04', '94'] })).not.toContain('j');
    expect(ids({ departements: ['99'] })).toEqual([]);
  });
});

describe('runQuery: text search', () => {
  it('ignores accents and case and matches word prefixes of name and commune', () => {
    expect(ids({ q: 'MEDIATHEQUE' })).toEqual(['a']);
    expect(ids({ q: 'méd jean' })).toEqual(['a']);
    expect(sorted(ids({ q: 'lyon' }))).toEqual(['a', 'b', 'k']);
    expect(ids({ q: 'numérique lyon' }).sort()).toEqual(['b', 'k']);
  });

  it('requires every word', () => {
    expect(ids({ q: 'espace metz' })).toEqual([]);
    expect(ids({ q: 'france metz' })).toEqual(['e']);
  });

  it('matches only at word starts', () => {
    expect(ids({ q: 'theque' })).toEqual([]);
    expect(ids({ q: 'rousse' })).toEqual(['b']);
  });

  it('folds ligatures, hyphens and the « St » abbreviation both ways', () => {
    expect(ids({ q: 'oeuvre' })).toEqual(['h']);
    expect(ids({ q: 'croix rousse' })).toEqual(['b']);
    expect(sorted(ids({ q: 'saint' }))).toEqual(['h', 'l']);
    expect(sorted(ids({ q: 'st' }))).toEqual(['d', 'h', 'l']); // Strasbourg, Saint-Denis, St-Pierre
  });

  it('indexes words that are also JavaScript property names as plain words', () => {
    const odd = buildIndex([lieu('p', { nom: 'Constructor Lab', commune: 'Lyon' })], { territory: resolver });
    expect(runQuery(odd, { q: 'constructor' }).total).toBe(1);
    expect(runQuery(odd, { q: 'function' }).total).toBe(0);
  });

  it('ignores a search made only of punctuation', () => {
    expect(ids({ q: ' -- ' })).toHaveLength(LIEUX.length);
  });
});

describe('runQuery: geography', () => {
  const lyon = { lat: 45.764, lon: 4.8357 };

  it('sorts by distance by default with near, reports distances, and puts unlocated lieux last', () => {
    const result = runQuery(index, { near: lyon, limit: MAX_LIMIT });
    const located = result.items.filter((i) => i.distanceKm !== undefined);
    const distances = located.map((i) => i.distanceKm!);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
    expect(result.items.slice(located.length).map((i) => i.lieu.id)).toEqual(['k', 'j']); // by name
    for (const item of located) {
      const r = item.lieu.record;
      expect(item.distanceKm).toBeCloseTo(
        haversineKm(lyon, { lat: Number(r.latitude), lon: Number(r.longitude) }),
        9,
      );
    }
    expect(result.items[0]!.lieu.id).toBe('b');
  });

  it('keeps lieux within the radius only', () => {
    expect(ids({ near: lyon, radiusKm: 5 })).toEqual(['b', 'a']);
    expect(ids({ near: lyon, radiusKm: 0.1 })).toEqual([]);
    // Bordeaux is 437 km from Lyon as the crow flies, Saint-Denis de La Réunion 9,000 km.
    expect(ids({ near: lyon, radiusKm: 430 })).not.toContain('c');
    const within500 = ids({ near: lyon, radiusKm: 500 });
    expect(within500).toContain('c');
    expect(within500).not.toContain('h');
  });

  it('includes a lieu exactly at the radius and excludes it just inside', () => {
    const a = getLieu(index, 'a')!.record;
    const d = haversineKm(lyon, { lat: Number(a.latitude), lon: Number(a.longitude) });
    expect(ids({ near: lyon, radiusKm: d * (1 + 1e-9) })).toContain('a');
    expect(ids({ near: lyon, radiusKm: d * (1 - 1e-9) })).not.toContain('a');
  });

  it('places itinerant lieux at their base address', () => {
    const bordeaux = { lat: 44.8378, lon: -0.5792 };
    const result = runQuery(index, { near: bordeaux, radiusKm: 10 });
    expect(result.items.map((i) => i.lieu.id)).toEqual(['c', 'l']);
    expect(result.items[0]!.matched).toContain('itinérant, basé à 0,0 km');
  });

  it('breaks distance ties by name', () => {
    const twins = buildIndex(
      [
        lieu('2', { nom: 'Zèbre', latitude: '45', longitude: '5' }),
        lieu('1', { nom: 'Abeille', latitude: '45', longitude: '5' }),
      ],
      { territory: resolver },
    );
    expect(runQuery(twins, { near: { lat: 45.1, lon: 5 } }).items.map((i) => i.lieu.record.nom)).toEqual([
      'Abeille',
      'Zèbre',
    ]);
  });

  it('sorts by name with near when asked, still reporting distances', () => {
    const result = runQuery(index, { near: lyon, radiusKm: 5, sort: 'name' });
    expect(result.items.map((i) => i.lieu.id)).toEqual(['b', 'a']);
    expect(result.items.every((i) => i.distanceKm !== undefined)).toBe(true);
  });

  it('rejects a point or radius that is not a number with a clear error', () => {
    expect(() => runQuery(index, { near: { lat: Number.NaN, lon: 4 } })).toThrow(
      'Requête invalide : near.lat doit être un nombre.',
    );
    expect(() => runQuery(index, { near: lyon, radiusKm: Number.POSITIVE_INFINITY })).toThrow(/radiusKm/);
    expect(() => runQuery(index, { bbox: { west: 0, south: Number.NaN, east: 1, north: 2 } })).toThrow(
      /bbox.south/,
    );
  });

  it('falls back to name order when distance is asked without a point', () => {
    expect(ids({ sort: 'distance' })).toEqual(ids({}));
  });

  it('filters by bbox, inclusive, and supports boxes across the antimeridian', () => {
    expect(sorted(ids({ bbox: { west: 2, south: 48, east: 8, north: 50 } }))).toEqual(['d', 'e', 'f', 'g']);
    expect(ids({ bbox: { west: 55.4507, south: -20.8821, east: 56, north: -20 } })).toEqual(['h']);
    // From 50°E eastwards round to 5°E: Réunion (55.45) and everything west of 5°E (Bordeaux, Paris, Lyon a/b).
    expect(sorted(ids({ bbox: { west: 50, south: -90, east: 5, north: 90 } }))).toEqual([
      'a',
      'b',
      'c',
      'f',
      'g',
      'h',
      'l',
    ]);
  });
});

describe('runQuery: order and pagination', () => {
  it('sorts by folded name (accents, ligatures, case ignored; numbers in natural order)', () => {
    expect(ids({}).map((id) => getLieu(index, id)!.record.nom)).toEqual([
      'atelier Numérique de lyon',
      'Bus numérique de Gironde',
      'Élan numérique',
      'Espace 9',
      'Espace 10',
      'Espace public numérique de la Croix-Rousse',
      'France Services de Metz',
      'Médiathèque Jean Macé',
      'Œuvre numérique réunionnaise',
      'Permanence sans adresse connue',
      'Point numérique Ajaccio',
      'St-Pierre connecté',
    ]);
  });

  it('breaks name ties by id, whatever the input order', () => {
    const a = [lieu('y', { nom: 'Même nom' }), lieu('x', { nom: 'meme nom' })];
    const forward = buildIndex(a, { territory: resolver });
    const backward = buildIndex([...a].reverse(), { territory: resolver });
    expect(runQuery(forward, {}).items.map((i) => i.lieu.id)).toEqual(['x', 'y']);
    expect(runQuery(backward, {}).items.map((i) => i.lieu.id)).toEqual(['x', 'y']);
  });

  it('pages with offset and limit, the total counting every match', () => {
    const all = ids({});
    const page = runQuery(index, { offset: 3, limit: 4 });
    expect(page.total).toBe(LIEUX.length);
    expect(page.items.map((i) => i.lieu.id)).toEqual(all.slice(3, 7));
    expect(runQuery(index, { offset: 50 }).items).toEqual([]);
    expect(runQuery(index, { limit: 0 })).toEqual({ total: LIEUX.length, items: [] });
  });

  it('pages by distance consistently with the full order', () => {
    const lyon = { lat: 45.764, lon: 4.8357 };
    const all = ids({ near: lyon });
    for (let offset = 0; offset < all.length; offset += 5) {
      expect(runQuery(index, { near: lyon, offset, limit: 5 }).items.map((i) => i.lieu.id)).toEqual(
        all.slice(offset, offset + 5),
      );
    }
  });

  it('clamps limit and offset', () => {
    expect(runQuery(index, {}).items).toHaveLength(Math.min(DEFAULT_LIMIT, LIEUX.length));
    const many = Array.from({ length: MAX_LIMIT + 5 }, (_, k) => lieu(`m${k}`, { nom: `Lieu ${k}` }));
    const big = buildIndex(many, { territory: resolver });
    expect(runQuery(big, { limit: 5000 }).items).toHaveLength(MAX_LIMIT);
    expect(runQuery(big, { limit: -3 }).items).toHaveLength(0);
    expect(runQuery(big, { limit: 2.7, offset: -4 }).items.map((i) => i.lieu.id)).toEqual(
      runQuery(big, { limit: 2 }).items.map((i) => i.lieu.id),
    );
  });
});

describe('runQuery: why each lieu matches', () => {
  it('explains every active criterion in plain French', () => {
    const result = runQuery(
      index,
      {
        services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
        typologie: ['BIB'],
        departements: ['69'],
        communes: ['69123'],
        q: 'jean',
        gratuit: true,
        rdvEnLigne: true,
        itinerant: false,
        near: { lat: 45.764, lon: 4.8357 },
        bbox: { west: 4, south: 45, east: 5, north: 46 },
      },
      { now: NOW },
    );
    expect(result.items.map((i) => i.lieu.id)).toEqual(['a']);
    expect(result.items[0]!.matched).toEqual([
      'services: Aide aux démarches administratives',
      'typologie: BIB',
      'département: 69',
      'commune: 69123',
      'recherche: jean',
      'gratuit',
      'prise de RDV en ligne',
      'non itinérant',
      'dans la zone de la carte',
      'à 1,9 km',
    ]);
  });

  it('explains the negative flags without claiming more than the data says', () => {
    const result = runQuery(index, { gratuit: false, rdvEnLigne: false, itinerant: false, q: 'espace 9' });
    expect(result.items.map((i) => i.lieu.id)).toEqual(['g']);
    expect(result.items[0]!.matched).toEqual([
      'recherche: espace 9',
      'non indiqué comme gratuit',
      'sans prise de RDV en ligne',
      'non itinérant',
    ]);
  });

  it('says nothing when there is no criterion', () => {
    expect(runQuery(index, {}).items.every((i) => i.matched.length === 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError } from '../../../src/core/geo/snapshot.js';
import { fixture } from './fixture.js';

const g = new Gazetteer(fixture());

describe('searchTerritories', () => {
  it('ranks the exact name first, the commune before the same-named département', () => {
    const results = g.searchTerritories('paris');
    expect(results[0]).toMatchObject({ kind: 'commune', code: '75056', label: 'Paris (75)' });
    expect(results[1]).toMatchObject({ kind: 'departement', code: '75' });
    expect(results.map((r) => r.code)).toContain('95176');
  });

  it('folds « st », accents and case', () => {
    expect(g.searchTerritories('st etienne')[0]?.code).toBe('42218');
    expect(g.searchTerritories('SAINT-ÉTIENNE')[0]?.code).toBe('42218');
    // A population-weighted name match beats a small commune starting with the word.
    expect(
      g
        .searchTerritories('etienne')
        .map((r) => r.code)
        .slice(0, 2),
    ).toEqual(['42218', '76575']);
  });

  it('keeps « st » as typed for names starting so', () => {
    expect(g.searchTerritories('st').map((r) => r.code)).toContain('42218');
  });

  it('searches by postcode, the arrondissement before its commune', () => {
    const results = g.searchTerritories('75011');
    expect(results.map((r) => r.code)).toEqual(['75111', '75056']);
    expect(results[0]).toMatchObject({ codePostal: '75011', label: 'Paris 11e Arrondissement (75011)' });
  });

  it('searches arrondissements by name and number', () => {
    expect(g.searchTerritories('Paris 11e')[0]?.code).toBe('75111');
    expect(g.searchTerritories('paris 11')[0]?.code).toBe('75111');
    expect(g.searchTerritories('Paris 11ème')[0]?.code).toBe('75111');
  });

  it('finds départements by number and name, régions by name', () => {
    expect(g.searchTerritories('42')[0]).toMatchObject({
      kind: 'departement',
      code: '42',
      label: 'Loire (42)',
    });
    expect(g.searchTerritories('2a')[0]).toMatchObject({ kind: 'departement', code: '2A' });
    expect(g.searchTerritories('normandie')[0]).toMatchObject({ kind: 'region', code: '28' });
    expect(g.searchTerritories('ile de france')[0]).toMatchObject({ kind: 'region', code: '11' });
  });

  it('finds a postcode prefix and a code INSEE', () => {
    expect(
      g
        .searchTerritories('4232')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['42095', '42280']);
    expect(g.searchTerritories('2A004')[0]?.code).toBe('2A004');
  });

  it('filters by kind and limit, and forgives a typo', () => {
    expect(g.searchTerritories('paris', { kinds: ['departement'] }).map((r) => r.kind)).toEqual([
      'departement',
    ]);
    expect(g.searchTerritories('saint', { limit: 2 })).toHaveLength(2);
    expect(g.searchTerritories('valserone')[0]?.code).toBe('01033');
    expect(
      g
        .searchTerritories('metropole', { kinds: ['epci'] })
        .map((r) => r.code)
        .sort(),
    ).toEqual(['200054781', '244200770']);
    expect(g.searchTerritories('   ')).toEqual([]);
    expect(g.searchTerritories('zzzzzz')).toEqual([]);
  });

  it('finds a commune by a former commune name', () => {
    const hit = g.searchTerritories('Saint-Bois')[0];
    expect(hit).toMatchObject({
      code: '01015',
      ancienNom: 'Saint-Bois',
      label: 'Saint-Bois, Arboys en Bugey (01)',
    });
  });

  it('gives each kind of match the fields of its territory', () => {
    const former = g.searchTerritories('Saint-Bois')[0]!;
    // A former commune keeps its own centre; the rest is the current commune's.
    expect(former).toMatchObject({ kind: 'commune', nom: 'Arboys en Bugey', lat: 45.7, lon: 5.69 });
    expect(former.departement).toBe('01');
    const departement = g.searchTerritories('paris', { kinds: ['departement'] })[0]!;
    expect(departement).toMatchObject({ kind: 'departement', code: '75', label: 'Paris (75)', region: '11' });
    expect(departement).not.toHaveProperty('departement');
    expect(departement.lat).toBeTypeOf('number');
    const region = g.searchTerritories('normandie', { kinds: ['region'] })[0]!;
    expect(region).toMatchObject({ kind: 'region', code: '28', label: 'Normandie', lat: 49.1, lon: 0.1 });
    expect(region).not.toHaveProperty('region');
    const epci = g.searchTerritories('metropole du grand paris', { kinds: ['epci'] })[0]!;
    expect(epci).toMatchObject({ kind: 'epci', code: '200054781', label: 'Métropole du Grand Paris' });
    expect(Object.keys(epci).sort()).toEqual(['code', 'kind', 'label', 'nom', 'population', 'score']);
  });

  it('restricts a name to a département number given with it, unless the number is part of a name', () => {
    expect(g.searchTerritories('Saint-Martin (01)').map((r) => r.code)).toEqual(['01400']);
    expect(g.searchTerritories('saint etienne 42')[0]?.code).toBe('42218');
    expect(g.searchTerritories('paris 11')[0]?.code).toBe('75111');
  });

  it('restricts a name to a postcode given with it', () => {
    expect(g.searchTerritories('saint martin 42320').map((r) => r.code)).toEqual(['42280']);
  });
});

describe('lookups', () => {
  it('resolves former codes to the current commune, with their own centre', () => {
    expect(g.communeByCode('01340')?.code).toBe('01015');
    expect(g.communeByCode('01091')?.code).toBe('01033');
    expect(g.communeByCode('1015')?.code).toBe('01015');
    expect(g.ancienneCommune('01340')?.nom).toBe('Saint-Bois');
    expect(g.centreOf('01340')).toEqual({ lat: 45.7, lon: 5.69 });
    expect(g.centreOf('01091')).toEqual({ lat: 46.11, lon: 5.83 });
    expect(g.centreOf('99999')).toBeUndefined();
    expect(g.communeByCode('nope')).toBeUndefined();
  });

  it('lists communes by postcode, most populous first', () => {
    expect(g.communesByPostcode('42320').map((c) => c.code)).toEqual(['42095', '42280']);
    expect(g.communesByPostcode('00000')).toEqual([]);
  });

  it('gives the hierarchy, département and région of codes', () => {
    expect(g.hierarchyOf('75111')).toEqual({
      commune: '75111',
      departement: '75',
      region: '11',
      epci: '200054781',
    });
    expect(g.departementOf('2A004')).toBe('2A');
    expect(g.regionOf('97411')).toBe('04');
    expect(g.regionOf('2A999')).toBe('94');
    expect(g.departementOf('20004')).toBeUndefined();
  });

  it('turns territory filters into commune codes', () => {
    const paris = g.communeCodesIn({ communes: ['75056'] });
    expect([...paris].sort()).toEqual(['75056', '75101', '75111']);
    expect([...g.communeCodesIn({ communes: ['75111'] })]).toEqual(['75111']);
    expect([...g.communeCodesIn({ departements: ['01'] })].sort()).toEqual([
      '01015',
      '01033',
      '01091',
      '01340',
      '01400',
    ]);
    expect([...g.communeCodesIn({ epcis: ['244200770'] })].sort()).toEqual(['42095', '42218', '42280']);
    expect(g.communeCodesIn({ regions: ['94'] }).has('2A004')).toBe(true);
    expect(g.communesOfEpci('244200770')).toEqual(['42218', '42095', '42280']);
  });

  it('finds the communes nearest a point, arrondissements rather than their commune', () => {
    const near = g.nearestCommunes({ lat: 48.858, lon: 2.37 }, { limit: 2 });
    expect(near.map((n) => n.commune.code)).toEqual(['75111', '75101']);
    expect(near[0]!.km).toBeLessThan(near[1]!.km);
    expect(g.nearestCommunes({ lat: 45.43, lon: 4.39 }, { maxKm: 1 }).map((n) => n.commune.code)).toEqual([
      '42218',
    ]);
    expect(g.nearestCommunes({ lat: 0, lon: -30 })).toEqual([]);
    expect(g.nearestCommunes({ lat: Number.NaN, lon: 2 })).toEqual([]);
  });

  it('finds the département at a point from outlines', () => {
    expect(g.departementAt({ lat: 45.4, lon: 4.4 })?.code).toBe('42');
    expect(g.departementAt({ lat: 0, lon: 0 })).toBeUndefined();
  });
});

describe('resolveCommune', () => {
  it('accepts a consistent triple', () => {
    expect(g.resolveCommune({ nom: 'Saint-Étienne', codePostal: '42100', codeInsee: '42218' })).toEqual({
      code: '42218',
      nom: 'Saint-Étienne',
      codePostal: '42100',
      confidence: 1,
    });
  });

  it('gives Paris its arrondissement from the postcode', () => {
    const r = g.resolveCommune({ nom: 'PARIS', codePostal: '75011' });
    expect(r).toMatchObject({ code: '75111', nom: 'Paris', codePostal: '75011', confidence: 1 });
    expect(r?.note).toMatch(/arrondissement/);
    expect(g.resolveCommune({ nom: 'Paris Cedex 11', codePostal: '75011' })?.code).toBe('75111');
    expect(g.resolveCommune({ nom: '75011 Paris' })?.code).toBe('75111');
  });

  it('replaces a former code and says so', () => {
    const r = g.resolveCommune({ codeInsee: '01340', nom: 'Saint-Bois' });
    expect(r).toMatchObject({ code: '01015', nom: 'Arboys en Bugey', codePostal: '01300' });
    expect(r?.note).toMatch(/ancienne commune \(Saint-Bois\)/);
    expect(r!.confidence).toBeGreaterThan(0.9);
  });

  it('outvotes one wrong field with the two others', () => {
    const wrongCode = g.resolveCommune({ nom: 'st etienne', codePostal: '42000', codeInsee: '42095' });
    expect(wrongCode).toMatchObject({ code: '42218' });
    expect(wrongCode?.note).toMatch(/incohérent/);
    expect(wrongCode!.confidence).toBeLessThan(1);
    const wrongCp = g.resolveCommune({ nom: 'Valserhône', codePostal: '01300', codeInsee: '01033' });
    expect(wrongCp).toMatchObject({ code: '01033', codePostal: '01200' });
    expect(wrongCp?.note).toMatch(/code postal 01300 incohérent/);
  });

  it('trusts the code and the name over a wrong postcode', () => {
    expect(g.resolveCommune({ nom: 'Valserhône', codePostal: '01300', codeInsee: '01033' })?.confidence).toBe(
      0.9,
    );
  });

  it('lets the coordinates decide between conflicting fields', () => {
    const query = { nom: 'La Grand-Croix', codePostal: '42320', codeInsee: '42280' };
    expect(g.resolveCommune(query)?.code).toBe('42280');
    expect(g.resolveCommune({ ...query, position: { lat: 45.5, lon: 4.565 } })?.code).toBe('42095');
    // Far from both, or invalid: no vote.
    expect(g.resolveCommune({ ...query, position: { lat: 48, lon: 2 } })?.code).toBe('42280');
    expect(g.resolveCommune({ ...query, position: { lat: Number.NaN, lon: 4.5 } })?.code).toBe('42280');
  });

  it('recognises a name all of whose words are in the commune’s name', () => {
    const r = g.resolveCommune({ codeInsee: '01015', nom: 'Bugey' });
    expect(r?.code).toBe('01015');
    expect(r?.note).toMatch(/rapproché/);
    // Surer than a name that does not match at all, less than an exact one.
    expect(r!.confidence).toBeGreaterThan(g.resolveCommune({ codeInsee: '01015', nom: 'Lyon' })!.confidence);
    expect(r!.confidence).toBeLessThan(1);
  });

  it('is unsure of homonyms and of a shared postcode', () => {
    const r = g.resolveCommune({ nom: 'Saint-Martin' });
    expect(r?.code).toBe('42280');
    expect(r!.confidence).toBeLessThan(0.5);
    expect(g.resolveCommune({ nom: 'Saint-Martin', codePostal: '01300' })).toMatchObject({
      code: '01400',
      confidence: 1,
    });
    expect(g.resolveCommune({ codePostal: '42320' })!.confidence).toBeLessThan(0.5);
  });

  it('forgives a typo, gives up on nonsense', () => {
    expect(g.resolveCommune({ nom: 'Valserone', codePostal: '01200' })?.code).toBe('01033');
    expect(g.resolveCommune({ nom: 'Qwxyz' })).toBeUndefined();
    expect(g.resolveCommune({})).toBeUndefined();
  });
});

describe('snapshot', () => {
  it('round-trips the reference without outlines', () => {
    const data = fixture();
    const decoded = decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(data))));
    expect(decoded.communes.map((c) => c.code)).toEqual(data.communes.map((c) => c.code));
    const paris = decoded.communes.find((c) => c.code === '75111')!;
    expect(paris).toMatchObject({
      commune: '75056',
      type: 'arrondissement-municipal',
      departement: '75',
      region: '11',
    });
    expect(paris.lat).toBeCloseTo(48.857, 4);
    expect(decoded.anciennes).toEqual(data.anciennes);
    expect(decoded.departements[0]!.outline).toBeUndefined();
    const gz = new Gazetteer(decoded);
    expect(gz.searchTerritories('75011')[0]?.code).toBe('75111');
  });

  it('rejects malformed snapshots with a clear error', () => {
    expect(() => decodeSnapshot(null)).toThrow(SnapshotError);
    expect(() => decodeSnapshot({ format: 'other' })).toThrow(/format attendu/);
    const broken = encodeSnapshot(fixture()) as unknown as { communes: { nom: string[] } };
    broken.communes.nom.pop();
    expect(() => decodeSnapshot(broken)).toThrow(/communes\.nom/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/core/geo/distance.js';
import type { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import { byRule, lieu, realGazetteer, repair } from './helpers.js';

let g: Gazetteer;
beforeAll(async () => {
  g = await realGazetteer();
}, 300_000);

const at = (r: { record: Record<string, string> }) => ({
  lat: Number(r.record.latitude),
  lon: Number(r.record.longitude),
});

describe('commune, code postal, code INSEE', () => {
  it('fills a missing code INSEE from commune and postcode', () => {
    const r = repair(lieu({ code_insee: '' }), g);
    expect(r.record.code_insee).toBe('49007');
    expect(byRule(r, 'code_insee.filled')).toHaveLength(1);
  });

  it('replaces a merged commune’s code (and name) by the current commune’s', () => {
    const r = repair(
      lieu({
        commune: 'Annecy-le-Vieux',
        code_postal: '74940',
        code_insee: '74011',
        latitude: '45.9197',
        longitude: '6.1439',
      }),
      g,
    );
    expect(r.record.code_insee).toBe('74010');
    expect(r.record.commune).toBe('Annecy');
    expect(byRule(r, 'code_insee.merged')[0]?.message).toContain('Annecy-le-Vieux');
  });

  it('gives Paris the arrondissement’s code from the postcode', () => {
    const r = repair(
      lieu({
        commune: 'Paris',
        code_postal: '75011',
        code_insee: '75056',
        latitude: '48.8574',
        longitude: '2.38',
      }),
      g,
    );
    expect(r.record.code_insee).toBe('75111');
    expect(r.record.commune).toBe('Paris');
    expect(byRule(r, 'code_insee.arrondissement')).toHaveLength(1);
  });

  it('fills the arrondissement of Lyon and Marseille too', () => {
    const lyon = repair(
      lieu({ commune: 'LYON', code_postal: '69003', code_insee: '', latitude: '', longitude: '' }),
      g,
    );
    expect(lyon.record.code_insee).toBe('69383');
    expect(lyon.record.commune).toBe('Lyon');
    const marseille = repair(
      lieu({ commune: 'Marseille', code_postal: '13013', code_insee: '', latitude: '', longitude: '' }),
      g,
    );
    expect(marseille.record.code_insee).toBe('13213');
  });

  it('writes the commune’s official spelling', () => {
    const r = repair(
      lieu({
        commune: 'ST ETIENNE',
        code_postal: '42000',
        code_insee: '',
        latitude: '45.4339',
        longitude: '4.39',
      }),
      g,
    );
    expect(r.record.commune).toBe('Saint-Étienne');
    expect(r.record.code_insee).toBe('42218');
    expect(byRule(r, 'commune.spelling')).toHaveLength(1);
  });

  it('restores a postcode’s lost leading zero', () => {
    const r = repair(
      lieu({
        commune: 'Bourg-en-Bresse',
        code_postal: '1000',
        code_insee: '1053',
        latitude: '',
        longitude: '',
      }),
      g,
    );
    expect(r.record.code_postal).toBe('01000');
    expect(r.record.code_insee).toBe('01053');
    expect(byRule(r, 'code_postal.format')).toHaveLength(1);
    expect(byRule(r, 'code_insee.format')).toHaveLength(1);
  });

  it('corrects the postcode when the commune and its code agree against it', () => {
    const r = repair(
      lieu({ commune: 'Mérignac', code_postal: '33000', code_insee: '33281', latitude: '', longitude: '' }),
      g,
    );
    expect(r.record.code_postal).toBe('33700');
    expect(byRule(r, 'code_postal.inconsistent')).toHaveLength(1);
  });

  it('corrects the commune when both codes agree against it', () => {
    const r = repair(
      lieu({ commune: 'Bordeaux', code_postal: '33700', code_insee: '33281', latitude: '', longitude: '' }),
      g,
    );
    expect(r.record.commune).toBe('Mérignac');
    expect(byRule(r, 'commune.official_name')[0]?.before).toBe('Bordeaux');
  });

  it('corrects the code INSEE when commune and postcode agree against it', () => {
    const r = repair(lieu({ code_insee: '49328' }), g);
    expect(r.record.code_insee).toBe('49007');
    expect(byRule(r, 'code_insee.inconsistent')).toHaveLength(1);
  });

  it('changes nothing and warns when the postcode and the commune disagree with nothing to decide', () => {
    const r = repair(
      lieu({ commune: 'Bordeaux', code_postal: '33600', code_insee: '', latitude: '', longitude: '' }),
      g,
    );
    expect(r.record.commune).toBe('Bordeaux');
    expect(r.record.code_postal).toBe('33600');
    expect(r.record.code_insee).toBe('');
    expect(r.warnings.map((w) => w.rule)).toEqual(['commune.uncertain']);
  });

  it('lets the coordinates settle a conflict between postcode and commune', () => {
    // 63340 is not Pont-du-Château's postcode (63430); the point is in Pont-du-Château.
    const r = repair(
      lieu({
        commune: 'Pont du château',
        code_postal: '63340',
        code_insee: '',
        latitude: '45.798',
        longitude: '3.248',
      }),
      g,
    );
    expect(r.record).toMatchObject({ commune: 'Pont-du-Château', code_postal: '63430', code_insee: '63284' });
    // Bordeaux with Pessac's postcode, the point in Pessac: Pessac.
    const pessac = repair(
      lieu({
        commune: 'Bordeaux',
        code_postal: '33600',
        code_insee: '',
        latitude: '44.806',
        longitude: '-0.631',
      }),
      g,
    );
    expect(pessac.record).toMatchObject({ commune: 'Pessac', code_insee: '33318', code_postal: '33600' });
  });

  it('warns when the postcode stays inconsistent with a commune that has several', () => {
    const r = repair(
      lieu({
        commune: 'Bordeaux',
        code_postal: '33600',
        code_insee: '',
        latitude: '44.84',
        longitude: '-0.58',
      }),
      g,
    );
    expect(r.record).toMatchObject({ commune: 'Bordeaux', code_insee: '33063', code_postal: '33600' });
    expect(r.warnings.map((w) => w.rule)).toEqual(['code_postal.inconsistent']);
  });

  it('warns about a commune that does not exist', () => {
    const r = repair(
      lieu({ commune: 'Xyzzyville', code_postal: '', code_insee: '', latitude: '', longitude: '' }),
      g,
    );
    expect(r.warnings.map((w) => w.rule)).toEqual(['commune.unknown']);
    expect(r.record.commune).toBe('Xyzzyville');
  });
});

describe('coordinates', () => {
  it('reads decimal commas', () => {
    const r = repair(lieu({ latitude: '47,4706', longitude: '-0,5561' }), g);
    expect(r.record).toMatchObject({ latitude: '47.4706', longitude: '-0.5561' });
    expect(byRule(r, 'latitude.decimal')).toHaveLength(1);
    expect(byRule(r, 'longitude.decimal')).toHaveLength(1);
  });

  it('swaps latitude and longitude when swapping lands near the commune', () => {
    const r = repair(lieu({ latitude: '-0.5561', longitude: '47.4706' }), g);
    expect(r.record).toMatchObject({ latitude: '47.4706', longitude: '-0.5561' });
    expect(byRule(r, 'coordinates.swapped')).toHaveLength(2);
  });

  it('does not swap when the swapped point is not near the commune, and flags the point', () => {
    // Swapped, this lands in Paris, not in Angers.
    const r = repair(lieu({ latitude: '2.35', longitude: '48.85' }), g);
    expect(r.record).toMatchObject({ latitude: '2.35', longitude: '48.85' });
    expect(byRule(r, 'coordinates.swapped')).toHaveLength(0);
  });

  it('flags coordinates far from their commune without moving them', () => {
    const r = repair(lieu({ latitude: '48.8566', longitude: '2.3522' }), g);
    expect(r.record).toMatchObject({ latitude: '48.8566', longitude: '2.3522' });
    const warning = r.warnings.find((w) => w.rule === 'coordinates.far_from_commune');
    expect(warning?.message).toMatch(/\d+ km du centre d/);
  });

  it('converts Lambert-93 metres to WGS84 (reference point computed with PROJ: Paris, Hôtel de Ville)', () => {
    const r = repair(
      lieu({
        commune: 'Paris',
        code_postal: '75004',
        code_insee: '75104',
        latitude: '6862035.26',
        longitude: '652469.02',
      }),
      g,
    );
    // proj4 EPSG:2154 → WGS84: 2.352199963, 48.856600005
    expect(Number(r.record.latitude)).toBeCloseTo(48.8566, 6);
    expect(Number(r.record.longitude)).toBeCloseTo(2.3522, 6);
    expect(byRule(r, 'coordinates.lambert93')).toHaveLength(2);
  });

  it('converts Lambert-93 written with decimal commas and x/y in either column (Maine-et-Loire export)', () => {
    // Real values of the département's export (x, y); PROJ gives 0.024660206, 47.294016025.
    const expected = { lat: 47.294016025, lon: 0.024660206 };
    for (const [latitude, longitude] of [
      ['6692424,50691385', '475198,121680863'],
      ['475198,121680863', '6692424,50691385'],
    ]) {
      const r = repair(
        lieu({
          commune: 'Saumur',
          code_postal: '49400',
          code_insee: '49328',
          latitude: latitude!,
          longitude: longitude!,
        }),
        g,
      );
      expect(haversineKm(at(r), expected)).toBeLessThan(0.001);
    }
  });

  it('converts Web Mercator metres when they land near the commune', () => {
    // proj4 WGS84 → EPSG:3857 of (2.3522, 48.8566): 261845.706, 6250564.350
    const r = repair(
      lieu({
        commune: 'Paris',
        code_postal: '75004',
        code_insee: '75104',
        latitude: '6250564.35',
        longitude: '261845.71',
      }),
      g,
    );
    expect(haversineKm(at(r), { lat: 48.8566, lon: 2.3522 })).toBeLessThan(0.001);
    expect(byRule(r, 'coordinates.web_mercator')).toHaveLength(2);
  });

  it('removes projected values that land nowhere near the commune', () => {
    const r = repair(lieu({ latitude: '6862035.26', longitude: '652469.02' }), g); // Paris, for a lieu in Angers
    expect(r.record).toMatchObject({ latitude: '', longitude: '' });
    expect(byRule(r, 'coordinates.unusable')).toHaveLength(2);
  });

  it('removes the (0, 0) placeholder', () => {
    const r = repair(lieu({ latitude: '0', longitude: '0' }), g);
    expect(r.record).toMatchObject({ latitude: '', longitude: '' });
    expect(byRule(r, 'coordinates.zero')).toHaveLength(2);
  });

  it('allows for large communes of Guyane', () => {
    // Maripasoula's lieux can be far from the chef-lieu; 60 km is still in the commune.
    const centre = g.centreOf('97353')!;
    const r = repair(
      lieu({
        commune: 'Maripasoula',
        code_postal: '97370',
        code_insee: '97353',
        latitude: String(centre.lat - 0.5),
        longitude: String(centre.lon),
        telephone: '',
      }),
      g,
    );
    expect(r.warnings.filter((w) => w.rule === 'coordinates.far_from_commune')).toEqual([]);
  });
});

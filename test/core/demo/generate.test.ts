import { describe, expect, it } from 'vitest';
import { generateDemoRecords, seededRandom, type DemoCommune } from '../../../src/core/demo/generate.js';
import { createValidator } from '../../../src/core/standard/validate.js';
import { compileHours } from '../../../src/core/hours/index.js';
import { siretChecksumValid } from '../../../src/core/standard/checks.js';

const COMMUNES: DemoCommune[] = [
  {
    code: '75111',
    nom: 'Paris 11e Arrondissement',
    codesPostaux: ['75011'],
    departement: '75',
    population: 140000,
    lat: 48.859,
    lon: 2.38,
  },
  {
    code: '33063',
    nom: 'Bordeaux',
    codesPostaux: ['33000', '33100', '33200'],
    departement: '33',
    population: 260000,
    lat: 44.84,
    lon: -0.58,
  },
  {
    code: '23096',
    nom: 'Guéret',
    codesPostaux: ['23000'],
    departement: '23',
    population: 13000,
    lat: 46.17,
    lon: 1.87,
  },
  {
    code: '01001',
    nom: "L'Abergement-Clémenciat",
    codesPostaux: ['01400'],
    departement: '01',
    population: 800,
    lat: 46.15,
    lon: 4.93,
  },
  {
    code: '97411',
    nom: 'Saint-Denis',
    codesPostaux: ['97400'],
    departement: '974',
    population: 150000,
    lat: -20.88,
    lon: 55.45,
  },
];
const NOW = new Date('2026-11-01T12:00:00Z');

describe('generateDemoRecords', () => {
  const records = generateDemoRecords(COMMUNES, { count: 3000, seed: 42, now: NOW });

  it('produces the requested number of records, all valid against the standard (no errors)', () => {
    expect(records).toHaveLength(3000);
    const validator = createValidator({ now: NOW });
    const errors = records
      .flatMap((r, i) => validator.check(r, i + 2))
      .filter((issue) => issue.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateDemoRecords(COMMUNES, { count: 3000, seed: 42, now: NOW });
    expect(again).toEqual(records);
    const other = generateDemoRecords(COMMUNES, { count: 3000, seed: 43, now: NOW });
    expect(other.map((r) => r.nom)).not.toEqual(records.map((r) => r.nom));
  });

  it('gives every lieu compilable hours when it has hours, a valid SIRET and a unique id', () => {
    for (const r of records) {
      if (r.horaires) expect(compileHours(r.horaires!).ok, r.horaires).toBe(true);
      expect(siretChecksumValid(r.pivot!)).toBe(true);
      expect(r.source).toBe('Démonstration');
    }
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it('follows population: the big cities hold more lieux than the village', () => {
    const byCommune = new Map<string, number>();
    for (const r of records) byCommune.set(r.code_insee!, (byCommune.get(r.code_insee!) ?? 0) + 1);
    expect(byCommune.get('33063')!).toBeGreaterThan(byCommune.get('23096')!);
    expect(byCommune.get('23096')!).toBeGreaterThan(byCommune.get('01001') ?? 0);
  });

  it('places lieux near their commune and uses the overseas phone prefix', () => {
    for (const r of records) {
      const commune = COMMUNES.find((c) => c.code === r.code_insee)!;
      expect(Math.abs(Number(r.latitude) - commune.lat)).toBeLessThan(0.05);
      if (r.telephone && commune.departement === '974') expect(r.telephone.startsWith('+262')).toBe(true);
      if (r.telephone && commune.departement !== '974') expect(r.telephone.startsWith('+33')).toBe(true);
    }
  });

  it('has realistic mixes: some itinerant lieux, France Services, online booking only with a link', () => {
    const share = (pred: (r: (typeof records)[number]) => boolean) =>
      records.filter(pred).length / records.length;
    expect(share((r) => r.itinerance === 'Itinérant')).toBeGreaterThan(0.01);
    expect(share((r) => r.itinerance === 'Itinérant')).toBeLessThan(0.08);
    expect(share((r) => r.dispositif_programmes_nationaux!.includes('France Services'))).toBeGreaterThan(
      0.05,
    );
    expect(
      share((r) => r.dispositif_programmes_nationaux!.includes('Conseillers numériques')),
    ).toBeGreaterThan(0.2);
    for (const r of records) {
      expect(r.modalites_acces!.includes('Prendre un RDV en ligne')).toBe(Boolean(r.prise_rdv));
    }
  });
});

describe('seededRandom', () => {
  it('yields numbers in [0, 1) and repeats for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(b()).toBe(x);
    }
  });
});

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { lieu, tempDir, writeCsv } from '../pipeline/import-helpers.js';
import { captureIO as capture } from './helpers.js';

const BORDEAUX = {
  commune: 'Bordeaux',
  code_postal: '33000',
  code_insee: '33063',
  latitude: '44.8378',
  longitude: '-0.5792',
};

describe('repere export', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = tempDir('repere-cli-export-');
    env = { DATA_DIR: join(dir, 'data') };
    writeCsv(dir, 'lieux.csv', [
      lieu(0),
      lieu(1, { frais_a_charge: 'Payant' }),
      lieu(2, { ...BORDEAUX, services: 'Accès internet et matériel informatique' }),
    ]);
    expect(await main(['import', 'lieux.csv', '--now', '2024-06-01'], capture(dir, env))).toBe(0);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports a CSV filtered with the API parameters that repere validate accepts', async () => {
    const io = capture(dir, env);
    expect(await main(['export', '--format', 'csv', '--out', 'angers.csv', '--departements', '49'], io)).toBe(
      0,
    );
    expect(io.out.join('')).toMatch(/2 lieux exportés \(version 1 du jeu national, 2 lieux retenus/);
    const check = capture(dir, env);
    expect(await main(['validate', 'angers.csv', '--format', 'json', '--now', '2024-06-01'], check)).toBe(0);
    const report = JSON.parse(check.out.join(''));
    expect(report).toMatchObject({ records: 2, invalid: 0 });
  });

  it('accepts the same filters as a query string, and boolean flags without value', async () => {
    const a = capture(dir, env);
    expect(
      await main(['export', '--format=json', '-o', 'a.json', '--query', 'departements=49&gratuit=oui'], a),
    ).toBe(0);
    const b = capture(dir, env);
    expect(
      await main(['export', '--format', 'json', '--out', 'b.json', '--departements=49', '--gratuit'], b),
    ).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Array<{ nom: string }>;
    expect(first.map((r) => r.nom)).toEqual([lieu(0).nom]);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));

    const services = capture(dir, env);
    expect(
      await main(
        [
          'export',
          '--format',
          'geojson',
          '--out',
          's.geojson',
          '--services',
          'Accès internet et matériel informatique',
        ],
        services,
      ),
    ).toBe(0);
    const features = JSON.parse(readFileSync(join(dir, 's.geojson'), 'utf8')).features as unknown[];
    expect(features).toHaveLength(1);
  });

  it('exports data·inclusion structures and services into a folder', async () => {
    const io = capture(dir, { ...env, PUBLIC_URL: 'https://lieux.example.fr' });
    expect(await main(['export', '--format', 'data-inclusion', '--out', 'di'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/3 structures et 5 services exportés/);
    const structures = JSON.parse(readFileSync(join(dir, 'di', 'structures.json'), 'utf8')) as Array<{
      lien_source: string;
    }>;
    expect(structures[0]!.lien_source).toMatch(/^https:\/\/lieux\.example\.fr\/lieux\//);
  });

  it('refuses bad options and invalid filters with exit code 2 and writes nothing', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['export', '--out', 'x.csv'], /--format est obligatoire/],
      [
        ['export', '--format', 'xlsx', '--out', 'x.csv'],
        /--format attend csv, json, geojson, data-inclusion/,
      ],
      [['export', '--format', 'csv'], /--out est obligatoire/],
      [['export', '--format', 'csv', '--out', 'x.csv', '--couleur', 'bleu'], /option inconnue « --couleur »/],
      [
        ['export', '--format', 'csv', '--out', 'x.csv', '--departements', 'zz'],
        /filtres invalides :\n {2}departements « zz »/,
      ],
      [
        ['export', '--format', 'csv', '--out', 'x.csv', '--query', 'services=Cuisine'],
        /services « Cuisine »/,
      ],
      [['export', '--format', 'csv', '--out', 'x.csv', '--limit', '10'], /sans pagination/],
      [['export', '--format', 'csv', '--out', 'x.csv', 'lieux'], /argument inattendu « lieux »/],
      [
        ['export', '--format', 'csv', '--out', 'x.csv'],
        /aucun jeu de données publié/,
        { DATA_DIR: join(dir, 'vide') },
      ],
    ];
    for (const [args, message, extra] of cases) {
      const io = capture(dir, { ...env, ...extra });
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err.join(''), args.join(' ')).toMatch(message);
    }
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

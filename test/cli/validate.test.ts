import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';

import { runRepere, type Run } from './helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = resolve(ROOT, '../shared');
const EXAMPLE = resolve(SHARED, 'data/standard/exemple-valide-v1.0.1.csv');
const HAS_SHARED = existsSync(EXAMPLE);
const SKIP = HAS_SHARED ? '' : ` (skipped: ${SHARED} absent)`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repere-validate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function repere(...argv: string[]): Promise<Run> {
  return runRepere(argv, dir);
}

const VALID: Record<string, string> = {
  id: 'lieu-1',
  pivot: '43493312300029',
  nom: 'Médiathèque de Reims',
  commune: 'Reims',
  code_postal: '51100',
  code_insee: '51454',
  adresse: '12 rue de la République',
  latitude: '49.2583',
  longitude: '4.0317',
  telephone: '+33326000000',
  horaires: 'Mo-Fr 09:00-12:00',
  date_maj: '2024-05-02',
  services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
  frais_a_charge: 'Gratuit',
};

function csv(records: Record<string, string>[], header: readonly string[] = FIELD_NAMES): string {
  const cell = (v: string) => (/[",\n;|]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = [header.join(','), ...records.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))];
  return `${rows.join('\n')}\n`;
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface JsonReport {
  records: number;
  valid: number;
  invalid: number;
  warnings: number;
  errors: { row: number; field: string; value: string; code: string; severity: string; message: string }[];
}

describe.skipIf(!HAS_SHARED)(`repere validate on the official example${SKIP}`, () => {
  it('exits 0 and reports 1 valid record', async () => {
    const run = await repere('validate', EXAMPLE, '--now', '2024-06-01');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('1 enregistrement : 1 valide, 0 invalide ; 0 avertissement');
    expect(run.stdout).toContain('Aucun problème');
  });

  it('gives the exact JSON shape', async () => {
    const run = await repere('validate', EXAMPLE, '--format', 'json', '--now', '2024-06-01');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ records: 1, valid: 1, invalid: 0, warnings: 0, errors: [] });
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual([
      'records',
      'valid',
      'invalid',
      'warnings',
      'errors',
    ]);
  });

  it('still exits 0 when the only remark is a warning (date_maj older than two years)', async () => {
    const run = await repere('validate', EXAMPLE, '--format=json', '--now=2026-11-29');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ records: 1, valid: 1, invalid: 0, warnings: 1 });
    expect(report.errors.map((e) => [e.code, e.severity])).toEqual([['date_maj.stale', 'warning']]);
  });
});

describe('repere validate: reports every problem', () => {
  it('reports all faults of a record with several, and exits 1', async () => {
    const path = file(
      'plusieurs.csv',
      csv([
        VALID,
        {
          ...VALID,
          id: 'lieu-2',
          nom: '',
          code_postal: '7500',
          latitude: '49,25',
          date_maj: '2024-02-30',
          frais_a_charge: 'gratuit',
          services: 'Aide administrative|Accompagnement individuel',
          pivot: '00000000000000',
        },
      ]),
    );
    const run = await repere('validate', path, '--format', 'json', '--now', '2024-06-01');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ records: 2, valid: 1, invalid: 1, warnings: 1 });
    expect(report.errors.map((e) => [e.row, e.code, e.severity])).toEqual([
      [3, 'pivot.placeholder', 'warning'],
      [3, 'nom.required', 'error'],
      [3, 'code_postal.pattern', 'error'],
      [3, 'latitude.type', 'error'],
      [3, 'date_maj.type', 'error'],
      [3, 'services.enum', 'error'],
      [3, 'services.enum', 'error'],
      [3, 'frais_a_charge.enum', 'error'],
    ]);
    const postal = report.errors.find((e) => e.code === 'code_postal.pattern')!;
    expect(postal).toEqual({
      row: 3,
      field: 'code_postal',
      value: '7500',
      code: 'code_postal.pattern',
      severity: 'error',
      message:
        '`code_postal` doit contenir exactement 5 chiffres : « 7500 » ; le 0 initial a-t-il été perdu ? écrivez « 07500 ».',
    });
  });

  it('groups problems by rule with counts and at most 3 examples', async () => {
    const records = Array.from({ length: 5 }, (_, i) => ({
      ...VALID,
      id: `l${i}`,
      code_postal: `${1000 + i}`,
    }));
    const path = file('groupes.csv', csv([...records, { ...VALID, id: 'l9', site_web: 'www.exemple.fr' }]));
    const run = await repere('validate', path, '--now', '2024-06-01');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '6 enregistrements : 1 valide, 5 invalides ; 1 avertissement (sur 1 enregistrement).',
    );
    expect(run.stdout).toContain(
      'Erreurs, par règle :\n  code_postal.pattern — 5 erreurs\n    ligne 2 : `code_postal`',
    );
    expect(run.stdout).toContain(
      '    ligne 4 : `code_postal` doit contenir exactement 5 chiffres : « 1002 »',
    );
    expect(run.stdout).not.toContain('ligne 5 : `code_postal`');
    expect(run.stdout).toContain('    … et 2 de plus');
    expect(run.stdout).toContain(
      'Avertissements, par règle :\n  site_web.format — 1 avertissement\n    ligne 7 :',
    );
  });

  it('--all lists every issue, line by line', async () => {
    const records = Array.from({ length: 5 }, (_, i) => ({
      ...VALID,
      id: `l${i}`,
      code_postal: `${1000 + i}`,
    }));
    const run = await repere('validate', file('tous.csv', csv(records)), '--all', '--now', '2024-06-01');
    expect(run.code).toBe(1);
    for (let line = 2; line <= 6; line++) {
      expect(run.stdout).toContain(`erreur  code_postal.pattern  ligne ${line} : \`code_postal\``);
    }
    expect(run.stdout).toContain('Nombre par règle :\n  5  code_postal.pattern (erreur)');
  });

  it('reports a duplicate id with the line of its first use', async () => {
    const path = file('doublon.csv', csv([VALID, { ...VALID }]));
    const run = await repere('validate', path, '--format', 'json', '--now', '2024-06-01');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ row: 3, code: 'id.unique' });
    expect(report.errors[0]!.message).toContain('ligne 2');
  });

  it('exits 0 with warnings only', async () => {
    const path = file('avertissements.csv', csv([{ ...VALID, latitude: '4.0317', longitude: '49.2583' }]));
    const run = await repere('validate', path, '--now', '2024-06-01');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('coordinates.swapped — 1 avertissement');
    expect(run.stdout).toContain(
      'Aucune erreur : le fichier respecte le standard (voir les avertissements).',
    );
  });

  it('flags date_maj in the future relative to --now', async () => {
    const run = await repere(
      'validate',
      file('futur.csv', csv([VALID])),
      '--now',
      '2024-01-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as JsonReport).errors.map((e) => e.code)).toEqual(['date_maj.future']);
  });

  it('notes unknown and missing columns without failing', async () => {
    const header = [...FIELD_NAMES.filter((n) => n !== 'prise_rdv'), 'colonne_maison'];
    const run = await repere(
      'validate',
      file('colonnes.csv', csv([{ ...VALID, colonne_maison: 'x' }], header)),
      '--now',
      '2024-06-01',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Colonnes hors du standard (ignorées, ce n'est pas une erreur) : colonne_maison.",
    );
    expect(run.stdout).toContain('Colonnes du standard absentes : prise_rdv.');
  });

  it('reads JSON files', async () => {
    const path = file(
      'lieux.json',
      JSON.stringify([VALID, { ...VALID, id: 'b', telephone: '03 26 00 00 00' }]),
    );
    const run = await repere('validate', path, '--format', 'json', '--now', '2024-06-01');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([[expect.any(Number), 'telephone.pattern']]);
    expect(report.errors[0]!.message).toContain('« +33326000000 »');
  });

  it('reads windows-1252 files', async () => {
    const path = file('latin.csv', iconv.encode(csv([VALID]), 'windows-1252'));
    const run = await repere('validate', path, '--now', '2024-06-01', '--encoding', 'windows-1252');
    expect(run.code).toBe(0);
    const auto = await repere('validate', path, '--now', '2024-06-01');
    expect(auto.code).toBe(0);
    expect(auto.stdout).toContain('windows-1252');
  });

  it('reports a ragged CSV row as an error of that record, and exits 2 (malformed file)', async () => {
    const text = `${csv([VALID]).trimEnd()}\n${csv([{ ...VALID, id: 'b' }]).split('\n')[1]},en trop\n`;
    const run = await repere('validate', file('decale.csv', text), '--format', 'json', '--now', '2024-06-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('decale.csv');
    expect(run.stderr).toContain("n'ont pas autant de valeurs");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.invalid).toBe(1);
    expect(report.errors[0]).toMatchObject({ row: 3, code: 'read.ragged-row', severity: 'error' });
  });
});

describe('repere validate: usage and I/O errors exit 2 with one clear line', () => {
  it.each([
    [[], 'indiquez le fichier à vérifier'],
    [['a.csv', 'b.csv'], 'un seul fichier est attendu'],
    [['a.csv', '--bogus'], 'option inconnue « --bogus »'],
    [['a.csv', '--format', 'xml'], 'format de rapport « xml » inconnu'],
    [['a.csv', '--now', 'hier'], '--now attend une date'],
    [['a.csv', '--now'], "l'option --now attend une valeur"],
    [['a.csv', '--encoding', 'latin9'], 'encodage « latin9 » inconnu'],
    [['a.csv', '--input-format', 'xls'], 'format de fichier « xls » inconnu'],
  ])('%j', async (args, message) => {
    const run = await repere('validate', ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file', async () => {
    const run = await repere('validate', 'absent.csv');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`repere validate : ${join(dir, 'absent.csv')} : ce fichier n'existe pas.\n`);
  });

  it('a directory and an unreadable (binary) file', async () => {
    mkdirSync(join(dir, 'dossier'), { recursive: true });
    const folder = await repere('validate', 'dossier');
    expect(folder.code).toBe(2);
    expect(folder.stderr.trim().split('\n')).toHaveLength(1);
    const binary = await repere(
      'validate',
      file('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 0])),
    );
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/^repere validate : .*image\.csv/);
    expect(binary.stderr).not.toContain('    at ');
  });

  it('--help is in French', async () => {
    const run = await repere('validate', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage : repere validate <fichier> [options]');
    expect(run.stdout).toContain('Codes de sortie');
    const general = await repere('--help');
    expect(general.stdout).toMatch(/validate\s+vérifie un fichier/);
  });
});

const BIN = resolve(ROOT, 'bin/repere.js');
const BUILT = existsSync(resolve(ROOT, 'dist/cli/commands/validate.js'));
describe.skipIf(!HAS_SHARED || !BUILT)(
  `the real binary${BUILT ? '' : ' (skipped: run « npm run build » first)'}${SKIP}`,
  () => {
    it('node bin/repere.js validate <official example> exits 0 with 1 valid record', () => {
      const result = spawnSync(process.execPath, [BIN, 'validate', EXAMPLE, '--now', '2024-06-01'], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('1 enregistrement : 1 valide, 0 invalide');
    });

    it('node bin/repere.js validate on a faulty file exits 1 and lists every fault', () => {
      const path = file('binaire.csv', csv([{ ...VALID, code_postal: '7500', frais_a_charge: 'gratuit' }]));
      const result = spawnSync(
        process.execPath,
        [BIN, 'validate', path, '--format', 'json', '--now', '2024-06-01'],
        {
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout) as JsonReport;
      expect(report.errors.map((e) => e.code)).toEqual(['code_postal.pattern', 'frais_a_charge.enum']);
    });

    it('node bin/repere.js validate on a missing file exits 2 without a stack trace', () => {
      const result = spawnSync(process.execPath, [BIN, 'validate', join(dir, 'absent.csv')], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  },
);

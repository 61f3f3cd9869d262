import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';
import { createValidator } from '../../src/core/standard/validate.js';
import { readRecords } from '../../src/io/index.js';

import { runRepere, type Run } from './helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = resolve(ROOT, '../shared');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repere-migrate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function repere(...argv: string[]): Promise<Run> {
  return runRepere(argv, dir);
}

async function readAll(path: string): Promise<{ line: number; record: Record<string, string> }[]> {
  const out: { line: number; record: Record<string, string> }[] = [];
  for await (const item of readRecords(path)) out.push({ line: item.line, record: item.record });
  return out;
}

function csv(rows: string[][]): string {
  const cell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

const HEADER = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'adresse',
  'date_maj',
  'services',
  'publics_accueillis',
  'conditions_acces',
  'courriel',
  'cle_ban',
];
const GOOD = [
  'a1',
  '21760351300011',
  'Médiathèque Oscar Niemeyer',
  'Le Havre',
  '76600',
  '2 place Niemeyer',
  '2024-01-15',
  'Prendre en main un ordinateur;Accéder à du matériel',
  'Seniors (+ 65 ans);Adultes;Surdité',
  'Gratuit : Je peux accéder gratuitement au lieu et à ses services',
  'biblio@lehavre.fr',
  '76351_1234_00002',
];
// No postcode: the source lacks a required v1 field; also one value nobody can map.
const NO_POSTCODE = [
  'a2',
  '21760351300011',
  'Relais lecture',
  'Le Havre',
  '',
  '1 rue de la Paix',
  '2024-01-15',
  'Créer avec le numérique;Cours de danse',
  '',
  '',
  '',
  '',
];

function writeV0(name: string, rows: string[][] = [GOOD, NO_POSTCODE]): string {
  const path = join(dir, name);
  writeFileSync(path, csv([HEADER, ...rows]));
  return path;
}

describe('repere migrate — usage', () => {
  it('prints a French help', async () => {
    const r = await repere('migrate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage : repere migrate <entrée> --out <sortie>/);
    expect(r.stdout).toMatch(/--only-valid/);
    expect(r.stdout).toMatch(/Codes de sortie/);
  });

  it('is listed by repere --help', async () => {
    const r = await repere('--help');
    expect(r.stdout).toMatch(/migrate\s+convertit un fichier du standard v0\.1/);
  });

  it.each([
    [[], /indiquez le fichier v0\.1/],
    [['in.csv'], /--out <sortie>/],
    [['in.csv', '--out'], /l'option --out attend une valeur/],
    [['in.csv', '--out', 'out.txt'], /extension doit être \.csv, \.json ou \.geojson/],
    [['in.csv', '-o', 'out.csv', '--bogus'], /option inconnue « --bogus »/],
    [['a.csv', 'b.csv', '-o', 'out.csv'], /un seul fichier d'entrée/],
    [['in.csv', '-o', 'in.csv'], /ne peut pas remplacer le fichier d’entrée/],
    [['in.csv', '-o', 'out.csv', '--report', 'out.csv'], /nom différent/],
    [['in.csv', '-o', 'out.csv', '--encoding', 'latin9'], /encodage « latin9 » inconnu/],
    [['in.csv', '-o', 'out.csv', '--input-format', 'xml'], /format d'entrée « xml » inconnu/],
  ])('rejects %j with exit code 2 and a clear message', async (args, message) => {
    const r = await repere('migrate', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which input file is missing (exit 2) and writes nothing', async () => {
    const r = await repere('migrate', 'absent.json', '--out', 'sortie.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/absent\.json.*n'existe pas/);
    expect(existsSync(join(dir, 'sortie.csv'))).toBe(false);
  });

  it('reports a malformed input as a reading error with its place (exit 2) and leaves no output', async () => {
    writeFileSync(join(dir, 'casse.json'), '[{"id": "a1", "nom": "Lieu"},\n{"id": ');
    const r = await repere('migrate', 'casse.json', '--out', 'casse-v1.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/casse\.json, ligne 2/);
    expect(r.stderr).not.toMatch(/écriture/);
    expect(existsSync(join(dir, 'casse-v1.csv'))).toBe(false);
  });

  it('says when the output folder does not exist (exit 2)', async () => {
    const input = writeV0('v0-nodir.csv');
    const r = await repere('migrate', input, '--out', join(dir, 'pas-de-dossier', 'sortie.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dossier de destination n'existe pas/);
  });
});

describe('repere migrate — conversion', () => {
  it('writes every record in v1, lists the invalid ones with the reason, exits 1', async () => {
    const input = writeV0('v0.csv');
    const r = await repere('migrate', 'v0.csv', '--out', 'v1.csv');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 enregistrements lus, 2 écrits/);
    expect(r.stdout).toMatch(/1 enregistrement valide, 1 invalide/);
    expect(r.stdout).toMatch(/ligne 3, id « a2 », « Relais lecture » :\n\s+- .*code_postal/);
    expect(r.stdout).toMatch(/services « Cours de danse » : 1 fois \(ligne 3\)/);
    expect(r.stdout).toMatch(/publics\.adultes \(publics_accueillis\)/);
    expect(r.stdout).toMatch(/cle_ban\.dropped/);

    const rows = await readAll(join(dir, 'v1.csv'));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]?.record ?? {})).toEqual(FIELD_NAMES);
    const first = rows[0]?.record ?? {};
    expect(first.services).toBe(
      'Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique',
    );
    expect(first.publics_specifiquement_adresses).toBe('Seniors');
    expect(first.prise_en_charge_specifique).toBe('Surdité');
    expect(first.frais_a_charge).toBe('Gratuit');
    expect(first.courriels).toBe('biblio@lehavre.fr');
    expect(rows[1]?.record.services).toBe('Loisirs et créations numériques');
    expect(existsSync(input)).toBe(true);
  });

  it('exits 0 when every record is valid in v1', async () => {
    writeV0('v0-good.csv', [GOOD]);
    const r = await repere('migrate', 'v0-good.csv', '--out', 'v1-good.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 enregistrement valide, 0 invalides/);
    const written = JSON.parse(readFileSync(join(dir, 'v1-good.json'), 'utf8')) as Record<string, unknown>[];
    expect(written).toHaveLength(1);
    expect(written[0]?.id).toBe('a1');
  });

  it('--only-valid leaves invalid records out but still reports them', async () => {
    writeV0('v0-only.csv');
    const r = await repere('migrate', 'v0-only.csv', '--out', 'v1-only.csv', '--only-valid');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 enregistrements lus, 1 écrit ; 1 invalide\(s\) non écrit\(s\)/);
    expect(r.stdout).toMatch(/id « a2 »/);
    const rows = await readAll(join(dir, 'v1-only.csv'));
    expect(rows.map((x) => x.record.id)).toEqual(['a1']);
  });

  it('writes a JSON report with every note and every validation issue', async () => {
    writeV0('v0-report.csv');
    const r = await repere('migrate', 'v0-report.csv', '-o', 'v1-report.csv', '--report', 'rapport.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Rapport complet : .*rapport\.json/);
    const report = JSON.parse(readFileSync(join(dir, 'rapport.json'), 'utf8')) as {
      counts: {
        read: number;
        written: number;
        valid: number;
        invalid: number;
        notes: Record<string, number>;
      };
      unmapped: { field: string; value: string; count: number; lines: number[] }[];
      notesByCode: { code: string; count: number }[];
      records: {
        line: number;
        id: string;
        valid: boolean;
        notes: { code: string }[];
        errors: { field: string }[];
      }[];
    };
    expect(report.counts).toMatchObject({ read: 2, written: 2, valid: 1, invalid: 1 });
    expect(report.counts.notes.unmapped).toBe(1);
    expect(report.unmapped).toEqual([{ field: 'services', value: 'Cours de danse', count: 1, lines: [3] }]);
    expect(report.records.map((x) => [x.line, x.id, x.valid])).toEqual([
      [2, 'a1', true],
      [3, 'a2', false],
    ]);
    expect(report.records[1]?.errors.map((e) => e.field)).toEqual(['code_postal']);
    expect(report.records[0]?.notes.map((n) => n.code)).toContain('cle_ban.dropped');
    const total = report.notesByCode.reduce((sum, g) => sum + g.count, 0);
    expect(total).toBe(Object.values(report.counts.notes).reduce((a, b) => a + b, 0));
  });

  it('reads a Windows-1252 export when asked', async () => {
    const path = join(dir, 'v0-1252.csv');
    writeFileSync(path, iconv.encode(csv([HEADER, GOOD]), 'windows-1252'));
    const r = await repere('migrate', 'v0-1252.csv', '--out', 'v1-1252.csv', '--encoding', 'windows-1252');
    expect(r.code).toBe(0);
    const rows = await readAll(join(dir, 'v1-1252.csv'));
    expect(rows[0]?.record.nom).toBe('Médiathèque Oscar Niemeyer');
    expect(rows[0]?.record.prise_en_charge_specifique).toBe('Surdité');
  });

  it('notices a file that is already in v1', async () => {
    const path = join(dir, 'deja-v1.csv');
    writeFileSync(
      path,
      csv([
        ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj', 'services'],
        [
          'b1',
          '21760351300011',
          'Lieu',
          'Le Havre',
          '76600',
          '1 rue A',
          '2024-01-15',
          'Loisirs et créations numériques',
        ],
      ]),
    );
    const r = await repere('migrate', 'deja-v1.csv', '--out', 'deja-v1-out.csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/peut-être déjà en v1/);
  });
});

describe.skipIf(!existsSync(SHARED))(
  'repere migrate — real v0.1 files (needs ../shared, skipped when absent)',
  () => {
    /** Source columns that hold each v1 required field (v0 spellings seen in real files included). */
    const SOURCE_COLUMNS: Record<string, string[]> = {
      id: ['id'],
      pivot: ['pivot'],
      nom: ['nom'],
      commune: ['commune'],
      code_postal: ['code_postal'],
      adresse: ['adresse', 'Adresse'],
      date_maj: ['date_maj'],
    };

    async function migrateAndCheck(source: string, expectedRecords: number) {
      const name = source.split('/').pop() ?? 'source';
      const out = join(dir, `${name}.v1.csv`);
      const report = join(dir, `${name}.rapport.json`);
      const r = await repere('migrate', resolve(SHARED, source), '--out', out, '--report', report);

      const sourceRows = (
        JSON.parse(readFileSync(resolve(SHARED, source), 'utf8')) as Record<string, unknown>[]
      ).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
        ),
      );
      expect(sourceRows).toHaveLength(expectedRecords);

      // Validate the written file independently of the command.
      const written = await readAll(out);
      expect(written).toHaveLength(expectedRecords);
      const validator = createValidator();
      const invalid: { index: number; id: string; errors: { field: string; rule: string }[] }[] = [];
      written.forEach(({ record }, index) => {
        const errors = validator.check(record, index + 2).filter((i) => i.severity === 'error');
        if (errors.length) invalid.push({ index, id: record.id ?? '', errors });
      });

      // Every remaining error is about data the source lacked (an empty required field) or a source defect
      // that migration must not hide (the same id used twice) — never about a value migration failed to map.
      const ids = sourceRows.map((row) => (row.id ?? '').trim());
      for (const { index, id, errors } of invalid) {
        for (const e of errors) {
          expect(['required', 'unique'], `${id} ${e.field}`).toContain(e.rule);
          const row = sourceRows[index] ?? {};
          if (e.rule === 'required') {
            const columns = SOURCE_COLUMNS[e.field] ?? [e.field];
            expect(
              columns.every((c) => !(row[c] ?? '').trim()),
              `${id} ${e.field}`,
            ).toBe(true);
          } else {
            expect(ids.filter((x) => x === id).length, id).toBeGreaterThan(1);
          }
        }
      }

      // The command's verdict, its exit code and its report agree with the independent validation.
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
        counts: { read: number; written: number; valid: number; invalid: number };
        records: { id: string; valid: boolean }[];
      };
      expect(parsed.counts).toMatchObject({
        read: expectedRecords,
        written: expectedRecords,
        invalid: invalid.length,
        valid: expectedRecords - invalid.length,
      });
      expect(parsed.records.filter((x) => !x.valid).map((x) => x.id)).toEqual(invalid.map((x) => x.id));
      expect(r.code).toBe(invalid.length ? 1 : 0);
      for (const { id } of invalid) expect(r.stdout).toContain(`id « ${id} »`);
      return { invalid, stdout: r.stdout };
    }

    it('cartographie-v0.1: 687 records, all valid in v1', async () => {
      const { invalid, stdout } = await migrateAndCheck(
        'data/sources/cartographie-v0.1/source.v0.1.json',
        687,
      );
      expect(invalid).toEqual([]);
      expect(stdout).not.toMatch(/Valeurs non reconnues/);
    });

    it('le-havre: 80 messy records, invalid only where the source is at fault', async () => {
      const { invalid } = await migrateAndCheck('data/sources/le-havre/le-havre.v0.1.json', 80);
      expect(invalid.length).toBeLessThan(80 / 10);
    });

    it('aix-en-provence (v0.1 with cle_ban): invalid only where the source lacks data', async () => {
      const { invalid, stdout } = await migrateAndCheck(
        'data/sources/aix-en-provence/aix-en-provence.json',
        38,
      );
      expect(invalid.length).toBeLessThan(38 / 10);
      expect(stdout).toMatch(/cle_ban\.dropped/);
    });
  },
);

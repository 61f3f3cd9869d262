import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { lieu, tempDir, writeCsv } from '../pipeline/import-helpers.js';
import { captureIO as capture } from './helpers.js';

describe('repere import', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = tempDir('repere-cli-import-');
    env = { DATA_DIR: join(dir, 'data') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a standard file into DATA_DIR, prints a summary, and skips it the second time', async () => {
    writeCsv(dir, 'Lieux Angers.csv', [lieu(0), lieu(1), lieu(2, { nom: '' })]);
    const io = capture(dir, env);
    expect(await main(['import', 'Lieux Angers.csv', '--now', '2024-06-01'], io)).toBe(0);
    const text = io.out.join('');
    expect(text).toContain('lieux-angers');
    expect(text).toMatch(/lus 3 · valides 2 · réparés \d+ · gardés 2 · fusionnés 0 · rejetés 1/);
    expect(text).toContain('nom.required');
    expect(text).toMatch(/version 1, 2 lieux/);
    // Plain progress lines on stderr when not a terminal.
    expect(io.err.join('')).toMatch(/lieux-angers : lecture 3/);
    expect(io.err.join('')).not.toContain('\x1b[');

    const store = await openStore({ dataDir: env.DATA_DIR });
    try {
      expect((await store.currentDataset())!.lieux).toHaveLength(2);
    } finally {
      await store.close();
    }

    const again = capture(dir, env);
    expect(await main(['import', 'Lieux Angers.csv', '--format', 'json'], again)).toBe(0);
    const report = JSON.parse(again.out.join(''));
    expect(report.sources[0]).toMatchObject({ sourceId: 'lieux-angers', outcome: 'unchanged' });
    expect(report.sources[0].records).toBeUndefined();
    expect(report.dataset).toEqual({ version: 1, lieux: 2 });
  }, 60_000);

  it('gives every record its outcome with --format json --details, and draws bars on a terminal', async () => {
    writeCsv(dir, 'a.csv', [lieu(0), lieu(1, { pivot: '1' })]);
    const io = capture(dir, env, true);
    expect(await main(['import', 'a.csv', '--format', 'json', '--details'], io)).toBe(0);
    const report = JSON.parse(io.out.join(''));
    expect(report.totals).toMatchObject({ read: 2, kept: 1, rejected: 1 });
    expect(report.sources[0].records.map((r: { status: string }) => r.status)).toEqual(['kept', 'rejected']);
    expect(report.sources[0].records[1].reasons[0]).toMatchObject({ rule: 'pivot.pattern', field: 'pivot' });
    expect(io.err.join('')).toContain('█');
  }, 60_000);

  it('exits 1 when a source fails, and still imports the others', async () => {
    writeCsv(dir, 'ok.csv', [lieu(0)]);
    writeFileSync(join(dir, 'tronque.csv'), 'id,nom,commune\n"lieu-1","Espace num');
    const io = capture(dir, env);
    expect(await main(['import', 'ok.csv', 'tronque.csv'], io)).toBe(1);
    const text = io.out.join('');
    expect(text).toMatch(/ok \(.*\) : importée/);
    expect(text).toMatch(/tronque \(.*\) : échouée/);
    expect(text).toMatch(/raison : .*tronque\.csv/);
  }, 60_000);

  it('refuses bad arguments with exit code 2 before importing anything', async () => {
    writeCsv(dir, 'ok.csv', [lieu(0)]);
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['import'], /au moins une définition/],
      [['import', 'ok.csv', 'absent.csv'], /absent\.csv : fichier introuvable/],
      [['import', 'ok.csv', '--format', 'xml'], /--format attend texte ou json/],
      [['import', 'ok.csv', '--details'], /--details/],
      [['import', 'ok.csv', 'ok.csv'], /même source « ok »/],
      [['import', 'ok.csv', '--now', 'hier'], /--now attend une date/],
      [['import', 'ok.csv'], /géocodeur inconnu « ban »/, { REPERE_GEOCODER: 'ban' }],
      [['import', 'ok.csv'], /DATABASE_URL/, { DATABASE_URL: 'mysql://x' }],
    ];
    for (const [args, message, extra] of cases) {
      const io = capture(dir, { ...env, ...extra });
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err.join(''), args.join(' ')).toMatch(message);
    }
    const store = await openStore({ dataDir: env.DATA_DIR });
    try {
      expect(await store.currentVersion()).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 60_000);
});

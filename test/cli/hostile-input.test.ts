/**
 * Hostile input through the real binary: every case ends with one clear message that names the file
 * (and the line when there is one), exit code 2, and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/repere.js');
const BUILT = existsSync(join(import.meta.dirname, '../../dist/cli/main.js'));
const dir = mkdtempSync(join(tmpdir(), 'repere-hostile-'));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CASES: Array<[string, () => string, RegExp]> = [
  [
    'unbalanced quotes',
    () => write('quotes.csv', 'id,nom\n"1,foo\n2,bar\n'),
    /quotes\.csv, ligne 2 : guillemet/,
  ],
  ['ragged rows', () => write('ragged.csv', 'id,nom\n1,a,b,c\n2\n'), /ragged\.csv : 2 ligne\(s\)/],
  [
    'binary garbage',
    () => write('garbage.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
    /garbage\.csv/,
  ],
  [
    'a 10 MB field',
    () => write('big.csv', `id,nom\n1,${'x'.repeat(10_000_000)}\n`),
    /big\.csv, ligne 2 : valeur de plus de/,
  ],
  ['an empty file', () => write('empty.csv', ''), /empty\.csv : le fichier est vide/],
  [
    'a JSON that is not an array',
    () => write('object.json', '{"a": 1}'),
    /object\.json, ligne 1 : le fichier JSON est un objet/,
  ],
  [
    'a truncated JSON',
    () => write('cut.json', '[{"id": "1", "nom": "A"}, {"id": "2", "no'),
    /cut\.json, ligne 1/,
  ],
];

describe.skipIf(!BUILT)('repere validate on hostile input (real binary)', () => {
  it.each(CASES)('%s', (_name, make, message) => {
    const run = spawnSync(process.execPath, [BIN, 'validate', make()], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a header-only file is not an error: 0 records, said plainly', () => {
    const run = spawnSync(process.execPath, [BIN, 'validate', write('header.csv', 'id,nom,commune\n')], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("ne contient que la ligne d'en-tête");
  });
});

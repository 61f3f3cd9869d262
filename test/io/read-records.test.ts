import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RecordReadError,
  formatFromPath,
  readRecords,
  type ReadItem,
  type ReadSummary,
} from '../../src/io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'repere-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(
  path: string,
  opts: Parameters<typeof readRecords>[1] = {},
): Promise<{ items: ReadItem[]; summary: ReadSummary }> {
  const iterator = readRecords(path, opts);
  const items: ReadItem[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { items, summary: next.value };
    items.push(next.value);
  }
}

async function failure(path: string, opts: Parameters<typeof readRecords>[1] = {}): Promise<RecordReadError> {
  try {
    await readAll(path, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordReadError);
    return error as RecordReadError;
  }
  throw new Error('expected a RecordReadError');
}

describe('formatFromPath', () => {
  it('maps extensions, case-insensitively', () => {
    expect(formatFromPath('a/Lieux.CSV')).toBe('csv');
    expect(formatFromPath('x.tsv')).toBe('csv');
    expect(formatFromPath('x.geojson')).toBe('json');
    expect(formatFromPath('x.json')).toBe('json');
    expect(formatFromPath('x.dat')).toBeUndefined();
  });
});

describe('readRecords', () => {
  it('streams CSV records with their line', async () => {
    const path = file('lieux.csv', 'id,nom\n1,"A\nB"\n2,C\n');
    const records: { line: number; id: string | undefined }[] = [];
    for await (const { line, record } of readRecords(path)) records.push({ line, id: record.id });
    expect(records).toEqual([
      { line: 2, id: '1' },
      { line: 4, id: '2' },
    ]);
  });

  it('streams JSON records and returns a summary', async () => {
    const path = file('lieux.json', '[\n{"id": "1", "latitude": 43.50},\n{"id": "2"}\n]');
    const { items, summary } = await readAll(path);
    expect(items).toEqual([
      { line: 2, record: { id: '1', latitude: '43.50' } },
      { line: 3, record: { id: '2' } },
    ]);
    expect(summary).toMatchObject({
      file: path,
      format: 'json',
      encoding: 'utf-8',
      records: 2,
      columns: ['id', 'latitude'],
    });
  });

  it('sniffs the format when the extension says nothing', async () => {
    expect((await readAll(file('export.dat', ' [{"a": "1"}]'))).summary.format).toBe('json');
    expect((await readAll(file('export.txt2', 'a;b\n1;2'))).items[0]!.record).toEqual({ a: '1', b: '2' });
  });

  it('lets the caller force the format and the encoding', async () => {
    const path = file('latin.bin', new Uint8Array(iconv.encode('nom\nMédiathèque\n', 'win1252')));
    const { items, summary } = await readAll(path, { format: 'csv', encoding: 'windows-1252' });
    expect(items[0]!.record.nom).toBe('Médiathèque');
    expect(summary.encoding).toBe('windows-1252');
    const error = await failure(path, { encoding: 'utf-8' });
    expect(error.code).toBe('encoding');
    expect(error.line).toBe(2);
  });

  it('passes the JSON path option', async () => {
    const path = file('wrapped.json', '{"a": [{"x": "1"}], "b": [{"y": "2"}]}');
    expect((await failure(path)).code).toBe('json-shape');
    expect((await readAll(path, { path: 'b' })).items[0]!.record).toEqual({ y: '2' });
  });

  it('reads a file far larger than one chunk, across chunk boundaries', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"Lieu ${i}\n« é »",${'x'.repeat(i % 50)}`);
    const path = file('big.csv', `id,nom,pad\n${rows.join('\r\n')}\r\n`);
    let count = 0;
    let lastLine = 0;
    for await (const { line, record } of readRecords(path)) {
      expect(record.id).toBe(String(count));
      expect(record.nom).toBe(`Lieu ${count}\n« é »`);
      lastLine = line;
      count++;
    }
    expect(count).toBe(20_000);
    expect(lastLine).toBe(2 + 2 * 19_999);
  });

  it('can be left early without error (the file is closed)', async () => {
    const path = file('early.csv', 'id\n' + '1\n'.repeat(100_000));
    let seen = 0;
    for await (const _item of readRecords(path)) if (++seen === 3) break;
    expect(seen).toBe(3);
  });

  it('turns file-system failures into RecordReadError with the path', async () => {
    const missing = await failure(join(dir, 'absent.csv'));
    expect(missing.code).toBe('io');
    expect(missing.describe()).toBe(`${join(dir, 'absent.csv')} : ce fichier n'existe pas.`);
    const folder = await failure(dir);
    expect(folder.code).toBe('io');
    expect(folder.message).toMatch(/dossier/);
  });

  it('names the file and the line on fatal content errors', async () => {
    const path = file('quote.csv', 'a,b\n1,2\n3,"x\n4,5\n');
    const error = await failure(path);
    expect(error).toMatchObject({ code: 'unbalanced-quote', file: path, line: 3 });
  });

  it('refuses a binary file as not a readable CSV/JSON', async () => {
    const error = await failure(
      file('image.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])),
    );
    expect(error.code).toBe('binary');
    expect(error.message).toMatch(/n'est pas un CSV ou un JSON lisible/);
  });

  it('handles a 10 MB value: refused with its line by default, read when allowed', async () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const path = file('huge.csv', `id,presentation_detail\n1,court\n2,"${big}"\n3,fin\n`);
    const error = await failure(path);
    expect(error).toMatchObject({ code: 'field-too-long', line: 3, file: path });
    const { items } = await readAll(path, { maxFieldLength: 16 * 1024 * 1024 });
    expect(items.map((i) => i.record.presentation_detail!.length)).toEqual([5, big.length, 3]);
  });

  it('reports a header-only file as zero records with a clear notice, and an empty file as an error', async () => {
    const { items, summary } = await readAll(file('header.csv', 'id;nom;commune\r\n'));
    expect(items).toEqual([]);
    expect(summary.notices).toContain("le fichier ne contient que la ligne d'en-tête : aucun lieu à lire.");
    expect((await failure(file('empty.csv', ''))).code).toBe('empty');
    expect((await failure(file('empty.json', ''))).code).toBe('empty');
  });

  it('refuses duplicate header names and JSON that is not an array of objects', async () => {
    expect((await failure(file('dup.csv', 'id,nom,id\n1,2,3\n'))).code).toBe('header');
    expect((await failure(file('obj.json', '{"nom": "A"}'))).code).toBe('json-shape');
    expect((await failure(file('nums.json', '[1, 2]'))).code).toBe('json-shape');
  });

  it('attaches ragged-row issues to the records, with the file', async () => {
    const path = file('ragged.csv', 'id,nom,commune\n1,A\n2,B,C,D\n3,C,X\n');
    const { items, summary } = await readAll(path);
    expect(items.map((i) => i.issues?.map((e) => e.code) ?? [])).toEqual([
      ['ragged-row'],
      ['ragged-row'],
      [],
    ]);
    expect(items[0]!.record).toEqual({ id: '1', nom: 'A', commune: '' });
    expect(items[0]!.issues![0]!.file).toBe(path);
    expect(summary.recordsWithIssues).toBe(2);
  });
});

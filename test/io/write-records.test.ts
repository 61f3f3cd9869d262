import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';
import type { FlatRecord } from '../../src/core/standard/types.js';
import { RecordWriteError, readRecords, writeRecords } from '../../src/io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'repere-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records: FlatRecord[] = [
  {
    id: 'a',
    pivot: '43493312300029',
    nom: 'Le "Fablab", Épernay',
    commune: 'Épernay',
    code_postal: '51200',
    adresse: '1 rue X\nbâtiment B',
    latitude: '49.04',
    longitude: '3.95',
    services: 'Aide aux démarches administratives|Loisirs et créations numériques',
    date_maj: '2024-01-02',
    colonne_inconnue: 'ignorée',
  },
  {
    id: 'b',
    pivot: '00000000000000',
    nom: 'Sans coordonnées',
    commune: 'Reims',
    code_postal: '51100',
    adresse: '2 rue Y',
    date_maj: '2024-01-03',
  },
];

async function collect(path: string): Promise<FlatRecord[]> {
  const out: FlatRecord[] = [];
  for await (const { record } of readRecords(path)) out.push(record);
  return out;
}

function standardOnly(record: FlatRecord): FlatRecord {
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, record[name] ?? '']));
}

describe('writeRecords', () => {
  it('writes CSV in the standard column order, which reads back identically', async () => {
    const path = join(dir, 'out.csv');
    const summary = await writeRecords(path, 'csv', records);
    expect(summary).toEqual({ written: 2, skipped: 0 });
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(FIELD_NAMES.join(','));
    expect(text).not.toContain('colonne_inconnue');
    expect(await collect(path)).toEqual(records.map(standardOnly));
  });

  it('writes JSON as an array of flat objects, numbers as numbers, empty values left out', async () => {
    const path = join(dir, 'out.json');
    await writeRecords(path, 'json', records);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]!.latitude).toBe(49.04);
    expect(Object.keys(parsed[1]!)).toEqual([
      'id',
      'pivot',
      'nom',
      'commune',
      'code_postal',
      'adresse',
      'date_maj',
    ]);
    const back = await collect(path);
    expect(back.map(standardOnly)).toEqual(records.map(standardOnly));
  });

  it('writes GeoJSON, skipping and counting records without coordinates', async () => {
    const path = join(dir, 'out.geojson');
    expect(await writeRecords(path, 'geojson', records)).toEqual({ written: 1, skipped: 1 });
    const collection = JSON.parse(readFileSync(path, 'utf8')) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, string> }[];
    };
    expect(collection.features[0]!.geometry.coordinates).toEqual([3.95, 49.04]);
    expect(collection.features[0]!.properties.nom).toBe(records[0]!.nom);
  });

  it('accepts an async iterable and custom columns with ; as separator', async () => {
    async function* source() {
      yield* records;
    }
    const path = join(dir, 'custom.csv');
    await writeRecords(path, 'csv', source(), { columns: ['nom', 'id'], delimiter: ';' });
    expect(readFileSync(path, 'utf8')).toBe('nom;id\n"Le ""Fablab"", Épernay";a\nSans coordonnées;b\n');
  });

  it('writes to a stream given by the caller and leaves it open', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await writeRecords(stream, 'json', records.slice(1));
    expect(stream.writableEnded).toBe(false);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toHaveLength(1);
  });

  it('respects back-pressure of a slow stream', async () => {
    let received = '';
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.toString('utf8');
        setTimeout(done, 1);
      },
    });
    const many = Array.from({ length: 5000 }, (_, i) => ({
      id: String(i),
      nom: `Lieu ${i}`.padEnd(60, '.'),
    }));
    const summary = await writeRecords(slow, 'csv', many, { columns: ['id', 'nom'] });
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(summary.written).toBe(5000);
    expect(received.split('\n')).toHaveLength(5002);
  });

  it('writes to a web WritableStream', async () => {
    let text = '';
    const sink = new WritableStream<string>({ write: (chunk) => void (text += chunk) });
    await writeRecords(sink, 'csv', records.slice(1), { columns: ['id'] });
    expect(text).toBe('id\nb\n');
  });

  it('leaves no file behind when the records fail half-way', async () => {
    const path = join(dir, 'failed.csv');
    function* failing() {
      yield records[0]!;
      throw new Error('lecture interrompue');
    }
    await expect(writeRecords(path, 'csv', failing())).rejects.toThrow('lecture interrompue');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('failed'))).toEqual([]);
  });

  it('does not replace an existing export when writing fails', async () => {
    const path = join(dir, 'keep.csv');
    await writeRecords(path, 'csv', records);
    const before = readFileSync(path, 'utf8');
    function* failing(): Generator<FlatRecord> {
      throw new Error('boom');
    }
    await expect(writeRecords(path, 'csv', failing())).rejects.toThrow('boom');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('says in French when the destination folder does not exist', async () => {
    const path = join(dir, 'absent', 'out.csv');
    const error = await writeRecords(path, 'csv', records).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordWriteError);
    expect((error as RecordWriteError).message).toBe(`${path} : le dossier de destination n'existe pas.`);
  });
});

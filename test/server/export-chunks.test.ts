/**
 * The streamed export (`exportChunks`) gives, byte for byte, what `repere export` writes with the same
 * codecs (src/io/write-records) for the same lieux: the national id kept beside each record stands for
 * `record.id`, rows are cut only between rows, whatever the chunk size.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TerritoryResolver } from '../../src/core/query/index.js';
import { FIELDS } from '../../src/core/standard/fields.js';
import { writeRecords } from '../../src/io/write-records.js';
import { DatasetState } from '../../src/server/dataset.js';
import { exportChunks, type ExportFormat } from '../../src/server/routes/export.js';
import type { Dataset, DatasetLieuRow, DatasetStats } from '../../src/store/index.js';
import { generateLieux } from './fixtures.js';
import { NOW, testReference } from './helpers.js';

const territory: TerritoryResolver = () => undefined;

function record(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f.name, values[f.name] ?? '']));
}

/** Ids that differ from the record's, missing, padded; values to quote; text beyond Latin-1. */
const AWKWARD: DatasetLieuRow[] = [
  {
    id: 'national-1',
    record: record({
      id: 'autre-id',
      nom: 'Le « Lieu », "cité" ’ 😀',
      latitude: '48,8566',
      longitude: '2.35',
      services: 'Aide aux démarches administratives|Accès internet et matériel informatique',
      presentation_detail: 'Ligne 1\nLigne 2 ; fin ',
    }),
    quality: { score: 1 } as DatasetLieuRow['quality'],
    sources: ['s'],
  },
  {
    id: ' national-2 ',
    record: { nom: 'Sans id ni coordonnées' },
    quality: { score: 2 } as DatasetLieuRow['quality'],
    sources: ['s'],
  },
  {
    id: 'national-3',
    record: record({ id: 'national-3', nom: 'Même id', latitude: '45.1', longitude: '4.9' }),
    quality: { score: 3 } as DatasetLieuRow['quality'],
    sources: ['s'],
  },
];

async function stateWith(count: number): Promise<DatasetState> {
  const ref = await testReference();
  const lieux = [...AWKWARD, ...generateLieux(ref.data.communes, { count, seed: 9 })];
  const dataset: Dataset = {
    version: 3,
    publishedAt: '2025-06-01T00:00:00.000Z',
    lieuCount: lieux.length,
    stats: {} as DatasetStats,
    lieux,
  };
  return new DatasetState(dataset, territory);
}

/** What `repere export` writes for the state's lieux in list order, each record with its national id. */
async function cliExport(state: DatasetState, format: ExportFormat): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
  // The list order with no filter is the index's (by name): its positions.
  const records = state.rows.map((row) => ({ ...row.record, id: row.id }));
  await writeRecords(sink, format, records);
  return Buffer.concat(parts);
}

async function serverExport(state: DatasetState, format: ExportFormat, chunkBytes?: number) {
  const chunks: Buffer[] = [];
  for await (const chunk of exportChunks(state, {}, format, NOW, chunkBytes)) chunks.push(chunk);
  return chunks;
}

describe('exportChunks', () => {
  it.each(['csv', 'json', 'geojson'] as const)(
    '%s: the same bytes as repere export, in chunks cut between rows',
    async (format) => {
      const state = await stateWith(1200);
      const expected = await cliExport(state, format);
      const chunks = await serverExport(state, format);
      expect(Buffer.concat(chunks).toString()).toBe(expected.toString());
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);
      for (const [k, chunk] of chunks.entries()) {
        // At least 64 KB but for the last, cut after a whole row: each decodes on its own.
        if (k < chunks.length - 1) expect(chunk.length).toBeGreaterThanOrEqual(64 * 1024);
        expect(chunk.length).toBeLessThan(64 * 1024 + 16 * 1024);
        expect(Buffer.from(chunk.toString('utf8')).equals(chunk)).toBe(true);
        if (format === 'csv') expect(chunk.at(-1)).toBe(0x0a);
      }
      // Chunks smaller than a row: one row (or header) a chunk, nothing lost.
      const tiny = await serverExport(state, format, 16);
      expect(Buffer.concat(tiny).equals(expected)).toBe(true);
      expect(tiny.length).toBeGreaterThan(state.size / 2);
    },
  );

  it('exports read at the same time, chunk by chunk, do not mix (their writer is shared)', async () => {
    const state = await stateWith(600);
    const formats = ['csv', 'json', 'geojson', 'csv'] as const;
    const expected = await Promise.all(formats.map((f) => cliExport(state, f)));
    const streams = formats.map((f) => exportChunks(state, {}, f, NOW, 1000));
    const got: Buffer[][] = formats.map(() => []);
    for (let done = 0; done < streams.length;) {
      done = 0;
      // One chunk of each in turn: the generators interleave at every chunk.
      for (const [k, stream] of streams.entries()) {
        const next = await stream.next();
        if (next.done) done++;
        else got[k]!.push(next.value);
      }
    }
    for (const [k, chunks] of got.entries()) expect(Buffer.concat(chunks).equals(expected[k]!)).toBe(true);
  });

  it('an export of nothing is the codec’s empty file', async () => {
    const state = await stateWith(0);
    const none = { communes: ['00000'] };
    for (const format of ['csv', 'json', 'geojson'] as const) {
      const chunks: Buffer[] = [];
      for await (const chunk of exportChunks(state, none, format, NOW)) chunks.push(chunk);
      const sink: Buffer[] = [];
      await writeRecords(
        new Writable({
          write(chunk: Buffer | string, _encoding, done) {
            sink.push(Buffer.from(chunk));
            done();
          },
        }),
        format,
        [],
      );
      expect(Buffer.concat(chunks).toString()).toBe(Buffer.concat(sink).toString());
    }
  });
});

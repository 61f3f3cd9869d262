/**
 * `readRecords`: streams the records of a producer file (CSV or JSON) from disk, for the commands
 * and the pipeline. The work is done by the pure reader of src/core/standard/record-reader.ts;
 * this adapter only opens the file, feeds it chunk by chunk, and turns file-system failures into
 * the same `RecordReadError` (with the path) as bad content.
 *
 * Usage:
 *   for await (const { line, record, issues } of readRecords('lieux.csv')) { … }
 * Report `issues` when present (ragged CSV row, duplicate JSON key…): the record is doubtful.
 * The generator's return value is a `ReadSummary` (format, encoding, counts, notices such as
 * « le fichier ne contient que la ligne d'en-tête ») for callers that iterate with `next()`.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { CsvDelimiter } from '../core/standard/csv.js';
import type { EncodingOption } from '../core/standard/encoding.js';
import { RecordReadError, type ReadItem } from '../core/standard/read-error.js';
import { createRecordReader, type ReadSummary, type RecordFormat } from '../core/standard/record-reader.js';

export interface ReadRecordsOptions {
  /** From the extension (.csv/.tsv/.txt, .json/.geojson), else sniffed from the content. */
  format?: RecordFormat;
  encoding?: EncodingOption;
  /** CSV only; detected on the header line when absent. */
  delimiter?: CsvDelimiter;
  /** JSON only: key (or dotted path) of the array inside a top-level object; auto-detected when absent. */
  path?: string;
  /** Longest accepted value, in characters (1 Mi by default). */
  maxFieldLength?: number;
}

const CHUNK_BYTES = 64 * 1024;

/** Format implied by a file name, if any. */
export function formatFromPath(path: string): RecordFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json' || ext === '.geojson') return 'json';
  return undefined;
}

function ioError(path: string, error: unknown): RecordReadError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? "ce fichier n'existe pas."
      : code === 'EISDIR'
        ? "c'est un dossier, pas un fichier."
        : code === 'EACCES' || code === 'EPERM'
          ? "lecture refusée (droits d'accès)."
          : `lecture impossible (${code ?? (error as Error).message}).`;
  return new RecordReadError('io', reason, { file: path });
}

export async function* readRecords(
  path: string,
  opts: ReadRecordsOptions = {},
): AsyncGenerator<ReadItem, ReadSummary, undefined> {
  const format = opts.format ?? formatFromPath(path);
  const reader = createRecordReader({
    file: path,
    ...(format ? { format } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.maxFieldLength !== undefined ? { maxFieldLength: opts.maxFieldLength } : {}),
  });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    let chunks: AsyncIterableIterator<Buffer>;
    try {
      chunks = stream[Symbol.asyncIterator]() as AsyncIterableIterator<Buffer>;
    } catch (error) {
      throw ioError(path, error);
    }
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw ioError(path, error);
      }
      if (next.done) break;
      const bytes = new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      for (const item of reader.push(bytes)) yield item;
    }
    for (const item of reader.end()) yield item;
    return reader.summary();
  } finally {
    stream.destroy();
  }
}

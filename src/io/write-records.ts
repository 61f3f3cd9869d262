/**
 * `writeRecords`: streams records to a file or a stream as CSV (the standard's columns in schema
 * order), JSON (array of flat objects, as published nationally) or GeoJSON (FeatureCollection of the
 * lieux that have coordinates). The text comes from the pure serializers of src/core/standard.
 *
 * A file is written to a temporary name beside it and renamed when complete, so a failure (bad
 * input half-way, disk full) never leaves a truncated export in place. A stream given by the
 * caller (stdout…) is written with back-pressure and left open.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { csvHeader, stringifyCsvRecord, type CsvDelimiter } from '../core/standard/csv.js';
import { FIELD_NAMES } from '../core/standard/fields.js';
import { createGeoJsonWriter } from '../core/standard/geojson.js';
import { createJsonRecordsWriter, type RecordSerializer } from '../core/standard/json-records.js';
import { toLieu } from '../core/standard/model.js';
import type { FlatRecord } from '../core/standard/types.js';

export type WriteFormat = 'csv' | 'json' | 'geojson';

export interface WriteRecordsOptions {
  /** Columns (CSV) or keys (JSON) in order; the standard's `FIELD_NAMES` by default. Unused for GeoJSON. */
  columns?: readonly string[];
  /** CSV delimiter, `,` by default. */
  delimiter?: CsvDelimiter;
}

export interface WriteSummary {
  /** Records written. */
  written: number;
  /** Records left out: GeoJSON only, lieux without valid coordinates. */
  skipped: number;
}

/** A file or stream could not be written; `message` is plain French. */
export class RecordWriteError extends Error {
  readonly file?: string;
  constructor(message: string, file?: string) {
    super(file ? `${file} : ${message}` : message);
    this.name = 'RecordWriteError';
    if (file !== undefined) this.file = file;
  }
}

type Target = string | NodeJS.WritableStream | WritableStream<string>;

const FLUSH_CHARS = 64 * 1024;

function serializerFor(
  format: WriteFormat,
  opts: WriteRecordsOptions,
): { serializer: RecordSerializer<FlatRecord>; skipped: () => number } {
  const columns = opts.columns ?? FIELD_NAMES;
  switch (format) {
    case 'csv': {
      const delimiter = opts.delimiter ?? ',';
      return {
        serializer: {
          start: () => csvHeader(columns, delimiter),
          write: (record) => stringifyCsvRecord(record, columns, delimiter),
          end: () => '',
        },
        skipped: () => 0,
      };
    }
    case 'json':
      return { serializer: createJsonRecordsWriter(columns), skipped: () => 0 };
    case 'geojson': {
      const geo = createGeoJsonWriter();
      return {
        serializer: {
          start: () => geo.start(),
          write: (record) => geo.write(toLieu(record)),
          end: () => geo.end(),
        },
        skipped: () => geo.skipped,
      };
    }
    default:
      throw new RecordWriteError(`format de sortie inconnu « ${String(format)} » (csv, json ou geojson).`);
  }
}

/** Yields the output text in chunks of about 64 KB. */
async function* render(
  serializer: RecordSerializer<FlatRecord>,
  records: AsyncIterable<FlatRecord> | Iterable<FlatRecord>,
  counter: { written: number },
): AsyncGenerator<string> {
  let buffer = serializer.start();
  for await (const record of records) {
    const text = serializer.write(record);
    if (text === null) continue;
    counter.written++;
    buffer += text;
    if (buffer.length >= FLUSH_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += serializer.end();
  if (buffer) yield buffer;
}

async function writeToNodeStream(out: NodeJS.WritableStream, chunks: AsyncIterable<string>): Promise<void> {
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
}

async function writeToWebStream(out: WritableStream<string>, chunks: AsyncIterable<string>): Promise<void> {
  const writer = out.getWriter();
  try {
    for await (const chunk of chunks) {
      await writer.ready;
      await writer.write(chunk);
    }
  } finally {
    writer.releaseLock();
  }
}

function writeFailure(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error;
  const reason =
    code === 'ENOENT'
      ? "le dossier de destination n'existe pas."
      : code === 'EACCES' || code === 'EPERM'
        ? "écriture refusée (droits d'accès)."
        : code === 'ENOSPC'
          ? "plus d'espace disque."
          : code === 'EISDIR'
            ? "c'est un dossier, pas un fichier."
            : `écriture impossible (${code}).`;
  return new RecordWriteError(reason, path);
}

async function writeToFile(path: string, chunks: AsyncIterable<string>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const out = createWriteStream(temporary, { flags: 'wx', encoding: 'utf8' });
  try {
    await once(out, 'open');
    await writeToNodeStream(out, chunks);
    out.end();
    await once(out, 'close');
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await unlink(temporary).catch(() => undefined);
    throw writeFailure(path, error);
  }
}

/**
 * Writes `records` to `target` (a path, a Node writable such as `process.stdout`, or a web
 * `WritableStream<string>`) in `format`. Errors from `records` itself (e.g. a `RecordReadError` while
 * converting a file) are rethrown unchanged, after removing the unfinished file.
 */
export async function writeRecords(
  target: Target,
  format: WriteFormat,
  records: AsyncIterable<FlatRecord> | Iterable<FlatRecord>,
  opts: WriteRecordsOptions = {},
): Promise<WriteSummary> {
  const { serializer, skipped } = serializerFor(format, opts);
  const counter = { written: 0 };
  const chunks = render(serializer, records, counter);
  if (typeof target === 'string') await writeToFile(target, chunks);
  else if ('getWriter' in target) await writeToWebStream(target, chunks);
  else await writeToNodeStream(target, chunks);
  return { written: counter.written, skipped: skipped() };
}

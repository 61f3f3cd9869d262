/**
 * Bytes of a producer file → records, pure and incremental (Node streams in src/io, `File.stream()`
 * in a browser): rejects binary content, decodes (see encoding.ts), picks the format when not given
 * (first meaningful character `[` or `{` → JSON, anything else → CSV), then reads CSV or JSON.
 * Fatal problems throw a `RecordReadError` carrying `file` and `line`; problems limited to a record
 * travel with it (`issues`). `summary()` tells what was read, with plain-French notices for
 * situations that are not errors but deserve a word (header only, empty array, Windows-1252…).
 */
import { createCsvRecordReader, type CsvDelimiter, type CsvRecordReader } from './csv.js';
import {
  createStreamDecoder,
  type EncodingOption,
  type StreamDecoder,
  type TextEncodingName,
} from './encoding.js';
import { createJsonRecordParser, type JsonRecordParser } from './json-records.js';
import { RecordReadError, type ReadItem } from './read-error.js';

export type RecordFormat = 'csv' | 'json';

export interface RecordReaderOptions {
  /** Sniffed from the content when absent. */
  format?: RecordFormat;
  encoding?: EncodingOption;
  /** CSV delimiter; detected on the header line when absent. */
  delimiter?: CsvDelimiter;
  /** JSON: key (or dotted path) of the array inside a top-level object; auto-detected when absent. */
  path?: string;
  /** Longest accepted value, in characters (1 Mi by default). */
  maxFieldLength?: number;
  /** File name, for error messages. */
  file?: string;
}

export interface ReadSummary {
  file?: string;
  format: RecordFormat;
  encoding: TextEncodingName;
  delimiter?: CsvDelimiter;
  /** JSON: where the array was found (`''` when the file is the array). */
  recordsPath?: string;
  /** CSV header, or JSON keys in order of first appearance. */
  columns: string[];
  records: number;
  recordsWithIssues: number;
  /** CSV rows skipped because all their values were blank. */
  blankRows: number;
  /** Plain-French remarks that are not errors. */
  notices: string[];
}

export interface RecordReader {
  push(bytes: Uint8Array): ReadItem[];
  end(): ReadItem[];
  summary(): ReadSummary;
}

/** Format of a text from its first non-blank character; `undefined` while only blanks were seen. */
export function sniffFormat(text: string): RecordFormat | undefined {
  const match = /[^\s\uFEFF]/.exec(text);
  if (!match) return undefined;
  return match[0] === '[' || match[0] === '{' ? 'json' : 'csv';
}

export function createRecordReader(options: RecordReaderOptions = {}): RecordReader {
  const decoder: StreamDecoder = createStreamDecoder(options.encoding ?? 'auto');
  let format: RecordFormat | undefined = options.format;
  let csv: CsvRecordReader | undefined;
  let json: JsonRecordParser | undefined;
  let pending = '';
  let records = 0;
  let recordsWithIssues = 0;

  function withFile<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof RecordReadError && options.file !== undefined && error.file === undefined)
        error.file = options.file;
      throw error;
    }
  }

  function count(items: ReadItem[]): ReadItem[] {
    for (const item of items) {
      records++;
      if (item.issues) {
        recordsWithIssues++;
        if (options.file !== undefined) for (const issue of item.issues) issue.file ??= options.file;
      }
    }
    return items;
  }

  function start(chosen: RecordFormat): void {
    format = chosen;
    const limits = options.maxFieldLength !== undefined ? { maxFieldLength: options.maxFieldLength } : {};
    if (chosen === 'csv')
      csv = createCsvRecordReader({
        ...limits,
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      });
    else json = createJsonRecordParser({ ...limits, ...(options.path ? { path: options.path } : {}) });
  }

  function feed(text: string, final: boolean): ReadItem[] {
    if (!csv && !json) {
      pending += text;
      const chosen = format ?? sniffFormat(pending);
      if (!chosen && !final) return [];
      start(chosen ?? 'csv');
      text = pending;
      pending = '';
    }
    const items = csv ? csv.push(text) : json!.push(text);
    if (!final) return count(items);
    return count([...items, ...(csv ? csv.end() : json!.end())]);
  }

  return {
    push: (bytes) => withFile(() => feed(decoder.push(bytes), false)),
    end: () =>
      withFile(() => {
        const items = feed(decoder.end(), true);
        if (csv && !csv.columns) throw new RecordReadError('empty', 'le fichier est vide.');
        return items;
      }),
    summary(): ReadSummary {
      const encoding = decoder.encoding ?? 'utf-8';
      const notices: string[] = [];
      if (csv && records === 0)
        notices.push("le fichier ne contient que la ligne d'en-tête : aucun lieu à lire.");
      if (json && records === 0) notices.push('le tableau JSON est vide : aucun lieu à lire.');
      if (json?.recordsPath) notices.push(`lieux lus dans la clé « ${json.recordsPath} » du fichier JSON.`);
      if (encoding === 'windows-1252' && options.encoding !== 'windows-1252')
        notices.push("fichier lu en Windows-1252 (Latin-1) : il n'est pas en UTF-8.");
      if (csv && csv.blankRows > 0)
        notices.push(
          `${csv.blankRows} ${csv.blankRows > 1 ? 'lignes vides ignorées' : 'ligne vide ignorée'}.`,
        );
      const summary: ReadSummary = {
        format: format ?? 'csv',
        encoding,
        columns: [...(csv ? (csv.columns ?? []).filter(Boolean) : (json?.keys ?? []))],
        records,
        recordsWithIssues,
        blankRows: csv?.blankRows ?? 0,
        notices,
      };
      if (options.file !== undefined) summary.file = options.file;
      if (csv?.delimiter) summary.delimiter = csv.delimiter;
      if (json?.recordsPath !== undefined) summary.recordsPath = json.recordsPath;
      return summary;
    },
  };
}

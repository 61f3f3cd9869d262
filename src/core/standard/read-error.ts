/**
 * The one error type of the record readers (CSV, JSON, encodings, files). It says, in plain French,
 * what is wrong and where (`file`, `line`), so a command can print it as one actionable line.
 *
 * `message` holds the reason only; `describe()` prefixes the location (« lieux.csv, ligne 12 : … »).
 * Thrown for fatal problems; attached to a `ReadItem` (`issues`) for problems limited to one record.
 */

export type ReadErrorCode =
  /** The file could not be opened or read (missing, directory, permission). */
  | 'io'
  /** Not text: binary content, archive, spreadsheet, PDF. */
  | 'binary'
  /** Unsupported or inconsistent character encoding (UTF-16, invalid UTF-8 later in the file). */
  | 'encoding'
  /** No content at all. */
  | 'empty'
  /** A quoted CSV value is never closed. */
  | 'unbalanced-quote'
  /** A single value exceeds the configured limit. */
  | 'field-too-long'
  /** A CSV record has an absurd number of values (more than 10,000). */
  | 'row-too-wide'
  /** A CSV header names the same column twice. */
  | 'header'
  /** A CSV row has more or fewer values than the header has columns. */
  | 'ragged-row'
  /** A value sits under a header cell that has no name. */
  | 'unnamed-column'
  /** Malformed JSON text. */
  | 'json-syntax'
  /** Well-formed JSON that is not (and does not contain) an array of objects. */
  | 'json-shape'
  /** A JSON object repeats a key (the last value is kept). */
  | 'duplicate-key';

export class RecordReadError extends Error {
  readonly code: ReadErrorCode;
  /** File path, set by the reader that knows it. */
  file?: string;
  /** 1-based line in the file. */
  line?: number;

  constructor(code: ReadErrorCode, message: string, where: { file?: string; line?: number } = {}) {
    super(message);
    this.name = 'RecordReadError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
  }

  /** « fichier, ligne N : message » — the form to show people. */
  describe(): string {
    const where = [this.file, this.line !== undefined ? `ligne ${this.line}` : undefined].filter(Boolean);
    return where.length ? `${where.join(', ')} : ${this.message}` : this.message;
  }
}

/** One record read from a file, with the line where it starts and its own (non-fatal) problems. */
export interface ReadItem {
  /** 1-based line of the file where the record starts. */
  line: number;
  record: Record<string, string>;
  /** Problems limited to this record (ragged row, duplicate key…): report them, the record is doubtful. */
  issues?: RecordReadError[];
}

/** Sets a key on a record, including hostile names such as `__proto__`, as an own property. */
export function setField(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

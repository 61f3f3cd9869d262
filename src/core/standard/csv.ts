/**
 * CSV per RFC 4180, pure and incremental: the parser takes text chunks and returns complete rows, so
 * a large file is read in one pass without being held twice in memory.
 *
 * Reading: quotes, doubled quotes, separators and line breaks (CRLF, LF or CR) inside quotes; a
 * leading BOM is dropped; the delimiter (`,`, `;` or tab) is detected on the first non-blank line,
 * outside quotes, unless given. Lenient where the meaning is clear: a quote inside an unquoted value,
 * or text right after a closing quote, is kept as written. Blank lines are skipped.
 * Limits: one value may not exceed `maxFieldLength` characters (1 Mi by default); beyond, reading
 * stops with the line number — usually a quote that was never closed swallowing the rest of the file.
 *
 * Writing: values are quoted only when needed (separator, quote, line break, or leading/trailing
 * space); rows end with LF, like the official example file (RFC 4180 readers, Excel and LibreOffice
 * accept it, and it keeps files diff-friendly).
 *
 * `|` lists are not a CSV concern: they stay inside the value (see `splitList` in model.ts).
 */
import { FIELD_NAMES } from './fields.js';
import { RecordReadError, setField, type ReadItem } from './read-error.js';

export type CsvDelimiter = ',' | ';' | '\t';

/** One CSV record: the line where it starts (1-based), its cells, and the line where it ends. */
export interface ParsedRow {
  line: number;
  cells: string[];
  endLine: number;
}

export interface CsvParserOptions {
  /** Detected on the first non-blank line when absent. */
  delimiter?: CsvDelimiter;
  /** Longest accepted value, in characters. */
  maxFieldLength?: number;
}

export interface CsvParser {
  push(chunk: string): ParsedRow[];
  end(): ParsedRow[];
  /** The delimiter in use, once known. */
  readonly delimiter: CsvDelimiter | undefined;
}

export const DEFAULT_MAX_FIELD_LENGTH = 1024 * 1024;
/** More values than this on one record is not a table of lieux; refusing bounds memory. */
export const MAX_CELLS_PER_ROW = 10_000;
export const CSV_NEWLINE = '\n';

const QUOTE = 34;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/** The most frequent of `,` `;` tab outside quotes in a header line (`,` on a tie or when none). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch as CsvDelimiter))
      counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function indexOrEnd(s: string, needle: string, from: number): number {
  const i = s.indexOf(needle, from);
  return i === -1 ? s.length : i;
}

/**
 * The same text as an internalized string (V8 stores properties under internalized keys on its
 * fast path): header names are used as keys for every record.
 */
export function internalize(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

function formatCount(n: number): string {
  return n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');
}

class IncrementalCsvParser implements CsvParser {
  private readonly max: number;
  private delim: number | undefined;
  private state = FIELD_START;
  private field = '';
  private cells: string[] = [];
  private line = 1;
  private rowLine = 1;
  private rowStarted = false;
  private quoteLine = 0;
  private afterCR = false;
  // Positions of the next LF / CR in the current chunk (-1: to be searched).
  private nextLF = -1;
  private nextCR = -1;
  private atStart = true;
  private out: ParsedRow[] = [];
  // Delimiter detection: text held until the first non-blank line is complete.
  private header = '';
  private headerScanned = 0;
  private headerInQuotes = false;
  private headerLineStart = 0;
  private headerLineHasContent = false;

  constructor(options: CsvParserOptions) {
    this.max = options.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH;
    if (options.delimiter !== undefined) {
      if (!DELIMITERS.includes(options.delimiter))
        throw new Error(`Séparateur CSV non pris en charge : ${JSON.stringify(options.delimiter)}`);
      this.delim = options.delimiter.charCodeAt(0);
    }
  }

  get delimiter(): CsvDelimiter | undefined {
    return this.delim === undefined ? undefined : (String.fromCharCode(this.delim) as CsvDelimiter);
  }

  push(chunk: string): ParsedRow[] {
    this.out = [];
    if (this.atStart && chunk.length) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.delim === undefined) {
      this.header += chunk;
      const end = this.findHeaderEnd();
      if (end === -1 && this.header.length <= this.max) return this.out;
      this.decideDelimiter(end);
      chunk = this.header;
      this.header = '';
    }
    this.consume(chunk);
    return this.out;
  }

  end(): ParsedRow[] {
    this.out = [];
    if (this.delim === undefined) {
      this.decideDelimiter(this.header.length);
      const text = this.header;
      this.header = '';
      this.consume(text);
    }
    if (this.state === QUOTED) {
      throw new RecordReadError(
        'unbalanced-quote',
        `guillemet ouvert ligne ${this.quoteLine} jamais refermé : la valeur qui commence là irait jusqu'à la fin du fichier. Vérifiez les guillemets de cette ligne (un guillemet à l'intérieur d'une valeur s'écrit "").`,
        { line: this.quoteLine },
      );
    }
    if (this.rowStarted) {
      this.endField();
      this.endRow();
    }
    this.state = FIELD_START;
    return this.out;
  }

  private findHeaderEnd(): number {
    const s = this.header;
    for (let i = this.headerScanned; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.headerInQuotes = !this.headerInQuotes;
        this.headerLineHasContent = true;
      } else if (!this.headerInQuotes && (c === CR || c === LF)) {
        if (this.headerLineHasContent) {
          this.headerScanned = i;
          return i;
        }
        this.headerLineStart = i + 1;
      } else if (c !== 32 && c !== 9) this.headerLineHasContent = true;
    }
    this.headerScanned = s.length;
    return -1;
  }

  private decideDelimiter(end: number): void {
    const lineEnd = end === -1 ? this.header.length : end;
    this.delim = detectDelimiter(this.header.slice(this.headerLineStart, lineEnd)).charCodeAt(0);
  }

  private tooLong(): RecordReadError {
    const quoted = this.state === QUOTED || this.state === QUOTE_IN_QUOTED;
    const line = quoted ? this.quoteLine : this.rowLine;
    const hint = quoted
      ? ` Elle commence par un guillemet ouvert ligne ${this.quoteLine} : s'il n'est jamais refermé, c'est la cause.`
      : '';
    return new RecordReadError(
      'field-too-long',
      `valeur de plus de ${formatCount(this.max)} caractères, au-delà de la limite de lecture.${hint}`,
      { line },
    );
  }

  private append(text: string): void {
    if (this.field.length + text.length > this.max) throw this.tooLong();
    this.field += text;
  }

  private endField(): void {
    if (this.cells.length >= MAX_CELLS_PER_ROW)
      throw new RecordReadError(
        'row-too-wide',
        `plus de ${formatCount(MAX_CELLS_PER_ROW)} valeurs sur un même enregistrement : ce n'est pas un fichier de lieux (mauvais séparateur ou fichier corrompu ?).`,
        { line: this.rowLine },
      );
    this.cells.push(this.field);
    this.field = '';
  }

  private endRow(): void {
    this.out.push({ line: this.rowLine, cells: this.cells, endLine: this.line });
    this.cells = [];
    this.rowStarted = false;
  }

  /** Counts a line break: CR, LF, or CRLF (the LF right after a CR is the same break). */
  private newline(c: number): void {
    if (c === CR) {
      this.line++;
      this.afterCR = true;
    } else {
      if (!this.afterCR) this.line++;
      this.afterCR = false;
    }
  }

  /**
   * Line breaks inside a quoted run [from, to): CR, LF or CRLF count once. The next CR / LF
   * positions are cached per chunk, so a chunk is searched once whatever the number of values.
   */
  private countBreaks(s: string, from: number, to: number): void {
    if (this.nextLF < from) this.nextLF = indexOrEnd(s, '\n', from);
    while (this.nextLF < to) {
      const p = this.nextLF;
      const afterCR = p > from ? s.charCodeAt(p - 1) === CR : this.afterCR;
      if (!afterCR) this.line++;
      this.nextLF = indexOrEnd(s, '\n', p + 1);
    }
    if (this.nextCR < from) this.nextCR = indexOrEnd(s, '\r', from);
    while (this.nextCR < to) {
      this.line++;
      this.nextCR = indexOrEnd(s, '\r', this.nextCR + 1);
    }
    this.afterCR = s.charCodeAt(to - 1) === CR;
  }

  private consume(s: string): void {
    const n = s.length;
    const delim = this.delim!;
    let i = 0;
    this.nextLF = -1;
    this.nextCR = -1;
    while (i < n) {
      let c = s.charCodeAt(i);
      switch (this.state) {
        case FIELD_START: {
          if (!this.rowStarted) {
            if (c === CR || c === LF) {
              this.newline(c);
              i++;
              continue;
            }
            this.rowStarted = true;
            this.rowLine = this.line;
          }
          if (c === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            this.afterCR = false;
            i++;
            continue;
          }
          if (c === delim) {
            this.endField();
            this.afterCR = false;
            i++;
            continue;
          }
          if (c === CR || c === LF) {
            this.endField();
            this.endRow();
            this.newline(c);
            i++;
            continue;
          }
          this.state = UNQUOTED;
          continue;
        }
        case UNQUOTED: {
          const start = i;
          while (i < n) {
            c = s.charCodeAt(i);
            if (c === delim || c === CR || c === LF) break;
            i++;
          }
          if (i > start) {
            this.append(s.slice(start, i));
            this.afterCR = false;
          }
          if (i === n) break;
          this.endField();
          this.state = FIELD_START;
          if (c !== delim) {
            this.endRow();
            this.newline(c);
          }
          i++;
          continue;
        }
        case QUOTED: {
          const quote = s.indexOf('"', i);
          const end = quote === -1 ? n : quote;
          if (end > i) {
            this.countBreaks(s, i, end);
            this.append(s.slice(i, end));
          }
          if (end === n) return;
          this.state = QUOTE_IN_QUOTED;
          this.afterCR = false;
          i = end + 1;
          continue;
        }
        default: {
          // QUOTE_IN_QUOTED: a quote was just read inside a quoted value.
          if (c === QUOTE) {
            this.append('"');
            this.state = QUOTED;
            i++;
          } else if (c === delim) {
            this.endField();
            this.state = FIELD_START;
            i++;
          } else if (c === CR || c === LF) {
            this.endField();
            this.endRow();
            this.newline(c);
            this.state = FIELD_START;
            i++;
          } else {
            // Text after the closing quote: kept as written, the value goes on unquoted.
            this.state = UNQUOTED;
          }
          continue;
        }
      }
    }
  }
}

/** Incremental CSV parser: `push` text chunks (any boundary), then `end`. */
export function createCsvParser(options: CsvParserOptions = {}): CsvParser {
  return new IncrementalCsvParser(options);
}

/** Parses a whole CSV text (convenience over `createCsvParser`). */
export function parseCsv(text: string, options: CsvParserOptions = {}): ParsedRow[] {
  const parser = createCsvParser(options);
  return [...parser.push(text), ...parser.end()];
}

const NEEDS_QUOTES: Record<CsvDelimiter, RegExp> = {
  ',': /[",\r\n]|^[ \t]|[ \t]$/,
  ';': /[";\r\n]|^[ \t]|[ \t]$/,
  '\t': /["\t\r\n]|^ | $/,
};

/** One CSV row, terminated by `CSV_NEWLINE`; values are quoted only when needed. */
export function stringifyCsvRow(cells: readonly string[], delimiter: CsvDelimiter = ','): string {
  const needsQuotes = NEEDS_QUOTES[delimiter];
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (i > 0) out += delimiter;
    out += needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return out + CSV_NEWLINE;
}

/** The header row, by default the standard's columns in schema order. */
export function csvHeader(columns: readonly string[] = FIELD_NAMES, delimiter: CsvDelimiter = ','): string {
  return stringifyCsvRow(columns, delimiter);
}

/**
 * A record as a CSV row in the given column order (missing values are empty): the same text as
 * `stringifyCsvRow`, without an array of cells per row. `id`, when given, is written in the `id` column
 * instead of `record.id` (the server keeps a lieu's national id beside its record: no copy per row).
 */
export function stringifyCsvRecord(
  record: Readonly<Record<string, string | undefined>>,
  columns: readonly string[] = FIELD_NAMES,
  delimiter: CsvDelimiter = ',',
  id?: string,
): string {
  const needsQuotes = NEEDS_QUOTES[delimiter];
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const cell = (id !== undefined && column === 'id' ? id : record[column]) ?? '';
    if (i > 0) out += delimiter;
    out += needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return out + CSV_NEWLINE;
}

export interface CsvRecordReader {
  push(text: string): ReadItem[];
  end(): ReadItem[];
  /** Header names (trimmed), once read. */
  readonly columns: readonly string[] | undefined;
  readonly delimiter: CsvDelimiter | undefined;
  /** Rows skipped because every value was blank (e.g. `;;;;` lines left by spreadsheets). */
  readonly blankRows: number;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n > 1 ? many : one}`;
}

function isBlank(value: string): boolean {
  return value.trim() === '';
}

/**
 * CSV text → records keyed by the header. Fatal (thrown): unbalanced quote, over-long value, empty
 * or duplicated header names. Per record (`issues`): fewer values than columns (the missing ones
 * are kept as ''), more values than columns (the extra non-empty ones are dropped), a value under
 * a column without a name. Extra or unnamed cells that are empty are not a problem (trailing `;`).
 */
export function createCsvRecordReader(options: CsvParserOptions = {}): CsvRecordReader {
  const parser = createCsvParser(options);
  let columns: string[] | undefined;
  let blankRows = 0;

  function readHeader(row: ParsedRow): void {
    const names = row.cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    const seen = new Map<string, number>();
    names.forEach((name, index) => {
      if (!name) return;
      const first = seen.get(name);
      if (first !== undefined)
        throw new RecordReadError(
          'header',
          `la colonne « ${name} » apparaît deux fois dans l'en-tête (colonnes ${first + 1} et ${index + 1}) : renommez ou supprimez l'une des deux.`,
          { line: row.line },
        );
      seen.set(name, index);
    });
    columns = names.map(internalize);
  }

  function toItem(row: ParsedRow, names: string[]): ReadItem | undefined {
    const { cells } = row;
    if (cells.every(isBlank)) {
      blankRows++;
      return undefined;
    }
    const record: Record<string, string> = {};
    const issues: RecordReadError[] = [];
    const span =
      row.endLine > row.line
        ? ` (l'enregistrement va de la ligne ${row.line} à la ligne ${row.endLine})`
        : '';
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      const value = cells[k] ?? '';
      if (name) setField(record, name, value);
      else if (!isBlank(value))
        issues.push(
          new RecordReadError(
            'unnamed-column',
            `la colonne ${k + 1} n'a pas de nom dans l'en-tête mais contient « ${value.slice(0, 60)} » : cette valeur est ignorée.`,
            { line: row.line },
          ),
        );
    }
    if (cells.length < names.length) {
      const missing = names.slice(cells.length).filter(Boolean);
      issues.push(
        new RecordReadError(
          'ragged-row',
          `${plural(cells.length, 'valeur', 'valeurs')} pour ${plural(names.length, 'colonne', 'colonnes')}${span} : ${missing.length > 1 ? 'les colonnes manquantes' : 'la colonne manquante'} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}) ${missing.length > 1 ? 'sont considérées vides' : 'est considérée vide'}.`,
          { line: row.line },
        ),
      );
    } else if (cells.length > names.length) {
      const extra = cells.slice(names.length);
      if (!extra.every(isBlank)) {
        const sample = extra.find((v) => !isBlank(v))!.slice(0, 60);
        issues.push(
          new RecordReadError(
            'ragged-row',
            `${plural(cells.length, 'valeur', 'valeurs')} pour ${plural(names.length, 'colonne', 'colonnes')}${span} : ${plural(extra.length, 'valeur en trop ignorée', 'valeurs en trop ignorées')} (« ${sample} »). Vérifiez le séparateur et les guillemets de cette ligne.`,
            { line: row.line },
          ),
        );
      }
    }
    return issues.length ? { line: row.line, record, issues } : { line: row.line, record };
  }

  function convert(rows: ParsedRow[]): ReadItem[] {
    const items: ReadItem[] = [];
    for (const row of rows) {
      if (!columns) {
        // Spreadsheets leave `;;;` rows above the header: the header is the first row with a name.
        if (row.cells.every(isBlank)) continue;
        readHeader(row);
        continue;
      }
      const item = toItem(row, columns);
      if (item) items.push(item);
    }
    return items;
  }

  return {
    push: (text) => convert(parser.push(text)),
    end: () => convert(parser.end()),
    get columns() {
      return columns;
    },
    get delimiter() {
      return parser.delimiter;
    },
    get blankRows() {
      return blankRows;
    },
  };
}

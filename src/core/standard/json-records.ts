/**
 * JSON records, pure and incremental: the national publications (and most producer exports) are a
 * JSON array of flat objects. The reader tokenizes text chunks and yields one record per object as
 * soon as it is complete, with the line where it starts, never holding the file as a string and as
 * objects at once.
 *
 * Where the array is: the top-level value when it is an array; otherwise, inside a top-level object,
 * the key named by `path` (dotted for nesting: `data.items`), or — without `path` — the first
 * top-level key whose array holds objects (`features` of a GeoJSON FeatureCollection, `data`…).
 * A second such key is refused (ambiguous: say which one with `path`).
 *
 * Values become strings, as in a CSV row: strings as they are; numbers as written in the file (no
 * float rounding: `2.50` stays `2.50`, a 20-digit identifier keeps its digits); booleans `true` /
 * `false`; null → ''; nested objects and arrays → their compact JSON text (the mapping layer decides
 * what they mean). GeoJSON Features are flattened: their `properties`, plus `longitude`/`latitude`
 * from a Point geometry when the properties do not hold them.
 *
 * Writing: `createJsonRecordsWriter` produces an array of flat objects as published nationally —
 * the standard's keys in schema order, empty values left out, `latitude`/`longitude` as numbers.
 */
import { FIELD_BY_NAME, FIELD_NAMES } from './fields.js';
import { DEFAULT_MAX_FIELD_LENGTH, internalize } from './csv.js';
import { RecordReadError, setField, type ReadItem } from './read-error.js';

export interface JsonRecordParserOptions {
  /** Key (or dotted path of keys) of the array inside a top-level object; auto-detected when absent. */
  path?: string;
  /** Longest accepted string or nested value, in characters. */
  maxFieldLength?: number;
}

export interface JsonRecordParser {
  push(chunk: string): ReadItem[];
  end(): ReadItem[];
  /** The key path where the records were found (`''` when the file itself is the array). */
  readonly recordsPath: string | undefined;
  /** Every key seen in the records, in order of first appearance. */
  readonly keys: readonly string[];
}

const NUMBER_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const TOK_NONE = 0;
const TOK_STRING = 1;
const TOK_BARE = 2; // number or literal

// Grammar states.
const EXPECT_VALUE = 0;
const EXPECT_KEY = 1;
const EXPECT_COLON = 2;
const EXPECT_COMMA = 3;
const EXPECT_END = 4;

type ScalarKind = 'string' | 'number' | 'true' | 'false' | 'null';

type Role = 'nav' | 'records' | 'candidate' | 'record' | 'capture' | 'skip';

interface Frame {
  isObject: boolean;
  openLine: number;
  /** Grammar: true right after `{` or `[` (a closing bracket is allowed), false after a comma. */
  empty: boolean;
  role: Role;
  /** Object frames: the key whose value comes next. */
  key?: string;
  /** `nav` frames: index in the path of the key looked for. */
  pathIndex?: number;
  /** `capture` frames: whether the next item needs a comma. */
  needComma?: boolean;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function describeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f)
    return `le caractère de contrôle U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `« ${ch} »`;
}

function kindLabel(kind: ScalarKind | 'array'): string {
  switch (kind) {
    case 'string':
      return 'une chaîne de caractères';
    case 'number':
      return 'un nombre';
    case 'true':
    case 'false':
      return 'un booléen';
    case 'null':
      return 'null';
    case 'array':
      return 'un tableau';
  }
}

/** A parsed JSON value as a record cell (used for GeoJSON properties). */
export function jsonValueToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

class IncrementalJsonRecordParser implements JsonRecordParser {
  private readonly max: number;
  private readonly path: string[] | undefined;
  private line = 1;
  private out: ReadItem[] = [];
  // Tokenizer.
  private tok = TOK_NONE;
  private buf = '';
  private tokLine = 1;
  private escape = 0; // 0: none, 1: after a backslash, 2–5: reading \u hex digits
  private hex = '';
  // Positions in the current chunk of the next backslash / line feed (-1: to be searched).
  private nextBackslash = -1;
  private nextNewline = -1;
  // Grammar.
  private stack: Frame[] = [];
  private expect = EXPECT_VALUE;
  private sawValue = false;
  // Records.
  private found: string | undefined;
  private emptyCandidate: string | undefined;
  private topKeys: string[] = [];
  private record: Record<string, string> | undefined;
  private recordLine = 0;
  private recordIssues: RecordReadError[] = [];
  private element = 0;
  private capture = '';
  private captureKey = '';
  private readonly keySet = new Set<string>();
  private lastKeys: string[] = [];
  private readonly keyNames = new Map<string, string>();
  private recordKeys: string[] = [];

  constructor(options: JsonRecordParserOptions) {
    this.max = options.maxFieldLength ?? DEFAULT_MAX_FIELD_LENGTH;
    const path = options.path?.trim();
    this.path = path ? path.split('.') : undefined;
  }

  get recordsPath(): string | undefined {
    return this.found;
  }

  get keys(): readonly string[] {
    return [...this.keySet];
  }

  push(chunk: string): ReadItem[] {
    this.out = [];
    this.consume(chunk);
    return this.out;
  }

  end(): ReadItem[] {
    this.out = [];
    if (this.tok === TOK_STRING)
      throw this.syntax(
        `chaîne de caractères ouverte ligne ${this.tokLine} jamais refermée (guillemet manquant).`,
        this.tokLine,
      );
    if (this.tok === TOK_BARE) this.finishBare();
    const open = this.stack[this.stack.length - 1];
    if (open)
      throw this.syntax(
        `le fichier s'arrête avant la fermeture du « ${open.isObject ? '{' : '['} » ouvert ligne ${open.openLine} (fichier tronqué ?).`,
      );
    if (!this.sawValue) throw new RecordReadError('empty', 'le fichier est vide.');
    return this.out;
  }

  private syntax(message: string, line = this.line): RecordReadError {
    return new RecordReadError('json-syntax', `JSON invalide : ${message}`, { line });
  }

  private shape(message: string, line = this.line): RecordReadError {
    return new RecordReadError('json-shape', message, { line });
  }

  // ---- Tokenizer ----

  private consume(s: string): void {
    const n = s.length;
    let i = 0;
    this.nextBackslash = -1;
    this.nextNewline = -1;
    while (i < n) {
      if (this.tok === TOK_STRING) {
        i = this.scanString(s, i);
        continue;
      }
      if (this.tok === TOK_BARE) {
        const start = i;
        while (i < n && isBareChar(s.charCodeAt(i))) i++;
        this.buf += s.slice(start, i);
        if (this.buf.length > 64)
          throw this.syntax(`valeur inattendue « ${this.buf.slice(0, 20)}… ».`, this.tokLine);
        if (i === n) return;
        this.finishBare();
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 10) {
        this.line++;
        i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      if (i === 0 && c === 0xfeff && !this.sawValue && this.line === 1) {
        i++;
        continue;
      }
      switch (c) {
        case 123: // {
          this.open(true);
          break;
        case 91: // [
          this.open(false);
          break;
        case 125: // }
          this.close(true, s[i]!);
          break;
        case 93: // ]
          this.close(false, s[i]!);
          break;
        case 58: // :
          if (this.expect !== EXPECT_COLON) throw this.unexpected(s[i]!);
          this.expect = EXPECT_VALUE;
          break;
        case 44: // ,
          this.comma(s[i]!);
          break;
        case 34: // "
          if (this.expect !== EXPECT_VALUE && this.expect !== EXPECT_KEY) throw this.unexpected(s[i]!);
          this.tok = TOK_STRING;
          this.buf = '';
          this.tokLine = this.line;
          break;
        default:
          if (!isBareChar(c)) throw this.unexpected(s[i]!);
          if (this.expect !== EXPECT_VALUE) throw this.unexpected(s[i]!);
          this.tok = TOK_BARE;
          this.buf = '';
          this.tokLine = this.line;
          continue;
      }
      i++;
    }
  }

  private scanString(s: string, i: number): number {
    const n = s.length;
    while (i < n) {
      if (this.escape === 1) {
        const ch = s[i]!;
        if (ch === 'u') {
          this.escape = 2;
          this.hex = '';
        } else {
          const mapped = ESCAPES[ch];
          if (mapped === undefined) throw this.syntax(`séquence d'échappement invalide « \\${ch} ».`);
          this.appendString(mapped);
          this.escape = 0;
        }
        i++;
        continue;
      }
      if (this.escape >= 2) {
        const ch = s[i]!;
        if (!/[0-9a-fA-F]/.test(ch))
          throw this.syntax(`séquence « \\u${this.hex}${ch} » invalide (4 chiffres hexadécimaux attendus).`);
        this.hex += ch;
        i++;
        if (this.hex.length === 4) {
          this.appendString(String.fromCharCode(parseInt(this.hex, 16)));
          this.escape = 0;
        }
        continue;
      }
      // Plain run: up to the next quote or backslash, found natively; raw line breaks (tolerated
      // inside strings) are counted from a cached position so each chunk is searched once.
      const quote = s.indexOf('"', i);
      const end = quote === -1 ? n : quote;
      if (this.nextBackslash < i) {
        const b = s.indexOf('\\', i);
        this.nextBackslash = b === -1 ? n : b;
      }
      const stop = this.nextBackslash < end ? this.nextBackslash : end;
      if (this.nextNewline < i) {
        const b = s.indexOf('\n', i);
        this.nextNewline = b === -1 ? n : b;
      }
      while (this.nextNewline < stop) {
        this.line++;
        const b = s.indexOf('\n', this.nextNewline + 1);
        this.nextNewline = b === -1 ? n : b;
      }
      if (stop > i) this.appendString(i === 0 && stop === n ? s : s.slice(i, stop));
      if (stop === n) return n;
      i = stop + 1;
      if (stop !== end) {
        this.escape = 1;
        continue;
      }
      this.tok = TOK_NONE;
      const text = this.buf;
      this.buf = '';
      this.stringToken(text);
      return i;
    }
    return i;
  }

  private appendString(text: string): void {
    if (this.buf.length + text.length > this.max)
      throw new RecordReadError(
        'field-too-long',
        `chaîne de plus de ${this.max.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} caractères, au-delà de la limite de lecture (guillemet fermant manquant ?).`,
        { line: this.tokLine },
      );
    this.buf += text;
  }

  private finishBare(): void {
    const text = this.buf;
    this.buf = '';
    this.tok = TOK_NONE;
    let kind: ScalarKind;
    if (text === 'true' || text === 'false' || text === 'null') kind = text;
    else if (NUMBER_PATTERN.test(text)) kind = 'number';
    else
      throw this.syntax(
        `valeur inattendue « ${text} » (attendu : une chaîne entre guillemets, un nombre, true, false ou null).`,
        this.tokLine,
      );
    this.scalar(kind, text);
    this.afterValue();
  }

  private unexpected(ch: string): RecordReadError {
    const wanted: Record<number, string> = {
      [EXPECT_VALUE]: 'une valeur',
      [EXPECT_KEY]: 'un nom de clé entre guillemets',
      [EXPECT_COLON]: '« : »',
      [EXPECT_COMMA]: this.stack[this.stack.length - 1]?.isObject ? '« , » ou « } »' : '« , » ou « ] »',
      [EXPECT_END]: 'la fin du fichier',
    };
    return this.syntax(`${describeChar(ch)} inattendu ; attendu : ${wanted[this.expect]}.`);
  }

  // ---- Grammar ----

  private open(isObject: boolean): void {
    if (this.expect !== EXPECT_VALUE) throw this.unexpected(isObject ? '{' : '[');
    this.sawValue = true;
    const frame: Frame = { isObject, openLine: this.line, empty: true, role: 'skip' };
    this.beginContainer(frame);
    this.stack.push(frame);
    this.expect = isObject ? EXPECT_KEY : EXPECT_VALUE;
  }

  private close(isObject: boolean, ch: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame || frame.isObject !== isObject) throw this.unexpected(ch);
    const ok =
      this.expect === EXPECT_COMMA ||
      (frame.empty && (isObject ? this.expect === EXPECT_KEY : this.expect === EXPECT_VALUE));
    if (!ok) {
      const afterComma = !frame.empty && this.expect === (isObject ? EXPECT_KEY : EXPECT_VALUE);
      if (afterComma) throw this.syntax(`virgule en trop avant « ${ch} ».`);
      throw this.unexpected(ch);
    }
    this.stack.pop();
    this.endContainer(frame);
    this.afterValue();
  }

  private comma(ch: string): void {
    if (this.expect !== EXPECT_COMMA) throw this.unexpected(ch);
    const frame = this.stack[this.stack.length - 1]!;
    frame.empty = false;
    this.expect = frame.isObject ? EXPECT_KEY : EXPECT_VALUE;
  }

  private stringToken(text: string): void {
    if (this.expect === EXPECT_KEY) {
      text = this.internKey(text);
      const frame = this.stack[this.stack.length - 1]!;
      frame.key = text;
      frame.empty = false;
      this.onKey(frame, text);
      this.expect = EXPECT_COLON;
      return;
    }
    this.sawValue = true;
    this.scalar('string', text);
    this.afterValue();
  }

  /**
   * Keys are fresh substrings of the chunk; storing a property under such a string takes V8's slow
   * path every time. Reusing the first string seen for each key name keeps record building fast.
   */
  private internKey(text: string): string {
    const known = this.keyNames.get(text);
    if (known !== undefined) return known;
    const key = internalize(text);
    if (this.keyNames.size < 10_000) this.keyNames.set(key, key);
    return key;
  }

  private afterValue(): void {
    this.expect = this.stack.length ? EXPECT_COMMA : EXPECT_END;
  }

  // ---- Records: what each value means ----

  private onKey(frame: Frame, key: string): void {
    if (frame.role === 'nav' && frame.pathIndex === 0 && this.topKeys.length < 50) this.topKeys.push(key);
    if (frame.role === 'capture') {
      if (frame.needComma) this.captureAppend(',');
      frame.needComma = true;
      this.captureAppend(JSON.stringify(key) + ':');
    }
  }

  /** Role of a value that starts now, given its parent (`skip`: not part of the records). */
  private roleOf(isContainer: boolean, isObject: boolean, kind?: ScalarKind): Role {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (isContainer && !isObject) {
        if (this.path)
          throw this.shape(
            `le fichier est directement un tableau : l'option path (« ${this.path.join('.')} ») ne s'applique pas, retirez-la.`,
          );
        this.found = '';
        return 'records';
      }
      if (isContainer) return 'nav';
      throw this.shape(
        `le fichier JSON contient ${kindLabel(kind!)} seul ; attendu : un tableau d'objets [ { "nom": "…", … }, … ].`,
      );
    }
    switch (parent.role) {
      case 'nav': {
        const key = parent.key!;
        const index = parent.pathIndex!;
        if (this.path) {
          if (key !== this.path[index]) return 'skip';
          const last = index === this.path.length - 1;
          if (last && isContainer && !isObject) {
            this.found = this.path.join('.');
            return 'records';
          }
          if (!last && isObject) return 'nav';
          throw this.shape(
            `la clé « ${this.path.slice(0, index + 1).join('.')} » contient ${isContainer ? (isObject ? 'un objet' : 'un tableau') : kindLabel(kind!)} ; attendu : ${last ? "un tableau d'objets" : 'un objet'}.`,
          );
        }
        return isContainer && !isObject && index === 0 ? 'candidate' : 'skip';
      }
      case 'records':
        if (isContainer && isObject) return 'record';
        throw this.shape(
          `l'élément n° ${this.element + 1} du tableau est ${isContainer ? 'un tableau' : kindLabel(kind!)} et non un objet : chaque lieu doit être un objet { "nom": "…", … }.`,
        );
      case 'candidate': {
        const key = this.stack[this.stack.length - 2]!.key!;
        if (!(isContainer && isObject)) {
          parent.role = 'skip';
          return 'skip';
        }
        if (this.found !== undefined)
          throw this.shape(
            `le fichier contient plusieurs tableaux d'objets (clés « ${this.found} » et « ${key} ») : indiquez lequel lire avec l'option path.`,
          );
        this.found = key;
        parent.role = 'records';
        return 'record';
      }
      case 'record':
        return isContainer ? 'capture' : 'record';
      case 'capture':
        return 'capture';
      case 'skip':
        return 'skip';
    }
  }

  private beginContainer(frame: Frame): void {
    const parent = this.stack[this.stack.length - 1];
    const role = this.roleOf(true, frame.isObject);
    frame.role = role;
    if (role === 'nav') frame.pathIndex = parent ? parent.pathIndex! + 1 : 0;
    else if (role === 'record') {
      this.record = {};
      this.recordLine = frame.openLine;
      this.recordIssues = [];
      this.recordKeys = [];
    } else if (role === 'capture') {
      if (parent!.role === 'record') {
        this.capture = '';
        this.captureKey = parent!.key!;
      } else if (!parent!.isObject) {
        if (parent!.needComma) this.captureAppend(',');
        parent!.needComma = true;
      }
      frame.needComma = false;
      this.captureAppend(frame.isObject ? '{' : '[');
    }
  }

  private endContainer(frame: Frame): void {
    switch (frame.role) {
      case 'record':
        this.finishRecord();
        break;
      case 'records':
        break;
      case 'capture':
        this.captureAppend(frame.isObject ? '}' : ']');
        if (this.stack[this.stack.length - 1]?.role === 'record')
          this.setRecordField(this.captureKey, this.capture);
        break;
      case 'candidate':
        // An empty array: the records if nothing better is found.
        this.emptyCandidate ??= this.stack[this.stack.length - 1]!.key;
        break;
      case 'nav':
        if (this.stack.length === 0 && this.found === undefined) this.noRecordsFound();
        break;
      default:
        break;
    }
  }

  private noRecordsFound(): void {
    if (!this.path && this.emptyCandidate !== undefined) {
      this.found = this.emptyCandidate;
      return;
    }
    const keys = this.topKeys.length
      ? ` (clés trouvées : ${this.topKeys.map((k) => `« ${k} »`).join(', ')})`
      : '';
    if (this.path)
      throw this.shape(`la clé « ${this.path.join('.')} » n'existe pas dans le fichier${keys}.`, 1);
    throw this.shape(
      `le fichier JSON est un objet sans tableau d'objets à son premier niveau${keys} ; attendu : un tableau [ { … }, … ], ou un objet dont une clé contient ce tableau. Si le tableau est plus profond, indiquez son chemin avec l'option path (par exemple « data.items »).`,
      1,
    );
  }

  private scalar(kind: ScalarKind, text: string): void {
    const role = this.roleOf(false, false, kind);
    if (role === 'record') {
      const value = kind === 'null' ? '' : text;
      this.setRecordField(this.stack[this.stack.length - 1]!.key!, value);
    } else if (role === 'capture') {
      const parent = this.stack[this.stack.length - 1]!;
      if (!parent.isObject) {
        if (parent.needComma) this.captureAppend(',');
        parent.needComma = true;
      }
      this.captureAppend(kind === 'string' ? JSON.stringify(text) : text);
    }
  }

  private captureAppend(text: string): void {
    if (this.capture.length + text.length > this.max)
      throw new RecordReadError(
        'field-too-long',
        `valeur imbriquée de plus de ${this.max.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} caractères dans la clé « ${this.captureKey} », au-delà de la limite de lecture.`,
        { line: this.recordLine },
      );
    this.capture += text;
  }

  private setRecordField(key: string, value: string): void {
    this.recordKeys.push(key);
    setField(this.record!, key, value);
  }

  private finishRecord(): void {
    this.element++;
    const original = this.record!;
    let record = original;
    this.record = undefined;
    const keys = Object.keys(record);
    // A repeated key adds no property: compare counts, and name the keys only in that rare case.
    if (keys.length !== this.recordKeys.length) this.reportDuplicates();
    this.recordKeys = [];
    if (record.type === 'Feature' && hasOwn(record, 'properties'))
      record = flattenFeature(record, this.recordLine, this.recordIssues);
    this.noteKeys(record === original ? keys : Object.keys(record));
    const item: ReadItem = { line: this.recordLine, record };
    if (this.recordIssues.length) item.issues = this.recordIssues;
    this.out.push(item);
  }

  private reportDuplicates(): void {
    const seen = new Set<string>();
    const reported = new Set<string>();
    for (const key of this.recordKeys) {
      if (seen.has(key) && !reported.has(key)) {
        reported.add(key);
        this.recordIssues.push(
          new RecordReadError(
            'duplicate-key',
            `la clé « ${key} » apparaît plusieurs fois dans cet objet : la dernière valeur est gardée.`,
            { line: this.recordLine },
          ),
        );
      }
      seen.add(key);
    }
  }

  /** Adds keys to the union, cheaply when a record has the same keys as the previous one. */
  private noteKeys(keys: string[]): void {
    const last = this.lastKeys;
    if (keys.length === last.length && keys.every((k, i) => k === last[i])) return;
    for (const key of keys) this.keySet.add(key);
    this.lastKeys = keys;
  }
}

function isBareChar(c: number): boolean {
  // Letters, digits, + - . : the characters of numbers and literals (and of their common typos).
  return (
    (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 43 || c === 46
  );
}

/** A GeoJSON Feature as a flat record: its properties, plus coordinates from a Point geometry. */
function flattenFeature(
  feature: Record<string, string>,
  line: number,
  issues: RecordReadError[],
): Record<string, string> {
  const flat: Record<string, string> = {};
  let properties: unknown = null;
  try {
    properties = feature.properties ? JSON.parse(feature.properties) : null;
  } catch {
    properties = null;
  }
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [key, value] of Object.entries(properties)) setField(flat, key, jsonValueToText(value));
  } else if (feature.properties) {
    issues.push(
      new RecordReadError(
        'json-shape',
        'les « properties » de cette Feature ne sont pas un objet : elles sont ignorées.',
        { line },
      ),
    );
  }
  if (feature.id && !flat.id) flat.id = feature.id;
  if (feature.geometry) {
    try {
      const geometry = JSON.parse(feature.geometry) as { type?: unknown; coordinates?: unknown };
      const coordinates = geometry.coordinates;
      if (geometry.type === 'Point' && Array.isArray(coordinates) && coordinates.length >= 2) {
        const [lon, lat] = coordinates as unknown[];
        if (typeof lon === 'number' && typeof lat === 'number') {
          if (!flat.longitude) flat.longitude = String(lon);
          if (!flat.latitude) flat.latitude = String(lat);
        }
      }
    } catch {
      // A geometry that is not JSON text cannot come from the tokenizer; nothing to take.
    }
  }
  return flat;
}

/** Incremental reader of a JSON array of objects: `push` text chunks (any boundary), then `end`. */
export function createJsonRecordParser(options: JsonRecordParserOptions = {}): JsonRecordParser {
  return new IncrementalJsonRecordParser(options);
}

/** Reads every record of a whole JSON text (convenience over `createJsonRecordParser`). */
export function parseJsonRecords(text: string, options: JsonRecordParserOptions = {}): ReadItem[] {
  const parser = createJsonRecordParser(options);
  return [...parser.push(text), ...parser.end()];
}

// ---- Writing ----

export interface RecordSerializer<T> {
  /** Text before the first record. */
  start(): string;
  /**
   * Text of one record, or `null` when the record is skipped (e.g. no coordinates for GeoJSON). `id`,
   * when given, stands for the record's `id` (kept beside the record by the server: no copy per row).
   */
  write(record: T, id?: string): string | null;
  /** Text after the last record. */
  end(): string;
}

/**
 * JSON array of flat objects, one per line, as published nationally: keys in `columns` order
 * (the standard's by default), empty values left out, number fields written as JSON numbers when
 * their text is a valid JSON number (otherwise kept as a string, so nothing is lost).
 */
export function createJsonRecordsWriter(
  columns: readonly string[] = FIELD_NAMES,
): RecordSerializer<Readonly<Record<string, string | undefined>>> {
  let count = 0;
  const numeric = new Set(columns.filter((c) => FIELD_BY_NAME.get(c)?.type === 'number'));
  const keys = columns.map((c) => JSON.stringify(c));
  return {
    start: () => '[',
    write(record, id) {
      let out = '';
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        const value = id !== undefined && column === 'id' ? id : record[column];
        if (value === undefined || value === null || value === '') continue;
        const text = String(value);
        const json =
          numeric.has(column) && NUMBER_PATTERN.test(text.trim()) ? text.trim() : JSON.stringify(text);
        out += `${out ? ',' : ''}${keys[i]}:${json}`;
      }
      return `${count++ === 0 ? '\n' : ',\n'}{${out}}`;
    },
    end: () => (count ? '\n]\n' : ']\n'),
  };
}

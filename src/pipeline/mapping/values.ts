/**
 * Reading producers' cell values: text folding for tolerant comparison, column access (including
 * `a.b` paths into nested JSON), and the parsers of the mapping engine — dates, numbers, booleans.
 * Each parser returns `undefined` when it cannot read the value, never a guess.
 */

/** A cell as text: strings as they are, numbers and booleans written out, null → '', objects → JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A nested value: JSON text from a flat reader is parsed on demand, objects are used as they are. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The value of a column. A name with dots (`geolocalisation.lat`) is first looked up as is, then as
 * a path into a nested object (or into its JSON text, as flat readers deliver nested values).
 */
export function columnValue(raw: Readonly<Record<string, unknown>>, column: string): unknown {
  if (hasOwn(raw, column)) return raw[column];
  if (!column.includes('.')) return undefined;
  const parts = column.split('.');
  // Longest existing prefix first: a key may itself contain dots.
  for (let cut = parts.length - 1; cut >= 1; cut--) {
    const head = parts.slice(0, cut).join('.');
    if (!hasOwn(raw, head)) continue;
    const nested = asObject(raw[head]);
    if (!nested) return undefined;
    return columnValue(nested, parts.slice(cut).join('.'));
  }
  return undefined;
}

/** Whether the record has the column (for reporting columns that a mapping names but files lack). */
export function hasColumn(raw: Readonly<Record<string, unknown>>, column: string): boolean {
  if (hasOwn(raw, column)) return true;
  if (!column.includes('.')) return false;
  return columnValue(raw, column) !== undefined;
}

const foldCache = new Map<string, string>();

/**
 * Text folded for comparison: lower case, no accents, one kind of apostrophe, `_` as a space (survey
 * tools write `Jeunes_(16-26_ans)`), whitespace collapsed. Cached: real files repeat their cells.
 */
export function fold(text: string): string {
  let folded = foldCache.get(text);
  if (folded !== undefined) return folded;
  folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[_\s\u00a0\u202f]+/g, ' ')
    .trim();
  if (foldCache.size > 50_000) foldCache.clear();
  foldCache.set(text, folded);
  return folded;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[a-z0-9]/.test(c);
}

/**
 * Whether folded `haystack` contains folded `needle` starting at a word boundary (`atelier` is found in
 * `ateliers` and `l'atelier`, `cv` is not found in `recv`). A needle that starts with punctuation is
 * matched anywhere.
 */
export function containsTerm(haystack: string, needle: string): boolean {
  if (!needle) return false;
  const checkStart = isWordChar(needle[0]);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    if (!checkStart || !isWordChar(haystack[at - 1])) return true;
    from = at + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------------------------

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Calendar date in Paris of a Unix time in milliseconds. */
export function parisDateOf(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const parts = PARIS_DATE.formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  const [y, m, d] = [get('year'), get('month'), get('day')];
  return y && m && d ? `${y}-${m}-${d}` : undefined;
}

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/;
const FRENCH_DATE = /(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])/;
const EMBEDDED_ISO = /(?:^|[^\d])(\d{4})-(\d{2})-(\d{2})(?!\d)/;

/**
 * A date as producers write it, to `YYYY-MM-DD`: ISO dates and date-times (`2022-09-26 19:00:45`,
 * `2020/06/30 14:16:50.898`, `2023-11-05T10:00:00Z`), French dates (`19/02/2021`, `1.2.2020`,
 * `13/12/2022 17:51`), Unix timestamps in seconds (10 digits) or milliseconds (13 digits, Paris day),
 * and a date inside text (« Espace labellisé 01/01/2020 »). Impossible dates (31/02) give undefined.
 */
export function parseDate(input: string): string | undefined {
  const text = input.trim();
  if (!text) return undefined;
  if (/^\d{10}(?:\.\d+)?$/.test(text)) return parisDateOf(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return parisDateOf(Number(text));
  const iso = ISO_DATE.exec(text);
  if (iso) {
    // A date-time with an offset or Z names an instant: its day is the day in Paris.
    if (/T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) {
      const ms = Date.parse(text);
      if (Number.isFinite(ms)) return parisDateOf(ms);
    }
    return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }
  const french = FRENCH_DATE.exec(text);
  if (french) return isoDate(Number(french[3]), Number(french[2]), Number(french[1]));
  const embedded = EMBEDDED_ISO.exec(text);
  if (embedded) return isoDate(Number(embedded[1]), Number(embedded[2]), Number(embedded[3]));
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers and booleans.
// ---------------------------------------------------------------------------------------------------------

/**
 * A decimal number as written in French or English (`3,952959014`, `43.52`, `-0,5`, ` 1 234,5 `),
 * or undefined. Thousands separators are only accepted as spaces: `1,234` is one point two three four.
 */
export function parseNumber(input: string): number | undefined {
  const text = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** The shortest decimal writing of a number (no exponent for coordinates). */
export function formatNumber(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '') : text;
}

const TRUE_WORDS = new Set(['oui', 'o', 'yes', 'y', 'true', 'vrai', '1', 'x', 'ok']);
const FALSE_WORDS = new Set(['non', 'n', 'no', 'false', 'faux', '0', '-', '']);

/** « Oui », « True », « 1 », « X » → true; « Non », « False », « 0 », « - », empty → false; else undefined. */
export function parseBoolean(input: string): boolean | undefined {
  const folded = fold(input).replace(/[.!]+$/, '');
  if (TRUE_WORDS.has(folded)) return true;
  if (FALSE_WORDS.has(folded)) return false;
  return undefined;
}

/**
 * Bytes → text for producer files, pure and isomorphic (TextDecoder exists in Node and browsers).
 *
 * Producers export UTF-8 (with or without BOM) or Windows-1252 (Excel « CSV » on Windows). Rule:
 * valid UTF-8 → UTF-8, otherwise Windows-1252 (a superset of Latin-1 for printable characters).
 * The streaming decoder decides at the first non-ASCII byte, on a sample of up to 64 KB from there,
 * so a file whose first lines are plain ASCII is still judged on its accented text. If a file judged
 * UTF-8 later holds an invalid byte, it fails with the line number instead of corrupting characters.
 *
 * Binary content (NUL bytes, many control characters, ZIP/Excel/PDF signatures) and UTF-16 are
 * rejected with a clear message: they are not CSV/JSON text that people can fix by hand otherwise.
 */
import { RecordReadError } from './read-error.js';

export type TextEncodingName = 'utf-8' | 'windows-1252';
export type EncodingOption = 'auto' | TextEncodingName;

/** Bytes examined by `detectEncoding` in a stream, from the first non-ASCII byte. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;
/** Bytes examined for binary content at the start of a stream. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

const UTF16_MESSAGE =
  'le fichier est encodé en UTF-16 (« Texte Unicode »). Enregistrez-le en « CSV UTF-8 » ou en JSON UTF-8, puis réessayez.';

/**
 * Offset of the first byte that breaks UTF-8 (WHATWG rules: no overlongs, surrogates or code points
 * above U+10FFFF), or -1 when valid. `allowTruncatedEnd`: a sequence cut by the end of `bytes` is
 * not an error (a sample or a chunk may stop in the middle of a character).
 */
export function utf8ErrorOffset(bytes: Uint8Array, allowTruncatedEnd = false): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return allowTruncatedEnd ? -1 : i;
      const c = bytes[i + k]!;
      if (c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Encoding of a sample of a file (its start, or 64 KB from its first non-ASCII byte).
 * A UTF-8 BOM means UTF-8; UTF-16 is refused with an explanation.
 */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (hasUtf16Bom(bytes))
    throw new RecordReadError('encoding', `Encodage non pris en charge : ${UTF16_MESSAGE}`);
  if (hasUtf8Bom(bytes)) return 'utf-8';
  return utf8ErrorOffset(bytes, true) === -1 ? 'utf-8' : 'windows-1252';
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const NOT_READABLE = "Ce fichier n'est pas un CSV ou un JSON lisible";

/**
 * Throws a `RecordReadError` when the start of a file is not text: archives and spreadsheets
 * (with the fix to apply), UTF-16, NUL bytes, or more than 10 % control characters.
 */
export function assertReadableBytes(sample: Uint8Array): void {
  if (hasUtf16Bom(sample))
    throw new RecordReadError('encoding', `Encodage non pris en charge : ${UTF16_MESSAGE}`);
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04]) || startsWith(sample, [0x50, 0x4b, 0x05, 0x06]))
    throw new RecordReadError(
      'binary',
      `${NOT_READABLE} : c'est une archive ZIP, par exemple un classeur Excel (.xlsx) ou LibreOffice (.ods). Ouvrez-le et exportez-le en « CSV UTF-8 ».`,
    );
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new RecordReadError(
      'binary',
      `${NOT_READABLE} : c'est un ancien classeur Excel (.xls). Ouvrez-le et exportez-le en « CSV UTF-8 ».`,
    );
  if (startsWith(sample, [0x25, 0x50, 0x44, 0x46]))
    throw new RecordReadError('binary', `${NOT_READABLE} : c'est un document PDF.`);
  if (startsWith(sample, [0x1f, 0x8b]))
    throw new RecordReadError(
      'binary',
      `${NOT_READABLE} : c'est un fichier compressé (gzip). Décompressez-le d'abord.`,
    );
  let nul = 0;
  let nulAtOdd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) {
      nul++;
      if (i % 2 === 1) nulAtOdd++;
    } else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  if (nul > 0) {
    // Text in UTF-16 without BOM: every other byte is NUL, consistently on one side.
    const utf16 = nul >= sample.length / 4 && (nulAtOdd >= nul * 0.9 || nulAtOdd <= nul * 0.1);
    if (utf16) throw new RecordReadError('encoding', `Encodage non pris en charge : ${UTF16_MESSAGE}`);
    throw new RecordReadError(
      'binary',
      `${NOT_READABLE} : il contient des octets nuls (contenu binaire). Vérifiez qu'il s'agit bien de l'export CSV ou JSON.`,
    );
  }
  if (sample.length > 0 && control / sample.length > 0.1)
    throw new RecordReadError(
      'binary',
      `${NOT_READABLE} : il contient trop de caractères de contrôle (contenu binaire). Vérifiez qu'il s'agit bien de l'export CSV ou JSON.`,
    );
}

// Node's TextDecoder (ICU) decodes the label windows-1252 as ISO-8859-1, leaving 0x80–0x9F as C1
// controls; browsers map them to € ‚ ƒ … as WHATWG says. This table makes both give the same text.
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

const ASCII_DECODER = new TextDecoder('utf-8');

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}

/** Length of a trailing incomplete UTF-8 sequence (0–3 bytes) that the next chunk may complete. */
function incompleteTailLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? back : 0;
    }
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export interface StreamDecoder {
  /** Decodes the next chunk; may hold back bytes until the encoding is known or a character is complete. */
  push(bytes: Uint8Array): string;
  /** Flushes what is held back. */
  end(): string;
  /** The encoding in use, once decided (`undefined` while the text seen is pure ASCII). */
  readonly encoding: TextEncodingName | undefined;
}

/**
 * Streaming decoder for a producer file: rejects binary content on the first bytes, detects the
 * encoding (`auto`) or applies the one given, strips a UTF-8 BOM (a BOM always wins over the
 * option: it is the file's own statement), and reports invalid UTF-8 with its line number.
 */
export function createStreamDecoder(option: EncodingOption = 'auto'): StreamDecoder {
  let sniffed = false;
  let held: Uint8Array = new Uint8Array(0);
  let decided: TextEncodingName | undefined = option === 'auto' ? undefined : option;
  let decoder: TextDecoder | undefined;
  let emittedLines = 0;
  let utf8Tail: Uint8Array = new Uint8Array(0);
  let scanned = 0; // bytes of `held` known to be ASCII (auto mode, undecided)

  function start(encoding: TextEncodingName): void {
    decided = encoding;
    decoder =
      encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : new TextDecoder('windows-1252');
  }

  function decodeWith(bytes: Uint8Array, final: boolean): string {
    if (!decoder) start(decided ?? 'utf-8');
    let text: string;
    if (decided === 'utf-8') {
      try {
        text = decoder!.decode(bytes, { stream: !final });
      } catch {
        const combined = concat(utf8Tail, bytes);
        let offset = utf8ErrorOffset(combined, !final);
        if (offset === -1) offset = combined.length - 1;
        const line = emittedLines + 1 + newlinesBefore(combined, offset);
        const hex = combined[offset]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
        throw new RecordReadError(
          'encoding',
          `octet 0x${hex} invalide en UTF-8 : le fichier mélange probablement UTF-8 et Windows-1252 (Latin-1). Réenregistrez-le entièrement en UTF-8, ou indiquez l'encodage windows-1252 s'il s'agit d'un export Excel.`,
          { line },
        );
      }
      utf8Tail = final ? new Uint8Array(0) : bytes.slice(bytes.length - incompleteTailLength(bytes));
    } else {
      text = fixC1(decoder!.decode(bytes, { stream: !final }));
    }
    emittedLines += countNewlines(text);
    return text;
  }

  function ascii(bytes: Uint8Array): string {
    // Pure ASCII reads the same in both encodings: decoded without committing to one.
    const text = ASCII_DECODER.decode(bytes);
    emittedLines += countNewlines(text);
    return text;
  }

  function drain(final: boolean): string {
    if (decided) {
      const bytes = held;
      held = new Uint8Array(0);
      return decodeWith(bytes, final);
    }
    // Auto mode, still undecided: emit the ASCII prefix, decide once a long enough sample exists.
    while (scanned < held.length && held[scanned]! < 0x80) scanned++;
    if (scanned === held.length) {
      const text = ascii(held);
      held = new Uint8Array(0);
      scanned = 0;
      return text;
    }
    if (!final && held.length - scanned < ENCODING_SAMPLE_BYTES) {
      const text = ascii(held.subarray(0, scanned));
      held = held.slice(scanned);
      scanned = 0;
      return text;
    }
    const prefix = ascii(held.subarray(0, scanned));
    start(detectEncoding(held.subarray(scanned, scanned + ENCODING_SAMPLE_BYTES)));
    const rest = held.subarray(scanned);
    held = new Uint8Array(0);
    scanned = 0;
    return prefix + decodeWith(rest, final);
  }

  function sniff(final: boolean): boolean {
    if (sniffed) return true;
    if (!final && held.length < BINARY_SNIFF_BYTES) return false;
    sniffed = true;
    assertReadableBytes(held.subarray(0, BINARY_SNIFF_BYTES));
    if (hasUtf8Bom(held)) start('utf-8');
    return true;
  }

  return {
    push(bytes: Uint8Array): string {
      held = concat(held, bytes);
      if (!sniff(false)) return '';
      return drain(false);
    },
    end(): string {
      sniff(true);
      return drain(true);
    },
    get encoding() {
      return decided;
    },
  };
}

/** Decodes a whole file held in memory (same rules as the streaming decoder). */
export function decodeText(
  bytes: Uint8Array,
  option: EncodingOption = 'auto',
): { text: string; encoding: TextEncodingName } {
  const decoder = createStreamDecoder(option);
  const text = decoder.push(bytes) + decoder.end();
  return { text, encoding: decoder.encoding ?? 'utf-8' };
}

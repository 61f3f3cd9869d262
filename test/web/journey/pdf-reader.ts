/**
 * A small PDF reader for tests: enough to read what `renderFichePdf` writes (pdf-lib, Flate content
 * streams, Helvetica text as hex strings, vector rectangles, link annotations). Not a general parser.
 */
import { inflateSync } from 'node:zlib';

export interface PdfRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ReadPdf {
  /** Every text-showing operator's string, decoded from WinAnsi, in drawing order. */
  texts: string[];
  /** Decoded content streams (page contents). */
  contents: string[];
  /** URIs of link annotations. */
  uris: string[];
  /** Rectangles inside `/Figure` marked-content sequences (the QR codes), one list per figure. */
  figures: PdfRect[][];
  /** Alternative texts of `/Figure` sequences. */
  figureAlts: string[];
  pageCount: number;
  raw: string;
}

// Windows-1252 at 0x80–0x9F (Node's TextDecoder reads that range as Latin-1 control characters).
const WIN_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    out += byte >= 0x80 && byte <= 0x9f ? WIN_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return out;
}

/** Literal PDF string `( … )` with escapes. */
function decodeLiteral(text: string): string {
  return text.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const map: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      b: '\b',
      f: '\f',
      '(': '(',
      ')': ')',
      '\\': '\\',
    };
    return map[e] ?? String.fromCharCode(parseInt(e, 8));
  });
}

export function readPdf(bytes: Uint8Array): ReadPdf {
  const raw = Buffer.from(bytes).toString('latin1');
  const contents: string[] = [];
  const streamRe = /<<((?:(?!>>\s*stream)[\s\S])*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const dict = m[1]!;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const start = m.index + m[0].length;
    const data = Buffer.from(raw.slice(start, start + length), 'latin1');
    if (/\/FlateDecode/.test(dict)) {
      try {
        contents.push(inflateSync(data).toString('latin1'));
      } catch {
        // Not a content stream we can read (fonts are not embedded, so there should be none).
      }
    } else contents.push(data.toString('latin1'));
  }
  const texts: string[] = [];
  const figures: PdfRect[][] = [];
  const figureAlts: string[] = [];
  for (const content of contents) {
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) texts.push(decodeHex(t[1]!));
    for (const f of content.matchAll(
      /\/Figure\s*<<\s*\/Alt\s*\(((?:\\.|[^\\)])*)\)\s*>>\s*BDC([\s\S]*?)EMC/g,
    )) {
      figureAlts.push(decodeLiteral(f[1]!));
      const rects: PdfRect[] = [];
      for (const r of f[2]!.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
        rects.push({ x: Number(r[1]), y: Number(r[2]), w: Number(r[3]), h: Number(r[4]) });
      }
      figures.push(rects);
    }
  }
  const uris = [...raw.matchAll(/\/URI \(((?:\\.|[^\\)])*)\)/g)].map((u) => decodeLiteral(u[1]!));
  const pageCount = [...raw.matchAll(/\/Type \/Page[^s]/g)].length;
  return { texts, contents, uris, figures, figureAlts, pageCount, raw };
}

/** Rebuilds a QR matrix from the drawn module rectangles (runs of dark modules on a row). */
export function matrixFromRects(rects: PdfRect[]): boolean[][] {
  const m = Math.min(...rects.map((r) => r.h));
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.max(...rects.map((r) => r.y + r.h));
  const size = Math.round((Math.max(...rects.map((r) => r.x + r.w)) - left) / m);
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const r of rects) {
    const row = Math.round((top - (r.y + r.h)) / m);
    const col = Math.round((r.x - left) / m);
    const n = Math.round(r.w / m);
    for (let i = 0; i < n; i++) matrix[row]![col + i] = true;
  }
  return matrix;
}

/**
 * QR codes of lieu pages: the matrix from the `qrcode` library (error correction M), drawn by us —
 * as an SVG path on the printable page, as vector rectangles in the PDF — so both are sharp at any
 * size and identical.
 */
import QRCode from 'qrcode';

export interface QrMatrix {
  size: number;
  dark: (row: number, col: number) => boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, dark: (row, col) => Boolean(data[row * size + col]) };
}

/** The runs of dark modules, row by row: `[row, firstCol, length]`. */
export function qrRuns(qr: QrMatrix): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark(row, col)) col++;
      runs.push([row, start, col - start]);
    }
  }
  return runs;
}

/** An SVG document (viewBox in modules, 4-module quiet zone) drawing the QR code of `text`. */
export function qrSvg(text: string, title: string): string {
  const qr = qrMatrix(text);
  const quiet = 4;
  const size = qr.size + 2 * quiet;
  const d = qrRuns(qr)
    .map(([row, col, n]) => `M${col + quiet} ${row + quiet}h${n}v1h-${n}z`)
    .join('');
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escaped.replace(/"/g, '&quot;')}" shape-rendering="crispEdges"><title>${escaped}</title><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}

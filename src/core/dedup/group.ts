/**
 * Grouping accepted links into lieux, with a guard against chaining: A~B and B~C must not put A and C
 * together when A and C themselves disagree. Two groups merge only if every cross pair scores at least
 * `threshold - GUARD_SLACK` without veto (a complete-link check; the slack lets a third record with less
 * data — no coordinates, say — join a group it clearly belongs to).
 */

/** How far below the threshold a cross pair may score inside a group. */
export const GUARD_SLACK = 1;

/** Stable identifier from member keys: same members → same id, whatever the order or the run. */
export function groupId(keys: readonly string[]): string {
  const text = [...keys].sort().join('\u0000');
  return `lieu-${hash53(text, 0x9e3779b1).toString(16).padStart(14, '0')}${hash53(text, 0x85ebca77).toString(16).padStart(14, '0').slice(0, 6)}`;
}

/** cyrb53: a fast 53-bit string hash (public domain), deterministic across platforms. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface Link {
  i: number;
  j: number;
  score: number;
}

/**
 * Merges links (strongest first) into groups of indices. `accepts(i, j)` answers whether two members may
 * share a group (it is asked for every cross pair before two groups merge).
 */
export function groupLinks(links: readonly Link[], accepts: (i: number, j: number) => boolean): number[][] {
  const ordered = [...links].sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const groupOf = new Map<number, number[]>();
  for (const { i, j } of ordered) {
    const gi = groupOf.get(i) ?? [i];
    const gj = groupOf.get(j) ?? [j];
    if (gi === gj) continue;
    let ok = true;
    for (const a of gi) {
      for (const b of gj) {
        if ((a === i && b === j) || accepts(Math.min(a, b), Math.max(a, b))) continue;
        ok = false;
        break;
      }
      if (!ok) break;
    }
    if (!ok) continue;
    const merged = [...gi, ...gj].sort((x, y) => x - y);
    for (const m of merged) groupOf.set(m, merged);
  }
  const groups = new Set(groupOf.values());
  return [...groups].sort((x, y) => x[0]! - y[0]!);
}

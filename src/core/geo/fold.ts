/**
 * Name folding for matching place names as people type them: accents, case, punctuation, hyphens,
 * « St »/« Ste » abbreviations, ordinals (« 11ème » = « 11e ») and « s/ » for « sur » all fold alike.
 * `foldName('Saint-Étienne') === foldName('st etienne') === 'saint etienne'`.
 */

// A Map, not an object literal: « constructor » or « toString » must not fold to a function.
const ABBREVIATIONS = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
]);

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/**
 * Folds a name to lowercase ASCII words separated by single spaces. `expand: false` keeps « st » as
 * typed (a search box needs both: « st » may start « Strasbourg »).
 */
export function foldName(value: string, options: { expand?: boolean } = {}): string {
  const expand = options.expand ?? true;
  let s = value.toLowerCase();
  if (/[œæß]/.test(s)) s = s.replace(/[œæß]/g, (c) => LIGATURES[c] ?? c);
  // Only non-ASCII text needs decomposing (the common case for accented names, cheap otherwise).
  if (/[\u0080-\uffff]/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // « Bar s/ Seine », « Châlons s/Marne »
  if (s.includes('/')) s = s.replace(/\bs\s*\/\s*/g, 'sur ');
  s = s.replace(/[^a-z0-9]+/g, ' ').trim();
  if (!s) return '';
  const words = s.split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const abbreviation = expand ? ABBREVIATIONS.get(word) : undefined;
    if (abbreviation) words[i] = abbreviation;
    else if (word.charCodeAt(0) <= 57) words[i] = foldOrdinal(word);
  }
  return words.join(' ');
}

/** `1er`, `1ere`, `11eme`, `11ème`, `2nd` → `1e`, `11e`, `2e`. */
function foldOrdinal(word: string): string {
  const m = /^(\d+)(?:er|ere|e|eme|ieme|nd|nde)$/.exec(word);
  return m ? `${m[1]}e` : word;
}

/** The folded words of a name. */
export function nameTokens(value: string): string[] {
  const folded = foldName(value);
  return folded ? folded.split(' ') : [];
}

// Reused rows: editDistance runs thousands of times per fuzzy search.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Damerau–Levenshtein distance (optimal string alignment), giving up past `max` and returning `max + 1`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0]!.length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n]!, max + 1);
}

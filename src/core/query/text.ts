/**
 * Text keys of the engine: search words and the name sort key, computed once at index time so that a
 * request only compares plain strings by code unit — identical in Node and every browser (no Intl).
 * Folding is geo's `foldName` (accents, case, punctuation, « St » = « Saint », « 11ème » = « 11e »).
 */
import { foldName } from './deps.js';

function words(folded: string): string[] {
  return folded ? folded.split(' ') : [];
}

/** Words under which a text is found: folded as written and with abbreviations expanded. */
export function indexWords(text: string): string[] {
  return [...new Set([...words(foldName(text, { expand: false })), ...words(foldName(text))])];
}

/**
 * Folds names for the index with one `foldName` call per name: the expanded form is derived word by
 * word through a memo (folding a folded word again only expands it), since this runs for every lieu.
 */
export class NameFolder {
  private readonly expansions = new Map<string, string>();

  keys(name: string): { words: string[]; sortKey: string } {
    const asTyped = words(foldName(name, { expand: false }));
    const expanded = asTyped.map((word) => {
      let out = this.expansions.get(word);
      if (out === undefined) this.expansions.set(word, (out = foldName(word)));
      return out;
    });
    return { words: [...new Set([...asTyped, ...expanded])], sortKey: sortKeyOfFolded(expanded.join(' ')) };
  }
}

/**
 * The words of a search, each with its alternatives: « st » may start « Strasbourg » or mean « Saint ».
 * A lieu matches a word when one of its index words starts with one of the alternatives.
 */
export function searchWords(q: string): string[][] {
  const asTyped = words(foldName(q, { expand: false }));
  const expanded = words(foldName(q));
  const out: string[][] = [];
  const seen = new Set<string>();
  asTyped.forEach((word, k) => {
    const alternatives = [...new Set([word, expanded[k] ?? word])];
    const key = alternatives.join(' ');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(alternatives);
    }
  });
  return out;
}

/**
 * Sort key approximating French collation: folded words joined by one space, digit runs zero-padded so
 * that « Espace 9 » sorts before « Espace 10 ». Compared by code unit; ties are broken by id elsewhere.
 */
function sortKeyOfFolded(folded: string): string {
  return folded.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}

/** Code-unit comparison: deterministic everywhere, unlike `localeCompare` without a fixed locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

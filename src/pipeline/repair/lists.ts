/**
 * `|` lists of the standard's enumerations (services, frais_a_charge…) and of typologies: items
 * trimmed, empty items and duplicates removed, case or accent slips put back to the exact value
 * (« gratuit » → « Gratuit »), `;` or `,` separators replaced when every part is a known value.
 * Unknown values are left for validation to report: guessing them would be inventing.
 */
import { foldLabel } from '../../core/standard/checks.js';
import { TYPOLOGIES } from '../../core/standard/enums.js';
import { FIELDS } from '../../core/standard/fields.js';

export interface Vocabulary {
  /** Exact value for a folded spelling. */
  byFold: ReadonlyMap<string, string>;
}

function vocabulary(pairs: Iterable<[string, string]>): Vocabulary {
  const byFold = new Map<string, string>();
  for (const [spelling, value] of pairs) {
    const key = foldLabel(spelling);
    if (!byFold.has(key)) byFold.set(key, value);
  }
  return { byFold };
}

export const ENUM_VOCABULARIES: ReadonlyMap<string, Vocabulary> = new Map(
  FIELDS.filter((f) => f.enumValues).map((f) => [f.name, vocabulary(f.enumValues!.map((v) => [v, v]))]),
);

/** Typology codes, from the code itself or its label (« Bibliothèque / Médiathèque » → BIB). */
export const TYPOLOGY_VOCABULARY: Vocabulary = vocabulary([
  ...Object.keys(TYPOLOGIES).map((code): [string, string] => [code, code]),
  ...Object.entries(TYPOLOGIES).map(([code, label]): [string, string] => [label, code]),
]);

export interface ListRepair {
  value: string;
  /** What changed, in plain French fragments, for the log. */
  changes: string[];
}

function known(vocab: Vocabulary, item: string): string | undefined {
  return vocab.byFold.get(foldLabel(item));
}

/** Cleans one `|` list against a vocabulary. */
export function cleanList(value: string, vocab: Vocabulary): ListRepair {
  const changes: string[] = [];
  let items = value.split('|');
  // « Gratuit;Payant », « Gratuit, Payant »: other separators, when every part is a known value.
  if (items.length === 1 && /[;,]/.test(value)) {
    const parts = value
      .split(/[;,]/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length > 1 && parts.every((p) => known(vocab, p) !== undefined)) {
      items = parts;
      changes.push('séparateur remplacé par « | »');
    }
  }
  const out: string[] = [];
  const seen = new Set<string>();
  let empty = false;
  let spaced = false;
  for (const raw of items) {
    const item = raw.trim();
    if (item !== raw) spaced = true;
    if (!item) {
      empty = true;
      continue;
    }
    const exact = known(vocab, item);
    const fixed = exact ?? item;
    if (exact && exact !== item) changes.push(`« ${item} » → « ${exact} »`);
    if (seen.has(fixed)) {
      changes.push(`doublon « ${fixed} » retiré`);
      continue;
    }
    seen.add(fixed);
    out.push(fixed);
  }
  if (spaced) changes.push('espaces autour des valeurs retirées');
  if (empty) changes.push('élément vide retiré');
  return { value: out.join('|'), changes };
}

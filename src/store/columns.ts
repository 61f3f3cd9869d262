/**
 * The indexed columns of a dataset lieu, derived from its flat record so that queries by commune,
 * département, area or quality need not parse the JSON.
 */
import type { FlatRecord } from '../core/standard/types.js';

const CODE_INSEE = /^([013-9]\d|2[AB1-9])\d{3}$/;
const CODE_POSTAL = /^\d{5}$/;

/**
 * The département code (`01`…`95`, `2A`, `2B`, `971`…`988`) of a record: from its code INSEE, else
 * from its code postal (Corse: below 20200 is Corse-du-Sud). Undefined when neither is usable.
 */
export function departementOf(record: FlatRecord): string | undefined {
  const insee = record.code_insee?.trim();
  if (insee && CODE_INSEE.test(insee))
    return insee.startsWith('97') || insee.startsWith('98') ? insee.slice(0, 3) : insee.slice(0, 2);
  const postal = record.code_postal?.trim();
  if (postal && CODE_POSTAL.test(postal)) {
    if (postal.startsWith('97') || postal.startsWith('98')) return postal.slice(0, 3);
    if (postal.startsWith('20')) return Number(postal) < 20200 ? '2A' : '2B';
    return postal.slice(0, 2);
  }
  return undefined;
}

/** A coordinate from its flat text; null when absent or not a finite number. */
export function coordinateOf(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text.trim().replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

export function codeInseeOf(record: FlatRecord): string | null {
  const insee = record.code_insee?.trim();
  return insee ? insee : null;
}

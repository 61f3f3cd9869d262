/**
 * Conversion between file rows (`FlatRecord`) and typed lieux (`Lieu`).
 * `toLieu` assumes a record that passed validation; it never throws and drops nothing it can keep.
 */
import { FIELDS } from './fields.js';
import type { FlatRecord, Lieu } from './types.js';

export const LIST_SEPARATOR = '|';

/** Splits a `|` list, trimming items and dropping empty ones. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const part of value.split(LIST_SEPARATOR)) {
    const item = part.trim();
    if (item) out.push(item);
  }
  return out;
}

/** `id`, when given, stands for `row.id` (the server keeps a lieu's national id beside its record). */
export function toLieu(row: FlatRecord, id?: string): Lieu {
  const lieu: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const raw = (id !== undefined && field.name === 'id' ? id : row[field.name])?.trim();
    if (raw === undefined || raw === '') continue;
    if (field.type === 'number') {
      const n = Number(raw.replace(',', '.'));
      if (Number.isFinite(n)) lieu[field.name] = n;
    } else if (field.list) {
      const items = splitList(raw);
      if (items.length) lieu[field.name] = items;
    } else {
      lieu[field.name] = raw;
    }
  }
  return lieu as unknown as Lieu;
}

export function toFlat(lieu: Lieu): FlatRecord {
  const row: FlatRecord = {};
  const source = lieu as unknown as Record<string, unknown>;
  for (const field of FIELDS) {
    const value = source[field.name];
    if (value === undefined || value === null) row[field.name] = '';
    else if (Array.isArray(value)) row[field.name] = value.join(LIST_SEPARATOR);
    else row[field.name] = String(value);
  }
  return row;
}

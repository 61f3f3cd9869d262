/**
 * Filter edits as pure functions over a `Query`, and the list of active filters as removable chips.
 * Shared by the filter panel, the chips and the tests.
 */
import { ENUM_FILTERS, ENUM_FILTER_FIELDS } from '../../core/query/index.js';
import type { EnumFilterField, Query, Slot, Weekday } from '../../core/query/index.js';
import { TYPOLOGIES } from '../../core/standard/enums.js';
import { t, type Lang } from '../i18n/index.js';

export type ListField = EnumFilterField | 'typologie';
export const LIST_FIELDS: readonly ListField[] = [...ENUM_FILTER_FIELDS, 'typologie'];

/** Allowed values of a list filter, in the standard's order (typologie: codes sorted by label). */
export function valuesOf(field: ListField): readonly string[] {
  if (field === 'typologie') {
    // Sorted once: a locale-aware sort of ~90 labels on every render costs more than a query.
    if (!typologieCodes) {
      const collator = new Intl.Collator('fr', { sensitivity: 'base' });
      typologieCodes = Object.keys(TYPOLOGIES).sort((a, b) =>
        collator.compare(typologieLabel(a), typologieLabel(b)),
      );
    }
    return typologieCodes;
  }
  return ENUM_FILTERS[field];
}

let typologieCodes: string[] | undefined;

export function typologieLabel(code: string): string {
  return (TYPOLOGIES as Record<string, string>)[code] ?? code;
}

export function valueLabel(field: ListField, value: string): string {
  return field === 'typologie' ? typologieLabel(value) : value;
}

function listOf(query: Query, field: ListField): readonly string[] {
  return (query[field] as readonly string[] | undefined) ?? [];
}

/** Adds or removes one value of a list filter. */
export function toggleValue(query: Query, field: ListField, value: string, on: boolean): Query {
  const current = listOf(query, field);
  const values = on
    ? current.includes(value)
      ? current
      : [...current, value]
    : current.filter((v) => v !== value);
  const next: Query = { ...query };
  if (values.length) (next as Record<string, unknown>)[field] = values;
  else delete next[field];
  return next;
}

export function hasValue(query: Query, field: ListField, value: string): boolean {
  return listOf(query, field).includes(value);
}

type Flag = 'gratuit' | 'rdvEnLigne' | 'itinerant';

export function setFlag(query: Query, flag: Flag, value: boolean | undefined): Query {
  const next: Query = { ...query };
  if (value === undefined) delete next[flag];
  else next[flag] = value;
  return next;
}

/** « Ouvert maintenant » and « ouvert le » exclude each other (the API refuses both). */
export function setOpenNow(query: Query, on: boolean): Query {
  const next: Query = { ...query };
  delete next.openAt;
  if (on) next.openNow = true;
  else delete next.openNow;
  return next;
}

export function setOpenAt(query: Query, value: string | undefined): Query {
  const next: Query = { ...query };
  delete next.openNow;
  if (value) next.openAt = value;
  else delete next.openAt;
  return next;
}

export function addSlot(query: Query, slot: Slot): Query {
  const slots = query.slots ?? [];
  if (slots.some((s) => s.day === slot.day && s.from === slot.from && s.to === slot.to)) return query;
  return { ...query, slots: [...slots, slot] };
}

export function removeSlot(query: Query, index: number): Query {
  const slots = (query.slots ?? []).filter((_, i) => i !== index);
  const next: Query = { ...query };
  if (slots.length) next.slots = slots;
  else delete next.slots;
  return next;
}

export function setText(query: Query, q: string): Query {
  const next: Query = { ...query };
  if (q.trim()) next.q = q;
  else delete next.q;
  return next;
}

/** Every filter removed; territory and position kept (they are where, not what). */
export function clearFilters(query: Query): Query {
  const next: Query = {};
  for (const key of ['regions', 'departements', 'communes', 'epci', 'near', 'radiusKm', 'sort'] as const) {
    if (query[key] !== undefined) (next as Record<string, unknown>)[key] = query[key];
  }
  return next;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function slotLabel(slot: Slot, lang: Lang): string {
  return `${t(`days.${slot.day}` as 'days.0', {}, lang)} ${hhmm(slot.from)}–${hhmm(slot.to)}`;
}

/** « 14/06/2025 10:00 » from `2025-06-14T10:00`. */
export function openAtLabel(value: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!m) return value;
  return lang === 'fr' ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : `${m[1]}-${m[2]}-${m[3]} ${m[4]}`;
}

export interface Chip {
  key: string;
  label: string;
  remove: (query: Query) => Query;
}

/** The active filters, each with what removing it does. */
export function activeChips(query: Query, lang: Lang): Chip[] {
  const chips: Chip[] = [];
  if (query.q)
    chips.push({ key: 'q', label: t('filters.chip.q', { q: query.q }, lang), remove: (q) => setText(q, '') });
  if (query.openNow)
    chips.push({
      key: 'openNow',
      label: t('filters.chip.openNow', {}, lang),
      remove: (q) => setOpenNow(q, false),
    });
  if (query.openAt) {
    chips.push({
      key: 'openAt',
      label: t('filters.chip.openAt', { when: openAtLabel(query.openAt, lang) }, lang),
      remove: (q) => setOpenAt(q, undefined),
    });
  }
  (query.slots ?? []).forEach((slot, i) =>
    chips.push({ key: `slot:${i}`, label: slotLabel(slot, lang), remove: (q) => removeSlot(q, i) }),
  );
  const flags: Array<
    [
      Flag,
      'filters.chip.gratuit' | 'filters.chip.rdv' | 'filters.chip.itinerant',
      'filters.chip.payant' | 'filters.chip.noRdv' | 'filters.chip.fixe',
    ]
  > = [
    ['gratuit', 'filters.chip.gratuit', 'filters.chip.payant'],
    ['rdvEnLigne', 'filters.chip.rdv', 'filters.chip.noRdv'],
    ['itinerant', 'filters.chip.itinerant', 'filters.chip.fixe'],
  ];
  for (const [flag, yes, no] of flags) {
    if (query[flag] !== undefined) {
      chips.push({
        key: flag,
        label: t(query[flag] ? yes : no, {}, lang),
        remove: (q) => setFlag(q, flag, undefined),
      });
    }
  }
  for (const field of LIST_FIELDS) {
    for (const value of listOf(query, field)) {
      chips.push({
        key: `${field}:${value}`,
        label: valueLabel(field, value),
        remove: (q) => toggleValue(q, field, value, false),
      });
    }
  }
  if (query.radiusKm !== undefined && query.near) {
    chips.push({
      key: 'radius',
      label: t('filters.chip.radius', { km: query.radiusKm }, lang),
      remove: (q) => {
        const next = { ...q };
        delete next.radiusKm;
        return next;
      },
    });
  }
  return chips;
}

/** `HH:MM` → minutes, or undefined. */
export function parseTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

export function isWeekday(n: number): n is Weekday {
  return Number.isInteger(n) && n >= 0 && n <= 6;
}

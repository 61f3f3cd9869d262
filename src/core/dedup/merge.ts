/**
 * Merging a group of records describing one lieu into one record, field by field, keeping the provenance of
 * every value. Order of preference between members: freshest `date_maj`, then most complete record, then
 * source priority, then key (so the result never depends on the input order).
 */
import { FIELDS } from '../standard/fields.js';
import { LIST_SEPARATOR, splitList } from '../standard/model.js';
import type { FlatRecord } from '../standard/types.js';
import { DedupInputError, completenessOf } from './features.js';
import { groupId } from './group.js';
import { normalizePivot, normalizeUrl } from './text.js';
import type { DedupInput, MergeGroup, MergeOptions, MergedRecord, Provenance } from './types.js';

const LIST_FIELDS = new Set(FIELDS.filter((f) => f.list).map((f) => f.name));
const STANDARD_NAMES = FIELDS.map((f) => f.name);
/** Fields that only make sense together: they are taken from one member. */
const ADDRESS_BLOCK = ['adresse', 'complement_adresse', 'code_postal', 'code_insee', 'commune'] as const;
const COORDINATES = ['latitude', 'longitude'] as const;
const HANDLED = new Set<string>(['id', 'date_maj', 'pivot', ...ADDRESS_BLOCK, ...COORDINATES]);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function text(value: string | undefined): string {
  return (value ?? '').trim();
}

function dateOf(member: DedupInput): string {
  const raw = text(member.dateMaj ?? member.record.date_maj);
  return ISO_DATE.test(raw) ? raw.slice(0, 10) : '';
}

/** Comparison key of a list item: case-insensitive, URLs without scheme/www/trailing slash. */
function itemKey(field: string, item: string): string {
  if (field === 'site_web') return normalizeUrl(item)?.full ?? item.toLowerCase();
  return item.toLowerCase();
}

function coordinate(member: DedupInput, field: 'latitude' | 'longitude'): string {
  const given = member[field];
  if (given !== undefined) return Number.isFinite(given) ? String(given) : '';
  return text(member.record[field]);
}

/**
 * Merges the records of one group. The merged `id` is the group id (derived from the member keys), so it is
 * stable from one import to the next as long as the same records are grouped.
 */
export function mergeGroup(members: readonly DedupInput[], options: MergeOptions = {}): MergedRecord {
  if (members.length === 0) throw new DedupInputError('fusion impossible : le groupe ne contient aucun lieu');
  const keys = new Set<string>();
  for (const m of members) {
    if (!m || typeof m.key !== 'string' || !m.record) {
      throw new DedupInputError(
        'fusion impossible : un membre du groupe n’a pas de clé (key) ou d’enregistrement (record)',
      );
    }
    if (keys.has(m.key))
      throw new DedupInputError(`fusion impossible : la clé « ${m.key} » apparaît deux fois dans le groupe`);
    keys.add(m.key);
  }
  const priority = new Map((options.sourcePriority ?? []).map((s, i) => [s, i]));
  const ranked = members
    .map((member) => ({
      member,
      date: dateOf(member),
      completeness: completenessOf(member),
      priority: priority.get(member.sourceId) ?? Number.MAX_SAFE_INTEGER,
    }))
    .sort(
      (x, y) =>
        (x.date < y.date ? 1 : x.date > y.date ? -1 : 0) ||
        y.completeness - x.completeness ||
        x.priority - y.priority ||
        (x.member.key < y.member.key ? -1 : x.member.key > y.member.key ? 1 : 0),
    )
    .map((r) => r.member);

  const record: FlatRecord = {};
  const provenance: Provenance[] = [];
  const give = (field: string, member: DedupInput, value: string) => {
    provenance.push({ field, sourceKey: member.key, sourceId: member.sourceId, value });
  };

  // id: derived from every member.
  const sortedKeys = [...keys].sort();
  record.id = groupId(sortedKeys);
  provenance.push({
    field: 'id',
    sourceKey: sortedKeys.join(','),
    sourceId: [...new Set(ranked.map((m) => m.sourceId))].sort().join(','),
    value: record.id,
  });

  // pivot: a real identifier beats the 00000000000000 placeholder, which still beats nothing (required field).
  const pivotFrom =
    ranked.find((m) => normalizePivot(text(m.record.pivot))) ?? ranked.find((m) => text(m.record.pivot));
  record.pivot = pivotFrom ? text(pivotFrom.record.pivot) : '';
  if (pivotFrom) give('pivot', pivotFrom, record.pivot);

  // Address block from one member (mixing a street from one source and a postcode from another could
  // produce an address that exists nowhere); gaps filled from members in the same postcode.
  const addressFrom = ranked.find((m) => text(m.record.adresse));
  for (const field of ADDRESS_BLOCK) record[field] = '';
  if (addressFrom) {
    const postcode = text(addressFrom.record.code_postal);
    for (const field of ADDRESS_BLOCK) {
      const donor =
        text(addressFrom.record[field]) !== ''
          ? addressFrom
          : ranked.find(
              (m) =>
                text(m.record[field]) !== '' &&
                (postcode === '' ||
                  text(m.record.code_postal) === '' ||
                  text(m.record.code_postal) === postcode),
            );
      if (!donor) continue;
      record[field] = text(donor.record[field]);
      give(field, donor, record[field]);
    }
  } else {
    for (const field of ['code_postal', 'code_insee', 'commune'] as const) {
      const donor = ranked.find((m) => text(m.record[field]));
      if (!donor) continue;
      record[field] = text(donor.record[field]);
      give(field, donor, record[field]);
    }
  }

  // Coordinates: both from the same member.
  const coordinatesFrom = ranked.find(
    (m) => coordinate(m, 'latitude') !== '' && coordinate(m, 'longitude') !== '',
  );
  for (const field of COORDINATES) {
    record[field] = coordinatesFrom ? coordinate(coordinatesFrom, field) : '';
    if (coordinatesFrom) give(field, coordinatesFrom, record[field]);
  }

  // date_maj: the most recent.
  const freshest = ranked.find((m) => dateOf(m) !== '');
  record.date_maj = freshest ? dateOf(freshest) : '';
  if (freshest) give('date_maj', freshest, record.date_maj);

  // Other fields, standard ones in schema order then unknown columns in alphabetical order.
  const extra = new Set<string>();
  for (const m of ranked)
    for (const f of Object.keys(m.record)) if (!STANDARD_NAMES.includes(f)) extra.add(f);
  const fields = [...STANDARD_NAMES.filter((f) => !HANDLED.has(f)), ...[...extra].sort()];
  for (const field of fields) {
    if (LIST_FIELDS.has(field)) {
      const items: string[] = [];
      const seen = new Set<string>();
      for (const m of ranked) {
        for (const item of splitList(m.record[field])) {
          const key = itemKey(field, item);
          if (seen.has(key)) continue;
          seen.add(key);
          items.push(item);
          give(field, m, item);
        }
      }
      record[field] = items.join(LIST_SEPARATOR);
    } else {
      const donor = ranked.find((m) => text(m.record[field]) !== '');
      record[field] = donor ? text(donor.record[field]) : '';
      if (donor) give(field, donor, record[field]);
    }
  }

  // Standard fields first, in schema order, then unknown columns: a predictable column order for writers.
  const ordered: FlatRecord = {};
  for (const f of [...STANDARD_NAMES, ...[...extra].sort()]) ordered[f] = record[f] ?? '';
  return { record: ordered, provenance };
}

export interface MergedLieu extends MergedRecord {
  /** Keys of the inputs merged into this record (one for a lieu without duplicate). */
  members: string[];
}

/**
 * One merged record per lieu: each group merged, every other input passed through (with its own provenance
 * and an id derived from its key, since producers' ids are only unique within their source). Sorted by id.
 */
export function mergeDuplicates(
  inputs: readonly DedupInput[],
  groups: readonly MergeGroup[],
  options: MergeOptions = {},
): MergedLieu[] {
  const byKey = new Map(inputs.map((input) => [input.key, input]));
  const grouped = new Set<string>();
  const out: MergedLieu[] = [];
  for (const group of groups) {
    const members = group.members.map((key) => {
      const member = byKey.get(key);
      if (!member)
        throw new DedupInputError(`groupe ${group.id} : le lieu « ${key} » ne figure pas dans les entrées`);
      if (grouped.has(key)) throw new DedupInputError(`le lieu « ${key} » appartient à plusieurs groupes`);
      grouped.add(key);
      return member;
    });
    out.push({ ...mergeGroup(members, options), members: [...group.members] });
  }
  for (const input of inputs) {
    if (grouped.has(input.key)) continue;
    out.push({ ...mergeGroup([input], options), members: [input.key] });
  }
  return out.sort((x, y) => (x.record.id! < y.record.id! ? -1 : x.record.id! > y.record.id! ? 1 : 0));
}

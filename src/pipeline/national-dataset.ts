/**
 * The national dataset from every source's normalised lieux: duplicates found and merged (core/dedup),
 * the provenance of every value of a merged lieu (with the competing values it did not keep), the
 * validation warnings and quality score of every lieu (core/quality), and the figures the dataset
 * publishes. Pure computation over what the import read; the store writes the result.
 */
import { findDuplicates, mergeDuplicates } from '../core/dedup/index.js';
import type { DedupInput, DedupStats, Provenance } from '../core/dedup/types.js';
import { scoreLieu, scoreSource, type LieuScore, type PositionPrecision } from '../core/quality/index.js';
import { FIELD_BY_NAME } from '../core/standard/fields.js';
import type { FlatRecord } from '../core/standard/types.js';
import { validateRecord } from '../core/standard/validate.js';
import type {
  DatasetLieuRow,
  DatasetStats,
  GeocodeInfo,
  MergeGroupRow,
  ProvenanceRow,
  QualityScore,
} from '../store/types.js';

/** One normalised lieu of one source, as the merge receives it. */
export interface MergeMember {
  sourceId: string;
  /** Unique within its source. */
  key: string;
  record: FlatRecord;
  geocode?: GeocodeInfo;
}

/** A validation remark kept on a published lieu (errors were rejected before the merge). */
export interface LieuWarning {
  code: string;
  field: string;
  value: string;
  message: string;
}

export interface MemberOutcome {
  lieuId: string;
  /** Dedup keys (`source:key`) of every member of the lieu, this one included. */
  members: string[];
}

export interface NationalDataset {
  lieux: DatasetLieuRow[];
  mergeGroups: MergeGroupRow[];
  provenance: ProvenanceRow[];
  stats: DatasetStats;
  dedup: DedupStats;
  /** Which lieu each member became. */
  outcomeOf(sourceId: string, key: string): MemberOutcome | undefined;
}

export interface NationalDatasetOptions {
  /** Source priority (higher wins ties between members and comes first in `sources`). Default 0. */
  priorities?: ReadonlyMap<string, number>;
  /** Reference time for freshness and validation. */
  now: Date;
  /** Called between the phases (dedup, merge, score) with the lieux done so far. */
  onProgress?: (done: number, total: number) => void;
}

const PRECISIONS = new Set<string>(['housenumber', 'street', 'locality', 'municipality']);
const ADDRESS_BLOCK = new Set(['adresse', 'complement_adresse', 'code_postal', 'code_insee', 'commune']);

/** The merge's rule for a field (see core/dedup/merge.ts): why this value won. */
function ruleOf(field: string): string {
  if (field === 'id') return 'derived-from-members';
  if (field === 'pivot') return 'real-identifier-first';
  if (field === 'date_maj') return 'most-recent';
  if (field === 'latitude' || field === 'longitude') return 'coordinates-pair';
  if (ADDRESS_BLOCK.has(field)) return 'address-block';
  if (FIELD_BY_NAME.get(field)?.list) return 'union';
  return 'preferred-member';
}

/** The dedup key of a member: unique across sources. */
export function memberKey(sourceId: string, key: string): string {
  return `${sourceId}:${key}`;
}

function text(value: string | undefined): string {
  return (value ?? '').trim();
}

/** Warnings of the published record, and the quality score they weigh on. */
export function assessLieu(
  record: FlatRecord,
  geocode: GeocodeInfo | undefined,
  now: Date,
): { warnings: LieuWarning[]; quality: LieuScore } {
  const issues = validateRecord(record, { line: 0, now });
  const warnings: LieuWarning[] = issues.map((i) => ({
    code: i.code,
    field: i.field,
    value: i.value,
    message: i.message,
  }));
  const precision =
    geocode && PRECISIONS.has(geocode.precision) ? (geocode.precision as PositionPrecision) : undefined;
  const quality = scoreLieu(record, {
    now,
    warnings: issues.map((i) => ({ severity: i.severity, code: i.code })),
    ...(precision ? { precision } : {}),
  });
  return { warnings, quality };
}

/**
 * Deduplicates and merges `members` (every source's current normalised lieux) into the national dataset.
 * Deterministic: the same members give the same lieux, ids and provenance whatever their order.
 */
export function buildNationalDataset(
  members: readonly MergeMember[],
  options: NationalDatasetOptions,
): NationalDataset {
  const priorities = options.priorities ?? new Map<string, number>();
  const priority = (sourceId: string) => priorities.get(sourceId) ?? 0;
  const byKey = new Map<string, MergeMember>();
  const inputs: DedupInput[] = [];
  for (const member of members) {
    const key = memberKey(member.sourceId, member.key);
    if (byKey.has(key)) throw new Error(`lieu normalisé en double : ${key}`);
    byKey.set(key, member);
    inputs.push({ key, sourceId: member.sourceId, record: member.record });
  }
  const total = inputs.length;
  options.onProgress?.(0, total);

  const found = findDuplicates(inputs);
  // Most trusted first: higher priority, then source id for a stable order.
  const sourceOrder = [...new Set(inputs.map((i) => i.sourceId))].sort(
    (a, b) => priority(b) - priority(a) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const rank = new Map(sourceOrder.map((id, i) => [id, i]));
  const merged = mergeDuplicates(inputs, found.groups, { sourcePriority: sourceOrder });
  options.onProgress?.(Math.floor(total / 2), total);

  const outcomes = new Map<string, MemberOutcome>();
  const lieux: DatasetLieuRow[] = [];
  const provenance: ProvenanceRow[] = [];
  const scores: LieuScore[] = [];
  const lieuIdOfKey = new Map<string, string>();
  const byMethod: Record<string, number> = {};
  const bySource: Record<string, { lieux: number; merged: number }> = {};
  let withoutCoordinates = 0;
  let done = 0;

  for (const lieu of merged) {
    const id = lieu.record.id!;
    const outcome: MemberOutcome = { lieuId: id, members: lieu.members };
    for (const key of lieu.members) {
      outcomes.set(key, outcome);
      lieuIdOfKey.set(key, id);
    }
    const sources = [...new Set(lieu.members.map((k) => byKey.get(k)!.sourceId))].sort(
      (a, b) => rank.get(a)! - rank.get(b)!,
    );
    for (const s of sources) {
      const entry = (bySource[s] ??= { lieux: 0, merged: 0 });
      entry.lieux++;
      if (lieu.members.length > 1) entry.merged++;
    }
    // The geocoding of the member whose coordinates were kept.
    const coordinatesFrom = lieu.provenance.find((p) => p.field === 'latitude')?.sourceKey;
    const geocode = coordinatesFrom ? byKey.get(coordinatesFrom)?.geocode : undefined;
    if (!text(lieu.record.latitude) || !text(lieu.record.longitude)) withoutCoordinates++;
    else if (geocode) byMethod[geocode.method] = (byMethod[geocode.method] ?? 0) + 1;

    const { warnings, quality } = assessLieu(lieu.record, geocode, options.now);
    scores.push(quality);
    const row: DatasetLieuRow = {
      id,
      record: lieu.record,
      quality: quality as unknown as QualityScore,
      sources,
      ...(geocode ? { geocode } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
    lieux.push(row);
    if (lieu.members.length > 1) provenance.push(...provenanceRows(id, lieu.provenance, lieu.members, byKey));
    done++;
    if (options.onProgress && done % 2000 === 0) options.onProgress(Math.floor(total / 2 + done / 2), total);
  }

  const mergeGroups: MergeGroupRow[] = found.groups.map((group) => ({
    ...group,
    lieuId: lieuIdOfKey.get(group.members[0]!)!,
  }));
  const quality = scoreSource(scores);
  const stats: DatasetStats = {
    lieux: lieux.length,
    normalisedLieux: total,
    mergeGroups: mergeGroups.length,
    mergedLieux: mergeGroups.reduce((n, g) => n + g.members.length, 0),
    sources: Object.fromEntries(sourceOrder.map((s) => [s, bySource[s] ?? { lieux: 0, merged: 0 }])),
    geocode: { byMethod, withoutCoordinates },
    quality: { mean: quality.mean, median: quality.median, shareAbove60: quality.shareAbove60 },
    dedup: found.stats,
  };
  options.onProgress?.(total, total);
  return {
    lieux,
    mergeGroups,
    provenance,
    stats,
    dedup: found.stats,
    outcomeOf: (sourceId, key) => outcomes.get(memberKey(sourceId, key)),
  };
}

/**
 * Provenance of a merged lieu: every value kept (with the rule that chose it), then, for single-valued
 * fields, the other members' different values that were not kept — so a person sees which source said what.
 */
function provenanceRows(
  lieuId: string,
  kept: readonly Provenance[],
  members: readonly string[],
  byKey: ReadonlyMap<string, MergeMember>,
): ProvenanceRow[] {
  const rows: ProvenanceRow[] = kept.map((p) => ({ ...p, lieuId, retained: true, rule: ruleOf(p.field) }));
  const donorOf = new Map<string, string>();
  for (const p of kept) if (!donorOf.has(p.field)) donorOf.set(p.field, p.value);
  for (const [field, value] of donorOf) {
    if (field === 'id' || FIELD_BY_NAME.get(field)?.list) continue;
    for (const key of members) {
      const member = byKey.get(key)!;
      const other = text(member.record[field]);
      if (other === '' || other === value) continue;
      rows.push({
        field,
        sourceKey: key,
        sourceId: member.sourceId,
        value: other,
        lieuId,
        retained: false,
        rule: ruleOf(field),
      });
    }
  }
  return rows;
}

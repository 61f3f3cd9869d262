/** Public shapes of the deduplication module. */
import type { FlatRecord } from '../standard/types.js';

/** One lieu from one source, already normalised (E.164 phone, lowercased e-mails, cleaned URLs). */
export interface DedupInput {
  /** Unique across the whole input, e.g. `sourceId:recordId`. */
  key: string;
  sourceId: string;
  /** Standard v1.0.1 fields (unknown columns are kept by the merge). */
  record: FlatRecord;
  /** WGS84; when absent, `record.latitude`/`record.longitude` are used. */
  latitude?: number;
  longitude?: number;
  /** ISO date; when absent, `record.date_maj`. */
  dateMaj?: string;
  /** Share of filled fields in [0, 1]; computed from the record when absent. */
  completeness?: number;
}

export type EvidenceKind =
  'name' | 'address' | 'distance' | 'pivot' | 'phone' | 'email' | 'website' | 'typologie';

export interface Evidence {
  kind: EvidenceKind;
  /** Human readable, in French: '42 m', 'nom 0.93', 'même adresse : 12 bis rue x'. */
  value: string;
  /** Contribution to the pair score (negative = against a merge). */
  weight: number;
}

export interface PairScore {
  score: number;
  evidence: Evidence[];
  /** Set when one piece of evidence forbids the merge whatever the rest says. */
  veto?: string;
}

export interface MergeLink {
  a: string;
  b: string;
  score: number;
  evidence: Evidence[];
}

export interface MergeGroup {
  /** Stable: derived from the sorted member keys only. */
  id: string;
  /** Member keys, sorted. */
  members: string[];
  /** Every scored pair between members, so a person can see why they were merged. */
  links: MergeLink[];
}

export interface DedupOptions {
  /** Score a pair needs to be linked (default {@link DEFAULT_THRESHOLD}). */
  threshold?: number;
  /** Grid cell size in metres for geographic blocking (default 500). */
  cellSizeMeters?: number;
  /** Blocks (commune+street, identifier…) bigger than this are skipped as uninformative (default 200). */
  maxBlockSize?: number;
  /** A grid cell holding more lieux than this is treated like lieux without coordinates (default 150). */
  denseCellSize?: number;
}

export interface DedupWarning {
  key: string;
  field: string;
  value: string;
  message: string;
}

export interface DedupStats {
  lieux: number;
  /** Pairs scored by blocking (the measure of work). */
  comparisons: number;
  /** Extra pairs scored by the chaining guard (pairs of a group that blocking did not bring together). */
  guardComparisons: number;
  /** Pairs above the threshold and without veto. */
  links: number;
  /** Blocks skipped because bigger than `maxBlockSize`. */
  skippedBlocks: number;
  /** Lieux in grid cells denser than `denseCellSize`. */
  denseLieux: number;
  withoutCoordinates: number;
}

export interface DedupResult {
  /** Groups of two or more lieux describing the same place, sorted by id. */
  groups: MergeGroup[];
  stats: DedupStats;
  /** Inputs whose data was partly ignored (e.g. coordinates out of range). */
  warnings: DedupWarning[];
}

export interface MergeOptions {
  /** Source ids, most trusted first: the last tie-breaker between values. */
  sourcePriority?: readonly string[];
}

export interface Provenance {
  field: string;
  sourceKey: string;
  sourceId: string;
  value: string;
}

export interface MergedRecord {
  record: FlatRecord;
  provenance: Provenance[];
}

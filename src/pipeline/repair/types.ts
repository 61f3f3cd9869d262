/** Shapes shared by the repair rules. */
import type { Gazetteer } from '../../core/geo/gazetteer.js';

/** One change made to one field, with the rule that made it. */
export interface Repair {
  field: string;
  before: string;
  after: string;
  /** Stable code for grouping in reports, e.g. `telephone.e164`, `code_insee.filled`. */
  rule: string;
  /** Plain French, for the producer. */
  message: string;
}

/** Something suspicious noticed without changing the value (e.g. coordinates far from the commune). */
export interface RepairWarning {
  field: string;
  value: string;
  rule: string;
  message: string;
}

export interface RepairContext {
  gazetteer: Gazetteer;
  /** Reference time for dates (defaults to now). */
  now?: Date;
  /**
   * Fill an empty `pivot` with the standard's placeholder `00000000000000` (default true, as the
   * previous national pipeline did); see the header of repair-record.ts.
   */
  fillMissingPivot?: boolean;
  /** Distance beyond which coordinates are flagged as far from their commune (default 20 km). */
  maxDistanceKm?: number;
}

export interface RepairResult {
  record: Record<string, string>;
  repairs: Repair[];
  warnings: RepairWarning[];
}

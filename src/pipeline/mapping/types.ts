/**
 * The declarative mapping format: how the columns of a producer's file become the fields of the
 * standard. Written by people in a source definition (YAML or JSON), checked by `compileMapping`,
 * applied record by record by `applyMapping`. See sources/README.md for the guide with examples.
 */
import type { OsmDay } from '../../core/hours/index.js';

/** A column's value, optionally cut: `split` takes one part, `regex` keeps its first capture group. */
export interface ColumnRule {
  column: string;
  split?: { separator: string; part: number };
  regex?: string;
  /** With `regex`: keep the whole value when the expression does not match (default: nothing). */
  keepIfNoMatch?: boolean;
  default?: string;
}

/** Several columns joined, empty ones skipped. */
export interface JoinRule {
  join: string[];
  separator?: string;
  default?: string;
}

/** The first non-empty of several columns. */
export interface FirstRule {
  first: Array<string | ColumnRule>;
  default?: string;
}

/** Text with `{colonne}` placeholders: `france-services-{id_fs}`. */
export interface TemplateRule {
  template: string;
  default?: string;
}

/** The same value for every record. */
export interface ValueRule {
  value: string;
}

export type ValueSource = string | ColumnRule | JoinRule | FirstRule | TemplateRule | ValueRule;

/**
 * One entry of a value dictionary: when one of `columns` matches, `target` is added to the field.
 * Matching ignores case and accents. `equals`: a value of the cell (cells are split on `; | , newline`)
 * equals a term; `contains`: the cell contains a term at a word start; `truthy`: the cell says yes
 * (Oui, True, 1, X); none of the three: the cell is not empty. `except`: terms that veto the match.
 * Without `columns`, the target is always added.
 */
export type DictionaryEntry = DictionaryTarget | DictionaryIgnore;

export interface DictionaryTarget {
  columns?: string[];
  equals?: string[];
  contains?: string[];
  truthy?: boolean;
  except?: string[];
  target: string;
}

/** Values of enumeration columns known to carry no target (not reported as ignored). */
export interface DictionaryIgnore {
  columns: string[];
  ignore: string[];
}

/** Opening hours: tried in this order — OSM column, one column per weekday, a French sentence. */
export interface HoursRule {
  osm?: string;
  days?: Partial<Record<OsmDay, string | string[]>>;
  text?: string | string[];
  /** Column listing opening days (`{Lundi,Mardi}`), used when `text` has times but no day. */
  textDays?: string;
  /** Column saying « Semaine paire » / « Semaine impaire »: the hours apply one week in two. */
  weekParity?: string;
}

export type FieldRule = ValueSource | DictionaryEntry[] | HoursRule;

/** Projected coordinates (Lambert-93 metres) turned into latitude/longitude. */
export interface CoordinatesRule {
  x: string;
  y: string;
  projection: 'lambert93';
}

export interface Mapping {
  /** Standard field name → rule. */
  fields: Record<string, FieldRule>;
  coordinates?: CoordinatesRule;
  /** Values for the whole source; on list fields they are added to what the rules found. */
  constants?: Record<string, string | string[]>;
  /** Values used when a field is still empty after the rules (e.g. a `date_maj` for undated files). */
  defaults?: Record<string, string>;
}

/** Something the mapping could not use or changed, in plain French, for the producer. */
export interface MappingNote {
  /** Standard field concerned. */
  field: string;
  /** The source value concerned. */
  value: string;
  /** Stable code to count and group notes (`enum.unmatched`, `date.unreadable`…). */
  code: string;
  message: string;
}

export interface MappingContext {
  /** Source id, used to derive stable ids for records that have none. */
  sourceId: string;
}

export interface MappingResult {
  record: Record<string, string>;
  notes: MappingNote[];
}

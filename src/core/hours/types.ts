/** Compiled form of an OSM `opening_hours` value: plain data, built once by `compileHours`. */

export const CLOSED = 0;
export const OPEN = 1;
export const UNKNOWN = 2;
/** 0 closed, 1 open, 2 unknown (e.g. a rule that only says "sur rendez-vous"). */
export type State = 0 | 1 | 2;

/** `;` normal rule (overrides earlier rules for the days it names), `,` additional rule, `||` fallback rule. */
export const NORMAL = 0;
export const ADDITIONAL = 1;
export const FALLBACK = 2;
export type RuleKind = 0 | 1 | 2;

export const HOLIDAY_PH = 1;
export const HOLIDAY_SH = 2;

/** A month-day range; keys are month * 100 + day. A yearless range with from > to wraps over New Year. */
export interface MonthDayRange {
  from: number;
  to: number;
  /** Absolute bounds year * 10000 + key, only when the text gives a year. */
  fromAbs?: number;
  toAbs?: number;
}

export interface Rule {
  kind: RuleKind;
  state: State;
  comment?: string;
  /** The rule names days (weekdays, holidays, dates, months, weeks or years), not only times. */
  hasDate: boolean;
  /** Flat [from, to, step] triples of years. */
  years?: number[];
  monthdays?: MonthDayRange[];
  /** Flat [from, to, step] triples of ISO week numbers. */
  weeks?: number[];
  /** Bit w set for weekday w (0 = lundi); 0 when the rule has no weekday selector. */
  weekdays: number;
  /** Per weekday, allowed occurrences in the month: bits 0–4 = 1st–5th, bits 5–9 = last … 5th from last. */
  nth?: number[];
  /** HOLIDAY_PH | HOLIDAY_SH. */
  holidays: number;
  /** `SH Mo-Fr`: holidays and weekdays must both match (otherwise either matches). */
  holidayAndWeekday: boolean;
  /** Flat [from, to) pairs in minutes since midnight; `to` goes past 1440 for ranges past midnight. Null = whole day. */
  times: number[] | null;
  /** Canonical text of the rule (used by normalizeHours and in messages). */
  text: string;
  /** 1-based position of the rule in the source text. */
  position: number;
}

/** One stretch of a local day with a state; closed stretches are kept only when they carry a comment. */
export interface Segment {
  from: number;
  to: number;
  state: State;
  comment: string | undefined;
}

export interface CompiledHours {
  /** The text as given. */
  source: string;
  rules: Rule[];
  /** Open every day all day (`24/7` with nothing else). */
  alwaysOpen: boolean;
  /** Some rule names public holidays (PH). */
  usesPublicHolidays: boolean;
  /** Some rule depends on the date beyond the weekday: months, dates, years, weeks, n-th weekday. */
  dateDependent: boolean;
  /**
   * Schedules of the 7 weekdays (0 = lundi) on ordinary days (neither the day nor the day before is a
   * public holiday), when the rules are not date dependent; null otherwise.
   */
  week: Segment[][] | null;
  /** Open ranges of `week` packed for the "open now" hot path (see evaluate.ts `openTable`). */
  openTable: Uint16Array | null;
  /** Schedules computed so far, by signature of the rules that apply (see evaluate.ts). */
  schedules: { signatures: Array<number | string>; segments: Segment[][] } | undefined;
  /** The last day evaluated outside the week table ("open now" asks about the same day all day long). */
  lastDay?: number;
  lastRegion?: string;
  lastSegments?: Segment[];
  /** Lazily computed typical week used by isOpenDuring / weeklySummary without dates. */
  typicalWeek?: Segment[][];
}

/**
 * Evaluation of compiled rules on a local day. Semantics follow the reference implementation
 * (opening_hours.js), which the tests cross-check:
 * - rules are read in order; a normal rule (`;`) that names the day and opens it (or makes it unknown)
 *   replaces everything earlier rules said about that day, including a range spilling from the day before;
 * - `off` rules never replace: they close the times they give (the whole day without times);
 * - additional rules (`,`) add to the day; fallback rules (`||`) apply only where the day is not open
 *   or unknown by then;
 * - a rule with times but no day after a rule with days adds to it (same as opening_hours.js; a warning
 *   says so at compile time);
 * - a range past midnight (`20:00-02:00`) belongs to the next day after midnight, placed right after its rule;
 * - `SH` (school holidays) never matches: school calendars are not known here.
 */
import { holidayAnywhere, holidayOn } from './holidays.js';
import { civilFromDays, daysInMonth, isoWeek, weekdayOf } from './time.js';
import {
  CLOSED,
  FALLBACK,
  HOLIDAY_PH,
  NORMAL,
  OPEN,
  UNKNOWN,
  type CompiledHours,
  type MonthDayRange,
  type Rule,
  type Segment,
  type State,
} from './types.js';

/** What rules may ask about a day. */
export interface DayInfo {
  dayNumber: number;
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Public holiday name, if any. */
  holiday?: string;
  /**
   * "Typical" evaluation (a regular week of `month`): specific dates never match, week numbers, years
   * and n-th weekdays match for rules that open and not for rules that close.
   */
  typical?: boolean;
}

export const FULL_DAY: Segment[] = [{ from: 0, to: 1440, state: OPEN, comment: undefined }];
const ALL_NTH = 0x3ff;

export function dayInfo(dayNumber: number, region: string): DayInfo {
  const [year, month, day] = civilFromDays(dayNumber);
  return {
    dayNumber,
    year,
    month,
    day,
    weekday: weekdayOf(dayNumber),
    holiday: holidayOn(dayNumber, year, region),
  };
}

function inTriples(triples: number[], value: number): boolean {
  for (let i = 0; i < triples.length; i += 3) {
    const from = triples[i]!;
    if (value >= from && value <= triples[i + 1]! && (value - from) % triples[i + 2]! === 0) return true;
  }
  return false;
}

function inMonthdays(ranges: MonthDayRange[], d: DayInfo): boolean {
  const key = d.month * 100 + (d.typical ? 15 : d.day);
  for (const r of ranges) {
    if (r.fromAbs !== undefined) {
      if (d.typical) continue;
      const abs = d.year * 10000 + key;
      if (abs >= r.fromAbs && abs <= r.toAbs!) return true;
    } else if (r.from <= r.to ? key >= r.from && key <= r.to : key >= r.from || key <= r.to) return true;
  }
  return false;
}

function nthMatches(mask: number, d: DayInfo): boolean {
  if (mask === ALL_NTH) return true;
  const fromStart = Math.floor((d.day - 1) / 7);
  const fromEnd = Math.floor((daysInMonth(d.year, d.month) - d.day) / 7);
  return (mask & (1 << fromStart)) !== 0 || (mask & (1 << (5 + fromEnd))) !== 0;
}

export function ruleMatches(r: Rule, d: DayInfo): boolean {
  const relaxed = d.typical === true;
  if (r.years && !(relaxed ? r.state !== CLOSED : inTriples(r.years, d.year))) return false;
  if (r.monthdays && !inMonthdays(r.monthdays, d)) return false;
  if (r.weeks && !(relaxed ? r.state !== CLOSED : inTriples(r.weeks, isoWeek(d.dayNumber)))) return false;
  if (r.weekdays === 0 && r.holidays === 0) return true;
  let weekdayOk = ((r.weekdays >> d.weekday) & 1) === 1;
  if (weekdayOk && r.nth)
    weekdayOk = relaxed
      ? r.state !== CLOSED || r.nth[d.weekday] === ALL_NTH
      : nthMatches(r.nth[d.weekday]!, d);
  // SH never matches (school holidays unknown), PH matches on public holidays.
  const holidayOk = (r.holidays & HOLIDAY_PH) !== 0 && d.holiday !== undefined && !relaxed;
  return r.holidayAndWeekday ? holidayOk && weekdayOk : weekdayOk || holidayOk;
}

/** Replaces [from, to) by a segment of `state` (closed without comment = nothing). */
function overwrite(
  segs: Segment[],
  from: number,
  to: number,
  state: State,
  comment: string | undefined,
): Segment[] {
  const last = segs[segs.length - 1];
  if (!last || last.to <= from) {
    // Painting after everything so far (ranges come sorted): append in place.
    if (state !== CLOSED || comment !== undefined) segs.push(segment(from, to, state, comment));
    return segs;
  }
  const out: Segment[] = [];
  let inserted = state === CLOSED && comment === undefined;
  for (const s of segs) {
    if (s.to <= from || s.from >= to) {
      if (!inserted && s.from >= to) {
        out.push(segment(from, to, state, comment));
        inserted = true;
      }
      out.push(s);
      continue;
    }
    if (s.from < from) out.push(segment(s.from, from, s.state, s.comment));
    if (!inserted) {
      out.push(segment(from, to, state, comment));
      inserted = true;
    }
    if (s.to > to) out.push(segment(to, s.to, s.state, s.comment));
  }
  if (!inserted) out.push(segment(from, to, state, comment));
  return out;
}

/** All segments are made here, with the same fields in the same order: one object shape, fast reads. */
function segment(from: number, to: number, state: State, comment: string | undefined): Segment {
  return { from, to, state, comment };
}

/** Paints [from, to) only where the day is neither open nor unknown (fallback rules). */
function fill(
  segs: Segment[],
  from: number,
  to: number,
  state: State,
  comment: string | undefined,
): Segment[] {
  const gaps: number[] = [];
  let cursor = from;
  for (const s of segs) {
    if (s.to <= cursor || s.state === CLOSED) continue;
    if (s.from >= to) break;
    if (s.from > cursor) gaps.push(cursor, s.from);
    cursor = Math.max(cursor, s.to);
  }
  if (cursor < to) gaps.push(cursor, to);
  let out = segs;
  for (let i = 0; i < gaps.length; i += 2) out = overwrite(out, gaps[i]!, gaps[i + 1]!, state, comment);
  return out;
}

function isResetting(rules: Rule[], index: number): boolean {
  const r = rules[index]!;
  if (r.kind !== NORMAL || r.state === CLOSED) return false;
  return r.hasDate || (index > 0 && r.state === OPEN && !rules[index - 1]!.hasDate);
}

/** Schedule of day `d` (with `prev` the day before, for ranges past midnight). */
export function computeDay(rules: Rule[], d: DayInfo, prev: DayInfo): Segment[] {
  // The last rule that names this day and replaces it: earlier rules, and parts spilling from the day
  // before placed earlier, no longer count.
  let start = 0;
  for (let i = rules.length - 1; i > 0; i--) {
    if (isResetting(rules, i) && ruleMatches(rules[i]!, d)) {
      start = i;
      break;
    }
  }
  let segs: Segment[] = [];
  for (let i = start; i < rules.length; i++) {
    const r = rules[i]!;
    const paint = r.kind === FALLBACK ? fill : overwrite;
    const times = r.times;
    if (ruleMatches(r, d)) {
      if (!times) segs = paint(segs, 0, 1440, r.state, r.comment);
      else
        for (let k = 0; k < times.length; k += 2)
          segs = paint(segs, times[k]!, Math.min(times[k + 1]!, 1440), r.state, r.comment);
    }
    // The part after midnight of a range started the day before comes right after its rule.
    if (times && hasSpill(times) && ruleMatches(r, prev)) {
      for (let k = 0; k < times.length; k += 2) {
        if (times[k + 1]! > 1440) segs = paint(segs, 0, times[k + 1]! - 1440, r.state, r.comment);
      }
    }
  }
  return merge(segs);
}

function hasSpill(times: number[]): boolean {
  for (let k = 1; k < times.length; k += 2) if (times[k]! > 1440) return true;
  return false;
}

function merge(segs: Segment[]): Segment[] {
  if (segs.length === 0) return NO_SEGMENT;
  const out: Segment[] = [];
  for (const s of segs) {
    if (s.from >= s.to) continue;
    const last = out[out.length - 1];
    if (last && last.to === s.from && last.state === s.state && last.comment === s.comment) {
      out[out.length - 1] = segment(last.from, s.to, s.state, s.comment);
    } else out.push(s);
  }
  return out;
}

const NO_SEGMENT: Segment[] = [];

/**
 * Which rules apply to day `d` and which spill into it from `prev`: two days with the same signature
 * have the same schedule. A number for up to 15 rules, a string beyond.
 */
function signature(rules: Rule[], d: DayInfo, prev: DayInfo): number | string {
  if (rules.length <= 15) {
    let sig = 0;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (ruleMatches(r, d)) sig |= 1 << (2 * i);
      if (r.times && hasSpill(r.times) && ruleMatches(r, prev)) sig |= 2 << (2 * i);
    }
    return sig;
  }
  let sig = '';
  for (const r of rules)
    sig +=
      (ruleMatches(r, d) ? '1' : '0') + (r.times && hasSpill(r.times) && ruleMatches(r, prev) ? '1' : '0');
  return sig;
}

function scheduleFor(h: CompiledHours, d: DayInfo, prev: DayInfo): Segment[] {
  const sig = signature(h.rules, d, prev);
  // Few distinct signatures per lieu: a short list beats a Map (and allocates less).
  let cache = h.schedules;
  if (!cache) cache = h.schedules = { signatures: [], segments: [] };
  const index = cache.signatures.indexOf(sig);
  if (index >= 0) return cache.segments[index]!;
  const segs = computeDay(h.rules, d, prev);
  if (cache.signatures.length >= 32) {
    cache.signatures.length = 0;
    cache.segments.length = 0;
  }
  cache.signatures.push(sig);
  cache.segments.push(segs);
  return segs;
}

/**
 * The open ranges of the 7 ordinary days in one typed array, for the "open now" hot path: entries
 * 0–7 are offsets (day w spans [table[w], table[w + 1])), then [from, to) minute pairs.
 */
export function openTable(week: Segment[][]): Uint16Array {
  let size = 8;
  for (const day of week) for (const s of day) if (s.state === OPEN) size += 2;
  const table = new Uint16Array(size);
  let j = 8;
  for (let w = 0; w < 7; w++) {
    table[w] = j;
    for (const s of week[w]!) {
      if (s.state !== OPEN) continue;
      table[j++] = s.from;
      table[j++] = s.to;
    }
  }
  table[7] = j;
  return table;
}

/** Open on an ordinary day (week table), without building anything. */
export function openInTable(table: Uint16Array, weekday: number, minutes: number): boolean {
  const end = table[weekday + 1]!;
  for (let j = table[weekday]!; j < end; j += 2) {
    if (minutes < table[j]!) return false;
    if (minutes < table[j + 1]!) return true;
  }
  return false;
}

/** Whether day `dayNumber` is ordinary for the week table: neither it nor the day before is a public holiday. */
export function ordinaryDay(
  h: CompiledHours,
  dayNumber: number,
  year: number,
  month: number,
  day: number,
): boolean {
  if (!h.usesPublicHolidays) return true;
  const prevYear = month === 1 && day === 1 ? year - 1 : year;
  return !holidayAnywhere(dayNumber, year) && !holidayAnywhere(dayNumber - 1, prevYear);
}

/** The 7 weekdays as ordinary days (no date, no holiday): enough for rules that only name weekdays. */
const ORDINARY_DAYS: readonly DayInfo[] = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  dayNumber: NaN,
  year: 0,
  month: 0,
  day: 0,
  weekday,
  holiday: undefined,
  typical: false,
}));

/** Ordinary-day schedules of the 7 weekdays, for rules that do not depend on the date. */
export function computeWeek(rules: Rule[]): Segment[][] {
  const signatures: Array<number | string> = [];
  const week: Segment[][] = [];
  for (let w = 0; w < 7; w++) {
    const d = ORDINARY_DAYS[w]!;
    const prev = ORDINARY_DAYS[(w + 6) % 7]!;
    const sig = signature(rules, d, prev);
    const same = signatures.indexOf(sig);
    week.push(same >= 0 ? week[same]! : computeDay(rules, d, prev));
    signatures.push(sig);
  }
  return week;
}

/**
 * Schedule of the local day `dayNumber` (its year, month and day given to spare recomputing them).
 * Ordinary days of weekly hours are a table look-up; other days are computed once per distinct set
 * of applicable rules and cached on the compiled hours.
 */
export function segmentsOn(
  h: CompiledHours,
  dayNumber: number,
  year: number,
  month: number,
  day: number,
  region: string,
): Segment[] {
  if (h.alwaysOpen) return FULL_DAY;
  const weekday = weekdayOf(dayNumber);
  const prevYear = month === 1 && day === 1 ? year - 1 : year;
  if (h.week) {
    if (!h.usesPublicHolidays) return h.week[weekday]!;
    if (!holidayAnywhere(dayNumber, year) && !holidayAnywhere(dayNumber - 1, prevYear))
      return h.week[weekday]!;
  }
  if (h.lastDay === dayNumber && h.lastRegion === region) return h.lastSegments!;
  const ph = h.usesPublicHolidays;
  const d: DayInfo = {
    dayNumber,
    year,
    month,
    day,
    weekday,
    holiday: ph ? holidayOn(dayNumber, year, region) : undefined,
  };
  const prev: DayInfo =
    day > 1
      ? { dayNumber: dayNumber - 1, year, month, day: day - 1, weekday: (weekday + 6) % 7 }
      : dayInfo(dayNumber - 1, region);
  prev.holiday = ph ? holidayOn(dayNumber - 1, prevYear, region) : undefined;
  const segments = scheduleFor(h, d, prev);
  h.lastDay = dayNumber;
  h.lastRegion = region;
  h.lastSegments = segments;
  return segments;
}

export function segmentsOnDay(h: CompiledHours, dayNumber: number, region: string): Segment[] {
  const [year, month, day] = civilFromDays(dayNumber);
  return segmentsOn(h, dayNumber, year, month, day, region);
}

export function stateIn(segs: Segment[], minutes: number): Segment | undefined {
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (minutes < s.from) return undefined;
    if (minutes < s.to) return s;
  }
  return undefined;
}

/**
 * The regular week (0 = lundi): days that are not public holidays, without specific dates. For rules
 * that vary over the year (months, weeks, n-th weekdays), the union over the twelve months of a
 * representative week (the one around the 15th), where week numbers and n-th weekdays count when they open.
 */
export function typicalWeek(h: CompiledHours): Segment[][] {
  if (h.week) return h.week;
  if (h.typicalWeek) return h.typicalWeek;
  const week: Segment[][] = [];
  for (let w = 0; w < 7; w++) {
    let union: Segment[] = [];
    for (let month = 1; month <= 12; month++) {
      const d: DayInfo = { dayNumber: NaN, year: 0, month, day: 15, weekday: w, typical: true };
      const prev: DayInfo = { ...d, weekday: (w + 6) % 7 };
      const segs = computeDay(h.rules, d, prev);
      for (const s of segs) if (s.state === OPEN) union = overwrite(union, s.from, s.to, OPEN, undefined);
      for (const s of segs) if (s.state === UNKNOWN) union = fill(union, s.from, s.to, UNKNOWN, s.comment);
    }
    week.push(merge(union));
  }
  h.typicalWeek = week;
  return week;
}

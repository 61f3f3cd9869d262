/**
 * Questions people ask about hours: is it open now, until when, when does it open next, what are this
 * week's hours, is it open on Saturday morning. All times are wall-clock times of the lieu: Europe/Paris,
 * or the overseas zone given by `codeInsee`.
 */
import { FRENCH_MONTHS, FRENCH_WEEKDAYS } from './french.js';
import { holidayOn, holidayRegion } from './holidays.js';
import { openInTable, ordinaryDay, segmentsOn, segmentsOnDay, stateIn, typicalWeek } from './evaluate.js';
import {
  civilFromDays,
  formatMinutes,
  instantOf,
  isoDate,
  localTime,
  timeZoneForInsee,
  weekdayOf,
  type LocalTime,
} from './time.js';
import { OPEN, UNKNOWN, type CompiledHours, type Segment } from './types.js';

export interface HoursOptions {
  /** Code INSEE of the commune: local public holidays (Alsace-Moselle, overseas) and overseas time zones. */
  codeInsee?: string;
}

export type HoursState = 'open' | 'closed' | 'unknown';

const STATE_NAMES: HoursState[] = ['closed', 'open', 'unknown'];
const WEEKDAY_LABELS = FRENCH_WEEKDAYS.map((day) => day[0]!.toUpperCase() + day.slice(1));

function toLocal(at: Date | LocalTime, opts?: HoursOptions): LocalTime {
  return at instanceof Date ? localTime(at, timeZoneForInsee(opts?.codeInsee)) : at;
}

function segmentAt(h: CompiledHours, t: LocalTime, region: string): Segment | undefined {
  return stateIn(segmentsOn(h, t.dayNumber, t.year, t.month, t.day, region), t.minutes);
}

/**
 * Whether the lieu is open at that moment. Pass a `LocalTime` computed once (`parisTime(now)`) to
 * evaluate many lieux: this is then a table look-up. A `LocalTime` is taken as the lieu's wall clock;
 * with a `Date`, the clock of `opts.codeInsee` is used (Paris unless overseas). Unknown counts as not open.
 */
export function isOpenAt(hours: CompiledHours, at: Date | LocalTime, opts?: HoursOptions): boolean {
  if (hours.alwaysOpen) return true;
  const t = toLocal(at, opts);
  const table = hours.openTable;
  if (table && ordinaryDay(hours, t.dayNumber, t.year, t.month, t.day))
    return openInTable(table, t.weekday, t.minutes);
  return segmentAt(hours, t, holidayRegion(opts?.codeInsee))?.state === OPEN;
}

/** State at that moment, with the comment of the rule that decided it (e.g. "sur rendez-vous"). */
export function stateAt(
  hours: CompiledHours,
  at: Date | LocalTime,
  opts?: HoursOptions,
): { state: HoursState; comment?: string } {
  const s = segmentAt(hours, toLocal(at, opts), holidayRegion(opts?.codeInsee));
  if (!s) return { state: 'closed' };
  return s.comment === undefined
    ? { state: STATE_NAMES[s.state]! }
    : { state: STATE_NAMES[s.state]!, comment: s.comment };
}

export interface NextChange {
  /** Open now (unknown counts as not open). */
  open: boolean;
  state: HoursState;
  comment?: string;
  /** Next closing when open, next opening otherwise; absent when none within the look-ahead. */
  until?: Date;
}

/**
 * Days searched ahead: two weeks for weekly hours; a year and a bit when dates or public holidays
 * matter (the next holiday can be four months away).
 */
function lookAhead(h: CompiledHours): number {
  return h.dateDependent || h.usesPublicHolidays ? 400 : 15;
}

/** First (day, minute) at or after (day, minute) where "is open" differs from `open`, or null. */
function findChange(
  h: CompiledHours,
  region: string,
  day: number,
  minute: number,
  open: boolean,
  lastDay: number,
): [number, number] | null {
  for (let d = day; d <= lastDay; d++) {
    const segs = segmentsOnDay(h, d, region);
    let cursor = d === day ? minute : 0;
    for (const s of segs) {
      if (s.to <= cursor) continue;
      const segOpen = s.state === OPEN;
      if (s.from > cursor && open) return [d, cursor]; // a closed gap before this segment
      if (segOpen !== open) return [d, Math.max(s.from, cursor)];
      cursor = s.to;
    }
    if (cursor < 1440 && open) return [d, cursor];
  }
  return null;
}

/**
 * Current state and the next change: when it closes if open, when it opens otherwise. Openings that
 * the clock skips (a lieu open 02:00-03:00 on the night of the spring change) are not reported.
 */
export function nextChange(hours: CompiledHours, at: Date | LocalTime, opts?: HoursOptions): NextChange {
  const zone = timeZoneForInsee(opts?.codeInsee);
  const region = holidayRegion(opts?.codeInsee);
  const t = toLocal(at, opts);
  const current = stateAt(hours, t, opts);
  const result: NextChange = { open: current.state === 'open', state: current.state };
  if (current.comment !== undefined) result.comment = current.comment;
  if (hours.alwaysOpen) return result;
  const lastDay = t.dayNumber + lookAhead(hours);
  let from: [number, number] = [t.dayNumber, t.minutes];
  const nowMs = at instanceof Date ? at.getTime() : instantOf(t.dayNumber, t.minutes, zone).getTime();
  for (let guard = 0; guard < 1000; guard++) {
    const change = findChange(hours, region, from[0], from[1], result.open, lastDay);
    if (!change) return result;
    let when = instantOf(change[0], change[1], zone).getTime();
    if (when <= nowMs) {
      // In the autumn repeated hour, the second occurrence of that wall-clock time may be the one ahead.
      const second = localTime(when + 3_600_000, zone);
      if (second.dayNumber === change[0] && second.minutes === change[1]) when += 3_600_000;
    }
    if (!result.open) {
      // Skip an opening that lasts no real time (inside the spring-forward gap).
      const end = findChange(hours, region, change[0], change[1], true, lastDay + 1);
      if (end && instantOf(end[0], end[1], zone).getTime() <= when) {
        from = end;
        continue;
      }
    }
    if (when > nowMs) result.until = new Date(when);
    else if (!result.open) {
      from = [change[0], change[1] + 1];
      continue;
    }
    return result;
  }
  return result;
}

/**
 * "à 17:30", "demain à 09:00", "lundi à 09:00", "le 2 janvier à 09:00". A closing at 00:00 is said
 * "à minuit" on the day before ("ferme à minuit", "ferme mercredi à minuit").
 */
function whenText(now: LocalTime, then: LocalTime, closing: boolean): string {
  let dayNumber = then.dayNumber;
  let time = `à ${formatMinutes(then.minutes)}`;
  if (closing && then.minutes === 0 && dayNumber > now.dayNumber) {
    dayNumber--;
    time = 'à minuit';
  }
  const days = dayNumber - now.dayNumber;
  if (days <= 0) return time;
  if (days === 1) return `demain ${time}`;
  if (days < 7) return `${FRENCH_WEEKDAYS[weekdayOf(dayNumber)]!} ${time}`;
  const [year, month, day] = civilFromDays(dayNumber);
  const yearText = year !== now.year && days > 180 ? ` ${year}` : '';
  return `le ${day === 1 ? '1er' : day} ${FRENCH_MONTHS[month - 1]}${yearText} ${time}`;
}

/**
 * One line for people: "Ouvert · ferme à 17:30", "Fermé · ouvre demain à 09:00", "Fermé · ouvre lundi
 * à 09:00", "Fermé · travaux · ouvre le 2 janvier à 09:00" (comment of a closing rule), "Ouvert 24 h/24",
 * "Fermé" (no opening found ahead), "Horaires à confirmer · sur rendez-vous",
 * "Horaires non renseignés" (no hours).
 */
export function describeStatus(
  hours: CompiledHours | null | undefined,
  at: Date | LocalTime,
  opts?: HoursOptions,
): string {
  if (!hours) return 'Horaires non renseignés';
  if (hours.alwaysOpen) return 'Ouvert 24 h/24';
  const zone = timeZoneForInsee(opts?.codeInsee);
  const now = toLocal(at, opts);
  const change = nextChange(hours, now, opts);
  if (change.state === 'unknown') {
    return change.comment ? `Horaires à confirmer · ${change.comment}` : 'Horaires à confirmer';
  }
  if (change.open) {
    return change.until
      ? `Ouvert · ferme ${whenText(now, localTime(change.until, zone), true)}`
      : 'Ouvert 24 h/24';
  }
  // A closed rule's comment usually says why ("travaux", "réunion d'équipe"): worth showing.
  const closed = change.comment ? `Fermé · ${change.comment}` : 'Fermé';
  return change.until ? `${closed} · ouvre ${whenText(now, localTime(change.until, zone), false)}` : closed;
}

/**
 * Whether the lieu is open at some moment of [fromMinutes, toMinutes) on `weekday` (0 = lundi) of a
 * regular week: public holidays and specific dates are ignored; hours that vary over the year count
 * if they open in some month (see `typicalWeek`). Unknown ("sur rendez-vous") does not count as open.
 * `toMinutes` may exceed 1440 to reach into the next day.
 */
export function isOpenDuring(
  hours: CompiledHours,
  weekday: number,
  fromMinutes: number,
  toMinutes: number,
): boolean {
  if (!(weekday >= 0 && weekday <= 6) || !(toMinutes > fromMinutes)) return false;
  if (hours.alwaysOpen) return true;
  const week = typicalWeek(hours);
  const overlaps = (segs: Segment[], from: number, to: number) =>
    segs.some((s) => s.state === OPEN && s.from < to && s.to > from);
  if (overlaps(week[weekday]!, Math.max(0, fromMinutes), Math.min(1440, toMinutes))) return true;
  return toMinutes > 1440 && overlaps(week[(weekday + 1) % 7]!, 0, Math.min(1440, toMinutes - 1440));
}

export interface TimeRange {
  from: string;
  to: string;
}

export interface DaySummary {
  /** 0 = lundi. */
  weekday: number;
  /** `YYYY-MM-DD`, when the summary is for a given week. */
  date?: string;
  label: string;
  /** Open ranges; a range past midnight shows on its first day (`20:00`–`02:00`). */
  ranges: TimeRange[];
  /** Ranges whose state is unknown (e.g. "sur rendez-vous"). */
  uncertain?: TimeRange[];
  comment?: string;
  /** Name of the public holiday on that date. */
  holiday?: string;
}

function ranges(segs: Segment[], state: number, prev: Segment[], next: Segment[]): TimeRange[] {
  const list = segs.filter((s) => s.state === state);
  const out: TimeRange[] = [];
  const prevLast = prev.filter((s) => s.state === state).at(-1);
  const nextFirst = next.find((s) => s.state === state);
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    // Part of a range started the day before: shown with that day.
    if (i === 0 && s.from === 0 && s.to < 1440 && prevLast && prevLast.to === 1440 && prevLast.from > 0)
      continue;
    let to = s.to;
    if (
      i === list.length - 1 &&
      s.to === 1440 &&
      s.from > 0 &&
      nextFirst &&
      nextFirst.from === 0 &&
      nextFirst.to < 1440
    ) {
      to = nextFirst.to;
    }
    out.push({ from: formatMinutes(s.from), to: formatMinutes(to) });
  }
  return out;
}

/**
 * The hours of each day of a week (lundi first), for display. With `weekStart`, the week (of the lieu's
 * calendar) that contains it, with dates and public holidays applied; without, the regular week.
 */
export function weeklySummary(hours: CompiledHours, weekStart?: Date, opts?: HoursOptions): DaySummary[] {
  const region = holidayRegion(opts?.codeInsee);
  const days: Segment[][] = [];
  let monday: number | undefined;
  if (weekStart) {
    const t = localTime(weekStart, timeZoneForInsee(opts?.codeInsee));
    monday = t.dayNumber - t.weekday;
    for (let i = -1; i <= 7; i++) days.push(segmentsOnDay(hours, monday + i, region).map((s) => ({ ...s })));
  } else {
    const week = typicalWeek(hours);
    for (let i = -1; i <= 7; i++) days.push(week[(i + 7) % 7]!);
  }
  const out: DaySummary[] = [];
  for (let i = 0; i < 7; i++) {
    const segs = days[i + 1]!;
    const entry: DaySummary = {
      weekday: i,
      label: WEEKDAY_LABELS[i]!,
      ranges: ranges(segs, OPEN, days[i]!, days[i + 2]!),
    };
    const uncertain = ranges(segs, UNKNOWN, days[i]!, days[i + 2]!);
    if (uncertain.length) entry.uncertain = uncertain;
    const comment = segs.find((s) => s.comment !== undefined)?.comment;
    if (comment !== undefined) entry.comment = comment;
    if (monday !== undefined) {
      const dayNumber = monday + i;
      entry.date = isoDate(dayNumber);
      const holiday = holidayOn(dayNumber, Number(entry.date.slice(0, 4)), region);
      if (holiday) entry.holiday = holiday;
    }
    out.push(entry);
  }
  return out;
}

/**
 * The engine's only contact points with its sibling core modules (hours, geo): if they change shape,
 * this file is the one to adapt.
 */
import { foldName, haversineKm } from '../geo/index.js';
import {
  FRENCH_MONTHS,
  FRENCH_WEEKDAYS,
  civilFromDays,
  compileHours,
  daysFromCivil,
  holidayRegion,
  isOpenAt,
  isOpenDuring,
  localTime,
  parisTime,
  timeZoneForInsee,
} from '../hours/index.js';
import type { CompiledHours, LocalTime, TimeZoneRule } from '../hours/index.js';

export type { CompiledHours, LocalTime };
export { FRENCH_MONTHS, FRENCH_WEEKDAYS, foldName, haversineKm, parisTime };

/** Same radius as geo's `haversineKm`, so that our precomputed distances agree with it. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Compiled hours, or `undefined` when the text is not understood. */
export function compileHoursText(text: string): CompiledHours | undefined {
  const result = compileHours(text);
  return result.ok ? result.hours : undefined;
}

/**
 * Everything of a code INSEE that the hours evaluator depends on: its public holidays and its clock.
 * Lieux with the same regime and the same hours text always get the same answer, which lets the engine
 * evaluate each (hours, regime) pair once per request.
 */
export function holidayRegime(codeInsee: string): string {
  return `${holidayRegion(codeInsee || undefined)}|${timeZoneForInsee(codeInsee || undefined).name}`;
}

/**
 * When to evaluate hours for `ouvert_le`: an instant (the text has an offset) read on each lieu's own
 * clock, or a wall-clock time (no offset) read as is on every lieu's clock. `key` identifies it for caches.
 */
export interface OpenAtMoment {
  at: Date | LocalTime;
  key: string;
}

export function isOpenAtMoment(hours: CompiledHours, moment: OpenAtMoment, codeInsee: string): boolean {
  return isOpenAt(hours, moment.at, codeInsee ? { codeInsee } : undefined);
}

export function isOpenDuringSlot(hours: CompiledHours, day: number, from: number, to: number): boolean {
  return isOpenDuring(hours, day, from, to);
}

const WALL_CLOCK: TimeZoneRule = { name: 'UTC', standardOffset: 0, dst: 'none' };

/** Syntax of `ouvert_le` (ISO 8601 date-time, seconds and offset optional); also its API pattern. */
export const OPEN_AT_PATTERN =
  '^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3}))?)?([Zz]|[+\\- ]\\d{2}:?\\d{2})?$';
const ISO_DATE_TIME = new RegExp(OPEN_AT_PATTERN);

/**
 * Reads an ISO 8601 date-time. Without an offset it is a wall-clock time (Paris, or the lieu's own
 * clock overseas). A space before the offset is read as `+`: in a query string `+02:00` arrives as
 * ` 02:00` when the `+` was not encoded.
 */
export function parseOpenAt(text: string): OpenAtMoment | undefined {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const dayNumber = daysFromCivil(year, month, day);
  // 30 February comes back as 2 March: not a date.
  if (civilFromDays(dayNumber)[2] !== day) return undefined;
  const minutes = hour * 60 + minute;
  const zone = m[8];
  if (zone === undefined) {
    // The wall-clock reading itself: the UTC clock shows exactly these fields.
    return {
      at: localTime((dayNumber * 1440 + minutes) * 60_000, WALL_CLOCK),
      key: `w${dayNumber}:${minutes}`,
    };
  }
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 14 || om > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Hours have minute precision: seconds are dropped so that one minute is one cache entry.
  const ms = (dayNumber * 1440 + minutes - offset) * 60_000;
  return { at: new Date(ms), key: `i${ms}` };
}

/** The wall clock of an `ouvert_le` moment, as shown to people (Paris time for an instant). */
export function wallClockOf(moment: OpenAtMoment): LocalTime {
  return moment.at instanceof Date ? parisTime(moment.at) : moment.at;
}

/**
 * Civil time without the process time zone: day numbers, Europe/Paris (EU summer time rules) and the
 * fixed offsets of the overseas territories. Everything is integer arithmetic on UTC milliseconds, so
 * results do not depend on `TZ`, on Intl data nor on the browser.
 */

const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 1440;

/** A moment as read on a local wall clock. */
export interface LocalTime {
  year: number;
  /** 1 = janvier … 12 = décembre. */
  month: number;
  /** Day of the month, 1–31. */
  day: number;
  /** 0 = lundi … 6 = dimanche. */
  weekday: number;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
  /** Days since 1970-01-01 in the local calendar: consecutive days have consecutive numbers. */
  dayNumber: number;
  /** Local offset from UTC at that moment, in minutes (60 in winter, 120 in summer in Paris). */
  offsetMinutes: number;
}

/**
 * How a territory's clock relates to UTC. `eu`: standard offset + 1 h from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC. `na`: North American rule (Saint-Pierre-et-Miquelon).
 */
export interface TimeZoneRule {
  name: string;
  standardOffset: number;
  dst: 'eu' | 'na' | 'none';
}

export const PARIS: TimeZoneRule = { name: 'Europe/Paris', standardOffset: 60, dst: 'eu' };

/** Overseas collectivities by the first three digits of their code INSEE (metropolitan France and Corsica are Paris). */
const OVERSEAS_ZONES: Record<string, TimeZoneRule> = {
  '971': { name: 'America/Guadeloupe', standardOffset: -240, dst: 'none' },
  '972': { name: 'America/Martinique', standardOffset: -240, dst: 'none' },
  '973': { name: 'America/Cayenne', standardOffset: -180, dst: 'none' },
  '974': { name: 'Indian/Reunion', standardOffset: 240, dst: 'none' },
  '975': { name: 'America/Miquelon', standardOffset: -180, dst: 'na' },
  '976': { name: 'Indian/Mayotte', standardOffset: 180, dst: 'none' },
  '977': { name: 'America/St_Barthelemy', standardOffset: -240, dst: 'none' },
  '978': { name: 'America/Marigot', standardOffset: -240, dst: 'none' },
  '986': { name: 'Pacific/Wallis', standardOffset: 720, dst: 'none' },
  '987': { name: 'Pacific/Tahiti', standardOffset: -600, dst: 'none' },
  '988': { name: 'Pacific/Noumea', standardOffset: 660, dst: 'none' },
};

/**
 * The clock of a lieu from its code INSEE: Europe/Paris unless the code belongs to an overseas
 * collectivity with another time zone. (Polynésie uses Tahiti time for all its islands.)
 */
export function timeZoneForInsee(codeInsee?: string): TimeZoneRule {
  if (!codeInsee || codeInsee.charCodeAt(0) !== 57 /* '9' */) return PARIS;
  return OVERSEAS_ZONES[codeInsee.slice(0, 3)] ?? PARIS;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `daysFromCivil`: [year, month 1–12, day]. */
export function civilFromDays(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** 0 = lundi … 6 = dimanche (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** ISO 8601 week number (1–53): the week containing the Thursday. */
export function isoWeek(dayNumber: number): number {
  const thursday = dayNumber - weekdayOf(dayNumber) + 3;
  const [year] = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

/** Day number of the last Sunday of a month. */
function lastSunday(year: number, month: number): number {
  const last = daysFromCivil(year, month, daysInMonth(year, month));
  return last - ((weekdayOf(last) + 1) % 7);
}

/** Day number of the n-th Sunday (1-based) of a month. */
function nthSunday(year: number, month: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((6 - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

/** [start, end) of summer time in UTC milliseconds for a year, or null when the zone has none. */
function summerTime(zone: TimeZoneRule, year: number): [number, number] | null {
  if (zone.dst === 'eu') {
    return [
      (lastSunday(year, 3) * MINUTES_PER_DAY + 60) * MS_PER_MINUTE,
      (lastSunday(year, 10) * MINUTES_PER_DAY + 60) * MS_PER_MINUTE,
    ];
  }
  if (zone.dst === 'na') {
    // 02:00 local standard time on the 2nd Sunday of March, 02:00 local summer time on the 1st Sunday of November.
    const start = nthSunday(year, 3, 2) * MINUTES_PER_DAY + 120 - zone.standardOffset;
    const end = nthSunday(year, 11, 1) * MINUTES_PER_DAY + 120 - zone.standardOffset - 60;
    return [start * MS_PER_MINUTE, end * MS_PER_MINUTE];
  }
  return null;
}

/** UTC offset in minutes of a zone at a UTC instant. */
export function offsetAt(zone: TimeZoneRule, utcMs: number): number {
  if (zone.dst === 'none') return zone.standardOffset;
  // The UTC year is the right one: transitions are far from New Year.
  const year = civilFromDays(Math.floor(utcMs / 86_400_000))[0];
  const range = summerTime(zone, year);
  return range && utcMs >= range[0] && utcMs < range[1] ? zone.standardOffset + 60 : zone.standardOffset;
}

/** Wall-clock reading of a UTC instant in a zone. */
export function localTime(date: Date | number, zone: TimeZoneRule = PARIS): LocalTime {
  const utcMs = typeof date === 'number' ? date : date.getTime();
  const offset = offsetAt(zone, utcMs);
  const localMinutes = Math.floor(utcMs / MS_PER_MINUTE) + offset;
  const dayNumber = Math.floor(localMinutes / MINUTES_PER_DAY);
  const [year, month, day] = civilFromDays(dayNumber);
  return {
    year,
    month,
    day,
    weekday: weekdayOf(dayNumber),
    minutes: localMinutes - dayNumber * MINUTES_PER_DAY,
    dayNumber,
    offsetMinutes: offset,
  };
}

/** Europe/Paris wall clock of an instant, whatever the process time zone. */
export function parisTime(date: Date | number): LocalTime {
  return localTime(date, PARIS);
}

/**
 * The instant at which a zone's clock shows `minutes` (may exceed 1440) on local day `dayNumber`.
 * A time skipped by the spring change (02:30 in Paris) maps to the instant of the change; a time
 * shown twice in autumn maps to its first occurrence.
 */
export function instantOf(dayNumber: number, minutes: number, zone: TimeZoneRule = PARIS): Date {
  const local = dayNumber * MINUTES_PER_DAY + minutes;
  if (zone.dst === 'none') return new Date((local - zone.standardOffset) * MS_PER_MINUTE);
  const summer = (local - zone.standardOffset - 60) * MS_PER_MINUTE;
  if (offsetAt(zone, summer) === zone.standardOffset + 60) return new Date(summer);
  const winter = (local - zone.standardOffset) * MS_PER_MINUTE;
  if (offsetAt(zone, winter) === zone.standardOffset) return new Date(winter);
  // In the spring gap: the clock jumps over this time, the change happens at the jump.
  const year = civilFromDays(dayNumber)[0];
  return new Date(summerTime(zone, year)![0]);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(dayNumber: number): string {
  const [y, m, d] = civilFromDays(dayNumber);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `HH:MM` of minutes since midnight (1440 prints as 24:00). */
export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Opening hours of lieux: the `horaires` field of the standard is an OSM `opening_hours` value.
 * Compile it once (`compileHours`), then ask cheap questions in the lieu's wall-clock time
 * (Europe/Paris, or the overseas zone of its code INSEE) with French public holidays applied.
 * Pure and isomorphic: no I/O, no dependence on the process time zone or on Intl. See README.md.
 */
export { compileHours, type CompileResult } from './compile.js';
export {
  describeStatus,
  isOpenAt,
  isOpenDuring,
  nextChange,
  stateAt,
  weeklySummary,
  type DaySummary,
  type HoursOptions,
  type HoursState,
  type NextChange,
  type TimeRange,
} from './status.js';
export { FRENCH_MONTHS, FRENCH_WEEKDAYS } from './french.js';
export { convertDayColumnsToOsm, normalizeHours, type ConvertResult, type OsmDay } from './convert.js';
export {
  easterSunday,
  holidayRegion,
  isPublicHoliday,
  publicHolidayName,
  publicHolidays,
  type PublicHoliday,
} from './holidays.js';
export {
  civilFromDays,
  daysFromCivil,
  instantOf,
  isoDate,
  localTime,
  parisTime,
  PARIS,
  timeZoneForInsee,
  type LocalTime,
  type TimeZoneRule,
} from './time.js';
export type { CompiledHours } from './types.js';

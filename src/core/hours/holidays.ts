/**
 * French public holidays (jours fériés, Code du travail L3133-1) with the local ones that the law adds:
 * Alsace-Moselle (Vendredi saint, Saint-Étienne) and the abolition of slavery in the overseas
 * départements and collectivities (loi 83-550 and later decrees), plus Nouvelle-Calédonie's 24 septembre.
 * Not covered: Polynésie française and Wallis-et-Futuna local days, and days decided each year by prefects.
 */
import { daysFromCivil, isoDate } from './time.js';

export interface PublicHoliday {
  /** `YYYY-MM-DD`. */
  date: string;
  dayNumber: number;
  name: string;
}

const OVERSEAS_REGIONS = new Map(
  ['971', '972', '973', '974', '975', '976', '977', '978', '986', '987', '988'].map((code) => [code, code]),
);

/** Holiday region of a code INSEE: 'metro', 'alsace-moselle' or the 3-digit overseas prefix. */
export function holidayRegion(codeInsee?: string): string {
  if (!codeInsee) return 'metro';
  const c0 = codeInsee.charCodeAt(0);
  const c1 = codeInsee.charCodeAt(1);
  // 57 Moselle, 67 Bas-Rhin, 68 Haut-Rhin.
  if ((c0 === 53 && c1 === 55) || (c0 === 54 && (c1 === 55 || c1 === 56))) return 'alsace-moselle';
  if (c0 === 57 && (c1 === 55 || c1 === 56)) return OVERSEAS_REGIONS.get(codeInsee.slice(0, 3)) ?? 'metro';
  return 'metro';
}

/** Easter Sunday (Gregorian, anonymous algorithm) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

const ABOLITION: Record<string, [number, number]> = {
  '971': [5, 27], // Guadeloupe
  '972': [5, 22], // Martinique
  '973': [6, 10], // Guyane
  '974': [12, 20], // La Réunion
  '976': [4, 27], // Mayotte
  '977': [10, 9], // Saint-Barthélemy
  '978': [5, 28], // Saint-Martin
};

function computeHolidays(year: number, region: string): PublicHoliday[] {
  const easter = easterSunday(year);
  const days: Array<[number, string]> = [
    [daysFromCivil(year, 1, 1), 'Jour de l’an'],
    [easter + 1, 'Lundi de Pâques'],
    [daysFromCivil(year, 5, 1), 'Fête du Travail'],
    [daysFromCivil(year, 5, 8), 'Victoire 1945'],
    [easter + 39, 'Ascension'],
    [easter + 50, 'Lundi de Pentecôte'],
    [daysFromCivil(year, 7, 14), 'Fête nationale'],
    [daysFromCivil(year, 8, 15), 'Assomption'],
    [daysFromCivil(year, 11, 1), 'Toussaint'],
    [daysFromCivil(year, 11, 11), 'Armistice 1918'],
    [daysFromCivil(year, 12, 25), 'Noël'],
  ];
  if (region === 'alsace-moselle') {
    days.push([easter - 2, 'Vendredi saint'], [daysFromCivil(year, 12, 26), 'Saint-Étienne']);
  }
  const abolition = ABOLITION[region];
  if (abolition) days.push([daysFromCivil(year, abolition[0], abolition[1]), 'Abolition de l’esclavage']);
  if (region === '988') days.push([daysFromCivil(year, 9, 24), 'Fête de la citoyenneté']);
  days.sort((x, y) => x[0] - y[0]);
  return days.map(([dayNumber, name]) => ({ date: isoDate(dayNumber), dayNumber, name }));
}

const cache = new Map<string, Map<number, string>>();
// The hot path asks about the same year and region for many lieux in a row.
let lastRegion = '';
let lastYear = NaN;
let lastMap: Map<number, string> = new Map();

function holidayMap(year: number, region: string): Map<number, string> {
  if (year === lastYear && region === lastRegion) return lastMap;
  const key = region + year;
  let map = cache.get(key);
  if (!map) {
    map = new Map(computeHolidays(year, region).map((h) => [h.dayNumber, h.name]));
    if (cache.size > 512) cache.clear();
    cache.set(key, map);
  }
  lastRegion = region;
  lastYear = year;
  lastMap = map;
  return map;
}

const ALL_REGIONS = ['metro', 'alsace-moselle', ...Object.keys(ABOLITION), '988'];
const anyCache = new Map<number, Set<number>>();
let anyYear = NaN;
let anySet = new Set<number>();

/** Whether the day is a public holiday in some French region: a quick "no" for almost every day. */
export function holidayAnywhere(dayNumber: number, year: number): boolean {
  if (year !== anyYear) {
    let set = anyCache.get(year);
    if (!set) {
      set = new Set(ALL_REGIONS.flatMap((region) => computeHolidays(year, region).map((h) => h.dayNumber)));
      if (anyCache.size > 256) anyCache.clear();
      anyCache.set(year, set);
    }
    anyYear = year;
    anySet = set;
  }
  return anySet.has(dayNumber);
}

/** The public holidays of a year, in date order, for the commune `codeInsee` (metropolitan rules when absent). */
export function publicHolidays(year: number, codeInsee?: string): PublicHoliday[] {
  return computeHolidays(year, holidayRegion(codeInsee));
}

/** Name of the public holiday on a local day, or undefined. `region` comes from `holidayRegion`. */
export function holidayOn(dayNumber: number, year: number, region: string): string | undefined {
  return holidayMap(year, region).get(dayNumber);
}

/** Whether a local day (a `LocalTime` or anything with `year` and `dayNumber`) is a public holiday there. */
export function isPublicHoliday(day: { year: number; dayNumber: number }, codeInsee?: string): boolean {
  return holidayMap(day.year, holidayRegion(codeInsee)).has(day.dayNumber);
}

/** Name of the public holiday on that local day, or undefined. */
export function publicHolidayName(
  day: { year: number; dayNumber: number },
  codeInsee?: string,
): string | undefined {
  return holidayMap(day.year, holidayRegion(codeInsee)).get(day.dayNumber);
}

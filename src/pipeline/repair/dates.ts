/**
 * `date_maj` to ISO `YYYY-MM-DD` from the formats found in producers' exports: « 07/12/2021 »,
 * « 2022-09-26 19:00:45 », « 2020/06/30 14:16:50.898 », « 13/12/2022 17:51 », « 2024-01-31T10:00:00Z »,
 * « 5 novembre 2023 », « 07/12/21 ». Day-first everywhere (French usage). A date without a day
 * (« novembre 2023 ») is not completed: that would be inventing it.
 */
import { checkIsoDate } from '../../core/standard/checks.js';

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

function iso(year: number, month: number, day: number): string | undefined {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return checkIsoDate(value) === 'ok' ? value : undefined;
}

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s (a directory has no lieu updated before 1970). */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/** The ISO day of a written date, or undefined when it cannot be read without guessing. */
export function parseDateMaj(value: string): string | undefined {
  const t = value.trim();
  // ISO day, possibly with a time: the day as written (the time zone does not move a directory's date).
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[\s,Tà]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(t);
  if (m) return iso(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  const folded = t
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  m = /^(?:[a-z]+\.?\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(folded);
  if (m && MONTHS[m[2]!] !== undefined) return iso(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]));
  // Compact « 20231105 ».
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m && Number(m[1]) >= 1990) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

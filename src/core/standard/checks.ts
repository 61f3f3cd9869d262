/**
 * Small pure predicates behind validation: identifiers, dates, numbers, e-mails, URLs, telephone
 * numbering plans, territories. Kept apart from `validate.ts` so each can be tested on its own and
 * reused (repair, UI hints) without pulling the whole validator.
 */

/** Luhn checksum over a string of ASCII digits (the caller guarantees digits only). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * SIRET check: Luhn over the 14 digits, except La Poste's establishments (SIREN 356000000), whose
 * SIRETs are too many for the Luhn key: INSEE checks them by "sum of the digits is a multiple of 5".
 */
export function siretChecksumValid(siret: string): boolean {
  if (siret.length !== 14 || !/^\d{14}$/.test(siret)) return false;
  if (luhnValid(siret)) return true;
  if (siret.startsWith('356000000')) {
    let sum = 0;
    for (let i = 0; i < 14; i++) sum += siret.charCodeAt(i) - 48;
    return sum % 5 === 0;
  }
  return false;
}

/** True for `0`, `000000000`…: producers' placeholder when they do not know the SIRET. */
export function isZeroPlaceholder(value: string): boolean {
  return /^0+$/.test(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export type DateCheck = 'ok' | 'format' | 'impossible';

/** `YYYY-MM-DD` and a day that exists (2024-02-30 is `impossible`). */
export function checkIsoDate(value: string): DateCheck {
  const m = ISO_DATE.exec(value);
  if (!m) return 'format';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'impossible';
  return 'ok';
}

/** Rewrites common non-ISO day formats (31/12/2024, 31-12-2024, 31.12.2024) to ISO, or undefined. */
export function suggestIsoDate(value: string): string | undefined {
  const t = value.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return checkIsoDate(iso) === 'ok' ? iso : undefined;
  }
  // Date-time or date with surrounding spaces: keep the day part.
  m = /^(\d{4}-\d{2}-\d{2})(?:[T ]\S*)?$/.exec(t);
  if (m && m[1] !== value && checkIsoDate(m[1]!) === 'ok') return m[1];
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return iso !== value && checkIsoDate(iso) === 'ok' ? iso : undefined;
  }
  return undefined;
}

/** ISO day `YYYY-MM-DD` of a Date, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days (UTC) to a Date. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Table Schema `number` lexical form with `.` as decimal mark (surrounding spaces tolerated). */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Parses a decimal number as the schema writes it; NaN when it is not one. */
export function parseDecimal(value: string): number {
  return DECIMAL.test(value) ? Number(value) : NaN;
}

/** `43,5` → `43.5` when that makes a number; used only for hints. */
export function suggestDecimal(value: string): string | undefined {
  const t = value.trim().replace(/\s+/g, '');
  if (/^[+-]?\d+,\d+$/.test(t)) return t.replace(',', '.');
  return undefined;
}

/**
 * Pragmatic e-mail shape: one `@`, a local part without spaces, a domain with a dot and a TLD of at
 * least two letters. Not RFC 5322 (nobody writes quoted local parts in a directory).
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value) && !value.includes('..');
}

/** Absolute http(s) URL with a dotted host name, no spaces (what a directory's links look like). */
const URL_SHAPE =
  /^https?:\/\/(?:[^\s/?#@]+@)?(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?\.)+[A-Za-z\u00a1-\uffff]{2,}\.?(?::\d{1,5})?(?:[/?#][^\s]*)?$/i;

export function isHttpUrl(value: string): boolean {
  return URL_SHAPE.test(value);
}

/** `www.exemple.fr` → `https://www.exemple.fr` when that makes a valid URL; used for hints. */
export function suggestUrl(value: string): string | undefined {
  const t = value.trim();
  if (!/^[a-z]+:/i.test(t) && isHttpUrl(`https://${t}`)) return `https://${t}`;
  if (/^https?:\/[^/]/i.test(t)) {
    const fixed = t.replace(/^(https?):\//i, '$1://');
    if (isHttpUrl(fixed)) return fixed;
  }
  return undefined;
}

/**
 * Subscriber-number lengths for the country codes the schema allows (ITU numbering plans).
 * +269 (Comores; Mayotte moved to +262 long ago) is left out: no sensible expectation.
 */
export const TELEPHONE_PLANS: Readonly<Record<string, { digits: number; territory: string }>> = {
  '+33': { digits: 9, territory: 'France métropolitaine' },
  '+590': { digits: 9, territory: 'Guadeloupe, Saint-Martin, Saint-Barthélemy' },
  '+594': { digits: 9, territory: 'Guyane' },
  '+596': { digits: 9, territory: 'Martinique' },
  '+262': { digits: 9, territory: 'La Réunion, Mayotte' },
  '+687': { digits: 6, territory: 'Nouvelle-Calédonie' },
  '+689': { digits: 8, territory: 'Polynésie française' },
  '+508': { digits: 6, territory: 'Saint-Pierre-et-Miquelon' },
  '+681': { digits: 6, territory: 'Wallis-et-Futuna' },
};

/** National prefixes of the overseas départements (0590…) mapped to their international code. */
const OVERSEAS_TRUNK: ReadonlyArray<readonly [RegExp, string]> = [
  [/^0(590|690|691)/, '+590'],
  [/^0(594|694)/, '+594'],
  [/^0(596|696|697)/, '+596'],
  [/^0(262|263|692|693|269|639)/, '+262'],
];

/**
 * Rewrites a French number as written by people (`01 80 05 98 80`, `0033 1 80…`, `+33 (0)1…`) to the
 * schema's form (`+33180059880`), or undefined when it cannot tell.
 */
export function suggestTelephone(value: string): string | undefined {
  let t = value.trim().replace(/[\s.\-/()]/g, '');
  t = t.replace(/^\+33\(?0\)?/, '+33').replace(/^00/, '+');
  if (/^0\d{9}$/.test(t)) {
    for (const [prefix, code] of OVERSEAS_TRUNK) if (prefix.test(t)) return code + t.slice(1);
    return `+33${t.slice(1)}`;
  }
  if (/^\+330\d{9}$/.test(t)) return `+33${t.slice(4)}`;
  for (const code of Object.keys(TELEPHONE_PLANS)) {
    if (t.startsWith(code)) {
      const rest = t.slice(code.length);
      if (/^\d+$/.test(rest) && rest.length === TELEPHONE_PLANS[code]!.digits) return t;
    }
  }
  return undefined;
}

/** A territory's bounding box, in degrees (WGS84), with a small margin for coasts and islets. */
export interface Territory {
  name: string;
  south: number;
  north: number;
  west: number;
  east: number;
}

/**
 * Metropolitan France (with Corsica) and every inhabited overseas territory where lieux exist.
 * Boxes, not outlines: the point is to catch gross mistakes (swapped or zero coordinates, another
 * country), not to check départements.
 */
export const FRENCH_TERRITORIES: readonly Territory[] = [
  { name: 'France métropolitaine', south: 41.2, north: 51.2, west: -5.3, east: 9.7 },
  { name: 'Guadeloupe', south: 15.8, north: 16.55, west: -61.85, east: -60.95 },
  { name: 'Martinique', south: 14.35, north: 14.9, west: -61.25, east: -60.8 },
  { name: 'Guyane', south: 2.1, north: 5.85, west: -54.65, east: -51.5 },
  { name: 'La Réunion', south: -21.45, north: -20.85, west: 55.2, east: 55.9 },
  { name: 'Mayotte', south: -13.05, north: -12.6, west: 44.95, east: 45.35 },
  { name: 'Saint-Pierre-et-Miquelon', south: 46.7, north: 47.15, west: -56.45, east: -56.1 },
  { name: 'Saint-Barthélemy', south: 17.85, north: 17.98, west: -62.95, east: -62.78 },
  { name: 'Saint-Martin', south: 18.04, north: 18.13, west: -63.16, east: -62.96 },
  { name: 'Wallis-et-Futuna', south: -14.4, north: -13.15, west: -178.25, east: -176.1 },
  { name: 'Polynésie française', south: -27.7, north: -7.8, west: -154.8, east: -134.4 },
  { name: 'Nouvelle-Calédonie', south: -22.9, north: -19.5, west: 163.5, east: 169.0 },
];

/** The territory whose box contains the point, or undefined. */
export function territoryAt(latitude: number, longitude: number): Territory | undefined {
  for (const t of FRENCH_TERRITORIES) {
    if (latitude >= t.south && latitude <= t.north && longitude >= t.west && longitude <= t.east) return t;
  }
  return undefined;
}

/**
 * Folds a label for "did you mean" matching: no accents, no case, no spaces or punctuation
 * differences (`gratuit sous-condition` ≈ `Gratuit sous condition`).
 */
export function foldLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\s\-_]+/g, '');
}

/** Counts Unicode code points (what the schema's `maxLength` counts), not UTF-16 units. */
export function codePointLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= value.length) n++;
    else {
      const next = value.charCodeAt(i + 1);
      n++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return n;
}

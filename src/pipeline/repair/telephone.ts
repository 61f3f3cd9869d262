/**
 * Telephone numbers to the schema's single E.164-like number (`+33450568749`), as people write them:
 * « 04 50 56 87 49 », « 04.50.56.87.49 », « +33 (0)4 50… », « 0033 4… », several numbers in one cell
 * (« 05 56… / 06 12… », « … ou … »), a leading zero lost by a spreadsheet (« 450568749 »), and the
 * short local numbers of the collectivités d'outre-mer (« 44 57 28 » in Nouméa → +687445728),
 * whose country code comes from the lieu's territory.
 */
import { TELEPHONE_PLANS } from '../../core/standard/checks.js';

/** Country code of a lieu's territory, from its code INSEE or postcode (3-digit départements). */
const TERRITORY_CODES: Readonly<Record<string, string>> = {
  '971': '+590', // Guadeloupe (and Saint-Martin, Saint-Barthélemy: 97150, 97133)
  '972': '+596',
  '973': '+594',
  '974': '+262',
  '976': '+262', // Mayotte: +262 since 2007 (the schema's +269 is the Comoros)
  '975': '+508',
  '977': '+590',
  '978': '+590',
  '986': '+681',
  '987': '+689',
  '988': '+687',
};

/** National prefixes of the overseas départements (0590…, 0692…) and their country code. */
const OVERSEAS_TRUNK: ReadonlyArray<readonly [RegExp, string]> = [
  [/^0(?:590|690|691)/, '+590'],
  [/^0(?:594|694)/, '+594'],
  [/^0(?:596|696|697)/, '+596'],
  [/^0(?:262|263|692|693|269|639)/, '+262'],
];

const CODES_LONGEST_FIRST = Object.keys(TELEPHONE_PLANS).sort((a, b) => b.length - a.length);

/** The territory's country code (`+33` for metropolitan France and unknown places). */
export function countryCodeFor(codeInsee: string, codePostal: string): string {
  for (const code of [codeInsee.trim(), codePostal.trim()]) {
    if (/^9[78]\d/.test(code)) {
      const c = TERRITORY_CODES[code.slice(0, 3)];
      if (c) return c;
    }
  }
  return '+33';
}

export interface PhoneParse {
  /** Valid numbers in E.164 form, in the order written. */
  numbers: string[];
  /** Pieces that are not a usable number (« 3939 », « SMS »…). */
  rejected: string[];
  /** True when a number was read without its leading zero (« 450568749 »). */
  restoredZero: boolean;
}

/** National 10-digit number (0X XX XX XX XX) → E.164: the prefix tells the territory. */
function fromNational(digits: string): string {
  for (const [prefix, code] of OVERSEAS_TRUNK) if (prefix.test(digits)) return code + digits.slice(1);
  return `+33${digits.slice(1)}`;
}

/** Reads consecutive numbers out of one run of digits (separators already removed). */
function readRun(run: string, territory: string, out: PhoneParse): void {
  let s = run;
  while (s.length > 0) {
    if (s.startsWith('00')) s = `+${s.slice(2)}`;
    // « 33630392518 »: an international number whose « + » was lost (spreadsheets drop it).
    if (!s.startsWith('+') && !s.startsWith('0')) {
      const code = CODES_LONGEST_FIRST.find(
        (c) => s.startsWith(c.slice(1)) && s.length === c.length - 1 + TELEPHONE_PLANS[c]!.digits,
      );
      if (code) s = `+${s}`;
    }
    if (s.startsWith('+')) {
      const code = CODES_LONGEST_FIRST.find((c) => s.startsWith(c));
      if (!code) {
        out.rejected.push(s);
        return;
      }
      let rest = s.slice(code.length);
      const plan = TELEPHONE_PLANS[code]!;
      // « +33 0450… »: the trunk zero is not dialled after the country code.
      if (plan.digits === 9 && rest.startsWith('0') && rest.length >= 10) rest = rest.slice(1);
      if (rest.length < plan.digits) {
        out.rejected.push(s);
        return;
      }
      out.numbers.push(code + rest.slice(0, plan.digits));
      s = rest.slice(plan.digits);
      continue;
    }
    const local = TELEPHONE_PLANS[territory]!.digits;
    if (local < 9) {
      // Short plans (Nouvelle-Calédonie, Polynésie, Wallis, Saint-Pierre): no trunk zero.
      if (s.length >= local && !s.startsWith('0')) {
        out.numbers.push(territory + s.slice(0, local));
        s = s.slice(local);
        continue;
      }
    }
    if (s.startsWith('0') && s.length >= 10) {
      out.numbers.push(fromNational(s.slice(0, 10)));
      s = s.slice(10);
      continue;
    }
    if (local === 9 && s.length === 9 && /^[1-9]/.test(s)) {
      out.numbers.push(fromNational(`0${s}`));
      out.restoredZero = true;
      return;
    }
    out.rejected.push(s);
    return;
  }
}

/**
 * Every number in a telephone cell. `territory` is the lieu's country code (see `countryCodeFor`),
 * used for numbers written without one.
 */
export function parseTelephones(value: string, territory = '+33'): PhoneParse {
  const out: PhoneParse = { numbers: [], rejected: [], restoredZero: false };
  const plan = TELEPHONE_PLANS[territory] ? territory : '+33';
  // « +33 (0)4… » → « +334… »; other brackets are just grouping.
  const text = value.replace(/(\+\d{2,3})\s*\(0\)\s*/g, '$1');
  // A run: digits with the separators people put inside one number (space, dot, dash, brackets).
  const runs = text.match(/\+?\d[\d\s.\-()]*\d|\+?\d/g) ?? [];
  for (const raw of runs) {
    const compact = raw.replace(/[\s.\-()]/g, '');
    // Two numbers separated by a lone dash (« 0556… - 0612… ») end up in one run: readRun splits them.
    readRun(compact, plan, out);
  }
  const letters = text.replace(/\+?\d[\d\s.\-()]*\d|\+?\d/g, ' ');
  // Words other than separators (« ou », « et », « SMS ») are not numbers: reported, not kept.
  for (const word of letters.split(/[\s/;,|:\-–()[\]]+/)) {
    if (word && !/^(?:ou|et|or|and|tel|tél|tél\.|tel\.|fixe|portable|mobile|standard)$/i.test(word)) {
      if (/\p{L}{2,}/u.test(word)) out.rejected.push(word);
    }
  }
  return out;
}

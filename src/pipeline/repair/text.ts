/**
 * Whitespace and letter case: invisible characters and doubled spaces come from spreadsheets and web
 * forms; names typed in capitals read badly on a lieu page.
 */

/** Non-breaking and typographic spaces, tabs: read as a plain space. */
const ODD_SPACES = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Zero-width characters and stray BOMs: removed. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** One-line value: trimmed, single spaces, no line breaks. */
export function cleanInline(value: string): string {
  return value
    .replace(INVISIBLE, '')
    .replace(ODD_SPACES, ' ')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Multi-line text (presentations): spaces cleaned on each line, at most one blank line in a row. */
export function cleanMultiline(value: string): string {
  return value
    .replace(INVISIBLE, '')
    .replace(ODD_SPACES, ' ')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Small words written in lower case inside a French name (« Maison de la Culture et des Loisirs »). */
const SMALL_WORDS = new Set([
  'a',
  'à',
  'au',
  'aux',
  'avec',
  'bis',
  'chez',
  'd',
  'de',
  'des',
  'du',
  'en',
  'entre',
  'et',
  'l',
  'la',
  'le',
  'les',
  'ou',
  'par',
  'pour',
  'sous',
  'sur',
  'ter',
  'quater',
  'un',
  'une',
]);

/**
 * Acronyms met in lieux' names: kept in capitals. Words without a vowel (« MJC », « CCS ») and dotted
 * initials are recognised without the list.
 */
const ACRONYMS = new Set([
  'ADMR',
  'AFPA',
  'APF',
  'BIJ',
  'CAF',
  'CCAS',
  'CDAS',
  'CIAS',
  'CIDFF',
  'CNFS',
  'CPAM',
  'CSAPA',
  'EHPAD',
  'EPCI',
  'EPN',
  'ESAT',
  'ESS',
  'FJT',
  'GIP',
  'MDPH',
  'MFR',
  'MSA',
  'MSAP',
  'PAD',
  'PIJ',
  'PIMMS',
  'PMI',
  'QPV',
  'RSA',
  'SIAE',
  'UDAF',
  'URSSAF',
]);

/** Abbreviations without vowels that are not acronyms (« ST ETIENNE », « BD VOLTAIRE »). */
const NOT_ACRONYMS = new Set([
  'BD',
  'BLD',
  'BLVD',
  'CH',
  'CHS',
  'DR',
  'MM',
  'MR',
  'PL',
  'PLC',
  'SQ',
  'ST',
  'STS',
]);

const ROMAN = /^(?=[IVXLC]+$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
const VOWELS = /[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ]/;

function isAcronym(word: string): boolean {
  if (ACRONYMS.has(word)) return true;
  if (NOT_ACRONYMS.has(word)) return false;
  if (/^(?:[A-Z]\.){2,}[A-Z]?\.?$/.test(word)) return true;
  if (word.length >= 2 && /^[A-Z]+$/.test(word) && !VOWELS.test(word)) return true;
  return word.length >= 2 && ROMAN.test(word);
}

/**
 * True when the value is written in capitals: no lower-case letter, at least two words, one of them
 * of four letters or more that is not an acronym. A single word in capitals (« CCAS », « ARQA ») may
 * be an acronym or a brand: left as it is.
 */
export function isAllCaps(value: string): boolean {
  if (!/\p{Lu}/u.test(value) || /\p{Ll}/u.test(value)) return false;
  const words = value.split(/[\s\-'’/.,()]+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= 2 && words.some((w) => /^\p{Lu}{4,}$/u.test(w) && !isAcronym(w));
}

function capitalise(word: string): string {
  if (!word) return word;
  return word.charAt(0).toLocaleUpperCase('fr') + word.slice(1).toLocaleLowerCase('fr');
}

/**
 * French title case for a name typed in capitals: « MEDIATHEQUE DE LA VILLE D'ANGERS » →
 * « Mediatheque de la Ville d'Angers », « SAINT-GERMAIN-EN-LAYE » → « Saint-Germain-en-Laye ».
 * Small words stay lower case except at the start of the name or of a part (after « - », « ( », « : »);
 * acronyms and Roman numerals stay in capitals. Accents that were never typed are not guessed.
 */
export function frenchTitleCase(value: string): string {
  let first = true;
  let last = 0;
  return value.replace(/[\p{L}\p{N}.]+/gu, (token, offset: number) => {
    const between = value.slice(last, offset);
    last = offset + token.length;
    // A new part starts after a spaced dash, a bracket, a colon, a slash or a comma.
    if (/(?:\s[-–—]\s|[(:/,|])/.test(between)) first = true;
    const next = value.charAt(offset + token.length);
    const lower = token.toLocaleLowerCase('fr');
    const elided = (lower === 'l' || lower === 'd' || lower === 'qu') && (next === "'" || next === '’');
    let out: string;
    if (isAcronym(token)) out = token;
    else if (/^\p{N}/u.test(token))
      out = lower; // « 2E », « 11EME » → « 2e », « 11eme »
    else if (!first && (SMALL_WORDS.has(lower) || elided)) out = lower;
    else out = capitalise(token);
    first = false;
    return out;
  });
}

/**
 * The fiche d'orientation: what a prescriber hands over to the person — the chosen lieu(x), address
 * and how to find it, usual hours, how to go (modalités d'accès), contact, an optional first name and
 * note, the prescriber's name and structure, the date, and the live page's address (printed as a QR
 * code). This module builds its content once; the printable page and the PDF both render it, so they
 * say the same thing. Nothing here leaves the browser.
 */
import { PARIS, compileHours, localTime, weeklySummary } from '../hours/index.js';
import type { DaySummary } from '../hours/index.js';
import { splitList } from '../standard/model.js';
import type { FlatRecord } from '../standard/types.js';
import { accesInstructions, weekdayNames, type Acces, type JourneyLang } from './catalogue.js';
import { messagesOf } from './messages.js';

export interface FicheLieuInput {
  id: string;
  record: FlatRecord;
}

/** Longest accepted texts: a fiche is one or two pages, and a first name is not a file. */
export const FICHE_LIMITS = {
  firstName: 60,
  note: 600,
  prescriberName: 80,
  prescriberStructure: 120,
  lieux: 5,
};

export interface FicheOptions {
  /** Site address for the live lieu pages (`https://lieux.exemple.fr`), without trailing slash. */
  origin: string;
  date: Date;
  personFirstName?: string;
  note?: string;
  prescriberName?: string;
  prescriberStructure?: string;
  /** Language of the fiche's words (default French); the lieux' own data stay as published. */
  lang?: JourneyLang;
}

export interface FicheContact {
  label: string;
  value: string;
  /** `tel:`, `mailto:` or an http(s) address, for the page and the PDF. */
  href?: string;
}

export interface FicheDay {
  day: string;
  text: string;
}

export interface FicheLieu {
  id: string;
  /** The live page (and the QR code's content). */
  url: string;
  nom: string;
  addressLines: string[];
  /** Complement of address and warnings that help finding the place. */
  directions: string[];
  /** Usual week, lundi first; `undefined` when the hours are not given or cannot be read. */
  hours?: FicheDay[];
  hoursNote: string;
  /** How to go there, one sentence each. */
  howToGo: string[];
  contact: FicheContact[];
  services: string[];
  fees?: string;
}

export interface FicheDocument {
  /** The language its words are in: the page and the PDF write their headings in it too. */
  lang: JourneyLang;
  title: string;
  /** « 29 novembre 2026 » (Paris). */
  dateText: string;
  /** « Pour Amina » when a first name is given. */
  forPerson?: string;
  note?: string;
  /** « Fiche remise par Claire Martin, France Services de Tulle ». */
  prescriber?: string;
  lieux: FicheLieu[];
  /** Said on every fiche: no personal data went to the server. */
  privacy: string;
}

/** « 1er décembre 2026 » / "1 December 2026" (Paris). */
export function ficheDate(date: Date, lang: JourneyLang = 'fr'): string {
  const m = messagesOf(lang);
  const t = localTime(date, PARIS);
  return m.date(t.day, m.months[t.month - 1]!, t.year);
}

export function frenchDate(date: Date): string {
  return ficheDate(date, 'fr');
}

/** Trims, folds runs of spaces and control characters, cuts at `max` (on a word when possible). */
export function cleanText(value: string | undefined, max: number, multiline = false): string {
  if (!value) return '';
  let text = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ');
  text = multiline
    ? text
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : text.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** « 9 h », « 9 h 30 » (English "9:00", "9:30") from « 09:30 ». */
function clock(hhmm: string, lang: JourneyLang): string {
  const [h, m] = hhmm.split(':');
  return messagesOf(lang).time(Number(h), Number(m));
}

function dayText(day: DaySummary, lang: JourneyLang): string {
  const m = messagesOf(lang);
  const range = (r: { from: string; to: string }) => `${clock(r.from, lang)} – ${clock(r.to, lang)}`;
  const parts = day.ranges.map(range);
  const uncertain = (day.uncertain ?? []).map(range);
  let text = parts.length ? parts.join(` ${m.and} `) : '';
  if (uncertain.length) {
    text = [text, `${uncertain.join(` ${m.and} `)} (${m.toConfirm})`].filter(Boolean).join(', ');
  }
  if (day.comment) text = [text, day.comment].filter(Boolean).join(' · ');
  return text || m.closed;
}

export function ficheHours(
  record: FlatRecord,
  lang: JourneyLang = 'fr',
): { hours?: FicheDay[]; note: string } {
  const m = messagesOf(lang);
  if (!record.horaires) return { note: m.hoursMissing };
  const result = compileHours(record.horaires);
  if (!result.ok) return { note: m.hoursInvalid };
  const opts = record.code_insee ? { codeInsee: record.code_insee } : undefined;
  const week = weeklySummary(result.hours, undefined, opts);
  const names = weekdayNames(lang);
  const hours = week.map((d) => ({
    day: lang === 'fr' ? d.label : (names[d.weekday] ?? d.label),
    text: dayText(d, lang),
  }));
  if (hours.every((d) => d.text === m.closed)) return { hours, note: m.hoursNoneRegular };
  return { hours, note: m.hoursUsual };
}

/** « 04 78 12 34 56 » for French numbers; other numbers as given. */
export function formatTelephone(value: string): string {
  const digits = value.replace(/[\s.-]/g, '');
  const m = /^(?:\+33|0033|0)([1-9]\d{8})$/.exec(digits);
  if (!m) return value.trim();
  const national = `0${m[1]}`;
  return national.replace(/(\d{2})(?=\d)/g, '$1 ');
}

function telHref(value: string): string {
  return `tel:${value.replace(/[^\d+]/g, '')}`;
}

function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  return /^https?:\/\/\S+$/i.test(text) ? text : undefined;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function ficheAddressLines(record: FlatRecord): string[] {
  const town = [record.code_postal, record.commune].filter(Boolean).join(' ');
  return [record.adresse, town].map((s) => (s ?? '').trim()).filter(Boolean);
}

export function ficheContact(record: FlatRecord, lang: JourneyLang = 'fr'): FicheContact[] {
  const m = messagesOf(lang);
  const out: FicheContact[] = [];
  if (record.telephone?.trim()) {
    out.push({
      label: m.phone,
      value: formatTelephone(record.telephone),
      href: telHref(record.telephone),
    });
  }
  for (const mail of splitList(record.courriels)
    .filter((m) => EMAIL.test(m))
    .slice(0, 2)) {
    out.push({ label: m.email, value: mail, href: `mailto:${mail}` });
  }
  const rdv = httpUrl(record.prise_rdv);
  if (rdv) out.push({ label: m.booking, value: rdv, href: rdv });
  const site = splitList(record.site_web).map(httpUrl).find(Boolean);
  if (site && site !== rdv) out.push({ label: m.website, value: site, href: site });
  return out;
}

export function ficheHowToGo(record: FlatRecord, lang: JourneyLang = 'fr'): string[] {
  const m = messagesOf(lang);
  const instructions = accesInstructions(lang);
  const modes = splitList(record.modalites_acces) as Acces[];
  const out = modes.map((mode) => instructions[mode]).filter((s): s is string => Boolean(s));
  const fiche = httpUrl(record.fiche_acces_libre);
  if (fiche) out.push(m.accessibility(fiche));
  return out.length ? out : [m.accesUnknown];
}

function feesText(record: FlatRecord, lang: JourneyLang): string | undefined {
  const m = messagesOf(lang);
  const fees = splitList(record.frais_a_charge);
  if (fees.includes('Gratuit')) return m.free;
  if (fees.includes('Gratuit sous condition')) return m.freeUnderCondition;
  if (fees.includes('Payant')) return m.paid;
  return undefined;
}

/** `https://site/lieux/<id>`: the live page, always up to date. */
export function lieuPageUrl(origin: string, id: string): string {
  return `${origin.replace(/\/+$/, '')}/lieux/${encodeURIComponent(id)}`;
}

export function ficheLieu(input: FicheLieuInput, origin: string, lang: JourneyLang = 'fr'): FicheLieu {
  const m = messagesOf(lang);
  const { record } = input;
  const directions: string[] = [];
  if (record.complement_adresse?.trim()) directions.push(record.complement_adresse.trim());
  if (splitList(record.itinerance).includes('Itinérant')) directions.push(m.itinerantFiche);
  const { hours, note } = ficheHours(record, lang);
  const fees = feesText(record, lang);
  return {
    id: input.id,
    url: lieuPageUrl(origin, input.id),
    nom: cleanText(record.nom, 200) || m.noName,
    addressLines: ficheAddressLines(record),
    directions,
    ...(hours ? { hours } : {}),
    hoursNote: note,
    howToGo: ficheHowToGo(record, lang),
    contact: ficheContact(record, lang),
    services: splitList(record.services),
    ...(fees ? { fees } : {}),
  };
}

export class FicheError extends Error {}

/** The fiche's content. At least one lieu, at most `FICHE_LIMITS.lieux`; texts cleaned and cut. */
export function buildFiche(lieux: readonly FicheLieuInput[], options: FicheOptions): FicheDocument {
  const lang = options.lang ?? 'fr';
  const m = messagesOf(lang);
  if (!lieux.length) throw new FicheError(m.ficheEmpty);
  if (lieux.length > FICHE_LIMITS.lieux) throw new FicheError(m.ficheTooMany(FICHE_LIMITS.lieux));
  const firstName = cleanText(options.personFirstName, FICHE_LIMITS.firstName);
  const note = cleanText(options.note, FICHE_LIMITS.note, true);
  const name = cleanText(options.prescriberName, FICHE_LIMITS.prescriberName);
  const structure = cleanText(options.prescriberStructure, FICHE_LIMITS.prescriberStructure);
  const prescriber = [name, structure].filter(Boolean).join(', ');
  return {
    lang,
    title: m.ficheTitle,
    dateText: ficheDate(options.date, lang),
    ...(firstName ? { forPerson: m.forPerson(firstName) } : {}),
    ...(note ? { note } : {}),
    ...(prescriber ? { prescriber: m.givenBy(prescriber) } : {}),
    lieux: lieux.map((l) => ficheLieu(l, options.origin, lang)),
    privacy: m.privacy,
  };
}

// --- WinAnsi: the PDF's standard fonts (Helvetica) can draw only this character set ---

/** The characters of Windows-1252 at 0x80–0x9F (the rest of WinAnsi is Latin-1). */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

const REPLACEMENTS: Record<string, string> = {
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2007': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u200b': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': '’',
  '\u2033': '”',
  '\u2039': '‹',
  '\u2022': '•',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2026': '…',
  ﬁ: 'fi',
  ﬂ: 'fl',
  '\u0153': 'œ',
};

function inWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(char);
}

/**
 * Text that Helvetica (WinAnsi encoding) can draw: typographic spaces become spaces, other characters
 * lose their accents when they have no WinAnsi form (« ă » → « a »), and the rest becomes « ? ».
 * Line breaks are kept; runs of spaces become one.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === '\n') out += char;
    else if (inWinAnsi(char)) out += char;
    else if (char in REPLACEMENTS) out += REPLACEMENTS[char];
    else if (/\s/u.test(char)) out += ' ';
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every(inWinAnsi) ? base : /\p{Emoji_Presentation}/u.test(char) ? '' : '?';
    }
  }
  return out.replace(/ {2,}/g, ' ');
}

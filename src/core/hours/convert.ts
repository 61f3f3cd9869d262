/**
 * From what producers write to OSM `opening_hours`:
 * - `convertDayColumnsToOsm`: one column per weekday (France Services `09:00 - 12:00 / 13:30 - 17:00`,
 *   `9h-12h`, `9h00 à 12h00 et 14h à 17h`, `Fermé`, empty…) to one canonical value;
 * - `normalizeHours`: an OSM-like value with fixable formatting (`9:00`, `13h30`, `Lu-Ve`, `Mo, We`,
 *   missing `;`) to its canonical writing. Every repair is reported in `notes`, in plain French.
 */
import { compileHours } from './compile.js';
import { FRENCH_WEEKDAYS } from './french.js';
import { parseHours } from './parse.js';
import { formatMinutes } from './time.js';
import { NORMAL, OPEN, type Rule } from './types.js';

export type OsmDay = 'Mo' | 'Tu' | 'We' | 'Th' | 'Fr' | 'Sa' | 'Su';
export type ConvertResult =
  { ok: true; osm: string; notes: string[] } | { ok: false; reason: string; empty?: true };

const DAYS: OsmDay[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const CLOSED_WORDS = new Set([
  'ferme',
  'fermé',
  'fermée',
  'fermee',
  'closed',
  'off',
  'non',
  'néant',
  'neant',
  'aucun',
]);
/** Words allowed between times in a day column. */
const CONNECTORS = new Set(['', 'et', 'de', 'puis', 'à', 'a', 'au']);
const TIME = /(\d{1,2})(?:\s*([:hH])\s*(\d{2})?)?(?!\d)/g;

type DayParse = { ok: true; ranges: number[]; notes: string[] } | { ok: false; reason: string };

/** Parses one weekday column into sorted, merged [from, to) minute pairs. */
function parseDayColumn(raw: string): DayParse {
  const text = raw.replace(/\s+/g, ' ').trim();
  const notes: string[] = [];
  if (!text || /^[-–—/.x_]+$/i.test(text) || CLOSED_WORDS.has(text.toLowerCase().replace(/\.$/, ''))) {
    return { ok: true, ranges: [], notes };
  }
  const times: number[] = [];
  let leftover = '';
  let last = 0;
  for (const m of text.matchAll(TIME)) {
    const hours = Number(m[1]);
    const minutes = m[3] === undefined ? 0 : Number(m[3]);
    if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0))
      return { ok: false, reason: `heure invalide "${m[0]}"` };
    times.push(hours * 60 + minutes);
    leftover += text.slice(last, m.index) + ' ';
    last = m.index + m[0].length;
  }
  leftover += text.slice(last);
  const unknown = leftover
    .toLowerCase()
    .split(/[\s\-–—/,;:&+|.]+/)
    .filter((w) => !CONNECTORS.has(w));
  if (unknown.length) return { ok: false, reason: `texte non reconnu "${unknown.join(' ')}" dans "${text}"` };
  if (times.length === 0) return { ok: false, reason: `aucune heure dans "${text}"` };
  if (times.length % 2 === 1) return { ok: false, reason: `heure de fin manquante dans "${text}"` };
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < times.length; i += 2) {
    const from = times[i]!;
    let to = times[i + 1]!;
    const written = `${formatMinutes(from)}-${formatMinutes(to)}`;
    if (from >= 1440) return { ok: false, reason: `plage "${written}" commençant à 24:00` };
    if (from === to) {
      notes.push(
        from === 0 ? `plage "00:00-00:00" ignorée (valeur par défaut)` : `plage vide "${written}" ignorée`,
      );
      continue;
    }
    if (to < from) {
      notes.push(`plage "${written}" comprise comme passant minuit`);
      to += 1440;
    }
    if (from < 300) notes.push(`plage "${written}" commençant avant 05:00 : à vérifier`);
    pairs.push([from, to]);
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const ranges: number[] = [];
  for (const [from, to] of pairs) {
    const end = ranges.length - 1;
    if (end > 0 && from <= ranges[end]!) {
      const prev = rangesText([ranges[end - 1]!, ranges[end]!]);
      const current = rangesText([from, to]);
      if (from === ranges[end - 1] && to === ranges[end]) notes.push(`plage "${current}" en double ignorée`);
      else if (from === ranges[end]) notes.push(`plages "${prev}" et "${current}" réunies`);
      else notes.push(`plages qui se chevauchent "${prev}" et "${current}" réunies`);
      ranges[end] = Math.max(ranges[end]!, to);
    } else ranges.push(from, to);
  }
  return { ok: true, ranges, notes };
}

function rangesText(ranges: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const to = ranges[i + 1]!;
    out.push(`${formatMinutes(ranges[i]!)}-${formatMinutes(to > 1440 ? to - 1440 : to)}`);
  }
  return out.join(',');
}

/** `Mo-We,Fr`: runs of three days or more as ranges, others listed. */
function daysText(days: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${DAYS[days[i]!]}-${DAYS[days[j]!]}`);
    else for (let k = i; k <= j; k++) parts.push(DAYS[days[k]!]!);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Converts one-column-per-weekday hours into a canonical OSM value, grouping days with the same hours
 * (`Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00`). Empty, `-` and `Fermé` columns are closed days;
 * when every column is empty the result is `{ ok: false, empty: true }` (hours unknown, not "always closed").
 */
export function convertDayColumnsToOsm(
  days: Partial<Record<OsmDay, string | null | undefined>>,
): ConvertResult {
  const perDay: number[][] = [];
  const notes: string[] = [];
  for (let d = 0; d < 7; d++) {
    const raw = days[DAYS[d]!];
    const parsed = parseDayColumn(typeof raw === 'string' ? raw : '');
    if (!parsed.ok) return { ok: false, reason: `${FRENCH_WEEKDAYS[d]} : ${parsed.reason}` };
    perDay.push(parsed.ranges);
    for (const note of parsed.notes) notes.push(`${FRENCH_WEEKDAYS[d]} : ${note}`);
  }
  const groups = new Map<string, number[]>();
  perDay.forEach((ranges, d) => {
    if (!ranges.length) return;
    const key = rangesText(ranges);
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  });
  if (groups.size === 0) return { ok: false, reason: 'aucun horaire renseigné', empty: true };
  const osm = [...groups].map(([times, ds]) => `${daysText(ds)} ${times}`).join('; ');
  const check = compileHours(osm);
  if (!check.ok) return { ok: false, reason: `conversion impossible (${check.reason})` };
  return { ok: true, osm, notes };
}

const FRENCH_DAYS: Record<string, OsmDay> = {
  lu: 'Mo', lun: 'Mo', lundi: 'Mo',
  ma: 'Tu', mardi: 'Tu',
  me: 'We', mer: 'We', mercredi: 'We',
  je: 'Th', jeu: 'Th', jeudi: 'Th',
  ve: 'Fr', ven: 'Fr', vendredi: 'Fr',
  sam: 'Sa', samedi: 'Sa',
  di: 'Su', dim: 'Su', dimanche: 'Su',
}; // prettier-ignore

/**
 * Canonical writing of an OSM-like value when the repair is unambiguous: spaces, `9:00` → `09:00`,
 * `13h30` → `13:30`, `Lu-Ve` → `Mo-Fr`, `Fermé` → `off`, a missing `;` before a day, `Mo-Fr 09:00-12:00;
 * 14:00-17:00` → `Mo-Fr 09:00-12:00,14:00-17:00`. What cannot be repaired gives `{ ok: false, reason }`.
 */
export function normalizeHours(text: string): ConvertResult {
  if (typeof text !== 'string' || !text.trim()) return { ok: false, reason: 'horaires vides', empty: true };
  const notes: string[] = [];
  let s = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  const note = (before: string, message: string) => {
    if (s !== before && !notes.includes(message)) notes.push(message);
  };
  let before = s;
  s = s.replace(/[–—]/g, '-');
  note(before, 'tirets typographiques remplacés par "-"');
  before = s;
  s = s.replace(/\b(\d{1,2}) ?[hH:] ?(\d{2})\b/g, (_, h: string, m: string) => `${h.padStart(2, '0')}:${m}`);
  s = s.replace(/\b(\d{1,2}) ?[hH](?![\d\p{L}])/gu, (_, h: string) => `${h.padStart(2, '0')}:00`);
  note(before, 'heures réécrites au format HH:MM');
  before = s;
  s = s.replace(/\p{L}+/gu, (word) => FRENCH_DAYS[word.toLowerCase()] ?? word);
  note(before, 'jours en français remplacés par leurs abréviations anglaises (Lu → Mo, Ma → Tu…)');
  before = s;
  s = s.replace(/\p{L}+/gu, (word) => (/^ferm[ée]e?$/i.test(word) ? 'off' : word));
  note(before, '"fermé" remplacé par "off"');

  for (let attempt = 0; attempt < 50; attempt++) {
    const parsed = parseHours(s);
    if (parsed.ok) {
      // Writing slips that the canonical form repairs (case, one-digit hours, stray separators).
      for (const w of parsed.warnings) if (/ : écrire |à retirer|séparateur en trop/.test(w)) notes.push(w);
      return finish(parsed.rules, notes);
    }
    if (parsed.missingSeparatorAt === undefined) return { ok: false, reason: parsed.reason };
    // A day (or date) right after a time starts a new rule: the ";" was forgotten.
    s = `${s.slice(0, parsed.missingSeparatorAt).trimEnd()}; ${s.slice(parsed.missingSeparatorAt)}`;
    if (!notes.includes('séparateur ";" ajouté entre les règles'))
      notes.push('séparateur ";" ajouté entre les règles');
  }
  return { ok: false, reason: 'horaires trop désordonnés pour être réécrits' };
}

function finish(rules: Rule[], notes: string[]): ConvertResult {
  const kept: Rule[] = [];
  for (const rule of rules) {
    const prev = kept[kept.length - 1];
    // `Mo-Fr 09:00-12:00; 14:00-17:00`: the second range completes the days of the first rule.
    if (
      prev &&
      rule.kind === NORMAL &&
      !rule.hasDate &&
      rule.times &&
      rule.state === OPEN &&
      rule.comment === undefined &&
      prev.hasDate &&
      prev.times &&
      prev.state === OPEN &&
      prev.comment === undefined
    ) {
      const merged = { ...prev, times: [...prev.times, ...rule.times], text: `${prev.text},${rule.text}` };
      kept[kept.length - 1] = merged;
      notes.push(
        `plage "${rule.text}" rattachée à la règle "${prev.text}" (au lieu de s'appliquer à tous les jours)`,
      );
      continue;
    }
    kept.push(rule);
  }
  const osm = kept
    .map((r, i) => (i === 0 ? '' : r.kind === NORMAL ? '; ' : r.kind === 2 ? ' || ' : ', ') + r.text)
    .join('');
  const check = compileHours(osm);
  if (!check.ok) return { ok: false, reason: check.reason };
  for (const w of check.warnings) if (!notes.includes(w)) notes.push(w);
  return { ok: true, osm, notes };
}

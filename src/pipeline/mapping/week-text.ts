/**
 * Opening hours written as a French sentence for the whole week (« Du lundi au vendredi de 9h à 12h
 * et de 14h à 17h », « Lundi et jeudi : 9h-12h / Mardi 14h-18h », « 9h-12h du lundi au vendredi »)
 * → one OSM `opening_hours` value, through `convertDayColumnsToOsm` (which groups days and checks
 * the result compiles).
 *
 * Conservative on purpose: a word it does not know (« sauf », « premiers samedis », « vacances »…)
 * makes it give up with a reason rather than publish hours that are wrong. Descriptive words
 * (« accueil du public », « matin », « horaires d'ouverture ») are skipped; « sur rendez-vous » is
 * skipped with a remark; « fermé les jours fériés » becomes `PH off`.
 */
import { compileHours, convertDayColumnsToOsm, type OsmDay } from '../../core/hours/index.js';

export type WeekTextResult =
  { ok: true; osm: string; notes: string[] } | { ok: false; reason: string; empty?: true };

const DAYS: OsmDay[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

const DAY_WORDS: Record<string, number> = {
  lundi: 0, lundis: 0, lun: 0,
  mardi: 1, mardis: 1, mar: 1,
  mercredi: 2, mercredis: 2, mer: 2,
  jeudi: 3, jeudis: 3, jeu: 3,
  vendredi: 4, vendredis: 4, ven: 4,
  samedi: 5, samedis: 5, sam: 5,
  dimanche: 6, dimanches: 6, dim: 6,
}; // prettier-ignore

/** Words that carry no information for the hours once days and times are read. */
const SKIPPED = new Set([
  'le', 'la', 'les', 'l', 'du', 'de', 'des', 'd', 'et', 'puis', 'a', 'au', 'aux', 'en', 'tous', 'toutes',
  'chaque', 'ouvert', 'ouverte', 'ouverts', 'ouvertes', 'ouverture', 'horaires', 'horaire', 'accueil',
  'public', 'matin', 'matins', 'apres', 'midi', 'apres-midi', 'soir', 'heures', 'h', 'inclus', 'jusqu',
  'permanence', 'permanences', 'on', 'nous', 'vous', 'accueillons', 'est', 'sont', 'sur', 'place',
]); // prettier-ignore

const CLOSED = new Set(['ferme', 'fermee', 'fermes', 'fermees']);

type Token =
  | { kind: 'time'; minutes: number; text: string }
  | { kind: 'num'; value: number; text: string }
  | { kind: 'day'; day: number }
  | { kind: 'link' } // au, à, - : between two days, a range; between two times, a range
  | { kind: 'sep' }
  | { kind: 'phoff' }
  | { kind: 'closed' }
  | { kind: 'appointment' }
  | { kind: 'word'; text: string };

function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[–—−]/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, ' ');
}

function tokenize(folded: string, notes: string[]): Token[] | { reason: string } {
  let text = folded;
  const replace = (pattern: RegExp, by: string, note?: string) => {
    if (pattern.test(text)) {
      text = text.replace(pattern, by);
      if (note && !notes.includes(note)) notes.push(note);
    }
  };
  replace(/\btous les jours\b/g, ' lundi au dimanche ');
  replace(/\ben semaine\b/g, ' lundi au vendredi ');
  replace(/\bferme(?:e|s|es)? (?:les |le )?(?:jours? )?feries?\b/g, ' ⊘ ');
  replace(/\b(?:les |le )?(?:jours? )?feries? ferme(?:e|s|es)?\b/g, ' ⊘ ');
  replace(
    /\b(?:(?:uniquement|seulement) (?:sur|avec) (?:rendez[- ]vous|rdv)|(?:sur|avec) (?:rendez[- ]vous|rdv) (?:uniquement|seulement))\b/g,
    ' ⓡ ',
  );
  replace(
    /\b(?:(?:et|ou|aussi) )?(?:sur|avec|sans|prise de|possible sur) (?:rendez[- ]vous|rdv)\b/g,
    ' ',
    '« rendez-vous » non repris dans les horaires (à indiquer dans prise_rdv ou modalites_acces)',
  );
  replace(/\b(?:jours? et )?(?:horaires?|heures?) d'ouvertures?\b/g, ' ');
  replace(/\(?journee continue\)?/g, ' ');
  replace(/\baccueil (?:du |de )?public\b/g, ' ');

  const tokens: Token[] = [];
  // Minutes stick to the `h` (« 12h 14h » is two times, not 12:14).
  const pattern =
    /(\d{1,2})\s*(?:heures?|h|:)(?:(\d{2})(?![\dh:]))?|(\d+)|(midi|minuit)|([a-z]+(?:-[a-z]+)*)|(⊘|ⓡ)|([^\s])/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1] !== undefined) {
      const hours = Number(m[1]);
      const minutes = m[2] === undefined ? 0 : Number(m[2]);
      if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0))
        return { reason: `heure impossible « ${m[0].trim()} »` };
      tokens.push({ kind: 'time', minutes: hours * 60 + minutes, text: m[0].trim() });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'num', value: Number(m[3]), text: m[3] });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'time', minutes: m[4] === 'midi' ? 720 : 1440, text: m[4] });
    } else if (m[5] !== undefined) {
      const word = m[5];
      const day = DAY_WORDS[word];
      if (day !== undefined) tokens.push({ kind: 'day', day });
      else if (word === 'au' || word === 'a') tokens.push({ kind: 'link' });
      else if (CLOSED.has(word)) tokens.push({ kind: 'closed' });
      else if (word.includes('-')) {
        // « lundi-vendredi » is one regex word: split it back.
        const parts = word.split('-');
        if (parts.every((p) => DAY_WORDS[p] !== undefined)) {
          parts.forEach((p, i) => {
            if (i > 0) tokens.push({ kind: 'link' });
            tokens.push({ kind: 'day', day: DAY_WORDS[p]! });
          });
        } else if (!SKIPPED.has(word)) tokens.push({ kind: 'word', text: word });
      } else if (!SKIPPED.has(word)) tokens.push({ kind: 'word', text: word });
    } else if (m[6] !== undefined) {
      tokens.push(m[6] === '⊘' ? { kind: 'phoff' } : { kind: 'appointment' });
    } else {
      const c = m[7]!;
      if (c === '-') tokens.push({ kind: 'link' });
      else if (',;/:.&+|\n()[]{}"'.includes(c) || c === "'") tokens.push({ kind: 'sep' });
      else tokens.push({ kind: 'word', text: c });
    }
  }
  return tokens;
}

/**
 * Bare numbers are hours only next to a time (« de 14 à 18h », « 9 - 12h30 »), or minutes right after
 * a whole hour (« 9 h 30 »).
 */
function resolveNumbers(tokens: Token[]): Token[] | { reason: string } {
  const out: Token[] = [];
  for (const t of tokens) {
    const previous = out[out.length - 1];
    if (
      t.kind === 'num' &&
      t.text.length === 2 &&
      t.value < 60 &&
      previous?.kind === 'time' &&
      previous.minutes % 60 === 0 &&
      /h$/.test(previous.text)
    ) {
      out[out.length - 1] = {
        ...previous,
        minutes: previous.minutes + t.value,
        text: `${previous.text}${t.text}`,
      };
    } else out.push(t);
  }
  const isTimeAt = (i: number) => out[i]?.kind === 'time';
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (t.kind !== 'num') continue;
    const nextIsTime = out[i + 1]?.kind === 'link' && isTimeAt(i + 2);
    const prevIsTime = out[i - 1]?.kind === 'link' && isTimeAt(i - 2);
    if ((nextIsTime || prevIsTime) && t.value <= 24) {
      out[i] = { kind: 'time', minutes: t.value * 60, text: t.text };
    } else return { reason: `nombre « ${t.text} » qui n'est pas une heure` };
  }
  return out;
}

interface Segment {
  days: Set<number>;
  times: number[];
  /** « Samedi : fermé ». */
  closed?: boolean;
}

function minutesText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Days named by a text that holds only days (`{Lundi,Mardi}`, « du lundi au vendredi »). */
export function parseDaysText(text: string): number[] | undefined {
  const tokens = tokenize(foldText(text), []);
  if ('reason' in tokens) return undefined;
  const days = new Set<number>();
  let previous: number | undefined;
  let linked = false;
  for (const t of tokens) {
    if (t.kind === 'day') {
      if (linked && previous !== undefined) for (let d = previous; d !== t.day; d = (d + 1) % 7) days.add(d);
      days.add(t.day);
      previous = t.day;
      linked = false;
    } else if (t.kind === 'link') linked = previous !== undefined;
    else if (t.kind === 'sep') linked = false;
    else return undefined;
  }
  return days.size ? [...days].sort((a, b) => a - b) : undefined;
}

/**
 * Converts a French week sentence to OSM. `defaultDays` (0 = Monday) applies when the text names
 * times but no day (« 9h-12h / 14h-17h » with a separate days column).
 */
export function weekTextToOsm(input: string, defaultDays?: readonly number[]): WeekTextResult {
  const notes: string[] = [];
  const folded = foldText(input).trim();
  if (!folded) return { ok: false, reason: 'horaires vides', empty: true };
  const tokenized = tokenize(folded, notes);
  if ('reason' in tokenized) return { ok: false, reason: tokenized.reason };
  const resolved = resolveNumbers(tokenized);
  if ('reason' in resolved) return { ok: false, reason: resolved.reason };
  const unknown = resolved.filter((t): t is Extract<Token, { kind: 'word' }> => t.kind === 'word');
  if (unknown.length)
    return {
      ok: false,
      reason: `texte non reconnu (${[...new Set(unknown.map((w) => `« ${w.text} »`))].slice(0, 4).join(', ')})`,
    };

  const segments: Segment[] = [];
  let leadingTimes: number[] = [];
  let current: Segment | undefined;
  let lastDay: number | undefined;
  let pendingRange = false;
  let publicHolidaysOff = false;
  let appointmentOnly = false;
  for (const t of resolved) {
    if (t.kind === 'phoff') publicHolidaysOff = true;
    else if (t.kind === 'appointment') appointmentOnly = true;
    else if (t.kind === 'closed') {
      if (!current || current.times.length > 0 || current.closed)
        return { ok: false, reason: 'fermeture partielle ou sans jour : lecture ambiguë' };
      current.closed = true;
    } else if (t.kind === 'day') {
      if (!current || current.times.length > 0 || current.closed) {
        current = { days: new Set(), times: [] };
        segments.push(current);
        pendingRange = false;
      }
      if (pendingRange && lastDay !== undefined) {
        for (let d = lastDay; d !== t.day; d = (d + 1) % 7) current.days.add(d);
      }
      current.days.add(t.day);
      lastDay = t.day;
      pendingRange = false;
    } else if (t.kind === 'link') {
      pendingRange = !!current && current.times.length === 0 && lastDay !== undefined;
    } else if (t.kind === 'time') {
      pendingRange = false;
      if (current?.closed)
        return { ok: false, reason: 'jour fermé suivi d’heures : fermeture partielle non comprise' };
      if (current) current.times.push(t.minutes);
      else leadingTimes.push(t.minutes);
    } else if (t.kind === 'sep') pendingRange = false;
  }

  // « 9h-12h et 14h-17h du lundi au vendredi »: times written before their days.
  if (leadingTimes.length) {
    const target = segments.length === 1 && segments[0]!.times.length === 0 ? segments[0] : undefined;
    if (target) target.times = leadingTimes;
    else if (!segments.length && defaultDays?.length) {
      segments.push({ days: new Set(defaultDays), times: leadingTimes });
      notes.push('jours pris dans la colonne des jours d’ouverture');
    } else if (!segments.length) return { ok: false, reason: 'des heures sans jour de la semaine' };
    else return { ok: false, reason: 'des heures avant les jours, puis d’autres jours : lecture ambiguë' };
    leadingTimes = [];
  }
  if (!segments.length) return { ok: false, reason: 'aucun jour ni aucune heure reconnus' };
  const withoutTimes = segments.find((s) => s.times.length === 0 && !s.closed);
  if (withoutTimes)
    return {
      ok: false,
      reason: `jours sans heures (${[...withoutTimes.days].map((d) => DAYS[d]).join(',')})`,
    };

  const closedDays = new Set(segments.filter((s) => s.closed).flatMap((s) => [...s.days]));
  const openDays = new Set(segments.filter((s) => !s.closed).flatMap((s) => [...s.days]));
  const both = [...closedDays].filter((d) => openDays.has(d));
  if (both.length)
    return { ok: false, reason: `jour dit fermé et ouvert (${both.map((d) => DAYS[d]).join(',')})` };

  const columns: Partial<Record<OsmDay, string>> = {};
  for (const segment of segments) {
    if (segment.closed) continue;
    if (segment.times.length % 2 === 1)
      return { ok: false, reason: `heure de fin manquante (${segment.times.map(minutesText).join(', ')})` };
    const ranges: string[] = [];
    for (let i = 0; i < segment.times.length; i += 2)
      ranges.push(`${minutesText(segment.times[i]!)}-${minutesText(segment.times[i + 1]!)}`);
    for (const d of segment.days) {
      const day = DAYS[d]!;
      columns[day] = columns[day] ? `${columns[day]} ${ranges.join(' ')}` : ranges.join(' ');
    }
  }
  const converted = convertDayColumnsToOsm(columns);
  if (!converted.ok) return { ok: false, reason: converted.reason };
  // « Uniquement sur rendez-vous »: the hours stand, with the condition as an OSM comment on each rule.
  let osm = appointmentOnly
    ? converted.osm
        .split('; ')
        .map((rule) => `${rule} "sur rendez-vous"`)
        .join('; ')
    : converted.osm;
  if (publicHolidaysOff) osm = `${osm}; PH off`;
  const check = compileHours(osm);
  if (!check.ok) return { ok: false, reason: check.reason };
  return { ok: true, osm, notes: [...notes, ...converted.notes] };
}

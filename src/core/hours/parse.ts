/**
 * Parser of the OSM `opening_hours` syntax (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification)
 * into `Rule`s. It accepts what the producers' data uses and what the specification defines for
 * fixed hours; it refuses, with a reason in plain French that says where, what it cannot evaluate
 * (solar times, open ends, Easter offsets, holiday offsets, periodic times) and what is not the syntax
 * (French day names, `9h`, missing separators). It never throws on any input.
 */
import { daysInMonth, formatMinutes } from './time.js';
import {
  ADDITIONAL,
  CLOSED,
  FALLBACK,
  HOLIDAY_PH,
  HOLIDAY_SH,
  NORMAL,
  OPEN,
  UNKNOWN,
  type MonthDayRange,
  type Rule,
  type RuleKind,
  type State,
} from './types.js';

type Kind = 'wd' | 'hol' | 'month' | 'num' | 'time' | 'kw' | 'comment' | 'sym' | 'eof';

interface Token {
  k: Kind;
  /** Weekday 0–6, month 1–12, number, minutes, or the keyword / symbol / comment text. */
  v: number | string;
  /** Text as written. */
  text: string;
  /** 0-based offset in the source. */
  pos: number;
  end: number;
}

class ParseError extends Error {
  constructor(
    message: string,
    /** 0-based offset of the problem, when it is a missing rule separator (used by normalizeHours). */
    readonly missingSeparatorAt?: number,
  ) {
    super(message);
  }
}

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const KEYWORDS = new Set(['week', 'open', 'closed', 'off', 'unknown']);
const FRENCH_DAYS = new Set([
  'lu', 'ma', 'me', 'je', 've', 'di', 'lun', 'mer', 'jeu', 'ven', 'sam', 'dim',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
]); // prettier-ignore
const FRENCH_MONTHS = new Set([
  'janv', 'janvier', 'fév', 'fev', 'févr', 'fevr', 'février', 'fevrier', 'mars', 'avr', 'avril', 'mai',
  'juin', 'juil', 'juillet', 'août', 'aout', 'sept', 'septembre', 'octobre', 'novembre', 'déc',
  'décembre', 'decembre',
]); // prettier-ignore
/** Valid syntax that cannot be evaluated here (no coordinates, no Easter-relative dates). */
const UNSUPPORTED = new Map<string, string>(
  Object.entries({
    sunrise: 'heures solaires ("%") non prises en charge',
    sunset: 'heures solaires ("%") non prises en charge',
    dawn: 'heures solaires ("%") non prises en charge',
    dusk: 'heures solaires ("%") non prises en charge',
    easter: 'date de Pâques ("%") non prise en charge',
    day: 'décalage en jours ("%") non pris en charge',
    days: 'décalage en jours ("%") non pris en charge',
  }),
);

const at = (t: { pos: number }) => `à la position ${t.pos + 1}`;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isSpace = (code: number) =>
  code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
const isLetter = (code: number) =>
  (code >= 65 && code <= 90) ||
  (code >= 97 && code <= 122) ||
  (code > 127 && /\p{L}/u.test(String.fromCharCode(code)));

function tokenize(text: string, warnings: string[]): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    const c = text[i]!;
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ParseError(`commentaire sans guillemet fermant ${at({ pos: i })}`);
      const comment = text.slice(i + 1, close);
      if (!comment.trim()) throw new ParseError(`commentaire vide ${at({ pos: i })}`);
      tokens.push({ k: 'comment', v: comment, text: text.slice(i, close + 1), pos: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (isDigit(code)) {
      if (text.startsWith('24/7', i) && !isDigit(text.charCodeAt(i + 4))) {
        tokens.push({ k: 'kw', v: '24/7', text: '24/7', pos: i, end: i + 4 });
        i += 4;
        continue;
      }
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = text.slice(start, i);
      if (text.charCodeAt(i) === 58 /* : */ && isDigit(text.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        const minutes = text.slice(i + 1, j);
        const written = text.slice(start, j);
        if (digits.length > 2 || minutes.length !== 2) {
          throw new ParseError(
            `heure mal écrite "${written}" ${at({ pos: start })} (attendu HH:MM, par exemple 09:30)`,
          );
        }
        const h = Number(digits);
        const m = Number(minutes);
        if (m > 59 || h > 48) throw new ParseError(`heure invalide "${written}" ${at({ pos: start })}`);
        if (digits.length === 1) {
          warnings.push(
            `heure "${written}" écrite sur un chiffre ${at({ pos: start })} : écrire 0${written}`,
          );
        }
        tokens.push({ k: 'time', v: h * 60 + m, text: written, pos: start, end: j });
        i = j;
        continue;
      }
      if (text[i] === 'h' || text[i] === 'H') {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        throw new ParseError(
          `heure "${text.slice(start, j)}" ${at({ pos: start })} : écrire les heures au format HH:MM (par exemple 09:00)`,
        );
      }
      tokens.push({ k: 'num', v: Number(digits), text: digits, pos: start, end: i });
      continue;
    }
    if (isLetter(code)) {
      while (i < n && isLetter(text.charCodeAt(i))) i++;
      tokens.push(classifyWord(text.slice(start, i), start, warnings));
      continue;
    }
    if (c === '|') {
      if (text[i + 1] !== '|')
        throw new ParseError(`caractère inattendu "|" ${at({ pos: i })} (règle de repli : "||")`);
      tokens.push({ k: 'sym', v: '||', text: '||', pos: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '–' || c === '—') {
      warnings.push(`tiret typographique "${c}" ${at({ pos: i })} : écrire "-"`);
      tokens.push({ k: 'sym', v: '-', text: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (';,-:/[]+'.includes(c)) {
      tokens.push({ k: 'sym', v: c, text: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    throw new ParseError(`caractère inattendu "${c}" ${at({ pos: i })}`);
  }
  tokens.push({ k: 'eof', v: '', text: '', pos: n, end: n });
  return tokens;
}

/** Words of the syntax by lower-case spelling: kind, value and canonical spelling. */
const WORDS = new Map<string, { k: Kind; v: number | string; canonical: string; what: string }>([
  ...WEEKDAYS.map(
    (d, i) => [d.toLowerCase(), { k: 'wd' as Kind, v: i, canonical: d, what: 'jour' }] as const,
  ),
  ...MONTHS.map(
    (m, i) => [m.toLowerCase(), { k: 'month' as Kind, v: i + 1, canonical: m, what: 'mois' }] as const,
  ),
  ['ph', { k: 'hol', v: 'PH', canonical: 'PH', what: 'jours fériés' }],
  ['sh', { k: 'hol', v: 'SH', canonical: 'SH', what: 'vacances scolaires' }],
  ...[...KEYWORDS].map((w) => [w, { k: 'kw' as Kind, v: w, canonical: w, what: 'mot' }] as const),
]);

function classifyWord(word: string, pos: number, warnings: string[]): Token {
  const lower = word.toLowerCase();
  const known = WORDS.get(lower);
  if (known) {
    if (word !== known.canonical)
      warnings.push(`${known.what} "${word}" ${at({ pos })} : écrire "${known.canonical}"`);
    return { k: known.k, v: known.v, text: word, pos, end: pos + word.length };
  }
  const base = { pos };
  const unsupported = UNSUPPORTED.get(lower);
  if (unsupported) throw new ParseError(`${unsupported.replace('%', word)} ${at(base)}`);
  if (FRENCH_DAYS.has(lower)) {
    throw new ParseError(
      `jour inconnu "${word}" ${at(base)} (jours en anglais abrégé : Mo, Tu, We, Th, Fr, Sa, Su)`,
    );
  }
  if (FRENCH_MONTHS.has(lower)) {
    throw new ParseError(`mois inconnu "${word}" ${at(base)} (mois en anglais abrégé : Jan, Feb, … Dec)`);
  }
  if (lower === 'fermé' || lower === 'ferme' || lower === 'fermée') {
    throw new ParseError(`mot inconnu "${word}" ${at(base)} (pour fermé, écrire "off")`);
  }
  throw new ParseError(`mot inconnu "${word}" ${at(base)}`);
}

const isSym = (t: Token, s: string) => t.k === 'sym' && t.v === s;
const isYear = (t: Token) => t.k === 'num' && t.text.length === 4;
const pad2 = (n: number) => String(n).padStart(2, '0');

function describe(t: Token): string {
  return t.k === 'eof' ? 'fin du texte' : `"${t.text}" ${at(t)}`;
}

class Parser {
  private p = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly warnings: string[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.p + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.p < this.tokens.length - 1) this.p++;
    return t;
  }
  private fail(message: string): never {
    throw new ParseError(message);
  }

  parse(): Rule[] {
    const rules: Rule[] = [];
    let kind: RuleKind = NORMAL;
    let separator: Token | undefined;
    for (;;) {
      const t = this.peek();
      if (t.k === 'eof') {
        if (separator)
          this.warnings.push(`séparateur "${separator.text}" en fin de texte ${at(separator)} : à retirer`);
        break;
      }
      if (t.k === 'sym' && (t.v === ';' || t.v === '||' || (t.v === ',' && separator))) {
        this.warnings.push(`règle vide ${at(t)} : séparateur en trop`);
        this.next();
        continue;
      }
      rules.push(this.parseRule(kind));
      const sep = this.peek();
      if (sep.k === 'eof') break;
      if (isSym(sep, ';')) kind = NORMAL;
      else if (isSym(sep, ',')) kind = ADDITIONAL;
      else if (isSym(sep, '||')) kind = FALLBACK;
      else if (sep.k === 'wd' || sep.k === 'hol' || sep.k === 'month' || sep.k === 'kw' || sep.k === 'time') {
        throw new ParseError(`séparateur ";" attendu avant "${sep.text}" ${at(sep)}`, sep.pos);
      } else this.fail(`${describe(sep)} inattendu`);
      separator = this.next();
    }
    if (rules.length === 0) this.fail('aucune règle : horaires vides');
    return rules;
  }

  private parseRule(kind: RuleKind): Rule {
    const first = this.peek();
    const parts: string[] = [];
    const rule: Rule = {
      kind,
      state: OPEN,
      hasDate: false,
      weekdays: 0,
      holidays: 0,
      holidayAndWeekday: false,
      times: null,
      text: '',
      position: first.pos + 1,
    };
    let hasSelector = false;
    if (first.k === 'kw' && first.v === '24/7') {
      this.next();
      rule.times = [0, 1440];
      parts.push('24/7');
      hasSelector = true;
    } else {
      let wide = false;
      for (;;) {
        const t = this.peek();
        if (isYear(t) && this.peek(1).k !== 'month') {
          if (rule.years) this.fail(`sélecteur d'années répété ${at(t)}`);
          parts.push(this.parseYears(rule));
        } else if (t.k === 'month' || (isYear(t) && this.peek(1).k === 'month')) {
          if (rule.monthdays) this.fail(`sélecteur de dates répété ${at(t)}`);
          parts.push(this.parseMonthdays(rule));
        } else if (t.k === 'kw' && t.v === 'week') {
          if (rule.weeks) this.fail(`sélecteur de semaines répété ${at(t)}`);
          parts.push(this.parseWeeks(rule));
        } else break;
        wide = true;
      }
      if (isSym(this.peek(), ':')) {
        const colon = this.next();
        if (!wide) this.fail(`":" inattendu ${at(colon)}`);
      }
      const days = this.parseDays(rule);
      if (days) parts.push(days);
      const times = this.parseTimes(rule);
      if (times) parts.push(times);
      hasSelector = wide || !!days || !!times;
      if (rule.times === null && days && !wide && this.peek().k !== 'kw' && this.peek().k !== 'comment') {
        this.warnings.push(`la règle "${days}" ${at(first)} n'a pas d'heures : ouvert toute la journée`);
      }
    }
    rule.hasDate = !!(rule.years || rule.monthdays || rule.weeks || rule.weekdays || rule.holidays);
    let modifier = false;
    const t = this.peek();
    if (t.k === 'kw' && (t.v === 'open' || t.v === 'closed' || t.v === 'off' || t.v === 'unknown')) {
      this.next();
      rule.state = (t.v === 'open' ? OPEN : t.v === 'unknown' ? UNKNOWN : CLOSED) as State;
      parts.push(t.v === 'closed' ? 'off' : (t.v as string));
      modifier = true;
    }
    if (this.peek().k === 'comment') {
      const c = this.next();
      rule.comment = (c.v as string).trim();
      // A comment without an explicit state means "unknown" (specification).
      if (!modifier) rule.state = UNKNOWN;
      parts.push(`"${rule.comment}"`);
      modifier = true;
    }
    if (!hasSelector && !modifier) {
      this.fail(`${describe(t)} inattendu : jour, date, heure ou état attendu`);
    }
    if (!hasSelector && rule.state === OPEN)
      this.warnings.push(`la règle "${parts.join(' ')}" ${at(first)} ne précise ni jour ni heure`);
    rule.text = parts.join(' ');
    if (rule.holidays & HOLIDAY_SH) {
      this.warnings.push(
        `vacances scolaires (SH) non prises en compte ${at(first)} : la partie "SH" de la règle "${rule.text}" ne s'applique jamais`,
      );
    }
    return rule;
  }

  private parseYears(rule: Rule): string {
    const years: number[] = [];
    const out: string[] = [];
    for (;;) {
      const t = this.next();
      if (!isYear(t)) this.fail(`année attendue, ${describe(t)}`);
      const from = t.v as number;
      let to = from;
      let step = 1;
      let text = String(from);
      if (isSym(this.peek(), '-') && isYear(this.peek(1))) {
        this.next();
        const end = this.next();
        to = end.v as number;
        if (to < from) this.fail(`années dans le désordre "${from}-${to}" ${at(t)}`);
        text += `-${to}`;
        if (isSym(this.peek(), '/')) {
          this.next();
          const s = this.next();
          if (s.k !== 'num' || (s.v as number) < 1) this.fail(`pas d'années invalide ${describe(s)}`);
          step = s.v as number;
          text += `/${step}`;
        }
      } else if (isSym(this.peek(), '+')) {
        this.next();
        to = 9999;
        text += '+';
      }
      years.push(from, to, step);
      out.push(text);
      if (isSym(this.peek(), ',') && isYear(this.peek(1)) && this.peek(2).k !== 'month') {
        this.next();
        continue;
      }
      break;
    }
    rule.years = years;
    return out.join(',');
  }

  private parseMonthdays(rule: Rule): string {
    const ranges: MonthDayRange[] = [];
    const out: string[] = [];
    let lastMonth = 0;
    let lastHadDay = false;
    for (;;) {
      const start = this.peek();
      let y1: number | undefined;
      let m1: number;
      let d1: number | undefined;
      if (isYear(start)) y1 = this.next().v as number;
      if (this.peek().k === 'month') m1 = this.next().v as number;
      else if (this.peek().k === 'num' && lastHadDay && y1 === undefined) m1 = lastMonth;
      else this.fail(`mois attendu, ${describe(this.peek())}`);
      if (this.peek().k === 'num' && !isYear(this.peek())) d1 = this.parseDay(m1);
      let y2: number | undefined;
      let m2: number | undefined;
      let d2: number | undefined;
      if (isSym(this.peek(), '-')) {
        const dash = this.next();
        if (isYear(this.peek()) && this.peek(1).k === 'month') y2 = this.next().v as number;
        if (this.peek().k === 'month') {
          m2 = this.next().v as number;
          if (this.peek().k === 'num' && !isYear(this.peek())) d2 = this.parseDay(m2);
        } else if (this.peek().k === 'num' && d1 !== undefined && y2 === undefined) {
          d2 = this.parseDay(m1);
        } else this.fail(`fin de période attendue après "-" ${at(dash)}`);
      }
      if (y2 !== undefined && y1 === undefined) this.fail(`année de début manquante ${at(start)}`);
      const from = m1 * 100 + (d1 ?? 1);
      const to = m2 === undefined ? m1 * 100 + (d2 ?? d1 ?? 31) : m2 * 100 + (d2 ?? 31);
      const range: MonthDayRange = { from, to };
      let text = `${y1 !== undefined ? `${y1} ` : ''}${MONTHS[m1 - 1]}${d1 !== undefined ? ` ${pad2(d1)}` : ''}`;
      if (lastHadDay && start.k === 'num') text = pad2(d1!);
      if (m2 !== undefined) {
        text += `-${y2 !== undefined ? `${y2} ` : ''}${MONTHS[m2 - 1]}${d2 !== undefined ? ` ${pad2(d2)}` : ''}`;
      } else if (d2 !== undefined) text += `-${pad2(d2)}`;
      if (y1 !== undefined) {
        const endYear = y2 ?? (to < from ? y1 + 1 : y1);
        range.fromAbs = y1 * 10000 + from;
        range.toAbs = endYear * 10000 + to;
        if (range.toAbs < range.fromAbs) this.fail(`période dans le désordre "${text}" ${at(start)}`);
      }
      ranges.push(range);
      out.push(text);
      lastMonth = m2 ?? m1;
      lastHadDay = (m2 === undefined ? (d2 ?? d1) : d2) !== undefined;
      const after = this.peek(1);
      if (
        isSym(this.peek(), ',') &&
        (after.k === 'month' ||
          (isYear(after) && this.peek(2).k === 'month') ||
          (after.k === 'num' && !isYear(after) && lastHadDay))
      ) {
        this.next();
        continue;
      }
      break;
    }
    rule.monthdays = ranges;
    return out.join(',');
  }

  private parseDay(month: number): number {
    const t = this.next();
    const day = t.v as number;
    // February 29 exists in leap years: accept it for yearless dates.
    if (day < 1 || day > (month === 2 ? 29 : daysInMonth(2001, month))) {
      this.fail(`jour ${t.text} invalide pour ${MONTHS[month - 1]} ${at(t)}`);
    }
    return day;
  }

  private parseWeeks(rule: Rule): string {
    const weekToken = this.next();
    const weeks: number[] = [];
    const out: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.k !== 'num' || (t.v as number) < 1 || (t.v as number) > 53) {
        this.fail(`numéro de semaine (1 à 53) attendu après "${weekToken.text}", ${describe(t)}`);
      }
      const from = t.v as number;
      let to = from;
      let step = 1;
      let text = pad2(from);
      if (isSym(this.peek(), '-')) {
        this.next();
        const e = this.next();
        if (e.k !== 'num' || (e.v as number) < from || (e.v as number) > 53)
          this.fail(`semaine de fin invalide, ${describe(e)}`);
        to = e.v as number;
        text += `-${pad2(to)}`;
        if (isSym(this.peek(), '/')) {
          this.next();
          const s = this.next();
          if (s.k !== 'num' || (s.v as number) < 1) this.fail(`pas de semaines invalide, ${describe(s)}`);
          step = s.v as number;
          text += `/${step}`;
        }
      }
      weeks.push(from, to, step);
      out.push(text);
      if (isSym(this.peek(), ',') && this.peek(1).k === 'num') {
        this.next();
        continue;
      }
      break;
    }
    rule.weeks = weeks;
    return `week ${out.join(',')}`;
  }

  /** Weekdays and holidays: `Mo-Fr`, `Mo,We`, `Mo[1]`, `PH`, `Sa,Su,PH`, `SH Mo-Fr`. */
  private parseDays(rule: Rule): string {
    const out: string[] = [];
    let holidaysOnly = true;
    for (;;) {
      const t = this.peek();
      if (t.k === 'wd') {
        out.push(this.parseWeekdayItem(rule));
        holidaysOnly = false;
      } else if (t.k === 'hol') {
        this.next();
        if ((isSym(this.peek(), '+') || isSym(this.peek(), '-')) && this.peek(1).k === 'num') {
          this.fail(
            `décalage de jour férié ("${t.text} ${this.peek().text}${this.peek(1).text} day") non pris en charge ${at(t)}`,
          );
        }
        rule.holidays |= t.v === 'PH' ? HOLIDAY_PH : HOLIDAY_SH;
        out.push(t.v as string);
      } else break;
      if (isSym(this.peek(), ',') && (this.peek(1).k === 'wd' || this.peek(1).k === 'hol')) {
        this.next();
        continue;
      }
      if (holidaysOnly && this.peek().k === 'wd') {
        // `SH Mo-Fr`: school holidays that are also weekdays Mo-Fr.
        rule.holidayAndWeekday = true;
        const days: string[] = [];
        for (;;) {
          days.push(this.parseWeekdayItem(rule));
          if (isSym(this.peek(), ',') && this.peek(1).k === 'wd') {
            this.next();
            continue;
          }
          break;
        }
        return `${out.join(',')} ${days.join(',')}`;
      }
      break;
    }
    return out.join(',');
  }

  private parseWeekdayItem(rule: Rule): string {
    const t = this.next();
    const from = t.v as number;
    let to = from;
    let text = WEEKDAYS[from]!;
    if (isSym(this.peek(), '-') && this.peek(1).k === 'wd') {
      this.next();
      to = this.next().v as number;
      text += `-${WEEKDAYS[to]}`;
      if (isSym(this.peek(), '-') && this.peek(1).k === 'wd') {
        const chain = [WEEKDAYS[from]!, WEEKDAYS[to]!];
        for (let k = 0; isSym(this.peek(k), '-') && this.peek(k + 1).k === 'wd'; k += 2) {
          chain.push(WEEKDAYS[this.peek(k + 1).v as number]!);
        }
        this.fail(
          `plage de jours mal formée "${chain.join('-')}" ${at(t)} (pour une liste de jours : "${chain.join(',')}")`,
        );
      }
    } else if (isSym(this.peek(), '-') && this.peek(1).k !== 'num') {
      this.fail(`jour de fin attendu après "${t.text}-" ${at(t)}`);
    }
    let mask = 0;
    for (let d = from; ; d = (d + 1) % 7) {
      mask |= 1 << d;
      if (d === to) break;
    }
    let nth = 0x3ff;
    if (isSym(this.peek(), '[')) {
      const open = this.next();
      nth = 0;
      const items: string[] = [];
      for (;;) {
        let sign = 1;
        if (isSym(this.peek(), '-')) {
          this.next();
          sign = -1;
        }
        const a = this.next();
        if (a.k !== 'num' || (a.v as number) < 1 || (a.v as number) > 5)
          this.fail(`rang (1 à 5) attendu dans "[…]" ${at(open)}`);
        let b = a.v as number;
        if (sign === 1 && isSym(this.peek(), '-') && this.peek(1).k === 'num') {
          this.next();
          const e = this.next();
          if ((e.v as number) < (a.v as number) || (e.v as number) > 5)
            this.fail(`rang de fin invalide ${at(e)}`);
          b = e.v as number;
        }
        for (let r = a.v as number; r <= b; r++) nth |= 1 << (sign === 1 ? r - 1 : r + 4);
        items.push(sign === 1 ? (b === a.v ? `${b}` : `${a.v}-${b}`) : `-${a.v}`);
        if (isSym(this.peek(), ',')) {
          this.next();
          continue;
        }
        const close = this.next();
        if (!isSym(close, ']')) this.fail(`"]" attendu, ${describe(close)}`);
        break;
      }
      text += `[${items.join(',')}]`;
      if ((isSym(this.peek(), '+') || isSym(this.peek(), '-')) && this.peek(1).k === 'num') {
        this.fail(`décalage en jours après "${text}" non pris en charge ${at(t)}`);
      }
    }
    for (let d = 0; d < 7; d++) {
      if (!(mask & (1 << d))) continue;
      if (nth !== 0x3ff || rule.nth) {
        rule.nth ??= [0, 0, 0, 0, 0, 0, 0].map((_, w) => (rule.weekdays & (1 << w) ? 0x3ff : 0));
        rule.nth[d] = rule.nth[d]! | nth;
      }
    }
    rule.weekdays |= mask;
    return text;
  }

  private parseTimes(rule: Rule): string {
    if (this.peek().k !== 'time') return '';
    const times: number[] = [];
    const out: string[] = [];
    for (;;) {
      const a = this.next();
      if (isSym(this.peek(), '+'))
        this.fail(`heure de fin ouverte "${a.text}+" non prise en charge ${at(a)}`);
      if (!isSym(this.peek(), '-'))
        this.fail(`plage horaire incomplète ${at(a)} : "${a.text}-HH:MM" attendu`);
      this.next();
      const b = this.next();
      if (b.k !== 'time') this.fail(`heure de fin attendue après "${a.text}-", ${describe(b)}`);
      if (isSym(this.peek(), '+'))
        this.fail(`heure de fin ouverte "${b.text}+" non prise en charge ${at(b)}`);
      if (isSym(this.peek(), '/'))
        this.fail(`horaires périodiques ("${a.text}-${b.text}/…") non pris en charge ${at(a)}`);
      const from = a.v as number;
      let to = b.v as number;
      if (from >= 1440)
        this.fail(`heure de début "${a.text}" après minuit ${at(a)} : la plage doit commencer avant 24:00`);
      if (to === from) {
        this.warnings.push(`plage "${a.text}-${b.text}" ${at(a)} comprise comme 24 heures d'affilée`);
        to += 1440;
      } else if (to < from) {
        if (to > 1440) this.fail(`plage horaire "${a.text}-${b.text}" dans le désordre ${at(a)}`);
        to += 1440;
      }
      if (to - from > 1440) this.fail(`plage horaire "${a.text}-${b.text}" de plus de 24 heures ${at(a)}`);
      times.push(from, to);
      out.push(`${formatMinutes(from)}-${formatMinutes(b.v as number)}`);
      if (isSym(this.peek(), ',') && this.peek(1).k === 'time') {
        this.next();
        continue;
      }
      break;
    }
    rule.times = times;
    return out.join(',');
  }
}

export type ParseResult =
  | { ok: true; rules: Rule[]; warnings: string[] }
  | { ok: false; reason: string; missingSeparatorAt?: number };

/** Parses an opening_hours value into rules. Never throws. */
export function parseHours(text: string): ParseResult {
  const warnings: string[] = [];
  try {
    if (typeof text !== 'string') return { ok: false, reason: 'horaires absents (texte attendu)' };
    if (!text.trim()) return { ok: false, reason: 'horaires vides' };
    if (text.length > 2000)
      return { ok: false, reason: `horaires trop longs (${text.length} caractères, 2000 au plus)` };
    const tokens = tokenize(text, warnings);
    const rules = new Parser(tokens, warnings).parse();
    warnPatterns(rules, warnings);
    return { ok: true, rules, warnings };
  } catch (error) {
    if (error instanceof ParseError) {
      return error.missingSeparatorAt === undefined
        ? { ok: false, reason: error.message }
        : { ok: false, reason: error.message, missingSeparatorAt: error.missingSeparatorAt };
    }
    return { ok: false, reason: `horaires illisibles (${(error as Error).message})` };
  }
}

/** Warnings about valid but probably unintended writings. */
function warnPatterns(rules: Rule[], warnings: string[]): void {
  for (let i = 1; i < rules.length; i++) {
    const rule = rules[i]!;
    const prev = rules[i - 1]!;
    if (rule.kind === NORMAL && !rule.hasDate && rule.times && prev.hasDate && prev.times) {
      warnings.push(
        `la règle "${rule.text}" (position ${rule.position}) ne précise aucun jour : elle vaut pour tous les jours ; ` +
          `pour compléter "${prev.text}", séparer les plages par une virgule`,
      );
    }
  }
}

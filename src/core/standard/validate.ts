/**
 * Validation of records against the standard v1.0.1: every violation of every record, in plain
 * French, never a throw.
 *
 * Two severities:
 * - `error`: the record violates the schema (required, pattern, enumeration, type, maxLength,
 *   unique `id`) — or one of the few deliberate deviations listed in `DELIBERATE_DEVIATIONS`.
 * - `warning`: the record conforms but something is probably wrong (placeholder pivot, bad SIRET key,
 *   coordinates outside France or swapped, stale or future `date_maj`, unreadable `horaires`,
 *   malformed e-mail or URL, unknown `typologie`…).
 *
 * Decisions (see README, "Écarts volontaires au schéma"):
 * - `presentation_resume` over 280 characters is an ERROR: the schema says `maxLength: 280`.
 * - A duplicate `id` is an ERROR: the schema declares `id` unique and primary key.
 * - Spaces around `|` in an enumerated list (`Gratuit | Payant`) are an ERROR, as the schema's
 *   pattern and the official library both reject them; the message gives the corrected value.
 * - An empty value is an absent value (Table Schema); a required field that is empty or only
 *   spaces is an error.
 *
 * Speed: patterns and enumeration sets are compiled once; verdicts on repetitive values
 * (enumerated lists, dates, hours, typologies) are cached by string, so a valid record allocates
 * nothing but its (empty) issue list.
 */
import {
  FRENCH_TERRITORIES,
  TELEPHONE_PLANS,
  addDays,
  checkIsoDate,
  codePointLength,
  foldLabel,
  isEmail,
  isHttpUrl,
  isZeroPlaceholder,
  isoDay,
  parseDecimal,
  siretChecksumValid,
  suggestDecimal,
  suggestIsoDate,
  suggestTelephone,
  suggestUrl,
  territoryAt,
} from './checks.js';
import { compileHours } from '../hours/index.js';
import { TYPOLOGIES } from './enums.js';
import { FIELDS, FIELD_BY_NAME, type FieldDefinition } from './fields.js';
import type { FlatRecord } from './types.js';

export type Severity = 'error' | 'warning';

export type Rule =
  /** Schema constraints (errors). */
  | 'required'
  | 'pattern'
  | 'enum'
  | 'type'
  | 'range'
  | 'unique'
  | 'maxLength'
  /** Shape of a value the schema leaves free (e-mail, URL) or of a list (spaces, empty items). */
  | 'format'
  /** Warnings on conforming values. */
  | 'placeholder'
  | 'checksum'
  | 'location'
  | 'freshness'
  | 'hours'
  | 'vocabulary'
  | 'duplicate';

export interface Issue {
  /** Line in the source file (CSV line, or the record's position for JSON). */
  row: number;
  /** The record's `id`, when it has one. */
  id?: string;
  /** Column name (`latitude` for issues about the coordinate pair). */
  field: string;
  /** The offending value (the item, for list fields). */
  value: string;
  rule: Rule;
  /** Stable identifier, e.g. `code_postal.pattern`, `services.enum`, `pivot.placeholder`. */
  code: string;
  severity: Severity;
  /** Plain French, for the producer who will fix the file. */
  message: string;
}

/** What an OSM opening_hours compiler answers; `compileHours` from core/hours fits this shape. */
export type HoursVerdict = { ok: true; warnings: readonly string[] } | { ok: false; reason: string };
export type HoursChecker = (text: string) => HoursVerdict;

export interface ValidatorOptions {
  /** Reference time for `date_maj` freshness; defaults to the current time. */
  now?: Date;
  /** Checks `horaires`; defaults to core/hours' `compileHours`. Pass `null` to skip the check. */
  hours?: HoursChecker | null;
}

export interface ValidationContext {
  line: number;
  now?: Date;
}

export interface CodeCount {
  code: string;
  field: string;
  rule: Rule;
  severity: Severity;
  count: number;
}

export interface ValidationSummary {
  records: number;
  /** Records without any error (they may have warnings). */
  valid: number;
  /** Records with at least one error. */
  invalid: number;
  /** Records with at least one warning. */
  recordsWithWarnings: number;
  errors: number;
  warnings: number;
  /** Counts per issue code, most frequent first. */
  byCode: CodeCount[];
  /** Columns seen in records that the standard does not define (kept, not an error). */
  unknownColumns: string[];
  /** Columns of the standard never seen in any record. */
  missingColumns: string[];
}

export interface Validator {
  /** All issues of one record; also tracks duplicate `id` across the records checked so far. */
  check(record: FlatRecord, line: number): Issue[];
  summary(): ValidationSummary;
}

export {
  DELIBERATE_DEVIATIONS,
  OFFICIAL_LIBRARY_DIFFERENCES,
  type Deviation,
  type DeviationKind,
  type LibraryDifference,
} from './deviations.js';

// ---------------------------------------------------------------------------------------------
// Messages

const MAX_QUOTED = 120;

/** « value », shortened when very long so that reports stay readable. */
function q(value: string): string {
  const v = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
  return `« ${v} »`;
}

function listAllowed(values: readonly string[]): string {
  return values.map((v) => `« ${v} »`).join(', ');
}

type Template = Omit<Issue, 'row' | 'id'>;
const NO_ISSUES: readonly Template[] = Object.freeze([]);

function template(
  field: string,
  value: string,
  rule: Rule,
  code: string,
  severity: Severity,
  message: string,
): Template {
  return { field, value, rule, code, severity, message };
}

/** Field-specific explanations of the schema's patterns. */
function patternMessage(field: string, value: string): string {
  const trimmed = value.trim();
  const spaces = trimmed !== value ? ' (attention aux espaces en début ou en fin de valeur)' : '';
  switch (field) {
    case 'code_postal': {
      const hint = /^\d{4}$/.test(trimmed)
        ? ` ; le 0 initial a-t-il été perdu ? écrivez ${q(`0${trimmed}`)}`
        : '';
      return `\`code_postal\` doit contenir exactement 5 chiffres : ${q(value)}${spaces}${hint}.`;
    }
    case 'code_insee': {
      const hint = /^\d{4}$/.test(trimmed)
        ? ` ; le 0 initial a-t-il été perdu ? écrivez ${q(`0${trimmed}`)}`
        : '';
      return `\`code_insee\` doit être le code officiel de la commune, 5 caractères (ex. 51454, 2A004) : ${q(value)}${spaces}${hint}.`;
    }
    case 'pivot': {
      const compact = value.replace(/[\s.\-_/]/g, '');
      const hint = compact !== value && /^[a-zA-Z0-9]{9,14}$/.test(compact) ? ` ; écrivez ${q(compact)}` : '';
      return `\`pivot\` doit contenir de 9 à 14 lettres ou chiffres sans espace ni ponctuation (SIRET, RNA ou RIDET) : ${q(value)}${hint}.`;
    }
    case 'telephone': {
      const suggestion = suggestTelephone(value);
      const hint = suggestion ? ` ; écrivez ${q(suggestion)}` : '';
      return `\`telephone\` doit être un seul numéro au format international, sans espace, par ex. +33180059880 : ${q(value)}${hint}.`;
    }
    default:
      return `\`${field}\` ne respecte pas le format attendu par le schéma : ${q(value)}${spaces}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Enumerated lists

interface EnumSpec {
  field: string;
  allowed: ReadonlySet<string>;
  values: readonly string[];
  /** folded label → allowed value, for "did you mean". */
  folded: ReadonlyMap<string, string>;
}

const ENUM_SPECS: ReadonlyMap<string, EnumSpec> = new Map(
  FIELDS.filter((f) => f.enumValues).map((f) => {
    const values = f.enumValues!;
    return [
      f.name,
      {
        field: f.name,
        allowed: new Set(values),
        values,
        folded: new Map(values.map((v) => [foldLabel(v), v])),
      },
    ];
  }),
);

/** The enumerated field (other than `field`) whose list holds `item`, for misplaced values. */
function otherFieldHolding(field: string, item: string): string | undefined {
  for (const spec of ENUM_SPECS.values())
    if (spec.field !== field && spec.allowed.has(item)) return spec.field;
  return undefined;
}

function unknownItemMessage(spec: EnumSpec, item: string): string {
  const head = `${q(item)} n’est pas une valeur permise pour \`${spec.field}\``;
  const close = spec.folded.get(foldLabel(item));
  if (close) return `${head} ; vouliez-vous dire « ${close} » ?`;
  const elsewhere = otherFieldHolding(spec.field, item);
  if (elsewhere) return `${head} : cette valeur appartient au champ \`${elsewhere}\`.`;
  if (/[;,]/.test(item)) {
    const parts = item.split(/[;,]/).map((p) => p.trim());
    if (parts.every((p) => spec.allowed.has(p))) {
      return `${head} : séparez les valeurs par « | » et non par « ; » ou « , » : ${q(parts.join('|'))}.`;
    }
  }
  return `${head}. Valeurs permises : ${listAllowed(spec.values)}.`;
}

function checkEnumList(spec: EnumSpec, value: string): readonly Template[] {
  const out: Template[] = [];
  const field = spec.field;
  const items = value.split('|');
  let empty = false;
  let spaced = false;
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const cleaned: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (item === '') {
      empty = true;
      continue;
    }
    if (item !== raw) spaced = true;
    // The corrected value offered in messages also fixes case and accents when that is unambiguous.
    cleaned.push(spec.allowed.has(item) ? item : (spec.folded.get(foldLabel(item)) ?? item));
    // Each distinct item is reported once, however often it is repeated.
    if (!spec.allowed.has(item)) {
      if (!seen.has(item)) {
        out.push(template(field, item, 'enum', `${field}.enum`, 'error', unknownItemMessage(spec, item)));
      }
    } else if (seen.has(item) && !repeated.has(item)) {
      repeated.add(item);
      out.push(
        template(
          field,
          item,
          'duplicate',
          `${field}.duplicate_item`,
          'warning',
          `\`${field}\` cite ${q(item)} plusieurs fois.`,
        ),
      );
    }
    seen.add(item);
  }
  if (spaced) {
    out.push(
      template(
        field,
        value,
        'format',
        `${field}.whitespace`,
        'error',
        `\`${field}\` : pas d’espace autour des valeurs ni du séparateur « | » : ${q(value)} ; écrivez ${q(cleaned.join('|'))}.`,
      ),
    );
  }
  if (empty) {
    const fixed = cleaned.join('|');
    out.push(
      template(
        field,
        value,
        'format',
        `${field}.empty_item`,
        'error',
        fixed
          ? `\`${field}\` contient un élément vide (séparateur « | » en trop) : ${q(value)} ; écrivez ${q(fixed)}.`
          : `\`${field}\` ne contient que des séparateurs ou des espaces : ${q(value)} ; laissez la case vide ou choisissez parmi ${listAllowed(spec.values)}.`,
      ),
    );
  }
  return out.length ? out : NO_ISSUES;
}

// ---------------------------------------------------------------------------------------------
// Typologies (free text in the schema, national vocabulary as a warning)

const TYPOLOGY_CODES: ReadonlySet<string> = new Set(Object.keys(TYPOLOGIES));
const TYPOLOGY_BY_FOLD: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, label] of Object.entries(TYPOLOGIES)) {
    map.set(foldLabel(label), code);
    map.set(foldLabel(code), code);
  }
  return map;
})();

function checkTypologies(value: string): readonly Template[] {
  const out: Template[] = [];
  const seen = new Set<string>();
  for (const raw of value.split('|')) {
    const item = raw.trim();
    if (item === '' || TYPOLOGY_CODES.has(item) || seen.has(item)) continue;
    seen.add(item);
    const close = TYPOLOGY_BY_FOLD.get(foldLabel(item));
    const hint = close
      ? ` ; vouliez-vous dire « ${close} » (${TYPOLOGIES[close as keyof typeof TYPOLOGIES]}) ?`
      : ' ; utilisez un code de la liste nationale des typologies de structures (ex. ASSO, CCAS, BIB, EPN, TIERS_LIEUX).';
    out.push(
      template(
        'typologie',
        item,
        'vocabulary',
        'typologie.unknown',
        'warning',
        `\`typologie\` : ${q(item)} n’est pas un code de typologie connu${hint}`,
      ),
    );
  }
  return out.length ? out : NO_ISSUES;
}

// ---------------------------------------------------------------------------------------------
// Per-field plan, compiled once from FIELDS

const FIELD_ORDER: ReadonlyMap<string, number> = new Map(FIELDS.map((f, i) => [f.name, i]));
const REQUIRED_FIELDS = FIELDS.map((field, index) => ({ field, index })).filter((f) => f.field.required);
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(FIELDS.map((f) => f.name));
const PATTERNS: ReadonlyMap<string, RegExp> = new Map(
  FIELDS.filter((f) => f.pattern && !f.enumValues).map((f) => [f.name, new RegExp(f.pattern!, 'u')]),
);
/** Pattern fields without their own checker (pivot and telephone add warnings). */
const PLAIN_PATTERNS = [...PATTERNS]
  .filter(([name]) => name !== 'pivot' && name !== 'telephone')
  .map(([name, regex]) => ({
    name,
    regex,
    index: FIELD_ORDER.get(name)!,
    required: FIELD_BY_NAME.get(name)!.required,
  }));
const MAX_LENGTH_FIELDS = FIELDS.map((field, index) => ({ field, index })).filter(
  (f) => f.field.maxLength !== undefined,
);
const TELEPHONE_CODES = Object.keys(TELEPHONE_PLANS).sort((a, b) => b.length - a.length);

const byFieldOrder = (a: Issue, b: Issue): number =>
  (FIELD_ORDER.get(a.field) ?? FIELDS.length) - (FIELD_ORDER.get(b.field) ?? FIELDS.length);

/** Bounded string → verdict cache: repetitive values are judged once. */
class VerdictCache {
  private readonly map = new Map<string, readonly Template[]>();
  constructor(private readonly limit = 20_000) {}
  get(value: string, compute: (v: string) => readonly Template[]): readonly Template[] {
    let hit = this.map.get(value);
    if (hit === undefined) {
      hit = compute(value);
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(value, hit);
    }
    return hit;
  }
}

/** A cell as text whatever the caller passed (JSON numbers, null…): never throws. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}

/**
 * Reads the standard's cells, in FIELDS order, with constant property names: records of one file
 * share a shape, so these loads hit V8's inline caches, where a dynamic `record[name]` per field
 * costs several times more (it dominated the profile).
 */
function readCells(r: FlatRecord, out: string[]): void {
  out[0] = text(r.id);
  out[1] = text(r.pivot);
  out[2] = text(r.nom);
  out[3] = text(r.commune);
  out[4] = text(r.code_postal);
  out[5] = text(r.code_insee);
  out[6] = text(r.adresse);
  out[7] = text(r.complement_adresse);
  out[8] = text(r.latitude);
  out[9] = text(r.longitude);
  out[10] = text(r.typologie);
  out[11] = text(r.telephone);
  out[12] = text(r.courriels);
  out[13] = text(r.site_web);
  out[14] = text(r.horaires);
  out[15] = text(r.presentation_resume);
  out[16] = text(r.presentation_detail);
  out[17] = text(r.source);
  out[18] = text(r.itinerance);
  out[19] = text(r.structure_parente);
  out[20] = text(r.date_maj);
  out[21] = text(r.services);
  out[22] = text(r.publics_specifiquement_adresses);
  out[23] = text(r.prise_en_charge_specifique);
  out[24] = text(r.frais_a_charge);
  out[25] = text(r.dispositif_programmes_nationaux);
  out[26] = text(r.formations_labels);
  out[27] = text(r.autres_formations_labels);
  out[28] = text(r.modalites_acces);
  out[29] = text(r.modalites_accompagnement);
  out[30] = text(r.fiche_acces_libre);
  out[31] = text(r.prise_rdv);
}

// The list above is hand-written for speed: fail at load time, in every test, if it drifts from FIELDS.
{
  const probe: string[] = [];
  readCells(Object.fromEntries(FIELDS.map((f) => [f.name, f.name])), probe);
  if (probe.length !== FIELDS.length || probe.some((v, i) => v !== FIELDS[i]!.name)) {
    throw new Error('validate.ts: readCells() no longer matches FIELDS');
  }
}

const ix = (name: string): number => FIELD_ORDER.get(name)!;
const ID = ix('id');
const PIVOT = ix('pivot');
const LATITUDE = ix('latitude');
const LONGITUDE = ix('longitude');
const TYPOLOGIE = ix('typologie');
const TELEPHONE = ix('telephone');
const COURRIELS = ix('courriels');
const SITE_WEB = ix('site_web');
const HORAIRES = ix('horaires');
const DATE_MAJ = ix('date_maj');
const FICHE_ACCES_LIBRE = ix('fiche_acces_libre');
const PRISE_RDV = ix('prise_rdv');

/** The `horaires` checker used when none is passed: the project's OSM opening_hours compiler. */
const defaultHoursChecker: HoursChecker = compileHours;

/** The rules of one validation run: reference dates and caches. Stateless across records. */
class RecordRules {
  private readonly futureAfter: string;
  private readonly staleBefore: string;
  private readonly enumChecks: {
    index: number;
    cache: VerdictCache;
    judge: (v: string) => readonly Template[];
  }[] = [];
  private readonly cells: string[] = [];
  private readonly judgeDateFn = (v: string): readonly Template[] => this.judgeDate(v);
  private readonly judgeHoursFn = (v: string): readonly Template[] => this.judgeHours(v);
  /** The record being checked (check() is not re-entrant). */
  private issues: Issue[] = [];
  private row = 0;
  private id: string | undefined;
  private readonly dateCache = new VerdictCache();
  private readonly hoursCache = new VerdictCache();
  private readonly typologyCache = new VerdictCache();

  constructor(
    now: Date,
    private readonly hours: HoursChecker | null,
  ) {
    // One day of slack: a file dated "today" in Nouméa is "tomorrow" in UTC.
    this.futureAfter = isoDay(addDays(now, 1));
    const stale = new Date(now.getTime());
    stale.setUTCFullYear(stale.getUTCFullYear() - 2);
    this.staleBefore = isoDay(stale);
    for (const spec of ENUM_SPECS.values()) {
      this.enumChecks.push({
        index: ix(spec.field),
        cache: new VerdictCache(4_096),
        judge: (v) => checkEnumList(spec, v),
      });
    }
  }

  check(record: FlatRecord, row: number): Issue[] {
    const issues: Issue[] = [];
    const c = this.cells;
    readCells(record === null || typeof record !== 'object' ? {} : record, c);
    const idValue = c[ID]!;
    this.issues = issues;
    this.row = row;
    this.id = idValue.trim() === '' ? undefined : idValue;
    for (const { field, index } of REQUIRED_FIELDS) {
      const value = c[index]!;
      if (value.trim() === '') this.add(this.required(field, value));
    }

    const pivot = c[PIVOT]!;
    if (pivot !== '') this.checkPivot(pivot);

    for (const { name, regex, index, required } of PLAIN_PATTERNS) {
      const value = c[index]!;
      if (value !== '' && !regex.test(value) && !(required && value.trim() === '')) {
        this.add(template(name, value, 'pattern', `${name}.pattern`, 'error', patternMessage(name, value)));
      }
    }

    this.checkCoordinates(c[LATITUDE]!, c[LONGITUDE]!);

    const typologie = c[TYPOLOGIE]!;
    if (typologie !== '') this.addAll(this.typologyCache.get(typologie, checkTypologies));

    const telephone = c[TELEPHONE]!;
    if (telephone !== '') this.checkTelephone(telephone);

    const courriels = c[COURRIELS]!;
    if (courriels !== '') this.checkEmails(courriels);
    const siteWeb = c[SITE_WEB]!;
    if (siteWeb !== '') this.checkUrls('site_web', siteWeb, true);

    const horaires = c[HORAIRES]!;
    if (horaires !== '' && this.hours) this.addAll(this.hoursCache.get(horaires, this.judgeHoursFn));

    for (const { field, index } of MAX_LENGTH_FIELDS) {
      const value = c[index]!;
      if (value.length > field.maxLength! && codePointLength(value) > field.maxLength!) {
        this.add(this.tooLong(field, value));
      }
    }

    const dateMaj = c[DATE_MAJ]!;
    if (dateMaj.trim() !== '') this.addAll(this.dateCache.get(dateMaj, this.judgeDateFn));

    for (const { index, cache, judge } of this.enumChecks) {
      const value = c[index]!;
      if (value !== '') this.addAll(cache.get(value, judge));
    }

    const fiche = c[FICHE_ACCES_LIBRE]!;
    if (fiche !== '') this.checkUrls('fiche_acces_libre', fiche, false);
    const rdv = c[PRISE_RDV]!;
    if (rdv !== '') this.checkUrls('prise_rdv', rdv, false);

    // Checks run grouped by kind; report in the schema's column order.
    if (issues.length > 1) issues.sort(byFieldOrder);
    return issues;
  }

  private add(t: Template): void {
    const { row, id } = this;
    this.issues.push(
      id === undefined
        ? {
            row,
            field: t.field,
            value: t.value,
            rule: t.rule,
            code: t.code,
            severity: t.severity,
            message: t.message,
          }
        : {
            row,
            id,
            field: t.field,
            value: t.value,
            rule: t.rule,
            code: t.code,
            severity: t.severity,
            message: t.message,
          },
    );
  }

  private addAll(ts: readonly Template[]): void {
    for (let i = 0; i < ts.length; i++) this.add(ts[i]!);
  }

  private required(field: FieldDefinition, value: string): Template {
    const message =
      value === ''
        ? `Le champ obligatoire \`${field.name}\` (${field.label}) est vide.`
        : `Le champ obligatoire \`${field.name}\` (${field.label}) ne contient que des espaces.`;
    return template(field.name, value, 'required', `${field.name}.required`, 'error', message);
  }

  private tooLong(field: FieldDefinition, value: string): Template {
    const count = codePointLength(value);
    const extra =
      field.name === 'presentation_resume'
        ? ' ; raccourcissez-le et placez le texte complet dans `presentation_detail`'
        : '';
    return template(
      field.name,
      value,
      'maxLength',
      `${field.name}.maxLength`,
      'error',
      `\`${field.name}\` dépasse ${field.maxLength} caractères (${count})${extra}.`,
    );
  }

  private checkPivot(value: string): void {
    if (value.trim() === '') return; // reported as required
    if (!PATTERNS.get('pivot')!.test(value)) {
      this.add(template('pivot', value, 'pattern', 'pivot.pattern', 'error', patternMessage('pivot', value)));
      return;
    }
    if (isZeroPlaceholder(value)) {
      this.add(
        template(
          'pivot',
          value,
          'placeholder',
          'pivot.placeholder',
          'warning',
          `\`pivot\` ${q(value)} est une valeur de remplissage, pas un identifiant : indiquez le SIRET de la structure (annuaire-entreprises.data.gouv.fr), à défaut son numéro RNA ou RIDET.`,
        ),
      );
    } else if (value.length === 14 && /^\d{14}$/.test(value) && !siretChecksumValid(value)) {
      this.add(
        template(
          'pivot',
          value,
          'checksum',
          'pivot.checksum',
          'warning',
          `\`pivot\` ${q(value)} a la forme d’un SIRET mais sa clé de contrôle est fausse (chiffre mal recopié ?) : vérifiez-le sur annuaire-entreprises.data.gouv.fr.`,
        ),
      );
    }
  }

  private checkTelephone(value: string): void {
    if (!PATTERNS.get('telephone')!.test(value)) {
      this.add(
        template(
          'telephone',
          value,
          'pattern',
          'telephone.pattern',
          'error',
          patternMessage('telephone', value),
        ),
      );
      return;
    }
    let code: string | undefined;
    for (let i = 0; i < TELEPHONE_CODES.length && !code; i++)
      if (value.startsWith(TELEPHONE_CODES[i]!)) code = TELEPHONE_CODES[i];
    const plan = code ? TELEPHONE_PLANS[code] : undefined;
    if (!code || !plan) return;
    const digits = value.length - code.length; // the pattern guarantees digits after the code

    if (plan.digits === 9 && value.charCodeAt(code.length) === 48) {
      this.add(
        template(
          'telephone',
          value,
          'format',
          'telephone.trunk_zero',
          'warning',
          `\`telephone\` ${q(value)} : le 0 qui suit l’indicatif ${code} ne s’écrit pas, et sans lui il ne reste que ${digits - 1} chiffres au lieu de ${plan.digits} : vérifiez le numéro.`,
        ),
      );
    } else if (digits !== plan.digits) {
      this.add(
        template(
          'telephone',
          value,
          'format',
          'telephone.length',
          'warning',
          `\`telephone\` ${q(value)} : après l’indicatif ${code} (${plan.territory}) un numéro compte ${plan.digits} chiffres, il y en a ${digits}.`,
        ),
      );
    }
  }

  private checkEmails(value: string): void {
    let start = 0;
    // One issue per distinct problem, however often a list repeats it.
    let emptyReported = false;
    let reported: Set<string> | undefined;
    for (;;) {
      const end = value.indexOf('|', start);
      const raw = end === -1 ? value.slice(start) : value.slice(start, end);
      const item = raw.trim();
      if (item === '') {
        if (!emptyReported)
          this.add(
            template(
              'courriels',
              value,
              'format',
              'courriels.empty_item',
              'warning',
              `\`courriels\` contient un élément vide (séparateur « | » en trop) : ${q(value)}.`,
            ),
          );
        emptyReported = true;
      } else if (!isEmail(item) && !reported?.has(item)) {
        (reported ??= new Set()).add(item);
        let hint = '';
        const parts = item.split(/[;,\s]+/).filter(Boolean);
        if (parts.length > 1 && parts.every(isEmail))
          hint = ` ; séparez les adresses par « | » : ${q(parts.join('|'))}`;
        else if (/^mailto:/i.test(item) && isEmail(item.slice(7)))
          hint = ` ; retirez « mailto: » : ${q(item.slice(7))}`;
        this.add(
          template(
            'courriels',
            item,
            'format',
            'courriels.format',
            'warning',
            `\`courriels\` : ${q(item)} n’est pas une adresse électronique valide${hint}.`,
          ),
        );
      }
      if (end === -1) break;
      start = end + 1;
    }
  }

  private checkUrls(field: string, value: string, list: boolean): void {
    let start = 0;
    let emptyReported = false;
    let reported: Set<string> | undefined;
    for (;;) {
      const end = list ? value.indexOf('|', start) : -1;
      const raw = end === -1 ? value.slice(start) : value.slice(start, end);
      const item = raw.trim();
      if (item === '') {
        if (list && !emptyReported) {
          emptyReported = true;
          this.add(
            template(
              field,
              value,
              'format',
              `${field}.empty_item`,
              'warning',
              `\`${field}\` contient un élément vide (séparateur « | » en trop) : ${q(value)}.`,
            ),
          );
        }
      } else if (!isHttpUrl(item) && !reported?.has(item)) {
        (reported ??= new Set()).add(item);
        const suggestion = suggestUrl(item);
        let hint = suggestion ? ` ; écrivez ${q(suggestion)}` : ' ; une adresse web commence par https://';
        if (
          list &&
          /\s/.test(item) &&
          item
            .split(/[\s;,]+/)
            .filter(Boolean)
            .every(isHttpUrl)
        ) {
          hint = ` ; séparez les adresses par « | » : ${q(
            item
              .split(/[\s;,]+/)
              .filter(Boolean)
              .join('|'),
          )}`;
        }
        this.add(
          template(
            field,
            item,
            'format',
            `${field}.format`,
            'warning',
            `\`${field}\` : ${q(item)} n’est pas une adresse web valide${hint}.`,
          ),
        );
      }
      if (end === -1) break;
      start = end + 1;
    }
  }

  private checkCoordinates(lat: string, lon: string): void {
    if (lat === '' && lon === '') return;
    const latitude = lat === '' ? NaN : this.coordinate('latitude', lat, 90);
    const longitude = lon === '' ? NaN : this.coordinate('longitude', lon, 180);
    if (lat === '' || lon === '') {
      const pair = `${lat}, ${lon}`;
      const missing = lat === '' ? 'latitude' : 'longitude';
      this.add(
        template(
          missing,
          pair,
          'location',
          'coordinates.incomplete',
          'warning',
          `\`${missing}\` est vide alors que l’autre coordonnée est remplie : renseignez les deux ou aucune.`,
        ),
      );
      return;
    }
    if (Number.isNaN(latitude) || Number.isNaN(longitude)) return;
    if (latitude === 0 && longitude === 0) {
      const pair = `${lat}, ${lon}`;
      this.add(
        template(
          'latitude',
          pair,
          'location',
          'coordinates.zero',
          'warning',
          'Les coordonnées valent 0, 0 (golfe de Guinée) : c’est une valeur par défaut, pas une position ; laissez-les vides ou géocodez l’adresse.',
        ),
      );
      return;
    }
    if (territoryAt(latitude, longitude)) return;
    const pair = `${lat}, ${lon}`;
    const swapped = territoryAt(longitude, latitude);
    if (swapped) {
      this.add(
        template(
          'latitude',
          pair,
          'location',
          'coordinates.swapped',
          'warning',
          `latitude et longitude semblent inversées (${pair}) : échangées, elles tombent en ${swapped.name}.`,
        ),
      );
    } else {
      this.add(
        template(
          'latitude',
          pair,
          'location',
          'coordinates.outside_france',
          'warning',
          `Les coordonnées (${pair}) sont hors de France (métropole, Corse et outre-mer : ${FRENCH_TERRITORIES.length} territoires) : vérifiez-les (latitude en premier, en degrés décimaux WGS84).`,
        ),
      );
    }
  }

  /** Parses one coordinate; pushes its type or range error and returns NaN when unusable. */
  private coordinate(field: 'latitude' | 'longitude', value: string, bound: number): number {
    const n = parseDecimal(value);
    if (!Number.isFinite(n)) {
      const suggestion = suggestDecimal(value);
      const hint = suggestion ? ` ; écrivez ${q(suggestion)}` : '';
      this.add(
        template(
          field,
          value,
          'type',
          `${field}.type`,
          'error',
          `\`${field}\` doit être un nombre décimal écrit avec un point (ex. ${field === 'latitude' ? '43.52609' : '5.41423'}) : ${q(value)}${hint}.`,
        ),
      );
      return NaN;
    }
    if (n < -bound || n > bound) {
      this.add(
        template(
          field,
          value,
          'range',
          `${field}.range`,
          'error',
          `\`${field}\` doit être comprise entre -${bound} et ${bound} degrés : ${q(value)}.`,
        ),
      );
      return NaN;
    }
    return n;
  }

  private judgeDate(value: string): readonly Template[] {
    const verdict = checkIsoDate(value);
    if (verdict === 'format') {
      const suggestion = suggestIsoDate(value);
      const hint = suggestion ? ` ; écrivez ${q(suggestion)}` : '';
      return [
        template(
          'date_maj',
          value,
          'type',
          'date_maj.type',
          'error',
          `\`date_maj\` doit être une date au format AAAA-MM-JJ (ex. 2024-04-02) : ${q(value)}${hint}.`,
        ),
      ];
    }
    if (verdict === 'impossible') {
      return [
        template(
          'date_maj',
          value,
          'type',
          'date_maj.type',
          'error',
          `\`date_maj\` n’est pas une date qui existe : ${q(value)}.`,
        ),
      ];
    }
    if (value > this.futureAfter) {
      return [
        template(
          'date_maj',
          value,
          'freshness',
          'date_maj.future',
          'warning',
          `\`date_maj\` ${q(value)} est dans le futur : indiquez la date de la dernière mise à jour réelle.`,
        ),
      ];
    }
    if (value < this.staleBefore) {
      return [
        template(
          'date_maj',
          value,
          'freshness',
          'date_maj.stale',
          'warning',
          `\`date_maj\` ${q(value)} a plus de deux ans : les informations du lieu (horaires, contacts) sont-elles toujours à jour ?`,
        ),
      ];
    }
    return NO_ISSUES;
  }

  private judgeHours(value: string): readonly Template[] {
    let verdict: HoursVerdict;
    try {
      verdict = this.hours!(value);
    } catch {
      return NO_ISSUES; // a failure of the hours engine is not the producer's fault
    }
    if (!verdict.ok) {
      return [
        template(
          'horaires',
          value,
          'hours',
          'horaires.format',
          'warning',
          `\`horaires\` n’est pas au format OpenStreetMap opening_hours : ${verdict.reason} (exemple valide : « Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 »).`,
        ),
      ];
    }
    if (!verdict.warnings.length) return NO_ISSUES;
    // One issue per value: the parser's remarks on one text belong together.
    return [
      template(
        'horaires',
        value,
        'hours',
        'horaires.suspect',
        'warning',
        `\`horaires\` ${q(value)} : ${verdict.warnings.join(' ; ')}.`,
      ),
    ];
  }
}

let sharedRules: { day: number; rules: RecordRules } | undefined;

/**
 * All issues of one record, in the schema's column order. Pure: no cross-record check (use
 * `createValidator` for duplicate `id`). Never throws.
 */
export function validateRecord(record: FlatRecord, ctx: ValidationContext): Issue[] {
  const now = ctx.now ?? new Date();
  const day = Math.floor(now.getTime() / 86_400_000);
  if (!sharedRules || sharedRules.day !== day) {
    sharedRules = { day, rules: new RecordRules(now, defaultHoursChecker) };
  }
  return sharedRules.rules.check(record, ctx.line);
}

/** A validation run over many records: per-record issues, duplicate `id`, and a summary. */
export function createValidator(opts: ValidatorOptions = {}): Validator {
  const rules = new RecordRules(
    opts.now ?? new Date(),
    opts.hours === undefined ? defaultHoursChecker : opts.hours,
  );
  const firstLineOfId = new Map<string, number>();
  const counts = new Map<string, CodeCount>();
  const seenColumns = new Set<string>();
  let lastShape: string[] | undefined;
  let records = 0;
  let invalid = 0;
  let withWarnings = 0;
  let errors = 0;
  let warnings = 0;

  const noteColumns = (record: FlatRecord): void => {
    // CSV rows share one header: compare keys in place (for-in allocates nothing on objects of one
    // shape) and collect them only when the shape changes.
    if (lastShape) {
      let i = 0;
      let same = true;
      for (const key in record) {
        if (key !== lastShape[i]) {
          same = false;
          break;
        }
        i++;
      }
      if (same && i === lastShape.length) return;
    }
    lastShape = Object.keys(record);
    for (const k of lastShape) seenColumns.add(k);
  };

  return {
    check(record: FlatRecord, line: number): Issue[] {
      const issues = rules.check(record, line);
      records++;
      if (record !== null && typeof record === 'object') {
        noteColumns(record);
        const id = text((record as Record<string, unknown>).id);
        if (id.trim() !== '') {
          const first = firstLineOfId.get(id);
          if (first === undefined) firstLineOfId.set(id, line);
          else {
            issues.push({
              row: line,
              id,
              field: 'id',
              value: id,
              rule: 'unique',
              code: 'id.unique',
              severity: 'error',
              message: `\`id\` ${q(id)} est déjà utilisé ligne ${first} : chaque lieu doit avoir un identifiant unique.`,
            });
          }
        }
      }
      let hasError = false;
      let hasWarning = false;
      for (const issue of issues) {
        if (issue.severity === 'error') {
          hasError = true;
          errors++;
        } else {
          hasWarning = true;
          warnings++;
        }
        const c = counts.get(issue.code);
        if (c) c.count++;
        else
          counts.set(issue.code, {
            code: issue.code,
            field: issue.field,
            rule: issue.rule,
            severity: issue.severity,
            count: 1,
          });
      }
      if (hasError) invalid++;
      if (hasWarning) withWarnings++;
      return issues;
    },
    summary(): ValidationSummary {
      return {
        records,
        valid: records - invalid,
        invalid,
        recordsWithWarnings: withWarnings,
        errors,
        warnings,
        byCode: [...counts.values()]
          .map((c) => ({ ...c }))
          .sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1)),
        unknownColumns: [...seenColumns].filter((c) => !KNOWN_COLUMNS.has(c)),
        missingColumns: records ? FIELDS.map((f) => f.name).filter((n) => !seenColumns.has(n)) : [],
      };
    },
  };
}

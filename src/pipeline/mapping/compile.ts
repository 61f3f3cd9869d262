/**
 * `compileMapping`: checks a mapping written by a person (parsed YAML/JSON, so `unknown`) and
 * prepares it for fast application — terms folded once, regular expressions built once, dictionary
 * targets checked against the standard's enumerations (and respelled when only case or accents
 * differ). Every problem is a `DefinitionError` naming the key, with a suggestion when one is close.
 */
import { TYPOLOGIES } from '../../core/standard/enums.js';
import { FIELD_BY_NAME, FIELD_NAMES } from '../../core/standard/fields.js';
import type { OsmDay } from '../../core/hours/index.js';
import { DefinitionError, didYouMean } from './errors.js';
import type { CoordinatesRule, DictionaryEntry, HoursRule, Mapping } from './types.js';
import { fold, parseDate } from './values.js';

// ---------------------------------------------------------------------------------------------------------
// Compiled shapes.
// ---------------------------------------------------------------------------------------------------------

export type CompiledValue =
  | {
      kind: 'column';
      column: string;
      split?: { separator: string; part: number };
      regex?: RegExp;
      keep: boolean;
    }
  | { kind: 'join'; columns: string[]; separator: string }
  | { kind: 'first'; sources: CompiledValue[] }
  | { kind: 'template'; parts: Array<{ text: string } | { column: string }> }
  | { kind: 'value'; value: string };

export interface CompiledEntry {
  columns?: string[];
  equals?: string[];
  contains?: string[];
  truthy: boolean;
  except: string[];
  /** Canonical target; undefined for `ignore` entries. */
  target?: string;
}

export interface CompiledDictionary {
  entries: CompiledEntry[];
  /** Column → folded values the dictionary knows (equals and ignore terms): others are reported. */
  known: Map<string, Set<string>>;
}

export interface CompiledHours {
  osm?: string;
  days?: Array<[OsmDay, string[]]>;
  text?: string[];
  textDays?: string;
  weekParity?: string;
}

export interface CompiledField {
  name: string;
  value?: CompiledValue;
  valueDefault?: string;
  dictionary?: CompiledDictionary;
  hours?: CompiledHours;
}

export interface CompiledMapping {
  readonly compiled: true;
  fields: CompiledField[];
  coordinates?: CoordinatesRule;
  constants: Map<string, string[]>;
  defaults: Map<string, string>;
  /** Every column the mapping reads (to report those the file lacks). */
  columns: Set<string>;
  /**
   * Enumeration-like columns (read by `equals` or `ignore` entries) → the values the dictionaries of
   * every field know, and those fields: other values of these columns are reported as ignored.
   */
  known: Map<string, { fields: string[]; values: Set<string>; entries: CompiledEntry[] }>;
  /** The mapping as given, for display and storage. */
  source: Mapping;
}

// ---------------------------------------------------------------------------------------------------------
// Field kinds.
// ---------------------------------------------------------------------------------------------------------

const TYPOLOGY_CODES = Object.keys(TYPOLOGIES);
const TYPOLOGY_BY_FOLDED = new Map<string, string>();
for (const [code, label] of Object.entries(TYPOLOGIES)) {
  TYPOLOGY_BY_FOLDED.set(fold(code), code);
  TYPOLOGY_BY_FOLDED.set(fold(label), code);
}

/** The national typology code for a code or label written loosely (« Association » for « Associations »). */
export function typologyCode(value: string): string | undefined {
  const folded = fold(value);
  return TYPOLOGY_BY_FOLDED.get(folded) ?? TYPOLOGY_BY_FOLDED.get(`${folded}s`);
}

/** Canonical spelling of an enumeration value written with other case or accents, if any. */
export function enumValue(field: string, value: string): string | undefined {
  const values = FIELD_BY_NAME.get(field)?.enumValues;
  if (!values) return undefined;
  const folded = fold(value);
  return values.find((v) => fold(v) === folded);
}

/** A target as the field wants it; throws with the allowed values when it is not one. */
export function canonicalTarget(field: string, target: string, key: string): string {
  const definition = FIELD_BY_NAME.get(field);
  if (definition?.enumValues) {
    const canonical = enumValue(field, target);
    if (canonical) return canonical;
    throw new DefinitionError(
      `« ${target} » n'est pas une valeur de ${field}${didYouMean(target, definition.enumValues)}. Valeurs possibles : ${definition.enumValues.map((v) => `« ${v} »`).join(', ')}.`,
      { key },
    );
  }
  if (field === 'typologie') {
    const code = typologyCode(target);
    if (code) return code;
    throw new DefinitionError(
      `« ${target} » n'est pas un code de typologie national${didYouMean(target, TYPOLOGY_CODES)} (codes : ${TYPOLOGY_CODES.join(', ')}).`,
      { key },
    );
  }
  if (!target.trim()) throw new DefinitionError('la cible est vide.', { key });
  return target.trim();
}

// ---------------------------------------------------------------------------------------------------------
// Shape checks.
// ---------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'une liste';
  if (typeof value === 'object') return 'un objet';
  if (typeof value === 'string') return 'un texte';
  if (typeof value === 'number') return 'un nombre';
  if (typeof value === 'boolean') return 'un booléen';
  return typeof value;
}

export function checkKeys(object: Record<string, unknown>, allowed: readonly string[], key: string): void {
  for (const name of Object.keys(object)) {
    if (!allowed.includes(name))
      throw new DefinitionError(
        `clé « ${name} » inconnue${didYouMean(name, allowed)} ; clés possibles : ${allowed.join(', ')}.`,
        { key: key ? `${key}.${name}` : name },
      );
  }
}

export function text(value: unknown, key: string, { allowEmpty = false } = {}): string {
  // Numbers are accepted where text is expected: YAML reads `code: 01` or `value: 2023` as numbers.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string')
    throw new DefinitionError(
      `texte attendu, trouvé ${typeName(value)}${isObject(value) ? ' (en YAML, mettez entre guillemets un texte qui contient « : »)' : ''}.`,
      { key },
    );
  if (!allowEmpty && !value.trim()) throw new DefinitionError('texte vide.', { key });
  return value;
}

function textList(value: unknown, key: string): string[] {
  if (typeof value === 'string') return [text(value, key)];
  if (!Array.isArray(value))
    throw new DefinitionError(`liste de textes attendue, trouvé ${typeName(value)}.`, { key });
  if (!value.length) throw new DefinitionError('liste vide.', { key });
  return value.map((item, i) => text(item, `${key}[${i}]`));
}

function regex(source: string, key: string): RegExp {
  try {
    return new RegExp(source, 'iu');
  } catch (error) {
    throw new DefinitionError(`expression régulière invalide « ${source} » (${(error as Error).message}).`, {
      key,
    });
  }
}

function compileValue(
  rule: unknown,
  key: string,
  columns: Set<string>,
): { value: CompiledValue; default?: string } {
  if (typeof rule === 'string') {
    const column = text(rule, key);
    columns.add(column);
    return { value: { kind: 'column', column, keep: false } };
  }
  if (!isObject(rule))
    throw new DefinitionError(
      `règle attendue (nom de colonne, ou objet column / join / first / template / value), trouvé ${typeName(rule)}.`,
      { key },
    );
  const withDefault = (value: CompiledValue) => {
    const out: { value: CompiledValue; default?: string } = { value };
    if (rule.default !== undefined) out.default = text(rule.default, `${key}.default`, { allowEmpty: true });
    return out;
  };
  if ('column' in rule) {
    checkKeys(rule, ['column', 'split', 'regex', 'keepIfNoMatch', 'default'], key);
    const column = text(rule.column, `${key}.column`);
    columns.add(column);
    const out: CompiledValue = { kind: 'column', column, keep: rule.keepIfNoMatch === true };
    if (rule.split !== undefined) {
      if (!isObject(rule.split))
        throw new DefinitionError('objet { separator, part } attendu.', { key: `${key}.split` });
      checkKeys(rule.split, ['separator', 'part'], `${key}.split`);
      const part = rule.split.part;
      if (typeof part !== 'number' || !Number.isInteger(part))
        throw new DefinitionError('numéro de partie entier attendu (0 = la première, -1 = la dernière).', {
          key: `${key}.split.part`,
        });
      out.split = {
        separator: text(rule.split.separator, `${key}.split.separator`, { allowEmpty: true }),
        part,
      };
      if (!out.split.separator)
        throw new DefinitionError('séparateur vide.', { key: `${key}.split.separator` });
    }
    if (rule.regex !== undefined) out.regex = regex(text(rule.regex, `${key}.regex`), `${key}.regex`);
    if (rule.keepIfNoMatch !== undefined && typeof rule.keepIfNoMatch !== 'boolean')
      throw new DefinitionError('true ou false attendu.', { key: `${key}.keepIfNoMatch` });
    return withDefault(out);
  }
  if ('join' in rule) {
    checkKeys(rule, ['join', 'separator', 'default'], key);
    const joined = textList(rule.join, `${key}.join`);
    for (const c of joined) columns.add(c);
    const separator =
      rule.separator === undefined ? ' ' : text(rule.separator, `${key}.separator`, { allowEmpty: true });
    return withDefault({ kind: 'join', columns: joined, separator });
  }
  if ('first' in rule) {
    checkKeys(rule, ['first', 'default'], key);
    if (!Array.isArray(rule.first) || !rule.first.length)
      throw new DefinitionError('liste de colonnes (ou de règles column) attendue.', { key: `${key}.first` });
    const sources = rule.first.map((r, i) => compileValue(r, `${key}.first[${i}]`, columns).value);
    return withDefault({ kind: 'first', sources });
  }
  if ('template' in rule) {
    checkKeys(rule, ['template', 'default'], key);
    const template = text(rule.template, `${key}.template`);
    const parts: Array<{ text: string } | { column: string }> = [];
    let last = 0;
    for (const m of template.matchAll(/\{([^{}]+)\}/g)) {
      if (m.index > last) parts.push({ text: template.slice(last, m.index) });
      const column = m[1]!;
      columns.add(column);
      parts.push({ column });
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push({ text: template.slice(last) });
    if (!parts.some((p) => 'column' in p))
      throw new DefinitionError(
        'le modèle ne cite aucune colonne entre accolades ; pour une valeur fixe, utilisez value.',
        {
          key: `${key}.template`,
        },
      );
    return withDefault({ kind: 'template', parts });
  }
  if ('value' in rule) {
    checkKeys(rule, ['value'], key);
    return { value: { kind: 'value', value: text(rule.value, `${key}.value`, { allowEmpty: true }) } };
  }
  throw new DefinitionError(
    `règle sans column, join, first, template ni value (clés trouvées : ${Object.keys(rule).join(', ') || 'aucune'}).`,
    { key },
  );
}

/** The condition part of a dictionary or exclusion entry (columns already read). */
function readCondition(raw: Record<string, unknown>, entry: CompiledEntry, at: string): void {
  const conditions = ['equals', 'contains', 'truthy'].filter((c) => raw[c] !== undefined);
  if (conditions.length > 1)
    throw new DefinitionError(`une seule condition par entrée (trouvé : ${conditions.join(', ')}).`, {
      key: at,
    });
  if (conditions.length && !entry.columns)
    throw new DefinitionError(`${conditions[0]} demande columns.`, { key: at });
  if (raw.equals !== undefined) entry.equals = textList(raw.equals, `${at}.equals`).map(fold);
  if (raw.contains !== undefined) entry.contains = textList(raw.contains, `${at}.contains`).map(fold);
  if (raw.truthy !== undefined) {
    if (raw.truthy !== true) throw new DefinitionError('truthy: true attendu.', { key: `${at}.truthy` });
    entry.truthy = true;
  }
  if (raw.except !== undefined) entry.except = textList(raw.except, `${at}.except`).map(fold);
}

/**
 * Conditions that exclude input records (`exclude` of a definition: closed or inactive lieux).
 * Same matching as dictionary entries; `columns` and a condition are required.
 */
export function compileConditions(input: unknown, key: string): CompiledEntry[] {
  if (!Array.isArray(input) || !input.length)
    throw new DefinitionError('liste de conditions { columns, equals | contains | truthy } attendue.', {
      key,
    });
  return input.map((raw, i) => {
    const at = `${key}[${i}]`;
    if (!isObject(raw))
      throw new DefinitionError(`condition attendue, trouvé ${typeName(raw)}.`, { key: at });
    checkKeys(raw, ['columns', 'equals', 'contains', 'truthy', 'except'], at);
    if (raw.columns === undefined) throw new DefinitionError('columns manquant.', { key: `${at}.columns` });
    const entry: CompiledEntry = {
      truthy: false,
      except: [],
      columns: textList(raw.columns, `${at}.columns`),
    };
    readCondition(raw, entry, at);
    if (!entry.equals && !entry.contains && !entry.truthy)
      throw new DefinitionError('equals, contains ou truthy manquant.', { key: at });
    return entry;
  });
}

function compileDictionary(
  field: string,
  rules: unknown[],
  key: string,
  columns: Set<string>,
): CompiledDictionary {
  const entries: CompiledEntry[] = [];
  const known = new Map<string, Set<string>>();
  const remember = (cols: string[] | undefined, terms: string[]) => {
    for (const c of cols ?? []) {
      const set = known.get(c) ?? new Set<string>();
      for (const t of terms) set.add(t);
      known.set(c, set);
    }
  };
  rules.forEach((raw, i) => {
    const at = `${key}[${i}]`;
    if (!isObject(raw))
      throw new DefinitionError(`entrée de dictionnaire attendue, trouvé ${typeName(raw)}.`, { key: at });
    checkKeys(raw, ['columns', 'equals', 'contains', 'truthy', 'except', 'target', 'ignore'], at);
    const entry: CompiledEntry = { truthy: false, except: [] };
    if (raw.columns !== undefined) {
      entry.columns = textList(raw.columns, `${at}.columns`);
      for (const c of entry.columns) columns.add(c);
    }
    if (raw.ignore !== undefined) {
      if (raw.target !== undefined || raw.equals !== undefined || raw.contains !== undefined)
        throw new DefinitionError('une entrée ignore ne peut pas avoir de target, equals ni contains.', {
          key: at,
        });
      if (!entry.columns) throw new DefinitionError('ignore demande columns.', { key: at });
      remember(entry.columns, textList(raw.ignore, `${at}.ignore`).map(fold));
      return;
    }
    if (raw.target === undefined) throw new DefinitionError('target manquante.', { key: `${at}.target` });
    entry.target = canonicalTarget(field, text(raw.target, `${at}.target`), `${at}.target`);
    readCondition(raw, entry, at);
    if (entry.equals) remember(entry.columns, entry.equals);
    entries.push(entry);
  });
  return { entries, known };
}

const OSM_DAYS: OsmDay[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

function compileHours(rule: Record<string, unknown>, key: string, columns: Set<string>): CompiledHours {
  checkKeys(rule, ['osm', 'days', 'text', 'textDays', 'weekParity'], key);
  const out: CompiledHours = {};
  const column = (value: unknown, at: string) => {
    const c = text(value, at);
    columns.add(c);
    return c;
  };
  if (rule.osm !== undefined) out.osm = column(rule.osm, `${key}.osm`);
  if (rule.days !== undefined) {
    if (!isObject(rule.days))
      throw new DefinitionError('objet { Mo: colonne, Tu: colonne, … } attendu.', { key: `${key}.days` });
    checkKeys(rule.days, OSM_DAYS, `${key}.days`);
    out.days = Object.entries(rule.days).map(([day, cols]) => {
      const list = textList(cols, `${key}.days.${day}`);
      for (const c of list) columns.add(c);
      return [day as OsmDay, list];
    });
  }
  if (rule.text !== undefined) {
    out.text = textList(rule.text, `${key}.text`);
    for (const c of out.text) columns.add(c);
  }
  if (rule.textDays !== undefined) out.textDays = column(rule.textDays, `${key}.textDays`);
  if (rule.weekParity !== undefined) out.weekParity = column(rule.weekParity, `${key}.weekParity`);
  if (!out.osm && !out.days && !out.text)
    throw new DefinitionError('horaires : indiquez osm, days ou text.', { key });
  return out;
}

const HOURS_KEYS = ['osm', 'days', 'text', 'textDays', 'weekParity'];

// ---------------------------------------------------------------------------------------------------------
// The mapping.
// ---------------------------------------------------------------------------------------------------------

function fieldName(name: string, key: string): string {
  if (FIELD_BY_NAME.has(name)) return name;
  throw new DefinitionError(
    `« ${name} » n'est pas un champ du standard v1.0.1${didYouMean(name, FIELD_NAMES)}.`,
    { key },
  );
}

function constantValues(field: string, value: unknown, key: string): string[] {
  const list = Array.isArray(value) ? value.map((v, i) => text(v, `${key}[${i}]`)) : [text(value, key)];
  const definition = FIELD_BY_NAME.get(field)!;
  if (!definition.list && list.length > 1)
    throw new DefinitionError(`${field} n'est pas une liste : une seule valeur attendue.`, { key });
  return list.map((v, i) =>
    definition.enumValues || field === 'typologie'
      ? canonicalTarget(field, v, Array.isArray(value) ? `${key}[${i}]` : key)
      : v,
  );
}

/** Checks and prepares a mapping; `key` prefixes the key paths of errors (`mapping`). */
export function compileMapping(input: unknown, key = 'mapping'): CompiledMapping {
  if (isObject(input) && input.compiled === true) return input as unknown as CompiledMapping;
  if (!isObject(input)) throw new DefinitionError(`objet attendu, trouvé ${typeName(input)}.`, { key });
  checkKeys(input, ['fields', 'coordinates', 'constants', 'defaults'], key);
  const columns = new Set<string>();
  const fields: CompiledField[] = [];
  const rawFields = input.fields ?? {};
  if (!isObject(rawFields))
    throw new DefinitionError(`objet attendu, trouvé ${typeName(rawFields)}.`, { key: `${key}.fields` });
  for (const [name, rule] of Object.entries(rawFields)) {
    const at = `${key}.fields.${name}`;
    fieldName(name, at);
    const field: CompiledField = { name };
    if (Array.isArray(rule)) {
      field.dictionary = compileDictionary(name, rule, at, columns);
    } else if (isObject(rule) && HOURS_KEYS.some((k) => k in rule)) {
      if (name !== 'horaires')
        throw new DefinitionError('osm / days / text ne s’emploient que pour le champ horaires.', {
          key: at,
        });
      field.hours = compileHours(rule, at, columns);
    } else {
      const compiled = compileValue(rule, at, columns);
      field.value = compiled.value;
      if (compiled.default !== undefined) field.valueDefault = compiled.default;
    }
    fields.push(field);
  }

  const out: CompiledMapping = {
    compiled: true,
    fields,
    constants: new Map(),
    defaults: new Map(),
    columns,
    known: new Map(),
    source: input as unknown as Mapping,
  };
  for (const field of fields) {
    for (const [column, values] of field.dictionary?.known ?? []) {
      const entry = out.known.get(column) ?? { fields: [], values: new Set<string>(), entries: [] };
      if (!entry.fields.includes(field.name)) entry.fields.push(field.name);
      for (const v of values) entry.values.add(v);
      out.known.set(column, entry);
    }
  }
  // A value matched by a `contains` or `truthy` entry on the same column is not ignored either.
  for (const field of fields)
    for (const entry of field.dictionary?.entries ?? [])
      for (const column of entry.columns ?? []) out.known.get(column)?.entries.push(entry);

  if (input.coordinates !== undefined) {
    const at = `${key}.coordinates`;
    if (!isObject(input.coordinates))
      throw new DefinitionError('objet { x, y, projection } attendu.', { key: at });
    checkKeys(input.coordinates, ['x', 'y', 'projection'], at);
    if (input.coordinates.projection !== 'lambert93')
      throw new DefinitionError('projection « lambert93 » attendue (seule projection reconnue).', {
        key: `${at}.projection`,
      });
    out.coordinates = {
      x: text(input.coordinates.x, `${at}.x`),
      y: text(input.coordinates.y, `${at}.y`),
      projection: 'lambert93',
    };
    columns.add(out.coordinates.x);
    columns.add(out.coordinates.y);
  }

  if (input.constants !== undefined) {
    if (!isObject(input.constants))
      throw new DefinitionError('objet champ → valeur attendu.', { key: `${key}.constants` });
    for (const [name, value] of Object.entries(input.constants)) {
      const at = `${key}.constants.${name}`;
      out.constants.set(fieldName(name, at), constantValues(name, value, at));
    }
  }
  if (input.defaults !== undefined) {
    if (!isObject(input.defaults))
      throw new DefinitionError('objet champ → valeur attendu.', { key: `${key}.defaults` });
    for (const [name, value] of Object.entries(input.defaults)) {
      const at = `${key}.defaults.${name}`;
      fieldName(name, at);
      let v = text(value, at);
      if (name === 'date_maj') {
        const date = parseDate(v);
        if (!date)
          throw new DefinitionError(`date illisible « ${v} » (format AAAA-MM-JJ attendu).`, { key: at });
        v = date;
      }
      out.defaults.set(name, constantValues(name, v, at).join('|'));
    }
  }
  return out;
}

/** Type guard for callers that accept either form. */
export function isCompiled(mapping: unknown): mapping is CompiledMapping {
  return isObject(mapping) && mapping.compiled === true;
}

export type { DictionaryEntry, HoursRule };

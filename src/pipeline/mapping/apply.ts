/**
 * `applyMapping`: one producer record (column → value, nested values allowed) → one row of the
 * standard v1.0.1 (every field, in schema order, `''` when absent) and the notes a producer needs to
 * see what was ignored or rewritten. Never throws on data: bad values become notes.
 *
 * The field's type in the standard decides how a value is read: numbers with a decimal comma for
 * coordinates, dates to YYYY-MM-DD, enumerations matched without case or accents (unknown values
 * noted), lists rewritten with `|`, opening hours to OSM.
 */
import { createHash } from 'node:crypto';
import { convertDayColumnsToOsm, normalizeHours, type OsmDay } from '../../core/hours/index.js';
import { FIELD_BY_NAME, FIELDS } from '../../core/standard/fields.js';
import { lambert93 } from '../../reference/projection.js';
import {
  compileMapping,
  enumValue,
  isCompiled,
  typologyCode,
  type CompiledDictionary,
  type CompiledEntry,
  type CompiledHours,
  type CompiledMapping,
  type CompiledValue,
} from './compile.js';
import type { Mapping, MappingContext, MappingNote, MappingResult } from './types.js';
import { parseDaysText, weekTextToOsm } from './week-text.js';
import {
  cellText,
  columnValue,
  containsTerm,
  fold,
  formatNumber,
  parseBoolean,
  parseDate,
  parseNumber,
} from './values.js';

type Raw = Readonly<Record<string, unknown>>;

const compiledCache = new WeakMap<object, CompiledMapping>();

function compiledOf(mapping: Mapping | CompiledMapping): CompiledMapping {
  if (isCompiled(mapping)) return mapping;
  let compiled = compiledCache.get(mapping);
  if (!compiled) {
    compiled = compileMapping(mapping);
    compiledCache.set(mapping, compiled);
  }
  return compiled;
}

function cell(raw: Raw, column: string): string {
  return cellText(columnValue(raw, column)).trim();
}

function evaluate(value: CompiledValue, raw: Raw): string {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'column': {
      let v = cell(raw, value.column);
      if (!v) return '';
      if (value.split) {
        const parts = v.split(value.split.separator).map((p) => p.trim());
        const index = value.split.part < 0 ? parts.length + value.split.part : value.split.part;
        v = parts[index] ?? '';
      }
      if (value.regex) {
        const m = value.regex.exec(v);
        v = m ? (m[1] ?? m[0]).trim() : value.keep ? v : '';
      }
      return v;
    }
    case 'join':
      return value.columns
        .map((c) => cell(raw, c))
        .filter(Boolean)
        .join(value.separator)
        .trim();
    case 'first':
      for (const source of value.sources) {
        const v = evaluate(source, raw);
        if (v) return v;
      }
      return '';
    case 'template': {
      let out = '';
      for (const part of value.parts) {
        if ('text' in part) out += part.text;
        else {
          const v = cell(raw, part.column);
          if (!v) return '';
          out += v;
        }
      }
      return out;
    }
  }
}

/**
 * Items of an enumeration-like cell: `;`, `|`, `,`, new lines and ` / ` separate values; brackets
 * and quotes around items are dropped (`{EPN,"Promeneur du net"}`, `["a","b"]`).
 */
export function cellItems(value: string): string[] {
  return value
    .split(/[;|,\n\r]|\s\/\s/)
    .map((s) => s.trim().replace(/^[[{"\s]+|[\]}"\s]+$/g, ''))
    .filter(Boolean);
}

function columnMatches(entry: CompiledEntry, value: string): boolean {
  if (!value) return false;
  const folded = fold(value);
  if (entry.except.some((term) => containsTerm(folded, term))) return false;
  if (entry.equals) {
    if (entry.equals.includes(folded)) return true;
    return cellItems(value).some((item) => entry.equals!.includes(fold(item)));
  }
  if (entry.contains) return entry.contains.some((term) => containsTerm(folded, term));
  if (entry.truthy) return parseBoolean(value) === true;
  return true;
}

/** Whether one of the entries matches the record (for `exclude` conditions). */
export function matchesAny(
  entries: readonly CompiledEntry[],
  raw: Readonly<Record<string, unknown>>,
): boolean {
  return entries.some((entry) => entry.columns?.some((c) => columnMatches(entry, cell(raw, c))));
}

function applyDictionary(dictionary: CompiledDictionary, raw: Raw): string[] {
  const targets: string[] = [];
  for (const entry of dictionary.entries) {
    if (!entry.target || targets.includes(entry.target)) continue;
    const hit = entry.columns ? entry.columns.some((c) => columnMatches(entry, cell(raw, c))) : true;
    if (hit) targets.push(entry.target);
  }
  return targets;
}

/** Parity column → OSM week selector; undefined when the cell says nothing usable. */
function weekSelector(value: string): string | undefined {
  const folded = fold(value);
  if (/\bimpaires?\b/.test(folded)) return 'week 01-53/2';
  if (/\bpaires?\b/.test(folded)) return 'week 02-52/2';
  return undefined;
}

function withWeekSelector(osm: string, selector: string): string {
  // Applies to the opening rules, not to `PH off` and other holiday rules.
  return osm
    .split(/\s*;\s*/)
    .map((rule) => (/^(?:PH|SH)\b/.test(rule) ? rule : `${selector} ${rule}`))
    .join('; ');
}

function applyHours(
  hours: CompiledHours,
  raw: Raw,
  note: (code: string, value: string, message: string) => void,
): string {
  const attempts: string[] = [];
  let result: string | undefined;
  if (hours.osm) {
    const value = cell(raw, hours.osm);
    if (value) {
      const normalized = normalizeHours(value);
      if (normalized.ok) {
        result = normalized.osm;
        for (const n of normalized.notes) note('horaires.rewritten', value, `horaires réécrits : ${n}.`);
      } else {
        const fromText = weekTextToOsm(value);
        if (fromText.ok) {
          result = fromText.osm;
          note('horaires.converted', value, `horaires écrits en français convertis en « ${fromText.osm} ».`);
        } else attempts.push(`« ${value} » : ${normalized.reason}`);
      }
    }
  }
  if (result === undefined && hours.days) {
    const columns: Partial<Record<OsmDay, string>> = {};
    // Joined with « / »: a space would let `12h 14h` read as 12:14 in the core converter.
    for (const [day, cols] of hours.days)
      columns[day] = cols
        .map((c) => cell(raw, c))
        .filter(Boolean)
        .join(' / ');
    const converted = convertDayColumnsToOsm(columns);
    if (converted.ok) {
      result = converted.osm;
      for (const n of converted.notes) note('horaires.rewritten', converted.osm, `horaires : ${n}.`);
    } else if (!converted.empty) attempts.push(converted.reason);
  }
  if (result === undefined && hours.text) {
    const value = hours.text
      .map((c) => cell(raw, c))
      .filter(Boolean)
      .join('\n');
    if (value) {
      const days = hours.textDays ? parseDaysText(cell(raw, hours.textDays)) : undefined;
      const converted = weekTextToOsm(value, days);
      if (converted.ok) {
        result = converted.osm;
        for (const n of converted.notes) note('horaires.rewritten', value, `horaires : ${n}.`);
      } else attempts.push(`« ${value.replace(/\s+/g, ' ').slice(0, 160)} » : ${converted.reason}`);
    }
  }
  if (result === undefined) {
    for (const reason of attempts)
      note('horaires.unreadable', reason, `horaires non repris, illisibles : ${reason}.`);
    return '';
  }
  if (hours.weekParity) {
    const parity = cell(raw, hours.weekParity);
    const selector = parity ? weekSelector(parity) : undefined;
    if (selector) result = withWeekSelector(result, selector);
    else if (parity)
      note(
        'horaires.parity',
        parity,
        `semaine d'ouverture « ${parity} » non comprise (paire ou impaire attendu).`,
      );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Field readers: the standard's type of each field decides how its text is read.
// ---------------------------------------------------------------------------------------------------------

const SINGLE_LINE = new Set([
  'id',
  'nom',
  'commune',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'telephone',
  'structure_parente',
  'source',
  'fiche_acces_libre',
  'prise_rdv',
]);

type Note = (code: string, value: string, message: string) => void;

function readEnumList(field: string, value: string, note: Note): string[] {
  const out: string[] = [];
  for (const item of cellItems(value)) {
    const canonical = enumValue(field, item);
    if (canonical) {
      if (!out.includes(canonical)) out.push(canonical);
    } else
      note('enum.unknown', item, `${field} : « ${item} » n'est pas une valeur du standard : valeur ignorée.`);
  }
  return out;
}

function readField(field: string, value: string, note: Note): string {
  const definition = FIELD_BY_NAME.get(field);
  if (!definition || !value) return value;
  if (definition.enumValues) return readEnumList(field, value, note).join('|');
  switch (field) {
    case 'typologie':
      return [...new Set(cellItems(value).map((v) => typologyCode(v) ?? v))].join('|');
    case 'courriels':
      return [
        ...new Set(
          value
            .split(/[\s;,|]+/)
            .map((v) => v.replace(/^mailto:/i, '').trim())
            .filter(Boolean),
        ),
      ].join('|');
    case 'site_web':
      return [
        ...new Set(
          value
            .split(/\s*(?:[;|\s]|,(?=\s*(?:https?:|www\.)))\s*/)
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ].join('|');
    case 'latitude':
    case 'longitude': {
      const n = parseNumber(value);
      if (n === undefined) {
        note('number.unreadable', value, `${field} : « ${value} » n'est pas un nombre : valeur ignorée.`);
        return '';
      }
      return formatNumber(n);
    }
    case 'date_maj': {
      const date = parseDate(value);
      if (!date) {
        note(
          'date.unreadable',
          value,
          `date_maj : « ${value} » n'est pas une date lisible : valeur ignorée.`,
        );
        return '';
      }
      return date;
    }
    case 'code_postal':
    case 'code_insee': {
      const compact = value.replace(/\s+/g, '');
      if (/^\d{4}$/.test(compact)) {
        note(
          `${field}.leading_zero`,
          value,
          `${field} « ${value} » complété en « 0${compact} » (zéro initial perdu par un tableur).`,
        );
        return `0${compact}`;
      }
      return /^(?:\d{5}|2[AB]\d{3})$/i.test(compact) ? compact.toUpperCase() : value;
    }
    case 'pivot':
      return /^[\d\s.]+$/.test(value) ? value.replace(/[\s.]/g, '') : value;
    default:
      return SINGLE_LINE.has(field) ? value.replace(/\s+/g, ' ') : value;
  }
}

function inRange(field: 'latitude' | 'longitude', value: string): boolean {
  const n = Number(value);
  return field === 'latitude' ? n >= -90 && n <= 90 : n >= -180 && n <= 180;
}

function derivedId(sourceId: string, record: Record<string, string>): string {
  const basis = [record.nom, record.adresse, record.code_postal, record.commune]
    .map((v) => fold(v ?? ''))
    .join('\u001f');
  return `${sourceId}-${createHash('sha256').update(basis).digest('hex').slice(0, 12)}`;
}

// ---------------------------------------------------------------------------------------------------------
// The mapping.
// ---------------------------------------------------------------------------------------------------------

/**
 * Applies a mapping (as written, or compiled once with `compileMapping` for speed) to one record.
 * Throws only a `DefinitionError` when given a mapping that was never checked and is invalid.
 */
export function applyMapping(
  mapping: Mapping | CompiledMapping,
  raw: Readonly<Record<string, unknown>>,
  ctx: MappingContext,
): MappingResult {
  const compiled = compiledOf(mapping);
  const notes: MappingNote[] = [];
  const record: Record<string, string> = {};
  for (const f of FIELDS) record[f.name] = '';

  for (const field of compiled.fields) {
    const note: Note = (code, value, message) => notes.push({ field: field.name, value, code, message });
    const definition = FIELD_BY_NAME.get(field.name)!;
    if (field.hours) {
      record.horaires = applyHours(field.hours, raw, note);
      continue;
    }
    if (field.dictionary) {
      const targets = applyDictionary(field.dictionary, raw);
      if (!targets.length) continue;
      if (definition.enumValues) {
        const merged = new Set([...record[field.name]!.split('|').filter(Boolean), ...targets]);
        record[field.name] = definition.enumValues.filter((v) => merged.has(v)).join('|');
      } else if (definition.list || field.name === 'autres_formations_labels') {
        const merged = new Set([...record[field.name]!.split('|').filter(Boolean), ...targets]);
        record[field.name] = [...merged].join('|');
      } else record[field.name] = targets[0]!;
      continue;
    }
    let value = field.value ? evaluate(field.value, raw) : '';
    if (!value && field.valueDefault !== undefined) value = field.valueDefault;
    if (field.name === 'horaires' && value) {
      const normalized = normalizeHours(value);
      if (normalized.ok) record.horaires = normalized.osm;
      else {
        const fromText = weekTextToOsm(value);
        if (fromText.ok) record.horaires = fromText.osm;
        else note('horaires.unreadable', value, `horaires non repris, illisibles : ${normalized.reason}.`);
      }
      continue;
    }
    record[field.name] = readField(field.name, value, note);
  }

  // Values of enumeration-like columns that no dictionary knows: the producer should see them.
  for (const [column, { fields, values, entries }] of compiled.known) {
    const value = cell(raw, column);
    if (!value || values.has(fold(value))) continue;
    for (const item of cellItems(value)) {
      if (values.has(fold(item)) || entries.some((entry) => columnMatches(entry, item))) continue;
      notes.push({
        field: fields[0]!,
        value: item,
        code: 'enum.unmatched',
        message: `« ${item} » (colonne « ${column} ») ne correspond à aucune entrée des dictionnaires (${fields.join(', ')}) : valeur ignorée.`,
      });
    }
  }

  // Projected coordinates, when the file has no latitude/longitude of its own.
  if (compiled.coordinates && !record.latitude && !record.longitude) {
    const { x, y } = compiled.coordinates;
    const xv = parseNumber(cell(raw, x));
    const yv = parseNumber(cell(raw, y));
    const note: Note = (code, value, message) => notes.push({ field: 'latitude', value, code, message });
    if (xv !== undefined && yv !== undefined) {
      if (xv > 0 && xv < 1_400_000 && yv > 6_000_000 && yv < 7_200_000) {
        const [lon, lat] = lambert93.inverse([xv, yv]);
        record.latitude = lat.toFixed(7).replace(/0+$/, '');
        record.longitude = lon.toFixed(7).replace(/0+$/, '');
      } else
        note(
          'coordinates.out_of_projection',
          `${cell(raw, x)} ${cell(raw, y)}`,
          `coordonnées « ${cell(raw, x)} ; ${cell(raw, y)} » hors de la France métropolitaine en Lambert-93 : ignorées.`,
        );
    } else if (cell(raw, x) || cell(raw, y))
      note(
        'number.unreadable',
        `${cell(raw, x)} ${cell(raw, y)}`,
        `coordonnées « ${cell(raw, x)} ; ${cell(raw, y)} » illisibles : ignorées.`,
      );
  }
  for (const field of ['latitude', 'longitude'] as const) {
    const value = record[field]!;
    if (value && !inRange(field, value)) {
      notes.push({
        field,
        value,
        code: 'coordinates.out_of_range',
        message:
          Math.abs(Number(value)) > 1000
            ? `${field} « ${value} » ressemble à une coordonnée projetée (mètres) : déclarez coordinates avec projection lambert93 dans la définition.`
            : `${field} « ${value} » hors des valeurs possibles : ignorée.`,
      });
      record[field] = '';
    }
  }

  for (const [field, values] of compiled.constants) {
    const definition = FIELD_BY_NAME.get(field)!;
    if (definition.enumValues) {
      const merged = new Set([...record[field]!.split('|').filter(Boolean), ...values]);
      record[field] = definition.enumValues.filter((v) => merged.has(v)).join('|');
    } else if (definition.list) {
      record[field] = [...new Set([...record[field]!.split('|').filter(Boolean), ...values])].join('|');
    } else record[field] = values[0] ?? '';
  }
  for (const [field, value] of compiled.defaults) {
    if (record[field]) continue;
    record[field] = value;
    notes.push({
      field,
      value,
      code: 'default.used',
      message: `${field} absent : valeur par défaut de la source « ${value} ».`,
    });
  }
  if (!record.id) {
    record.id = derivedId(ctx.sourceId, record);
    notes.push({
      field: 'id',
      value: record.id,
      code: 'id.derived',
      message: `identifiant absent : « ${record.id} » calculé à partir du nom et de l'adresse.`,
    });
  }
  return { record, notes };
}

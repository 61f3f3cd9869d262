/**
 * Compatibility with the previous national pipeline (mednum-cli): its `*.mednum-cli-config.json`
 * files are translated, at load, into this project's mapping format, so the configs producers and
 * the national team already wrote keep working.
 *
 * Their constructs: `{ colonne }` (`""` for code postal or commune: read them from the address),
 * `{ joindre: { colonnes, séparateur } }`, `{ dissocier: { colonne, séparateur, partie } }`,
 * `{ valeur }`, lists of choices `{ colonnes?, termes?, sauf?, cible }` (no colonnes: always;
 * no termes: the column is not empty; termes: the column contains one of them), `horaires` with
 * `osm` / `semaine` (a French sentence) / `jours: [{ colonne, osm }]`, and `semaine_ouverture`.
 *
 * Part of those configs target the standard v0.1 (`voie`, `courriel`, `labels_nationaux`,
 * `conditionAcces`, `publics_accueillis`, v0.1 service names…): their targets go through the same
 * v0.1 → v1.0.1 vocabulary as `migrateV0Record`, so a config and a migrated v0.1 file agree.
 * Whatever has no v1 equivalent is listed in `warnings`, never silently dropped.
 */
import { migrateV0Record } from '../../core/standard/migrate-v0.js';
import { FIELD_BY_NAME } from '../../core/standard/fields.js';
import type { OsmDay } from '../../core/hours/index.js';
import { canonicalTarget, checkKeys, text } from './compile.js';
import { DefinitionError } from './errors.js';
import type {
  ColumnRule,
  DictionaryEntry,
  DictionaryTarget,
  FieldRule,
  HoursRule,
  Mapping,
  ValueSource,
} from './types.js';

export interface MednumTranslation {
  mapping: Mapping;
  /** Plain-French remarks on targets without v1 equivalent and on empty columns. */
  warnings: string[];
}

/** Old target names → v1 field (plain renames). */
const RENAMED: Record<string, string> = {
  voie: 'adresse',
  courriel: 'courriels',
  accessibilite: 'fiche_acces_libre',
};

/** Old list targets whose values go through the v0.1 vocabulary (key → column name migrate-v0 reads). */
const V0_LISTS: Record<string, string> = {
  labels_nationaux: 'labels_nationaux',
  labels_autres: 'labels_autres',
  conditionAcces: 'conditions_acces',
  conditions_acces: 'conditions_acces',
  publics_accueillis: 'publics_accueillis',
};

/** v1 list fields that migrate-v0 also reads with v0 spellings (services, modalités, labels…). */
const V0_AWARE = new Set([
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'modalites_accompagnement',
  'autres_formations_labels',
]);

const LABEL_FIELDS = new Set(['dispositif_programmes_nationaux', 'formations_labels', 'labels_nationaux']);

const POSTCODE = '\\b(\\d{5})\\b';
const COMMUNE_AFTER_POSTCODE = '\\b\\d{5}\\b[\\s,]*([^,;\\n\\d]+)';
const STREET_BEFORE_POSTCODE = '^(.*?)[\\s,–-]*\\b\\d{5}\\b';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a v0.1 (or v1) target value lands in v1, through the migration's vocabulary. */
function translateTarget(
  field: string,
  cible: string,
  key: string,
  warnings: string[],
): Array<{ field: string; value: string }> {
  const v0Column = V0_LISTS[field];
  if (!v0Column) {
    try {
      return [{ field, value: canonicalTarget(field, cible, key) }];
    } catch (error) {
      if (!V0_AWARE.has(field)) throw error;
    }
  }
  const migrated = migrateV0Record({ [v0Column ?? field]: cible });
  const produced: Array<{ field: string; value: string }> = [];
  for (const [name, value] of Object.entries(migrated.record)) {
    if (name === 'id' || !value) continue;
    for (const v of value.split('|')) produced.push({ field: name, value: v });
  }
  if (!produced.length && LABEL_FIELDS.has(field)) {
    warnings.push(
      `${key} : « ${cible} » n'est ni un dispositif ni un label national v1 : placé dans autres_formations_labels.`,
    );
    return [{ field: 'autres_formations_labels', value: cible.trim() }];
  }
  const remarks = migrated.notes.filter(
    (n) => n.kind === 'dropped' || n.kind === 'unmapped' || n.code === 'value.approximate',
  );
  for (const n of remarks) warnings.push(`${key} : ${n.message}`);
  if (!produced.length && !remarks.length)
    warnings.push(`${key} : « ${cible} » sans équivalent en v1 : ignoré.`);
  return produced;
}

function columnOf(rule: Record<string, unknown>, key: string): string {
  return text(rule.colonne, `${key}.colonne`, { allowEmpty: true }).trim();
}

function translateScalar(rule: unknown, key: string): ValueSource | undefined {
  if (!isObject(rule))
    throw new DefinitionError('objet { colonne } / { joindre } / { dissocier } / { valeur } attendu.', {
      key,
    });
  if ('joindre' in rule) {
    checkKeys(rule, ['joindre', 'colonne'], key);
    const joindre = rule.joindre;
    if (!isObject(joindre))
      throw new DefinitionError('objet { colonnes, séparateur } attendu.', { key: `${key}.joindre` });
    checkKeys(joindre, ['colonnes', 'séparateur'], `${key}.joindre`);
    if (!Array.isArray(joindre.colonnes) || !joindre.colonnes.length)
      throw new DefinitionError('liste de colonnes attendue.', { key: `${key}.joindre.colonnes` });
    return {
      join: joindre.colonnes.map((c, i) => text(c, `${key}.joindre.colonnes[${i}]`)),
      separator: text(joindre['séparateur'] ?? ' ', `${key}.joindre.séparateur`, { allowEmpty: true }),
    };
  }
  if ('dissocier' in rule) {
    checkKeys(rule, ['dissocier', 'colonne'], key);
    const d = rule.dissocier;
    if (!isObject(d))
      throw new DefinitionError('objet { colonne, séparateur, partie } attendu.', {
        key: `${key}.dissocier`,
      });
    checkKeys(d, ['colonne', 'séparateur', 'partie'], `${key}.dissocier`);
    const part = d.partie;
    if (typeof part !== 'number' || !Number.isInteger(part))
      throw new DefinitionError('numéro de partie entier attendu.', { key: `${key}.dissocier.partie` });
    return {
      column: text(d.colonne, `${key}.dissocier.colonne`),
      split: { separator: text(d['séparateur'], `${key}.dissocier.séparateur`, { allowEmpty: true }), part },
    };
  }
  if ('valeur' in rule) {
    checkKeys(rule, ['valeur'], key);
    return { value: text(rule.valeur, `${key}.valeur`, { allowEmpty: true }) };
  }
  checkKeys(rule, ['colonne'], key);
  const column = columnOf(rule, key);
  return column || undefined;
}

function translateChoices(
  field: string,
  choices: unknown[],
  key: string,
  fields: Record<string, FieldRule>,
  warnings: string[],
): void {
  choices.forEach((choice, i) => {
    const at = `${key}[${i}]`;
    if (!isObject(choice))
      throw new DefinitionError('objet { colonnes, termes, sauf, cible } attendu.', { key: at });
    checkKeys(choice, ['colonnes', 'termes', 'sauf', 'cible'], at);
    if (choice.cible === undefined) throw new DefinitionError('cible manquante.', { key: `${at}.cible` });
    const cible = text(choice.cible, `${at}.cible`);
    const list = (value: unknown, name: string): string[] | undefined => {
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) throw new DefinitionError('liste attendue.', { key: `${at}.${name}` });
      return value
        .map((v, j) => text(v, `${at}.${name}[${j}]`, { allowEmpty: true }))
        .filter((v) => v.trim());
    };
    const colonnes = list(choice.colonnes, 'colonnes');
    const termes = list(choice.termes, 'termes');
    const sauf = list(choice.sauf, 'sauf');
    for (const target of translateTarget(field, cible, `${at}.cible`, warnings)) {
      const entry: DictionaryTarget = { target: target.value };
      if (colonnes?.length) entry.columns = [...new Set(colonnes)];
      if (entry.columns && termes?.length) entry.contains = [...new Set(termes)];
      if (entry.columns && sauf?.length) entry.except = [...new Set(sauf)];
      const existing = fields[target.field];
      if (existing !== undefined && !Array.isArray(existing))
        throw new DefinitionError(
          `${target.field} est déjà défini par une colonne : choix impossible en plus.`,
          {
            key: at,
          },
        );
      fields[target.field] = [...((existing as DictionaryEntry[] | undefined) ?? []), entry];
    }
  });
}

function translateHours(rule: unknown, key: string): HoursRule {
  if (!isObject(rule)) throw new DefinitionError('objet { osm } / { semaine } / { jours } attendu.', { key });
  checkKeys(rule, ['osm', 'semaine', 'jours'], key);
  const out: HoursRule = {};
  if (rule.osm !== undefined) out.osm = text(rule.osm, `${key}.osm`);
  if (rule.semaine !== undefined) out.text = text(rule.semaine, `${key}.semaine`);
  if (rule.jours !== undefined) {
    if (!Array.isArray(rule.jours))
      throw new DefinitionError('liste de { colonne, osm } attendue.', { key: `${key}.jours` });
    const days: Partial<Record<OsmDay, string | string[]>> = {};
    rule.jours.forEach((day, i) => {
      const at = `${key}.jours[${i}]`;
      if (!isObject(day)) throw new DefinitionError('objet { colonne, osm } attendu.', { key: at });
      checkKeys(day, ['colonne', 'osm'], at);
      const osm = text(day.osm, `${at}.osm`) as OsmDay;
      if (!['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].includes(osm))
        throw new DefinitionError(`jour OSM « ${osm} » inconnu (Mo, Tu, We, Th, Fr, Sa, Su).`, {
          key: `${at}.osm`,
        });
      days[osm] = Array.isArray(day.colonne)
        ? day.colonne.map((c, j) => text(c, `${at}.colonne[${j}]`))
        : text(day.colonne, `${at}.colonne`);
    });
    out.days = days;
  }
  return out;
}

/**
 * Translates one mednum-cli config (parsed JSON). Throws a `DefinitionError` (with `file` when
 * given) for constructs it does not know; returns warnings for what v1 cannot express.
 */
export function translateMednumConfig(config: unknown, file?: string): MednumTranslation {
  try {
    return translate(config);
  } catch (error) {
    if (error instanceof DefinitionError && file !== undefined && error.file === undefined) error.file = file;
    throw error;
  }
}

function translate(config: unknown): MednumTranslation {
  if (!isObject(config)) throw new DefinitionError('la configuration doit être un objet JSON.');
  const fields: Record<string, FieldRule> = {};
  const warnings: string[] = [];
  let hours: HoursRule | undefined;
  let parity: string | undefined;
  const emptyColumns = new Set<string>();

  for (const [name, rule] of Object.entries(config)) {
    if (name === 'horaires') {
      hours = translateHours(rule, name);
      continue;
    }
    if (name === 'semaine_ouverture') {
      if (!isObject(rule)) throw new DefinitionError('objet { colonne } attendu.', { key: name });
      checkKeys(rule, ['colonne'], name);
      parity = columnOf(rule, name) || undefined;
      continue;
    }
    if (Array.isArray(rule)) {
      const field = RENAMED[name] ?? name;
      if (!FIELD_BY_NAME.has(field) && !V0_LISTS[field])
        throw new DefinitionError(
          `« ${name} » n'est ni un champ du standard v1.0.1 ni un champ v0.1 connu.`,
          { key: name },
        );
      translateChoices(field, rule, name, fields, warnings);
      continue;
    }
    const field = RENAMED[name] ?? name;
    if (!FIELD_BY_NAME.has(field))
      throw new DefinitionError(`« ${name} » n'est ni un champ du standard v1.0.1 ni un champ v0.1 connu.`, {
        key: name,
      });
    const source = translateScalar(rule, name);
    if (source === undefined) emptyColumns.add(field);
    else if (fields[field] !== undefined)
      throw new DefinitionError(`${field} est défini deux fois (${name} et son ancien ou nouveau nom).`, {
        key: name,
      });
    else fields[field] = source;
  }

  // `colonne: ""` for code postal or commune: the old pipeline read them from the address.
  const needsPostcode = emptyColumns.has('code_postal');
  const needsCommune = emptyColumns.has('commune');
  if (needsPostcode || needsCommune) {
    const address = fields.adresse;
    if (typeof address !== 'string')
      throw new DefinitionError(
        'code_postal ou commune sans colonne : ils se lisent dans l’adresse, qui doit alors être une seule colonne.',
        { key: needsPostcode ? 'code_postal' : 'commune' },
      );
    fields.adresse = {
      column: address,
      regex: STREET_BEFORE_POSTCODE,
      keepIfNoMatch: true,
    } satisfies ColumnRule;
    if (needsPostcode) fields.code_postal = { column: address, regex: POSTCODE };
    if (needsCommune) fields.commune = { column: address, regex: COMMUNE_AFTER_POSTCODE };
  }
  for (const field of emptyColumns) {
    if (field === 'code_postal' || field === 'commune') continue;
    warnings.push(
      field === 'date_maj'
        ? 'date_maj sans colonne : donnez une date par défaut (mapping.defaults.date_maj) dans la définition de la source.'
        : `${field} sans colonne : champ laissé vide.`,
    );
  }

  if (hours || parity) {
    if (!hours) warnings.push('semaine_ouverture sans horaires : ignorée.');
    else {
      if (parity) hours.weekParity = parity;
      if (hours.osm || hours.days || hours.text) fields.horaires = hours;
    }
  }
  return { mapping: { fields }, warnings };
}

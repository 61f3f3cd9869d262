/**
 * Field definitions of the standard v1.0.1: names, order, types, constraints.
 * Hand-written (the product cannot read ../shared at run time) and checked against the official
 * schema file by test/core/standard/schema-drift.test.ts.
 */
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from './enums.js';

export const STANDARD_VERSION = '1.0.1';

export type FieldType = 'string' | 'number' | 'date';

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly unique?: boolean;
  /** The schema's own regular expression source, verbatim. */
  readonly pattern?: string;
  readonly maxLength?: number;
  /** For `|`-separated enumerated lists: the allowed values. */
  readonly enumValues?: readonly string[];
  /** `|`-separated list (enumerated or free, e.g. courriels). */
  readonly list?: boolean;
  /** French label for people (producers, UI). */
  readonly label: string;
}

const TELEPHONE_PATTERN =
  '^(\\+33|\\+590|\\+594|\\+262|\\+596|\\+269|\\+687|\\+689|\\+508|\\+681)(\\d){6,9}$';

/** Builds the schema's enumeration pattern: only anchored at the end, as published. */
export function enumerationPattern(values: readonly string[]): string {
  const escaped = values.map((v) => v.replace(/[()]/g, (c) => `\\${c}`));
  return `(?:(?:^|\\|)(${escaped.join('|')}))+$`;
}

function enumField(name: string, label: string, values: readonly string[]): FieldDefinition {
  return {
    name,
    label,
    type: 'string',
    required: false,
    list: true,
    enumValues: values,
    pattern: enumerationPattern(values),
  };
}

export const FIELDS: readonly FieldDefinition[] = [
  { name: 'id', label: 'Identifiant', type: 'string', required: true, unique: true },
  {
    name: 'pivot',
    label: 'SIRET, RNA ou RIDET',
    type: 'string',
    required: true,
    pattern: '^[a-zA-Z0-9]{9,14}$',
  },
  { name: 'nom', label: 'Nom', type: 'string', required: true },
  { name: 'commune', label: 'Commune', type: 'string', required: true },
  { name: 'code_postal', label: 'Code postal', type: 'string', required: true, pattern: '^\\d{5}$' },
  {
    name: 'code_insee',
    label: 'Code INSEE',
    type: 'string',
    required: false,
    pattern: '^([013-9]\\d|2[AB1-9])\\d{3}$',
  },
  { name: 'adresse', label: 'Adresse', type: 'string', required: true },
  { name: 'complement_adresse', label: "Complément d'adresse", type: 'string', required: false },
  { name: 'latitude', label: 'Latitude', type: 'number', required: false },
  { name: 'longitude', label: 'Longitude', type: 'number', required: false },
  { name: 'typologie', label: 'Typologie', type: 'string', required: false, list: true },
  { name: 'telephone', label: 'Téléphone', type: 'string', required: false, pattern: TELEPHONE_PATTERN },
  { name: 'courriels', label: 'Courriels', type: 'string', required: false, list: true },
  { name: 'site_web', label: 'Site web', type: 'string', required: false, list: true },
  { name: 'horaires', label: 'Horaires', type: 'string', required: false },
  {
    name: 'presentation_resume',
    label: 'Présentation résumée',
    type: 'string',
    required: false,
    maxLength: 280,
  },
  { name: 'presentation_detail', label: 'Présentation détaillée', type: 'string', required: false },
  { name: 'source', label: 'Source', type: 'string', required: false },
  {
    name: 'itinerance',
    label: 'Itinérance',
    type: 'string',
    required: false,
    list: true,
    enumValues: ITINERANCE,
    pattern: enumerationPattern(ITINERANCE),
  },
  { name: 'structure_parente', label: 'Structure parente', type: 'string', required: false },
  { name: 'date_maj', label: 'Date de mise à jour', type: 'date', required: true },
  enumField('services', 'Services', SERVICES),
  enumField(
    'publics_specifiquement_adresses',
    'Publics spécifiquement adressés',
    PUBLICS_SPECIFIQUEMENT_ADRESSES,
  ),
  enumField('prise_en_charge_specifique', 'Prise en charge spécifique', PRISE_EN_CHARGE_SPECIFIQUE),
  enumField('frais_a_charge', 'Frais à charge', FRAIS_A_CHARGE),
  enumField(
    'dispositif_programmes_nationaux',
    'Dispositifs et programmes nationaux',
    DISPOSITIF_PROGRAMMES_NATIONAUX,
  ),
  enumField('formations_labels', 'Formations et labels', FORMATIONS_LABELS),
  { name: 'autres_formations_labels', label: 'Autres formations et labels', type: 'string', required: false },
  enumField('modalites_acces', "Modalités d'accès", MODALITES_ACCES),
  enumField('modalites_accompagnement', "Modalités d'accompagnement", MODALITES_ACCOMPAGNEMENT),
  { name: 'fiche_acces_libre', label: 'Fiche Acceslibre', type: 'string', required: false },
  { name: 'prise_rdv', label: 'Prise de rendez-vous', type: 'string', required: false },
];

export const FIELD_NAMES = FIELDS.map((f) => f.name);

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDefinition> = new Map(FIELDS.map((f) => [f.name, f]));

/** Names of the enumerated list fields, in schema order. */
export const ENUM_FIELD_NAMES = FIELDS.filter((f) => f.enumValues).map((f) => f.name);

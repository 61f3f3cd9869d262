/**
 * Shared by the validation, conformance and schema-drift tests: where the shared reference material
 * lives, the official schema, and a valid base record to mutate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlatRecord } from '../../../src/core/standard/types.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHARED = resolve(REPO_ROOT, '../shared');
export const SCHEMA_PATH = resolve(SHARED, 'data/standard/schema-v1.0.1.json');
export const EXAMPLE_CSV = resolve(SHARED, 'data/standard/exemple-valide-v1.0.1.csv');
export const HAS_SHARED = existsSync(SCHEMA_PATH);
export const SKIP_REASON = `../shared absent (${SHARED}): tests on the official schema skipped`;

export interface SchemaField {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; maxLength?: number };
}

export function readSchema(): { version: string; primaryKey: string; fields: SchemaField[] } {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
    version: string;
    primaryKey: string;
    fields: SchemaField[];
  };
}

const ENUM_PREFIX = '(?:(?:^|\\|)(';
const ENUM_SUFFIX = '))+$';

/** Parses the allowed values out of one of the schema's enumeration patterns; undefined if not one. */
export function enumerationFromPattern(pattern: string): string[] | undefined {
  if (!pattern.startsWith(ENUM_PREFIX) || !pattern.endsWith(ENUM_SUFFIX)) return undefined;
  const body = pattern.slice(ENUM_PREFIX.length, -ENUM_SUFFIX.length);
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      current += body[i + 1] ?? '';
      i++;
    } else if (c === '|') {
      values.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  values.push(current);
  return values;
}

/** The schema's own valid example (exemple-valide-v1.0.1.csv), as a record. */
export function validBaseRecord(): FlatRecord {
  return {
    id: 'structure-1',
    pivot: '43493312300029',
    nom: 'Anonymal',
    commune: 'Reims',
    code_postal: '51100',
    code_insee: '51454',
    adresse: '12 BIS RUE DE LECLERCQ',
    complement_adresse: "Le patio du bois de l'Aulne",
    latitude: '43.52609',
    longitude: '5.41423',
    typologie: 'TIERS_LIEUX|ASSO',
    telephone: '+33180059880',
    courriels: 'contact@laquincaillerie.tl|responsable@laquincaillerie.tl',
    site_web: 'https://www.laquincaillerie.tl/|https://m.facebook.com/laquincaillerienumerique/',
    horaires: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00',
    presentation_resume:
      'Notre association propose des formations aux outils numériques à destination des personnes âgées.',
    presentation_detail:
      "Notre parcours d'initiation permet l'acquisition de compétences numériques de base.",
    source: 'Hubik',
    itinerance: 'Itinérant',
    structure_parente: 'SIRET de la ville pour une bibliothèque.',
    date_maj: '2024-04-02',
    services:
      'Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Loisirs et créations numériques',
    publics_specifiquement_adresses: 'Jeunes|Femmes',
    prise_en_charge_specifique: 'Surdité|Illettrisme|Langues étrangères (anglais)',
    frais_a_charge: 'Gratuit sous condition|Payant',
    dispositif_programmes_nationaux: 'Aidants Connect|Conseillers numériques|La Croix Rouge',
    formations_labels: 'Formé à « Mon Espace Santé »|Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
    autres_formations_labels: 'Label et la bête',
    modalites_acces: 'Se présenter|Téléphoner',
    modalites_accompagnement: 'Dans un atelier collectif|À distance|En autonomie|Accompagnement individuel',
    fiche_acces_libre:
      'https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/a/bibliotheque-mediatheque/erp/mediatheque-13/',
    prise_rdv: 'https://www.rdv-solidarites.fr/',
  };
}

/** A date the base record's `date_maj` is fresh at (no freshness warning). */
export const BASE_NOW = new Date('2024-06-01T12:00:00Z');

/**
 * Response schemas shared by routes (documentation: the OpenAPI document and `/api/docs`). Lieu fields
 * are generated from the standard's field definitions, so a field added to the standard appears here.
 */
import { FIELDS } from '../core/standard/fields.js';
import { PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemKind } from './problem.js';
import type { JsonSchema } from './schema.js';
import type { ResponseDoc } from './openapi.js';

function fieldSchema(field: (typeof FIELDS)[number]): JsonSchema {
  const description = field.label;
  if (field.type === 'number') return { type: 'number', description };
  if (field.list) {
    const items: JsonSchema = field.enumValues
      ? { type: 'string', enum: field.enumValues }
      : { type: 'string' };
    return { type: 'array', items, description };
  }
  return { type: 'string', description: field.type === 'date' ? `${description} (AAAA-MM-JJ)` : description };
}

const standardProperties = Object.fromEntries(
  FIELDS.filter((f) => f.name !== 'id').map((f) => [f.name, fieldSchema(f)]),
);

const territoryProperties: Record<string, JsonSchema> = {
  departement: { type: ['string', 'null'], description: 'Code du département (depuis le code INSEE).' },
  region: { type: ['string', 'null'], description: 'Code de la région.' },
  epci: { type: ['string', 'null'], description: 'SIREN de l’intercommunalité.' },
};

/** A lieu in a list: the standard's fields typed (lists as arrays), without `presentation_detail`. */
export const LIEU_ITEM: JsonSchema = {
  'x-name': 'LieuResume',
  type: 'object',
  required: ['id', 'nom', 'commune', 'code_postal', 'adresse', 'correspondances'],
  properties: {
    id: { type: 'string', description: 'Identifiant national du lieu, stable d’une version à l’autre.' },
    ...Object.fromEntries(Object.entries(standardProperties).filter(([k]) => k !== 'presentation_detail')),
    ...territoryProperties,
    qualite: { type: ['number', 'null'], description: 'Score de qualité des données (0 à 100).' },
    sources: { type: 'array', items: { type: 'string' }, description: 'Sources fusionnées dans ce lieu.' },
    distance_km: { type: 'number', description: 'Distance depuis pres_de, en kilomètres (avec pres_de).' },
    ouvert_maintenant: {
      type: 'boolean',
      description:
        'Ouvert à l’instant de la requête (heure de Paris) ; absent quand les horaires sont inconnus.',
    },
    correspondances: {
      type: 'array',
      items: { type: 'string' },
      description: 'Pourquoi le lieu correspond à la recherche, un critère par entrée.',
    },
  },
};

const weekDay: JsonSchema = {
  type: 'object',
  properties: {
    weekday: { type: 'integer', description: '0 = lundi … 6 = dimanche' },
    date: { type: 'string' },
    label: { type: 'string' },
    ranges: {
      type: 'array',
      items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    },
    holiday: { type: 'string', description: 'Jour férié.' },
    comment: { type: 'string' },
  },
};

export const LIEU_DETAIL: JsonSchema = {
  'x-name': 'Lieu',
  type: 'object',
  required: ['id', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj', 'version'],
  properties: {
    id: LIEU_ITEM.properties!.id!,
    ...standardProperties,
    ...territoryProperties,
    qualite: {
      type: ['object', 'null'],
      description: 'Score de qualité et son détail.',
      properties: { score: { type: 'number' }, details: { type: 'object' } },
    },
    sources: LIEU_ITEM.properties!.sources!,
    geocodage: {
      type: ['object', 'null'],
      description: 'Origine des coordonnées (méthode, précision, score).',
      properties: { method: { type: 'string' }, precision: { type: 'string' }, score: { type: 'number' } },
    },
    horaires_valides: {
      type: 'boolean',
      description: 'Les horaires ont pu être lus (format OSM opening_hours).',
    },
    ouvert_maintenant: LIEU_ITEM.properties!.ouvert_maintenant!,
    statut: { type: 'string', description: 'Statut en clair, par exemple « Ouvert · ferme à 17:30 ».' },
    semaine: {
      type: 'array',
      items: weekDay,
      description: 'Horaires de la semaine en cours, jours fériés compris.',
    },
    version: { type: 'integer', description: 'Version du jeu de données.' },
    liens: {
      type: 'object',
      properties: {
        page: { type: 'string', description: 'Page du lieu (HTML).' },
        provenance: { type: 'string', description: 'Provenance des valeurs et fusions.' },
      },
    },
  },
};

export const PROBLEM: JsonSchema = {
  'x-name': 'Probleme',
  type: 'object',
  description: 'Erreur au format RFC 9457 (application/problem+json).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Nature du problème (référence vers la documentation).' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'Explication en français.' },
    instance: { type: 'string', description: 'Adresse demandée.' },
    request_id: {
      type: 'string',
      description: 'Identifiant de la requête (en-tête x-request-id), à citer pour un signalement.',
    },
    errors: {
      type: 'array',
      description: 'Un élément par paramètre invalide.',
      items: {
        type: 'object',
        required: ['param', 'value', 'message'],
        properties: { param: { type: 'string' }, value: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const DESCRIPTIONS: Record<ProblemKind, string> = {
  'parametres-invalides': 'Paramètre invalide : chaque erreur est détaillée dans « errors ».',
  introuvable: 'Ressource introuvable.',
  'methode-non-autorisee': 'Méthode non autorisée.',
  'trop-de-requetes': 'Trop de requêtes : attendre la durée indiquée par l’en-tête Retry-After.',
  indisponible: 'Jeu de données pas encore chargé (démarrage) : réessayer après Retry-After.',
  'erreur-interne': 'Erreur interne.',
};

/** Problem responses of a route, by kind. */
export function problems(...kinds: ProblemKind[]): Record<string, ResponseDoc> {
  return Object.fromEntries(
    kinds.map((kind) => [
      String(PROBLEMS[kind].status),
      {
        description: DESCRIPTIONS[kind],
        content: { [PROBLEM_CONTENT_TYPE.split(';')[0]!]: { schema: PROBLEM } },
      },
    ]),
  );
}

export function json(description: string, schema: JsonSchema, example?: unknown): ResponseDoc {
  return {
    description,
    content: { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } },
  };
}

/** Headers of every cacheable read, for the documentation. */
export const CACHE_HEADERS: ResponseDoc['headers'] = {
  ETag: {
    description: 'Version du jeu de données et empreinte de la requête : à renvoyer dans If-None-Match.',
    schema: { type: 'string' },
  },
  'X-Dataset-Version': {
    description: 'Version du jeu de données qui a servi la réponse.',
    schema: { type: 'integer' },
  },
};

/**
 * The one codec between a `Query` and its text form, used by the API query string AND the front end's
 * URL state. `QUERY_PARAMS` describes every parameter (for the OpenAPI schema and the docs);
 * `parseQueryParams` validates with plain-French errors; `formatQueryParams` writes the canonical form,
 * so that `parseQueryParams(formatQueryParams(q))` gives back `q` exactly.
 *
 * Conventions:
 * - list parameters accept repeated parameters (`services=A&services=B`) and `|`-separated values
 *   (`services=A|B`), or both; duplicates are dropped, order kept; the canonical form uses `|`;
 * - enumerated values are matched ignoring case and accents, and written as the standard spells them;
 * - booleans: `oui`/`non` (also `true`/`false`, `1`/`0`); written `oui`/`non`;
 * - pagination is `offset` (0-based) and `limit` (0 returns only the total); no page numbers, so that
 *   any window round-trips exactly;
 * - an empty value is the same as an absent parameter (what HTML forms send);
 * - unknown parameters are errors, except names the caller declares in `extraParams`.
 */
import { TYPOLOGIES } from '../standard/enums.js';
import { OPEN_AT_PATTERN, foldName, parseOpenAt } from './deps.js';
import { MAX_LIMIT } from './run.js';
import { compareCodeUnits } from './text.js';
import { ENUM_FILTERS, ENUM_FILTER_FIELDS } from './types.js';
import type { BBox, EnumFilterField, LatLon, Query, Slot, SortOrder, Weekday } from './types.js';

export interface QueryParamDescriptor {
  name: string;
  /** JSON-schema-like scalar type of one value. */
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** Several values allowed (repeated or `|`-separated). */
  list: boolean;
  /** Allowed values, when enumerated (for booleans: the canonical spellings). */
  values?: readonly string[];
  /**
   * Regular expression (ECMA-262) that one value must match — one item for list parameters — before the
   * parser's checks of meaning (ranges, real dates). The parser itself applies it.
   */
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  example: string;
  /** For people reading the API documentation, in French. */
  description: string;
}

export interface QueryParamError {
  param: string;
  value: string;
  message: string;
}

export type ParseResult = { ok: true; query: Query } | { ok: false; errors: QueryParamError[] };

export interface ParseOptions {
  /** Parameter names the caller handles itself (e.g. `format`); they are ignored, not rejected. */
  extraParams?: readonly string[];
  /** Largest accepted `limit` (defaults to the engine's maximum, 1000). */
  maxLimit?: number;
}

/** Day codes of `creneaux`, lundi first: the French two-letter abbreviations. */
export const DAY_CODES = ['lu', 'ma', 'me', 'je', 've', 'sa', 'di'] as const;
// OSM opening_hours spellings are accepted too: people copy them from `horaires`.
const OSM_DAY_CODES = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

export const MAX_Q_LENGTH = 200;
const TYPOLOGIE_CODES = Object.keys(TYPOLOGIES).sort(compareCodeUnits);

const SORT_NAMES: Record<string, SortOrder> = { distance: 'distance', nom: 'name' };
const SORT_PARAM: Record<SortOrder, string> = { distance: 'distance', name: 'nom' };

const ENUM_DESCRIPTIONS: Record<EnumFilterField, string> = {
  services: 'Services proposés (au moins un des services donnés).',
  publics_specifiquement_adresses: 'Publics spécifiquement adressés (au moins un).',
  prise_en_charge_specifique: 'Prises en charge spécifiques (au moins une).',
  frais_a_charge: 'Frais à charge (au moins une des modalités).',
  itinerance: 'Itinérance : lieu itinérant ou fixe (au moins une des valeurs).',
  dispositif_programmes_nationaux: 'Dispositifs et programmes nationaux (au moins un).',
  formations_labels: 'Formations et labels (au moins un).',
  modalites_acces: "Modalités d'accès (au moins une).",
  modalites_accompagnement: "Modalités d'accompagnement (au moins une).",
};

const BOOLEAN_VALUES = ['oui', 'non'] as const;

export const QUERY_PARAMS: readonly QueryParamDescriptor[] = [
  {
    name: 'q',
    type: 'string',
    list: false,
    maxLength: MAX_Q_LENGTH,
    example: 'médiathèque lyon',
    description:
      'Recherche dans le nom et la commune : chaque mot doit commencer un mot du nom ou de la commune (majuscules et accents ignorés).',
  },
  ...ENUM_FILTER_FIELDS.map((field): QueryParamDescriptor => ({
    name: field,
    type: 'string',
    list: true,
    values: ENUM_FILTERS[field],
    example: ENUM_FILTERS[field][0],
    description: `${ENUM_DESCRIPTIONS[field]} Plusieurs valeurs : répéter le paramètre ou les séparer par « | ».`,
  })),
  {
    name: 'typologie',
    type: 'string',
    list: true,
    values: TYPOLOGIE_CODES,
    example: 'BIB',
    description: 'Types de structure (codes de la typologie nationale, au moins un).',
  },
  {
    name: 'regions',
    type: 'string',
    list: true,
    pattern: '^\\d{2}$',
    example: '84',
    description: 'Codes INSEE de régions (au moins une).',
  },
  {
    name: 'departements',
    type: 'string',
    list: true,
    pattern: '^(\\d{2}|2[ABab]|97\\d)$',
    example: '69',
    description: 'Codes INSEE de départements (au moins un).',
  },
  {
    name: 'communes',
    type: 'string',
    list: true,
    pattern: '^([013-9]\\d|2[ABab1-9])\\d{3}$',
    example: '69123',
    description:
      "Codes INSEE de communes (au moins une) ; le code d'une commune à arrondissements inclut ses arrondissements.",
  },
  {
    name: 'epci',
    type: 'string',
    list: true,
    pattern: '^\\d{9}$',
    example: '200046977',
    description: 'Numéros SIREN d’intercommunalités (EPCI, au moins une).',
  },
  {
    name: 'ouvert_maintenant',
    type: 'boolean',
    list: false,
    values: BOOLEAN_VALUES,
    example: 'oui',
    description:
      'Seulement les lieux ouverts maintenant (heure de Paris, jours fériés compris). Incompatible avec ouvert_le.',
  },
  {
    name: 'ouvert_le',
    type: 'string',
    list: false,
    pattern: OPEN_AT_PATTERN,
    example: '2025-06-14T10:00',
    description:
      'Seulement les lieux ouverts à cette date et heure (ISO 8601) ; sans fuseau, l’heure est celle de Paris.',
  },
  {
    name: 'creneaux',
    type: 'string',
    list: true,
    pattern: '^[A-Za-z]{2}:\\d{2}:\\d{2}-\\d{2}:\\d{2}$',
    example: 'sa:09:00-12:00',
    description:
      'Lieux ouverts à un moment du créneau (au moins un créneau) : jour (lu, ma, me, je, ve, sa, di) et plage horaire HH:MM-HH:MM.',
  },
  {
    name: 'pres_de',
    type: 'string',
    list: false,
    pattern: '^-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?$',
    example: '45.764,4.8357',
    description: 'Point de référence « latitude,longitude » : ajoute la distance et trie par distance.',
  },
  {
    name: 'rayon_km',
    type: 'number',
    list: false,
    minimum: 0,
    maximum: 20000,
    example: '10',
    description:
      'Avec pres_de : seulement les lieux à moins de ce nombre de kilomètres (adresse de rattachement pour les lieux itinérants).',
  },
  {
    name: 'bbox',
    type: 'string',
    list: false,
    pattern: '^-?\\d+(\\.\\d+)?(\\s*,\\s*-?\\d+(\\.\\d+)?){3}$',
    example: '4.7,45.7,4.9,45.8',
    description: 'Zone « ouest,sud,est,nord » en degrés : seulement les lieux situés dedans.',
  },
  {
    name: 'gratuit',
    type: 'boolean',
    list: false,
    values: BOOLEAN_VALUES,
    example: 'oui',
    description: 'oui : lieux dont les frais à charge incluent « Gratuit » ; non : les autres.',
  },
  {
    name: 'rdv_en_ligne',
    type: 'boolean',
    list: false,
    values: BOOLEAN_VALUES,
    example: 'oui',
    description: 'oui : lieux proposant une prise de rendez-vous en ligne ; non : les autres.',
  },
  {
    name: 'itinerant',
    type: 'boolean',
    list: false,
    values: BOOLEAN_VALUES,
    example: 'non',
    description: 'oui : lieux itinérants ; non : lieux non itinérants.',
  },
  {
    name: 'tri',
    type: 'string',
    list: false,
    values: ['distance', 'nom'],
    example: 'nom',
    description:
      'Ordre des résultats : distance (nécessite pres_de, par défaut avec pres_de) ou nom (par défaut sinon).',
  },
  {
    name: 'offset',
    type: 'integer',
    list: false,
    minimum: 0,
    example: '0',
    description: 'Nombre de résultats à sauter (pagination, à partir de 0).',
  },
  {
    name: 'limit',
    type: 'integer',
    list: false,
    minimum: 0,
    maximum: MAX_LIMIT,
    example: '20',
    description: `Nombre de résultats par page (20 par défaut, ${MAX_LIMIT} au plus ; 0 pour n’obtenir que le total).`,
  },
];

const DESCRIPTOR_BY_NAME = new Map(QUERY_PARAMS.map((d) => [d.name, d]));
const PATTERNS = new Map(QUERY_PARAMS.filter((d) => d.pattern).map((d) => [d.name, new RegExp(d.pattern!)]));

/** Whether a value has the syntax its descriptor documents. */
function wellFormed(name: string, value: string): boolean {
  return PATTERNS.get(name)?.test(value) ?? true;
}

type RawParams = URLSearchParams | Record<string, string | readonly string[] | undefined>;

function collect(params: RawParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(value);
  };
  if (params instanceof URLSearchParams) {
    for (const [name, value] of params) add(name, value);
  } else {
    for (const name of Object.keys(params).sort(compareCodeUnits)) {
      const value = params[name];
      if (value === undefined) continue;
      for (const v of typeof value === 'string' ? [value] : value) add(name, v);
    }
  }
  return out;
}

function listValues(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of raw) {
    for (const part of value.split('|')) {
      const item = part.trim();
      if (item && !out.includes(item)) out.push(item);
    }
  }
  return out;
}

function foldedKey(value: string): string {
  return foldName(value, { expand: false });
}

// Built once: folding every allowed value on each request cost as much as the query itself.
const ENUM_BY_KEY = new Map(
  ENUM_FILTER_FIELDS.map((field) => [
    field,
    new Map((ENUM_FILTERS[field] as readonly string[]).map((v) => [foldedKey(v), v])),
  ]),
);
const TYPOLOGIE_BY_KEY = new Map(TYPOLOGIE_CODES.map((code) => [code.toUpperCase(), code]));

const NUMBER = /^-?\d+(\.\d+)?$/;

function parseTime(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Formats a number so that `Number(text)` gives it back exactly, in plain decimal notation (`1e-7` is
 * written `0.0000001`): the parser, like people, expects no exponent.
 */
function formatNumber(value: number): string {
  const text = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const exponent = Number(m[4]);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const point = exponent + 1;
  return digits.length <= point
    ? sign + digits + '0'.repeat(point - digits.length)
    : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function parseQueryParams(params: RawParams, options: ParseOptions = {}): ParseResult {
  const errors: QueryParamError[] = [];
  const query: Query = {};
  const raw = collect(params);
  const maxLimit = Math.min(options.maxLimit ?? MAX_LIMIT, MAX_LIMIT);
  const extra = new Set(options.extraParams ?? []);
  const fail = (param: string, value: string, message: string): void => {
    errors.push({ param, value, message });
  };

  for (const [name, values] of raw) {
    if (DESCRIPTOR_BY_NAME.has(name) || extra.has(name)) continue;
    fail(
      name,
      values.join('|'),
      `Paramètre inconnu « ${name} ». Paramètres acceptés : ${QUERY_PARAMS.map((d) => d.name).join(', ')}.`,
    );
  }

  /** The single value of a scalar parameter; `undefined` when absent or empty. */
  const single = (name: string): string | undefined => {
    const values = (raw.get(name) ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length > 1) {
      fail(name, values.join('|'), `Le paramètre « ${name} » ne peut être donné qu’une seule fois.`);
      return undefined;
    }
    return values[0];
  };
  const list = (name: string): string[] => listValues(raw.get(name) ?? []);

  const bool = (name: string): boolean | undefined => {
    const value = single(name);
    if (value === undefined) return undefined;
    const v = value.toLowerCase();
    if (v === 'oui' || v === 'true' || v === '1') return true;
    if (v === 'non' || v === 'false' || v === '0') return false;
    fail(name, value, `Valeur attendue pour « ${name} » : oui ou non.`);
    return undefined;
  };

  const q = single('q');
  if (q !== undefined) {
    if (q.length > MAX_Q_LENGTH) fail('q', q, `La recherche est limitée à ${MAX_Q_LENGTH} caractères.`);
    else if (!/[\p{L}\p{N}]/u.test(q))
      fail('q', q, 'La recherche doit contenir au moins une lettre ou un chiffre.');
    else query.q = q;
  }

  for (const field of ENUM_FILTER_FIELDS) {
    const allowed = ENUM_FILTERS[field] as readonly string[];
    const byKey = ENUM_BY_KEY.get(field)!;
    const kept: string[] = [];
    for (const value of list(field)) {
      // Values are usually written exactly as the standard spells them: no folding then.
      const canonical = allowed.includes(value) ? value : byKey.get(foldedKey(value));
      if (canonical === undefined) {
        fail(
          field,
          value,
          `Valeur inconnue pour « ${field} » : « ${value} ». Valeurs acceptées : ${allowed.join(', ')}.`,
        );
      } else if (!kept.includes(canonical)) kept.push(canonical);
    }
    if (kept.length) (query as Record<string, unknown>)[field] = kept;
  }

  const typologieByKey = TYPOLOGIE_BY_KEY;
  const typologie: string[] = [];
  for (const value of list('typologie')) {
    const code = typologieByKey.get(value.toUpperCase());
    if (code === undefined) {
      fail(
        'typologie',
        value,
        `Typologie inconnue : « ${value} ». Codes acceptés : ${TYPOLOGIE_CODES.join(', ')}.`,
      );
    } else if (!typologie.includes(code)) typologie.push(code);
  }
  if (typologie.length) query.typologie = typologie;

  const codes = (name: 'regions' | 'departements' | 'communes' | 'epci', message: string): void => {
    const kept: string[] = [];
    for (const value of list(name)) {
      const code = value.toUpperCase();
      if (!wellFormed(name, value)) fail(name, value, message);
      else if (!kept.includes(code)) kept.push(code);
    }
    if (kept.length) query[name] = kept;
  };
  codes('regions', 'Code de région attendu : 2 chiffres (par exemple 84 pour Auvergne-Rhône-Alpes).');
  codes(
    'departements',
    'Code de département attendu : 2 chiffres, 2A, 2B ou 3 chiffres outre-mer (par exemple 69, 2A, 974).',
  );
  codes(
    'communes',
    'Code INSEE de commune attendu : 5 caractères (par exemple 69123 pour Lyon, 2A004 pour Ajaccio).',
  );
  codes('epci', 'Numéro SIREN d’intercommunalité attendu : 9 chiffres (par exemple 200046977).');

  const openNow = bool('ouvert_maintenant');
  const openAt = single('ouvert_le');
  if (openAt !== undefined) {
    if (!wellFormed('ouvert_le', openAt) || !parseOpenAt(openAt)) {
      fail(
        'ouvert_le',
        openAt,
        'Date et heure attendues au format ISO 8601, par exemple 2025-06-14T10:00 (heure de Paris) ou 2025-06-14T08:00Z.',
      );
    } else if (openNow === true) {
      fail('ouvert_le', openAt, 'ouvert_le et ouvert_maintenant=oui ne peuvent pas être utilisés ensemble.');
    } else query.openAt = openAt;
  }
  if (openNow !== undefined && !(openNow && openAt !== undefined)) query.openNow = openNow;

  const slots: Slot[] = [];
  for (const value of list('creneaux')) {
    const m = wellFormed('creneaux', value) ? /^([a-z]{2}):(\d{2}:\d{2})-(\d{2}:\d{2})$/i.exec(value) : null;
    const dayCode = m?.[1]?.toLowerCase() ?? '';
    let day = (DAY_CODES as readonly string[]).indexOf(dayCode);
    if (day < 0) day = OSM_DAY_CODES.indexOf(dayCode);
    const from = m ? parseTime(m[2]!) : undefined;
    const to = m ? parseTime(m[3]!) : undefined;
    if (!m || day < 0 || from === undefined || to === undefined) {
      fail(
        'creneaux',
        value,
        'Créneau attendu sous la forme jour:HH:MM-HH:MM, par exemple sa:09:00-12:00 (jours : lu, ma, me, je, ve, sa, di).',
      );
    } else if (to <= from) {
      fail('creneaux', value, 'Dans un créneau, l’heure de fin doit être après l’heure de début.');
    } else if (!slots.some((s) => s.day === day && s.from === from && s.to === to)) {
      slots.push({ day: day as Weekday, from, to });
    }
  }
  if (slots.length) query.slots = slots;

  const nearText = single('pres_de');
  let near: LatLon | undefined;
  if (nearText !== undefined) {
    const parts = nearText.split(',').map((p) => p.trim());
    if (!wellFormed('pres_de', nearText)) {
      fail('pres_de', nearText, 'Point attendu sous la forme latitude,longitude, par exemple 45.764,4.8357.');
    } else {
      const [lat, lon] = parts.map(Number) as [number, number];
      if (Math.abs(lat) > 90) fail('pres_de', nearText, 'La latitude doit être comprise entre -90 et 90.');
      else if (Math.abs(lon) > 180)
        fail('pres_de', nearText, 'La longitude doit être comprise entre -180 et 180.');
      else near = { lat, lon };
    }
    if (near) query.near = near;
  }

  const radiusText = single('rayon_km');
  if (radiusText !== undefined) {
    const normalized = radiusText.replace(',', '.');
    const radius = Number(normalized);
    if (!NUMBER.test(normalized) || radius <= 0 || radius > 20000) {
      fail(
        'rayon_km',
        radiusText,
        'Rayon attendu : un nombre de kilomètres supérieur à 0 et au plus 20000, par exemple 10 ou 2.5.',
      );
    } else if (nearText === undefined) {
      fail('rayon_km', radiusText, 'rayon_km nécessite pres_de (le point autour duquel chercher).');
    } else if (near) query.radiusKm = radius;
  }

  const bboxText = single('bbox');
  if (bboxText !== undefined) {
    const parts = bboxText.split(',').map((p) => p.trim());
    if (!wellFormed('bbox', bboxText)) {
      fail(
        'bbox',
        bboxText,
        'Zone attendue sous la forme ouest,sud,est,nord en degrés, par exemple 4.7,45.7,4.9,45.8.',
      );
    } else {
      const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
      if (Math.abs(west) > 180 || Math.abs(east) > 180) {
        fail(
          'bbox',
          bboxText,
          'Dans bbox, les longitudes (ouest, est) doivent être comprises entre -180 et 180.',
        );
      } else if (Math.abs(south) > 90 || Math.abs(north) > 90) {
        fail(
          'bbox',
          bboxText,
          'Dans bbox, les latitudes (sud, nord) doivent être comprises entre -90 et 90.',
        );
      } else if (south >= north) {
        fail('bbox', bboxText, 'Dans bbox, le sud doit être inférieur au nord (ordre : ouest,sud,est,nord).');
      } else if (west === east) {
        fail(
          'bbox',
          bboxText,
          'Dans bbox, l’ouest et l’est doivent être différents (ordre : ouest,sud,est,nord).',
        );
      } else query.bbox = { west, south, east, north } satisfies BBox;
    }
  }

  const gratuit = bool('gratuit');
  if (gratuit !== undefined) query.gratuit = gratuit;
  const rdv = bool('rdv_en_ligne');
  if (rdv !== undefined) query.rdvEnLigne = rdv;
  const itinerant = bool('itinerant');
  if (itinerant !== undefined) query.itinerant = itinerant;

  const sortText = single('tri');
  if (sortText !== undefined) {
    const sort = SORT_NAMES[sortText.toLowerCase()];
    if (!sort) fail('tri', sortText, 'Valeur inconnue pour « tri ». Valeurs acceptées : distance, nom.');
    else if (sort === 'distance' && nearText === undefined) {
      fail('tri', sortText, 'Le tri par distance nécessite pres_de (le point de référence).');
    } else query.sort = sort;
  }

  const integer = (name: 'offset' | 'limit', max: number, message: string): void => {
    const text = single(name);
    if (text === undefined) return;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max) fail(name, text, message);
    else query[name] = value;
  };
  integer(
    'offset',
    Number.MAX_SAFE_INTEGER,
    'offset attendu : un nombre entier positif ou nul (résultats à sauter).',
  );
  integer('limit', maxLimit, `limit attendu : un nombre entier entre 0 et ${maxLimit} (résultats par page).`);

  return errors.length ? { ok: false, errors } : { ok: true, query };
}

/** The canonical text form of a query; parameters in `QUERY_PARAMS` order, lists joined with `|`. */
/**
 * Reads what can be read and reports the rest: parameters with an error are dropped one round at a
 * time until the remainder parses (shared URLs of the map and the journey keep working when one
 * parameter is stale or mistyped).
 */
export function parseQueryParamsLeniently(params: URLSearchParams): {
  query: Query;
  errors: QueryParamError[];
} {
  const errors: QueryParamError[] = [];
  let filters = params;
  let parsed = parseQueryParams(filters);
  // Each round drops at least one parameter, so this ends; the bound is a guard.
  for (let attempt = 0; !parsed.ok && attempt < 40; attempt++) {
    errors.push(...parsed.errors);
    const bad = new Set(parsed.errors.map((e) => e.param));
    const next = new URLSearchParams();
    for (const [name, value] of filters) if (!bad.has(name)) next.append(name, value);
    if (next.toString() === filters.toString()) break;
    filters = next;
    parsed = parseQueryParams(filters);
  }
  return { query: parsed.ok ? parsed.query : {}, errors };
}

export function formatQueryParams(query: Query): URLSearchParams {
  const out = new URLSearchParams();
  const put = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') out.append(name, value);
  };
  const join = (values: readonly string[] | undefined): string | undefined =>
    values && values.length ? values.join('|') : undefined;
  const yesNo = (value: boolean | undefined): string | undefined =>
    value === undefined ? undefined : value ? 'oui' : 'non';

  for (const descriptor of QUERY_PARAMS) {
    const name = descriptor.name;
    switch (name) {
      case 'q':
        put(name, query.q);
        break;
      case 'typologie':
      case 'regions':
      case 'departements':
      case 'communes':
      case 'epci':
        put(name, join(query[name]));
        break;
      case 'ouvert_maintenant':
        put(name, yesNo(query.openNow));
        break;
      case 'ouvert_le':
        put(name, query.openAt);
        break;
      case 'creneaux':
        put(
          name,
          join(query.slots?.map((s) => `${DAY_CODES[s.day]}:${formatTime(s.from)}-${formatTime(s.to)}`)),
        );
        break;
      case 'pres_de':
        if (query.near) put(name, `${formatNumber(query.near.lat)},${formatNumber(query.near.lon)}`);
        break;
      case 'rayon_km':
        if (query.radiusKm !== undefined) put(name, formatNumber(query.radiusKm));
        break;
      case 'bbox':
        if (query.bbox) {
          const { west, south, east, north } = query.bbox;
          put(name, [west, south, east, north].map(formatNumber).join(','));
        }
        break;
      case 'gratuit':
        put(name, yesNo(query.gratuit));
        break;
      case 'rdv_en_ligne':
        put(name, yesNo(query.rdvEnLigne));
        break;
      case 'itinerant':
        put(name, yesNo(query.itinerant));
        break;
      case 'tri':
        if (query.sort) put(name, SORT_PARAM[query.sort]);
        break;
      case 'offset':
      case 'limit':
        if (query[name] !== undefined) put(name, String(query[name]));
        break;
      default:
        put(name, join(query[name as EnumFilterField]));
    }
  }
  return out;
}

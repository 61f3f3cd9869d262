/**
 * Lieux: the filtered, paginated list (the engine the UI uses, with the same parameters), one lieu in
 * full, and where its values come from.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_LIMIT, formatQueryParams, runQuery } from '../../core/query/index.js';
import type { Query, QueryResult } from '../../core/query/index.js';
import type { ServerContext } from '../context.js';
import { stateOf } from '../context.js';
import type { DatasetState } from '../dataset.js';
import { BodyWriter } from '../body.js';
import { cachedRead, etagOf, minuteOf } from '../http.js';
import { HttpProblem } from '../problem.js';
import { CACHE_HEADERS, LIEU_DETAIL, LIEU_ITEM, json, problems } from '../responses.js';
import { filterProperties, querystring, type JsonSchema, type ParsedQuerystring } from '../schema.js';

/** Hard maximum page size of the list: bigger needs go through the export. */
export const MAX_PAGE_SIZE = 100;

const ID_PARAM: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Identifiant national du lieu.',
      examples: ['lieu-000001'],
    },
  },
};

const LIST_RESPONSE: JsonSchema = {
  type: 'object',
  required: ['total', 'offset', 'limit', 'version', 'lieux'],
  properties: {
    total: { type: 'integer', description: 'Nombre de lieux correspondant à la recherche.' },
    offset: { type: 'integer' },
    limit: { type: 'integer' },
    version: { type: 'integer', description: 'Version du jeu de données.' },
    lieux: { type: 'array', items: LIEU_ITEM },
    suivant: { type: 'string', description: 'Adresse de la page suivante (absente à la dernière page).' },
    precedent: { type: 'string', description: 'Adresse de la page précédente (absente à la première).' },
  },
};

const JSON_TYPE = 'application/json; charset=utf-8';

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** One writer for every list page: a page is assembled synchronously, then copied out. */
const LIST_WRITER = new BodyWriter();

/**
 * The list body, assembled from each lieu's prepared JSON and the per-request part, as UTF-8 bytes.
 */
export function listBody(state: DatasetState, result: QueryResult, query: Query, linkBase: string): Buffer {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const out = LIST_WRITER.reset();
  out.write(
    `{"total":${result.total},"offset":${offset},"limit":${limit},"version":${state.version},"lieux":[`,
  );
  for (let k = 0; k < result.items.length; k++) {
    const item = result.items[k]!;
    const position = item.position ?? state.position(item.lieu.id)!;
    if (k) out.write(',');
    out.writeBytes(state.itemFragment(position));
    let tail = '';
    if (item.distanceKm !== undefined) tail += `,"distance_km":${round(item.distanceKm, 3)}`;
    if (item.openNow !== undefined) tail += `,"ouvert_maintenant":${item.openNow}`;
    out.write(`${tail},"correspondances":${JSON.stringify(item.matched)}}`);
  }
  out.write(']');
  const hasNext = limit > 0 && offset + limit < result.total;
  if (hasNext || offset > 0) {
    // offset and limit come last in the canonical order: the other parameters are formatted once.
    const others = formatQueryParams({ ...query, offset: undefined, limit: undefined }).toString();
    const page = (from: number) => `${linkBase}?${others}${others ? '&' : ''}offset=${from}&limit=${limit}`;
    if (hasNext) out.write(`,"suivant":${JSON.stringify(page(offset + limit))}`);
    if (offset > 0) out.write(`,"precedent":${JSON.stringify(page(Math.max(0, offset - limit)))}`);
  }
  return out.write('}').take();
}

/** One writer for every detail body: a body is assembled synchronously, then copied out. */
const DETAIL_WRITER = new BodyWriter(16 * 1024);

/**
 * The full lieu: every field of the standard, territory, quality, geocoding, and its hours at `now`,
 * as UTF-8 bytes. Written from the stored record piece by piece (no typed lieu rebuilt and serialised,
 * no long string flattened, measured and encoded again per request).
 */
export function detailBody(state: DatasetState, position: number, now: Date, publicUrl: string): Buffer {
  const row = state.rows[position]!;
  const id = encodeURIComponent(row.id);
  const out = DETAIL_WRITER.reset();
  out.write(state.lieuJson(position, true)).write(',"qualite":').write(state.qualityJson(position));
  if (row.sources !== undefined) out.write(',"sources":').write(JSON.stringify(row.sources));
  const liens = {
    page: `${publicUrl}/lieux/${id}`,
    provenance: `${publicUrl}/api/v1/lieux/${id}/provenance`,
  };
  out
    .write(',"geocodage":')
    .write(JSON.stringify(row.geocode ?? null))
    .write(`,"version":${state.version},"liens":${JSON.stringify(liens)},`)
    .write(state.hoursView(position, now));
  return out.write('}').take();
}

/** The lieu's position in this version, or a 404 problem naming the id and the version. */
function positionOf(state: DatasetState, id: string): number {
  const position = state.position(id);
  if (position === undefined) {
    throw new HttpProblem(
      'introuvable',
      `Aucun lieu d’identifiant « ${id} » dans la version ${state.version} du jeu de données.`,
    );
  }
  return position;
}

export function lieuxRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/lieux',
    {
      schema: {
        operationId: 'listerLieux',
        tags: ['Lieux'],
        summary: 'Rechercher des lieux',
        description:
          'Les lieux qui répondent à tous les critères donnés (ET entre critères, OU entre les valeurs d’un même critère), ' +
          `triés par distance avec pres_de, sinon par nom, ${DEFAULT_LIMIT} par page (au plus ${MAX_PAGE_SIZE} : utiliser l’export pour davantage). ` +
          'Les mêmes paramètres servent dans les adresses de la carte.',
        querystring: querystring(filterProperties({ maxLimit: MAX_PAGE_SIZE }), { maxLimit: MAX_PAGE_SIZE }),
        response: {
          200: { ...json('Une page de résultats.', LIST_RESPONSE), headers: CACHE_HEADERS },
          304: { description: 'Inchangé depuis l’ETag donné dans If-None-Match.' },
          ...problems('parametres-invalides', 'indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      const { filters } = request.query as ParsedQuerystring;
      const now = context.now();
      const canonical = formatQueryParams(filters).toString();
      if (
        cachedRead(request, reply, etagOf(state.etagBase, 'lieux', canonical, minuteOf(now)), state.version)
      )
        return;
      const result = runQuery(state.index, filters, { now });
      return reply
        .type(JSON_TYPE)
        .send(listBody(state, result, filters, `${context.publicUrl}/api/v1/lieux`));
    },
  );

  app.get(
    '/lieux/:id',
    {
      schema: {
        operationId: 'lireLieu',
        tags: ['Lieux'],
        summary: 'Un lieu en détail',
        description:
          'Tous les champs du standard (listes en tableaux), le territoire, la qualité, l’origine des coordonnées, ' +
          'le statut d’ouverture à l’instant de la requête et les horaires de la semaine en cours (jours fériés compris).',
        params: ID_PARAM,
        querystring: querystring({}),
        response: {
          200: { ...json('Le lieu.', LIEU_DETAIL), headers: CACHE_HEADERS },
          304: { description: 'Inchangé.' },
          ...problems('parametres-invalides', 'introuvable', 'indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      const { id } = request.params as { id: string };
      const position = positionOf(state, id);
      const now = context.now();
      if (cachedRead(request, reply, etagOf(state.etagBase, 'lieu', id, minuteOf(now)), state.version))
        return;
      return reply.type(JSON_TYPE).send(detailBody(state, position, now, context.publicUrl));
    },
  );

  app.get(
    '/lieux/:id/provenance',
    {
      schema: {
        operationId: 'lireProvenance',
        tags: ['Lieux'],
        summary: 'D’où viennent les valeurs d’un lieu',
        description:
          'Les sources fusionnées dans le lieu, les preuves de chaque fusion (score, raisons) et, champ par champ, ' +
          'la valeur donnée par chaque source et celle retenue. Vide pour un lieu issu d’une seule source.',
        params: ID_PARAM,
        querystring: querystring({}),
        response: {
          200: json('Provenance du lieu.', {
            type: 'object',
            properties: {
              id: { type: 'string' },
              version: { type: 'integer' },
              sources: { type: 'array', items: { type: 'string' } },
              fusions: { type: 'array', items: { type: 'object' } },
              provenance: { type: 'array', items: { type: 'object' } },
            },
          }),
          ...problems('parametres-invalides', 'introuvable', 'indisponible'),
        },
      },
    },
    async (request, reply) => {
      const state = stateOf(context);
      const { id } = request.params as { id: string };
      const position = positionOf(state, id);
      if (cachedRead(request, reply, etagOf(state.etagBase, 'provenance', id), state.version)) return;
      const [fusions, provenance] = await Promise.all([
        context.store.mergeGroupsOf(id),
        context.store.provenanceOf(id),
      ]);
      return reply.type(JSON_TYPE).send(
        JSON.stringify({
          id,
          version: state.version,
          sources: state.rows[position]!.sources,
          fusions,
          provenance,
        }),
      );
    },
  );
}

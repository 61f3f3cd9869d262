/**
 * For the map: counts per région, département or commune honouring every filter (the drill-down), and
 * the points or clusters of a view at a zoom level, as GeoJSON ready for a MapLibre source.
 */
import type { FastifyInstance } from 'fastify';
import { clusters, countBy, formatQueryParams } from '../../core/query/index.js';
import type { Query, TerritoryLevel } from '../../core/query/index.js';
import type { ServerContext } from '../context.js';
import { stateOf } from '../context.js';
import { cachedRead, etagOf, minuteOf } from '../http.js';
import { CACHE_HEADERS, json, problems } from '../responses.js';
import { filterProperties, querystring, type ParsedQuerystring } from '../schema.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';

/** Filters that do not change a set's counts or map: pagination and order. */
const NOT_FOR_AGGREGATES = ['offset', 'limit', 'tri'];

export const MAX_ZOOM = 22;

const LEVELS: Record<string, TerritoryLevel> = {
  region: 'region',
  departement: 'departement',
  commune: 'commune',
};

/** Open-now answers change every minute; other filters only with the dataset. */
function timeKey(query: Query, now: Date): string {
  return query.openNow ? String(minuteOf(now)) : '';
}

export function mapRoutes(app: FastifyInstance, context: ServerContext): void {
  const { gazetteer } = context.reference;
  const nameOf = (level: TerritoryLevel, code: string): string | null =>
    (level === 'region'
      ? gazetteer.region(code)?.nom
      : level === 'departement'
        ? gazetteer.departement(code)?.nom
        : gazetteer.communeByCode(code)?.nom) ?? null;

  app.get(
    '/comptages',
    {
      schema: {
        operationId: 'compterLieux',
        tags: ['Carte'],
        summary: 'Nombre de lieux par territoire',
        description:
          'Le nombre de lieux qui répondent aux critères, par région, département ou commune (la commune d’un ' +
          'arrondissement municipal est sa commune). Les comptes s’additionnent au total de la liste.',
        querystring: querystring({
          niveau: {
            type: 'string',
            enum: ['region', 'departement', 'commune'],
            default: 'departement',
            description: 'Niveau de territoire (département par défaut).',
            examples: ['departement'],
          },
          ...filterProperties({ except: NOT_FOR_AGGREGATES }),
        }),
        response: {
          200: {
            ...json('Les comptes.', {
              type: 'object',
              properties: {
                niveau: { type: 'string' },
                version: { type: 'integer' },
                total: { type: 'integer' },
                sans_territoire: { type: 'integer', description: 'Lieux sans code INSEE connu.' },
                territoires: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      code: { type: 'string' },
                      nom: { type: ['string', 'null'] },
                      lieux: { type: 'integer' },
                    },
                  },
                },
              },
            }),
            headers: CACHE_HEADERS,
          },
          304: { description: 'Inchangé.' },
          ...problems('parametres-invalides', 'indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      const { filters, niveau } = request.query as ParsedQuerystring & { niveau?: string };
      const level = LEVELS[niveau ?? 'departement']!;
      const now = context.now();
      const etag = etagOf(
        state.etagBase,
        'comptages',
        level,
        formatQueryParams(filters).toString(),
        timeKey(filters, now),
      );
      if (cachedRead(request, reply, etag, state.version)) return;
      const result = countBy(state.index, filters, level, { now });
      return reply.type(JSON_TYPE).send(
        JSON.stringify({
          niveau: level,
          version: state.version,
          total: result.total,
          sans_territoire: result.withoutTerritory,
          territoires: result.counts.map((c) => ({
            code: c.code,
            nom: nameOf(level, c.code),
            lieux: c.count,
          })),
        }),
      );
    },
  );

  app.get(
    '/carte',
    {
      schema: {
        operationId: 'carteLieux',
        tags: ['Carte'],
        summary: 'Points et regroupements d’une vue de carte',
        description:
          'Les lieux qui répondent aux critères dans la vue bbox, regroupés selon le zoom (60 px), en GeoJSON : ' +
          'un regroupement a cluster=true, le nombre de lieux et le zoom auquel il se sépare ; un lieu a son id et son nom.',
        querystring: querystring(
          {
            ...filterProperties({ except: NOT_FOR_AGGREGATES }),
            zoom: {
              type: 'number',
              minimum: 0,
              maximum: MAX_ZOOM,
              description: 'Niveau de zoom de la carte (0 à 22, décimales permises).',
              examples: [6],
            },
          },
          { required: ['bbox', 'zoom'] },
        ),
        response: {
          200: {
            description: 'FeatureCollection GeoJSON.',
            content: {
              'application/geo+json': {
                schema: {
                  type: 'object',
                  properties: {
                    type: { const: 'FeatureCollection' },
                    version: { type: 'integer' },
                    features: { type: 'array', items: { type: 'object' } },
                  },
                },
              },
            },
            headers: CACHE_HEADERS,
          },
          304: { description: 'Inchangé.' },
          ...problems('parametres-invalides', 'indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      const { filters, zoom } = request.query as ParsedQuerystring & { zoom: number };
      const { bbox, ...rest } = filters;
      const now = context.now();
      const etag = etagOf(
        state.etagBase,
        'carte',
        String(zoom),
        formatQueryParams(filters).toString(),
        timeKey(filters, now),
      );
      if (cachedRead(request, reply, etag, state.version)) return;
      // The view is not a filter here: panning keeps the same match set, so the clusterer is reused.
      const features = clusters(state.index, rest, bbox!, zoom, { now }).map((f) =>
        f.type === 'cluster'
          ? {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
              properties: { cluster: true, lieux: f.count, zoom_eclatement: f.expansionZoom },
            }
          : {
              type: 'Feature',
              id: f.id,
              geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
              properties: { cluster: false, id: f.id, nom: f.nom },
            },
      );
      return reply
        .type(GEOJSON_TYPE)
        .send(JSON.stringify({ type: 'FeatureCollection', version: state.version, features }));
    },
  );
}

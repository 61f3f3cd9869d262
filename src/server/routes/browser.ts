/**
 * What the front end downloads once and then works offline with: the dataset snapshot (the browser
 * runs the same query engine on it) and the reference geography (map outlines, gazetteer). All three
 * are compressed once (brotli and gzip) and revalidated with ETags.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { DATASET_SNAPSHOT_FORMAT } from '../../core/snapshot/index.js';
import { browserAssets } from '../../reference/index.js';
import type { ServerContext } from '../context.js';
import { stateOf } from '../context.js';
import { compressOnce, type CompressedBody } from '../dataset.js';
import { cachedRead, sendPrecompressed } from '../http.js';
import { json, problems } from '../responses.js';
import { querystring } from '../schema.js';

const REFERENCE_CACHE = 'public, max-age=86400';

export function browserRoutes(app: FastifyInstance, context: ServerContext): void {
  const files = new Map<string, Promise<CompressedBody>>();
  const referenceFile = (kind: 'outlines' | 'gazetteer'): Promise<CompressedBody> => {
    let body = files.get(kind);
    if (!body) {
      body = (async () => {
        const assets = await browserAssets();
        const content = await readFile(assets[kind]);
        const hash = createHash('sha1').update(content).digest('base64url').slice(0, 20);
        return compressOnce(content, `W/"ref-${kind}-${hash}"`);
      })();
      files.set(kind, body);
      body.catch(() => files.delete(kind));
    }
    return body;
  };

  app.get(
    '/snapshot',
    {
      schema: {
        operationId: 'snapshot',
        tags: ['Application'],
        summary: 'Le jeu de données compact pour le navigateur',
        description:
          `Format ${DATASET_SNAPSHOT_FORMAT} (décodage : decodeDatasetSnapshot dans src/core/snapshot) : les champs ` +
          'utiles aux filtres et aux listes, en colonnes, avec le territoire de chaque lieu. Compressé (brotli, gzip) ; ' +
          'à revalider avec If-None-Match : une nouvelle version du jeu de données change l’ETag.',
        querystring: querystring({}),
        response: {
          200: json('Le snapshot.', {
            type: 'object',
            required: ['format', 'version', 'count', 'ids', 'fields', 'columns'],
            properties: {
              format: { const: DATASET_SNAPSHOT_FORMAT },
              version: { type: 'integer' },
              publishedAt: { type: 'string' },
              count: { type: 'integer' },
              ids: { type: 'array', items: { type: 'string' } },
              fields: { type: 'array', items: { type: 'string' } },
              columns: { type: 'array' },
            },
          }),
          304: { description: 'Inchangé.' },
          ...problems('indisponible'),
        },
      },
    },
    async (request, reply) => {
      const state = stateOf(context);
      const etag = `W/"${state.etagBase}-snapshot"`;
      if (cachedRead(request, reply, etag, state.version)) return;
      const body = await state.snapshot();
      return sendPrecompressed(request, reply, body, 'application/json; charset=utf-8');
    },
  );

  for (const [path, kind, operationId, summary, description] of [
    [
      '/reference/geo',
      'outlines',
      'referenceGeo',
      'Contours des régions et départements',
      'GeoJSON du fond de carte hors ligne : terres, contours simplifiés des régions et départements, points ' +
        'd’étiquette (propriété kind : land, region, departement, region-label, departement-label). Son ' +
        'attribution doit être affichée avec la carte.',
    ],
    [
      '/reference/gazetteer',
      'gazetteer',
      'referenceGazetteer',
      'Référentiel géographique compact',
      'Communes, codes postaux, départements, régions, EPCI, pour chercher un territoire sans serveur ' +
        '(décodage : decodeSnapshot dans src/core/geo).',
    ],
  ] as const) {
    app.get(
      path,
      {
        schema: {
          operationId,
          tags: ['Application'],
          summary,
          description,
          querystring: querystring({}),
          response: { 200: json('Le fichier.', { type: 'object' }), 304: { description: 'Inchangé.' } },
        },
      },
      async (request, reply) => {
        const body = await referenceFile(kind);
        if (cachedRead(request, reply, body.etag, undefined, REFERENCE_CACHE)) return;
        return sendPrecompressed(
          request,
          reply,
          body,
          kind === 'outlines' ? 'application/geo+json; charset=utf-8' : 'application/json; charset=utf-8',
        );
      },
    );
  }
}

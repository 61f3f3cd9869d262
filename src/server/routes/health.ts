/** Liveness and readiness for load balancers and orchestrators. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { notReady } from '../context.js';
import { json, problems } from '../responses.js';
import { querystring } from '../schema.js';

export function healthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'sante',
        tags: ['Santé'],
        summary: 'Prêt à servir ?',
        description:
          'Répond 200 dès qu’un jeu de données est chargé (et tant qu’il l’est), 503 avant : à utiliser comme ' +
          'sonde de disponibilité (readiness).',
        querystring: querystring({}),
        response: {
          200: json('Prêt.', {
            type: 'object',
            properties: {
              statut: { const: 'pret' },
              version: { type: 'integer' },
              lieux: { type: 'integer' },
              publie_le: { type: 'string' },
              charge_le: { type: 'string' },
            },
          }),
          ...problems('indisponible'),
        },
      },
    },
    (_request, reply) => {
      const state = context.holder.current;
      if (!state) throw notReady(context);
      return reply
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify({
            statut: 'pret',
            version: state.version,
            lieux: state.size,
            publie_le: state.publishedAt,
            charge_le: state.loadedAt.toISOString(),
          }),
        );
    },
  );

  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'vivant',
        tags: ['Santé'],
        summary: 'Le processus répond-il ?',
        description:
          'Répond 200 tant que le processus tourne, même pendant le chargement (sonde de vie, liveness).',
        querystring: querystring({}),
        response: { 200: json('Vivant.', { type: 'object', properties: { statut: { const: 'vivant' } } }) },
      },
    },
    (_request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send('{"statut":"vivant"}'),
  );
}

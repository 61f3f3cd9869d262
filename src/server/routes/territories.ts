/** Territory search in the offline gazetteer: communes by name or postcode, départements, régions, EPCI. */
import type { FastifyInstance } from 'fastify';
import type { TerritoryKind } from '../../core/geo/index.js';
import type { ServerContext } from '../context.js';
import { cachedRead, etagOf } from '../http.js';
import { json, problems } from '../responses.js';
import { querystring } from '../schema.js';

const KINDS: TerritoryKind[] = ['commune', 'departement', 'region', 'epci'];
const DEFAULT_KINDS: TerritoryKind[] = ['commune', 'departement', 'region'];
export const MAX_TERRITORIES = 50;

export function territoriesRoutes(app: FastifyInstance, context: ServerContext): void {
  const { gazetteer } = context.reference;
  app.get(
    '/territoires',
    {
      schema: {
        operationId: 'chercherTerritoires',
        tags: ['Territoires'],
        summary: 'Chercher une commune, un code postal, un département, une région',
        description:
          'Recherche dans le référentiel géographique embarqué (sans service extérieur) : nom (accents, ' +
          'majuscules, « st » pour « saint » et petites fautes tolérés), code postal, code INSEE ou numéro de ' +
          'département. Les communes les plus peuplées d’abord à pertinence égale.',
        querystring: querystring(
          {
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
              description: 'Texte cherché : nom, code postal, code INSEE ou de département.',
              examples: ['st etienne'],
            },
            types: {
              type: 'array',
              items: { type: 'string', enum: KINDS },
              description:
                'Types de territoire (commune, departement, region par défaut ; epci en plus sur demande).',
              examples: [['commune']],
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: MAX_TERRITORIES,
              default: 10,
              description: `Nombre de résultats (10 par défaut, ${MAX_TERRITORIES} au plus).`,
              examples: [10],
            },
          },
          { required: ['q'] },
        ),
        response: {
          200: json('Les territoires trouvés, du plus pertinent au moins pertinent.', {
            type: 'object',
            properties: {
              millesime: { type: 'string' },
              territoires: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    type: { type: 'string', enum: KINDS },
                    code: { type: 'string' },
                    nom: { type: 'string' },
                    libelle: { type: 'string' },
                    population: { type: 'integer' },
                    departement: { type: 'string' },
                    region: { type: 'string' },
                    code_postal: { type: 'string' },
                    ancien_nom: { type: 'string' },
                    latitude: { type: 'number' },
                    longitude: { type: 'number' },
                  },
                },
              },
            },
          }),
          304: { description: 'Inchangé.' },
          ...problems('parametres-invalides'),
        },
      },
    },
    (request, reply) => {
      const { q, types, limit } = request.query as { q: string; types?: TerritoryKind[]; limit?: number };
      const kinds = types ?? DEFAULT_KINDS;
      const etag = etagOf(
        `ref-${gazetteer.millesime.replace(/[^\w.-]/g, '')}`,
        q,
        kinds.join('|'),
        limit ?? 10,
      );
      // The reference changes only with a new release: cache an hour.
      if (cachedRead(request, reply, etag, undefined, 'public, max-age=3600')) return;
      const matches = gazetteer.searchTerritories(q, { limit: limit ?? 10, kinds });
      const territoires = matches.map((m) => {
        const out: Record<string, unknown> = {
          type: m.kind,
          code: m.code,
          nom: m.nom,
          libelle: m.label,
          population: m.population,
        };
        if (m.departement) out.departement = m.departement;
        if (m.region) out.region = m.region;
        if (m.codePostal) out.code_postal = m.codePostal;
        if (m.ancienNom) out.ancien_nom = m.ancienNom;
        if (m.lat !== undefined && m.lon !== undefined) {
          out.latitude = m.lat;
          out.longitude = m.lon;
        }
        return out;
      });
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ millesime: gazetteer.millesime, territoires }));
    },
  );
}

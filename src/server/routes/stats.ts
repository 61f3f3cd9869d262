/** Sources and quality statistics of the published dataset, computed once per version. */
import type { FastifyInstance } from 'fastify';
import { FIELDS } from '../../core/standard/fields.js';
import type { ImportRun, SourceStats } from '../../store/index.js';
import type { ServerContext } from '../context.js';
import { stateOf } from '../context.js';
import type { DatasetState } from '../dataset.js';
import { cachedRead, etagOf } from '../http.js';
import { json, problems } from '../responses.js';
import { querystring } from '../schema.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function run(r: ImportRun | undefined): Record<string, unknown> | null {
  if (!r) return null;
  return {
    id: r.id,
    statut: r.status,
    debut: r.startedAt,
    fin: r.finishedAt,
    version: r.datasetVersion ?? null,
    erreur: r.error ?? null,
  };
}

function sourceJson(s: SourceStats): Record<string, unknown> {
  return {
    id: s.sourceId,
    nom: s.name,
    type: s.kind,
    enregistrements: s.records,
    conserves: s.kept,
    fusionnes: s.merged,
    rejetes: s.rejected,
    lieux: s.lieux,
    qualite_moyenne: s.meanQuality ?? null,
    derniere_importation: run(s.lastRun),
    derniere_importation_reussie: run(s.lastSuccessfulRun),
  };
}

function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return Math.round((sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)) * 100) / 100;
}

/** Dataset figures: completeness per field, located lieux, readable hours, quality distribution. */
export function statistics(state: DatasetState): Record<string, unknown> {
  const n = state.size;
  const filled = new Map<string, number>(FIELDS.map((f) => [f.name, 0]));
  let located = 0;
  let withHours = 0;
  let readableHours = 0;
  let withoutTerritory = 0;
  const scores: number[] = [];
  const perRegion = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = state.rows[i]!;
    for (const field of FIELDS) {
      if ((row.record[field.name] ?? '').trim() !== '') filled.set(field.name, filled.get(field.name)! + 1);
    }
    if (Number.isFinite(state.index.lat[i])) located++;
    if ((row.record.horaires ?? '').trim()) {
      withHours++;
      if (state.hoursOf(i)) readableHours++;
    }
    const territory = state.territories[i];
    if (!territory) withoutTerritory++;
    else perRegion.set(territory.region, (perRegion.get(territory.region) ?? 0) + 1);
    if (typeof row.quality?.score === 'number' && Number.isFinite(row.quality.score))
      scores.push(row.quality.score);
  }
  scores.sort((a, b) => a - b);
  const ratio = (k: number) => (n ? Math.round((k / n) * 10_000) / 10_000 : 0);
  return {
    version: state.version,
    publie_le: state.publishedAt,
    lieux: n,
    geolocalises: located,
    avec_horaires: withHours,
    horaires_lisibles: readableHours,
    sans_territoire: withoutTerritory,
    qualite: {
      moyenne: scores.length
        ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100
        : null,
      p10: quantile(scores, 0.1),
      mediane: quantile(scores, 0.5),
      p90: quantile(scores, 0.9),
    },
    completude: Object.fromEntries([...filled].map(([name, k]) => [name, ratio(k)])),
    par_region: Object.fromEntries([...perRegion].sort(([a], [b]) => (a < b ? -1 : 1))),
    import: state.stats,
  };
}

export function statsRoutes(app: FastifyInstance, context: ServerContext): void {
  const sourcesCache = new WeakMap<DatasetState, Promise<string>>();
  const statsCache = new WeakMap<DatasetState, string>();

  app.get(
    '/sources',
    {
      schema: {
        operationId: 'listerSources',
        tags: ['Sources et qualité'],
        summary: 'Les sources et leurs dernières importations',
        description:
          'Pour chaque source : enregistrements reçus, conservés, fusionnés, rejetés, lieux du jeu publié auxquels ' +
          'elle contribue, qualité moyenne, dernière importation et dernière importation réussie.',
        querystring: querystring({}),
        response: {
          200: json('Les sources.', {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              sources: { type: 'array', items: { type: 'object' } },
            },
          }),
          304: { description: 'Inchangé.' },
          ...problems('indisponible'),
        },
      },
    },
    async (request, reply) => {
      const state = stateOf(context);
      if (cachedRead(request, reply, etagOf(state.etagBase, 'sources'), state.version)) return;
      let body = sourcesCache.get(state);
      if (!body) {
        body = context.store
          .sourceStats()
          .then((list) => JSON.stringify({ version: state.version, sources: list.map(sourceJson) }));
        sourcesCache.set(state, body);
        body.catch(() => sourcesCache.delete(state));
      }
      return reply.type(JSON_TYPE).send(await body);
    },
  );

  app.get(
    '/statistiques',
    {
      schema: {
        operationId: 'statistiques',
        tags: ['Sources et qualité'],
        summary: 'Statistiques de qualité du jeu de données',
        description:
          'Taux de remplissage de chaque champ du standard, lieux géolocalisés, horaires lisibles, lieux sans ' +
          'territoire connu, répartition des scores de qualité, lieux par région, chiffres de l’import.',
        querystring: querystring({}),
        response: {
          200: json('Les statistiques.', { type: 'object' }),
          304: { description: 'Inchangé.' },
          ...problems('indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      if (cachedRead(request, reply, etagOf(state.etagBase, 'statistiques'), state.version)) return;
      let body = statsCache.get(state);
      if (!body) statsCache.set(state, (body = JSON.stringify(statistics(state))));
      return reply.type(JSON_TYPE).send(body);
    },
  );
}

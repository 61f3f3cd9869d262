/**
 * The front end: the built app (`dist/web`) with long cache for hashed assets, the single-page
 * fallback for its routes, `/config.json` for run-time settings, and `/lieux/:id` rendered on the
 * server so that a lieu is readable (and indexable) without JavaScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { notReady } from '../context.js';
import type { DatasetState } from '../dataset.js';
import { cachedRead, etagOf, minuteOf } from '../http.js';
import { sendProblem } from '../problem.js';
import { escapeHtml, pageShell, renderLieuPage } from '../pages/index.js';

const HASHED_ASSET = /^\/assets\//;

/** A short page for people (404, 503, no front end built), in the pages' own shell. */
export function renderMessagePage(title: string, text: string, links: Array<[string, string]> = []): string {
  const list = links.length
    ? `<ul>${links.map(([href, label]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`).join('')}</ul>`
    : '';
  return pageShell({ title, body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${list}` });
}
const HTML_TYPE = 'text/html; charset=utf-8';

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') || accept.includes('*/*') || accept === '';
}

export async function webRoutes(
  app: FastifyInstance,
  context: ServerContext,
  webDir: string | undefined,
): Promise<void> {
  const indexFile = webDir ? join(webDir, 'index.html') : undefined;
  const hasApp = indexFile !== undefined && existsSync(indexFile);

  if (hasApp) {
    await app.register(fastifyStatic, {
      root: webDir!,
      prefix: '/',
      wildcard: true,
      dotfiles: 'ignore',
      etag: true,
      lastModified: true,
      cacheControl: false,
      setHeaders(reply, path) {
        const relative = path.slice(webDir!.length).replace(/\\/g, '/');
        // Vite names assets by content hash: they never change, cache them for a year.
        reply.header(
          'cache-control',
          HASHED_ASSET.test(relative)
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=0, must-revalidate',
        );
      },
    });
  }

  app.get('/config.json', { schema: { hide: true } as object }, (_request, reply) => {
    return reply
      .header('cache-control', 'public, max-age=60')
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify({
          apiBase: `${context.publicUrl}/api/v1`,
          publicUrl: context.publicUrl || null,
          mapStyleUrl: context.mapStyleUrl ?? null,
        }),
      );
  });

  app.get('/lieux/:id', { schema: { hide: true } as object }, async (request, reply) => {
    const state = context.holder.current;
    if (!state) {
      const problem = notReady(context);
      return reply
        .code(503)
        .header('retry-after', problem.headers['retry-after'] ?? '5')
        .header('cache-control', 'no-store')
        .type(HTML_TYPE)
        .send(renderMessagePage('Service momentanément indisponible', problem.detail));
    }
    const { id } = request.params as { id: string };
    const position = state.position(id);
    if (position === undefined) {
      return reply
        .code(404)
        .header('cache-control', 'no-store')
        .type(HTML_TYPE)
        .send(
          renderMessagePage(
            'Lieu introuvable',
            `Aucun lieu ne porte l’identifiant « ${id} ». Il a peut-être été fusionné ou retiré lors d’une mise à jour des données.`,
          ),
        );
    }
    const now = context.now();
    if (cachedRead(request, reply, etagOf(state.etagBase, 'page', id, minuteOf(now)), state.version)) return;
    return reply.type(HTML_TYPE).send(renderPage(state, position, now));
  });

  function renderPage(state: DatasetState, position: number, now: Date): string {
    return renderLieuPage({
      lieu: state.rows[position]!,
      now,
      publicUrl: context.publicUrl,
      version: state.version,
      territory: state.territories[position],
      mapStyleUrl: context.mapStyleUrl,
      webDir: hasApp ? webDir : undefined,
      ...(context.reportUrl ? { reportUrl: context.reportUrl } : {}),
    });
  }

  let indexHtml: string | undefined;
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || path === '/api') {
      return sendProblem(
        reply,
        'introuvable',
        `Aucune opération à l’adresse ${path}. Liste des opérations : /api/docs.`,
      );
    }
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(path);
    if (isPage && wantsHtml(request)) {
      if (hasApp) {
        // Single-page app routes (/carte, /orientation/…): the app decides what to show.
        indexHtml ??= readFileSync(indexFile!, 'utf8');
        return reply.header('cache-control', 'no-cache').type(HTML_TYPE).send(indexHtml);
      }
      if (path === '/') {
        return reply
          .header('cache-control', 'no-cache')
          .type(HTML_TYPE)
          .send(
            renderMessagePage(
              'Repère — lieux de médiation numérique',
              'L’application web n’est pas construite sur ce serveur (lancer « npm run build »). L’API est disponible.',
              [
                ['/api/docs', 'Documentation de l’API'],
                ['/api/v1/lieux', 'Liste des lieux (JSON)'],
              ],
            ),
          );
      }
    }
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .type(HTML_TYPE)
      .send(renderMessagePage('Page introuvable', `Rien à l’adresse ${path}.`, [['/', 'Accueil']]));
  });
}

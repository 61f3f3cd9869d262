/**
 * `createServer`: the Fastify application over a store and the reference geography. Testable with
 * `app.inject()`; `startServer` (start.ts) adds the network, signals and the fresh-install demo data.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { LogController } from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import { territoryResolver } from '../core/query/index.js';
import { findPackageRoot } from '../io/package-root.js';
import type { Reference } from '../reference/index.js';
import type { Store } from '../store/index.js';
import type { ServerContext } from './context.js';
import { notReady } from './context.js';
import { DatasetHolder } from './dataset.js';
import { renderDocs } from './docs.js';
import { securityHeaders } from './security.js';
import { buildOpenApi, collectRoutes, type CollectedRoute } from './openapi.js';
import { HttpProblem, installErrorHandler } from './problem.js';
import { json } from './responses.js';
import { querystring, validatorCompiler } from './schema.js';
import { browserRoutes } from './routes/browser.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { lieuxRoutes } from './routes/lieux.js';
import { mapRoutes } from './routes/map.js';
import { statsRoutes } from './routes/stats.js';
import { territoriesRoutes } from './routes/territories.js';
import { webRoutes } from './routes/web.js';

export interface CreateServerOptions {
  store: Store;
  reference: Reference;
  /** pino options, `false` for silence, or a logger instance. Default: JSON logs at `info`. */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** Clock for « ouvert maintenant » (tests fix it). Default: the real time. */
  now?: () => Date;
  /** Base URL of absolute links (`PUBLIC_URL`); relative links when absent. */
  publicUrl?: string;
  /** Map style URL, allowed by the Content-Security-Policy and given to the front end. */
  mapStyleUrl?: string;
  /** « Signaler une erreur » target of lieu pages: a URL where `{id}` is replaced by the lieu's id. */
  reportUrl?: string;
  /** Built front end; default `dist/web` of the package; `null` serves no front end. */
  webDir?: string | null;
  /** Exports per client: `max` per `timeWindowMs` (default 10 per minute). */
  exportRateLimit?: { max: number; timeWindowMs?: number };
  /** Trust `X-Forwarded-*` headers (behind a reverse proxy). */
  trustProxy?: boolean;
}

export interface RepereServer {
  context: ServerContext;
  /** Resolves after the first attempt to load the dataset (ready, or empty store). */
  loaded: Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    repere: RepereServer;
  }
}

/** The nearest folder with Repère's package.json (else the working directory). */
export function packageRoot(): string {
  return findPackageRoot() ?? process.cwd();
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** One structured line per request, when it completes (instead of Fastify's two): half the logging cost. */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error || (reply.statusCode >= 500 && reply.statusCode !== 503)) {
      request.log.error({ ...fields, err: error ?? undefined }, 'requête en erreur');
    } else if (reply.statusCode === 503) request.log.warn(fields, 'requête refusée : service pas prêt');
    else request.log.info(fields, 'requête servie');
  }
}

function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}

function isLoggerInstance(value: unknown): value is FastifyBaseLogger {
  return (
    typeof value === 'object' && value !== null && typeof (value as { child?: unknown }).child === 'function'
  );
}

export async function createServer(options: CreateServerOptions): Promise<FastifyInstance> {
  const logger = options.logger ?? { level: 'info' };
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    // An id given by the caller (or a proxy) is kept so that logs can be joined across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: options.trustProxy ?? false,
    logController: new RequestLog(),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  }) as unknown as FastifyInstance;

  const log = app.log;
  const holder = new DatasetHolder(options.store, territoryResolver(options.reference.gazetteer), log);
  const publicUrl = (options.publicUrl ?? '').replace(/\/$/, '');
  const context: ServerContext = {
    store: options.store,
    reference: options.reference,
    holder,
    now: options.now ?? (() => new Date()),
    publicUrl,
    mapStyleUrl: options.mapStyleUrl,
    reportUrl: options.reportUrl,
    exportRateLimit: {
      max: options.exportRateLimit?.max ?? 10,
      timeWindowMs: options.exportRateLimit?.timeWindowMs ?? 60_000,
    },
  };

  app.setValidatorCompiler(validatorCompiler);
  // Routes send prepared text; objects (rare) are plain JSON. Response schemas document, never filter.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandler(app);
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', collectRoutes(routes));
  const security = securityHeaders(originOf(options.mapStyleUrl));
  // One hook for the headers every response carries (precomputed: nothing to build per request).
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security).header('x-request-id', request.id);
    done();
  });
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Dynamic answers: a fast brotli level (the default 11 costs more than the query itself).
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, rate) =>
      new HttpProblem(
        'trop-de-requetes',
        `Trop d’exports depuis votre adresse : au plus ${rate.max} par période de ${Math.round(context.exportRateLimit.timeWindowMs / 1000)} s. Réessayez dans ${Math.max(1, Math.ceil(rate.ttl / 1000))} s.`,
      ),
  });

  const info = {
    title: 'API Repère — lieux de médiation numérique',
    version: packageVersion(),
    description:
      'Les lieux de médiation numérique en France, au format du standard de données v1.0.1 : recherche avec les ' +
      'mêmes filtres que la carte, détail, comptages et regroupements pour la carte, territoires, exports, ' +
      'sources et qualité. Données sous Licence Ouverte 2.0.',
    serverUrl: publicUrl || '/',
  };
  let openApi: Record<string, unknown> | undefined;
  // Encoded once: these bodies never change while the process runs.
  let openApiText: Buffer | undefined;
  let docsHtml: Buffer | undefined;

  await app.register(
    async (api) => {
      await api.register(fastifyCors, {
        origin: '*',
        methods: ['GET', 'HEAD', 'OPTIONS'],
        exposedHeaders: [
          'ETag',
          'X-Request-Id',
          'X-Dataset-Version',
          'Retry-After',
          'Content-Disposition',
          'X-RateLimit-Limit',
          'X-RateLimit-Remaining',
          'X-RateLimit-Reset',
        ],
        maxAge: 86_400,
      });

      // Routes that answer from the dataset: 503 until it is loaded, before anything else.
      await api.register(async (data) => {
        data.addHook('onRequest', (_request, _reply, done) => {
          done(holder.ready ? undefined : notReady(context));
        });
        lieuxRoutes(data, context);
        mapRoutes(data, context);
        exportRoutes(data, context);
        statsRoutes(data, context);
        browserRoutes(data, context);
      });
      territoriesRoutes(api, context);

      api.get(
        '/openapi.json',
        {
          schema: {
            operationId: 'openapi',
            tags: ['Documentation'],
            summary: 'Ce document OpenAPI 3.1',
            querystring: querystring({}),
            response: { 200: json('Le document OpenAPI.', { type: 'object' }) },
          },
        },
        (_request, reply) =>
          reply
            .header('cache-control', 'public, max-age=300')
            .type('application/json; charset=utf-8')
            .send(openApiText),
      );
    },
    { prefix: '/api/v1' },
  );

  app.get('/api/docs', { schema: { hide: true } as object }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').type('text/html; charset=utf-8').send(docsHtml),
  );
  healthRoutes(app, context);
  await webRoutes(
    app,
    context,
    options.webDir === null ? undefined : (options.webDir ?? join(packageRoot(), 'dist', 'web')),
  );

  app.addHook('onReady', (done) => {
    openApi = buildOpenApi(routes, info);
    openApiText = Buffer.from(JSON.stringify(openApi));
    docsHtml = Buffer.from(renderDocs(openApi));
    done();
  });
  app.addHook('onClose', async () => {
    await holder.close();
  });

  // Warm the snapshot of each new version in the background: the first browser does not wait for it.
  holder.onSwap((state) => {
    state
      .snapshot()
      .catch((error: unknown) => log.warn({ err: error }, 'Préparation du snapshot impossible.'));
  });
  const loaded = holder.start();
  app.decorate('repere', { context, loaded });
  return app;
}

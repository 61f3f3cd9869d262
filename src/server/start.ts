/**
 * `startServer`: what `repere serve` runs. Opens the store (creating the SQLite database on a fresh
 * machine), listens at once (readiness says when data is there), loads the demo dataset when the
 * database holds none, and shuts down gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight
 * requests, close the store.
 */
import type { FastifyInstance } from 'fastify';
import { loadDemoDataset } from '../pipeline/demo-data.js';
import { loadReference } from '../reference/index.js';
import { openStore, resolveTarget, StoreError } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createServer } from './app.js';
import { BufferedLogStream } from './log-stream.js';
import type { ServerConfig } from './config.js';

export interface StartOptions {
  /** Plain lines for the person who started the server (the CLI passes stderr). */
  say?: (text: string) => void;
  /** Install SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
  /** Longest wait for in-flight requests at shutdown before closing anyway (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface StartedServer {
  app: FastifyInstance;
  store: Store;
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops gracefully; idempotent. */
  close(): Promise<void>;
  /** Resolves once the server has stopped (after a signal or `close()`). */
  closed: Promise<void>;
  /** Resolves when the demo load (if any) has finished: true when demo data was published. */
  demo: Promise<boolean>;
}

const IMPORT_HELP_FR =
  'Pour servir de vraies données : npx repere import <fichier.csv | fichier.json | définition de source> (même DATABASE_URL ou DATA_DIR) ; le serveur les sert dès leur publication, sans redémarrage.';
const IMPORT_HELP_EN =
  'To serve real data: npx repere import <file.csv | file.json | source definition> (same DATABASE_URL or DATA_DIR); the server picks it up as soon as it is published, no restart needed.';

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<StartedServer> {
  const say = options.say ?? (() => undefined);
  const logStream = new BufferedLogStream(1);
  let warn: (message: string, error?: unknown) => void = (message) => say(`repère : ${message}\n`);
  const target = resolveTarget({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    dataDir: config.dataDir,
    onWarning: (message, error) => warn(message, error),
  });
  let app: FastifyInstance;
  try {
    const fresh = (await store.currentVersion()) === undefined;
    const reference = await loadReference();
    app = await createServer({
      store,
      reference,
      logger: { level: config.logLevel, stream: logStream },
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.mapStyleUrl ? { mapStyleUrl: config.mapStyleUrl } : {}),
      ...(config.webDir ? { webDir: config.webDir } : {}),
      ...(config.reportUrl ? { reportUrl: config.reportUrl } : {}),
      exportRateLimit: { max: config.exportRateLimit },
      trustProxy: config.trustProxy,
      ...(config.fixedNow ? { now: () => new Date(config.fixedNow!.getTime()) } : {}),
    });
    warn = (message, error) => app.log.warn(error ? { err: error } : {}, message);
    app.log.info(
      { database: target.kind === 'sqlite' ? target.path : 'postgresql', fresh },
      target.kind === 'sqlite' ? `Base SQLite : ${target.path}` : 'Base PostgreSQL (DATABASE_URL).',
    );
    if (config.fixedNow) {
      app.log.warn(
        `Horloge figée (REPERE_NOW=${config.fixedNow.toISOString()}) : « ouvert maintenant » ne suit pas l’heure réelle. Réservé aux mesures et démonstrations.`,
      );
    }
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}`;

    const demo = fresh ? loadDemo(app, store, config, say) : Promise.resolve(false);

    let closing: Promise<void> | undefined;
    let resolveClosed!: () => void;
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    const close = (): Promise<void> => {
      closing ??= (async () => {
        app.log.info('Arrêt : plus de nouvelles connexions, fin des requêtes en cours.');
        const timeout = setTimeout(() => {
          app.log.warn('Arrêt : des requêtes ne se terminent pas, fermeture forcée.');
          app.server.closeAllConnections();
        }, options.shutdownTimeoutMs ?? 10_000);
        timeout.unref();
        try {
          await app.close();
          await demo.catch(() => false);
          await store.close();
        } finally {
          clearTimeout(timeout);
          const memory = process.memoryUsage();
          const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
          app.log.info(
            {
              rssMb: mb(memory.rss),
              heapUsedMb: mb(memory.heapUsed),
              heapTotalMb: mb(memory.heapTotal),
              externalMb: mb(memory.external),
            },
            'Serveur arrêté.',
          );
          await logStream.end();
          resolveClosed();
        }
      })();
      return closing;
    };
    if (options.handleSignals !== false) {
      const onSignal = (signal: NodeJS.Signals) => {
        app.log.info({ signal }, `Signal ${signal} reçu.`);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        void close();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    say(`Repère sert ${url} (API : ${url}/api/docs).\n`);
    return { app, store, url, close, closed, demo };
  } catch (error) {
    await store.close().catch(() => undefined);
    await logStream.end();
    throw error;
  }
}

/** Publishes the demo dataset into an empty database; true when it did. Never throws. */
async function loadDemo(
  app: FastifyInstance,
  store: Store,
  config: ServerConfig,
  say: (t: string) => void,
): Promise<boolean> {
  if (config.demoCount <= 0) {
    app.log.warn(
      `Aucun jeu de données publié — no dataset published yet. ${IMPORT_HELP_FR} / ${IMPORT_HELP_EN}`,
    );
    say(
      `\nAucun jeu de données dans la base. ${IMPORT_HELP_FR}\nNo dataset in the database. ${IMPORT_HELP_EN}\n\n`,
    );
    return false;
  }
  const count = config.demoCount.toLocaleString('fr-FR');
  app.log.info(
    `Base vide : chargement de ${count} lieux de démonstration — empty database: loading ${config.demoCount} demo lieux.`,
  );
  try {
    await loadDemoDataset(store, { count: config.demoCount, seed: 1 });
  } catch (error) {
    if (error instanceof StoreError && error.code === 'conflict') {
      // Another instance published first (several servers started together on one database).
      app.log.info(
        'Un autre processus a publié un jeu de données pendant le chargement de la démonstration.',
      );
      return false;
    }
    app.log.error({ err: error }, 'Chargement des données de démonstration impossible.');
    return false;
  }
  await app.repere.context.holder.refresh();
  const fr =
    `DONNÉES DE DÉMONSTRATION : ${count} lieux fictifs sont servis (noms, horaires et contacts inventés, ` +
    `répartis sur de vraies communes). ${IMPORT_HELP_FR}`;
  const en =
    `DEMO DATA: ${config.demoCount} fictitious lieux are served (made-up names, hours and contacts over real ` +
    `communes). ${IMPORT_HELP_EN}`;
  app.log.warn({ demo: true, lieux: config.demoCount }, `${fr} / ${en}`);
  say(`\n${fr}\n${en}\n\n`);
  return true;
}

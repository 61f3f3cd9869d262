/**
 * `repere serve`: the API, the map and the lieu pages over the published dataset. Thin wrapper over
 * `startServer` (src/server): reads flags and environment, runs until SIGTERM/SIGINT.
 */
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import {
  ConfigError,
  DEFAULT_DEMO_COUNT,
  DEFAULT_HOST,
  DEFAULT_PORT,
  resolveServerConfig,
  startServer,
} from '../../server/index.js';
import type { ServerFlags } from '../../server/index.js';
import { StoreError } from '../../store/index.js';
import { EXIT_OK, UsageError, type CliIO, type Command } from '../command.js';

const HELP = `repere serve — sert l’API, la carte et les pages des lieux

Usage : repere serve [options]      (aussi : npm start)

Options :
  --port <n>           port TCP (variable PORT ; défaut ${DEFAULT_PORT})
  --host <adresse>     adresse d’écoute (variable HOST ; défaut ${DEFAULT_HOST} : la machine seule ;
                       0.0.0.0 pour un conteneur ou derrière un proxy inverse)
  --demo-count <n>     lieux de démonstration chargés si la base ne contient aucun jeu de données
                       (variable DEMO_COUNT ; défaut ${DEFAULT_DEMO_COUNT} ; 0 = jamais)
  -h, --help           cette aide

Variables d’environnement :
  DATABASE_URL         postgres://utilisateur@hôte:port/base (plusieurs instances possibles : chacune
                       suit la version publiée) ; absente : fichier SQLite dans DATA_DIR
  DATABASE_SCHEMA      schéma PostgreSQL des tables de Repère (défaut public)
  DATA_DIR             dossier de la base SQLite (défaut ./data, créé au besoin)
  PUBLIC_URL           adresse publique, par exemple https://lieux.exemple.fr (liens absolus)
  MAP_STYLE_URL        style de carte (JSON MapLibre) ; sans lui, fond de carte hors ligne intégré
  REPORT_URL           « Signaler une erreur » des pages de lieux : adresse où {id} est l’identifiant
  EXPORT_RATE_LIMIT    exports permis par client et par minute (défaut 10)
  TRUST_PROXY=1        faire confiance aux en-têtes X-Forwarded-* d’un proxy inverse
  LOG_LEVEL            niveau des journaux JSON (info par défaut ; warn, error, debug…)

Sur une machine neuve, la base SQLite est créée et ${DEFAULT_DEMO_COUNT} lieux de démonstration y sont
chargés ; importez ensuite de vraies données avec « npx repere import … » : le serveur les sert dès
leur publication, sans redémarrage.

Points d’entrée : / (application), /api/docs (documentation de l’API), /api/v1/openapi.json,
/health (prêt : 200 une fois le jeu de données chargé), /health/live.
Arrêt propre sur SIGTERM ou Ctrl-C : les requêtes en cours se terminent, la base est fermée.
`;

/**
 * V8 settings of the server process, applied by this command so that `npm start`, `repere serve` and
 * the server benchmark (`npm run bench -- server`) run with the same ones. After each full collection
 * the old generation may grow by 30 % of the live heap before the next one (V8 alone lets it grow up
 * to 4×): under load the process no longer carries tens of MB of garbage, for somewhat more frequent
 * full collections. No heap ceiling: a larger dataset still gets all the memory it needs.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--heap-growing-percent=30'];

function parseArgs(args: string[]): ServerFlags {
  const flags: ServerFlags = {};
  const names: Record<string, keyof ServerFlags> = {
    '--port': 'port',
    '--host': 'host',
    '--demo-count': 'demoCount',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const name = names[flag];
    if (!name) {
      throw new UsageError(
        `option inconnue « ${arg} ». Options : --port, --host, --demo-count (repere serve --help).`,
      );
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} attend une valeur.`);
    flags[name] = value;
  }
  return flags;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'sert l’API, la carte et les pages des lieux (données de démonstration sur une base vide)',
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const flags = parseArgs(args);
    let config;
    try {
      config = resolveServerConfig(flags, io.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    if (!config.databaseUrl) config.dataDir = resolve(io.cwd, config.dataDir);
    for (const flag of SERVER_V8_FLAGS) setFlagsFromString(flag);
    let server;
    try {
      server = await startServer(config, { say: io.stderr });
    } catch (error) {
      if (error instanceof StoreError) throw new UsageError(`base de données : ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new UsageError(
          `le port ${config.port} est déjà utilisé (choisir un autre port : --port ou PORT).`,
        );
      }
      if (code === 'EACCES') {
        throw new UsageError(
          `écoute sur ${config.host}:${config.port} refusée (port réservé ? choisir un port ≥ 1024).`,
        );
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw new UsageError(
          `adresse d’écoute « ${config.host} » indisponible sur cette machine (--host ou HOST).`,
        );
      }
      throw error;
    }
    await server.closed;
    return EXIT_OK;
  },
};

/**
 * Server configuration from the environment and `repere serve` flags (flags win). Every bad value is
 * reported in plain French with the variable or flag that holds it, before anything starts.
 */
import { DEFAULT_DATA_DIR } from '../store/index.js';

export interface ServerConfig {
  /** TCP port (`--port`, `PORT`; default 3000). */
  port: number;
  /**
   * Listening address (`--host`, `HOST`). Default `127.0.0.1`: a fresh install is not exposed to the
   * network by surprise; containers and servers behind a reverse proxy set `HOST=0.0.0.0`.
   */
  host: string;
  /** `postgres://…` or `sqlite:<path>`; absent: SQLite file in `dataDir`. */
  databaseUrl?: string;
  /** PostgreSQL schema holding Repère's tables (`DATABASE_SCHEMA`). */
  databaseSchema?: string;
  /** Folder of the default SQLite database (`DATA_DIR`, default `./data`). */
  dataDir: string;
  /** Public base URL (`PUBLIC_URL`), e.g. `https://lieux.example.fr`: absolute links in responses and pages. */
  publicUrl?: string;
  /** Map style JSON URL (`MAP_STYLE_URL`); its origin is allowed by the Content-Security-Policy. */
  mapStyleUrl?: string;
  /** Demo lieux loaded when the database holds no dataset yet (`--demo-count`, `DEMO_COUNT`; 0 = never). */
  demoCount: number;
  /** Where lieu pages send « Signaler une erreur » (`REPORT_URL`, `{id}` = the lieu's id). */
  reportUrl?: string;
  /** Exports per client and minute (`EXPORT_RATE_LIMIT`, default 10). */
  exportRateLimit: number;
  /** Trust `X-Forwarded-*` from a reverse proxy (`TRUST_PROXY=1`). */
  trustProxy: boolean;
  /** pino level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** Built front end (`WEB_DIR`, default `dist/web` of the package). */
  webDir?: string;
  /**
   * A fixed clock for « ouvert maintenant » (`REPERE_NOW`, ISO 8601 instant): reproducible benchmarks
   * and demonstrations only, never in production (the server warns at start).
   */
  fixedNow?: Date;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DEMO_COUNT = 20_000;
export const DEFAULT_EXPORT_RATE_LIMIT = 10;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type ServerFlags = Partial<Record<'port' | 'host' | 'demoCount', string>>;

function integer(text: string, what: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new ConfigError(`${what} : « ${text} » n’est pas un entier entre ${min} et ${max}.`);
  }
  return value;
}

function httpUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConfigError(`${what} : « ${text} » n’est pas une URL (attendu http://… ou https://…).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${what} : « ${text} » doit commencer par http:// ou https://.`);
  }
  return url.href;
}

/** The configuration, or a `ConfigError` naming the bad variable or flag. */
export function resolveServerConfig(
  flags: ServerFlags = {},
  env: Record<string, string | undefined> = process.env,
): ServerConfig {
  const value = (flag: string | undefined, variable: string): [string, string] | undefined => {
    if (flag !== undefined)
      return [flag, `option --${variable === 'DEMO_COUNT' ? 'demo-count' : variable.toLowerCase()}`];
    const text = env[variable];
    return text !== undefined && text.trim() !== '' ? [text, `variable ${variable}`] : undefined;
  };
  const port = value(flags.port, 'PORT');
  const host = value(flags.host, 'HOST');
  const demo = value(flags.demoCount, 'DEMO_COUNT');
  const rate = value(undefined, 'EXPORT_RATE_LIMIT');
  const config: ServerConfig = {
    port: port ? integer(port[0], port[1], 0, 65535) : DEFAULT_PORT,
    host: host ? host[0].trim() : DEFAULT_HOST,
    dataDir: env.DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    demoCount: demo ? integer(demo[0], demo[1], 0, 1_000_000) : DEFAULT_DEMO_COUNT,
    exportRateLimit: rate ? integer(rate[0], rate[1], 1, 1_000_000) : DEFAULT_EXPORT_RATE_LIMIT,
    trustProxy: /^(1|true|oui|yes)$/i.test(env.TRUST_PROXY?.trim() ?? ''),
    logLevel: env.LOG_LEVEL?.trim().toLowerCase() || 'info',
  };
  if (!LOG_LEVELS.includes(config.logLevel)) {
    throw new ConfigError(
      `variable LOG_LEVEL : « ${env.LOG_LEVEL} » inconnue (valeurs : ${LOG_LEVELS.join(', ')}).`,
    );
  }
  if (env.DATABASE_URL?.trim()) config.databaseUrl = env.DATABASE_URL.trim();
  if (env.DATABASE_SCHEMA?.trim()) config.databaseSchema = env.DATABASE_SCHEMA.trim();
  if (env.PUBLIC_URL?.trim())
    config.publicUrl = httpUrl(env.PUBLIC_URL, 'variable PUBLIC_URL').replace(/\/$/, '');
  if (env.MAP_STYLE_URL?.trim()) config.mapStyleUrl = httpUrl(env.MAP_STYLE_URL, 'variable MAP_STYLE_URL');
  if (env.REPORT_URL?.trim()) {
    const report = env.REPORT_URL.trim();
    if (!report.startsWith('/')) httpUrl(report.replace('{id}', 'id'), 'variable REPORT_URL');
    config.reportUrl = report;
  }
  if (env.WEB_DIR?.trim()) config.webDir = env.WEB_DIR.trim();
  const now = env.REPERE_NOW?.trim();
  if (now) {
    const date = new Date(now);
    if (
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(now) ||
      Number.isNaN(date.getTime())
    ) {
      throw new ConfigError(
        `variable REPERE_NOW : « ${now} » n’est pas un instant ISO 8601 avec fuseau (par exemple 2025-06-12T08:00:00Z).`,
      );
    }
    config.fixedNow = date;
  }
  return config;
}

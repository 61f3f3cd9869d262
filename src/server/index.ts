/**
 * The HTTP server: the open API (`/api/v1`, OpenAPI 3.1 at `/api/v1/openapi.json`, docs at `/api/docs`),
 * the front end and server-rendered lieu pages, all answered from an in-memory index of the published
 * dataset that follows the store's version without restart.
 *
 *   const app = await createServer({ store, reference });   // tests: app.inject(…)
 *   await startServer(resolveServerConfig(flags, process.env)); // `repere serve`
 */
export { createServer, type CreateServerOptions, type RepereServer } from './app.js';
export { startServer, type StartOptions, type StartedServer } from './start.js';
export {
  resolveServerConfig,
  ConfigError,
  DEFAULT_PORT,
  DEFAULT_HOST,
  DEFAULT_DEMO_COUNT,
  type ServerConfig,
  type ServerFlags,
} from './config.js';
export { DatasetHolder, DatasetState } from './dataset.js';
export { MAX_PAGE_SIZE } from './routes/lieux.js';

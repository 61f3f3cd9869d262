/** What every route needs, built once by `createServer`. */
import type { Reference } from '../reference/index.js';
import type { Store } from '../store/index.js';
import type { DatasetHolder, DatasetState } from './dataset.js';
import { HttpProblem } from './problem.js';

export interface ServerContext {
  store: Store;
  reference: Reference;
  holder: DatasetHolder;
  /** The instant used for « ouvert maintenant » (a fixed clock in tests). */
  now: () => Date;
  /** Base of absolute links (`PUBLIC_URL`), without trailing slash; empty for relative links. */
  publicUrl: string;
  mapStyleUrl: string | undefined;
  /** « Signaler une erreur » on lieu pages: URL where `{id}` is the lieu's id (`REPORT_URL`). */
  reportUrl: string | undefined;
  exportRateLimit: { max: number; timeWindowMs: number };
}

/** Retry-After of 503 answers while the dataset loads, in seconds. */
export const RETRY_AFTER_S = 5;

/** The dataset state a request works on; throws 503 when none is loaded yet. */
export function stateOf(context: ServerContext): DatasetState {
  const state = context.holder.current;
  if (!state) throw notReady(context);
  return state;
}

export function notReady(context: ServerContext): HttpProblem {
  const detail =
    context.holder.status === 'empty'
      ? 'Aucun jeu de données n’est encore publié. Importez des données (npx repere import <fichier ou définition>) ; le serveur les servira dès leur publication.'
      : 'Le jeu de données est en cours de chargement : réessayez dans quelques secondes.';
  return new HttpProblem('indisponible', detail, undefined, { 'retry-after': String(RETRY_AFTER_S) });
}

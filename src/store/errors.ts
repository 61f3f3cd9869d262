/**
 * One error type for everything the store refuses or fails to do, with a plain French message that says
 * what to do, and a `code` for callers that react differently (e.g. retry on `conflict`).
 */
export type StoreErrorCode =
  /** Bad options: unknown database URL, invalid schema name… */
  | 'config'
  /** The database cannot be reached or opened. */
  | 'connection'
  /** Schema migration failed or the database is newer than this code. */
  | 'migration'
  /** The caller passed data the store cannot accept (see message: which row, which field). */
  | 'invalid-input'
  /** Another import published a version since `baseVersion`: merge again and retry. */
  | 'conflict'
  /** The commit failed and was rolled back: the published dataset is unchanged. */
  | 'commit-failed'
  /** The store was closed. */
  | 'closed';

export class StoreError extends Error {
  /** Id of the `failed` run logged for a failed `commitImport`, when it could be logged. */
  runId?: number;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The message of any thrown value, for people (no stack). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** A database URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

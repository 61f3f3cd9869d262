/**
 * HTTP caching helpers: ETags tied to the dataset version and to what was asked, conditional requests
 * answered before any work, and the Cache-Control policy of API reads.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gunzipAsync = promisify(gunzip);

/** API reads may be cached a minute by browsers and shared caches: data changes at most per import. */
export const API_CACHE_CONTROL = 'public, max-age=60';

/**
 * A weak ETag (compression changes the bytes, not the meaning) made of the dataset version and a hash
 * of everything else the body depends on (route, canonical parameters, minute for open-now answers).
 */
export function etagOf(base: string, ...parts: Array<string | number>): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 20);
  return `W/"${base}-${hash}"`;
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** Whether the client's `If-None-Match` already holds `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesIfNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  const wanted = opaque(etag);
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if (tag === '*' || opaque(tag) === wanted) return true;
  }
  return false;
}

/**
 * Sets the caching headers of a read; returns true (and sends 304 Not Modified) when the client's copy
 * is current, in which case the caller does nothing more.
 */
export function cachedRead(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  version: number | undefined,
  cacheControl = API_CACHE_CONTROL,
): boolean {
  reply.header('etag', etag).header('cache-control', cacheControl);
  if (version !== undefined) reply.header('x-dataset-version', String(version));
  if (matchesIfNoneMatch(request, etag)) {
    reply.code(304).send();
    return true;
  }
  return false;
}

/** The minute of `now`: answers that say whether lieux are open now stay valid for that minute. */
export function minuteOf(now: Date): number {
  return Math.floor(now.getTime() / 60_000);
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best precompressed encoding the client accepts (brotli, then gzip, else none). */
export function preferredEncoding(request: FastifyRequest): Encoding {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string' || !header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/**
 * Sends a body compressed ahead of time, in the encoding the client prefers; a client that accepts
 * none gets it inflated from gzip on demand (off the event loop), rather than kept uncompressed.
 */
export async function sendPrecompressed(
  request: FastifyRequest,
  reply: FastifyReply,
  body: { gzip: Buffer; br: Buffer },
  contentType: string,
): Promise<FastifyReply> {
  const encoding = preferredEncoding(request);
  reply.header('content-type', contentType).header('vary', 'Accept-Encoding');
  if (encoding === 'identity') return reply.send(await gunzipAsync(body.gzip));
  return reply.header('content-encoding', encoding).send(body[encoding]);
}

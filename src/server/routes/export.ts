/**
 * Export of the filtered set as CSV (the standard's columns), JSON (flat records, as published
 * nationally) or GeoJSON, streamed page by page from the index with back-pressure: memory stays flat
 * whatever the size, and a client that disconnects stops the work. Rate-limited per client.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { MAX_LIMIT, formatQueryParams, runQuery } from '../../core/query/index.js';
import type { Query } from '../../core/query/index.js';
import { csvHeader, stringifyCsvRecord } from '../../core/standard/csv.js';
import { FIELD_NAMES } from '../../core/standard/fields.js';
import { createGeoJsonWriter } from '../../core/standard/geojson.js';
import { createJsonRecordsWriter } from '../../core/standard/json-records.js';
import { toLieu } from '../../core/standard/model.js';
import type { FlatRecord } from '../../core/standard/types.js';
import type { ServerContext } from '../context.js';
import { stateOf } from '../context.js';
import { BodyWriter } from '../body.js';
import type { DatasetState } from '../dataset.js';
import { cachedRead, etagOf, minuteOf } from '../http.js';
import { problems } from '../responses.js';
import { filterProperties, querystring, type ParsedQuerystring } from '../schema.js';

export type ExportFormat = 'csv' | 'json' | 'geojson';

const FORMATS: Record<ExportFormat, { type: string; extension: string }> = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
  geojson: { type: 'application/geo+json; charset=utf-8', extension: 'geojson' },
};

/** Size of the chunks sent (at least, but for the last one; they end with a whole row). */
export const EXPORT_CHUNK_BYTES = 64 * 1024;

interface Serializer {
  start(): string;
  write(record: FlatRecord, id: string): string | null;
  end(): string;
}

/** The same codecs as `repere export` (src/io/write-records), the row's national id given beside it. */
function serializer(format: ExportFormat): Serializer {
  if (format === 'csv') {
    return {
      start: () => csvHeader(FIELD_NAMES),
      write: (r, id) => stringifyCsvRecord(r, FIELD_NAMES, ',', id),
      end: () => '',
    };
  }
  if (format === 'json') return createJsonRecordsWriter(FIELD_NAMES);
  const geo = createGeoJsonWriter();
  return { start: () => geo.start(), write: (r, id) => geo.write(toLieu(r, id)), end: () => geo.end() };
}

/**
 * One writer for every export: rows are encoded into it synchronously, and each chunk is copied out
 * just before it is sent. A chunk allocated up front stayed alive while it was filled across the
 * awaits of the stream, so its memory (outside the V8 heap) was freed only by a full collection; a
 * copy made at the last moment dies young, like the text of each row.
 */
const CHUNK_WRITER = new BodyWriter(EXPORT_CHUNK_BYTES * 2);

/**
 * The export as UTF-8 chunks of about `chunkBytes` (cut between rows); every page of the query is taken
 * from the same `state`. No per-row copy of the record, no long text kept between two sends.
 */
export async function* exportChunks(
  state: DatasetState,
  filters: Query,
  format: ExportFormat,
  now: Date,
  chunkBytes = EXPORT_CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const codec = serializer(format);
  // Another export may have used the writer while this one waited: start afresh after each yield.
  const out = CHUNK_WRITER.reset().write(codec.start());
  for (let offset = 0; ;) {
    const page = runQuery(state.index, { ...filters, offset, limit: MAX_LIMIT }, { now });
    for (const item of page.items) {
      const row = state.rows[item.position ?? state.position(item.lieu.id)!]!;
      const text = codec.write(row.record, row.id);
      if (text === null) continue;
      out.write(text);
      if (out.size >= chunkBytes) {
        yield out.take();
        out.reset();
      }
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  out.write(codec.end());
  if (out.size > 0) yield out.take();
}

export function exportRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/export',
    {
      config: {
        rateLimit: { max: context.exportRateLimit.max, timeWindow: context.exportRateLimit.timeWindowMs },
      },
      schema: {
        operationId: 'exporterLieux',
        tags: ['Export'],
        summary: 'Exporter les lieux qui répondent aux critères',
        description:
          'Tous les lieux qui répondent aux critères (mêmes paramètres que la liste, sans pagination), dans l’ordre ' +
          'de la liste : CSV et JSON au format du standard v1.0.1 (colonnes dans l’ordre du schéma), GeoJSON ' +
          '(lieux géolocalisés). Envoi en flux. Limité à quelques exports par minute et par client (réponse 429 ' +
          'au-delà, avec Retry-After).',
        querystring: querystring({
          format: {
            type: 'string',
            enum: ['csv', 'json', 'geojson'],
            default: 'csv',
            description: 'Format du fichier (csv par défaut).',
            examples: ['csv'],
          },
          ...filterProperties({ except: ['offset', 'limit'] }),
        }),
        response: {
          200: {
            description: 'Le fichier, en pièce jointe.',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'array', items: { type: 'object' } } },
              'application/geo+json': { schema: { type: 'object' } },
            },
          },
          304: { description: 'Inchangé.' },
          ...problems('parametres-invalides', 'trop-de-requetes', 'indisponible'),
        },
      },
    },
    (request, reply) => {
      const state = stateOf(context);
      const query = request.query as ParsedQuerystring & { format?: ExportFormat };
      const format = query.format ?? 'csv';
      const now = context.now();
      const canonical = formatQueryParams(query.filters).toString();
      const etag = etagOf(
        state.etagBase,
        'export',
        format,
        canonical,
        query.filters.openNow ? minuteOf(now) : '',
      );
      if (cachedRead(request, reply, etag, state.version)) return;
      const { type, extension } = FORMATS[format];
      const name = `lieux-mediation-numerique-v${state.version}.${extension}`;
      const stream = Readable.from(exportChunks(state, query.filters, format, now), { objectMode: false });
      stream.on('error', (error) => request.log.error({ err: error }, 'export interrompu'));
      return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).send(stream);
    },
  );
}

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

/** Size of the chunks sent: each row is encoded straight into one, no text kept between writes. */
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
 * The export as UTF-8 chunks of about `chunkBytes`; every page of the query is taken from the same
 * `state`. Rows are encoded as they are made: neither the row's text nor a long concatenation of rows
 * outlives the write (under load those survived the young generation and grew the old one).
 */
export async function* exportChunks(
  state: DatasetState,
  filters: Query,
  format: ExportFormat,
  now: Date,
  chunkBytes = EXPORT_CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const out = serializer(format);
  let chunk = Buffer.allocUnsafe(chunkBytes);
  let length = 0;
  /** Encodes `text` into the chunk; returns the filled chunk to send first when it did not fit. */
  const put = (text: string): Buffer | undefined => {
    let full: Buffer | undefined;
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (length + text.length * 3 > chunk.length) {
      if (length > 0) full = chunk.subarray(0, length);
      chunk = Buffer.allocUnsafe(Math.max(chunkBytes, text.length * 3));
      length = 0;
    }
    length += chunk.write(text, length);
    return full;
  };
  let full = put(out.start());
  if (full) yield full;
  for (let offset = 0; ;) {
    const page = runQuery(state.index, { ...filters, offset, limit: MAX_LIMIT }, { now });
    for (const item of page.items) {
      const row = state.rows[item.position ?? state.position(item.lieu.id)!]!;
      const text = out.write(row.record, row.id);
      if (text === null) continue;
      full = put(text);
      if (full) yield full;
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  full = put(out.end());
  if (full) yield full;
  if (length > 0) yield chunk.subarray(0, length);
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

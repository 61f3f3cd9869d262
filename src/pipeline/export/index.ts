/**
 * Exports of the published national dataset, filtered with exactly the API's semantics (core/query's
 * engine and parameter codec): CSV and JSON in the standard v1.0.1 (columns in schema order, what
 * `repere validate` accepts), GeoJSON (lieux with coordinates), and data·inclusion schema v1
 * (structures + services, see data-inclusion.ts).
 *
 * Files are written beside their target and renamed when complete: a failure never leaves a truncated
 * export in place.
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import { buildIndex, MAX_LIMIT, runQuery, territoryResolver, type Query } from '../../core/query/index.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { writeRecords } from '../../io/index.js';
import type { Dataset, DatasetLieuRow, Store } from '../../store/types.js';
import { toDataInclusion, type DataInclusionOptions } from './data-inclusion.js';

export {
  toDataInclusion,
  structureOf,
  servicesOf,
  SERVICE_THEMATIQUES,
  DATA_INCLUSION_SOURCE,
} from './data-inclusion.js';
export type { DiStructure, DiService, DataInclusionOptions } from './data-inclusion.js';

export const EXPORT_FORMATS = ['csv', 'json', 'geojson', 'data-inclusion'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends DataInclusionOptions {
  format: ExportFormat;
  /**
   * Target path. For `data-inclusion`: a `.json` file receives `{ "structures": […], "services": […] }`;
   * any other path is a folder that receives `structures.json` and `services.json`.
   */
  out: string;
  /** The API's filters (pagination ignored: every matching lieu is exported). */
  query?: Query;
  gazetteer: Gazetteer;
  /** For hour filters (`ouvert_maintenant`…). Default now. */
  now?: Date;
}

export interface ExportSummary {
  /** The dataset version exported. */
  version: number;
  /** Lieux matching the filters. */
  matched: number;
  /** Lieux written (GeoJSON leaves out those without coordinates). */
  written: number;
  skipped: number;
  files: string[];
  /** data·inclusion only. */
  structures?: number;
  services?: number;
}

/** Nothing to export, or the target cannot be written: `message` is plain French. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/**
 * The lieux of `dataset` matching `query`, in the API's order (by name, or by distance with `pres_de`),
 * each with its national id as `record.id`.
 */
export function selectLieux(
  dataset: Pick<Dataset, 'lieux'>,
  query: Query,
  gazetteer: Gazetteer,
  now: Date = new Date(),
): DatasetLieuRow[] {
  const byId = new Map(dataset.lieux.map((l) => [l.id, l]));
  const index = buildIndex(
    dataset.lieux.map((l) => ({ id: l.id, record: l.record, quality: l.quality, sources: l.sources })),
    { territory: territoryResolver(gazetteer) },
  );
  const filters: Query = { ...query };
  delete filters.offset;
  delete filters.limit;
  const out: DatasetLieuRow[] = [];
  for (let offset = 0; ;) {
    const page = runQuery(index, { ...filters, offset, limit: MAX_LIMIT }, { now });
    for (const item of page.items) out.push(byId.get(item.lieu.id)!);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return out;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new ExportError(
      `${path} : écriture impossible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
}

/** JSON array with one element per line: readable diffs, and no single giant line. */
function jsonLines(values: readonly unknown[]): string {
  if (!values.length) return '[]';
  return `[\n${values.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
}

/** Writes the published dataset, filtered, in `format`. Throws `ExportError` when nothing is published. */
export async function exportDataset(store: Store, options: ExportOptions): Promise<ExportSummary> {
  const dataset = await store.currentDataset();
  if (!dataset) {
    throw new ExportError(
      'aucun jeu de données publié dans cette base : importez d’abord des sources (repere import).',
    );
  }
  const now = options.now ?? new Date();
  const lieux = selectLieux(dataset, options.query ?? {}, options.gazetteer, now);
  const summary: ExportSummary = {
    version: dataset.version,
    matched: lieux.length,
    written: 0,
    skipped: 0,
    files: [],
  };

  if (options.format === 'data-inclusion') {
    const { structures, services } = toDataInclusion(lieux, options);
    summary.structures = structures.length;
    summary.services = services.length;
    summary.written = structures.length;
    if (options.out.toLowerCase().endsWith('.json')) {
      await writeAtomically(
        options.out,
        `{\n"structures": ${jsonLines(structures)},\n"services": ${jsonLines(services)}\n}\n`,
      );
      summary.files.push(options.out);
    } else {
      try {
        await mkdir(options.out, { recursive: true });
      } catch (error) {
        throw new ExportError(
          `${options.out} : dossier impossible à créer (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
        );
      }
      const structuresFile = join(options.out, 'structures.json');
      const servicesFile = join(options.out, 'services.json');
      await writeAtomically(structuresFile, `${jsonLines(structures)}\n`);
      await writeAtomically(servicesFile, `${jsonLines(services)}\n`);
      summary.files.push(structuresFile, servicesFile);
    }
    return summary;
  }

  // The national id is the lieu's id in every export (producers' ids are only unique per source).
  const records: FlatRecord[] = lieux.map((l) => ({ ...l.record, id: l.id }));
  const written = await writeRecords(options.out, options.format, records);
  summary.written = written.written;
  summary.skipped = written.skipped;
  summary.files.push(options.out);
  return summary;
}

/**
 * The dataset snapshot: the compact form of the published lieux that the browser downloads once
 * (`GET /api/v1/snapshot`) to run the query engine itself, with the same results as the server.
 *
 * It carries only what filtering and list cards need (see `SNAPSHOT_FIELDS`), plus each lieu's
 * territory as the server resolved it (département, région, EPCI, parent commune), so the browser
 * needs no gazetteer to filter by territory. Columns rather than rows, and columns with few distinct
 * values (enumerations, communes, hours) as a dictionary plus indexes: smaller once compressed and much
 * faster to parse than 20,000 objects.
 *
 *   server:  encodeDatasetSnapshot({ version, publishedAt, lieux, territory })  → JSON text
 *   browser: const { lieux, territory } = decodeDatasetSnapshot(await response.json());
 *            buildIndex(lieux, { territory });
 *
 * Pure and isomorphic.
 */
import { ENUM_FILTER_FIELDS } from '../query/types.js';
import type { LieuInput, TerritoryInfo, TerritoryResolver } from '../query/types.js';
import type { FlatRecord } from '../standard/types.js';

export const DATASET_SNAPSHOT_FORMAT = 'repere-lieux/1';

/** Record fields kept in the snapshot: what the query engine reads, and what a list card shows. */
export const SNAPSHOT_FIELDS: readonly string[] = [
  'nom',
  'adresse',
  'complement_adresse',
  'code_postal',
  'commune',
  'code_insee',
  'latitude',
  'longitude',
  'typologie',
  'horaires',
  'prise_rdv',
  'telephone',
  'date_maj',
  ...ENUM_FILTER_FIELDS,
];

/** A column: plain values, or a dictionary of distinct values and, per lieu, an index into it. */
export type SnapshotColumn = string[] | { dict: string[]; idx: number[] };

export interface DatasetSnapshot {
  format: typeof DATASET_SNAPSHOT_FORMAT;
  /** Dataset version published by the store. */
  version: number;
  publishedAt: string;
  count: number;
  ids: string[];
  /** Names of `columns`, in order. */
  fields: string[];
  /** One column per field; an absent value is the empty string. */
  columns: SnapshotColumn[];
  /** Quality score per lieu (`null` when unknown). */
  qualite: Array<number | null>;
  /** Source ids per lieu, joined with `|`. */
  sources: SnapshotColumn;
  /** Territory of each lieu's code INSEE as the server resolved it; empty strings when unknown. */
  territoire: {
    departement: SnapshotColumn;
    region: SnapshotColumn;
    epci: SnapshotColumn;
    /** The commune a lieu belongs to (the parent commune of a municipal arrondissement). */
    commune: SnapshotColumn;
  };
}

export interface SnapshotInput {
  version: number;
  publishedAt: string;
  lieux: readonly LieuInput[];
  /** The resolver the server's index was built with. */
  territory: TerritoryResolver;
}

export class DatasetSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetSnapshotError';
  }
}

function encodeColumn(values: string[]): SnapshotColumn {
  const positions = new Map<string, number>();
  const dict: string[] = [];
  const idx = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let at = positions.get(value);
    if (at === undefined) {
      at = dict.length;
      dict.push(value);
      positions.set(value, at);
      // Mostly distinct values (names, addresses): a dictionary would only add indexes.
      if (dict.length > values.length / 2 + 16) return values;
    }
    idx[i] = at;
  }
  return { dict, idx };
}

function decodeColumn(column: unknown, count: number, name: string): string[] {
  if (Array.isArray(column)) {
    if (column.length !== count) throw new DatasetSnapshotError(`colonne « ${name} » de longueur inattendue`);
    return column.map((v) => (typeof v === 'string' ? v : ''));
  }
  const c = column as { dict?: unknown; idx?: unknown } | null;
  if (!c || !Array.isArray(c.dict) || !Array.isArray(c.idx) || c.idx.length !== count) {
    throw new DatasetSnapshotError(`colonne « ${name} » illisible`);
  }
  const dict = c.dict as unknown[];
  return (c.idx as unknown[]).map((i) => {
    const value = dict[i as number];
    return typeof value === 'string' ? value : '';
  });
}

/** The snapshot of a dataset; `JSON.stringify` it to serve. */
export function encodeDatasetSnapshot(input: SnapshotInput): DatasetSnapshot {
  const { lieux, territory } = input;
  const n = lieux.length;
  const cache = new Map<string, TerritoryInfo | undefined>();
  const departement: string[] = new Array<string>(n);
  const region: string[] = new Array<string>(n);
  const epci: string[] = new Array<string>(n);
  const commune: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const insee = (lieux[i]!.record.code_insee ?? '').trim();
    let info: TerritoryInfo | undefined;
    if (insee) {
      if (cache.has(insee)) info = cache.get(insee);
      else cache.set(insee, (info = territory(insee)));
    }
    departement[i] = info?.departement ?? '';
    region[i] = info?.region ?? '';
    epci[i] = info?.epci ?? '';
    commune[i] = info?.commune ?? '';
  }
  return {
    format: DATASET_SNAPSHOT_FORMAT,
    version: input.version,
    publishedAt: input.publishedAt,
    count: n,
    ids: lieux.map((l) => l.id),
    fields: [...SNAPSHOT_FIELDS],
    columns: SNAPSHOT_FIELDS.map((field) => encodeColumn(lieux.map((l) => l.record[field] ?? ''))),
    qualite: lieux.map((l) => (typeof l.quality?.score === 'number' ? l.quality.score : null)),
    sources: encodeColumn(lieux.map((l) => (l.sources ?? []).join('|'))),
    territoire: {
      departement: encodeColumn(departement),
      region: encodeColumn(region),
      epci: encodeColumn(epci),
      commune: encodeColumn(commune),
    },
  };
}

export interface DecodedSnapshot {
  version: number;
  publishedAt: string;
  /** In the server's order; records hold only `SNAPSHOT_FIELDS` (empty values left out). */
  lieux: LieuInput[];
  /** Resolves the codes INSEE present in the snapshot exactly as the server did. */
  territory: TerritoryResolver;
}

/** Reads a snapshot (parsed JSON). Throws `DatasetSnapshotError` when it is not one. */
export function decodeDatasetSnapshot(input: unknown): DecodedSnapshot {
  const s = input as Partial<DatasetSnapshot> | null;
  if (!s || typeof s !== 'object' || s.format !== DATASET_SNAPSHOT_FORMAT) {
    throw new DatasetSnapshotError(
      `format de snapshot inattendu (attendu ${DATASET_SNAPSHOT_FORMAT}, reçu ${String(s && (s as { format?: unknown }).format)})`,
    );
  }
  const count = s.count;
  if (typeof count !== 'number' || !Array.isArray(s.ids) || s.ids.length !== count) {
    throw new DatasetSnapshotError('snapshot incomplet (count, ids)');
  }
  if (!Array.isArray(s.fields) || !Array.isArray(s.columns) || s.fields.length !== s.columns.length) {
    throw new DatasetSnapshotError('snapshot incomplet (fields, columns)');
  }
  const columns = s.fields.map((field, f) => decodeColumn(s.columns![f], count, field));
  const sources = decodeColumn(s.sources, count, 'sources');
  const t = s.territoire;
  if (!t) throw new DatasetSnapshotError('snapshot incomplet (territoire)');
  const departement = decodeColumn(t.departement, count, 'territoire.departement');
  const region = decodeColumn(t.region, count, 'territoire.region');
  const epci = decodeColumn(t.epci, count, 'territoire.epci');
  const commune = decodeColumn(t.commune, count, 'territoire.commune');

  const territories = new Map<string, TerritoryInfo>();
  const lieux: LieuInput[] = new Array<LieuInput>(count);
  for (let i = 0; i < count; i++) {
    const record: FlatRecord = {};
    for (let f = 0; f < columns.length; f++) {
      const value = columns[f]![i]!;
      if (value !== '') record[s.fields[f]!] = value;
    }
    const lieu: LieuInput = { id: String(s.ids[i]), record };
    const score = s.qualite?.[i];
    if (typeof score === 'number') lieu.quality = { score };
    if (sources[i]) lieu.sources = sources[i]!.split('|');
    lieux[i] = lieu;
    const insee = (record.code_insee ?? '').trim();
    if (insee && departement[i] && !territories.has(insee)) {
      const info: TerritoryInfo = { departement: departement[i]!, region: region[i]! };
      if (epci[i]) info.epci = epci[i]!;
      if (commune[i]) info.commune = commune[i]!;
      territories.set(insee, info);
    }
  }
  return {
    version: Number(s.version),
    publishedAt: String(s.publishedAt ?? ''),
    lieux,
    territory: (codeInsee) => territories.get(codeInsee),
  };
}

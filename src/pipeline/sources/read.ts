/**
 * Reading a source: definition → standard records, one per input record, with the raw record as
 * received (for storage) and the notes of its mapping. Files are streamed; URL sources are fetched
 * once through the injectable `fetch` port (tests give a fake with recorded content).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createRecordReader, type ReadSummary } from '../../core/standard/record-reader.js';
import { RecordReadError, type ReadItem } from '../../core/standard/read-error.js';
import { looksLikeV0, migrateV0Record } from '../../core/standard/migrate-v0.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { readRecords } from '../../io/read-records.js';
import { applyMapping, matchesAny } from '../mapping/apply.js';
import type { MappingNote, MappingResult } from '../mapping/types.js';
import { hasColumn } from '../mapping/values.js';
import {
  DIGITAL_THEMATIQUE_PREFIX,
  isDigitalService,
  mapDataInclusion,
  reviveService,
  reviveStructure,
  serviceStructureKey,
  structureKey,
  type DiObject,
} from './data-inclusion.js';
import type { SourceDefinition } from './definition.js';

/** The subset of the WHATWG `fetch` the readers use (the global `fetch` fits). */
export type FetchPort = (
  url: string,
  init?: { headers?: Record<string, string> },
) => Promise<{ ok: boolean; status: number; statusText?: string; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface SourcePorts {
  /** Defaults to the global `fetch`. */
  fetch?: FetchPort;
  /** Where tokens are read (defaults to `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface SourceItem {
  /** Line of the record in the file (1-based); for API sources, its rank. */
  line: number;
  /** The record as received, for storage. */
  raw: unknown;
  /** The standard row: every field of v1.0.1, `''` when absent. */
  record: FlatRecord;
  notes: MappingNote[];
}

export interface SourceSummary {
  /** Records yielded. */
  records: number;
  /** Input records deliberately not yielded (data·inclusion structures without digital service). */
  skipped: number;
  /** Notes over all records. */
  notes: number;
  /** Columns the mapping reads that no record has (a renamed column in a new export?). */
  missingColumns: string[];
  /** Plain-French remarks on the reading (encoding, key holding the records, orphan services…). */
  notices: string[];
}

export interface OpenedSource {
  definition: SourceDefinition;
  /** sha256 (hex) of the source bytes: unchanged bytes, nothing to import again. */
  contentHash: string;
  /** sha256 (hex) of what decides the mapping: a changed definition calls for a new import. */
  mappingHash: string;
  /** Reads the records; may be called more than once. */
  records(): AsyncGenerator<SourceItem, SourceSummary, undefined>;
}

const CHUNK = 64 * 1024;
const DEFAULT_TOKEN_ENV = 'DATA_INCLUSION_API_TOKEN';
const MAX_PAGES = 100_000;

// ---------------------------------------------------------------------------------------------------------
// Bytes.
// ---------------------------------------------------------------------------------------------------------

async function hashFiles(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }))
        hash.update(chunk as Buffer);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new RecordReadError(
        'io',
        code === 'ENOENT'
          ? "ce fichier n'existe pas."
          : `lecture impossible (${code ?? (error as Error).message}).`,
        { file: path },
      );
    }
  }
  return hash.digest('hex');
}

function fetchOf(ports: SourcePorts): FetchPort {
  if (ports.fetch) return ports.fetch;
  if (typeof globalThis.fetch !== 'function')
    throw new RecordReadError('io', 'aucun client HTTP disponible (fetch absent de cet environnement).');
  return (url, init) => globalThis.fetch(url, init);
}

async function download(
  url: string,
  ports: SourcePorts,
  headers?: Record<string, string>,
): Promise<Uint8Array> {
  let response: Awaited<ReturnType<FetchPort>>;
  try {
    response = await fetchOf(ports)(url, headers ? { headers } : undefined);
  } catch (error) {
    if (error instanceof RecordReadError) throw error;
    throw new RecordReadError('io', `téléchargement impossible (${(error as Error).message}).`, {
      file: url,
    });
  }
  if (!response.ok) {
    const reason =
      response.status === 401 || response.status === 403
        ? 'accès refusé : jeton absent, expiré ou sans les droits nécessaires'
        : response.status === 404
          ? 'adresse introuvable'
          : `le serveur a répondu ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new RecordReadError('io', `téléchargement impossible (HTTP ${response.status}) : ${reason}.`, {
      file: url,
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Records of bytes already in memory, through the same pure reader as files. */
function* recordsOfBytes(
  def: SourceDefinition,
  bytes: Uint8Array,
  name: string,
): Generator<ReadItem, ReadSummary> {
  const reader = createRecordReader({
    file: name,
    ...(def.format ? { format: def.format } : {}),
    ...(def.encoding ? { encoding: def.encoding } : {}),
    ...(def.delimiter ? { delimiter: def.delimiter } : {}),
    ...(def.jsonPath ? { path: def.jsonPath } : {}),
  });
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    for (const item of reader.push(bytes.subarray(offset, offset + CHUNK))) yield item;
  for (const item of reader.end()) yield item;
  return reader.summary();
}

function recordsOfFile(
  def: SourceDefinition,
  path: string,
  jsonPath?: string,
): AsyncGenerator<ReadItem, ReadSummary> {
  return readRecords(path, {
    ...(def.format ? { format: def.format } : {}),
    ...(def.encoding ? { encoding: def.encoding } : {}),
    ...(def.delimiter ? { delimiter: def.delimiter } : {}),
    ...((jsonPath ?? def.jsonPath) ? { path: (jsonPath ?? def.jsonPath)! } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Record bookkeeping shared by all kinds.
// ---------------------------------------------------------------------------------------------------------

class Bookkeeping {
  private readonly ids = new Map<string, number>();
  notes = 0;
  records = 0;

  /** Makes ids unique within the run (`-2`, `-3`…) and counts. */
  finish(record: FlatRecord, notes: MappingNote[]): void {
    const id = record.id ?? '';
    const seen = this.ids.get(id) ?? 0;
    this.ids.set(id, seen + 1);
    if (seen > 0) {
      let candidate = `${id}-${seen + 1}`;
      for (let n = seen + 2; this.ids.has(candidate); n++) candidate = `${id}-${n}`;
      this.ids.set(candidate, 1);
      record.id = candidate;
      notes.push({
        field: 'id',
        value: id,
        code: 'id.duplicate',
        message: `identifiant « ${id} » déjà pris par un autre lieu de la source : renommé « ${candidate} ».`,
      });
    }
    this.records++;
    this.notes += notes.length;
  }
}

function issueNotes(item: ReadItem): MappingNote[] {
  return (item.issues ?? []).map((issue) => ({
    field: '',
    value: '',
    code: `read.${issue.code}`,
    message: issue.message,
  }));
}

function fromMigration(notes: ReturnType<typeof migrateV0Record>['notes']): MappingNote[] {
  return notes.map((n) => ({ field: n.field, value: n.value, code: `v0.${n.code}`, message: n.message }));
}

// ---------------------------------------------------------------------------------------------------------
// Kinds standard, mapping, france-services.
// ---------------------------------------------------------------------------------------------------------

async function* tabularRecords(
  def: SourceDefinition,
  rows: AsyncIterator<ReadItem, ReadSummary> | Iterator<ReadItem, ReadSummary>,
): AsyncGenerator<SourceItem, SourceSummary> {
  const book = new Bookkeeping();
  const mapping = def.mapping!;
  const tracksColumns = def.kind === 'mapping' || def.kind === 'france-services';
  const unseen = new Set(tracksColumns ? mapping.columns : []);
  let version = def.standardVersion;
  let summary: ReadSummary | undefined;
  let skipped = 0;
  for (;;) {
    const next = await rows.next();
    if (next.done) {
      summary = next.value;
      break;
    }
    const item = next.value;
    const raw = item.record;
    for (const column of unseen) if (hasColumn(raw, column)) unseen.delete(column);
    if (def.exclude && matchesAny(def.exclude, raw)) {
      skipped++;
      continue;
    }
    const notes = issueNotes(item);
    let result: MappingResult;
    if (def.kind === 'standard') {
      version ??= looksLikeV0(Object.keys(raw)) ? '0.1' : '1.0.1';
      if (version === '0.1') {
        const migrated = migrateV0Record(raw, { sourceName: def.id });
        notes.push(...fromMigration(migrated.notes));
        result = applyMapping(mapping, migrated.record, { sourceId: def.id });
      } else result = applyMapping(mapping, raw, { sourceId: def.id });
    } else result = applyMapping(mapping, raw, { sourceId: def.id });
    notes.push(...result.notes);
    book.finish(result.record, notes);
    yield { line: item.line, raw, record: result.record, notes };
  }
  const notices = [...(summary?.notices ?? [])];
  if (def.kind === 'standard' && version === '0.1' && !def.standardVersion)
    notices.push('fichier reconnu comme standard v0.1 : migré vers v1.0.1 à la lecture.');
  if (skipped)
    notices.push(`${skipped} enregistrement(s) écarté(s) par les conditions exclude de la définition.`);
  return { records: book.records, skipped, notes: book.notes, missingColumns: [...unseen], notices };
}

// ---------------------------------------------------------------------------------------------------------
// Kind data-inclusion.
// ---------------------------------------------------------------------------------------------------------

interface DiServices {
  byStructure: Map<string, DiObject[]>;
  total: number;
  digital: number;
}

function indexService(index: DiServices, service: DiObject, producers: Set<string> | undefined): void {
  index.total++;
  if (!isDigitalService(service)) return;
  if (producers && !producers.has(String(service.source ?? ''))) return;
  index.digital++;
  const key = serviceStructureKey(service);
  const list = index.byStructure.get(key) ?? [];
  list.push(service);
  index.byStructure.set(key, list);
}

async function* diRecords(
  def: SourceDefinition,
  structures: AsyncIterable<{ line: number; structure: DiObject }>,
  index: DiServices,
): AsyncGenerator<SourceItem, SourceSummary> {
  const book = new Bookkeeping();
  const producers = def.producers ? new Set(def.producers) : undefined;
  const used = new Set<string>();
  let skipped = 0;
  for await (const { line, structure } of structures) {
    if (producers && !producers.has(String(structure.source ?? ''))) {
      skipped++;
      continue;
    }
    const key = structureKey(structure);
    const services = index.byStructure.get(key) ?? [];
    if (services.length) used.add(key);
    if (!services.length) {
      skipped++;
      continue;
    }
    const mapped = mapDataInclusion(structure, services);
    const result = applyMapping(def.mapping!, mapped.record, { sourceId: def.id });
    const notes = [...mapped.notes, ...result.notes];
    book.finish(result.record, notes);
    yield { line, raw: { structure, services }, record: result.record, notes };
  }
  const orphans = [...index.byStructure.keys()].filter((k) => !used.has(k));
  const notices = [
    `${index.digital} services numériques sur ${index.total} ; ${book.records} structures gardées, ${skipped} sans service numérique écartées.`,
  ];
  if (orphans.length)
    notices.push(
      `${orphans.length} structure(s) citée(s) par des services numériques mais absente(s) des structures : ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? '…' : ''}.`,
    );
  return { records: book.records, skipped, notes: book.notes, missingColumns: [], notices };
}

async function diIndexFromFile(def: SourceDefinition): Promise<DiServices> {
  const index: DiServices = { byStructure: new Map(), total: 0, digital: 0 };
  const producers = def.producers ? new Set(def.producers) : undefined;
  for await (const item of recordsOfFile({ ...def, format: 'json' }, def.servicesPath!))
    indexService(index, reviveService(item.record), producers);
  return index;
}

async function* diStructuresFromFile(
  def: SourceDefinition,
): AsyncGenerator<{ line: number; structure: DiObject }> {
  for await (const item of recordsOfFile({ ...def, format: 'json' }, def.path!))
    yield { line: item.line, structure: reviveStructure(item.record) };
}

function apiBase(url: string): string {
  return url.replace(/\/+$/, '');
}

function apiToken(def: SourceDefinition, ports: SourcePorts): string {
  const name = def.tokenEnv ?? DEFAULT_TOKEN_ENV;
  const env = ports.env ?? process.env;
  const token = env[name]?.trim();
  if (!token)
    throw new RecordReadError(
      'io',
      `jeton d'accès à l'API data·inclusion absent : définissez la variable d'environnement ${name}.`,
      { file: def.url! },
    );
  return token;
}

/** Every item of a paginated data·inclusion resource (`{ items, page, pages }` bodies). */
async function apiItems(
  def: SourceDefinition,
  ports: SourcePorts,
  resource: 'structures' | 'services',
  hash: Hash,
  onItem: (item: DiObject) => void,
): Promise<void> {
  const token = apiToken(def, ports);
  const size = def.pageSize ?? 1000;
  const params: string[] = [];
  for (const producer of def.producers ?? []) params.push(`sources=${encodeURIComponent(producer)}`);
  if (resource === 'services')
    for (const t of [
      'numerique--acceder-a-des-services-en-ligne',
      'numerique--acceder-a-une-connexion-internet',
      'numerique--acquerir-un-equipement',
      'numerique--maitriser-les-fondamentaux-du-numerique',
    ])
      params.push(`thematiques=${encodeURIComponent(t)}`);
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = `${apiBase(def.url!)}/${resource}?${[`page=${page}`, `size=${size}`, ...params].join('&')}`;
    const bytes = await download(url, ports, headers);
    hash.update(bytes);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8').decode(bytes));
    } catch (error) {
      throw new RecordReadError('json-syntax', `réponse JSON invalide (${(error as Error).message}).`, {
        file: url,
      });
    }
    const items = Array.isArray(body)
      ? body
      : body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)
        ? (body as { items: unknown[] }).items
        : undefined;
    if (!items)
      throw new RecordReadError(
        'json-shape',
        'réponse inattendue : un objet { items, page, pages } était attendu.',
        {
          file: url,
        },
      );
    for (const item of items)
      if (item && typeof item === 'object' && !Array.isArray(item)) onItem(item as DiObject);
    const pages = (body as { pages?: unknown }).pages;
    if (typeof pages === 'number' ? page >= pages : items.length < size) return;
  }
  throw new RecordReadError('io', `plus de ${MAX_PAGES} pages : pagination sans fin ?`, { file: def.url! });
}

// ---------------------------------------------------------------------------------------------------------
// Public API.
// ---------------------------------------------------------------------------------------------------------

function stableJson(value: unknown): string {
  if (value instanceof Map) return stableJson(Object.fromEntries(value));
  if (value instanceof Set) return stableJson([...value]);
  if (value instanceof RegExp) return JSON.stringify(value.source);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

function mappingHashOf(def: SourceDefinition): string {
  const basis = {
    kind: def.kind,
    format: def.format,
    encoding: def.encoding,
    delimiter: def.delimiter,
    jsonPath: def.jsonPath,
    standardVersion: def.standardVersion,
    producers: def.producers,
    mapping: def.mapping?.source,
  };
  return createHash('sha256').update(stableJson(basis)).digest('hex');
}

/**
 * Opens a source: computes the hash of its bytes (fetching URL sources once) and returns a reader of
 * its records. Throws `RecordReadError` (file or URL, reason) when the data cannot be reached.
 */
export async function openSource(def: SourceDefinition, ports: SourcePorts = {}): Promise<OpenedSource> {
  const mappingHash = mappingHashOf(def);
  if (def.kind === 'data-inclusion') {
    if (def.path) {
      const contentHash = await hashFiles([def.path, def.servicesPath!]);
      return {
        definition: def,
        contentHash,
        mappingHash,
        records: async function* () {
          const index = await diIndexFromFile(def);
          return yield* diRecords(def, diStructuresFromFile(def), index);
        },
      };
    }
    const hash = createHash('sha256');
    const index: DiServices = { byStructure: new Map(), total: 0, digital: 0 };
    const producers = def.producers ? new Set(def.producers) : undefined;
    await apiItems(def, ports, 'services', hash, (service) => indexService(index, service, producers));
    // Only structures with digital services are kept in memory: the national list is large.
    const wanted = new Set(index.byStructure.keys());
    const structures: DiObject[] = [];
    let rank = 0;
    const ranks = new Map<DiObject, number>();
    await apiItems(def, ports, 'structures', hash, (structure) => {
      rank++;
      if (wanted.has(structureKey(structure))) {
        structures.push(structure);
        ranks.set(structure, rank);
      }
    });
    const contentHash = hash.digest('hex');
    const total = rank;
    return {
      definition: def,
      contentHash,
      mappingHash,
      records: async function* () {
        async function* kept() {
          for (const structure of structures) yield { line: ranks.get(structure)!, structure };
        }
        const summary = yield* diRecords(def, kept(), index);
        // Structures not kept in memory were skipped before mapping: count them too.
        summary.skipped += total - structures.length;
        summary.notices[0] = `${index.digital} services numériques ; ${summary.records} structures gardées sur ${total}.`;
        return summary;
      },
    };
  }
  if (def.url) {
    const bytes = await download(def.url, ports);
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    return {
      definition: def,
      contentHash,
      mappingHash,
      records: () => tabularRecords(def, recordsOfBytes(def, bytes, def.url!)),
    };
  }
  const contentHash = await hashFiles([def.path!]);
  return {
    definition: def,
    contentHash,
    mappingHash,
    records: () => tabularRecords(def, recordsOfFile(def, def.path!)),
  };
}

/** The records of a source (see `openSource` to also get its hashes without fetching twice). */
export async function* readSource(
  def: SourceDefinition,
  ports: SourcePorts = {},
): AsyncGenerator<SourceItem, SourceSummary, undefined> {
  const opened = await openSource(def, ports);
  return yield* opened.records();
}

/** sha256 (hex) of the source's bytes (both files for data·inclusion; every API page body). */
export async function sourceContentHash(def: SourceDefinition, ports: SourcePorts = {}): Promise<string> {
  if (def.kind !== 'data-inclusion' && def.path) return hashFiles([def.path]);
  if (def.kind === 'data-inclusion' && def.path) return hashFiles([def.path, def.servicesPath!]);
  return (await openSource(def, ports)).contentHash;
}

export { DIGITAL_THEMATIQUE_PREFIX };

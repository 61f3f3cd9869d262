/**
 * The import run: producer exports → the published national dataset.
 *
 * Per source, in order: content hash (bytes + mapping + pipeline version) → skipped when unchanged since
 * its last successful run; read and map → repair → validate (records with errors are rejected with their
 * reasons, warnings are kept) → geocode (producer's coordinates when plausible, else the online geocoder
 * when given, else the commune's centre) → the source's normalised lieux. Then the national dataset is
 * merged again from every source's latest normalised lieux (dedup, merge with provenance, quality) and
 * published with `store.commitImport` in ONE transaction.
 *
 * Each source is its own transaction: a source that fails (unreadable, truncated, mis-encoded, or a
 * failing commit) leaves the published dataset exactly as it was and logs a failed run with the reason;
 * the other sources of the run are still imported. A run over several sources therefore publishes one
 * version per imported source, the last one holding them all.
 *
 * Every input record is accounted for: kept, merged (into which lieu), or rejected (with reasons), in the
 * report and in the store (`source_records`). A plain file in the standard (`repere import lieux.csv`) is
 * a `standard` source whose id comes from the file name.
 *
 * The demonstration lieux (`repere demo-data`, source « demonstration ») are synthetic: an import of real
 * sources leaves them out of the national dataset.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Gazetteer } from '../core/geo/gazetteer.js';
import { RecordReadError } from '../core/standard/read-error.js';
import type { FlatRecord } from '../core/standard/types.js';
import { createValidator, type Issue } from '../core/standard/validate.js';
import { StoreError } from '../store/errors.js';
import type {
  GeocodeInfo,
  NormalisedLieuRow,
  RecordReason,
  Repair as StoredRepair,
  SourceRecordRow,
  Store,
} from '../store/types.js';
import { DEMO_SOURCE_ID } from './demo-data.js';
import { geocodeRecords } from './geocode/geocode-records.js';
import { OfflineGeocoder } from './geocode/offline.js';
import { isHit, type Geocoder } from './geocode/types.js';
import { buildNationalDataset, type MergeMember } from './national-dataset.js';
import type { ImportStage, ProgressListener } from './progress.js';
import { repairRecord } from './repair/index.js';
import {
  emptyCounts,
  ReasonTally,
  type ImportReport,
  type RecordOutcome,
  type SourceCounts,
  type SourceReport,
} from './run-report.js';
import {
  checkSourceDefinition,
  DefinitionError,
  loadSourceDefinition,
  openSource,
  type OpenedSource,
  type SourceDefinition,
  type SourcePorts,
} from './sources/index.js';

/** Bumped when the pipeline's output changes for the same input: every source is then imported again. */
export const PIPELINE_VERSION = 1;

/** A source definition, or a path to a definition file (`.yaml`, `.yml`, `.json`) or to a standard file. */
export type ImportInput = SourceDefinition | string;

export interface ImportOptions {
  store: Store;
  /** Reference geography: repairs (commune, code INSEE), coordinate checks, offline geocoding. */
  gazetteer: Gazetteer;
  /** Online geocoder (Géoplateforme); without it, lieux without usable coordinates get their commune's centre. */
  geocoder?: Geocoder;
  /** Reference time (freshness, validation). Default: now. */
  now?: Date;
  onProgress?: ProgressListener;
  /** Import even when the source is unchanged since its last successful run. */
  force?: boolean;
  /** Network and environment for URL and API sources. */
  ports?: SourcePorts;
  /** Keep every record's outcome in the report (default true; off for very large runs). */
  detail?: boolean;
}

/** A definition or file that cannot be used at all (missing, unreadable, invalid definition). */
export class ImportInputError extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'ImportInputError';
  }
}

const DEFINITION_EXTENSIONS = new Set(['.yaml', '.yml']);
const DATA_EXTENSIONS = new Set(['.csv', '.geojson', '.tsv', '.txt']);
const MAX_CONFLICT_RETRIES = 3;
const PROGRESS_EVERY = 500;
const GEOCODE_CHUNK = 1000;

/**
 * A source id from a file name: `Lieux Médiation (2024).csv` → `lieux-mediation-2024`. Lowercase ASCII
 * letters, digits, `-`, `_` and `.` as the store requires.
 */
export function sourceIdFromFileName(path: string): string {
  const stem = basename(path, extname(path))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[-_.]+$/g, '');
  return (stem || 'fichier').slice(0, 100).replace(/[-_.]+$/g, '') || 'fichier';
}

/** Whether a `.json` file is a source definition (an object with `kind` and `id`) rather than data. */
async function isJsonDefinition(path: string): Promise<boolean> {
  const info = await stat(path);
  // Definitions are small; a large JSON file is data.
  if (info.size > 256 * 1024) return false;
  const handle = await open(path, 'r');
  try {
    const text = (await handle.readFile('utf8')).replace(/^\uFEFF/, '');
    const parsed: unknown = JSON.parse(text);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      'kind' in parsed &&
      'id' in parsed
    );
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * Turns a command-line argument into a source definition: a definition file as is, a data file as a
 * `standard` source named after the file. Throws `ImportInputError` with a plain French reason.
 */
export async function resolveImportInput(path: string, cwd = process.cwd()): Promise<SourceDefinition> {
  const file = resolve(cwd, path);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportInputError(
      code === 'ENOENT'
        ? `${path} : fichier introuvable.`
        : `${path} : illisible (${code ?? String(error)}).`,
      path,
    );
  }
  if (!info.isFile()) throw new ImportInputError(`${path} : c’est un dossier, pas un fichier.`, path);
  const ext = extname(file).toLowerCase();
  try {
    if (DEFINITION_EXTENSIONS.has(ext) || (ext === '.json' && (await isJsonDefinition(file)))) {
      return await loadSourceDefinition(file);
    }
    if (ext !== '.json' && !DATA_EXTENSIONS.has(ext)) {
      throw new ImportInputError(
        `${path} : extension « ${ext || '(aucune)'} » inconnue. Attendu une définition de source (.yaml, .yml, .json) ou un fichier au standard (.csv, .json, .geojson).`,
        path,
      );
    }
    const id = sourceIdFromFileName(file);
    const def = await checkSourceDefinition(
      { id, name: `Fichier ${basename(file)}`, kind: 'standard', path: file },
      file,
    );
    delete def.file;
    return def;
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    if (error instanceof DefinitionError) throw new ImportInputError(error.describe(), path);
    throw new ImportInputError(`${path} : ${describe(error)}`, path);
  }
}

/** The message of an error for people: file and line when the error knows them, never a stack. */
export function describe(error: unknown): string {
  if (error instanceof RecordReadError || error instanceof DefinitionError) return error.describe();
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** What the store keeps of a definition: enough to know where the data came from and its priority. */
function storedDefinition(def: SourceDefinition, mappingHash?: string): Record<string, unknown> {
  const stored: Record<string, unknown> = { kind: def.kind, priority: def.priority };
  for (const key of [
    'file',
    'path',
    'servicesPath',
    'url',
    'format',
    'encoding',
    'jsonPath',
    'licence',
  ] as const) {
    if (def[key] !== undefined) stored[key] = def[key];
  }
  if (mappingHash) stored.mappingHash = mappingHash;
  stored.pipelineVersion = PIPELINE_VERSION;
  return stored;
}

function runHash(opened: OpenedSource): string {
  return createHash('sha256')
    .update(`${opened.contentHash}\n${opened.mappingHash}\n${PIPELINE_VERSION}`)
    .digest('hex');
}

function reasonOf(issue: Issue): RecordReason {
  return { rule: issue.code, message: issue.message, field: issue.field, value: issue.value };
}

/** A record that passed validation, waiting for geocoding and the merge. */
interface Candidate {
  line: number;
  key: string;
  record: FlatRecord;
  repairs: StoredRepair[];
  reasons: RecordReason[];
  geocode?: GeocodeInfo;
}

interface Normalised {
  rows: Array<{ line: number; raw: string; rejected?: RecordReason[]; candidate?: Candidate }>;
  candidates: Candidate[];
  counts: SourceCounts;
  repairs: ReasonTally;
  repairTotal: number;
  rejections: ReasonTally;
  warnings: ReasonTally;
  notices: string[];
  durationsMs: Partial<Record<ImportStage, number>>;
}

class SourceFailure extends Error {}

/** Clock for stage durations. */
const clock = () => performance.now();

export async function runImport(
  inputs: readonly ImportInput[],
  options: ImportOptions,
): Promise<ImportReport> {
  const started = new Date();
  const startedMs = clock();
  const sources: SourceReport[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    let def: SourceDefinition;
    try {
      def = typeof input === 'string' ? await resolveImportInput(input) : input;
    } catch (error) {
      const name = typeof input === 'string' ? input : input.id;
      sources.push(failedReport(sourceIdFromFileName(name), name, 'inconnu', name, describe(error)));
      options.onProgress?.({
        type: 'source-end',
        sourceId: name,
        outcome: 'failed',
        message: describe(error),
      });
      continue;
    }
    options.onProgress?.({
      type: 'source-start',
      sourceId: def.id,
      name: def.name,
      index: i + 1,
      count: inputs.length,
    });
    const report = await importSource(def, options);
    sources.push(report);
    options.onProgress?.({
      type: 'source-end',
      sourceId: def.id,
      outcome: report.outcome,
      message: report.message,
    });
  }

  const totals = emptyCounts();
  for (const s of sources) {
    if (s.outcome !== 'imported') continue;
    for (const k of Object.keys(totals) as Array<keyof SourceCounts>) totals[k] += s.counts[k];
  }
  const [latest] = await options.store.listVersions();
  return {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(clock() - startedMs),
    sources,
    totals,
    ...(latest ? { dataset: { version: latest.version, lieux: latest.lieuCount } } : {}),
    ok: sources.every((s) => s.outcome !== 'failed'),
  };
}

function inputOf(def: SourceDefinition): string {
  return def.path ?? def.url ?? def.id;
}

function failedReport(
  sourceId: string,
  name: string,
  kind: string,
  input: string,
  error: string,
): SourceReport {
  return {
    sourceId,
    name,
    kind,
    input,
    outcome: 'failed',
    message: 'importation impossible, le jeu publié est inchangé.',
    error,
    counts: emptyCounts(),
    repairs: { total: 0, byRule: [] },
    rejections: [],
    warnings: [],
    geocoding: { byMethod: {}, failed: 0 },
    notices: [],
    durationsMs: {},
  };
}

async function importSource(def: SourceDefinition, options: ImportOptions): Promise<SourceReport> {
  const { store } = options;
  const now = options.now ?? new Date();
  const startedAt = new Date().toISOString();
  const report = failedReport(def.id, def.name, def.kind, inputOf(def), '');
  report.notices.push(...def.warnings);
  let contentHash: string | undefined;

  const fail = async (error: string, counts?: SourceCounts): Promise<SourceReport> => {
    report.outcome = 'failed';
    report.error = error;
    report.message = 'importation annulée, le jeu publié est inchangé.';
    if (counts) report.counts = counts;
    try {
      report.runId = await store.recordRun({
        sourceId: def.id,
        status: 'failed',
        startedAt,
        error,
        ...(contentHash ? { contentHash } : {}),
      });
    } catch (logError) {
      report.notices.push(`échec non journalisé dans la base : ${describe(logError)}`);
    }
    return report;
  };

  try {
    await store.upsertSource({
      id: def.id,
      name: def.name,
      kind: def.kind,
      definition: storedDefinition(def),
    });
  } catch (error) {
    report.error = `enregistrement de la source impossible : ${describe(error)}`;
    return report;
  }

  let opened: OpenedSource;
  try {
    opened = await openSource(def, options.ports);
    contentHash = runHash(opened);
  } catch (error) {
    return fail(describe(error));
  }
  report.contentHash = contentHash;

  if (!options.force && (await store.isUnchanged(def.id, contentHash))) {
    const last = await store.lastSuccessfulRun(def.id);
    await store.recordRun({
      sourceId: def.id,
      status: 'skipped',
      startedAt,
      contentHash,
      log: [
        { level: 'info', message: 'source inchangée depuis sa dernière importation réussie : rien à faire.' },
      ],
    });
    report.outcome = 'unchanged';
    report.message = `inchangée depuis la dernière importation${last?.datasetVersion ? ` (version ${last.datasetVersion})` : ''} : rien à refaire.`;
    if (last?.counts) {
      report.counts = {
        ...emptyCounts(),
        read: last.counts.records,
        kept: last.counts.kept,
        merged: last.counts.merged,
        rejected: last.counts.rejected,
      };
    }
    delete report.error;
    return report;
  }
  await store.upsertSource({
    id: def.id,
    name: def.name,
    kind: def.kind,
    definition: storedDefinition(def, opened.mappingHash),
  });

  let normalised: Normalised;
  try {
    normalised = await normaliseSource(opened, options.gazetteer, now, (stage, done, finished) =>
      options.onProgress?.({
        type: 'stage',
        sourceId: def.id,
        stage,
        done,
        ...(finished ? { finished } : {}),
      }),
    );
    if (normalised.counts.read === 0) {
      throw new SourceFailure(
        `${inputOf(def)} : aucun enregistrement lu. Un export vide retirerait tous les lieux de la source : vérifiez le fichier (ou la clé jsonPath de la définition).`,
      );
    }
  } catch (error) {
    return fail(describe(error));
  }
  report.notices.push(...normalised.notices);

  const geocodeStarted = clock();
  try {
    await geocodeCandidates(normalised, options, (done, total) =>
      options.onProgress?.({
        type: 'stage',
        sourceId: def.id,
        stage: 'geocode',
        done,
        total,
        ...(done >= total ? { finished: true } : {}),
      }),
    );
  } catch (error) {
    return fail(`géocodage impossible : ${describe(error)}`, normalised.counts);
  }
  normalised.durationsMs.geocode = Math.round(clock() - geocodeStarted);
  for (const c of normalised.candidates) {
    if (c.geocode)
      report.geocoding.byMethod[c.geocode.method] = (report.geocoding.byMethod[c.geocode.method] ?? 0) + 1;
    else report.geocoding.failed++;
  }

  const normalisedRows: NormalisedLieuRow[] = normalised.candidates.map((c) => ({
    key: c.key,
    line: c.line,
    record: c.record,
    repairs: c.repairs,
    ...(c.geocode ? { geocode: c.geocode } : {}),
  }));
  const mine: MergeMember[] = normalised.candidates.map((c) => ({
    sourceId: def.id,
    key: c.key,
    record: c.record,
    ...(c.geocode ? { geocode: c.geocode } : {}),
  }));

  const log: Array<{ level: 'info' | 'warning' | 'error'; message: string }> = [];
  let outcomes: RecordOutcome[] = [];
  for (let attempt = 1; ; attempt++) {
    const dedupStarted = clock();
    let commitInput;
    try {
      const baseVersion = await store.currentVersion();
      const others: MergeMember[] = [];
      let demo = 0;
      for await (const lieu of store.normalisedLieuxOfAllSources({ exceptSource: def.id })) {
        if (lieu.sourceId === DEMO_SOURCE_ID) {
          demo++;
          continue;
        }
        others.push({
          sourceId: lieu.sourceId,
          key: lieu.key,
          record: lieu.record,
          ...(lieu.geocode ? { geocode: lieu.geocode } : {}),
        });
      }
      if (demo && attempt === 1)
        log.push({ level: 'info', message: `${demo} lieux de démonstration retirés du jeu national.` });
      const priorities = new Map<string, number>();
      for (const source of await store.listSources()) {
        const p = (source.definition as { priority?: unknown } | null)?.priority;
        if (typeof p === 'number') priorities.set(source.id, p);
      }
      priorities.set(def.id, def.priority);
      const dataset = buildNationalDataset([...others, ...mine], {
        priorities,
        now,
        onProgress: (done, total) =>
          options.onProgress?.({
            type: 'stage',
            sourceId: def.id,
            stage: 'dedup',
            done,
            total,
            ...(done >= total ? { finished: true } : {}),
          }),
      });

      // Every record's outcome, now that the merge says which lieu each became.
      const counts = normalised.counts;
      counts.kept = 0;
      counts.merged = 0;
      outcomes = [];
      const sourceRecords: SourceRecordRow[] = normalised.rows.map((row) => {
        if (row.rejected) {
          outcomes.push({ line: row.line, status: 'rejected', reasons: row.rejected });
          return { line: row.line, raw: row.raw, status: 'rejected', reasons: row.rejected };
        }
        const c = row.candidate!;
        const outcome = dataset.outcomeOf(def.id, c.key);
        const merged = outcome !== undefined && outcome.members.length > 1;
        const reasons = [...c.reasons];
        if (merged) {
          const others = outcome.members.filter((k) => k !== `${def.id}:${c.key}`);
          reasons.unshift({
            rule: 'merged',
            message: `fusionné dans le lieu ${outcome.lieuId} avec ${others.join(', ')}.`,
            value: outcome.lieuId,
          });
          counts.merged++;
        } else counts.kept++;
        outcomes.push({
          line: row.line,
          status: merged ? 'merged' : 'kept',
          key: c.key,
          ...(outcome ? { lieuId: outcome.lieuId } : {}),
          reasons,
        });
        return { line: row.line, raw: row.raw, status: merged ? 'merged' : 'kept', reasons, key: c.key };
      });
      normalised.durationsMs.dedup = Math.round(clock() - dedupStarted);
      options.onProgress?.({ type: 'stage', sourceId: def.id, stage: 'store', done: 0, total: 7 });
      commitInput = {
        sourceId: def.id,
        contentHash,
        baseVersion,
        run: {
          startedAt,
          log: [
            ...log,
            {
              level: 'info' as const,
              message:
                `${counts.read} enregistrements lus : ${counts.kept} gardés, ${counts.merged} fusionnés, ` +
                `${counts.rejected} rejetés ; jeu national de ${dataset.lieux.length} lieux.`,
              details: {
                counts,
                rejections: normalised.rejections.list(),
                repairs: normalised.repairs.list(),
                geocoding: report.geocoding,
              },
            },
          ],
        },
        sourceRecords,
        normalised: normalisedRows,
        dataset: {
          lieux: dataset.lieux,
          mergeGroups: dataset.mergeGroups,
          provenance: dataset.provenance,
          stats: dataset.stats,
        },
      };
    } catch (error) {
      return fail(`fusion du jeu national impossible : ${describe(error)}`, normalised.counts);
    }

    const storeStarted = clock();
    let step = 0;
    try {
      const result = await store.commitImport(commitInput, {
        onStep: () => {
          step++;
          options.onProgress?.({
            type: 'stage',
            sourceId: def.id,
            stage: 'store',
            done: step,
            total: 7,
            ...(step >= 7 ? { finished: true } : {}),
          });
        },
      });
      normalised.durationsMs.store = Math.round(clock() - storeStarted);
      report.outcome = 'imported';
      report.datasetVersion = result.version;
      report.runId = result.runId;
      report.counts = normalised.counts;
      report.message = `publiée : version ${result.version} du jeu national (${commitInput.dataset.lieux.length} lieux).`;
      delete report.error;
      break;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'conflict' && attempt < MAX_CONFLICT_RETRIES) {
        log.push({ level: 'warning', message: `${error.message} (nouvelle tentative ${attempt + 1})` });
        continue;
      }
      // The store has rolled back and logged the failed run.
      report.outcome = 'failed';
      report.error = describe(error);
      report.message = 'publication annulée, le jeu publié est inchangé.';
      report.counts = normalised.counts;
      if (error instanceof StoreError && error.runId !== undefined) report.runId = error.runId;
      report.durationsMs = normalised.durationsMs;
      return report;
    }
  }

  report.repairs = { total: normalised.repairTotal, byRule: normalised.repairs.list() };
  report.rejections = normalised.rejections.list();
  report.warnings = normalised.warnings.list();
  report.durationsMs = normalised.durationsMs;
  if (options.detail !== false) report.records = outcomes;
  return report;
}

/**
 * Reads, repairs and validates every record of a source. Throws (RecordReadError…) when the source
 * cannot be read to its end: nothing of it is then published.
 */
async function normaliseSource(
  opened: OpenedSource,
  gazetteer: Gazetteer,
  now: Date,
  progress: (stage: ImportStage, done: number, finished?: boolean) => void,
): Promise<Normalised> {
  const validator = createValidator({ now });
  const n: Normalised = {
    rows: [],
    candidates: [],
    counts: emptyCounts(),
    repairs: new ReasonTally(),
    repairTotal: 0,
    rejections: new ReasonTally(),
    warnings: new ReasonTally(),
    notices: [],
    durationsMs: {},
  };
  const keys = new Set<string>();
  let repairMs = 0;
  let validateMs = 0;
  const started = clock();
  const records = opened.records();
  let last: { line: number; notes: readonly { code: string; message: string }[] } | undefined;
  for (let next = await records.next(); ; next = await records.next()) {
    if (next.done) {
      // A file cut at a record boundary reads without error; its last row then lacks columns.
      const short = last?.notes.find(
        (note) => note.code === 'read.ragged-row' && /considérées? vides?/.test(note.message),
      );
      if (last && short) {
        throw new SourceFailure(
          `${opened.definition.path ?? opened.definition.url ?? opened.definition.id}, ligne ${last.line} : la dernière ligne est incomplète (${short.message}) : le fichier semble tronqué. Exportez-le à nouveau ; si cette ligne est vraiment complète, ajoutez-y les séparateurs des colonnes vides.`,
        );
      }
      const summary = next.value;
      n.counts.excluded = summary.skipped;
      n.notices.push(...summary.notices);
      if (summary.missingColumns.length) {
        n.notices.push(
          `colonnes attendues par la définition mais absentes de l’export : ${summary.missingColumns.join(', ')}.`,
        );
      }
      break;
    }
    const item = next.value;
    last = { line: item.line, notes: item.notes };
    const c = n.counts;
    c.read++;
    const raw = JSON.stringify(item.raw ?? item.record) ?? 'null';

    let t = clock();
    const repaired = repairRecord(item.record, { gazetteer, now });
    repairMs += clock() - t;
    if (repaired.repairs.length) c.repaired++;
    n.repairTotal += repaired.repairs.length;
    const seenRules = new Set<string>();
    for (const r of repaired.repairs) {
      if (seenRules.has(r.rule)) continue;
      seenRules.add(r.rule);
      n.repairs.add(r.rule, r.message, r.field);
    }

    t = clock();
    const issues = validator.check(repaired.record, item.line);
    validateMs += clock() - t;
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length) {
      c.rejected++;
      const seen = new Set<string>();
      for (const e of errors) {
        if (seen.has(e.code)) continue;
        seen.add(e.code);
        n.rejections.add(e.code, e.message, e.field);
      }
      n.rows.push({ line: item.line, raw, rejected: errors.map(reasonOf) });
    } else {
      c.valid++;
      const reasons: RecordReason[] = [
        ...issues.map(reasonOf),
        ...repaired.warnings.map((w) => ({
          rule: w.rule,
          message: w.message,
          field: w.field,
          value: w.value,
        })),
        ...item.notes.map((note) => ({
          rule: note.code,
          message: note.message,
          field: note.field,
          value: note.value,
        })),
      ];
      for (const r of reasons) n.warnings.add(r.rule, r.message, r.field);
      // The producer's id is the key when it is unique in the source (the reader makes it so).
      let key = (repaired.record.id ?? '').trim() || `ligne-${item.line}`;
      if (keys.has(key)) key = `${key}~ligne-${item.line}`;
      keys.add(key);
      const candidate: Candidate = {
        line: item.line,
        key,
        record: repaired.record,
        repairs: repaired.repairs.map((r) => ({
          field: r.field,
          rule: r.rule,
          before: r.before,
          after: r.after,
          message: r.message,
        })),
        reasons,
      };
      n.candidates.push(candidate);
      n.rows.push({ line: item.line, raw, candidate });
    }
    if (c.read % PROGRESS_EVERY === 0) {
      progress('read', c.read);
      progress('repair', c.read);
      progress('validate', c.read);
    }
  }
  const total = clock() - started;
  n.durationsMs.repair = Math.round(repairMs);
  n.durationsMs.validate = Math.round(validateMs);
  n.durationsMs.read = Math.round(total - repairMs - validateMs);
  progress('read', n.counts.read, true);
  progress('repair', n.counts.read, true);
  progress('validate', n.counts.read, true);
  return n;
}

/** Places every valid record, in chunks (progress, bounded batches for the online geocoder). */
async function geocodeCandidates(
  n: Normalised,
  options: ImportOptions,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const offline = new OfflineGeocoder(options.gazetteer);
  const total = n.candidates.length;
  progress(0, total);
  for (let start = 0; start < total; start += GEOCODE_CHUNK) {
    const chunk = n.candidates.slice(start, start + GEOCODE_CHUNK);
    const placed = await geocodeRecords(
      chunk.map((c) => c.record),
      {
        offline,
        gazetteer: options.gazetteer,
        ...(options.geocoder ? { online: options.geocoder } : {}),
        keyOf: (_record, i) => chunk[i]!.key,
      },
    );
    placed.forEach((result, i) => {
      const c = chunk[i]!;
      c.record = result.record;
      if (isHit(result.location)) {
        const { method, precision, score } = result.location;
        c.geocode = { method, precision, ...(score !== undefined ? { score } : {}) };
        if (result.fallback) {
          c.reasons.push({
            rule: 'geocode.fallback',
            message: result.fallback,
            field: 'adresse',
            value: c.record.adresse ?? '',
          });
          n.warnings.add('geocode.fallback', result.fallback, 'adresse');
        }
      } else {
        c.reasons.push({
          rule: 'geocode.failed',
          message: result.location.failed,
          field: 'adresse',
          value: c.record.adresse ?? '',
        });
        n.warnings.add('geocode.failed', result.location.failed, 'adresse');
      }
    });
    progress(Math.min(total, start + chunk.length), total);
  }
}

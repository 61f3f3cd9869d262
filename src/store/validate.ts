/**
 * Checks what callers hand to the store before any write, so that a bad row is reported by position and
 * field in plain French instead of surfacing as a database error half-way through a transaction.
 */
import { StoreError } from './errors.js';
import type { CommitImportInput, ImportRunInput, RecordRunInput, SourceInput } from './types.js';

const SOURCE_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const RECORD_STATUSES = new Set(['kept', 'merged', 'rejected']);
const LOG_LEVELS = new Set(['info', 'warning', 'error']);
/** Enough problems to fix a systematic bug, not a wall of text. */
const MAX_REPORTED = 10;

class Problems {
  readonly list: string[] = [];
  private total = 0;

  add(where: string, problem: string): void {
    this.total++;
    if (this.list.length < MAX_REPORTED) this.list.push(`${where} : ${problem}`);
  }

  throwIfAny(context: string): void {
    if (this.total === 0) return;
    const more = this.total > this.list.length ? `\n- … et ${this.total - this.list.length} autre(s)` : '';
    throw new StoreError('invalid-input', `${context} :\n- ${this.list.join('\n- ')}${more}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? `« ${value} »` : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function checkSourceId(id: unknown, where = 'sourceId'): void {
  if (typeof id !== 'string' || !SOURCE_ID.test(id)) {
    throw new StoreError(
      'invalid-input',
      `${where} ${show(id)} invalide : attendu un identifiant court en minuscules, chiffres, « . », « _ » ou « - » (ex. « hub-lo »).`,
    );
  }
}

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** Whether `JSON.stringify` can store it (rejects functions, symbols, BigInt, cycles). */
function isSerialisable(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}

export function validateSource(source: SourceInput): void {
  const problems = new Problems();
  if (typeof source?.id !== 'string' || !SOURCE_ID.test(source.id)) {
    problems.add(
      'id',
      `${show(source?.id)} invalide : minuscules, chiffres, « . », « _ » ou « - » (ex. « hub-lo »)`,
    );
  }
  if (!isNonEmptyString(source?.name)) problems.add('name', 'nom de la source manquant');
  if (!isNonEmptyString(source?.kind)) problems.add('kind', 'type de source manquant');
  if (!isSerialisable(source?.definition)) problems.add('definition', 'doit être une valeur JSON');
  problems.throwIfAny('Source refusée');
}

function checkRun(run: ImportRunInput, problems: Problems, where: string): void {
  if (!isObject(run)) {
    problems.add(where, 'objet attendu');
    return;
  }
  if (!isTimestamp(run.startedAt))
    problems.add(`${where}.startedAt`, `date ISO attendue, reçu ${show(run.startedAt)}`);
  if (run.finishedAt !== undefined && !isTimestamp(run.finishedAt)) {
    problems.add(`${where}.finishedAt`, `date ISO attendue, reçu ${show(run.finishedAt)}`);
  }
  if (run.log !== undefined) {
    if (!Array.isArray(run.log)) problems.add(`${where}.log`, 'liste attendue');
    else {
      run.log.forEach((entry, i) => {
        if (!isObject(entry) || !LOG_LEVELS.has(entry.level as string) || typeof entry.message !== 'string') {
          problems.add(`${where}.log[${i}]`, 'attendu { level: info|warning|error, message }');
        }
      });
      if (!isSerialisable(run.log)) problems.add(`${where}.log`, 'doit être une valeur JSON');
    }
  }
}

export function validateRecordRun(run: RecordRunInput): void {
  const problems = new Problems();
  if (typeof run?.sourceId !== 'string' || !SOURCE_ID.test(run.sourceId)) {
    problems.add('sourceId', `${show(run?.sourceId)} invalide`);
  }
  if (run?.status !== 'failed' && run?.status !== 'skipped') {
    problems.add(
      'status',
      `${show(run?.status)} : attendu « failed » ou « skipped » (un import publié passe par commitImport)`,
    );
  }
  if (run?.status === 'failed' && !isNonEmptyString(run.error)) {
    problems.add('error', 'un run en échec doit dire pourquoi');
  }
  if (run?.contentHash !== undefined && !isNonEmptyString(run.contentHash))
    problems.add('contentHash', 'texte attendu');
  if (run?.counts !== undefined) checkCounts(run.counts, problems);
  checkRun(run, problems, 'run');
  problems.throwIfAny('Run refusé');
}

function checkCounts(counts: unknown, problems: Problems): void {
  if (!isObject(counts)) {
    problems.add('counts', 'objet attendu');
    return;
  }
  for (const name of ['records', 'kept', 'merged', 'rejected']) {
    const value = counts[name];
    if (!Number.isInteger(value) || (value as number) < 0)
      problems.add(`counts.${name}`, `entier positif attendu, reçu ${show(value)}`);
  }
}

function checkFlatRecord(record: unknown, where: string, problems: Problems): void {
  if (!isObject(record)) {
    problems.add(where, 'enregistrement plat attendu (champ → texte)');
    return;
  }
  for (const [field, value] of Object.entries(record)) {
    if (typeof value !== 'string') problems.add(`${where}.${field}`, `texte attendu, reçu ${show(value)}`);
  }
}

function checkGeocode(geocode: unknown, where: string, problems: Problems): void {
  if (geocode === undefined) return;
  if (!isObject(geocode) || typeof geocode.method !== 'string' || typeof geocode.precision !== 'string') {
    problems.add(where, 'attendu { method, precision, score? }');
  } else if (geocode.score !== undefined && !Number.isFinite(geocode.score)) {
    problems.add(`${where}.score`, `nombre attendu, reçu ${show(geocode.score)}`);
  }
}

/** Throws a `StoreError` (`invalid-input`) listing the first problems found, by position and field. */
export function validateCommitInput(input: CommitImportInput): void {
  const problems = new Problems();
  if (!isObject(input)) throw new StoreError('invalid-input', 'Import refusé : objet attendu.');
  if (typeof input.sourceId !== 'string' || !SOURCE_ID.test(input.sourceId)) {
    problems.add('sourceId', `${show(input.sourceId)} invalide`);
  }
  if (!isNonEmptyString(input.contentHash)) problems.add('contentHash', 'empreinte du contenu manquante');
  if (!('baseVersion' in input)) {
    problems.add(
      'baseVersion',
      'manquant : lisez currentVersion() avant normalisedLieuxOfAllSources() et passez-la',
    );
  } else if (
    input.baseVersion !== undefined &&
    !(Number.isInteger(input.baseVersion) && input.baseVersion > 0)
  ) {
    problems.add('baseVersion', `numéro de version attendu, reçu ${show(input.baseVersion)}`);
  }
  checkRun(input.run, problems, 'run');

  if (!Array.isArray(input.sourceRecords)) problems.add('sourceRecords', 'liste attendue');
  else {
    const lines = new Set<number>();
    input.sourceRecords.forEach((row, i) => {
      const where = `sourceRecords[${i}]`;
      if (!isObject(row)) return problems.add(where, 'objet attendu');
      if (!Number.isInteger(row.line) || row.line < 1)
        problems.add(`${where}.line`, `entier ≥ 1 attendu, reçu ${show(row.line)}`);
      else if (lines.has(row.line)) problems.add(`${where}.line`, `ligne ${row.line} en double`);
      else lines.add(row.line);
      if (typeof row.raw !== 'string')
        problems.add(`${where}.raw`, 'texte JSON de l’enregistrement reçu attendu');
      if (!RECORD_STATUSES.has(row.status)) {
        problems.add(`${where}.status`, `${show(row.status)} : attendu kept, merged ou rejected`);
      }
      if (!Array.isArray(row.reasons)) problems.add(`${where}.reasons`, 'liste attendue');
      if (row.key !== undefined && typeof row.key !== 'string') problems.add(`${where}.key`, 'texte attendu');
    });
  }

  if (!Array.isArray(input.normalised)) problems.add('normalised', 'liste attendue');
  else {
    const keys = new Set<string>();
    input.normalised.forEach((row, i) => {
      const where = `normalised[${i}]`;
      if (!isObject(row)) return problems.add(where, 'objet attendu');
      if (!isNonEmptyString(row.key)) problems.add(`${where}.key`, `clé attendue, reçu ${show(row.key)}`);
      else if (keys.has(row.key))
        problems.add(`${where}.key`, `clé ${show(row.key)} en double dans la source`);
      else keys.add(row.key);
      if (row.line !== undefined && (!Number.isInteger(row.line) || row.line < 1)) {
        problems.add(`${where}.line`, `entier ≥ 1 attendu, reçu ${show(row.line)}`);
      }
      checkFlatRecord(row.record, `${where}.record`, problems);
      if (!Array.isArray(row.repairs)) problems.add(`${where}.repairs`, 'liste attendue');
      checkGeocode(row.geocode, `${where}.geocode`, problems);
    });
  }

  const dataset = input.dataset;
  const lieuIds = new Set<string>();
  if (!isObject(dataset)) problems.add('dataset', 'objet attendu { lieux, mergeGroups, provenance, stats }');
  else {
    if (!Array.isArray(dataset.lieux)) problems.add('dataset.lieux', 'liste attendue');
    else {
      dataset.lieux.forEach((lieu, i) => {
        const where = `dataset.lieux[${i}]`;
        if (!isObject(lieu)) return problems.add(where, 'objet attendu');
        if (!isNonEmptyString(lieu.id))
          problems.add(`${where}.id`, `identifiant attendu, reçu ${show(lieu.id)}`);
        else if (lieuIds.has(lieu.id)) problems.add(`${where}.id`, `identifiant ${show(lieu.id)} en double`);
        else lieuIds.add(lieu.id);
        checkFlatRecord(lieu.record, `${where}.record`, problems);
        if (!isObject(lieu.quality) || !Number.isFinite(lieu.quality.score)) {
          problems.add(`${where}.quality.score`, `nombre attendu, reçu ${show(lieu.quality?.score)}`);
        } else if (!isObject(lieu.quality.details)) problems.add(`${where}.quality.details`, 'objet attendu');
        if (
          !Array.isArray(lieu.sources) ||
          lieu.sources.length === 0 ||
          !lieu.sources.every(isNonEmptyString)
        ) {
          problems.add(`${where}.sources`, 'liste non vide d’identifiants de sources attendue');
        }
        checkGeocode(lieu.geocode, `${where}.geocode`, problems);
        if (lieu.warnings !== undefined && !Array.isArray(lieu.warnings))
          problems.add(`${where}.warnings`, 'liste attendue');
      });
    }
    const checkLieuRef = (lieuId: unknown, where: string) => {
      if (!isNonEmptyString(lieuId)) problems.add(`${where}.lieuId`, 'identifiant attendu');
      else if (Array.isArray(dataset.lieux) && !lieuIds.has(lieuId)) {
        problems.add(`${where}.lieuId`, `${show(lieuId)} n’est pas un lieu de dataset.lieux`);
      }
    };
    if (!Array.isArray(dataset.mergeGroups)) problems.add('dataset.mergeGroups', 'liste attendue');
    else {
      dataset.mergeGroups.forEach((group, i) => {
        const where = `dataset.mergeGroups[${i}]`;
        if (!isObject(group)) return problems.add(where, 'objet attendu');
        checkLieuRef(group.lieuId, where);
        if (!Array.isArray(group.members)) problems.add(`${where}.members`, 'liste attendue');
        if (!Array.isArray(group.links)) problems.add(`${where}.links`, 'liste attendue');
      });
    }
    if (!Array.isArray(dataset.provenance)) problems.add('dataset.provenance', 'liste attendue');
    else {
      dataset.provenance.forEach((row, i) => {
        const where = `dataset.provenance[${i}]`;
        if (!isObject(row)) return problems.add(where, 'objet attendu');
        checkLieuRef(row.lieuId, where);
        if (!isNonEmptyString(row.field)) problems.add(`${where}.field`, 'nom de champ attendu');
        if (!isNonEmptyString(row.sourceId))
          problems.add(`${where}.sourceId`, 'identifiant de source attendu');
        if (typeof row.sourceKey !== 'string') problems.add(`${where}.sourceKey`, 'texte attendu');
        if (typeof row.value !== 'string')
          problems.add(`${where}.value`, `texte attendu, reçu ${show(row.value)}`);
      });
    }
    if (!isObject(dataset.stats)) problems.add('dataset.stats', 'objet attendu');
  }
  problems.throwIfAny(`Import de la source ${show(input.sourceId)} refusé, rien n’a été écrit`);
}

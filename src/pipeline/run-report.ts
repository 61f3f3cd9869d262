/**
 * What an import run reports: per source, every input record accounted for (kept, merged into which lieu,
 * or rejected with its reasons), repairs and warnings grouped by rule, geocoding by method; and the plain
 * French summary `repere import` prints.
 */
import type { RecordReason, SourceRecordStatus } from '../store/types.js';
import { IMPORT_STAGES, STAGE_LABELS, type ImportStage } from './progress.js';

export type SourceOutcome = 'imported' | 'unchanged' | 'failed';

export const OUTCOME_LABELS: Readonly<Record<SourceOutcome, string>> = {
  imported: 'importée',
  unchanged: 'inchangée',
  failed: 'échouée',
};

/** How many records share one rule, with one example message. */
export interface ReasonCount {
  code: string;
  field?: string;
  count: number;
  /** The message of the first record concerned (the others differ only by their value). */
  example: string;
}

/** What became of one input record. */
export interface RecordOutcome {
  /** 1-based line (CSV) or position (JSON) in the source. */
  line: number;
  status: SourceRecordStatus;
  /** Key of its normalised lieu within the source (kept and merged records). */
  key?: string;
  /** The published lieu it became (kept and merged records). */
  lieuId?: string;
  reasons: RecordReason[];
}

export interface SourceCounts {
  /** Records read from the source (kept + merged + rejected). */
  read: number;
  /** Records the definition leaves out on purpose (closed sites, structures without digital service…). */
  excluded: number;
  /** Records without any validation error. */
  valid: number;
  /** Records changed by at least one repair. */
  repaired: number;
  /** Records published as a lieu of their own. */
  kept: number;
  /** Records merged with records of this or another source into one lieu. */
  merged: number;
  /** Records not published, with their reasons. */
  rejected: number;
}

export interface SourceReport {
  sourceId: string;
  name: string;
  kind: string;
  /** The file or URL read. */
  input: string;
  outcome: SourceOutcome;
  /** One sentence for people: what happened. */
  message: string;
  /** Why the source failed (file, line, field, value, rule when known). */
  error?: string;
  contentHash?: string;
  datasetVersion?: number;
  runId?: number;
  counts: SourceCounts;
  repairs: { total: number; byRule: ReasonCount[] };
  rejections: ReasonCount[];
  /** Validation warnings and mapping notes of kept and merged records. */
  warnings: ReasonCount[];
  geocoding: { byMethod: Record<string, number>; failed: number };
  /** Remarks on the definition and the reading (encoding, columns missing from the export…). */
  notices: string[];
  durationsMs: Partial<Record<ImportStage, number>>;
  /** Every record's outcome, in source order (absent for unchanged and failed sources). */
  records?: RecordOutcome[];
}

export interface ImportReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  sources: SourceReport[];
  totals: SourceCounts;
  /** The published dataset after the run (absent when nothing was ever published). */
  dataset?: { version: number; lieux: number };
  /** True when no source failed. */
  ok: boolean;
}

export function emptyCounts(): SourceCounts {
  return { read: 0, excluded: 0, valid: 0, repaired: 0, kept: 0, merged: 0, rejected: 0 };
}

/** Groups reasons by code, most frequent first (ties by code). */
export class ReasonTally {
  private readonly byCode = new Map<string, ReasonCount>();

  add(code: string, example: string, field?: string): void {
    const entry = this.byCode.get(code);
    if (entry) entry.count++;
    else this.byCode.set(code, { code, ...(field ? { field } : {}), count: 1, example });
  }

  list(): ReasonCount[] {
    return [...this.byCode.values()].sort(
      (a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
  }
}

const number = (n: number): string => n.toLocaleString('fr-FR').replace(/[\u202f\u00a0]/g, ' ');

function plural(n: number, one: string, many: string): string {
  return `${number(n)} ${n > 1 ? many : one}`;
}

function percent(part: number, whole: number): string {
  if (!whole) return '0 %';
  return `${((100 * part) / whole).toFixed(1).replace('.', ',')} %`;
}

const METHOD_LABELS: Readonly<Record<string, string>> = {
  source: 'coordonnées du producteur',
  address: 'adresse',
  street: 'rue',
  municipality: 'commune (géocodeur)',
  'commune-centre': 'centre de la commune',
};

function reasonLines(reasons: readonly ReasonCount[], max: number, indent: string): string[] {
  const lines = reasons.slice(0, max).map((r) => `${indent}${number(r.count)} × ${r.code} — ${r.example}`);
  if (reasons.length > max) lines.push(`${indent}… et ${reasons.length - max} autre(s) règle(s)`);
  return lines;
}

/** The summary `repere import` prints: per source, then the totals and the published version. */
export function formatImportReport(report: ImportReport, options: { maxReasons?: number } = {}): string {
  const max = options.maxReasons ?? 5;
  const out: string[] = [];
  for (const s of report.sources) {
    out.push(`■ ${s.sourceId} (${s.name}) : ${OUTCOME_LABELS[s.outcome]} — ${s.message}`);
    if (s.outcome === 'failed' && s.error) out.push(`  raison : ${s.error}`);
    if (s.outcome !== 'imported') continue;
    const c = s.counts;
    out.push(
      `  lus ${number(c.read)} · valides ${number(c.valid)} · réparés ${number(c.repaired)} · ` +
        `gardés ${number(c.kept)} · fusionnés ${number(c.merged)} · rejetés ${number(c.rejected)} ` +
        `(${percent(c.kept + c.merged, c.read)} publiés)` +
        (c.excluded ? ` · exclus par la définition ${number(c.excluded)}` : ''),
    );
    const methods = Object.entries(s.geocoding.byMethod)
      .sort((a, b) => b[1] - a[1])
      .map(([m, n]) => `${METHOD_LABELS[m] ?? m} ${number(n)}`);
    if (s.geocoding.failed) methods.push(`sans position ${number(s.geocoding.failed)}`);
    if (methods.length) out.push(`  positions : ${methods.join(', ')}`);
    if (s.rejections.length) {
      out.push('  rejets :');
      out.push(...reasonLines(s.rejections, max, '    '));
    }
    if (s.repairs.total) {
      out.push(`  réparations (${number(s.repairs.total)}) :`);
      out.push(...reasonLines(s.repairs.byRule, max, '    '));
    }
    if (s.warnings.length) {
      const total = s.warnings.reduce((n, w) => n + w.count, 0);
      out.push(`  avertissements (${number(total)}, lieux publiés quand même) :`);
      out.push(...reasonLines(s.warnings, max, '    '));
    }
    for (const notice of s.notices) out.push(`  remarque : ${notice}`);
    const durations = IMPORT_STAGES.filter((st) => s.durationsMs[st] !== undefined).map(
      (st) => `${STAGE_LABELS[st]} ${(s.durationsMs[st]! / 1000).toFixed(1).replace('.', ',')} s`,
    );
    if (durations.length) out.push(`  durées : ${durations.join(', ')}`);
  }
  const t = report.totals;
  const failed = report.sources.filter((s) => s.outcome === 'failed').length;
  const unchanged = report.sources.filter((s) => s.outcome === 'unchanged').length;
  const imported = report.sources.length - failed - unchanged;
  out.push('');
  out.push(
    `Total : ${plural(report.sources.length, 'source', 'sources')} (${number(imported)} importée(s), ` +
      `${number(unchanged)} inchangée(s), ${number(failed)} en échec) ; ` +
      `${plural(t.read, 'enregistrement lu', 'enregistrements lus')}, ${number(t.kept)} gardés, ` +
      `${number(t.merged)} fusionnés, ${number(t.rejected)} rejetés.`,
  );
  out.push(
    report.dataset
      ? `Jeu national publié : version ${report.dataset.version}, ${plural(report.dataset.lieux, 'lieu', 'lieux')}.`
      : 'Aucun jeu national publié pour l’instant.',
  );
  return `${out.join('\n')}\n`;
}

/**
 * `repere validate <fichier>`: checks a CSV or JSON file against the standard v1.0.1 and reports
 * every problem of every record — a summary grouped by rule for people, or JSON for machines.
 *
 * Thin wrapper: reading is src/io's `readRecords`, judging is core/standard's `createValidator`.
 * Records stream through; only what the report needs is kept (examples per rule, or every issue
 * with --all / --format json).
 */
import { basename, resolve } from 'node:path';
import type { EncodingOption } from '../../core/standard/encoding.js';
import { STANDARD_VERSION } from '../../core/standard/fields.js';
import { createValidator, type Issue, type Severity } from '../../core/standard/validate.js';
import { readRecords, RecordReadError, type ReadSummary } from '../../io/index.js';
import { scanOptions } from '../options.js';
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from '../command.js';

const HELP = `repere validate — vérifie un fichier de lieux selon le standard v${STANDARD_VERSION}

Usage : repere validate <fichier> [options]

  <fichier>               fichier CSV ou JSON de lieux de médiation numérique

Options :
  --all                   liste chaque problème, ligne par ligne (par défaut : résumé par règle,
                          avec 3 exemples)
  --format <texte|json>   forme du rapport ; json donne {"records", "valid", "invalid",
                          "warnings", "errors": [{"row", "field", "value", "code", "severity",
                          "message"}]} (les avertissements y figurent avec "severity": "warning")
  --now <AAAA-MM-JJ>      date de référence pour « date_maj dans le futur / de plus de deux ans »
                          (par défaut aujourd'hui ; utile pour des rapports reproductibles)
  --encoding <nom>        encodage du fichier : auto (défaut), utf-8 ou windows-1252
  --input-format <f>      format du fichier quand l'extension ne le dit pas : csv ou json
  -h, --help              cette aide

Ce qui est vérifié :
  - erreurs (le fichier ne respecte pas le standard) : champs obligatoires vides, formats
    (code postal, code INSEE, pivot, téléphone), valeurs hors des listes permises (services,
    frais_a_charge…, chaque valeur de la liste est vérifiée), nombres et dates, identifiants en
    double, présentation résumée de plus de 280 caractères ;
  - avertissements (conforme mais suspect) : pivot de remplissage (00000000000000), SIRET dont la
    clé est fausse, coordonnées hors de France ou inversées, date_maj future ou ancienne,
    horaires illisibles au format OpenStreetMap, courriels ou adresses web mal formés, typologie
    inconnue, numéro de téléphone de longueur inattendue.
  Les colonnes inconnues sont signalées mais ne sont pas des erreurs.

Codes de sortie : 0 = aucun enregistrement en erreur (il peut y avoir des avertissements) ;
1 = au moins un enregistrement en erreur ; 2 = erreur d'usage ou de lecture du fichier, y compris
un CSV mal formé (lignes au nombre de valeurs différent de l'en-tête : le rapport est quand même
affiché en entier).

Exemples :
  repere validate lieux.csv
  repere validate lieux.json --all
  repere validate lieux.csv --format json --now 2024-06-01 > rapport.json
`;

const ENCODINGS: readonly EncodingOption[] = ['auto', 'utf-8', 'windows-1252'];
const EXAMPLES_PER_CODE = 3;

interface ValidateArgs {
  file: string;
  all: boolean;
  json: boolean;
  now: Date;
  encoding: EncodingOption;
  inputFormat?: 'csv' | 'json';
}

function parseNow(value: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value;
  const date = new Date(day);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new UsageError(`--now attend une date AAAA-MM-JJ (ou un instant ISO 8601), pas « ${value} ».`);
  return date;
}

function parseArgs(args: string[], cwd: string): ValidateArgs {
  const withValue: Record<string, string> = {
    '--format': 'format',
    '--now': 'now',
    '--encoding': 'encoding',
    '--input-format': 'inputFormat',
    '--format-in': 'inputFormat',
  };
  const { positionals, values, flags } = scanOptions(args, {
    command: 'validate',
    withValue,
    booleans: { '--all': 'all' },
  });
  const all = flags.has('all');

  if (positionals.length === 0)
    throw new UsageError('indiquez le fichier à vérifier : repere validate <fichier>.');
  if (positionals.length > 1)
    throw new UsageError(
      `un seul fichier est attendu, ${positionals.length} sont donnés (${positionals.join(', ')}).`,
    );

  const format = values.format ?? 'texte';
  if (!['texte', 'text', 'json'].includes(format))
    throw new UsageError(`format de rapport « ${format} » inconnu : choisissez texte ou json.`);
  const encoding = (values.encoding ?? 'auto') as EncodingOption;
  if (!ENCODINGS.includes(encoding))
    throw new UsageError(`encodage « ${values.encoding} » inconnu : choisissez ${ENCODINGS.join(', ')}.`);
  const inputFormat = values.inputFormat;
  if (inputFormat !== undefined && inputFormat !== 'csv' && inputFormat !== 'json')
    throw new UsageError(`format de fichier « ${inputFormat} » inconnu : choisissez csv ou json.`);

  return {
    file: resolve(cwd, positionals[0]!),
    all,
    json: format === 'json',
    now: values.now === undefined ? new Date() : parseNow(values.now),
    encoding,
    ...(inputFormat ? { inputFormat } : {}),
  };
}

/** Problems the reader found in one record (ragged CSV row, duplicate JSON key), as issues. */
function readIssues(line: number, errors: readonly RecordReadError[]): Issue[] {
  return errors.map((e): Issue => ({
    row: line,
    field: '',
    value: '',
    rule: 'format',
    code: `read.${e.code}`,
    // A repeated key keeps a value; a misaligned row may put values in the wrong columns.
    severity: e.code === 'duplicate-key' ? 'warning' : 'error',
    message: e.message,
  }));
}

interface CodeGroup {
  code: string;
  severity: Severity;
  count: number;
  examples: Issue[];
}

/** Counts and examples, filled while records stream through. */
class Report {
  records = 0;
  invalid = 0;
  recordsWithWarnings = 0;
  errors = 0;
  warnings = 0;
  readonly groups = new Map<string, CodeGroup>();
  /** Every issue, kept only for --all and JSON. */
  readonly issues: Issue[] = [];

  constructor(private readonly keepAll: boolean) {}

  add(issues: readonly Issue[]): void {
    this.records++;
    let hasError = false;
    let hasWarning = false;
    for (const issue of issues) {
      if (issue.severity === 'error') {
        hasError = true;
        this.errors++;
      } else {
        hasWarning = true;
        this.warnings++;
      }
      let group = this.groups.get(issue.code);
      if (!group) {
        group = { code: issue.code, severity: issue.severity, count: 0, examples: [] };
        this.groups.set(issue.code, group);
      }
      group.count++;
      if (group.examples.length < EXAMPLES_PER_CODE) group.examples.push(issue);
      if (this.keepAll) this.issues.push(issue);
    }
    if (hasError) this.invalid++;
    if (hasWarning) this.recordsWithWarnings++;
  }

  get valid(): number {
    return this.records - this.invalid;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n <= 1 ? one : many}`;
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `ligne 12 : message`, with the value when the message does not already quote it. */
function describe(issue: Issue): string {
  const flat = oneLine(issue.value, 400);
  const quoted = !flat || issue.message.replace(/\s+/g, ' ').includes(flat.slice(0, 30));
  return `ligne ${issue.row} : ${quoted ? '' : `« ${oneLine(issue.value, 60)} » : `}${oneLine(issue.message, 400)}`;
}

function textReport(
  args: ValidateArgs,
  report: Report,
  read: ReadSummary | undefined,
  columns: ColumnNotes,
): string {
  const out: string[] = [];
  const what = read ? ` (${read.format.toUpperCase()}, ${read.encoding})` : '';
  out.push(`Validation de ${basename(args.file)}${what} selon le standard v${STANDARD_VERSION}`);
  out.push(
    `  ${plural(report.records, 'enregistrement', 'enregistrements')} : ${plural(report.valid, 'valide', 'valides')}, ${plural(report.invalid, 'invalide', 'invalides')} ; ${plural(report.warnings, 'avertissement', 'avertissements')}${report.warnings ? ` (sur ${plural(report.recordsWithWarnings, 'enregistrement', 'enregistrements')})` : ''}.`,
  );
  if (columns.unknown.length)
    out.push(
      `  Colonnes hors du standard (ignorées, ce n'est pas une erreur) : ${columns.unknown.join(', ')}.`,
    );
  if (report.records && columns.missing.length)
    out.push(`  Colonnes du standard absentes : ${columns.missing.join(', ')}.`);
  for (const notice of read?.notices ?? []) out.push(`  Remarque : ${notice}`);

  const groups = [...report.groups.values()];
  const errors = groups.filter((g) => g.severity === 'error').sort((a, b) => b.count - a.count);
  const warnings = groups.filter((g) => g.severity === 'warning').sort((a, b) => b.count - a.count);

  if (args.all) {
    if (report.issues.length) {
      out.push('', 'Tous les problèmes, ligne par ligne :');
      for (const issue of report.issues) {
        out.push(`  ${issue.severity === 'error' ? 'erreur' : 'avert.'}  ${issue.code}  ${describe(issue)}`);
      }
    }
    const width = String(Math.max(0, ...groups.map((g) => g.count))).length;
    if (groups.length) {
      out.push('', 'Nombre par règle :');
      for (const g of [...errors, ...warnings])
        out.push(
          `  ${String(g.count).padStart(width)}  ${g.code} (${g.severity === 'error' ? 'erreur' : 'avertissement'})`,
        );
    }
  } else {
    const section = (title: string, list: CodeGroup[], one: string, many: string): void => {
      if (!list.length) return;
      out.push('', title);
      for (const g of list) {
        out.push(`  ${g.code} — ${plural(g.count, one, many)}`);
        for (const issue of g.examples) out.push(`    ${describe(issue)}`);
        if (g.count > g.examples.length) out.push(`    … et ${g.count - g.examples.length} de plus`);
      }
    };
    section('Erreurs, par règle :', errors, 'erreur', 'erreurs');
    section('Avertissements, par règle :', warnings, 'avertissement', 'avertissements');
    if (groups.length)
      out.push('', 'Chaque problème ligne par ligne : --all ; rapport pour une machine : --format json.');
  }
  if (report.records && !report.invalid && !report.warnings)
    out.push('', 'Aucun problème : le fichier respecte le standard.');
  else if (report.records && !report.invalid)
    out.push('', 'Aucune erreur : le fichier respecte le standard (voir les avertissements).');
  return `${out.join('\n')}\n`;
}

/** JSON report, one issue per line: valid JSON that also reads well with grep. */
function jsonReport(report: Report): string {
  const head = JSON.stringify({
    records: report.records,
    valid: report.valid,
    invalid: report.invalid,
    warnings: report.warnings,
  }).slice(0, -1);
  const lines = report.issues.map((i) =>
    JSON.stringify({
      row: i.row,
      field: i.field,
      value: i.value,
      code: i.code,
      severity: i.severity,
      message: i.message,
    }),
  );
  return lines.length ? `${head},"errors":[\n${lines.join(',\n')}\n]}\n` : `${head},"errors":[]}\n`;
}

interface ColumnNotes {
  unknown: string[];
  missing: string[];
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, io.cwd);
  const validator = createValidator({ now: args.now });
  const report = new Report(args.all || args.json);
  let summary: ReadSummary | undefined;
  // Rows whose shape breaks the file (ragged CSV rows): the report is still complete, but the file
  // itself is malformed, which is an input error (exit 2) rather than a data error.
  let malformedLines = 0;

  const reader = readRecords(args.file, {
    encoding: args.encoding,
    ...(args.inputFormat ? { format: args.inputFormat } : {}),
  });
  try {
    for (;;) {
      const next = await reader.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      const { line, record, issues } = next.value;
      const found = validator.check(record, line);
      if (issues?.length) malformedLines++;
      report.add(issues?.length ? [...readIssues(line, issues), ...found] : found);
    }
  } catch (error) {
    if (error instanceof RecordReadError) throw new UsageError(error.describe());
    throw error;
  }

  const seen = validator.summary();
  const columns: ColumnNotes = { unknown: seen.unknownColumns, missing: seen.missingColumns };
  io.stdout(args.json ? jsonReport(report) : textReport(args, report, summary, columns));
  if (malformedLines > 0) {
    io.stderr(
      `repere validate : ${args.file} : ${malformedLines} ligne(s) n'ont pas autant de valeurs que l'en-tête ` +
        `(codes read.* ci-dessus) : corrigez la structure du fichier (séparateurs, guillemets).\n`,
    );
    return EXIT_USAGE;
  }
  return report.invalid > 0 ? EXIT_DATA_ERRORS : EXIT_OK;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'vérifie un fichier CSV ou JSON selon le standard v1.0.1 et signale chaque problème',
  help: HELP,
  run,
};

/**
 * `repere migrate <entrée> --out <sortie>`: converts a file of the standard v0.1 to v1.0.1.
 *
 * Thin wrapper: reading (src/io), the mapping (core/standard/migrate-v0) and validation
 * (core/standard/validate) live elsewhere; this command streams one into the other, writes the
 * output, prints a summary a producer can act on and, on request, a JSON report of every note.
 *
 * Decision: every migrated record is written, valid or not, so that nothing is lost; records still
 * invalid in v1 (typically a value the source never had, such as a SIRET) are listed with the reason.
 * `--only-valid` writes only the valid ones. The exit code says whether any record is still invalid.
 */
import { writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { EncodingOption } from '../../core/standard/encoding.js';
import {
  looksLikeV0,
  MIGRATION_NOTE_KINDS,
  migrateV0Record,
  type MigrationNote,
  type MigrationNoteKind,
} from '../../core/standard/migrate-v0.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { createValidator, type Issue } from '../../core/standard/validate.js';
import {
  readRecords,
  RecordReadError,
  RecordWriteError,
  writeRecords,
  type ReadSummary,
  type WriteFormat,
} from '../../io/index.js';
import { scanOptions } from '../options.js';
import { EXIT_DATA_ERRORS, EXIT_OK, UsageError, type CliIO, type Command } from '../command.js';

const HELP = `repere migrate — convertit un fichier du standard v0.1 en v1.0.1

Usage : repere migrate <entrée> --out <sortie> [options]

  <entrée>                fichier v0.1 en CSV ou JSON (listes séparées par « ; », 15 services,
                          publics_accueillis, conditions_acces, labels_nationaux…)
  -o, --out <sortie>      fichier v1.0.1 à écrire ; son format suit l'extension : .csv, .json ou
                          .geojson (lieux ayant des coordonnées). Un fichier existant est remplacé.

Options :
  --report <fichier.json> écrit le rapport complet : chaque note de migration et chaque erreur ou
                          avertissement de validation, enregistrement par enregistrement
  --only-valid            n'écrit que les enregistrements valides en v1 (par défaut tous sont
                          écrits, même invalides, pour ne rien perdre)
  --encoding <nom>        encodage de l'entrée : auto (défaut), utf-8 ou windows-1252
  --input-format <f>      format de l'entrée quand l'extension ne le dit pas : csv ou json
  -h, --help              cette aide

Ce que fait la conversion :
  - services : les 15 services v0.1 deviennent les 9 services v1 (ex. « Prendre en main un
    ordinateur » → « Maîtrise des outils numériques du quotidien ») ;
  - publics_accueillis est réparti entre publics_specifiquement_adresses et
    prise_en_charge_specifique (« Adultes » disparaît : tout lieu accueille tout public) ;
  - conditions_acces → frais_a_charge, labels_nationaux → dispositif_programmes_nationaux et
    formations_labels (les labels sans équivalent vont dans autres_formations_labels),
    courriel → courriels, accessibilite → fiche_acces_libre, cle_ban est abandonnée ;
  - les listes passent de « ; » à « | » ; les valeurs mal orthographiées proches d'une valeur
    connue sont reconnues, les autres sont signalées une par une ;
  - téléphones au format international, codes postaux complétés de leur 0 initial,
    présentation résumée de plus de 280 caractères coupée (texte complet en présentation détaillée).
Chaque enregistrement converti est ensuite validé selon le standard v1.0.1.

Codes de sortie : 0 = tous les enregistrements sont valides en v1 ; 1 = certains restent invalides
(ils sont listés, et écrits sauf avec --only-valid) ; 2 = erreur d'usage, de lecture ou d'écriture.

Exemple : repere migrate lieux-v0.json --out lieux-v1.csv --report rapport-migration.json
`;

const KIND_LABELS: Record<MigrationNoteKind, [one: string, many: string]> = {
  renamed: ['renommage', 'renommages'],
  split: ['répartition', 'répartitions'],
  reformatted: ['reformatage', 'reformatages'],
  dropped: ['abandon', 'abandons'],
  defaulted: ['valeur calculée', 'valeurs calculées'],
  unmapped: ['valeur non reconnue', 'valeurs non reconnues'],
};

const OUTPUT_FORMATS: Record<string, WriteFormat> = { '.csv': 'csv', '.json': 'json', '.geojson': 'geojson' };
const ENCODINGS: readonly EncodingOption[] = ['auto', 'utf-8', 'windows-1252'];
/** Beyond this many invalid records, the terminal list stops and points to the report. */
const MAX_LISTED_INVALID = 1000;
const MAX_LISTED_LINES = 10;

interface MigrateArgs {
  input: string;
  out: string;
  report?: string;
  onlyValid: boolean;
  encoding: EncodingOption;
  inputFormat?: 'csv' | 'json';
}

function parseArgs(args: string[], cwd: string): MigrateArgs {
  const withValue: Record<string, string> = {
    '--out': 'out',
    '-o': 'out',
    '--report': 'report',
    '--encoding': 'encoding',
    '--input-format': 'inputFormat',
  };
  const { positionals, values, flags } = scanOptions(args, {
    command: 'migrate',
    withValue,
    booleans: { '--only-valid': 'onlyValid' },
  });
  const onlyValid = flags.has('onlyValid');

  if (positionals.length === 0)
    throw new UsageError('indiquez le fichier v0.1 à convertir : repere migrate <entrée> --out <sortie>.');
  if (positionals.length > 1)
    throw new UsageError(
      `un seul fichier d'entrée est attendu, ${positionals.length} sont donnés (${positionals.join(', ')}).`,
    );
  if (!values.out)
    throw new UsageError(
      'indiquez le fichier à écrire avec --out <sortie> (extension .csv, .json ou .geojson).',
    );

  const encoding = (values.encoding ?? 'auto') as EncodingOption;
  if (!ENCODINGS.includes(encoding))
    throw new UsageError(`encodage « ${values.encoding} » inconnu : choisissez ${ENCODINGS.join(', ')}.`);
  const inputFormat = values.inputFormat;
  if (inputFormat !== undefined && inputFormat !== 'csv' && inputFormat !== 'json')
    throw new UsageError(`format d'entrée « ${inputFormat} » inconnu : choisissez csv ou json.`);

  const input = resolve(cwd, positionals[0] as string);
  const out = resolve(cwd, values.out);
  const report = values.report === undefined ? undefined : resolve(cwd, values.report);
  if (out === input)
    throw new UsageError('la sortie ne peut pas remplacer le fichier d’entrée : choisissez un autre nom.');
  if (report !== undefined && (report === input || report === out))
    throw new UsageError('le rapport doit avoir un nom différent de l’entrée et de la sortie.');
  return {
    input,
    out,
    ...(report !== undefined ? { report } : {}),
    onlyValid,
    encoding,
    ...(inputFormat ? { inputFormat } : {}),
  };
}

function outputFormat(path: string): WriteFormat {
  const format = OUTPUT_FORMATS[extname(path).toLowerCase()];
  if (!format)
    throw new UsageError(
      `format de sortie inconnu pour « ${basename(path)} » : l'extension doit être .csv, .json ou .geojson.`,
    );
  return format;
}

interface RecordEntry {
  line: number;
  id: string;
  nom: string;
  written: boolean;
  valid: boolean;
  notes: MigrationNote[];
  errors: Issue[];
  warnings: Issue[];
  readIssues: string[];
}

interface CodeGroup {
  code: string;
  kind: MigrationNoteKind;
  field: string;
  count: number;
  example: string;
}

interface UnmappedValue {
  field: string;
  value: string;
  count: number;
  lines: number[];
}

/** Tallies of a run, filled while records stream through. */
class Tally {
  read = 0;
  valid = 0;
  invalid = 0;
  warnings = 0;
  recordsWithReadIssues = 0;
  readonly kinds = new Map<MigrationNoteKind, number>(MIGRATION_NOTE_KINDS.map((k) => [k, 0]));
  readonly codes = new Map<string, CodeGroup>();
  readonly unmapped = new Map<string, UnmappedValue>();
  readonly warningCodes = new Map<string, number>();
  readonly entries: RecordEntry[] = [];

  add(entry: RecordEntry): void {
    this.read++;
    if (entry.valid) this.valid++;
    else this.invalid++;
    this.warnings += entry.warnings.length;
    for (const w of entry.warnings) this.warningCodes.set(w.code, (this.warningCodes.get(w.code) ?? 0) + 1);
    if (entry.readIssues.length) this.recordsWithReadIssues++;
    for (const note of entry.notes) {
      this.kinds.set(note.kind, (this.kinds.get(note.kind) ?? 0) + 1);
      const groupKey = `${note.code}\u0000${note.field}`;
      const group = this.codes.get(groupKey);
      if (group) group.count++;
      else
        this.codes.set(groupKey, {
          code: note.code,
          kind: note.kind,
          field: note.field,
          count: 1,
          example: note.message,
        });
      if (note.kind === 'unmapped') {
        const key = `${note.field}\u0000${note.value}`;
        const value = this.unmapped.get(key) ?? { field: note.field, value: note.value, count: 0, lines: [] };
        value.count++;
        value.lines.push(entry.line);
        this.unmapped.set(key, value);
      }
    }
    this.entries.push(entry);
  }
}

function plural(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function linesText(lines: number[]): string {
  const shown = lines.slice(0, MAX_LISTED_LINES).join(', ');
  return lines.length > MAX_LISTED_LINES ? `${shown}… (${lines.length} lignes)` : shown;
}

function summaryText(
  args: MigrateArgs,
  tally: Tally,
  written: number,
  skippedGeo: number,
  read: ReadSummary | undefined,
): string {
  const out: string[] = [];
  out.push(`Migration v0.1 → v1.0.1 : ${basename(args.input)} → ${basename(args.out)}`);
  const extra: string[] = [];
  if (args.onlyValid && tally.invalid) extra.push(`${tally.invalid} invalide(s) non écrit(s) : --only-valid`);
  if (skippedGeo) extra.push(`${skippedGeo} sans coordonnées non écrit(s) en GeoJSON`);
  out.push(
    `  ${plural(tally.read, ['enregistrement lu', 'enregistrements lus'])}, ${written} écrit${written === 1 ? '' : 's'}${extra.length ? ` ; ${extra.join(' ; ')}` : ''}.`,
  );
  for (const notice of read?.notices ?? []) out.push(`  Remarque : ${notice}`);
  if (tally.recordsWithReadIssues)
    out.push(
      `  ${plural(tally.recordsWithReadIssues, ['enregistrement douteux', 'enregistrements douteux'])} à la lecture (voir le détail ci-dessous).`,
    );
  if (read && tally.read && !looksLikeV0(read.columns))
    out.push(
      '  Remarque : aucune colonne propre à v0.1 (publics_accueillis, conditions_acces, labels_nationaux…) : ce fichier est peut-être déjà en v1 ; « repere validate » suffit alors.',
    );

  const kinds = MIGRATION_NOTE_KINDS.filter((k) => tally.kinds.get(k)).map((k) =>
    plural(tally.kinds.get(k) ?? 0, KIND_LABELS[k]),
  );
  out.push(`  Notes de migration : ${kinds.length ? kinds.join(', ') : 'aucune'}.`);

  if (tally.unmapped.size) {
    out.push('', 'Valeurs non reconnues (absentes de la sortie sauf mention contraire) :');
    const values = [...tally.unmapped.values()].sort((a, b) => b.count - a.count);
    for (const v of values)
      out.push(
        `  ${v.field} « ${shorten(v.value, 100)} » : ${v.count} fois (ligne${v.lines.length > 1 ? 's' : ''} ${linesText(v.lines)})`,
      );
  }

  const decisions = [...tally.codes.values()]
    .filter((g) => g.kind !== 'unmapped')
    .sort((a, b) => b.count - a.count);
  if (decisions.length) {
    out.push('', 'Conversions appliquées (nombre, règle, exemple) :');
    const width = String(decisions[0]?.count ?? 0).length;
    for (const g of decisions)
      out.push(`  ${String(g.count).padStart(width)}  ${g.code} (${g.field}) — ${shorten(g.example, 140)}`);
  }

  out.push(
    '',
    `Validation v1.0.1 : ${plural(tally.valid, ['enregistrement valide', 'enregistrements valides'])}, ${plural(tally.invalid, ['invalide', 'invalides'])} ; ${plural(tally.warnings, ['avertissement', 'avertissements'])}${args.report ? '' : ' (détail avec --report)'}.`,
  );
  if (tally.warningCodes.size) {
    const top = [...tally.warningCodes].sort((a, b) => b[1] - a[1]).slice(0, 6);
    out.push(`  Avertissements les plus fréquents : ${top.map(([code, n]) => `${n} ${code}`).join(', ')}.`);
  }

  const invalid = tally.entries.filter((e) => !e.valid);
  const doubtful = tally.entries.filter((e) => e.readIssues.length);
  if (invalid.length) {
    out.push('', 'Enregistrements encore invalides en v1 :');
    for (const e of invalid.slice(0, MAX_LISTED_INVALID)) {
      out.push(`  ligne ${e.line}, id « ${e.id} », « ${shorten(e.nom, 80)} » :`);
      for (const issue of e.errors) out.push(`    - ${issue.message}`);
    }
    if (invalid.length > MAX_LISTED_INVALID)
      out.push(`  … et ${invalid.length - MAX_LISTED_INVALID} autres (liste complète avec --report).`);
  }
  if (doubtful.length) {
    out.push('', 'Problèmes de lecture :');
    for (const e of doubtful.slice(0, MAX_LISTED_INVALID))
      for (const issue of e.readIssues) out.push(`  ligne ${e.line}, id « ${e.id} » : ${issue}`);
  }
  if (args.report) out.push('', `Rapport complet : ${args.report}`);
  return `${out.join('\n')}\n`;
}

function reportJson(args: MigrateArgs, tally: Tally, written: number, read: ReadSummary | undefined): string {
  const report = {
    input: args.input,
    output: args.out,
    from: '0.1',
    to: '1.0.1',
    onlyValid: args.onlyValid,
    inputFormat: read?.format,
    encoding: read?.encoding,
    counts: {
      read: tally.read,
      written,
      valid: tally.valid,
      invalid: tally.invalid,
      warnings: tally.warnings,
      notes: Object.fromEntries(tally.kinds),
    },
    notesByCode: [...tally.codes.values()].sort((a, b) => b.count - a.count),
    warningsByCode: Object.fromEntries([...tally.warningCodes].sort((a, b) => b[1] - a[1])),
    unmapped: [...tally.unmapped.values()].sort((a, b) => b.count - a.count),
    records: tally.entries,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, io.cwd);
  const format = outputFormat(args.out);
  const sourceName = basename(args.input);
  const validator = createValidator();
  const tally = new Tally();
  let readSummary: ReadSummary | undefined;
  // Kept aside so that a reading failure is reported as such, whatever the writer makes of it.
  let readFailure: RecordReadError | undefined;

  async function* migrated(): AsyncGenerator<FlatRecord> {
    const reader = readRecords(args.input, {
      encoding: args.encoding,
      ...(args.inputFormat ? { format: args.inputFormat } : {}),
    });
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.next>>;
      try {
        next = await reader.next();
      } catch (error) {
        if (error instanceof RecordReadError) readFailure = error;
        throw error;
      }
      if (next.done) {
        readSummary = next.value;
        return;
      }
      const { line, record: source, issues } = next.value;
      const { record, notes } = migrateV0Record(source, { sourceName });
      const found = validator.check(record, line);
      const errors = found.filter((i) => i.severity === 'error');
      const entry: RecordEntry = {
        line,
        id: record.id,
        nom: record.nom,
        written: !args.onlyValid || errors.length === 0,
        valid: errors.length === 0,
        notes,
        errors,
        warnings: found.filter((i) => i.severity === 'warning'),
        readIssues: (issues ?? []).map((e) => e.message),
      };
      tally.add(entry);
      if (entry.written) yield record;
    }
  }

  let written: number;
  let skippedGeo: number;
  try {
    const result = await writeRecords(args.out, format, migrated());
    written = result.written;
    skippedGeo = result.skipped;
  } catch (error) {
    if (readFailure) throw new UsageError(readFailure.describe());
    if (error instanceof RecordReadError) throw new UsageError(error.describe());
    if (error instanceof RecordWriteError) throw new UsageError(error.message);
    throw error;
  }

  if (args.report) {
    try {
      await writeFile(args.report, reportJson(args, tally, written, readSummary), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UsageError(
        `impossible d'écrire le rapport « ${args.report} » (${code}) ; la sortie a été écrite.`,
      );
    }
  }

  io.stdout(summaryText(args, tally, written, skippedGeo, readSummary));
  return tally.invalid > 0 ? EXIT_DATA_ERRORS : EXIT_OK;
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'convertit un fichier du standard v0.1 en v1.0.1, avec le rapport de chaque valeur convertie',
  help: HELP,
  run,
};

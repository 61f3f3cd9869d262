/**
 * `repere import <définition-ou-fichier…>`: imports producer exports into the store and publishes the
 * national dataset. Thin wrapper over `runImport` (src/pipeline/import.ts): arguments, store, geocoder,
 * progress display and the final summary.
 */
import { parseArgs } from 'node:util';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import {
  GeoplateformeGeocoder,
  openGeocodeCache,
  type SqliteGeocodeCache,
} from '../../pipeline/geocode/index.js';
import type { Geocoder } from '../../pipeline/geocode/types.js';
import { ImportInputError, resolveImportInput, runImport } from '../../pipeline/import.js';
import { lineProgress, terminalProgress } from '../../pipeline/progress.js';
import { formatImportReport, type ImportReport } from '../../pipeline/run-report.js';
import type { SourceDefinition } from '../../pipeline/sources/index.js';
import { loadReference } from '../../reference/index.js';
import { openStore, resolveTarget, storeOptionsFromEnv, StoreError, type Store } from '../../store/index.js';
import { EXIT_DATA_ERRORS, EXIT_OK, UsageError, type CliIO, type Command } from '../command.js';

const HELP = `repere import — importe des sources de lieux et publie le jeu national

Usage : repere import <définition-ou-fichier…> [options]

  <définition-ou-fichier>  définition de source (.yaml, .yml, .json : voir sources/README.md) ou
                           fichier déjà au standard (.csv, .json, .geojson) ; l'identifiant de la
                           source est alors tiré du nom du fichier (« Lieux 2024.csv » → lieux-2024)

Options :
  --format <texte|json>    forme du résumé final (défaut texte) ; json : le rapport complet
  --details                avec --format json : le devenir de chaque enregistrement (ligne, statut,
                           lieu publié, raisons)
  --force                  réimporte même une source inchangée depuis sa dernière importation
  --geocoder <nom>         hors-ligne (défaut : coordonnées du producteur, sinon centre de la
                           commune) ou geoplateforme (adresses via l'IGN, réseau nécessaire) ;
                           défaut : variable REPERE_GEOCODER
  --now <AAAA-MM-JJ>       date de référence (fraîcheur des données), défaut aujourd'hui
  -h, --help               cette aide

Pour chaque source : lecture → réparation → validation → géocodage → dédoublonnage → enregistrement.
Les enregistrements en erreur sont rejetés avec leurs raisons ; les autres sont publiés avec leurs
avertissements. Une source inchangée depuis sa dernière importation réussie est sautée.

Chaque source est sa propre transaction : une source illisible, tronquée ou mal encodée ne change
rien au jeu publié (l'échec est journalisé avec sa raison) ; les autres sources sont importées.

Base de données : DATABASE_URL (postgres://…) si définie, sinon le fichier SQLite DATA_DIR/repere.sqlite
(DATA_DIR vaut ./data par défaut).

Codes de sortie : 0 = importation réussie (même avec des enregistrements rejetés) ;
1 = au moins une source en échec ; 2 = erreur d'usage, fichier ou base inaccessible.

Exemples :
  repere import sources/*.yaml
  repere import lieux.csv --format json > rapport.json
  REPERE_GEOCODER=geoplateforme repere import sources/gironde.yaml
`;

interface ImportArgs {
  inputs: string[];
  json: boolean;
  details: boolean;
  force: boolean;
  geocoder: 'offline' | 'geoplateforme';
  now: Date;
}

function parse(args: string[], env: CliIO['env']): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        format: { type: 'string' },
        details: { type: 'boolean' },
        force: { type: 'boolean' },
        geocoder: { type: 'string' },
        now: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Voir repere import --help.`);
  }
  const { values, positionals } = parsed;
  if (!positionals.length)
    throw new UsageError(
      'indiquez au moins une définition de source ou un fichier. Voir repere import --help.',
    );
  const format = values.format ?? 'texte';
  if (!['texte', 'text', 'json'].includes(format))
    throw new UsageError(`--format attend texte ou json : « ${format} ».`);
  const geocoderName = (values.geocoder ?? env.REPERE_GEOCODER ?? 'offline').trim().toLowerCase();
  const geocoder =
    geocoderName === '' || geocoderName === 'offline' || geocoderName === 'hors-ligne'
      ? 'offline'
      : geocoderName === 'geoplateforme'
        ? 'geoplateforme'
        : undefined;
  if (!geocoder) {
    throw new UsageError(
      `géocodeur inconnu « ${geocoderName} » (--geocoder ou REPERE_GEOCODER) : hors-ligne ou geoplateforme.`,
    );
  }
  let now = new Date();
  if (values.now !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(Date.parse(values.now)))
      throw new UsageError(`--now attend une date AAAA-MM-JJ : « ${values.now} ».`);
    now = new Date(`${values.now}T12:00:00Z`);
  }
  if (values.details && format === 'texte')
    throw new UsageError('--details ne s’emploie qu’avec --format json.');
  return {
    inputs: positionals,
    json: format === 'json',
    details: values.details === true,
    force: values.force === true,
    geocoder,
    now,
  };
}

/** The report as `--format json` prints it: without per-record outcomes unless asked. */
function jsonReport(report: ImportReport, details: boolean): string {
  const shown = details
    ? report
    : { ...report, sources: report.sources.map(({ records: _records, ...rest }) => rest) };
  return `${JSON.stringify(shown, null, 2)}\n`;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'importe des sources (définitions ou fichiers au standard) et publie le jeu national',
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parse(args, io.env);

    // Every argument is checked before anything is imported: a typo must not leave a half-done run.
    const definitions: SourceDefinition[] = [];
    const problems: string[] = [];
    for (const input of options.inputs) {
      try {
        definitions.push(await resolveImportInput(input, io.cwd));
      } catch (error) {
        problems.push(
          error instanceof ImportInputError ? error.message : `${input} : ${(error as Error).message}`,
        );
      }
    }
    if (problems.length) throw new UsageError(`rien n’a été importé :\n  ${problems.join('\n  ')}`);
    const ids = new Map<string, string>();
    for (let i = 0; i < definitions.length; i++) {
      const id = definitions[i]!.id;
      const first = ids.get(id);
      if (first !== undefined)
        throw new UsageError(
          `${options.inputs[i]} et ${first} désignent la même source « ${id} » : rien n’a été importé.`,
        );
      ids.set(id, options.inputs[i]!);
    }

    let gazetteer: Gazetteer;
    try {
      gazetteer = (await loadReference()).gazetteer;
    } catch (error) {
      throw new UsageError(`référentiel géographique indisponible : ${(error as Error).message}`);
    }

    const storeOptions = storeOptionsFromEnv(io.env);
    let store: Store;
    try {
      store = await openStore({ ...storeOptions, onWarning: (m) => io.stderr(`repere import : ${m}\n`) });
    } catch (error) {
      if (error instanceof StoreError) throw new UsageError(`base de données : ${error.message}`);
      throw error;
    }
    let cache: SqliteGeocodeCache | undefined;
    try {
      let geocoder: Geocoder | undefined;
      if (options.geocoder === 'geoplateforme') {
        cache = openGeocodeCache({ dataDir: storeOptions.dataDir ?? './data' });
        geocoder = new GeoplateformeGeocoder({ cache });
      }
      const target = resolveTarget(storeOptions);
      io.stderr(
        `Base : ${target.kind === 'sqlite' ? target.path : `PostgreSQL (schéma ${target.schema})`} ; ` +
          `géocodage : ${geocoder ? 'Géoplateforme (IGN) puis centre de la commune' : 'hors ligne (centre de la commune)'}.\n`,
      );
      const report = await runImport(definitions, {
        store,
        gazetteer,
        now: options.now,
        force: options.force,
        detail: options.details,
        onProgress: io.isTTY ? terminalProgress(io.stderr) : lineProgress(io.stderr),
        ...(geocoder ? { geocoder } : {}),
      });
      io.stdout(options.json ? jsonReport(report, options.details) : formatImportReport(report));
      return report.ok ? EXIT_OK : EXIT_DATA_ERRORS;
    } finally {
      cache?.close();
      await store.close();
    }
  },
};

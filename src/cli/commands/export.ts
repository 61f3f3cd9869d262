/**
 * `repere export --format <f> --out <fichier> [filtres]`: writes the published national dataset, filtered
 * with the API's own parameters and codec (`--services "…" --departements 33`, or
 * `--query "services=…&departements=33"`). Thin wrapper over `exportDataset` (src/pipeline/export/).
 */
import { resolve } from 'node:path';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import { parseQueryParams, QUERY_PARAMS } from '../../core/query/index.js';
import { RecordWriteError } from '../../io/index.js';
import {
  EXPORT_FORMATS,
  ExportError,
  exportDataset,
  type ExportFormat,
} from '../../pipeline/export/index.js';
import { loadReference } from '../../reference/index.js';
import { openStore, storeOptionsFromEnv, StoreError, type Store } from '../../store/index.js';
import { EXIT_OK, UsageError, type CliIO, type Command } from '../command.js';

/** Query parameters that make sense for an export (pagination does not: every match is written). */
const FILTERS = QUERY_PARAMS.filter((p) => p.name !== 'offset' && p.name !== 'limit');
const FILTER_NAMES = new Set(FILTERS.map((p) => p.name));

const HELP = `repere export — exporte le jeu national publié, filtré comme l'API

Usage : repere export --format <format> --out <fichier> [filtres]

  --format <format>   csv, json (au standard v1.0.1, acceptés par repere validate), geojson (lieux
                      géolocalisés), data-inclusion (schéma data·inclusion v1 : structures et services)
  -o, --out <chemin>  fichier à écrire ; pour data-inclusion, un fichier .json reçoit
                      {"structures": […], "services": […]}, tout autre chemin est un dossier qui reçoit
                      structures.json et services.json
  --query <texte>     filtres sous forme de paramètres d'URL de l'API : "services=…&departements=33"
  --<filtre> <valeur> un filtre de l'API (même nom, mêmes valeurs, listes séparées par |) :
                      ${FILTERS.map((p) => p.name).join(', ')}
  --now <date>        instant de référence des filtres d'horaires (ISO 8601), défaut maintenant
  --public-url <url>  adresse publique de Repère (défaut PUBLIC_URL) : lien_source des exports
                      data·inclusion vers la page du lieu
  -h, --help          cette aide

Base de données : DATABASE_URL si définie, sinon DATA_DIR/repere.sqlite (DATA_DIR : ./data par défaut).
Codes de sortie : 0 = export écrit ; 2 = erreur d'usage, rien de publié, ou écriture impossible.

Exemples :
  repere export --format csv --out gironde.csv --departements 33
  repere export --format geojson --out carte.geojson --query "services=Aide aux démarches administratives&gratuit=oui"
  repere export --format data-inclusion --out data-inclusion/
`;

interface ExportArgs {
  format: ExportFormat;
  out: string;
  params: URLSearchParams;
  now: Date;
  publicUrl?: string;
}

function parse(args: string[], env: CliIO['env']): ExportArgs {
  const params = new URLSearchParams();
  let format: string | undefined;
  let out: string | undefined;
  let now: string | undefined;
  let publicUrl = env.PUBLIC_URL?.trim() || undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      throw new UsageError(
        `argument inattendu « ${arg} » : les filtres s’écrivent --nom valeur. Voir repere export --help.`,
      );
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const rawName = eq >= 0 ? body.slice(0, eq) : body;
    const name = rawName === 'o' ? 'out' : rawName.replace(/-/g, '_');
    let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    const takeValue = (optional = false): string => {
      if (value !== undefined) return value;
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        i++;
        value = next;
        return next;
      }
      if (optional) return 'oui';
      throw new UsageError(`--${rawName} attend une valeur. Voir repere export --help.`);
    };
    if (name === 'format') format = takeValue();
    else if (name === 'out') out = takeValue();
    else if (name === 'now') now = takeValue();
    else if (name === 'public_url') publicUrl = takeValue();
    else if (name === 'query') {
      const text = takeValue().replace(/^\?/, '');
      for (const [k, v] of new URLSearchParams(text)) params.append(k, v);
    } else if (FILTER_NAMES.has(name)) {
      const descriptor = FILTERS.find((p) => p.name === name)!;
      params.append(name, takeValue(descriptor.type === 'boolean'));
    } else if (name === 'offset' || name === 'limit') {
      throw new UsageError(
        `--${rawName} : un export contient tous les lieux qui répondent aux filtres, sans pagination.`,
      );
    } else {
      throw new UsageError(
        `option inconnue « ${arg} ». Options : --format, --out, --query, --now, --public-url, et les filtres ${FILTERS.map((p) => `--${p.name}`).join(', ')}.`,
      );
    }
  }
  if (!format) throw new UsageError(`--format est obligatoire (${EXPORT_FORMATS.join(', ')}).`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format attend ${EXPORT_FORMATS.join(', ')} : « ${format} ».`);
  if (!out) throw new UsageError('--out est obligatoire. Voir repere export --help.');
  let at = new Date();
  if (now !== undefined) {
    at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(now) ? `${now}T12:00:00Z` : now);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--now attend une date ISO 8601 : « ${now} ».`);
  }
  if (publicUrl !== undefined && !/^https?:\/\/\S+$/i.test(publicUrl))
    throw new UsageError(`adresse publique « ${publicUrl} » invalide (http:// ou https:// attendu).`);
  return { format: format as ExportFormat, out, params, now: at, ...(publicUrl ? { publicUrl } : {}) };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'exporte le jeu national publié (CSV, JSON, GeoJSON, data·inclusion), filtré comme l’API',
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parse(args, io.env);
    for (const name of ['offset', 'limit']) {
      if (options.params.has(name))
        throw new UsageError(
          `${name} : un export contient tous les lieux qui répondent aux filtres, sans pagination.`,
        );
    }
    const parsed = parseQueryParams(options.params);
    if (!parsed.ok) {
      throw new UsageError(
        `filtres invalides :\n  ${parsed.errors.map((e) => `${e.param}${e.value ? ` « ${e.value} »` : ''} : ${e.message}`).join('\n  ')}`,
      );
    }

    let gazetteer: Gazetteer;
    try {
      gazetteer = (await loadReference()).gazetteer;
    } catch (error) {
      throw new UsageError(`référentiel géographique indisponible : ${(error as Error).message}`);
    }
    let store: Store;
    try {
      store = await openStore(storeOptionsFromEnv(io.env));
    } catch (error) {
      if (error instanceof StoreError) throw new UsageError(`base de données : ${error.message}`);
      throw error;
    }
    try {
      const summary = await exportDataset(store, {
        format: options.format,
        out: resolve(io.cwd, options.out),
        query: parsed.query,
        gazetteer,
        now: options.now,
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      });
      const what =
        options.format === 'data-inclusion'
          ? `${summary.structures} structures et ${summary.services} services`
          : `${summary.written} lieux`;
      io.stdout(
        `${what} exportés (version ${summary.version} du jeu national, ${summary.matched} lieux retenus par les filtres)` +
          (summary.skipped ? `, ${summary.skipped} sans coordonnées omis du GeoJSON` : '') +
          ` : ${summary.files.join(', ')}\n`,
      );
      return EXIT_OK;
    } catch (error) {
      if (error instanceof ExportError || error instanceof RecordWriteError)
        throw new UsageError(error.message);
      throw error;
    } finally {
      await store.close();
    }
  },
};

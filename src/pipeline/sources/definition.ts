/**
 * Source definitions: a small YAML or JSON file per producer export saying where the data is, what
 * kind of file it is and how its columns map to the standard. `loadSourceDefinition` reads one,
 * checks every key (unknown or misspelt keys are errors naming the file and the key, with a
 * suggestion), resolves paths relative to the definition file, and compiles the mapping once.
 * Format guide: sources/README.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { CsvDelimiter } from '../../core/standard/csv.js';
import type { EncodingOption } from '../../core/standard/encoding.js';
import { FIELD_NAMES } from '../../core/standard/fields.js';
import {
  checkKeys,
  compileConditions,
  compileMapping,
  text,
  type CompiledEntry,
  type CompiledMapping,
} from '../mapping/compile.js';
import { DefinitionError, didYouMean } from '../mapping/errors.js';
import { translateMednumConfig } from '../mapping/mednum.js';
import type { Mapping } from '../mapping/types.js';
import { FRANCE_SERVICES_MAPPING } from './france-services.js';

export type SourceKind = 'standard' | 'mapping' | 'france-services' | 'data-inclusion';
export const SOURCE_KINDS: readonly SourceKind[] = [
  'standard',
  'mapping',
  'france-services',
  'data-inclusion',
];

export interface SourceDefinition {
  id: string;
  name: string;
  kind: SourceKind;
  /** Absolute path of the definition file (undefined for definitions built in code). */
  file?: string;
  /** Absolute path of the data file (for data·inclusion: the structures file). */
  path?: string;
  /** data·inclusion from files: absolute path of the services file. */
  servicesPath?: string;
  /** http(s) URL of the data file, or of the data·inclusion API (`…/api/v1`). */
  url?: string;
  format?: 'csv' | 'json';
  encoding?: EncodingOption;
  delimiter?: CsvDelimiter;
  /** JSON: key (or dotted path) holding the array of records. */
  jsonPath?: string;
  /** Kind `standard`: version of the file; detected from its columns when absent. */
  standardVersion?: '1.0.1' | '0.1';
  /** Higher wins when records of several sources are merged (default 0). */
  priority: number;
  licence?: string;
  /** Absolute path of the mednum-cli config the mapping was translated from. */
  mednumConfig?: string;
  /** data·inclusion API: environment variable holding the token (default DATA_INCLUSION_API_TOKEN). */
  tokenEnv?: string;
  /** data·inclusion API: page size (default 1000). */
  pageSize?: number;
  /** data·inclusion: keep only these producers (`dora`, `france-travail`…). */
  producers?: string[];
  /** Input records not to import (closed, inactive…): counted as skipped, not yielded. */
  exclude?: CompiledEntry[];
  /** The compiled mapping (kinds mapping and france-services; constants/defaults for the others). */
  mapping?: CompiledMapping;
  /** Remarks that are not errors (config targets without v1 equivalent…). */
  warnings: string[];
}

const COMMON_KEYS = ['id', 'name', 'kind', 'path', 'url', 'priority', 'licence', 'mapping'];
const FILE_KEYS = ['format', 'encoding', 'delimiter', 'jsonPath', 'exclude'];
const KEYS_BY_KIND: Record<SourceKind, string[]> = {
  standard: [...COMMON_KEYS, ...FILE_KEYS, 'standardVersion'],
  mapping: [...COMMON_KEYS, ...FILE_KEYS, 'mednumConfig'],
  'france-services': [...COMMON_KEYS, ...FILE_KEYS],
  'data-inclusion': [...COMMON_KEYS, 'servicesPath', 'tokenEnv', 'pageSize', 'producers'],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readText(path: string, what: string, key?: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'introuvable'
        : code === 'EISDIR'
          ? "c'est un dossier"
          : `illisible (${code ?? (error as Error).message})`;
    throw new DefinitionError(`${what} « ${path} » ${reason}.`, key ? { key } : {});
  }
}

function parseDefinitionText(content: string, file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(content);
    } catch (error) {
      throw new DefinitionError(`JSON invalide : ${(error as Error).message}.`, { file });
    }
  }
  if (ext === '.yaml' || ext === '.yml') {
    try {
      return parseYaml(content, { prettyErrors: true });
    } catch (error) {
      if (error instanceof YAMLParseError) {
        const line = error.linePos?.[0]?.line;
        throw new DefinitionError(
          `YAML invalide${line ? ` ligne ${line}` : ''} : ${error.message.split('\n')[0]}.`,
          { file },
        );
      }
      throw error;
    }
  }
  throw new DefinitionError('extension .yaml, .yml ou .json attendue pour une définition de source.', {
    file,
  });
}

async function existingFile(path: string, key: string, what: string): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new DefinitionError(`${what} « ${path} » n'est pas un fichier.`, { key });
  } catch (error) {
    if (error instanceof DefinitionError) throw error;
    throw new DefinitionError(
      `${what} « ${path} » introuvable (chemin relatif au dossier de la définition).`,
      { key },
    );
  }
  return path;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T {
  const v = text(value, key);
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new DefinitionError(
    `« ${v} » n'est pas accepté${didYouMean(v, allowed)} ; valeurs possibles : ${allowed.join(', ')}.`,
    {
      key,
    },
  );
}

/** A field rule map merged over another: keys of `over` win. */
function mergeMappings(base: Mapping, over: Record<string, unknown> | undefined): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...over };
  // Maps are merged key by key; anything else is passed on for compileMapping to report.
  for (const name of ['fields', 'constants', 'defaults'] as const) {
    const mine = base[name] ?? {};
    const theirs = over?.[name];
    if (theirs === undefined) merged[name] = mine;
    else if (isObject(theirs)) merged[name] = { ...mine, ...theirs };
  }
  return merged;
}

/** The standard read as it is: every field from its own column (for normalization, constants, defaults). */
export const IDENTITY_MAPPING: Mapping = {
  fields: Object.fromEntries(FIELD_NAMES.map((name) => [name, name])),
};

/** Checks a parsed definition; `file` is its absolute path (for relative paths and messages). */
export async function checkSourceDefinition(input: unknown, file: string): Promise<SourceDefinition> {
  try {
    return await check(input, file);
  } catch (error) {
    if (error instanceof DefinitionError && error.file === undefined) error.file = file;
    throw error;
  }
}

async function check(input: unknown, file: string): Promise<SourceDefinition> {
  if (!isObject(input)) throw new DefinitionError('la définition doit être un objet (clés id, name, kind…).');
  const kind = oneOf(input.kind, SOURCE_KINDS, 'kind');
  checkKeys(input, KEYS_BY_KIND[kind], '');
  const id = text(input.id, 'id');
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id))
    throw new DefinitionError(
      `identifiant « ${id} » : minuscules, chiffres, « - », « _ » et « . » seulement (il préfixe des identifiants de lieux).`,
      { key: 'id' },
    );
  const dir = dirname(file);
  const def: SourceDefinition = { id, name: text(input.name, 'name'), kind, file, priority: 0, warnings: [] };

  if (input.path !== undefined && input.url !== undefined)
    throw new DefinitionError('path et url sont exclusifs : indiquez l’un ou l’autre.', { key: 'url' });
  if (input.path !== undefined)
    def.path = await existingFile(resolve(dir, text(input.path, 'path')), 'path', 'fichier de données');
  else if (input.url !== undefined) {
    const url = text(input.url, 'url');
    if (!/^https?:\/\/[^\s]+$/i.test(url))
      throw new DefinitionError(`URL « ${url} » invalide (http:// ou https:// attendu).`, { key: 'url' });
    def.url = url;
  } else
    throw new DefinitionError('path (fichier, relatif à la définition) ou url manquant.', { key: 'path' });

  if (input.format !== undefined) def.format = oneOf(input.format, ['csv', 'json'] as const, 'format');
  if (input.encoding !== undefined)
    def.encoding = oneOf(input.encoding, ['auto', 'utf-8', 'windows-1252'] as const, 'encoding');
  if (input.delimiter !== undefined) {
    const d = text(input.delimiter, 'delimiter', { allowEmpty: true });
    const delimiter = d === '\\t' || d === 'tab' ? '\t' : d;
    def.delimiter = oneOf(delimiter, [',', ';', '\t'] as const, 'delimiter');
  }
  if (input.jsonPath !== undefined) def.jsonPath = text(input.jsonPath, 'jsonPath');
  if (input.standardVersion !== undefined)
    def.standardVersion = oneOf(input.standardVersion, ['1.0.1', '0.1'] as const, 'standardVersion');
  if (input.priority !== undefined) {
    if (typeof input.priority !== 'number' || !Number.isInteger(input.priority))
      throw new DefinitionError('nombre entier attendu (plus grand = prioritaire lors des fusions).', {
        key: 'priority',
      });
    def.priority = input.priority;
  }
  if (input.licence !== undefined) def.licence = text(input.licence, 'licence');
  if (input.exclude !== undefined) def.exclude = compileConditions(input.exclude, 'exclude');
  if (input.mapping !== undefined && !isObject(input.mapping))
    throw new DefinitionError('objet attendu (fields, constants, defaults, coordinates).', {
      key: 'mapping',
    });
  const inline = input.mapping as Record<string, unknown> | undefined;

  switch (kind) {
    case 'mapping': {
      let base: Mapping = { fields: {} };
      if (input.mednumConfig !== undefined) {
        const configPath = resolve(dir, text(input.mednumConfig, 'mednumConfig'));
        const content = await readText(configPath, 'configuration mednum-cli', 'mednumConfig');
        let parsed: unknown;
        try {
          parsed = JSON.parse(content);
        } catch (error) {
          throw new DefinitionError(`JSON invalide : ${(error as Error).message}.`, { file: configPath });
        }
        const translation = translateMednumConfig(parsed, configPath);
        base = translation.mapping;
        def.mednumConfig = configPath;
        const hasDefaultDate = isObject(inline?.defaults) && inline.defaults.date_maj !== undefined;
        def.warnings.push(
          ...translation.warnings.filter((w) => !(hasDefaultDate && w.startsWith('date_maj'))),
        );
      } else if (!inline)
        throw new DefinitionError('mapping (ou mednumConfig) manquant.', { key: 'mapping' });
      def.mapping = compileMapping(mergeMappings(base, inline));
      break;
    }
    case 'france-services':
      def.mapping = compileMapping(mergeMappings(FRANCE_SERVICES_MAPPING, inline));
      break;
    case 'standard':
    case 'data-inclusion': {
      if (inline) {
        checkKeys(inline, ['constants', 'defaults'], 'mapping');
      }
      // Records of these kinds are already shaped like the standard: the identity mapping normalizes
      // them (dates, lists, enumerations) and applies the definition's constants and defaults.
      def.mapping = compileMapping(mergeMappings(IDENTITY_MAPPING, inline));
      break;
    }
  }

  if (kind === 'data-inclusion') {
    if (def.path !== undefined) {
      if (input.servicesPath === undefined)
        throw new DefinitionError('servicesPath manquant : le fichier des services data·inclusion.', {
          key: 'servicesPath',
        });
      def.servicesPath = await existingFile(
        resolve(dir, text(input.servicesPath, 'servicesPath')),
        'servicesPath',
        'fichier des services',
      );
    } else if (input.servicesPath !== undefined)
      throw new DefinitionError(
        'servicesPath ne s’emploie qu’avec path (avec url, l’API donne les services).',
        {
          key: 'servicesPath',
        },
      );
    if (input.tokenEnv !== undefined) {
      def.tokenEnv = text(input.tokenEnv, 'tokenEnv');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(def.tokenEnv))
        throw new DefinitionError('nom de variable d’environnement attendu (lettres, chiffres, _).', {
          key: 'tokenEnv',
        });
    }
    if (input.pageSize !== undefined) {
      if (
        typeof input.pageSize !== 'number' ||
        !Number.isInteger(input.pageSize) ||
        input.pageSize < 1 ||
        input.pageSize > 10_000
      )
        throw new DefinitionError('nombre entier entre 1 et 10000 attendu.', { key: 'pageSize' });
      def.pageSize = input.pageSize;
    }
    if (input.producers !== undefined) {
      if (!Array.isArray(input.producers) || !input.producers.length)
        throw new DefinitionError('liste de producteurs attendue (dora, france-travail…).', {
          key: 'producers',
        });
      def.producers = input.producers.map((p, i) => text(p, `producers[${i}]`));
    }
  }
  return def;
}

/**
 * Reads and checks a definition file (`.yaml`, `.yml` or `.json`). Throws a `DefinitionError`
 * whose `describe()` names the file and the key at fault.
 */
export async function loadSourceDefinition(path: string): Promise<SourceDefinition> {
  const file = resolve(path);
  const content = await readText(file, 'définition de source').catch((error: unknown) => {
    if (error instanceof DefinitionError) error.file = file;
    throw error;
  });
  return checkSourceDefinition(parseDefinitionText(content, file), file);
}

/**
 * A definition for the command line's mednum-cli route: a data file and its mednum-cli config,
 * without writing a definition file.
 */
export async function definitionFromMednumConfig(options: {
  id: string;
  name?: string;
  dataPath: string;
  configPath: string;
  mapping?: Pick<Mapping, 'constants' | 'defaults'>;
}): Promise<SourceDefinition> {
  const input: Record<string, unknown> = {
    id: options.id,
    name: options.name ?? options.id,
    kind: 'mapping',
    path: resolve(options.dataPath),
    mednumConfig: resolve(options.configPath),
  };
  if (options.mapping) input.mapping = options.mapping;
  const def = await checkSourceDefinition(input, resolve(options.configPath));
  delete def.file;
  return def;
}

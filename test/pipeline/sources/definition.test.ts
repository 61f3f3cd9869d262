import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionError,
  definitionFromMednumConfig,
  loadSourceDefinition,
} from '../../../src/pipeline/sources/index.js';

let dir: string;

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(name: string, content: string): Promise<DefinitionError> {
  const path = write(name, content);
  try {
    await loadSourceDefinition(path);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error(`${name} was accepted`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repere-sources-'));
  writeFileSync(join(dir, 'data.csv'), 'Nom;Ville\nMédiathèque;Ajaccio\n');
  writeFileSync(
    join(dir, 'cfg.mednum-cli-config.json'),
    JSON.stringify({ nom: { colonne: 'Nom' }, commune: { colonne: 'Ville' }, date_maj: { colonne: '' } }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSourceDefinition', () => {
  it('reads a YAML definition, resolving the data path from the definition folder', async () => {
    const path = write(
      'ok.yaml',
      [
        'id: essai',
        'name: Essai',
        'kind: mapping',
        'path: ./data.csv',
        'format: csv',
        'delimiter: ";"',
        'encoding: utf-8',
        'priority: 20',
        'licence: Licence Ouverte 2.0',
        'exclude:',
        '  - { columns: [Ville], equals: [Inconnue] }',
        'mapping:',
        '  fields:',
        '    nom: Nom',
        '    commune: Ville',
        '  defaults:',
        "    date_maj: '2023-01-01'",
      ].join('\n'),
    );
    const def = await loadSourceDefinition(path);
    expect(def).toMatchObject({
      id: 'essai',
      kind: 'mapping',
      path: join(dir, 'data.csv'),
      format: 'csv',
      delimiter: ';',
      encoding: 'utf-8',
      priority: 20,
      licence: 'Licence Ouverte 2.0',
      file: path,
    });
    expect(def.mapping?.columns).toEqual(new Set(['Nom', 'Ville']));
    expect(def.exclude).toHaveLength(1);
  });

  it('reads a JSON definition and a mednum-cli config, the inline mapping winning', async () => {
    const def = await loadSourceDefinition(
      write(
        'cfg.json',
        JSON.stringify({
          id: 'cfg',
          name: 'Cfg',
          kind: 'mapping',
          path: 'data.csv',
          mednumConfig: 'cfg.mednum-cli-config.json',
          mapping: { fields: { commune: { value: 'Bastia' } }, defaults: { date_maj: '2022-01-01' } },
        }),
      ),
    );
    expect(def.mednumConfig).toBe(join(dir, 'cfg.mednum-cli-config.json'));
    expect(def.mapping?.defaults.get('date_maj')).toBe('2022-01-01');
    // The date_maj warning is answered by the default.
    expect(def.warnings).toEqual([]);
    const compiledCommune = def.mapping?.fields.find((f) => f.name === 'commune');
    expect(compiledCommune?.value).toEqual({ kind: 'value', value: 'Bastia' });
  });

  it('keeps the translation warnings the definition does not answer', async () => {
    const def = await definitionFromMednumConfig({
      id: 'cli',
      dataPath: join(dir, 'data.csv'),
      configPath: join(dir, 'cfg.mednum-cli-config.json'),
    });
    expect(def.kind).toBe('mapping');
    expect(def.file).toBeUndefined();
    expect(def.warnings.join(' ')).toMatch(/date_maj/);
  });

  it('gives france-services its built-in mapping, and standard the identity mapping', async () => {
    const fs = await loadSourceDefinition(
      write(
        'fs.yaml',
        'id: fs\nname: FS\nkind: france-services\npath: data.csv\nmapping:\n  constants:\n    source: Moi\n',
      ),
    );
    expect(fs.mapping?.columns.has('h_lundi')).toBe(true);
    expect(fs.mapping?.constants.get('source')).toEqual(['Moi']);
    expect(fs.mapping?.constants.get('typologie')).toEqual(['RFS']);
    const std = await loadSourceDefinition(
      write('std.yaml', 'id: std\nname: Std\nkind: standard\nstandardVersion: 0.1\npath: data.csv\n'),
    );
    expect(std.standardVersion).toBe('0.1');
    expect(std.mapping?.fields.map((f) => f.name)).toContain('services');
  });

  it('accepts an URL source', async () => {
    const def = await loadSourceDefinition(
      write('url.yaml', 'id: u\nname: U\nkind: standard\nurl: https://example.org/lieux.csv\n'),
    );
    expect(def.url).toBe('https://example.org/lieux.csv');
    expect(def.path).toBeUndefined();
  });

  it.each([
    [
      'unknown-key.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\nformt: csv\n',
      'formt',
      /vouliez-vous dire « format »/,
    ],
    ['kind.yaml', 'id: a\nname: A\nkind: mappin\npath: data.csv\n', 'kind', /vouliez-vous dire « mapping »/],
    ['id.yaml', 'id: Gironde 33\nname: A\nkind: standard\npath: data.csv\n', 'id', /minuscules/],
    ['missing.yaml', 'id: a\nname: A\nkind: standard\npath: absent.csv\n', 'path', /introuvable/],
    [
      'both.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\nurl: https://x.org/a.csv\n',
      'url',
      /exclusifs/,
    ],
    ['nowhere.yaml', 'id: a\nname: A\nkind: standard\n', 'path', /manquant/],
    ['url.yaml', 'id: a\nname: A\nkind: standard\nurl: ftp://x.org/a.csv\n', 'url', /http/],
    ['format.yaml', 'id: a\nname: A\nkind: standard\npath: data.csv\nformat: xlsx\n', 'format', /csv, json/],
    [
      'version.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\nstandardVersion: 2\n',
      'standardVersion',
      /1\.0\.1, 0\.1/,
    ],
    [
      'priority.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\npriority: haute\n',
      'priority',
      /entier/,
    ],
    ['no-mapping.yaml', 'id: a\nname: A\nkind: mapping\npath: data.csv\n', 'mapping', /manquant/],
    [
      'std-fields.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\nmapping:\n  fields: {}\n',
      'mapping.fields',
      /clés possibles : constants, defaults/,
    ],
    [
      'mednum-kind.yaml',
      'id: a\nname: A\nkind: standard\npath: data.csv\nmednumConfig: x.json\n',
      'mednumConfig',
      /clé « mednumConfig » inconnue/,
    ],
    [
      'bad-field.yaml',
      'id: a\nname: A\nkind: mapping\npath: data.csv\nmapping:\n  fields:\n    courriel: Mail\n',
      'mapping.fields.courriel',
      /courriels/,
    ],
    ['di.yaml', 'id: a\nname: A\nkind: data-inclusion\npath: data.csv\n', 'servicesPath', /manquant/],
    [
      'di-token.yaml',
      'id: a\nname: A\nkind: data-inclusion\nurl: https://x.org/api/v1\ntokenEnv: mon-jeton\n',
      'tokenEnv',
      /variable/,
    ],
    [
      'exclude.yaml',
      'id: a\nname: A\nkind: mapping\npath: data.csv\nexclude:\n  - { columns: [X] }\nmapping:\n  fields: { nom: N }\n',
      'exclude[0]',
      /equals, contains ou truthy/,
    ],
  ])('%s: names the file and the bad key', async (name, content, key, message) => {
    const error = await failure(name, content);
    expect(error.file).toBe(join(dir, name));
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
    expect(error.describe()).toMatch(
      new RegExp(`^${join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, clé `),
    );
  });

  it('reports malformed YAML and JSON with the file', async () => {
    const yaml = await failure('broken.yaml', 'id: a\nname: [A\n');
    expect(yaml.message).toMatch(/YAML invalide/);
    const json = await failure('broken.json', '{"id": ');
    expect(json.message).toMatch(/JSON invalide/);
    const ext = await failure('definition.txt', 'id: a');
    expect(ext.message).toMatch(/\.yaml, \.yml ou \.json/);
  });

  it('reports a missing definition file', async () => {
    await expect(loadSourceDefinition(join(dir, 'absente.yaml'))).rejects.toThrow(/introuvable/);
  });

  it('reports a mednum config that is not JSON, naming that file', async () => {
    write('bad.mednum-cli-config.json', '{ nom: ');
    const error = await failure(
      'bad-cfg.yaml',
      'id: a\nname: A\nkind: mapping\npath: data.csv\nmednumConfig: bad.mednum-cli-config.json\n',
    );
    expect(error.file).toBe(join(dir, 'bad.mednum-cli-config.json'));
    expect(error.message).toMatch(/JSON invalide/);
  });
});

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordReadError } from '../../../src/core/standard/read-error.js';
import {
  checkSourceDefinition,
  openSource,
  readSource,
  sourceContentHash,
  type FetchPort,
  type SourceDefinition,
  type SourceItem,
  type SourceSummary,
} from '../../../src/pipeline/sources/index.js';

let dir: string;

async function define(input: Record<string, unknown>): Promise<SourceDefinition> {
  return checkSourceDefinition(input, join(dir, 'definition.yaml'));
}

async function readAll(
  def: SourceDefinition,
  ports = {},
): Promise<{ items: SourceItem[]; summary: SourceSummary }> {
  const items: SourceItem[] = [];
  const it = readSource(def, ports);
  for (;;) {
    const next = await it.next();
    if (next.done) return { items, summary: next.value };
    items.push(next.value);
  }
}

const CSV = [
  'Nom;Ville;CP;Horaires',
  'Médiathèque;Ajaccio;20000;Mo-Fr 09:00-12:00',
  'Médiathèque;Ajaccio;20000;',
  'Mairie;Bastia;20200;lundi 9h-12h',
].join('\n');

function fakeFetch(
  routes: Record<string, { status?: number; body: string }>,
  calls: string[] = [],
): FetchPort {
  return async (url) => {
    calls.push(url);
    const route = routes[url];
    if (!route)
      return { ok: false, status: 404, statusText: 'Not Found', arrayBuffer: async () => new ArrayBuffer(0) };
    const bytes = new TextEncoder().encode(route.body);
    const status = route.status ?? 200;
    return {
      ok: status < 400,
      status,
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
  };
}

const mapping = {
  fields: { nom: 'Nom', commune: 'Ville', code_postal: 'CP', horaires: { osm: 'Horaires' } },
  defaults: { date_maj: '2023-01-01' },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repere-read-'));
  writeFileSync(join(dir, 'lieux.csv'), CSV);
  writeFileSync(
    join(dir, 'v0.json'),
    JSON.stringify([
      {
        id: 'a',
        nom: 'Espace',
        commune: 'Lyon',
        code_postal: '69001',
        adresse: '1 rue',
        date_maj: '2021-05-05',
        services: 'Accéder à une connexion internet;Accéder à du matériel',
        publics_accueillis: 'Adultes;Seniors (+ 65 ans)',
      },
    ]),
  );
  writeFileSync(
    join(dir, 'v1.csv'),
    'id,nom,commune,code_postal,adresse,date_maj,services,colonne_locale\nb,Lieu,Nice,06000,2 rue,12/03/2024,Aide aux démarches administratives|Inconnu,x\n',
  );
  writeFileSync(join(dir, 'ragged.csv'), 'Nom,Ville\nA,B,C\nD,E\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSource — mapping kind', () => {
  it('yields one item per input record, with line, raw record and notes, and unique ids', async () => {
    const def = await define({ id: 'essai', name: 'E', kind: 'mapping', path: 'lieux.csv', mapping });
    const { items, summary } = await readAll(def);
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.line)).toEqual([2, 3, 4]);
    expect(items[0]!.raw).toMatchObject({ Nom: 'Médiathèque', Ville: 'Ajaccio' });
    expect(items[0]!.record).toMatchObject({
      nom: 'Médiathèque',
      horaires: 'Mo-Fr 09:00-12:00',
      date_maj: '2023-01-01',
    });
    expect(items[2]!.record.horaires).toBe('Mo 09:00-12:00');
    // Two rows with the same name and address: the second id is made unique.
    expect(items[1]!.record.id).toBe(`${items[0]!.record.id}-2`);
    expect(items[1]!.notes.map((n) => n.code)).toContain('id.duplicate');
    expect(summary).toMatchObject({ records: 3, skipped: 0, missingColumns: [] });
    expect(summary.notes).toBe(items.reduce((n, i) => n + i.notes.length, 0));
  });

  it('counts excluded records and reports mapped columns the file lacks', async () => {
    const def = await define({
      id: 'essai',
      name: 'E',
      kind: 'mapping',
      path: 'lieux.csv',
      exclude: [{ columns: ['Ville'], equals: ['bastia'] }],
      mapping: { ...mapping, fields: { ...mapping.fields, telephone: 'Tél' } },
    });
    const { items, summary } = await readAll(def);
    expect(items).toHaveLength(2);
    expect(summary.skipped).toBe(1);
    expect(summary.missingColumns).toEqual(['Tél']);
    expect(summary.notices.join(' ')).toMatch(/1 enregistrement/);
  });

  it('turns reading issues of a record into notes', async () => {
    const def = await define({
      id: 'r',
      name: 'R',
      kind: 'mapping',
      path: 'ragged.csv',
      mapping: { fields: { nom: 'Nom' } },
    });
    const { items } = await readAll(def);
    expect(items).toHaveLength(2);
    expect(items[0]!.notes.some((n) => n.code.startsWith('read.'))).toBe(true);
    expect(items[1]!.notes.some((n) => n.code.startsWith('read.'))).toBe(false);
  });
});

describe('readSource — standard kind', () => {
  it('migrates a v0.1 file on the fly (detected from its columns)', async () => {
    const def = await define({ id: 'v0', name: 'V0', kind: 'standard', path: 'v0.json' });
    const { items, summary } = await readAll(def);
    expect(items[0]!.record).toMatchObject({
      id: 'a',
      services: 'Accès internet et matériel informatique',
      publics_specifiquement_adresses: 'Seniors',
    });
    expect(items[0]!.notes.map((n) => n.code)).toContain('v0.publics.adultes');
    expect(summary.notices.join(' ')).toMatch(/v0\.1/);
  });

  it('reads a v1.0.1 file, normalizing values and noting unknown enumeration values', async () => {
    const def = await define({
      id: 'v1',
      name: 'V1',
      kind: 'standard',
      path: 'v1.csv',
      mapping: { constants: { source: 'Producteur' } },
    });
    const { items } = await readAll(def);
    expect(items[0]!.record).toMatchObject({
      id: 'b',
      date_maj: '2024-03-12',
      services: 'Aide aux démarches administratives',
      source: 'Producteur',
    });
    expect(items[0]!.notes.find((n) => n.code === 'enum.unknown')?.value).toBe('Inconnu');
    expect(items[0]!.raw).toMatchObject({ colonne_locale: 'x' });
  });
});

describe('URL sources and hashes', () => {
  const URL = 'https://producteur.example.org/lieux.csv';

  it('fetches once through the port; the hash is the sha256 of the bytes, as for the same file', async () => {
    const calls: string[] = [];
    const ports = { fetch: fakeFetch({ [URL]: { body: CSV } }, calls) };
    const def = await define({ id: 'u', name: 'U', kind: 'mapping', url: URL, mapping });
    const opened = await openSource(def, ports);
    const expected = createHash('sha256').update(CSV).digest('hex');
    expect(opened.contentHash).toBe(expected);
    let n = 0;
    for await (const item of opened.records()) n += item.record.nom ? 1 : 0;
    expect(n).toBe(3);
    expect(calls).toEqual([URL]);
    const fileDef = await define({ id: 'f', name: 'F', kind: 'mapping', path: 'lieux.csv', mapping });
    expect(await sourceContentHash(fileDef)).toBe(expected);
  });

  it('changes the mapping hash with the mapping, not with the bytes', async () => {
    const a = await openSource(
      await define({ id: 'f', name: 'F', kind: 'mapping', path: 'lieux.csv', mapping }),
    );
    const b = await openSource(
      await define({ id: 'f', name: 'F', kind: 'mapping', path: 'lieux.csv', mapping }),
    );
    const c = await openSource(
      await define({
        id: 'f',
        name: 'F',
        kind: 'mapping',
        path: 'lieux.csv',
        mapping: { fields: { nom: 'Ville' } },
      }),
    );
    expect(a.mappingHash).toBe(b.mappingHash);
    expect(c.mappingHash).not.toBe(a.mappingHash);
    expect(c.contentHash).toBe(a.contentHash);
  });

  it.each([
    [403, /accès refusé/],
    [404, /introuvable/],
    [500, /répondu 500/],
  ])('reports HTTP %i with the URL', async (status, message) => {
    const def = await define({ id: 'u', name: 'U', kind: 'mapping', url: URL, mapping });
    const ports = { fetch: fakeFetch(status === 404 ? {} : { [URL]: { status, body: 'x' } }) };
    const error = await openSource(def, ports).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordReadError);
    expect((error as RecordReadError).describe()).toMatch(new RegExp(`^${URL.replace(/[.?]/g, '\\$&')} : `));
    expect((error as RecordReadError).message).toMatch(message);
  });

  it('reports a network failure', async () => {
    const def = await define({ id: 'u', name: 'U', kind: 'mapping', url: URL, mapping });
    const fetch: FetchPort = async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    };
    await expect(openSource(def, { fetch })).rejects.toThrow(/téléchargement impossible \(getaddrinfo/);
  });
});

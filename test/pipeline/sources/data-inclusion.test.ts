/**
 * data·inclusion: the fixture in test/fixtures/data-inclusion (written for these tests, schema v1)
 * read from files and from a recorded fake of the paginated API.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordReadError } from '../../../src/core/standard/read-error.js';
import {
  checkSourceDefinition,
  isDigitalService,
  mapDataInclusion,
  openSource,
  type FetchPort,
  type SourceDefinition,
  type SourceItem,
  type SourceSummary,
} from '../../../src/pipeline/sources/index.js';

const FIXTURE = resolve(__dirname, '../../fixtures/data-inclusion');
const structures = JSON.parse(readFileSync(resolve(FIXTURE, 'structures.json'), 'utf8')) as Record<
  string,
  unknown
>[];
const services = JSON.parse(readFileSync(resolve(FIXTURE, 'services.json'), 'utf8')) as Record<
  string,
  unknown
>[];
const API = 'https://api.data-inclusion.example.org/api/v1';

async function readAll(def: SourceDefinition, ports = {}) {
  const opened = await openSource(def, ports);
  const items: SourceItem[] = [];
  const it = opened.records();
  for (;;) {
    const next = await it.next();
    if (next.done) return { items, summary: next.value as SourceSummary, opened };
    items.push(next.value);
  }
}

function byId(items: SourceItem[]) {
  return Object.fromEntries(items.map((i) => [i.record.id, i]));
}

/** The API as recorded: `{ items, total, page, size, pages }`, services filterable by thematique. */
function fakeApi(calls: Array<{ url: string; auth?: string }>): FetchPort {
  return async (url, init) => {
    calls.push({ url, auth: init?.headers?.Authorization });
    const u = new URL(url);
    if (init?.headers?.Authorization !== 'Bearer secret')
      return { ok: false, status: 401, arrayBuffer: async () => new ArrayBuffer(0) };
    const resource = u.pathname.split('/').pop();
    let all = resource === 'structures' ? structures : resource === 'services' ? services : undefined;
    if (!all) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    const thematiques = u.searchParams.getAll('thematiques');
    if (thematiques.length)
      all = all.filter((s) => (s.thematiques as string[] | null)?.some((t) => thematiques.includes(t)));
    const page = Number(u.searchParams.get('page'));
    const size = Number(u.searchParams.get('size'));
    const body = JSON.stringify({
      items: all.slice((page - 1) * size, page * size),
      total: all.length,
      page,
      size,
      pages: Math.max(1, Math.ceil(all.length / size)),
    });
    const bytes = new TextEncoder().encode(body);
    return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer as ArrayBuffer };
  };
}

describe('mapDataInclusion', () => {
  it('keeps digital services only as the offer of a structure', () => {
    expect(services.filter(isDigitalService)).toHaveLength(7);
    const buers = structures[0]!;
    const digital = services.filter((s) => s.structure_id === buers.id && isDigitalService(s));
    const { record, notes } = mapDataInclusion(buers, digital);
    expect(record).toMatchObject({
      id: 'dora--cs-les-buers',
      pivot: '77992412300029',
      commune: 'Villeurbanne',
      latitude: '45.7789',
      longitude: '4.8952',
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
      publics_specifiquement_adresses: 'Seniors',
      frais_a_charge: 'Gratuit',
      modalites_acces: 'Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne',
      modalites_accompagnement: 'Accompagnement individuel|Dans un atelier collectif|À distance',
      prise_rdv: 'https://rdv.cs-lesbuers.example.org',
      typologie: 'MUNI',
      fiche_acces_libre: expect.stringContaining('acceslibre'),
      // The latest of the structure's and its digital services' dates (the logement service is not counted).
      date_maj: '2024-03-20',
      source: 'dora (via data·inclusion)',
    });
    expect(notes).toEqual([]);
  });

  it('notes publics without equivalent and differing service hours', () => {
    const bron = structures.find((s) => s.id === 'dora--france-services-bron')!;
    const digital = services.filter((s) => s.structure_id === bron.id);
    const { record, notes } = mapDataInclusion(bron, digital);
    expect(record).toMatchObject({
      typologie: 'RFS',
      dispositif_programmes_nationaux: 'Conseillers numériques|France Services',
      services:
        'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique',
      frais_a_charge: 'Gratuit|Payant',
      modalites_acces: 'Se présenter|Téléphoner|Envoyer un mail avec une fiche de prescription',
      horaires: '',
    });
    expect(notes.map((n) => n.code).sort()).toEqual([
      'di.public_unmapped',
      'di.public_unmapped',
      'horaires.ambiguous',
    ]);
    expect(notes.find((n) => n.value === 'personnes-exilees')).toBeDefined();
  });

  it('takes the hours its digital services share when the structure has none', () => {
    const { record } = mapDataInclusion({ ...structures[0]!, horaires_accueil: null }, [services[0]!]);
    expect(record.horaires).toBe('Tu 14:00-16:00');
  });
});

describe('data·inclusion from files', () => {
  async function fileDefinition(extra: Record<string, unknown> = {}) {
    return checkSourceDefinition(
      {
        id: 'data-inclusion',
        name: 'DI',
        kind: 'data-inclusion',
        path: 'structures.json',
        servicesPath: 'services.json',
        ...extra,
      },
      resolve(FIXTURE, 'definition.yaml'),
    );
  }

  it('keeps the structures with a digital service, joins prefixed and bare structure ids', async () => {
    const { items, summary } = await readAll(await fileDefinition());
    const ids = items.map((i) => i.record.id).sort();
    expect(ids).toEqual([
      'dora--cs-les-buers',
      'dora--france-services-bron',
      'emplois-de-linclusion--ressourcerie-3r',
      'france-travail--agence-lyon-part-dieu',
    ]);
    expect(summary.records + summary.skipped).toBe(structures.length);
    expect(summary.skipped).toBe(2);
    expect(summary.notices.join('\n')).toMatch(/dora--structure-fermee/);
    const ressourcerie = byId(items)['emplois-de-linclusion--ressourcerie-3r']!;
    expect(ressourcerie.record).toMatchObject({
      services: 'Acquisition de matériel informatique à prix solidaire',
      publics_specifiquement_adresses: 'Étudiants',
      prise_rdv: 'https://3r.example.org/reserver',
      typologie: 'RESSOURCERIE',
    });
    // Raw: the structure and its digital services, arrays back as arrays.
    const raw = ressourcerie.raw as {
      structure: Record<string, unknown>;
      services: Record<string, unknown>[];
    };
    expect(raw.structure.reseaux_porteurs).toEqual(['ressourceries']);
    expect(raw.services[0]!.thematiques).toEqual(['numerique--acquerir-un-equipement']);
    expect(ressourcerie.line).toBeGreaterThan(1);
  });

  it('filters producers and applies the definition constants', async () => {
    const { items, summary } = await readAll(
      await fileDefinition({ producers: ['dora'], mapping: { constants: { source: 'data·inclusion' } } }),
    );
    expect(items.map((i) => i.record.id).sort()).toEqual([
      'dora--cs-les-buers',
      'dora--france-services-bron',
    ]);
    expect(items.every((i) => i.record.source === 'data·inclusion')).toBe(true);
    expect(summary.skipped).toBe(4);
  });
});

describe('data·inclusion from the API (recorded fake)', () => {
  async function apiDefinition() {
    return checkSourceDefinition(
      {
        id: 'data-inclusion',
        name: 'DI',
        kind: 'data-inclusion',
        url: `${API}/`,
        pageSize: 2,
        tokenEnv: 'DI_TOKEN',
      },
      resolve(FIXTURE, 'definition.yaml'),
    );
  }

  it('pages through services (digital thematics) then structures, with the token, and maps like the files', async () => {
    const calls: Array<{ url: string; auth?: string }> = [];
    const { items, summary, opened } = await readAll(await apiDefinition(), {
      fetch: fakeApi(calls),
      env: { DI_TOKEN: 'secret' },
    });
    expect(items.map((i) => i.record.id).sort()).toEqual([
      'dora--cs-les-buers',
      'dora--france-services-bron',
      'emplois-de-linclusion--ressourcerie-3r',
      'france-travail--agence-lyon-part-dieu',
    ]);
    expect(summary.skipped).toBe(2);
    expect(calls.every((c) => c.auth === 'Bearer secret')).toBe(true);
    const serviceCalls = calls.filter((c) => c.url.includes('/services?'));
    const structureCalls = calls.filter((c) => c.url.includes('/structures?'));
    expect(serviceCalls).toHaveLength(4); // 7 digital services, 2 per page
    expect(structureCalls).toHaveLength(3); // 6 structures, 2 per page
    expect(serviceCalls[0]!.url).toMatch(
      /^https:\/\/api\.data-inclusion\.example\.org\/api\/v1\/services\?page=1&size=2&thematiques=numerique--/,
    );
    expect(opened.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const fromFiles = await readAll(
      await checkSourceDefinition(
        {
          id: 'data-inclusion',
          name: 'DI',
          kind: 'data-inclusion',
          path: 'structures.json',
          servicesPath: 'services.json',
        },
        resolve(FIXTURE, 'definition.yaml'),
      ),
    );
    const files = byId(fromFiles.items);
    for (const item of items) expect(item.record).toEqual(files[item.record.id!]!.record);
  });

  it('asks for the token when the environment lacks it', async () => {
    const error = await openSource(await apiDefinition(), { fetch: fakeApi([]), env: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RecordReadError);
    expect((error as Error).message).toMatch(/DI_TOKEN/);
  });

  it('reports a refused token', async () => {
    await expect(
      openSource(await apiDefinition(), { fetch: fakeApi([]), env: { DI_TOKEN: 'wrong' } }),
    ).rejects.toThrow(/HTTP 401.*accès refusé/);
  });

  it('reports an unexpected body', async () => {
    const fetch: FetchPort = async () => {
      const bytes = new TextEncoder().encode('{"detail": "maintenance"}');
      return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer as ArrayBuffer };
    };
    await expect(openSource(await apiDefinition(), { fetch, env: { DI_TOKEN: 'secret' } })).rejects.toThrow(
      /items, page, pages/,
    );
  });
});

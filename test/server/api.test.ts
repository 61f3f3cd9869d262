/**
 * The API on SQLite and PostgreSQL: every filter through HTTP (same ids and order as the engine),
 * every error path (problem+json, one message per bad parameter), pagination and its hard maximum,
 * detail, provenance, counts, clusters and territory search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_PARAMS, countBy, parseQueryParams } from '../../src/core/query/index.js';
import { FRAIS_A_CHARGE, SERVICES } from '../../src/core/standard/enums.js';
import { MAX_PAGE_SIZE } from '../../src/server/index.js';
import {
  BACKENDS,
  NOW,
  expectedIds,
  getJson,
  lieuxUrl,
  requirePostgres,
  skipPostgres,
  startTestServer,
  type TestServer,
} from './helpers.js';

interface ListBody {
  total: number;
  offset: number;
  limit: number;
  version: number;
  lieux: Array<Record<string, unknown> & { id: string; correspondances: string[] }>;
  suivant?: string;
  precedent?: string;
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ param: string; value: string; message: string }>;
}

/** One or more query strings per filter parameter; the test below checks every parameter has some. */
const FILTER_CASES: Record<string, string[]> = {
  q: ['q=Médiathèque', 'q=mediatheque paris', 'q=france services lyon'],
  services: [`services=${SERVICES[1]}`, `services=${SERVICES[2]}|${SERVICES[3]}`],
  publics_specifiquement_adresses: [
    'publics_specifiquement_adresses=Seniors',
    'publics_specifiquement_adresses=jeunes|femmes',
  ],
  prise_en_charge_specifique: ['prise_en_charge_specifique=Surdité'],
  frais_a_charge: [`frais_a_charge=${FRAIS_A_CHARGE[2]}`, 'frais_a_charge=gratuit&frais_a_charge=Payant'],
  itinerance: ['itinerance=Itinérant', 'itinerance=fixe'],
  dispositif_programmes_nationaux: ['dispositif_programmes_nationaux=France Services|Conseillers numériques'],
  formations_labels: ['formations_labels=ORDI 3.0'],
  modalites_acces: ['modalites_acces=Se présenter'],
  modalites_accompagnement: ['modalites_accompagnement=À distance'],
  typologie: ['typologie=BIB', 'typologie=epn|CCAS'],
  regions: ['regions=11', 'regions=84|93'],
  departements: ['departements=75', 'departements=69|2A|974'],
  communes: ['communes=69123', 'communes=75056|13055'],
  epci: ['epci=200046977'],
  ouvert_maintenant: ['ouvert_maintenant=oui', 'ouvert_maintenant=non'],
  ouvert_le: ['ouvert_le=2025-06-14T10:00', 'ouvert_le=2025-06-15T08:00Z'],
  creneaux: ['creneaux=sa:09:00-12:00', 'creneaux=lu:18:00-20:00|me:14:00-15:00'],
  pres_de: ['pres_de=45.764,4.8357'],
  rayon_km: ['pres_de=48.8566,2.3522&rayon_km=5'],
  bbox: ['bbox=2.2,48.8,2.5,48.95'],
  gratuit: ['gratuit=oui', 'gratuit=non'],
  rdv_en_ligne: ['rdv_en_ligne=oui', 'rdv_en_ligne=non'],
  itinerant: ['itinerant=oui', 'itinerant=non'],
  tri: ['tri=nom&pres_de=43.2965,5.3698', 'tri=distance&pres_de=43.2965,5.3698'],
  offset: ['offset=40'],
  limit: ['limit=7', 'limit=0', `limit=${MAX_PAGE_SIZE}`],
};

/** Combinations: several criteria at once (AND), as the UI sends them. */
const COMBINED = [
  `services=${SERVICES[0]}&frais_a_charge=Gratuit&departements=75|92|93|94&ouvert_maintenant=oui&pres_de=48.85,2.35`,
  'typologie=BIB|EPN&regions=84&tri=nom&limit=50',
  'q=centre social&gratuit=oui&creneaux=ma:10:00-11:00&limit=100',
];

describe.each(BACKENDS)('API on %s', (backend) => {
  describe.skipIf(backend === 'postgres' && skipPostgres)('', () => {
    let server: TestServer;

    beforeAll(async () => {
      requirePostgres(backend);
      server = await startTestServer(backend, { count: 900, seed: 11 });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('has a test case for every filter parameter of the query module', () => {
      expect(Object.keys(FILTER_CASES).sort()).toEqual(QUERY_PARAMS.map((d) => d.name).sort());
    });

    it('answers every filter with the engine’s ids, in the engine’s order', async () => {
      for (const search of Object.values(FILTER_CASES).flat().concat(COMBINED)) {
        const { status, body } = await getJson<ListBody>(
          server.app,
          lieuxUrl(search.includes('limit=') ? search : `${search}&limit=100`),
        );
        expect(status, search).toBe(200);
        const expected = expectedIds(
          server.index,
          search.includes('limit=') ? search : `${search}&limit=100`,
        );
        expect(body.total, search).toBe(expected.total);
        expect(
          body.lieux.map((l) => l.id),
          search,
        ).toEqual(expected.ids);
      }
    });

    it('filters: each criterion narrows the set and its items satisfy it', async () => {
      const all = (await getJson<ListBody>(server.app, '/api/v1/lieux?limit=0')).body.total;
      expect(all).toBe(server.lieux.length);
      const services = await getJson<ListBody>(server.app, lieuxUrl(`services=${SERVICES[1]}&limit=100`));
      expect(services.body.total).toBeGreaterThan(0);
      expect(services.body.total).toBeLessThan(all);
      for (const lieu of services.body.lieux) expect(lieu.services).toContain(SERVICES[1]);

      const dep = await getJson<ListBody>(server.app, lieuxUrl('departements=69&limit=100'));
      expect(dep.body.total).toBeGreaterThan(0);
      for (const lieu of dep.body.lieux) expect(lieu.departement).toBe('69');

      const open = await getJson<ListBody>(server.app, lieuxUrl('ouvert_maintenant=oui&limit=100'));
      expect(open.body.total).toBeGreaterThan(0);
      expect(open.body.total).toBeLessThan(all);
      for (const lieu of open.body.lieux) expect(lieu.ouvert_maintenant).toBe(true);

      const near = await getJson<ListBody>(
        server.app,
        lieuxUrl('pres_de=45.764,4.8357&rayon_km=30&limit=100'),
      );
      expect(near.body.total).toBeGreaterThan(0);
      const distances = near.body.lieux.map((l) => l.distance_km as number);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(Math.max(...distances)).toBeLessThanOrEqual(30);
      expect(near.body.lieux[0]!.correspondances.some((c) => /^à /.test(c))).toBe(true);
    });

    it('pages: offset/limit, links to the next and previous pages, pages concatenate to the whole', async () => {
      const search = `services=${SERVICES[0]}`;
      const whole = await getJson<ListBody>(server.app, lieuxUrl(`${search}&limit=60`));
      const first = await getJson<ListBody>(server.app, lieuxUrl(`${search}&limit=25`));
      expect(first.body.offset).toBe(0);
      expect(first.body.limit).toBe(25);
      expect(first.body.precedent).toBeUndefined();
      expect(first.body.suivant).toBeDefined();
      const second = await getJson<ListBody>(server.app, first.body.suivant!);
      expect(second.body.offset).toBe(25);
      expect(second.body.precedent).toBeDefined();
      const third = await getJson<ListBody>(server.app, second.body.suivant!);
      expect(
        [...first.body.lieux, ...second.body.lieux, ...third.body.lieux].slice(0, 60).map((l) => l.id),
      ).toEqual(whole.body.lieux.map((l) => l.id));
      const back = await getJson<ListBody>(server.app, second.body.precedent!);
      expect(back.body.lieux.map((l) => l.id)).toEqual(first.body.lieux.map((l) => l.id));

      const last = await getJson<ListBody>(
        server.app,
        lieuxUrl(`${search}&offset=${whole.body.total - 3}&limit=25`),
      );
      expect(last.body.lieux).toHaveLength(3);
      expect(last.body.suivant).toBeUndefined();

      const countOnly = await getJson<ListBody>(server.app, lieuxUrl(`${search}&limit=0`));
      expect(countOnly.body.total).toBe(whole.body.total);
      expect(countOnly.body.lieux).toEqual([]);

      const defaults = await getJson<ListBody>(server.app, '/api/v1/lieux');
      expect(defaults.body.lieux).toHaveLength(20);
      expect(defaults.body.limit).toBe(20);
    });

    it(`refuses pages larger than ${MAX_PAGE_SIZE}`, async () => {
      const { status, body, headers } = await getJson<ProblemBody>(
        server.app,
        `/api/v1/lieux?limit=${MAX_PAGE_SIZE + 1}`,
      );
      expect(status).toBe(400);
      expect(headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body.errors).toEqual([
        expect.objectContaining({
          param: 'limit',
          value: String(MAX_PAGE_SIZE + 1),
          message: expect.stringContaining(String(MAX_PAGE_SIZE)),
        }),
      ]);
    });

    it('lists items with typed fields, territory, quality and why they matched', async () => {
      const { body } = await getJson<ListBody>(server.app, lieuxUrl('communes=69123&limit=5'));
      const item = body.lieux[0]!;
      const row = server.lieux.find((l) => l.id === item.id)!;
      expect(item.nom).toBe(row.record.nom);
      expect(item.code_insee).toMatch(/^69(123|38\d)$/);
      expect(item.departement).toBe('69');
      expect(item.region).toBe('84');
      expect(item.epci).toBe('200046977');
      expect(item.qualite).toBe(row.quality.score);
      expect(item.sources).toEqual(row.sources);
      expect(Array.isArray(item.services)).toBe(true);
      expect(typeof item.latitude === 'number' || item.latitude === undefined).toBe(true);
      expect(item).not.toHaveProperty('presentation_detail');
      expect(item.correspondances.join(' ')).toContain('69123');
      expect(body.version).toBeGreaterThan(0);
    });

    describe('errors', () => {
      const problem = async (url: string) => {
        const response = await getJson<ProblemBody>(server.app, url);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.body.status).toBe(response.status);
        expect(response.body.type).toMatch(/^\/api\/docs#erreur-/);
        expect(response.body.title).toBeTruthy();
        expect(response.body.detail).toBeTruthy();
        return response;
      };

      it('an unknown enumeration value lists the allowed values', async () => {
        const { status, body } = await problem(lieuxUrl('services=Cuisine'));
        expect(status).toBe(400);
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0]!.param).toBe('services');
        expect(body.errors![0]!.value).toBe('Cuisine');
        for (const value of SERVICES) expect(body.errors![0]!.message).toContain(value);
      });

      it('one message per bad parameter, all at once', async () => {
        const { status, body } = await problem(
          lieuxUrl(
            'servics=x&frais_a_charge=Gratis&departements=999&pres_de=91,2&limit=-1&gratuit=peut-être&tri=hasard',
          ),
        );
        expect(status).toBe(400);
        expect(body.errors!.map((e) => e.param).sort()).toEqual(
          ['departements', 'frais_a_charge', 'gratuit', 'limit', 'pres_de', 'servics', 'tri'].sort(),
        );
        const unknown = body.errors!.find((e) => e.param === 'servics')!;
        expect(unknown.message).toContain('services');
        expect(body.detail).toContain('7 paramètres');
      });

      it('rejects malformed values of every patterned or bounded parameter', async () => {
        const bad: Record<string, string> = {
          q: 'x'.repeat(201),
          typologie: 'NOPE',
          regions: '1',
          departements: '2C',
          communes: '7505',
          epci: '12345',
          ouvert_maintenant: 'parfois',
          ouvert_le: '2025-13-45T10:00',
          creneaux: 'xx:09:00-12:00',
          pres_de: '45.7',
          bbox: '4.9,45.8,4.7',
          rayon_km: '0',
          gratuit: 'x',
          rdv_en_ligne: 'x',
          itinerant: 'x',
          tri: 'prix',
          offset: '-3',
          limit: 'beaucoup',
          itinerance: 'Volant',
        };
        for (const [param, value] of Object.entries(bad)) {
          const search = param === 'rayon_km' ? `pres_de=45,4&rayon_km=${value}` : `${param}=${value}`;
          const { status, body } = await getJson<ProblemBody>(server.app, lieuxUrl(search));
          expect(status, param).toBe(400);
          expect(
            body.errors?.map((e) => e.param),
            param,
          ).toEqual([param]);
          expect(body.errors![0]!.value, param).toBe(value);
          expect(body.errors![0]!.message.length, param).toBeGreaterThan(10);
        }
      });

      it('rejects inconsistent combinations with the reason', async () => {
        const cases: Array<[string, string, RegExp]> = [
          ['rayon_km=5', 'rayon_km', /pres_de/],
          ['tri=distance', 'tri', /pres_de/],
          ['ouvert_maintenant=oui&ouvert_le=2025-06-14T10:00', 'ouvert_le', /ensemble/],
          ['bbox=4.7,45.9,4.9,45.8', 'bbox', /sud/],
          ['limit=5&limit=6', 'limit', /une seule fois/],
        ];
        for (const [search, param, message] of cases) {
          const { status, body } = await problem(lieuxUrl(search));
          expect(status, search).toBe(400);
          expect(body.errors?.[0]?.param, search).toBe(param);
          expect(body.errors?.[0]?.message, search).toMatch(message);
        }
      });

      it('404 for an unknown lieu, an unknown route; 400 for an unknown parameter on any route', async () => {
        const lieu = await problem('/api/v1/lieux/nexiste-pas');
        expect(lieu.status).toBe(404);
        expect(lieu.body.detail).toContain('nexiste-pas');
        expect((await problem('/api/v1/nulle-part')).status).toBe(404);
        const extra = await problem(`/api/v1/lieux/${server.lieux[0]!.id}?services=x`);
        expect(extra.status).toBe(400);
        expect(extra.body.errors![0]!.message).toContain('aucun paramètre');
        const counts = await problem('/api/v1/comptages?niveau=canton');
        expect(counts.status).toBe(400);
        expect(counts.body.errors![0]!.message).toMatch(/region, departement, commune/);
        const map = await problem('/api/v1/carte');
        expect(map.body.errors!.map((e) => e.param).sort()).toEqual(['bbox', 'zoom']);
        const zoom = await problem('/api/v1/carte?bbox=2,48,3,49&zoom=30');
        expect(zoom.body.errors![0]!.param).toBe('zoom');
        const territories = await problem('/api/v1/territoires');
        expect(territories.body.errors![0]).toMatchObject({
          param: 'q',
          message: expect.stringContaining('obligatoire'),
        });
        const kinds = await problem('/api/v1/territoires?q=lyon&types=canton');
        expect(kinds.body.errors![0]!.message).toContain('commune, departement, region, epci');
        const format = await problem('/api/v1/export?format=xlsx');
        expect(format.body.errors![0]!.message).toContain('csv, json, geojson');
        const exportLimit = await problem('/api/v1/export?limit=5');
        expect(exportLimit.body.errors![0]!.param).toBe('limit');
      });

      it('405-like answers for writes: no operation accepts them', async () => {
        const response = await server.app.inject({ method: 'POST', url: '/api/v1/lieux', payload: {} });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      });
    });

    it('detail: every field, territory, quality, geocoding, status and this week', async () => {
      const row = server.lieux.find(
        (l) =>
          l.record.horaires === 'Mo-Fr 09:00-12:00,14:00-17:00; PH off' && l.record.code_insee !== '99999',
      )!;
      const { status, body, headers } = await getJson<Record<string, unknown>>(
        server.app,
        `/api/v1/lieux/${row.id}`,
      );
      expect(status).toBe(200);
      expect(headers.etag).toBeTruthy();
      expect(body.id).toBe(row.id);
      expect(body.nom).toBe(row.record.nom);
      expect(body.presentation_resume).toBe(row.record.presentation_resume);
      expect(body.qualite).toEqual(row.quality);
      expect(body.geocodage).toEqual(row.geocode);
      expect(body.horaires_valides).toBe(true);
      // Thursday 10:00 in Paris, open 09:00-12:00.
      expect(body.ouvert_maintenant).toBe(true);
      expect(body.statut).toBe('Ouvert · ferme à 12:00');
      const week = body.semaine as Array<{ label: string; ranges: unknown[]; date: string }>;
      expect(week).toHaveLength(7);
      expect(week[0]!.date).toBe('2025-06-09');
      expect(week[3]!.ranges).toEqual([
        { from: '09:00', to: '12:00' },
        { from: '14:00', to: '17:00' },
      ]);
      expect((body.liens as { page: string }).page).toBe(`/lieux/${row.id}`);

      const unreadable = server.lieux.find((l) => l.record.horaires === 'le matin sur rendez-vous')!;
      const other = await getJson<Record<string, unknown>>(server.app, `/api/v1/lieux/${unreadable.id}`);
      expect(other.body.horaires_valides).toBe(false);
      expect(other.body).not.toHaveProperty('ouvert_maintenant');
      expect(other.body.statut).toBe('Horaires à confirmer');
    });

    it('provenance of a single-source lieu: its source, no merge', async () => {
      const row = server.lieux[3]!;
      const { status, body } = await getJson<Record<string, unknown>>(
        server.app,
        `/api/v1/lieux/${row.id}/provenance`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: row.id, sources: row.sources, fusions: [], provenance: [] });
    });

    it('counts per territory honour the filters and add up to the list total', async () => {
      for (const [niveau, search] of [
        ['departement', 'ouvert_maintenant=oui&gratuit=oui'],
        ['region', `services=${SERVICES[0]}`],
        ['commune', 'departements=75|69|13'],
      ] as const) {
        const { body } = await getJson<{
          total: number;
          sans_territoire: number;
          territoires: Array<{ code: string; nom: string | null; lieux: number }>;
        }>(server.app, `/api/v1/comptages?niveau=${niveau}&${new URLSearchParams(search).toString()}`);
        const list = await getJson<ListBody>(server.app, lieuxUrl(`${search}&limit=0`));
        expect(body.total).toBe(list.body.total);
        expect(body.territoires.reduce((sum, t) => sum + t.lieux, 0) + body.sans_territoire).toBe(body.total);
        const codes = body.territoires.map((t) => t.code);
        expect(codes).toEqual([...codes].sort());
        expect(body.territoires.every((t) => t.nom)).toBe(true);
        const parsed = parseQueryParams(new URLSearchParams(search));
        if (!parsed.ok) throw new Error(search);
        const oracle = countBy(server.index, parsed.query, niveau, { now: NOW });
        expect(body.territoires.map((t) => ({ code: t.code, count: t.lieux }))).toEqual(oracle.counts);
        expect(body.sans_territoire).toBe(oracle.withoutTerritory);
      }
      const paris = await getJson<{ territoires: Array<{ code: string; nom: string; lieux: number }> }>(
        server.app,
        '/api/v1/comptages?niveau=commune&departements=75',
      );
      expect(paris.body.territoires).toEqual([
        { code: '75056', nom: 'Paris', lieux: expectedIds(server.index, 'departements=75&limit=0').total },
      ]);
      const byDep = await getJson<{ territoires: Array<{ code: string; lieux: number }> }>(
        server.app,
        '/api/v1/comptages',
      );
      const lyon = byDep.body.territoires.find((t) => t.code === '69')!;
      expect(lyon.lieux).toBe(expectedIds(server.index, 'departements=69&limit=0').total);
    });

    it('map: clusters at low zoom, every lieu at high zoom, counts add up, filters apply', async () => {
      type Collection = {
        type: string;
        features: Array<{
          id?: string;
          geometry: { coordinates: [number, number] };
          properties: Record<string, unknown>;
        }>;
      };
      const bbox = '-5.5,41,10,51.5';
      const located = expectedIds(server.index, `bbox=${bbox}&limit=0`).total;
      const low = await getJson<Collection>(server.app, `/api/v1/carte?bbox=${bbox}&zoom=4`);
      expect(low.status).toBe(200);
      expect(low.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(low.body.type).toBe('FeatureCollection');
      const clustersLow = low.body.features.filter((f) => f.properties.cluster);
      expect(clustersLow.length).toBeGreaterThan(0);
      const sum = (c: Collection) =>
        c.features.reduce((n, f) => n + (f.properties.cluster ? (f.properties.lieux as number) : 1), 0);
      expect(sum(low.body)).toBe(located);
      expect(clustersLow.every((f) => (f.properties.zoom_eclatement as number) > 4)).toBe(true);

      const filtered = await getJson<Collection>(server.app, `/api/v1/carte?bbox=${bbox}&zoom=4&gratuit=oui`);
      expect(sum(filtered.body)).toBe(expectedIds(server.index, `bbox=${bbox}&gratuit=oui&limit=0`).total);

      const parisBox = '2.2,48.8,2.5,48.95';
      const high = await getJson<Collection>(server.app, `/api/v1/carte?bbox=${parisBox}&zoom=17`);
      const ids = high.body.features.map((f) => f.properties.id as string).sort();
      expect(high.body.features.every((f) => f.properties.cluster === false && f.properties.nom)).toBe(true);
      const expected = expectedIds(server.index, `bbox=${parisBox}&limit=1000`);
      expect(expected.ids.length).toBeGreaterThan(20);
      expect(ids).toEqual([...expected.ids].sort());
    });

    it('territory search: names, postcodes, kinds, limit', async () => {
      type Found = {
        territoires: Array<{ type: string; code: string; libelle: string; code_postal?: string }>;
      };
      const lyon = await getJson<Found>(server.app, '/api/v1/territoires?q=lyon&limit=3');
      expect(lyon.status).toBe(200);
      expect(lyon.body.territoires).toHaveLength(3);
      expect(lyon.body.territoires[0]).toMatchObject({ type: 'commune', code: '69123' });
      const accents = await getJson<Found>(
        server.app,
        `/api/v1/territoires?q=${encodeURIComponent('st etienne')}`,
      );
      expect(accents.body.territoires[0]).toMatchObject({ code: '42218' });
      const postcode = await getJson<Found>(server.app, '/api/v1/territoires?q=69003');
      expect(postcode.body.territoires.some((t) => t.code === '69383')).toBe(true);
      const deps = await getJson<Found>(server.app, '/api/v1/territoires?q=rhone&types=departement');
      expect(deps.body.territoires.length).toBeGreaterThan(0);
      expect(deps.body.territoires.every((t) => t.type === 'departement')).toBe(true);
      expect(deps.body.territoires[0]!.code).toBe('69');
    });
  });
});

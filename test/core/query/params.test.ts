import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENUM_FILTERS,
  ENUM_FILTER_FIELDS,
  QUERY_PARAMS,
  formatQueryParams,
  parseQueryParams,
  parseQueryParamsLeniently,
} from '../../../src/core/query/index.js';
import type { Query, QueryParamError, Slot, Weekday } from '../../../src/core/query/index.js';
import { TYPOLOGIES } from '../../../src/core/standard/enums.js';

function parse(text: string, options?: Parameters<typeof parseQueryParams>[1]): Query {
  const result = parseQueryParams(new URLSearchParams(text), options);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.query;
}

function errors(
  text: string | Record<string, string | string[]>,
  options?: Parameters<typeof parseQueryParams>[1],
): QueryParamError[] {
  const result = parseQueryParams(typeof text === 'string' ? new URLSearchParams(text) : text, options);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.query)}`);
  return result.errors;
}

function uniqueSubarray<T>(values: readonly T[]) {
  return fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: Math.min(4, values.length) });
}

/** A float that survives a text round trip as itself (no -0). */
function coordinate(limit: number) {
  return fc
    .double({ min: -limit, max: limit, noNaN: true, noDefaultInfinity: true })
    .map((x) => (x === 0 ? 0 : x));
}

const slotArb: fc.Arbitrary<Slot> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([, from, to]) => to > from)
  .map(([day, from, to]) => ({ day: day as Weekday, from, to }));

const enumArbs = Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, uniqueSubarray(ENUM_FILTERS[f])]));

const queryArb: fc.Arbitrary<Query> = fc
  .record(
    {
      ...enumArbs,
      typologie: uniqueSubarray(Object.keys(TYPOLOGIES)),
      q: fc
        .string({ minLength: 1, maxLength: 40 })
        .map((s) => s.trim())
        .filter((s) => /[\p{L}\p{N}]/u.test(s)),
      regions: fc.uniqueArray(fc.stringMatching(/^\d{2}$/), { minLength: 1, maxLength: 3 }),
      departements: fc.uniqueArray(fc.stringMatching(/^(\d{2}|2[AB]|97\d)$/), { minLength: 1, maxLength: 3 }),
      communes: fc.uniqueArray(fc.stringMatching(/^([013-9]\d|2[AB1-9])\d{3}$/), {
        minLength: 1,
        maxLength: 3,
      }),
      epci: fc.uniqueArray(fc.stringMatching(/^\d{9}$/), { minLength: 1, maxLength: 3 }),
      openNow: fc.boolean(),
      slots: fc.uniqueArray(slotArb, {
        minLength: 1,
        maxLength: 3,
        selector: (s) => `${s.day}:${s.from}-${s.to}`,
      }),
      near: fc.record({ lat: coordinate(90), lon: coordinate(180) }),
      gratuit: fc.boolean(),
      rdvEnLigne: fc.boolean(),
      itinerant: fc.boolean(),
      offset: fc.nat({ max: 100_000 }),
      limit: fc.integer({ min: 0, max: 1000 }),
    },
    { requiredKeys: [] },
  )
  .chain((q) =>
    fc
      .record(
        {
          radiusKm: fc.double({ min: 0.001, max: 20000, noNaN: true }),
          sort: fc.constantFrom('distance' as const, 'name' as const),
          openAt: fc
            .date({
              min: new Date('2000-01-01T00:00:00Z'),
              max: new Date('2099-12-31T00:00:00Z'),
              noInvalidDate: true,
            })
            .chain((d) =>
              fc.constantFrom(
                d.toISOString(),
                d.toISOString().slice(0, 16),
                `${d.toISOString().slice(0, 16)}+02:00`,
              ),
            ),
          bbox: fc
            .tuple(coordinate(180), coordinate(180), coordinate(90), coordinate(90))
            .filter(([w, e, s, n]) => w !== e && s !== n)
            .map(([w, e, s, n]) => ({ west: w, east: e, south: Math.min(s, n), north: Math.max(s, n) })),
        },
        { requiredKeys: [] },
      )
      .map((extra) => {
        const out: Query = { ...q };
        if (extra.bbox) out.bbox = extra.bbox;
        if (q.near && extra.radiusKm !== undefined) out.radiusKm = extra.radiusKm;
        if (extra.sort && (q.near || extra.sort === 'name')) out.sort = extra.sort;
        if (extra.openAt && q.openNow !== true) out.openAt = extra.openAt;
        return out;
      }),
  );

describe('formatQueryParams / parseQueryParams', () => {
  it('round-trips every query exactly, through the text form too', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const params = formatQueryParams(query);
        expect(parse(params.toString())).toEqual(query);
        // Same input, same text: the canonical form is stable.
        expect(formatQueryParams(parse(params.toString())).toString()).toBe(params.toString());
      }),
      { numRuns: 400 },
    );
  });

  it('writes parameters in descriptor order, lists joined with |', () => {
    const params = formatQueryParams({
      limit: 10,
      services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
      q: 'médiathèque',
      gratuit: true,
      near: { lat: 45.764, lon: 4.8357 },
      slots: [{ day: 5, from: 540, to: 720 }],
    });
    expect([...params.keys()]).toEqual(['q', 'services', 'creneaux', 'pres_de', 'gratuit', 'limit']);
    expect(params.get('services')).toBe('Aide aux démarches administratives|Loisirs et créations numériques');
    expect(params.get('creneaux')).toBe('sa:09:00-12:00');
    expect(params.get('pres_de')).toBe('45.764,4.8357');
    expect(params.get('gratuit')).toBe('oui');
    const names = QUERY_PARAMS.map((d) => d.name);
    expect([...params.keys()]).toEqual(names.filter((n) => params.has(n)));
  });

  it('writes tiny numbers without exponent so they parse back', () => {
    const query: Query = { near: { lat: 1e-7, lon: -2.5e-10 } };
    expect(formatQueryParams(query).get('pres_de')).toBe('0.0000001,-0.00000000025');
    expect(parse(formatQueryParams(query).toString())).toEqual(query);
  });

  it('accepts repeated parameters, | lists and both mixed, dropping duplicates', () => {
    const expected = [
      'Aide aux démarches administratives',
      'Loisirs et créations numériques',
      'Compréhension du monde numérique',
    ];
    expect(
      parse(
        'services=Aide aux démarches administratives&services=Loisirs et créations numériques|Compréhension du monde numérique|Aide aux démarches administratives',
      ).services,
    ).toEqual(expected);
    expect(
      parseQueryParams({
        services: [
          'Aide aux démarches administratives|Loisirs et créations numériques',
          'Compréhension du monde numérique',
        ],
      }),
    ).toEqual({ ok: true, query: { services: expected } });
  });

  it('matches enumerated values ignoring case and accents, writing them as the standard does', () => {
    expect(parse('services=aide aux demarches ADMINISTRATIVES&frais_a_charge=gratuit').services).toEqual([
      'Aide aux démarches administratives',
    ]);
    expect(parse('frais_a_charge=gratuit').frais_a_charge).toEqual(['Gratuit']);
    expect(parse('typologie=bib|autre').typologie).toEqual(['BIB', 'Autre']);
    expect(parse('departements=2a|69').departements).toEqual(['2A', '69']);
  });

  it('reads booleans, days and pagination in their accepted spellings', () => {
    expect(parse('gratuit=true&rdv_en_ligne=0&itinerant=NON&ouvert_maintenant=1')).toEqual({
      gratuit: true,
      rdvEnLigne: false,
      itinerant: false,
      openNow: true,
    });
    expect(parse('creneaux=Sa:09:00-12:00|su:10:00-24:00|mo:08:00-09:00').slots).toEqual([
      { day: 5, from: 540, to: 720 },
      { day: 6, from: 600, to: 1440 },
      { day: 0, from: 480, to: 540 },
    ]);
    expect(parse('offset=40&limit=20&tri=NOM')).toEqual({ offset: 40, limit: 20, sort: 'name' });
    expect(parse('rayon_km=2,5&pres_de=45.1, 4.2')).toEqual({ near: { lat: 45.1, lon: 4.2 }, radiusKm: 2.5 });
  });

  it('treats empty values as absent and accepts a plain record', () => {
    expect(parse('q=&services=&gratuit=&limit=')).toEqual({});
    expect(
      parseQueryParams({ q: '  biblio ', limit: '5', services: undefined as unknown as string }),
    ).toEqual({
      ok: true,
      query: { q: 'biblio', limit: 5 },
    });
  });

  it('accepts lower-case letters where ISO 8601 and codes allow them', () => {
    expect(parse('ouvert_le=2025-06-14t08:00z').openAt).toBe('2025-06-14t08:00z');
    expect(parse('communes=2a004').communes).toEqual(['2A004']);
  });

  it('reads a + lost in an unencoded query string as the offset sign', () => {
    expect(parse('ouvert_le=2025-06-14T10:00+02:00').openAt).toBe('2025-06-14T10:00 02:00');
    expect(parse('ouvert_le=2025-06-14T10%3A00%2B02%3A00').openAt).toBe('2025-06-14T10:00+02:00');
  });

  it('ignores the parameters the caller declares', () => {
    expect(parse('format=csv&q=lyon', { extraParams: ['format'] })).toEqual({ q: 'lyon' });
  });

  it('describes every parameter for the OpenAPI schema', () => {
    const names = QUERY_PARAMS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const field of ENUM_FILTER_FIELDS) {
      expect(QUERY_PARAMS.find((d) => d.name === field)?.values).toEqual(ENUM_FILTERS[field]);
    }
    for (const d of QUERY_PARAMS) {
      expect(d.description.length).toBeGreaterThan(10);
      // Every example is accepted as it stands.
      const extra = d.name === 'rayon_km' || d.name === 'tri' ? '&pres_de=45,4' : '';
      expect(
        parseQueryParams(new URLSearchParams(`${d.name}=${encodeURIComponent(d.example)}${extra}`)).ok,
      ).toBe(true);
      if (d.pattern) expect(new RegExp(d.pattern).test(d.example)).toBe(true);
    }
  });
});

describe('parseQueryParams errors', () => {
  it('names an unknown parameter and lists the accepted ones', () => {
    expect(errors('service=Aide')).toEqual([
      {
        param: 'service',
        value: 'Aide',
        message: `Paramètre inconnu « service ». Paramètres acceptés : ${QUERY_PARAMS.map((d) => d.name).join(', ')}.`,
      },
    ]);
  });

  it('lists the allowed values of an enumeration', () => {
    const [error] = errors('services=Aide aux démarches administratives|Cuisine');
    expect(error).toEqual({
      param: 'services',
      value: 'Cuisine',
      message: `Valeur inconnue pour « services » : « Cuisine ». Valeurs acceptées : ${ENUM_FILTERS.services.join(', ')}.`,
    });
    for (const field of ENUM_FILTER_FIELDS) {
      const [e] = errors(`${field}=zzz`);
      expect(e?.param).toBe(field);
      for (const value of ENUM_FILTERS[field]) expect(e?.message).toContain(value);
    }
  });

  it('lists the typologie codes', () => {
    const [error] = errors('typologie=MEDIATHEQUE');
    expect(error?.message).toMatch(/^Typologie inconnue : « MEDIATHEQUE »\. Codes acceptés : .*\bBIB\b/);
    for (const code of Object.keys(TYPOLOGIES)) expect(error?.message).toContain(code);
  });

  it.each([
    [
      'regions=8',
      'regions',
      '8',
      'Code de région attendu : 2 chiffres (par exemple 84 pour Auvergne-Rhône-Alpes).',
    ],
    [
      'departements=2C',
      'departements',
      '2C',
      'Code de département attendu : 2 chiffres, 2A, 2B ou 3 chiffres outre-mer (par exemple 69, 2A, 974).',
    ],
    [
      'communes=6912',
      'communes',
      '6912',
      'Code INSEE de commune attendu : 5 caractères (par exemple 69123 pour Lyon, 2A004 pour Ajaccio).',
    ],
    [
      'epci=12345',
      'epci',
      '12345',
      'Numéro SIREN d’intercommunalité attendu : 9 chiffres (par exemple 200046977).',
    ],
    ['gratuit=peut-être', 'gratuit', 'peut-être', 'Valeur attendue pour « gratuit » : oui ou non.'],
    ['rdv_en_ligne=y', 'rdv_en_ligne', 'y', 'Valeur attendue pour « rdv_en_ligne » : oui ou non.'],
    ['itinerant=2', 'itinerant', '2', 'Valeur attendue pour « itinerant » : oui ou non.'],
    [
      'ouvert_maintenant=oui!',
      'ouvert_maintenant',
      'oui!',
      'Valeur attendue pour « ouvert_maintenant » : oui ou non.',
    ],
    [
      'ouvert_le=demain',
      'ouvert_le',
      'demain',
      'Date et heure attendues au format ISO 8601, par exemple 2025-06-14T10:00 (heure de Paris) ou 2025-06-14T08:00Z.',
    ],
    [
      'ouvert_le=2025-02-29T10:00',
      'ouvert_le',
      '2025-02-29T10:00',
      'Date et heure attendues au format ISO 8601, par exemple 2025-06-14T10:00 (heure de Paris) ou 2025-06-14T08:00Z.',
    ],
    [
      'ouvert_le=2025-06-14T10:00&ouvert_maintenant=oui',
      'ouvert_le',
      '2025-06-14T10:00',
      'ouvert_le et ouvert_maintenant=oui ne peuvent pas être utilisés ensemble.',
    ],
    [
      'creneaux=samedi:09:00-12:00',
      'creneaux',
      'samedi:09:00-12:00',
      'Créneau attendu sous la forme jour:HH:MM-HH:MM, par exemple sa:09:00-12:00 (jours : lu, ma, me, je, ve, sa, di).',
    ],
    [
      'creneaux=sa:09:00-25:00',
      'creneaux',
      'sa:09:00-25:00',
      'Créneau attendu sous la forme jour:HH:MM-HH:MM, par exemple sa:09:00-12:00 (jours : lu, ma, me, je, ve, sa, di).',
    ],
    [
      'creneaux=sa:12:00-09:00',
      'creneaux',
      'sa:12:00-09:00',
      'Dans un créneau, l’heure de fin doit être après l’heure de début.',
    ],
    [
      'pres_de=Lyon',
      'pres_de',
      'Lyon',
      'Point attendu sous la forme latitude,longitude, par exemple 45.764,4.8357.',
    ],
    ['pres_de=95,4', 'pres_de', '95,4', 'La latitude doit être comprise entre -90 et 90.'],
    ['pres_de=45,190', 'pres_de', '45,190', 'La longitude doit être comprise entre -180 et 180.'],
    [
      'pres_de=45,4&rayon_km=0',
      'rayon_km',
      '0',
      'Rayon attendu : un nombre de kilomètres supérieur à 0 et au plus 20000, par exemple 10 ou 2.5.',
    ],
    [
      'pres_de=45,4&rayon_km=dix',
      'rayon_km',
      'dix',
      'Rayon attendu : un nombre de kilomètres supérieur à 0 et au plus 20000, par exemple 10 ou 2.5.',
    ],
    ['rayon_km=10', 'rayon_km', '10', 'rayon_km nécessite pres_de (le point autour duquel chercher).'],
    [
      'bbox=4.7,45.7,4.9',
      'bbox',
      '4.7,45.7,4.9',
      'Zone attendue sous la forme ouest,sud,est,nord en degrés, par exemple 4.7,45.7,4.9,45.8.',
    ],
    [
      'bbox=200,45,4,46',
      'bbox',
      '200,45,4,46',
      'Dans bbox, les longitudes (ouest, est) doivent être comprises entre -180 et 180.',
    ],
    [
      'bbox=4,-95,5,46',
      'bbox',
      '4,-95,5,46',
      'Dans bbox, les latitudes (sud, nord) doivent être comprises entre -90 et 90.',
    ],
    [
      'bbox=4,46,5,45',
      'bbox',
      '4,46,5,45',
      'Dans bbox, le sud doit être inférieur au nord (ordre : ouest,sud,est,nord).',
    ],
    [
      'bbox=4,45,4,46',
      'bbox',
      '4,45,4,46',
      'Dans bbox, l’ouest et l’est doivent être différents (ordre : ouest,sud,est,nord).',
    ],
    [
      'tri=pertinence',
      'tri',
      'pertinence',
      'Valeur inconnue pour « tri ». Valeurs acceptées : distance, nom.',
    ],
    ['tri=distance', 'tri', 'distance', 'Le tri par distance nécessite pres_de (le point de référence).'],
    ['offset=-1', 'offset', '-1', 'offset attendu : un nombre entier positif ou nul (résultats à sauter).'],
    ['offset=1.5', 'offset', '1.5', 'offset attendu : un nombre entier positif ou nul (résultats à sauter).'],
    ['limit=1001', 'limit', '1001', 'limit attendu : un nombre entier entre 0 et 1000 (résultats par page).'],
    ['q=%20%3F!%20', 'q', '?!', 'La recherche doit contenir au moins une lettre ou un chiffre.'],
    [`q=${'a'.repeat(201)}`, 'q', 'a'.repeat(201), 'La recherche est limitée à 200 caractères.'],
    ['q=a&q=b', 'q', 'a|b', 'Le paramètre « q » ne peut être donné qu’une seule fois.'],
  ])('%s', (text, param, value, message) => {
    expect(errors(text)).toEqual([{ param, value, message }]);
  });

  it('uses the caller’s page size limit', () => {
    expect(errors('limit=101', { maxLimit: 100 })).toEqual([
      {
        param: 'limit',
        value: '101',
        message: 'limit attendu : un nombre entier entre 0 et 100 (résultats par page).',
      },
    ]);
    expect(parse('limit=100', { maxLimit: 100 }).limit).toBe(100);
  });

  it('reports every error at once', () => {
    const all = errors('services=X&regions=1&gratuit=peut-être&inconnu=1');
    expect(all.map((e) => e.param).sort()).toEqual(['gratuit', 'inconnu', 'regions', 'services']);
  });
});

describe('parseQueryParamsLeniently', () => {
  it('keeps what can be read and reports every parameter it dropped', () => {
    const { query, errors } = parseQueryParamsLeniently(
      new URLSearchParams(
        'services=Aide aux démarches administratives&gratuit=peut-être&inconnu=1&departements=69',
      ),
    );
    expect(query).toEqual({ services: ['Aide aux démarches administratives'], departements: ['69'] });
    expect(errors.map((e) => e.param).sort()).toEqual(['gratuit', 'inconnu']);
  });
});

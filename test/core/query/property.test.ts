/**
 * The engine against a naive reference written plainly from the specification: for random lieux and
 * random queries, same total, same ids in the same order, same pages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName, haversineKm } from '../../../src/core/geo/index.js';
import { compileHours, daysFromCivil, isOpenAt, isOpenDuring } from '../../../src/core/hours/index.js';
import type { LocalTime } from '../../../src/core/hours/index.js';
import { ENUM_FILTERS, ENUM_FILTER_FIELDS, buildIndex, runQuery } from '../../../src/core/query/index.js';
import type { LieuInput, Query, Slot, Weekday } from '../../../src/core/query/index.js';
import { splitList } from '../../../src/core/standard/model.js';
import { TERRITORIES, lieu, resolver } from './fixtures.js';

const NAME_WORDS = [
  'Espace',
  'espace',
  'Médiathèque',
  'St',
  'Saint',
  'Œuvre',
  "l'Atelier",
  '9',
  '10',
  'Numérique',
  'Éco',
  'eco',
];
const COMMUNES = ['Lyon', 'Saint-Étienne', 'Strasbourg', 'Metz', 'Paris'];
const CODES = [...Object.keys(TERRITORIES), '', '01001'];
const TYPOLOGIES = ['BIB', 'EPN', 'CCAS', 'MUNI'];
const HOURS = [
  '',
  'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
  'Mo-Fr 09:00-17:00',
  'Sa 09:00-12:00',
  'Tu,Th 13:30-19:00; PH off',
  '24/7',
  'jamais le dimanche',
];

function subset<T>(values: readonly T[], max = 3) {
  return fc.uniqueArray(fc.constantFrom(...values), { maxLength: Math.min(max, values.length) });
}

const lieuArb = fc.record({
  words: fc.array(fc.constantFrom(...NAME_WORDS), { minLength: 1, maxLength: 3 }),
  commune: fc.constantFrom(...COMMUNES),
  code: fc.constantFrom(...CODES),
  located: fc.boolean(),
  lat: fc.double({ min: 42, max: 50, noNaN: true }),
  lon: fc.double({ min: -2, max: 8, noNaN: true }),
  enums: fc.record(Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, subset(ENUM_FILTERS[f])]))),
  typologie: subset(TYPOLOGIES, 2),
  hours: fc.constantFrom(...HOURS),
  rdv: fc.boolean(),
});

type LieuSpec = typeof lieuArb extends fc.Arbitrary<infer T> ? T : never;

function makeLieux(specs: LieuSpec[]) {
  return specs.map((s, k): LieuInput => {
    const enums = s.enums as Record<string, string[]>;
    return lieu(`id${String((k * 7919) % 1000).padStart(3, '0')}-${k}`, {
      nom: s.words.join(' '),
      commune: s.commune,
      code_insee: s.code,
      latitude: s.located ? String(s.lat) : '',
      longitude: s.located ? String(s.lon) : '',
      typologie: s.typologie.join('|'),
      horaires: s.hours,
      prise_rdv: s.rdv ? 'https://rdv.example.org' : '',
      ...Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, enums[f]!.join('|')])),
    });
  });
}

const slotArb: fc.Arbitrary<Slot> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 8 }))
  .map(([day, hour, length]) => ({
    day: day as Weekday,
    from: hour * 60,
    to: Math.min(1440, (hour + length) * 60),
  }));

const CRITERIA = {
  ...Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, subset(ENUM_FILTERS[f], 2)])),
  typologie: subset(TYPOLOGIES, 2),
  q: fc
    .array(fc.constantFrom('esp', 'SAINT', 'st', 'méd', 'oeuvre', 'eco', '9', 'lyon', 'l', 'x'), {
      minLength: 1,
      maxLength: 2,
    })
    .map((w) => w.join(' ')),
  regions: subset(['84', '11', '44', '75', '04', '94', '99']),
  departements: subset(['69', '75', '67', '57', '974', '2A']),
  communes: subset(['69123', '69381', '75056', '75111', '01001']),
  epci: subset(['200046977', '200054781', '246700488']),
  openNow: fc.boolean(),
  openAt: fc.constantFrom(
    '2025-05-01T10:00',
    '2025-06-07T10:30',
    '2025-03-30T08:00:00Z',
    '2025-12-26T11:00+01:00',
  ),
  slots: fc.array(slotArb, { maxLength: 2 }),
  near: fc.record({
    lat: fc.double({ min: 42, max: 50, noNaN: true }),
    lon: fc.double({ min: -2, max: 8, noNaN: true }),
  }),
  radiusKm: fc.double({ min: 1, max: 600, noNaN: true }),
  bbox: fc
    .tuple(
      fc.double({ min: -2, max: 8, noNaN: true }),
      fc.double({ min: -2, max: 8, noNaN: true }),
      fc.double({ min: 42, max: 50, noNaN: true }),
      fc.double({ min: 42, max: 50, noNaN: true }),
    )
    .map(([a, b, c, d]) => ({
      west: Math.min(a, b),
      east: Math.max(a, b),
      south: Math.min(c, d),
      north: Math.max(c, d),
    })),
  gratuit: fc.boolean(),
  rdvEnLigne: fc.boolean(),
  itinerant: fc.boolean(),
  sort: fc.constantFrom('name' as const, 'distance' as const),
} as const;

/** One to three criteria at a time: enough to combine, few enough that results are rarely empty. */
const queryArb: fc.Arbitrary<Query> = fc
  .uniqueArray(fc.constantFrom(...(Object.keys(CRITERIA) as Array<keyof typeof CRITERIA>)), {
    minLength: 0,
    maxLength: 3,
  })
  .chain((keys) =>
    fc.record(
      Object.fromEntries(keys.map((k) => [k, CRITERIA[k]])) as {
        [K in keyof typeof CRITERIA]: (typeof CRITERIA)[K];
      },
    ),
  )
  .chain((query) =>
    // Half the time, sort or filter around a point so that distance ordering is exercised.
    fc.oneof(
      fc.constant(query as Query),
      CRITERIA.near.map((near) => ({ ...query, near }) as Query),
    ),
  );

// ---- The reference: one plain predicate per criterion. ----

function nameKey(nom: string): string {
  return foldName(nom).replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}

function wallClock(text: string): Date | LocalTime {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) return new Date(text);
  const [date, time] = text.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const dayNumber = daysFromCivil(y, m, d);
  return {
    year: y,
    month: m,
    day: d,
    weekday: (((dayNumber + 3) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    minutes: h * 60 + min,
    dayNumber,
    offsetMinutes: 0,
  };
}

function reference(lieux: LieuInput[], query: Query, now: Date): string[] {
  const has = (list: readonly string[] | undefined) => list !== undefined && list.length > 0;
  const point = (l: LieuInput) =>
    l.record.latitude ? { lat: Number(l.record.latitude), lon: Number(l.record.longitude) } : undefined;
  const matches = lieux.filter((l) => {
    const r = l.record;
    for (const field of ENUM_FILTER_FIELDS) {
      const wanted = query[field] as readonly string[] | undefined;
      if (has(wanted) && !splitList(r[field]).some((v) => wanted!.includes(v))) return false;
    }
    if (has(query.typologie) && !splitList(r.typologie).some((v) => query.typologie!.includes(v)))
      return false;
    const info = r.code_insee ? resolver(r.code_insee) : undefined;
    if (has(query.regions) && !query.regions!.includes(info?.region ?? '?')) return false;
    if (has(query.departements) && !query.departements!.includes(info?.departement ?? '?')) return false;
    if (has(query.epci) && !query.epci!.includes(info?.epci ?? '?')) return false;
    if (has(query.communes)) {
      const own = r.code_insee ?? '';
      const parent = info?.commune ?? own;
      if (!own || !(query.communes!.includes(own) || query.communes!.includes(parent))) return false;
    }
    const gratuit = splitList(r.frais_a_charge).includes('Gratuit');
    if (query.gratuit !== undefined && query.gratuit !== gratuit) return false;
    if (query.rdvEnLigne !== undefined && query.rdvEnLigne !== Boolean(r.prise_rdv)) return false;
    const itinerant = splitList(r.itinerance).includes('Itinérant');
    if (query.itinerant !== undefined && query.itinerant !== itinerant) return false;
    if (query.q) {
      const lieuWords = [r.nom!, r.commune!].flatMap((t) => [
        ...foldName(t, { expand: false }).split(' '),
        ...foldName(t).split(' '),
      ]);
      const typed = foldName(query.q, { expand: false }).split(' ').filter(Boolean);
      const expanded = foldName(query.q).split(' ');
      const found = typed.every((w, k) =>
        lieuWords.some((lw) => lw.startsWith(w) || lw.startsWith(expanded[k]!)),
      );
      if (typed.length > 0 && !found) return false;
    }
    const p = point(l);
    if (query.bbox) {
      const b = query.bbox;
      if (!p || p.lat < b.south || p.lat > b.north || p.lon < b.west || p.lon > b.east) return false;
    }
    if (query.near && query.radiusKm !== undefined) {
      if (!p || haversineKm(query.near, p) > query.radiusKm) return false;
    }
    const compiled = r.horaires ? compileHours(r.horaires) : undefined;
    const hours = compiled?.ok ? compiled.hours : undefined;
    const opts = r.code_insee ? { codeInsee: r.code_insee } : undefined;
    if (query.openAt !== undefined) {
      if (!hours || !isOpenAt(hours, wallClock(query.openAt), opts)) return false;
    } else if (query.openNow) {
      if (!hours || !isOpenAt(hours, now, opts)) return false;
    }
    if (has(query.slots as readonly never[])) {
      if (!hours || !query.slots!.some((s) => isOpenDuring(hours, s.day, s.from, s.to))) return false;
    }
    return true;
  });

  const byName = (a: LieuInput, b: LieuInput) => {
    const ka = nameKey(a.record.nom!);
    const kb = nameKey(b.record.nom!);
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const near = query.near;
  if (near && query.sort !== 'name') {
    const distance = (l: LieuInput) => {
      const p = point(l);
      return p ? haversineKm(near, p) : Infinity;
    };
    matches.sort((a, b) => distance(a) - distance(b) || byName(a, b));
  } else matches.sort(byName);
  return matches.map((l) => l.id);
}

describe('runQuery equals a naive reference', () => {
  it('for random lieux and random queries (ids, order, total, pages)', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(
        fc.array(lieuArb, { minLength: 0, maxLength: 60 }),
        fc.array(queryArb, { minLength: 1, maxLength: 8 }),
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2025-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.nat({ max: 30 }),
        fc.integer({ min: 1, max: 15 }),
        (specs, queries, now, offset, limit) => {
          const lieux = makeLieux(specs);
          const index = buildIndex(lieux, { territory: resolver });
          for (const query of queries) {
            const expected = reference(lieux, query, now);
            const all = runQuery(index, { ...query, limit: 1000 }, { now });
            expect(all.total).toBe(expected.length);
            expect(all.items.map((i) => i.lieu.id)).toEqual(expected);
            if (expected.length > 1) nonEmpty++;
            const page = runQuery(index, { ...query, offset, limit }, { now });
            expect(page.items.map((i) => i.lieu.id)).toEqual(expected.slice(offset, offset + limit));
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(nonEmpty).toBeGreaterThan(300);
  });
});

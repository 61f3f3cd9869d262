import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../../src/core/standard/fields.js';
import { compileHours } from '../../../src/core/hours/index.js';
import { lambert93 } from '../../../src/reference/projection.js';
import { applyMapping, compileMapping, type Mapping } from '../../../src/pipeline/mapping/index.js';

const ctx = { sourceId: 'test' };

function map(mapping: Mapping, raw: Record<string, unknown>) {
  return applyMapping(mapping, raw, ctx);
}

describe('applyMapping — values', () => {
  it('returns every field of the standard, in schema order', () => {
    const { record } = map({ fields: { nom: 'Nom' } }, { Nom: 'Médiathèque' });
    expect(Object.keys(record)).toEqual(FIELD_NAMES);
    expect(record.nom).toBe('Médiathèque');
  });

  it('reads a column, trims it and collapses spaces on one-line fields', () => {
    const { record } = map(
      { fields: { nom: 'Nom', presentation_detail: 'Texte' } },
      {
        Nom: '  Espace   numérique ',
        Texte: 'ligne 1\nligne 2',
      },
    );
    expect(record.nom).toBe('Espace numérique');
    expect(record.presentation_detail).toBe('ligne 1\nligne 2');
  });

  it('joins columns, skipping empty ones', () => {
    const mapping: Mapping = { fields: { adresse: { join: ['N°', 'Voie', 'Bis'], separator: ' ' } } };
    expect(map(mapping, { 'N°': 20, Voie: 'rue Armand Quenard', Bis: '' }).record.adresse).toBe(
      '20 rue Armand Quenard',
    );
  });

  it('splits a column and takes one part, from the start or the end', () => {
    const raw = { A: '1 Rue Langevin, 51200, Épernay, Marne, FRA' };
    expect(
      map({ fields: { adresse: { column: 'A', split: { separator: ',', part: 0 } } } }, raw).record.adresse,
    ).toBe('1 Rue Langevin');
    expect(
      map({ fields: { commune: { column: 'A', split: { separator: ',', part: -3 } } } }, raw).record.commune,
    ).toBe('Épernay');
    expect(
      map({ fields: { commune: { column: 'A', split: { separator: ',', part: 9 } } } }, raw).record.commune,
    ).toBe('');
  });

  it('keeps the capture group of a regular expression, or the whole value when asked', () => {
    const mapping: Mapping = {
      fields: {
        code_postal: { column: 'A', regex: '\\b(\\d{5})\\b' },
        adresse: { column: 'A', regex: '^(.*?)[\\s,-]*\\b\\d{5}\\b', keepIfNoMatch: true },
      },
    };
    expect(map(mapping, { A: '8 rue de la Boétie - 33000 Bordeaux' }).record).toMatchObject({
      code_postal: '33000',
      adresse: '8 rue de la Boétie',
    });
    expect(map(mapping, { A: 'Rue Robert Schuman' }).record).toMatchObject({
      code_postal: '',
      adresse: 'Rue Robert Schuman',
    });
  });

  it('takes the first non-empty column, fills templates, constant values and defaults', () => {
    const mapping: Mapping = {
      fields: {
        telephone: { first: ['Fixe', 'Mobile'] },
        id: { template: 'src-{Num}' },
        source: { value: 'Producteur' },
        commune: { column: 'Ville', default: 'Inconnue' },
      },
    };
    expect(map(mapping, { Fixe: '', Mobile: '06 00 00 00 00', Num: 7, Ville: '' }).record).toMatchObject({
      telephone: '06 00 00 00 00',
      id: 'src-7',
      source: 'Producteur',
      commune: 'Inconnue',
    });
  });

  it('derives a stable id when there is none, and notes it', () => {
    const mapping: Mapping = { fields: { nom: 'n', adresse: 'a' } };
    const a = map(mapping, { n: 'Lieu', a: '1 rue' });
    const b = map(mapping, { n: 'LIEU', a: '1 rue' });
    expect(a.record.id).toMatch(/^test-[0-9a-f]{12}$/);
    expect(b.record.id).toBe(a.record.id);
    expect(a.notes.map((n) => n.code)).toContain('id.derived');
    expect(map({ fields: { id: { template: 'x-{k}' } } }, { k: '' }).record.id).toMatch(/^test-/);
  });

  it('reads dates, numbers with a decimal comma and postcodes that lost their zero', () => {
    const mapping: Mapping = {
      fields: { date_maj: 'd', latitude: 'y', longitude: 'x', code_postal: 'cp', code_insee: 'insee' },
    };
    const { record, notes } = map(mapping, {
      d: '09/12/2020',
      y: '49,02674698',
      x: '3,95',
      cp: 1000,
      insee: '2A004',
    });
    expect(record).toMatchObject({
      date_maj: '2020-12-09',
      latitude: '49.02674698',
      longitude: '3.95',
      code_postal: '01000',
      code_insee: '2A004',
    });
    expect(notes.map((n) => n.code)).toEqual(['code_postal.leading_zero', 'id.derived']);
  });

  it('notes unreadable dates and numbers, and coordinates out of range', () => {
    const mapping: Mapping = { fields: { date_maj: 'd', latitude: 'y', longitude: 'x' } };
    const { record, notes } = map(mapping, { d: '09/0102023', y: '41.93414,8', x: '475198' });
    expect(record).toMatchObject({ date_maj: '', latitude: '', longitude: '' });
    const codes = notes.map((n) => n.code);
    expect(codes).toEqual(
      expect.arrayContaining(['date.unreadable', 'number.unreadable', 'coordinates.out_of_range']),
    );
    expect(notes.find((n) => n.code === 'coordinates.out_of_range')?.message).toMatch(/lambert93/);
  });

  it('projects Lambert-93 coordinates', () => {
    const [x, y] = lambert93.forward([-0.5536, 47.4712]);
    const mapping: Mapping = { fields: {}, coordinates: { x: 'x', y: 'y', projection: 'lambert93' } };
    const { record } = map(mapping, { x: String(x).replace('.', ','), y: String(y) });
    expect(Number(record.longitude)).toBeCloseTo(-0.5536, 5);
    expect(Number(record.latitude)).toBeCloseTo(47.4712, 5);
    const out = map(mapping, { x: '5', y: '45' });
    expect(out.record.latitude).toBe('');
    expect(out.notes.map((n) => n.code)).toContain('coordinates.out_of_projection');
  });

  it('writes lists with |, and reads enumerations without case or accents, noting unknown values', () => {
    const mapping: Mapping = {
      fields: { courriels: 'mails', site_web: 'sites', frais_a_charge: 'frais', typologie: 'types' },
    };
    const { record, notes } = map(mapping, {
      mails: 'a@b.fr; mailto:c@d.fr',
      sites: 'https://a.fr, https://b.fr',
      frais: 'gratuit|PAYANT|Adhésion',
      types: 'Association, bib',
    });
    expect(record).toMatchObject({
      courriels: 'a@b.fr|c@d.fr',
      site_web: 'https://a.fr|https://b.fr',
      frais_a_charge: 'Gratuit|Payant',
      typologie: 'ASSO|BIB',
    });
    expect(notes.find((n) => n.code === 'enum.unknown')).toMatchObject({
      field: 'frais_a_charge',
      value: 'Adhésion',
    });
  });
});

describe('applyMapping — dictionaries', () => {
  const mapping: Mapping = {
    fields: {
      services: [
        {
          columns: ['svc'],
          equals: ['Accès à Internet en autonomie'],
          target: 'Accès internet et matériel informatique',
        },
        {
          columns: ['svc'],
          equals: ['Etre initié aux outils numériques'],
          target: 'Maîtrise des outils numériques du quotidien',
        },
        {
          columns: ['desc'],
          contains: ['démarches administratives'],
          target: 'Aide aux démarches administratives',
        },
        { columns: ['wifi'], truthy: true, target: 'Accès internet et matériel informatique' },
        { columns: ['svc'], ignore: ['Autre'] },
      ],
      frais_a_charge: [
        { columns: ['desc'], contains: ['gratuit'], except: ['sous condition'], target: 'Gratuit' },
        { columns: ['desc'], contains: ['gratuit sous condition'], target: 'gratuit SOUS condition' },
      ],
      modalites_accompagnement: [{ columns: ['mediateur'], target: 'Accompagnement individuel' }],
      nom: 'nom',
    },
    constants: { dispositif_programmes_nationaux: ['France Services'] },
  };

  it('adds every matching target once, in the standard’s order', () => {
    const { record } = map(mapping, {
      nom: 'x',
      svc: 'Etre initié aux outils numériques / Accès à Internet en autonomie',
      desc: 'Aide aux DEMARCHES administratives, gratuit',
      wifi: 'Oui',
      mediateur: '',
    });
    expect(record.services).toBe(
      'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique',
    );
    expect(record.frais_a_charge).toBe('Gratuit');
    expect(record.modalites_accompagnement).toBe('');
    expect(record.dispositif_programmes_nationaux).toBe('France Services');
  });

  it('lets except veto a match and respells targets', () => {
    const { record } = map(mapping, { desc: 'Gratuit sous condition de ressources', mediateur: 'Mme X' });
    expect(record.frais_a_charge).toBe('Gratuit sous condition');
    expect(record.modalites_accompagnement).toBe('Accompagnement individuel');
  });

  it('reports values of enumeration columns that no dictionary knows', () => {
    const { notes } = map(mapping, { svc: 'Etre initié aux outils numériques / Autre / Prêt de tablettes' });
    const unmatched = notes.filter((n) => n.code === 'enum.unmatched');
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]).toMatchObject({ field: 'services', value: 'Prêt de tablettes' });
    expect(unmatched[0]!.message).toMatch(/colonne « svc »/);
  });

  it('does not report a value that a contains entry of another field matched', () => {
    const m: Mapping = {
      fields: {
        typologie: [{ columns: ['t'], equals: ['Association'], target: 'ASSO' }],
        dispositif_programmes_nationaux: [
          { columns: ['t'], contains: ['France Services'], target: 'France Services' },
        ],
      },
    };
    expect(map(m, { t: 'France Services' }).notes.filter((n) => n.code === 'enum.unmatched')).toEqual([]);
    expect(map(m, { t: 'Mairie' }).notes.filter((n) => n.code === 'enum.unmatched')).toHaveLength(1);
  });

  it('keeps the first target on a single-value field and joins free labels', () => {
    const m: Mapping = {
      fields: {
        structure_parente: [
          { columns: ['p'], contains: ['mairie'], target: 'Commune' },
          { columns: ['p'], contains: ['caf'], target: 'CAF' },
        ],
        autres_formations_labels: [
          { columns: ['l'], contains: ['Qualiopi'], target: 'Qualiopi' },
          { columns: ['l'], contains: ['Case'], target: 'Case numérique' },
        ],
      },
    };
    expect(map(m, { p: 'Mairie et CAF', l: 'Qualiopi, Case numérique' }).record).toMatchObject({
      structure_parente: 'Commune',
      autres_formations_labels: 'Qualiopi|Case numérique',
    });
  });
});

describe('applyMapping — opening hours', () => {
  it('converts one column per weekday', () => {
    const mapping: Mapping = { fields: { horaires: { days: { Mo: 'lun', Tu: 'mar', Sa: 'sam' } } } };
    const { record } = map(mapping, {
      lun: '09:00 - 12:00 / 13:30 - 17:00',
      mar: '09:00 - 12:00 / 13:30 - 17:00',
      sam: '',
    });
    expect(record.horaires).toBe('Mo,Tu 09:00-12:00,13:30-17:00');
    expect(compileHours(record.horaires!).ok).toBe(true);
  });

  it('normalizes OSM values and falls back to French sentences', () => {
    const mapping: Mapping = { fields: { horaires: { osm: 'h' } } };
    expect(map(mapping, { h: 'Lu-Ve 9h-12h' }).record.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(map(mapping, { h: 'du lundi au vendredi de 9h à 12h' }).record.horaires).toBe('Mo-Fr 09:00-12:00');
    const bad = map(mapping, { h: 'sur rendez-vous' });
    expect(bad.record.horaires).toBe('');
    expect(bad.notes.map((n) => n.code)).toContain('horaires.unreadable');
  });

  it('tries osm, then days, then text', () => {
    const mapping: Mapping = {
      fields: { horaires: { osm: 'o', days: { Mo: 'lun' }, text: 't', textDays: 'jours' } },
    };
    expect(map(mapping, { o: '', lun: '8h-9h', t: 'mardi 10h-11h' }).record.horaires).toBe('Mo 08:00-09:00');
    expect(map(mapping, { o: '', lun: '', t: '10h-11h', jours: '{Mardi,Jeudi}' }).record.horaires).toBe(
      'Tu,Th 10:00-11:00',
    );
  });

  it('applies a week parity column to the opening rules', () => {
    const mapping: Mapping = { fields: { horaires: { osm: 'h', weekParity: 'semaine' } } };
    const odd = map(mapping, { h: 'Mo 09:30-12:30; PH off', semaine: 'Semaine impaire' }).record.horaires;
    expect(odd).toBe('week 01-53/2 Mo 09:30-12:30; PH off');
    expect(compileHours(odd!).ok).toBe(true);
    expect(map(mapping, { h: 'Mo 09:30-12:30', semaine: 'Semaine paire' }).record.horaires).toBe(
      'week 02-52/2 Mo 09:30-12:30',
    );
    const unknown = map(mapping, { h: 'Mo 09:30-12:30', semaine: 'une sur trois' });
    expect(unknown.record.horaires).toBe('Mo 09:30-12:30');
    expect(unknown.notes.map((n) => n.code)).toContain('horaires.parity');
  });
});

describe('applyMapping — constants and defaults', () => {
  it('adds list constants to rule values, overrides scalar ones, and fills defaults with a note', () => {
    const mapping = compileMapping({
      fields: {
        services: [{ columns: ['s'], equals: ['web'], target: 'Accès internet et matériel informatique' }],
        source: 's',
      },
      constants: { services: 'Aide aux démarches administratives', source: 'Département' },
      defaults: { date_maj: '2023-01-01', commune: 'Ajaccio' },
    });
    const { record, notes } = applyMapping(mapping, { s: 'web' }, ctx);
    expect(record.services).toBe(
      'Aide aux démarches administratives|Accès internet et matériel informatique',
    );
    expect(record.source).toBe('Département');
    expect(record).toMatchObject({ date_maj: '2023-01-01', commune: 'Ajaccio' });
    expect(notes.filter((n) => n.code === 'default.used').map((n) => n.field)).toEqual([
      'date_maj',
      'commune',
    ]);
    const dated = applyMapping(
      compileMapping({ fields: { date_maj: 'd' }, defaults: { date_maj: '2023-01-01' } }),
      { d: '2021-05-05' },
      ctx,
    );
    expect(dated.record.date_maj).toBe('2021-05-05');
  });
});

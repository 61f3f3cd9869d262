import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../../src/core/standard/fields.js';
import type { FlatRecord } from '../../../src/core/standard/types.js';
import {
  createValidator,
  validateRecord,
  type HoursChecker,
  type Issue,
} from '../../../src/core/standard/validate.js';
import { BASE_NOW, validBaseRecord } from './validate-helpers.js';

const check = (changes: Partial<FlatRecord>, now = BASE_NOW): Issue[] =>
  validateRecord({ ...validBaseRecord(), ...changes } as FlatRecord, { line: 7, now });
const codes = (issues: Issue[]): string[] => issues.map((i) => i.code);
const only = (issues: Issue[], code: string): Issue => {
  const found = issues.filter((i) => i.code === code);
  expect(found, `expected exactly one ${code} in ${JSON.stringify(codes(issues))}`).toHaveLength(1);
  return found[0]!;
};

describe('validateRecord: a valid record', () => {
  it('reports nothing on the schema’s own example', () => {
    expect(check({})).toEqual([]);
  });

  it('accepts a minimal record (required fields only)', () => {
    const minimal: FlatRecord = {};
    for (const f of FIELDS) minimal[f.name] = f.required ? validBaseRecord()[f.name]! : '';
    expect(validateRecord(minimal, { line: 2, now: BASE_NOW })).toEqual([]);
  });

  it('ignores unknown extra columns', () => {
    expect(check({ colonne_maison: 'n’importe quoi', 'Coord. X': '12' })).toEqual([]);
  });
});

describe('validateRecord: every fault of a record, never only the first', () => {
  it('reports all faults of a record with many, in the schema’s column order', () => {
    const issues = check({
      nom: '',
      code_postal: '7500',
      latitude: '43,5',
      telephone: '01 80 05 98 80',
      date_maj: '2024-02-30',
      services: 'Aide administrative|Accompagnement individuel',
      frais_a_charge: 'gratuit',
    });
    expect(codes(issues)).toEqual([
      'nom.required',
      'code_postal.pattern',
      'latitude.type',
      'telephone.pattern',
      'date_maj.type',
      'services.enum',
      'services.enum',
      'frais_a_charge.enum',
    ]);
    for (const issue of issues) {
      expect(issue.row).toBe(7);
      expect(issue.id).toBe('structure-1');
      expect(issue.severity).toBe('error');
      expect(issue.message).toContain(issue.field);
    }
  });

  it('leaves `id` out of issues when the record has none', () => {
    const issues = check({ id: '' });
    expect(codes(issues)).toEqual(['id.required']);
    expect(issues[0]).not.toHaveProperty('id');
  });
});

describe('validateRecord: required fields', () => {
  it.each(FIELDS.filter((f) => f.required).map((f) => f.name))('%s empty or blank is an error', (name) => {
    expect(only(check({ [name]: '' }), `${name}.required`).message).toContain('est vide');
    expect(only(check({ [name]: '  \t ' }), `${name}.required`).message).toContain('que des espaces');
    // A missing column is an empty value.
    const record = validBaseRecord();
    delete record[name];
    expect(codes(validateRecord(record, { line: 3, now: BASE_NOW }))).toEqual([`${name}.required`]);
  });

  it('does not add a pattern error to a blank required field', () => {
    expect(codes(check({ code_postal: '   ' }))).toEqual(['code_postal.required']);
    expect(codes(check({ pivot: ' ' }))).toEqual(['pivot.required']);
  });
});

describe('validateRecord: patterns', () => {
  it('code_postal: 5 digits, with a hint when the leading zero was lost', () => {
    const issue = only(check({ code_postal: '7500' }), 'code_postal.pattern');
    expect(issue).toMatchObject({ field: 'code_postal', value: '7500', rule: 'pattern', severity: 'error' });
    expect(issue.message).toBe(
      '`code_postal` doit contenir exactement 5 chiffres : « 7500 » ; le 0 initial a-t-il été perdu ? écrivez « 07500 ».',
    );
    expect(only(check({ code_postal: '75001 ' }), 'code_postal.pattern').message).toContain('espaces');
  });

  it('code_insee: Corsican codes are fine, 4 digits are not', () => {
    expect(check({ code_insee: '2A004' })).toEqual([]);
    expect(only(check({ code_insee: '6088' }), 'code_insee.pattern').message).toContain('« 06088 »');
  });

  it('pivot: 9 to 14 letters or digits, with the compact form suggested', () => {
    expect(check({ pivot: 'W123456789' })).toEqual([]);
    const issue = only(check({ pivot: '434 933 123 00029' }), 'pivot.pattern');
    expect(issue.message).toContain('écrivez « 43493312300029 »');
  });

  it('telephone: international form, with the converted number suggested', () => {
    expect(only(check({ telephone: '01 80 05 98 80' }), 'telephone.pattern').message).toContain(
      '« +33180059880 »',
    );
    expect(only(check({ telephone: '0590 12 34 56' }), 'telephone.pattern').message).toContain(
      '« +590590123456 »',
    );
    expect(only(check({ telephone: '+33 (0)1 80 05 98 80' }), 'telephone.pattern').message).toContain(
      '« +33180059880 »',
    );
  });
});

describe('validateRecord: enumerated lists', () => {
  it('reports each unknown item separately and lists the allowed values', () => {
    const issues = check({ publics_specifiquement_adresses: 'Jeunes|Adultes|Enfants' });
    expect(issues.map((i) => i.value)).toEqual(['Adultes', 'Enfants']);
    for (const issue of issues) {
      expect(issue.code).toBe('publics_specifiquement_adresses.enum');
      expect(issue.message).toContain(
        'Valeurs permises : « Jeunes », « Étudiants », « Familles et/ou enfants »',
      );
    }
  });

  it('suggests the allowed value that differs only by case, accents or spaces', () => {
    expect(only(check({ frais_a_charge: 'gratuit' }), 'frais_a_charge.enum').message).toBe(
      '« gratuit » n’est pas une valeur permise pour `frais_a_charge` ; vouliez-vous dire « Gratuit » ?',
    );
    expect(
      only(check({ modalites_accompagnement: 'a distance' }), 'modalites_accompagnement.enum').message,
    ).toContain('« À distance »');
    expect(
      only(check({ frais_a_charge: 'Gratuit sous-condition' }), 'frais_a_charge.enum').message,
    ).toContain('« Gratuit sous condition »');
  });

  it('says when a value belongs to another field, or when `;` was used as separator', () => {
    expect(only(check({ services: 'Accompagnement individuel' }), 'services.enum').message).toContain(
      'appartient au champ `modalites_accompagnement`',
    );
    expect(only(check({ frais_a_charge: 'Gratuit;Payant' }), 'frais_a_charge.enum').message).toContain(
      '« Gratuit|Payant »',
    );
  });

  it('rejects spaces around `|` (as the schema does) and gives the corrected value', () => {
    const issue = only(check({ frais_a_charge: 'gratuit | Payant' }), 'frais_a_charge.whitespace');
    expect(issue.severity).toBe('error');
    expect(issue.message).toContain('écrivez « Gratuit|Payant »');
  });

  it('rejects empty items and lists made only of separators', () => {
    expect(only(check({ itinerance: 'Fixe|' }), 'itinerance.empty_item').message).toContain(
      'écrivez « Fixe »',
    );
    expect(only(check({ itinerance: '|' }), 'itinerance.empty_item').message).toContain(
      'laissez la case vide',
    );
  });

  it('warns about a value cited twice', () => {
    const issue = only(check({ frais_a_charge: 'Payant|Payant' }), 'frais_a_charge.duplicate_item');
    expect(issue.severity).toBe('warning');
  });

  it('reports a repeated problem once per value, not once per repetition', () => {
    expect(codes(check({ frais_a_charge: 'Libre|Libre|Libre' }))).toEqual(['frais_a_charge.enum']);
    expect(codes(check({ frais_a_charge: 'Payant|Payant|Payant' }))).toEqual([
      'frais_a_charge.duplicate_item',
    ]);
    expect(codes(check({ itinerance: '|'.repeat(1000) }))).toEqual(['itinerance.empty_item']);
    expect(codes(check({ courriels: 'x@|x@||' }))).toEqual(['courriels.format', 'courriels.empty_item']);
    expect(codes(check({ site_web: 'www.a.fr|www.a.fr||' }))).toEqual([
      'site_web.format',
      'site_web.empty_item',
    ]);
    expect(codes(check({ typologie: 'MAIRIE|MAIRIE' }))).toEqual(['typologie.unknown']);
  });

  it('accepts `ORDI 3.0` literally and nothing else in its place', () => {
    expect(check({ formations_labels: 'ORDI 3.0' })).toEqual([]);
    expect(codes(check({ formations_labels: 'ORDI 3x0' }))).toEqual(['formations_labels.enum']);
  });

  it('reports the issue on every record that has the same faulty value (verdicts are cached)', () => {
    const a = validateRecord({ ...validBaseRecord(), frais_a_charge: 'Libre' }, { line: 10, now: BASE_NOW });
    const b = validateRecord(
      { ...validBaseRecord(), id: 'x', frais_a_charge: 'Libre' },
      { line: 11, now: BASE_NOW },
    );
    expect(a.map((i) => [i.row, i.id])).toEqual([[10, 'structure-1']]);
    expect(b.map((i) => [i.row, i.id])).toEqual([[11, 'x']]);
  });
});

describe('validateRecord: types', () => {
  it('latitude/longitude must be decimal numbers with a point', () => {
    const issue = only(check({ latitude: '43,52609' }), 'latitude.type');
    expect(issue.message).toContain('écrivez « 43.52609 »');
    expect(codes(check({ longitude: 'abc' }))).toEqual(['longitude.type']);
    expect(codes(check({ longitude: 'NaN' }))).toEqual(['longitude.type']);
    expect(check({ latitude: ' 43.52609 ', longitude: '+5.41423' })).toEqual([]);
    expect(check({ latitude: '4.352609e1' })).toEqual([]);
  });

  it('latitude/longitude must be within −90…90 / −180…180', () => {
    expect(codes(check({ latitude: '90.0001' }))).toEqual(['latitude.range']);
    expect(codes(check({ longitude: '-180.5' }))).toEqual(['longitude.range']);
  });

  it('date_maj is a real YYYY-MM-DD date', () => {
    expect(only(check({ date_maj: '2024-02-30' }), 'date_maj.type').message).toContain(
      'n’est pas une date qui existe',
    );
    expect(codes(check({ date_maj: '2023-02-29' }))).toEqual(['date_maj.type']);
    expect(check({ date_maj: '2024-02-29' })).toEqual([]);
    expect(only(check({ date_maj: '02/04/2024' }), 'date_maj.type').message).toContain(
      'écrivez « 2024-04-02 »',
    );
    expect(only(check({ date_maj: '2024-04-02T10:00:00Z' }), 'date_maj.type').message).toContain(
      '« 2024-04-02 »',
    );
    expect(codes(check({ date_maj: '2024-13-01' }))).toEqual(['date_maj.type']);
  });
});

describe('validateRecord: presentation_resume', () => {
  it('is an error over 280 characters, counted as characters, not UTF-16 units', () => {
    expect(check({ presentation_resume: 'é'.repeat(280) })).toEqual([]);
    expect(check({ presentation_resume: '😀'.repeat(280) })).toEqual([]);
    const issue = only(check({ presentation_resume: 'a'.repeat(281) }), 'presentation_resume.maxLength');
    expect(issue.severity).toBe('error');
    expect(issue.message).toContain('(281)');
    expect(issue.message).toContain('presentation_detail');
  });
});

describe('validateRecord: warnings on conforming values', () => {
  it('pivot placeholder and all-zero pivots', () => {
    for (const pivot of ['00000000000000', '000000000']) {
      const issue = only(check({ pivot }), 'pivot.placeholder');
      expect(issue.severity).toBe('warning');
      expect(issue.rule).toBe('placeholder');
    }
  });

  it('SIRET with a wrong Luhn key, La Poste’s rule honoured', () => {
    expect(only(check({ pivot: '43493312300028' }), 'pivot.checksum').severity).toBe('warning');
    expect(check({ pivot: '35600000010000' })).toEqual([]); // La Poste: digit sum multiple of 5
    expect(check({ pivot: '35600000000048' })).toEqual([]);
    expect(codes(check({ pivot: '35600000010001' }))).toEqual(['pivot.checksum']);
    // 9–13 digits or RNA/RIDET: no SIRET key to check.
    expect(check({ pivot: '434933124' })).toEqual([]);
  });

  it.each([
    ['France métropolitaine', '48.8566', '2.3522'],
    ['Corse', '42.6970', '9.4509'],
    ['Guadeloupe', '16.2411', '-61.5331'],
    ['Martinique', '14.6161', '-61.0588'],
    ['Guyane', '4.9224', '-52.3135'],
    ['La Réunion', '-20.8823', '55.4504'],
    ['Mayotte', '-12.7806', '45.2279'],
    ['Saint-Pierre-et-Miquelon', '46.7811', '-56.1764'],
    ['Saint-Barthélemy', '17.8962', '-62.8498'],
    ['Saint-Martin', '18.0708', '-63.0501'],
    ['Wallis-et-Futuna', '-13.2825', '-176.1745'],
    ['Polynésie française', '-17.5516', '-149.5585'],
    ['Nouvelle-Calédonie', '-22.2758', '166.458'],
  ])('coordinates in %s are fine', (_name, latitude, longitude) => {
    expect(check({ latitude, longitude })).toEqual([]);
  });

  it('coordinates outside France, swapped, zero or incomplete', () => {
    expect(
      only(check({ latitude: '40.4168', longitude: '-3.7038' }), 'coordinates.outside_france').severity,
    ).toBe('warning');
    const swapped = only(check({ latitude: '2.3522', longitude: '48.8566' }), 'coordinates.swapped');
    expect(swapped.message).toContain('France métropolitaine');
    expect(
      only(check({ latitude: '55.4504', longitude: '-20.8823' }), 'coordinates.swapped').message,
    ).toContain('La Réunion');
    expect(codes(check({ latitude: '0', longitude: '0' }))).toEqual(['coordinates.zero']);
    expect(only(check({ longitude: '' }), 'coordinates.incomplete').field).toBe('longitude');
  });

  it('date_maj in the future or older than two years', () => {
    const now = new Date('2024-04-01T12:00:00Z');
    expect(check({ date_maj: '2024-04-02' }, now)).toEqual([]); // one day of slack for time zones
    expect(only(check({ date_maj: '2024-04-03' }, now), 'date_maj.future').severity).toBe('warning');
    expect(check({ date_maj: '2022-04-01' }, now)).toEqual([]);
    expect(only(check({ date_maj: '2022-03-31' }, now), 'date_maj.stale').severity).toBe('warning');
  });

  it('horaires that are not OSM opening_hours, with the parser’s reason', () => {
    const issue = only(check({ horaires: 'Lundi au vendredi 9h-12h' }), 'horaires.format');
    expect(issue.severity).toBe('warning');
    expect(issue.message).toContain('Lundi');
    expect(issue.message).toContain('opening_hours');
    expect(check({ horaires: '24/7' })).toEqual([]);
    const suspect = only(check({ horaires: 'mo-fr 09:00-12:00' }), 'horaires.suspect');
    expect(suspect.message).toContain('"Mo"');
    expect(suspect.message).toContain('"Fr"');
  });

  it('malformed e-mails, with the separator hint', () => {
    expect(only(check({ courriels: 'contact@@exemple' }), 'courriels.format').value).toBe('contact@@exemple');
    expect(only(check({ courriels: 'a@exemple.fr; b@exemple.fr' }), 'courriels.format').message).toContain(
      '« a@exemple.fr|b@exemple.fr »',
    );
    expect(codes(check({ courriels: 'a@exemple.fr|' }))).toEqual(['courriels.empty_item']);
    expect(check({ courriels: ' a@exemple.fr | b.c+d@sous.exemple.org ' })).toEqual([]);
  });

  it('malformed URLs in site_web, fiche_acces_libre and prise_rdv', () => {
    expect(only(check({ site_web: 'www.exemple.fr' }), 'site_web.format').message).toContain(
      '« https://www.exemple.fr »',
    );
    expect(codes(check({ site_web: 'https://a.fr|ftp://b.fr' }))).toEqual(['site_web.format']);
    expect(codes(check({ fiche_acces_libre: 'acceslibre' }))).toEqual(['fiche_acces_libre.format']);
    expect(codes(check({ prise_rdv: 'https//rdv.fr' }))).toEqual(['prise_rdv.format']);
    expect(check({ site_web: 'http://mairie-éclaron.fr/horaires?x=1#top' })).toEqual([]);
  });

  it('typologie values outside the national list, with a suggestion', () => {
    expect(only(check({ typologie: 'ccas' }), 'typologie.unknown').message).toContain('« CCAS »');
    expect(only(check({ typologie: 'ASSO|Centre social' }), 'typologie.unknown').message).toContain('« CS »');
    expect(only(check({ typologie: 'MAIRIE' }), 'typologie.unknown').severity).toBe('warning');
  });

  it('telephone numbers of the wrong length for their country code, or with the trunk 0', () => {
    expect(only(check({ telephone: '+3318005988' }), 'telephone.length').message).toContain('9 chiffres');
    expect(only(check({ telephone: '+33018005988' }), 'telephone.trunk_zero').message).toContain(
      'ne reste que 8 chiffres au lieu de 9',
    );
    expect(check({ telephone: '+687445728' })).toEqual([]);
    expect(check({ telephone: '+68940123456' })).toEqual([]);
    expect(codes(check({ telephone: '+6874457281' }))).toEqual(['telephone.length']);
  });
});

describe('validateRecord: never throws', () => {
  it('on non-string values and odd records', () => {
    const odd = [
      null,
      undefined,
      42,
      'texte',
      [],
      {},
      {
        id: 12,
        latitude: 43.5,
        longitude: 5.4,
        date_maj: null,
        services: ['Aide aux démarches administratives'],
      },
      Object.create(null) as object,
      { __proto__: { nom: 'hérité' } },
    ];
    for (const record of odd) {
      expect(() => validateRecord(record as unknown as FlatRecord, { line: 1, now: BASE_NOW })).not.toThrow();
    }
    const issues = validateRecord(
      { ...validBaseRecord(), latitude: 43.5, longitude: 5.4 } as unknown as FlatRecord,
      {
        line: 1,
        now: BASE_NOW,
      },
    );
    expect(issues).toEqual([]);
  });

  it('on arbitrary strings in every field (property)', () => {
    const fieldArb = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' ', '|', '||', 'Gratuit', 'NaN', '2024-02-30', '00000000000000', '\u0000', '😀'),
    );
    const recordArb = fc.dictionary(
      fc.constantFrom(...FIELDS.map((f) => f.name), 'extra', '__proto__'),
      fieldArb,
    );
    const validator = createValidator({ now: BASE_NOW });
    fc.assert(
      fc.property(recordArb, fc.nat(1_000_000), (record, line) => {
        const issues = validator.check(record, line);
        for (const issue of issues) {
          expect(issue.row).toBe(line);
          expect(['error', 'warning']).toContain(issue.severity);
          expect(issue.code.startsWith(`${issue.field}.`) || issue.code.startsWith('coordinates.')).toBe(
            true,
          );
          expect(issue.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('createValidator', () => {
  it('reports a duplicate id with the first occurrence’s line', () => {
    const validator = createValidator({ now: BASE_NOW });
    expect(validator.check(validBaseRecord(), 2)).toEqual([]);
    expect(validator.check({ ...validBaseRecord(), id: 'autre' }, 3)).toEqual([]);
    const issues = validator.check(validBaseRecord(), 9);
    expect(issues).toEqual([
      {
        row: 9,
        id: 'structure-1',
        field: 'id',
        value: 'structure-1',
        rule: 'unique',
        code: 'id.unique',
        severity: 'error',
        message:
          '`id` « structure-1 » est déjà utilisé ligne 2 : chaque lieu doit avoir un identifiant unique.',
      },
    ]);
  });

  it('summarises records, valid and invalid, counts per code, and columns', () => {
    const validator = createValidator({ now: BASE_NOW });
    validator.check({ ...validBaseRecord(), colonne_maison: 'x' }, 2);
    validator.check({ ...validBaseRecord(), id: 'b', code_postal: '1', frais_a_charge: 'gratuit|payant' }, 3);
    validator.check({ ...validBaseRecord(), id: 'c', pivot: '00000000000000' }, 4);
    validator.check({ ...validBaseRecord(), id: 'd', code_postal: '2' }, 5);
    const summary = validator.summary();
    expect(summary).toMatchObject({
      records: 4,
      valid: 2,
      invalid: 2,
      recordsWithWarnings: 1,
      errors: 4,
      warnings: 1,
      unknownColumns: ['colonne_maison'],
      missingColumns: [],
    });
    expect(summary.byCode.map((c) => [c.code, c.count])).toEqual([
      ['code_postal.pattern', 2],
      ['frais_a_charge.enum', 2],
      ['pivot.placeholder', 1],
    ]);
  });

  it('lists the standard’s columns never seen', () => {
    const validator = createValidator({ now: BASE_NOW });
    const record = validBaseRecord();
    delete record.prise_rdv;
    delete record.source;
    validator.check(record, 2);
    expect(validator.summary().missingColumns).toEqual(['source', 'prise_rdv']);
    expect(createValidator().summary().missingColumns).toEqual([]);
  });

  it('uses an injected hours checker, or none', () => {
    const seen: string[] = [];
    const hours: HoursChecker = (text) => {
      seen.push(text);
      return { ok: false, reason: 'refusé pour le test' };
    };
    const validator = createValidator({ now: BASE_NOW, hours });
    const issues = validator.check(validBaseRecord(), 2);
    validator.check({ ...validBaseRecord(), id: 'b' }, 3);
    expect(only(issues, 'horaires.format').message).toContain('refusé pour le test');
    expect(seen).toHaveLength(1); // compiled once per distinct text
    expect(
      createValidator({ now: BASE_NOW, hours: null }).check({ ...validBaseRecord(), horaires: 'n/a' }, 2),
    ).toEqual([]);
  });

  it('does not blame the producer when the hours checker itself fails', () => {
    const hours: HoursChecker = () => {
      throw new Error('bug');
    };
    expect(createValidator({ now: BASE_NOW, hours }).check(validBaseRecord(), 2)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileMapping, DefinitionError } from '../../../src/pipeline/mapping/index.js';

function errorOf(input: unknown): DefinitionError {
  try {
    compileMapping(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error('compileMapping accepted an invalid mapping');
}

describe('compileMapping', () => {
  it('accepts every construct and lists the columns it reads', () => {
    const compiled = compileMapping({
      fields: {
        nom: 'Nom',
        adresse: { join: ['N', 'Voie'] },
        commune: { column: 'A', split: { separator: ',', part: 1 } },
        code_postal: { column: 'A', regex: '(\\d{5})' },
        telephone: { first: ['T1', { column: 'T2' }] },
        id: { template: 'x-{Id}' },
        source: { value: 'Moi' },
        horaires: {
          days: { Mo: 'lun', Tu: ['mar1', 'mar2'] },
          text: 'h',
          textDays: 'jours',
          weekParity: 'sem',
        },
        services: [{ columns: ['S'], equals: ['a'], target: 'Aide aux démarches administratives' }],
      },
      coordinates: { x: 'X', y: 'Y', projection: 'lambert93' },
      constants: { typologie: ['bib', 'Associations'] },
      defaults: { date_maj: '01/02/2023' },
    });
    expect([...compiled.columns].sort()).toEqual(
      [
        'A',
        'Id',
        'N',
        'Nom',
        'S',
        'T1',
        'T2',
        'Voie',
        'X',
        'Y',
        'h',
        'jours',
        'lun',
        'mar1',
        'mar2',
        'sem',
      ].sort(),
    );
    expect(compiled.constants.get('typologie')).toEqual(['BIB', 'ASSO']);
    expect(compiled.defaults.get('date_maj')).toBe('2023-02-01');
  });

  it.each([
    [{ fields: { nome: 'Nom' } }, 'mapping.fields.nome', /vouliez-vous dire « nom »/],
    [{ fields: { nom: 'Nom' }, constant: {} }, 'mapping.constant', /clés possibles/],
    [{ fields: { nom: { colum: 'Nom' } } }, 'mapping.fields.nom', /sans column/],
    [
      { fields: { nom: { column: 'Nom', regexp: 'x' } } },
      'mapping.fields.nom.regexp',
      /vouliez-vous dire « regex »/,
    ],
    [
      { fields: { nom: { column: 'Nom', regex: '(' } } },
      'mapping.fields.nom.regex',
      /expression régulière invalide/,
    ],
    [
      { fields: { nom: { column: 'N', split: { separator: ',', part: 'un' } } } },
      'mapping.fields.nom.split.part',
      /entier/,
    ],
    [{ fields: { nom: { template: 'fixe' } } }, 'mapping.fields.nom.template', /aucune colonne/],
    [{ fields: { nom: 12 } }, 'mapping.fields.nom', /règle attendue/],
    [
      { fields: { services: [{ columns: ['S'], equals: ['x'], target: 'Aide aux demarches' }] } },
      'mapping.fields.services[0].target',
      /n'est pas une valeur de services.*Valeurs possibles/s,
    ],
    [
      { fields: { typologie: [{ target: 'BIBLI' }] } },
      'mapping.fields.typologie[0].target',
      /vouliez-vous dire « BIB »/,
    ],
    [
      {
        fields: {
          services: [
            { columns: ['S'], target: 'Aide aux démarches administratives', equals: ['a'], contains: ['b'] },
          ],
        },
      },
      'mapping.fields.services[0]',
      /une seule condition/,
    ],
    [
      { fields: { services: [{ equals: ['a'], target: 'Aide aux démarches administratives' }] } },
      'mapping.fields.services[0]',
      /equals demande columns/,
    ],
    [
      {
        fields: {
          services: [
            { columns: ['S'], equals: [{ 'a ': 'b' }], target: 'Aide aux démarches administratives' },
          ],
        },
      },
      'mapping.fields.services[0].equals[0]',
      /guillemets/,
    ],
    [{ fields: { nom: { osm: 'h' } } }, 'mapping.fields.nom', /que pour le champ horaires/],
    [
      { fields: { horaires: { days: { Lu: 'lundi' } } } },
      'mapping.fields.horaires.days.Lu',
      /clés possibles/,
    ],
    [
      { fields: {}, coordinates: { x: 'x', y: 'y', projection: 'utm' } },
      'mapping.coordinates.projection',
      /lambert93/,
    ],
    [{ fields: {}, defaults: { date_maj: 'bientôt' } }, 'mapping.defaults.date_maj', /date illisible/],
    [{ fields: {}, constants: { nom: ['a', 'b'] } }, 'mapping.constants.nom', /pas une liste/],
    ['nom', 'mapping', /objet attendu/],
  ])('reports %j at its key', (input, key, message) => {
    const error = errorOf(input);
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
    expect(error.describe()).toContain(`clé ${key}`);
  });
});

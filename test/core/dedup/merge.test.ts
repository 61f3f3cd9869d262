import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../../src/core/standard/fields.js';
import {
  DedupInputError,
  findDuplicates,
  groupId,
  mergeDuplicates,
  mergeGroup,
  type DedupInput,
} from '../../../src/core/dedup/index.js';
import { lieu, near } from './helpers.js';

const national = lieu(
  'national:1',
  {
    nom: 'France services de Talence',
    adresse: '22 avenue de Thouars',
    date_maj: '2024-03-01',
    pivot: '00000000000000',
    telephone: '+33556000001',
    courriels: 'talence@france-services.gouv.fr',
    services: 'Aide aux démarches administratives',
    typologie: 'RFS',
  },
  near(0),
);
const departement = lieu('departement:7', {
  nom: 'MSAP TALENCE',
  adresse: '22 av. de Thouars',
  complement_adresse: 'Bâtiment B',
  date_maj: '2023-06-10',
  pivot: '21330522900017',
  telephone: '05 56 00 00 02',
  courriels: 'TALENCE@france-services.gouv.fr|accueil@talence.fr',
  site_web: 'https://www.talence.fr/france-services',
  services: 'Maîtrise des outils numériques du quotidien|Aide aux démarches administratives',
  horaires: 'Mo-Fr 09:00-12:00',
  typologie: 'MUNI',
  extra_colonne: 'gardée',
});
const hub = lieu(
  'hub:3',
  {
    nom: 'Maison France Services Talence',
    adresse: '22, Avenue de Thouars',
    date_maj: '2024-03-01',
    site_web: 'http://talence.fr/france-services/',
    presentation_resume: 'Accueil et accompagnement.',
  },
  near(60),
);

describe('mergeGroup', () => {
  const merged = mergeGroup([departement, hub, national]);
  const { record, provenance } = merged;
  const from = (field: string) => provenance.filter((p) => p.field === field).map((p) => p.sourceKey);

  it('takes the id from the group, stable whatever the order', () => {
    expect(record.id).toBe(groupId(['national:1', 'departement:7', 'hub:3']));
    expect(mergeGroup([national, hub, departement]).record).toEqual(record);
  });

  it('prefers the freshest record, then the most complete one', () => {
    // national and hub share the freshest date; national is more complete.
    expect(record.nom).toBe('France services de Talence');
    expect(from('nom')).toEqual(['national:1']);
    expect(record.telephone).toBe('+33556000001');
    expect(record.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(from('horaires')).toEqual(['departement:7']);
  });

  it('uses source priority when date and completeness tie', () => {
    const a = lieu('a:1', { nom: 'Nom A', adresse: '1 rue A' });
    const b = lieu('b:1', { nom: 'Nom B', adresse: '1 rue A' });
    expect(mergeGroup([a, b], { sourcePriority: ['b', 'a'] }).record.nom).toBe('Nom B');
    expect(mergeGroup([a, b], { sourcePriority: ['a', 'b'] }).record.nom).toBe('Nom A');
    expect(mergeGroup([b, a]).record.nom).toBe('Nom A');
  });

  it('keeps the latest date_maj', () => {
    expect(record.date_maj).toBe('2024-03-01');
  });

  it('unions list fields without duplicates, in a stable order', () => {
    expect(record.services).toBe(
      'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    );
    expect(record.courriels).toBe('talence@france-services.gouv.fr|accueil@talence.fr');
    expect(record.site_web).toBe('http://talence.fr/france-services/');
    expect(record.typologie).toBe('RFS|MUNI');
  });

  it('prefers a real SIRET to the placeholder', () => {
    expect(record.pivot).toBe('21330522900017');
    expect(from('pivot')).toEqual(['departement:7']);
    expect(mergeGroup([national]).record.pivot).toBe('00000000000000');
  });

  it('takes coordinates together from one record', () => {
    expect([record.latitude, record.longitude]).toEqual([
      String(national.latitude),
      String(national.longitude),
    ]);
    expect(from('latitude')).toEqual(from('longitude'));
  });

  it('takes the address from one record, filling gaps from the same postcode', () => {
    expect(record.adresse).toBe('22 avenue de Thouars');
    expect(from('adresse')).toEqual(['national:1']);
    expect(record.complement_adresse).toBe('Bâtiment B');
    expect(from('complement_adresse')).toEqual(['departement:7']);
  });

  it('keeps unknown columns and writes every standard field', () => {
    expect(record.extra_colonne).toBe('gardée');
    for (const name of FIELD_NAMES) expect(record).toHaveProperty(name);
    expect(Object.keys(record).slice(0, FIELD_NAMES.length)).toEqual(FIELD_NAMES);
  });

  it('records the provenance of every value', () => {
    for (const [field, value] of Object.entries(record)) {
      if (value === '') {
        expect(from(field), field).toEqual([]);
        continue;
      }
      const entries = provenance.filter((p) => p.field === field);
      expect(entries.length, field).toBeGreaterThan(0);
      expect(entries.map((p) => p.value).join('|'), field).toBe(value);
    }
    const courriels = provenance.filter((p) => p.field === 'courriels');
    expect(courriels).toEqual([
      {
        field: 'courriels',
        sourceKey: 'national:1',
        sourceId: 'national',
        value: 'talence@france-services.gouv.fr',
      },
      {
        field: 'courriels',
        sourceKey: 'departement:7',
        sourceId: 'departement',
        value: 'accueil@talence.fr',
      },
    ]);
    expect(provenance.find((p) => p.field === 'id')).toMatchObject({
      sourceKey: 'departement:7,hub:3,national:1',
      sourceId: 'departement,hub,national',
    });
  });

  it('rejects empty groups and repeated members', () => {
    expect(() => mergeGroup([])).toThrow(DedupInputError);
    expect(() => mergeGroup([national, national])).toThrow(/national:1/);
  });
});

describe('mergeDuplicates', () => {
  it('merges groups and passes the other lieux through, with ids derived from keys', () => {
    const other: DedupInput = lieu('a:9', { nom: 'Déclic', adresse: '3 rue Pasteur' }, near(3000));
    const inputs = [national, departement, hub, other];
    const { groups } = findDuplicates(inputs);
    expect(groups.map((g) => g.members)).toEqual([['departement:7', 'hub:3', 'national:1']]);
    const lieux = mergeDuplicates(inputs, groups);
    expect(lieux).toHaveLength(2);
    const single = lieux.find((l) => l.members[0] === 'a:9')!;
    expect(single.record.id).toBe(groupId(['a:9']));
    expect(single.record.nom).toBe('Déclic');
    expect(single.provenance.every((p) => p.sourceKey === 'a:9' || p.field === 'id')).toBe(true);
    expect(lieux.find((l) => l.members.length === 3)!.record.id).toBe(groups[0]!.id);
  });

  it('rejects groups that do not match the inputs', () => {
    expect(() => mergeDuplicates([national], [{ id: 'x', members: ['nope:1'], links: [] }])).toThrow(
      /nope:1/,
    );
    expect(() =>
      mergeDuplicates(
        [national, hub],
        [
          { id: 'x', members: ['national:1', 'hub:3'], links: [] },
          { id: 'y', members: ['hub:3'], links: [] },
        ],
      ),
    ).toThrow(/plusieurs groupes/);
  });
});

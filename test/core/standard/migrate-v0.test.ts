import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../../src/core/standard/enums.js';
import { FIELD_BY_NAME, FIELD_NAMES, FIELDS } from '../../../src/core/standard/fields.js';
import {
  looksLikeV0,
  migrateV0Record,
  V0_SERVICES_MAPPING,
  type MigrationNote,
} from '../../../src/core/standard/migrate-v0.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED = resolve(ROOT, '../shared');

/** A minimal v0.1 record that is complete for v1, to which each test adds what it studies. */
function v0(extra: Record<string, string> = {}): Record<string, string> {
  return {
    id: 'lieu-1',
    pivot: '21760351300011',
    nom: 'Médiathèque',
    commune: 'Le Havre',
    code_postal: '76600',
    adresse: '1 rue de Paris',
    date_maj: '2024-01-15',
    services: 'Prendre en main un ordinateur',
    ...extra,
  };
}

const notesOf = (notes: MigrationNote[], kind: MigrationNote['kind'], field?: string) =>
  notes.filter((n) => n.kind === kind && (field === undefined || n.field === field));

function enumItems(field: string, value: string): string[] {
  return value === '' ? [] : value.split('|');
}

function expectValidEnums(record: Record<string, string>): void {
  for (const field of FIELDS) {
    if (!field.enumValues) continue;
    for (const item of enumItems(field.name, record[field.name] ?? ''))
      expect(field.enumValues).toContain(item);
  }
}

describe('migrateV0Record — shape', () => {
  it('returns every v1 field, in schema order, and no v0 column', () => {
    const { record } = migrateV0Record(v0({ courriel: 'a@b.fr', cle_ban: '76351_1234_00001' }));
    expect(Object.keys(record)).toEqual(FIELD_NAMES);
    expect(record).not.toHaveProperty('courriel');
    expect(record).not.toHaveProperty('cle_ban');
  });

  it('keeps the id and the fields whose meaning did not change, trimmed', () => {
    const { record } = migrateV0Record(
      v0({ id: ' fodeno-harfleur ', horaires: 'Mo-Fr 09:00-12:00', structure_parente: 'CCAS\u00a0' }),
    );
    expect(record.id).toBe('fodeno-harfleur');
    expect(record.nom).toBe('Médiathèque');
    expect(record.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(record.structure_parente).toBe('CCAS');
  });
});

describe('migrateV0Record — services (15 → 9)', () => {
  it.each(V0_SERVICES_MAPPING.map(([from, targets]) => [from, targets] as const))(
    '« %s » becomes its v1 service(s)',
    (from, targets) => {
      const { record } = migrateV0Record(v0({ services: from }));
      expect(record.services.split('|')).toEqual([...targets]);
    },
  );

  it('maps the 15 v0 services onto v1 services only', () => {
    expect(V0_SERVICES_MAPPING).toHaveLength(15);
    for (const [, targets] of V0_SERVICES_MAPPING) {
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) expect(SERVICES).toContain(t);
    }
  });

  it('follows the expected grouping', () => {
    const map = new Map(V0_SERVICES_MAPPING);
    expect(map.get('Accompagner les démarches de santé')).toEqual(['Aide aux démarches administratives']);
    expect(map.get('Créer et développer mon entreprise')).toEqual([
      'Insertion professionnelle via le numérique',
    ]);
    expect(map.get("S'équiper en matériel informatique")).toEqual([
      'Acquisition de matériel informatique à prix solidaire',
    ]);
    expect(map.get('Accéder à du matériel')).toEqual(['Accès internet et matériel informatique']);
  });

  it('turns `;` lists into `|` lists, merges duplicates and uses the standard order', () => {
    const { record, notes } = migrateV0Record(
      v0({
        services:
          'Accéder à du matériel;Prendre en main un ordinateur;Accéder à une connexion internet;Devenir autonome dans les démarches administratives',
      }),
    );
    expect(record.services).toBe(
      'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique',
    );
    expect(notesOf(notes, 'renamed', 'services')).toHaveLength(1);
  });

  it('accepts v1 services already present in a v0 file without a note', () => {
    const { record, notes } = migrateV0Record(v0({ services: 'Loisirs et créations numériques' }));
    expect(record.services).toBe('Loisirs et créations numériques');
    expect(notes.filter((n) => n.field === 'services')).toEqual([]);
  });
});

describe('migrateV0Record — publics_accueillis split', () => {
  it('spreads publics over publics_specifiquement_adresses and prise_en_charge_specifique', () => {
    const { record, notes } = migrateV0Record(
      v0({
        publics_accueillis:
          "Seniors (+ 65 ans);Jeunes (16-26 ans);Familles/enfants;Uniquement femmes;Public langues étrangères;Déficience visuelle;Surdité;Handicaps mentaux : déficiences limitant les activités d'une personne;Personnes en situation d'illettrisme",
      }),
    );
    expect(record.publics_specifiquement_adresses).toBe('Jeunes|Familles et/ou enfants|Seniors|Femmes');
    expect(record.prise_en_charge_specifique).toBe(
      'Surdité|Handicaps mentaux|Illettrisme|Langues étrangères (autres)|Déficience visuelle',
    );
    expect(notesOf(notes, 'split', 'publics_accueillis')).toHaveLength(1);
    expect(notesOf(notes, 'unmapped')).toEqual([]);
  });

  it('drops « Adultes » by design, with a note', () => {
    const { record, notes } = migrateV0Record(v0({ publics_accueillis: 'Adultes' }));
    expect(record.publics_specifiquement_adresses).toBe('');
    expect(record.prise_en_charge_specifique).toBe('');
    const dropped = notesOf(notes, 'dropped', 'publics_accueillis');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.value).toBe('Adultes');
    expect(dropped[0]?.message).toMatch(/tout public/);
  });

  it('classes « Handicaps psychiques » as « Handicaps mentaux » and says so', () => {
    const { record, notes } = migrateV0Record(
      v0({
        publics_accueillis:
          'Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales',
      }),
    );
    expect(record.prise_en_charge_specifique).toBe('Handicaps mentaux');
    expect(notes.some((n) => n.kind === 'renamed' && /Handicaps psychiques/.test(n.message))).toBe(true);
  });

  it('says that foreign languages are classed as « autres »', () => {
    const { notes } = migrateV0Record(v0({ publics_accueillis: 'Public langues étrangères' }));
    expect(notes.some((n) => /Langues étrangères \(anglais\)/.test(n.message))).toBe(true);
  });
});

describe('migrateV0Record — labels', () => {
  it('maps national labels to dispositifs and formations', () => {
    const { record, notes } = migrateV0Record(
      v0({
        labels_nationaux:
          'CNFS;France Services;Aidants Connect;Point numérique CAF;Point relais CAF;Grandes écoles du numérique;Fabriques de Territoire',
      }),
    );
    expect(record.dispositif_programmes_nationaux).toBe(
      "Aidants Connect|Conseillers numériques|France Services|Grande école du numérique|Point d'accès numérique CAF",
    );
    expect(record.formations_labels).toBe('Fabriques de Territoire');
    expect(notesOf(notes, 'split', 'labels_nationaux')).toHaveLength(1);
  });

  it('keeps labels without v1 equivalent in autres_formations_labels, each with a note', () => {
    const { record, notes } = migrateV0Record(
      v0({
        labels_nationaux: 'APTIC;Relais pôle emploi;French Tech;Campus connecté',
        labels_autres: 'Label local',
      }),
    );
    expect(record.dispositif_programmes_nationaux).toBe('');
    expect(record.autres_formations_labels.split('|').sort()).toEqual(
      ['APTIC', 'Campus connecté', 'French Tech', 'Label local', 'Relais pôle emploi'].sort(),
    );
    expect(notesOf(notes, 'unmapped', 'labels_nationaux').map((n) => n.value)).toEqual([
      'APTIC',
      'Relais pôle emploi',
      'French Tech',
      'Campus connecté',
    ]);
  });

  it('moves other labels that are v1 national labels to their lists', () => {
    const { record, notes } = migrateV0Record(v0({ labels_autres: 'Qualiopi, certification PIX' }));
    expect(record.dispositif_programmes_nationaux).toBe('Certification PIX');
    expect(record.autres_formations_labels).toBe('Qualiopi');
    expect(notesOf(notes, 'split', 'labels_autres')).toHaveLength(1);
  });

  it('renames labels_autres when nothing is promoted', () => {
    const { record, notes } = migrateV0Record(v0({ labels_autres: 'Normandie Connecté' }));
    expect(record.autres_formations_labels).toBe('Normandie Connecté');
    expect(notesOf(notes, 'renamed', 'labels_autres')).toHaveLength(1);
  });
});

describe('migrateV0Record — conditions_acces → frais_a_charge', () => {
  it.each([
    ['Gratuit : Je peux accéder gratuitement au lieu et à ses services', 'Gratuit'],
    [
      'Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...)',
      'Gratuit sous condition',
    ],
    ["Payant : L'accès au lieu et/ou à ses services est payant", 'Payant'],
    ["Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer", 'Payant'],
    [
      "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
      'Gratuit sous condition',
    ],
  ])('« %s » → %s', (from, expected) => {
    const { record, notes } = migrateV0Record(v0({ conditions_acces: from }));
    expect(record.frais_a_charge).toBe(expected);
    expect(notesOf(notes, 'unmapped')).toEqual([]);
  });

  it('explains the Pass numérique and Adhésion decisions', () => {
    const { notes } = migrateV0Record(
      v0({
        conditions_acces:
          "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu;Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer",
      }),
    );
    expect(
      notes.some((n) => /Pass numérique/.test(n.message) && /Gratuit sous condition/.test(n.message)),
    ).toBe(true);
    expect(notes.some((n) => /Adhésion/.test(n.message) && /Payant/.test(n.message))).toBe(true);
  });
});

describe('migrateV0Record — modalites_accompagnement', () => {
  it('maps the four v0 modalities, « A ma place » with a note', () => {
    const { record, notes } = migrateV0Record(
      v0({
        modalites_accompagnement:
          "Seul : j'ai accès à du matériel et une connexion;Avec de l'aide : je suis accompagné seul dans l'usage du numérique;Dans un atelier : j'apprends collectivement à utiliser le numérique;A ma place : une personne habilitée fait les démarches à ma place",
      }),
    );
    expect(record.modalites_accompagnement).toBe(
      'En autonomie|Accompagnement individuel|Dans un atelier collectif',
    );
    expect(
      notes.some((n) => /A ma place/.test(n.message) && /Accompagnement individuel/.test(n.message)),
    ).toBe(true);
  });
});

describe('migrateV0Record — tolerant reading of messy lists', () => {
  it('reads ` / ` separators, curly apostrophes, case, line breaks and a final full stop', () => {
    const { record, notes } = migrateV0Record(
      v0({
        services:
          ' Accéder à une connexion Internet / Accéder à du matériel\nSoutenir la parentalité et l’éducation avec le numérique.',
        modalites_accompagnement:
          'Seul : j’ai accès à du matériel et une connexion/Avec de l’aide : je suis accompagné seul dans l’usage du numérique /  / A ma place : une personne habilitée fait les démarches à ma place.',
      }),
    );
    expect(record.services).toBe(
      'Parentalité et éducation avec le numérique|Accès internet et matériel informatique',
    );
    expect(record.modalites_accompagnement).toBe('En autonomie|Accompagnement individuel');
    expect(notesOf(notes, 'unmapped')).toEqual([]);
  });

  it('keeps `/` inside values (« Familles/ enfant », « Jeunes (16/26 ans) ») and reads v1 values', () => {
    const { record, notes } = migrateV0Record(
      v0({
        publics_accueillis:
          'Seniors (+65 ans) / Familles/ enfant / Adultes / Jeunes (16/26 ans) / Familles/ Handicaps moteurs/ Déficience visuelle',
      }),
    );
    expect(record.publics_specifiquement_adresses).toBe('Jeunes|Familles et/ou enfants|Seniors');
    expect(record.prise_en_charge_specifique).toBe('Handicaps moteurs|Déficience visuelle');
    expect(notesOf(notes, 'unmapped')).toEqual([]);
  });

  it('matches small misspellings and reports them', () => {
    const { record, notes } = migrateV0Record(
      v0({
        publics_accueillis: 'Déficiance visuelle',
        services: 'Réaliser des démarches administratives avec un accompagnemen',
        labels_nationaux: 'France service',
      }),
    );
    expect(record.prise_en_charge_specifique).toBe('Déficience visuelle');
    expect(record.services).toBe('Aide aux démarches administratives');
    expect(record.dispositif_programmes_nationaux).toBe('France Services');
    const approx = notes.filter((n) => /orthographe approchée/.test(n.message));
    expect(approx.map((n) => n.value)).toEqual([
      'Réaliser des démarches administratives avec un accompagnemen',
      'Déficiance visuelle',
    ]);
  });

  it('reads two known values that lack a separator', () => {
    const { record } = migrateV0Record(
      v0({
        publics_accueillis:
          "Handicaps mentaux : déficiences limitant les activités d'une personne  Personnes en situation d'illettrisme",
      }),
    );
    expect(record.prise_en_charge_specifique).toBe('Handicaps mentaux|Illettrisme');
  });

  it('reports every value it cannot read, in its source spelling, and keeps the rest', () => {
    const { record, notes } = migrateV0Record(
      v0({
        services: 'Prendre en main un ordinateur;Cours de cuisine;Gratuit pour tous',
        conditions_acces: 'Sur devis',
      }),
    );
    expect(record.services).toBe('Maîtrise des outils numériques du quotidien');
    expect(record.frais_a_charge).toBe('');
    expect(notesOf(notes, 'unmapped').map((n) => [n.field, n.value])).toEqual([
      ['services', 'Cours de cuisine'],
      ['services', 'Gratuit pour tous'],
      ['conditions_acces', 'Sur devis'],
    ]);
  });

  it('does not take a short prefix for a value (« Gratuit pour tous » is not « Gratuit »)', () => {
    const { record } = migrateV0Record(v0({ conditions_acces: 'Gratuitement sur rendez-vous' }));
    expect(record.frais_a_charge).toBe('');
  });
});

describe('migrateV0Record — renamed and dropped columns', () => {
  it('renames courriel, accessibilite and splits site_web on `;` and `,`', () => {
    const { record, notes } = migrateV0Record(
      v0({
        courriel: 'a@b.fr; c@d.fr',
        accessibilite: 'https://acceslibre.beta.gouv.fr/app/erp/x/',
        site_web: 'https://a.fr/;http://b.fr,https://c.fr/?q=1,2',
      }),
    );
    expect(record.courriels).toBe('a@b.fr|c@d.fr');
    expect(record.fiche_acces_libre).toBe('https://acceslibre.beta.gouv.fr/app/erp/x/');
    expect(record.site_web).toBe('https://a.fr/|http://b.fr|https://c.fr/?q=1,2');
    expect(notesOf(notes, 'renamed', 'courriel')).toHaveLength(1);
    expect(notesOf(notes, 'renamed', 'accessibilite')).toHaveLength(1);
    expect(notesOf(notes, 'reformatted', 'site_web')).toHaveLength(1);
  });

  it('drops cle_ban and unknown columns with a note carrying the value', () => {
    const { notes } = migrateV0Record(v0({ cle_ban: '13001_3079_00001', remarque: 'à vérifier', vide: '' }));
    expect(notesOf(notes, 'dropped').map((n) => [n.field, n.value])).toEqual([
      ['cle_ban', '13001_3079_00001'],
      ['remarque', 'à vérifier'],
    ]);
  });

  it('recognises column spellings seen in real files (Adresse, public_accueillis)', () => {
    const row = v0({ public_accueillis: 'Seniors (+ 65 ans)' });
    delete (row as Record<string, string | undefined>).adresse;
    const { record, notes } = migrateV0Record({ ...row, Adresse: '80 RUE JEAN PARES' });
    expect(record.adresse).toBe('80 RUE JEAN PARES');
    expect(record.publics_specifiquement_adresses).toBe('Seniors');
    expect(notesOf(notes, 'dropped')).toEqual([]);
  });

  it('detects v0 files by their columns', () => {
    expect(looksLikeV0(['id', 'nom', 'publics_accueillis'])).toBe(true);
    expect(looksLikeV0(['id', 'nom', 'Conditions accès'])).toBe(true);
    expect(looksLikeV0(FIELD_NAMES)).toBe(false);
  });
});

describe('migrateV0Record — formats', () => {
  it('writes French telephone numbers in international format, overseas included', () => {
    expect(migrateV0Record(v0({ telephone: '02 35 42 32 20' })).record.telephone).toBe('+33235423220');
    expect(migrateV0Record(v0({ telephone: '0262 12 34 56' })).record.telephone).toBe('+262262123456');
    expect(migrateV0Record(v0({ telephone: '+33 (0)1 80 05 98 80' })).record.telephone).toBe('+33180059880');
    const kept = migrateV0Record(v0({ telephone: '+33180059880' }));
    expect(kept.record.telephone).toBe('+33180059880');
    expect(kept.notes.filter((n) => n.field === 'telephone')).toEqual([]);
  });

  it('keeps one telephone and notes the others; leaves an unreadable one for validation', () => {
    const two = migrateV0Record(v0({ telephone: '02 35 42 32 20 / 06 12 34 56 78' }));
    expect(two.record.telephone).toBe('+33235423220');
    expect(notesOf(two.notes, 'dropped', 'telephone').map((n) => n.value)).toEqual(['06 12 34 56 78']);
    expect(migrateV0Record(v0({ telephone: 'standard mairie' })).record.telephone).toBe('standard mairie');
  });

  it('restores the leading zero of postcodes and INSEE codes stored as numbers', () => {
    const { record, notes } = migrateV0Record(v0({ code_postal: '1000', code_insee: '1053' }));
    expect(record.code_postal).toBe('01000');
    expect(record.code_insee).toBe('01053');
    expect(notesOf(notes, 'reformatted')).toHaveLength(2);
  });

  it('rewrites French dates and decimal commas', () => {
    const { record } = migrateV0Record(v0({ date_maj: '5/3/2024', latitude: '49,49', longitude: '0,11' }));
    expect(record.date_maj).toBe('2024-03-05');
    expect(record.latitude).toBe('49.49');
    expect(record.longitude).toBe('0.11');
  });

  it('moves an over-long presentation_resume to presentation_detail and cuts the summary at a word', () => {
    const long = `${'Un lieu ouvert à tous pour apprendre le numérique. '.repeat(8)}Fin.`;
    const { record, notes } = migrateV0Record(
      v0({ presentation_resume: long, presentation_detail: 'Détails.' }),
    );
    const max = FIELD_BY_NAME.get('presentation_resume')?.maxLength ?? 0;
    expect(long.length).toBeGreaterThan(max);
    expect(record.presentation_resume.length).toBeLessThanOrEqual(max);
    expect(record.presentation_resume.endsWith('…')).toBe(true);
    expect(long.startsWith(record.presentation_resume.slice(0, -1))).toBe(true);
    expect(record.presentation_detail).toBe(`${long.trim()}\n\nDétails.`);
    expect(notesOf(notes, 'split', 'presentation_resume')).toHaveLength(1);
  });

  it('keeps a presentation_resume that fits', () => {
    const { record, notes } = migrateV0Record(v0({ presentation_resume: 'Court.' }));
    expect(record.presentation_resume).toBe('Court.');
    expect(notes.filter((n) => n.field === 'presentation_resume')).toEqual([]);
  });
});

describe('migrateV0Record — identifiers', () => {
  it('derives a stable id when missing, and notes it', () => {
    const row = v0({ id: '' });
    const a = migrateV0Record(row, { sourceName: 'le-havre.json' });
    const b = migrateV0Record({ ...row }, { sourceName: 'le-havre.json' });
    expect(a.record.id).toMatch(/^v0-[0-9a-f]{14}$/);
    expect(b.record.id).toBe(a.record.id);
    expect(notesOf(a.notes, 'defaulted', 'id')).toHaveLength(1);
  });

  it('derives different ids for different places or sources', () => {
    const base = migrateV0Record(v0({ id: '' })).record.id;
    expect(migrateV0Record(v0({ id: '', nom: 'Autre lieu' })).record.id).not.toBe(base);
    expect(migrateV0Record(v0({ id: '', adresse: '2 rue de Paris' })).record.id).not.toBe(base);
    expect(migrateV0Record(v0({ id: '' }), { sourceName: 'autre.json' }).record.id).not.toBe(base);
  });
});

describe('migrateV0Record — robustness', () => {
  it('never throws and only writes allowed values in enumerated fields', () => {
    const columns = [
      'services',
      'publics_accueillis',
      'conditions_acces',
      'labels_nationaux',
      'modalites_accompagnement',
    ];
    const vocabulary = [
      ...V0_SERVICES_MAPPING.map(([v]) => v),
      'Seniors (+ 65 ans)',
      'Familles/enfants',
      'Adultes',
      'Gratuit',
      'CNFS',
      'APTIC',
      'Seul',
    ];
    const item = fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 30 }));
    const list = fc
      .tuple(fc.array(item, { maxLength: 6 }), fc.constantFrom(';', ' / ', '|', '\n', ',', ''))
      .map(([items, sep]) => items.join(sep));
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(columns.map((c) => [c, list]))),
        fc.string(),
        (lists, other) => {
          const { record, notes } = migrateV0Record({
            ...v0(),
            ...lists,
            telephone: other,
            presentation_resume: other,
          });
          expectValidEnums(record);
          for (const n of notes) {
            expect(n.message.length).toBeGreaterThan(0);
            expect(n.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts undefined values', () => {
    const { record } = migrateV0Record({ ...v0(), courriel: undefined });
    expect(record.courriels).toBe('');
  });
});

describe.skipIf(!existsSync(SHARED))(
  'migrateV0Record — real v0.1 files (needs ../shared, skipped when absent)',
  () => {
    const load = (path: string): Record<string, string>[] =>
      (JSON.parse(readFileSync(resolve(SHARED, path), 'utf8')) as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
        ),
      );
    // Read lazily: describe bodies run at collection even when the suite is skipped.
    const schemaV0 = () =>
      JSON.parse(readFileSync(resolve(SHARED, 'data/standard/schema-v0.1.1.json'), 'utf8')) as {
        fields: { name: string; constraints?: { pattern?: string } }[];
      };

    /** The values of a v0.1.1 enumeration, read from its pattern `(?:(?:^|;)(a|b|c))+$`. */
    function v0Values(name: string): string[] {
      const pattern = schemaV0().fields.find((f) => f.name === name)?.constraints?.pattern ?? '';
      const inner = /\(\?:\(\?:\^\|;\)\((.*)\)\)\+\$$/.exec(pattern)?.[1] ?? '';
      return inner.split(/\|(?![^(]*\))/).map((v) => v.replace(/\\(.)/g, '$1'));
    }

    it.each([
      'services',
      'publics_accueillis',
      'conditions_acces',
      'labels_nationaux',
      'modalites_accompagnement',
    ])('understands every value of the v0.1.1 enumeration « %s »', (name) => {
      const values = v0Values(name);
      expect(values.length).toBeGreaterThan(3);
      for (const value of values) {
        const { record, notes } = migrateV0Record(v0({ [name]: value }));
        const lost = notes.filter(
          (n) => n.kind === 'unmapped' && !record.autres_formations_labels.includes(n.value),
        );
        expect(lost, value).toEqual([]);
        expectValidEnums(record);
      }
      if (name === 'services') expect(new Set(values)).toEqual(new Set(V0_SERVICES_MAPPING.map(([v]) => v)));
    });

    it('migrates cartographie-v0.1 (687 records) without any unreadable value', () => {
      const rows = load('data/sources/cartographie-v0.1/source.v0.1.json');
      expect(rows).toHaveLength(687);
      for (const row of rows) {
        const { record, notes } = migrateV0Record(row);
        expect(record.id).toBe(row.id);
        expectValidEnums(record);
        expect(notesOf(notes, 'unmapped')).toEqual([]);
        if (row.services) expect(record.services).not.toBe('');
      }
    });

    it('gives each note code a single kind', () => {
      const kindOfCode = new Map<string, string>();
      for (const path of [
        'data/sources/le-havre/le-havre.v0.1.json',
        'data/sources/aix-en-provence/aix-en-provence.json',
      ]) {
        for (const row of load(path)) {
          for (const n of migrateV0Record(row).notes) {
            expect(kindOfCode.get(n.code) ?? n.kind, n.code).toBe(n.kind);
            kindOfCode.set(n.code, n.kind);
          }
        }
      }
      expect(kindOfCode.size).toBeGreaterThan(5);
    });

    it('migrates le-havre (80 messy records), reporting only text that is not a value', () => {
      const rows = load('data/sources/le-havre/le-havre.v0.1.json');
      expect(rows).toHaveLength(80);
      const unmapped: string[] = [];
      for (const row of rows) {
        const { record, notes } = migrateV0Record(row);
        expectValidEnums(record);
        unmapped.push(...notesOf(notes, 'unmapped').map((n) => n.value));
        expect(record.services).not.toBe('');
      }
      // The only unreadable text is a remark typed into the services cell.
      expect(unmapped).toEqual(['(Prise de rendez-vous par téléphone ou sur présentation en guichet)']);
    });
  },
);

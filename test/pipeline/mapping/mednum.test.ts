/**
 * The previous national pipeline's configs: each construct translated, and every config published
 * in ../shared translated and compiled without error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyMapping,
  compileMapping,
  DefinitionError,
  translateMednumConfig,
} from '../../../src/pipeline/mapping/index.js';

const SHARED = resolve(__dirname, '../../../../shared');
const SOURCES = join(SHARED, 'data/sources');

function translate(config: unknown) {
  const t = translateMednumConfig(config, 'x.mednum-cli-config.json');
  return { ...t, compiled: compileMapping(t.mapping) };
}

describe('translateMednumConfig', () => {
  it('translates colonne, joindre, dissocier and valeur', () => {
    const { compiled } = translate({
      nom: { colonne: 'NOM' },
      adresse: { joindre: { colonnes: ['N°', 'ADRESSE'], séparateur: ' ' } },
      latitude: { dissocier: { colonne: 'pointgeo', séparateur: ',', partie: 0 } },
      longitude: { dissocier: { colonne: 'pointgeo', séparateur: ',', partie: 1 } },
      date_maj: { valeur: '2023-03-01' },
    });
    const { record } = applyMapping(
      compiled,
      { NOM: 'Lieu', 'N°': 3, ADRESSE: 'rue X', pointgeo: '42.35473, 9.04258' },
      {
        sourceId: 's',
      },
    );
    expect(record).toMatchObject({
      nom: 'Lieu',
      adresse: '3 rue X',
      latitude: '42.35473',
      longitude: '9.04258',
      date_maj: '2023-03-01',
    });
  });

  it('reads code postal and commune from the address when their colonne is empty', () => {
    const { compiled, warnings } = translate({
      adresse: { colonne: 'Adresse' },
      code_postal: { colonne: '' },
      commune: { colonne: '' },
      date_maj: { colonne: '' },
    });
    expect(warnings.join(' ')).toMatch(/date_maj sans colonne/);
    const { record } = applyMapping(
      compiled,
      { Adresse: 'Mairie de Corscia 20224 CORSCIA' },
      { sourceId: 's' },
    );
    expect(record).toMatchObject({ adresse: 'Mairie de Corscia', code_postal: '20224', commune: 'CORSCIA' });
  });

  it('translates choices: constants, non-empty columns, terms and exceptions', () => {
    const { compiled } = translate({
      typologie: [{ cible: 'RFS' }],
      modalites_accompagnement: [{ colonnes: ['etp_mediateur'], cible: 'Accompagnement individuel' }],
      frais_a_charge: [
        { colonnes: ['tarifs'], termes: ['Gratuit'], sauf: ['Gratuit sous condition'], cible: 'Gratuit' },
        { colonnes: ['tarifs'], termes: ['Gratuit sous condition'], cible: 'Gratuit sous condition' },
      ],
    });
    const a = applyMapping(compiled, { etp_mediateur: '1', tarifs: 'Gratuit' }, { sourceId: 's' }).record;
    expect(a).toMatchObject({
      typologie: 'RFS',
      modalites_accompagnement: 'Accompagnement individuel',
      frais_a_charge: 'Gratuit',
    });
    const b = applyMapping(
      compiled,
      { etp_mediateur: '', tarifs: 'Gratuit sous condition' },
      { sourceId: 's' },
    ).record;
    expect(b).toMatchObject({ modalites_accompagnement: '', frais_a_charge: 'Gratuit sous condition' });
  });

  it('translates v0.1 targets through the migration vocabulary', () => {
    const { compiled, warnings } = translate({
      voie: { colonne: 'adresse' },
      courriel: { colonne: 'mail' },
      labels_nationaux: [{ cible: 'France Services' }, { cible: 'CNFS' }],
      conditionAcces: [{ cible: 'Gratuit : Je peux accéder gratuitement au lieu et à ses services' }],
      publics_accueillis: [{ cible: 'Adultes' }, { cible: 'Jeunes (16-26 ans)' }, { cible: 'Surdité' }],
      services: [
        {
          colonnes: ['s'],
          termes: ['démarches'],
          cible: 'Réaliser des démarches administratives avec un accompagnement',
        },
        { cible: 'Comprehension du monde numérique' },
      ],
      formations_labels: [{ cible: 'Étapes numériques (La Poste)' }],
    });
    const { record } = applyMapping(
      compiled,
      { adresse: '1 rue', mail: 'a@b.fr', s: 'démarches' },
      { sourceId: 's' },
    );
    expect(record).toMatchObject({
      adresse: '1 rue',
      courriels: 'a@b.fr',
      dispositif_programmes_nationaux: 'Conseillers numériques|France Services',
      frais_a_charge: 'Gratuit',
      publics_specifiquement_adresses: 'Jeunes',
      prise_en_charge_specifique: 'Surdité',
      services: 'Aide aux démarches administratives|Compréhension du monde numérique',
      autres_formations_labels: 'Étapes numériques (La Poste)',
    });
    expect(warnings.join('\n')).toMatch(/Adultes/);
    expect(warnings.join('\n')).toMatch(/autres_formations_labels/);
  });

  it('translates hours: osm, semaine, jours and semaine_ouverture', () => {
    const { compiled } = translate({
      horaires: {
        osm: 'horaires',
        semaine: 'texte',
        jours: [
          { colonne: 'h_lundi', osm: 'Mo' },
          { colonne: ['h_mardi_matin', 'h_mardi_aprem'], osm: 'Tu' },
        ],
      },
      semaine_ouverture: { colonne: 'ouverture' },
    });
    const run = (raw: Record<string, string>) =>
      applyMapping(compiled, raw, { sourceId: 's' }).record.horaires;
    expect(run({ horaires: 'Mo 09:00-12:00', ouverture: 'Semaine paire' })).toBe(
      'week 02-52/2 Mo 09:00-12:00',
    );
    expect(run({ horaires: '', h_lundi: '9h-12h', h_mardi_matin: '9h-12h', h_mardi_aprem: '14h-17h' })).toBe(
      'Mo 09:00-12:00; Tu 09:00-12:00,14:00-17:00',
    );
    expect(run({ horaires: '', texte: 'le jeudi de 10h à 12h' })).toBe('Th 10:00-12:00');
  });

  it.each([
    [{ nom: { col: 'x' } }, 'nom.col'],
    [{ champ_inconnu: { colonne: 'x' } }, 'champ_inconnu'],
    [{ services: [{ colonnes: ['a'], termes: ['b'] }] }, 'services[0].cible'],
    [
      { services: [{ cible: 'Aide aux démarches administratives', modalitesAccompagnement: 'x' }] },
      'services[0].modalitesAccompagnement',
    ],
    [{ horaires: { jours: [{ colonne: 'x', osm: 'Lu' }] } }, 'horaires.jours[0].osm'],
    [
      { latitude: { dissocier: { colonne: 'p', séparateur: ',', partie: 'un' } } },
      'latitude.dissocier.partie',
    ],
    [{ adresse: { joindre: { colonnes: ['a'] } }, code_postal: { colonne: '' } }, 'code_postal'],
  ])('reports unknown or bad constructs with file and key: %j', (config, key) => {
    try {
      translate(config);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DefinitionError);
      expect((error as DefinitionError).key).toBe(key);
      expect((error as DefinitionError).describe()).toMatch(/^x\.mednum-cli-config\.json, clé /);
    }
  });
});

describe.skipIf(!existsSync(SOURCES))('every mednum-cli config of ../shared (absent: skipped)', () => {
  const configs = existsSync(SOURCES)
    ? readdirSync(SOURCES).flatMap((dir) =>
        readdirSync(join(SOURCES, dir))
          .filter((f) => f.endsWith('.mednum-cli-config.json'))
          .map((f) => join(SOURCES, dir, f)),
      )
    : [];

  it('finds the published configs', () => {
    expect(configs.length).toBeGreaterThanOrEqual(13);
  });

  it.each(configs.map((c) => [c.slice(SOURCES.length + 1), c]))('%s translates and compiles', (_, path) => {
    const { mapping, warnings, compiled } = translate(JSON.parse(readFileSync(path, 'utf8')));
    expect(Object.keys(mapping.fields)).toContain('nom');
    expect(compiled.fields.length).toBeGreaterThan(3);
    for (const w of warnings) expect(w).toMatch(/\S/);
  });
});

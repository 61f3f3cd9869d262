/**
 * The server-rendered lieu page: everything the standard holds, escaped, with only safe links, this
 * week's hours with public holidays, freshness warning, quality, booking only when present, and the
 * « Signaler une erreur » entry point.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ageInDays,
  frenchDate,
  lieuPageAssets,
  renderLieuPage,
  SERVICE_GROUPS,
} from '../../../src/server/pages/index.js';
import { SERVICES } from '../../../src/core/standard/enums.js';
import type { DatasetLieuRow } from '../../../src/store/index.js';

// Monday 14 July 2025 (Fête nationale), 10:00 in Paris.
const NOW = new Date('2025-07-14T08:00:00Z');

function row(record: Record<string, string>, extra: Partial<DatasetLieuRow> = {}): DatasetLieuRow {
  return {
    id: 'lieu-1',
    record: {
      id: 'lieu-1',
      nom: 'Espace numérique',
      adresse: '1 rue de la Paix',
      code_postal: '69001',
      commune: 'Lyon',
      date_maj: '2025-05-01',
      ...record,
    },
    quality: {
      score: 72.4,
      details: { horaires: { points: 0, max: 14, note: 'Horaires absents', missing: true } },
    },
    sources: ['source-lyon'],
    ...extra,
  };
}

const FULL = row({
  typologie: 'BIB|EPN',
  code_insee: '69381',
  latitude: '45.767',
  longitude: '4.834',
  complement_adresse: 'Bâtiment B',
  horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  services:
    'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique',
  publics_specifiquement_adresses: 'Seniors|Jeunes',
  prise_en_charge_specifique: 'Surdité',
  modalites_acces: 'Se présenter',
  modalites_accompagnement: 'Seul|Avec de l’aide',
  frais_a_charge: 'Gratuit',
  dispositif_programmes_nationaux: 'France Services',
  formations_labels: 'Fabriques de Territoire',
  autres_formations_labels: 'Label local',
  presentation_resume: 'Un lieu pour apprendre.',
  presentation_detail: 'Premier paragraphe.\n\nSecond paragraphe.',
  telephone: '+33478000000',
  courriels: 'contact@exemple.fr',
  site_web: 'https://exemple.fr|javascript:alert(1)',
  prise_rdv: 'https://rdv.exemple.fr/lieu-1',
  fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/app/69/lieu-1/',
  source: 'Ville de Lyon',
  pivot: '21690123100011',
});

describe('renderLieuPage', () => {
  const html = renderLieuPage({
    lieu: FULL,
    now: NOW,
    publicUrl: 'https://lieux.exemple.fr',
    territory: { departement: '69', region: '84' },
  });

  it('is a complete accessible page: language, title, landmarks, one h1, skip link', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).toContain('<title>Espace numérique — Lyon — Repère</title>');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    for (const landmark of ['<header', '<nav', '<main id="contenu"', '<footer'])
      expect(html).toContain(landmark);
    expect(html).toContain('href="#contenu"');
    expect(html).toContain('<link rel="canonical" href="https://lieux.exemple.fr/lieux/lieu-1">');
  });

  it('holds everything the standard gives', () => {
    for (const text of [
      'Bâtiment B',
      '69001 Lyon',
      'Bibliothèque',
      'Seniors',
      'Surdité',
      'Se présenter',
      'Avec de l’aide',
      'Gratuit',
      'France Services',
      'Fabriques de Territoire',
      'Label local',
      'Un lieu pour apprendre.',
      '<p>Premier paragraphe.</p><p>Second paragraphe.</p>',
      'mailto:contact@exemple.fr',
      'href="https://exemple.fr/"',
      'Ville de Lyon',
      '1er mai 2025',
      '72 / 100',
      'Horaires absents',
      '21690123100011',
    ]) {
      expect(html, text).toContain(text);
    }
  });

  it('groups services by need', () => {
    expect(html).toMatch(
      /<h3>Démarches en ligne<\/h3><ul><li>Aide aux démarches administratives<\/li><\/ul>/,
    );
    expect(html).toMatch(
      /<h3>Équipement et connexion<\/h3><ul><li>Accès internet et matériel informatique<\/li><\/ul>/,
    );
    // Every service of the standard has a group.
    for (const service of SERVICES)
      expect(
        SERVICE_GROUPS.some((g) => g.services.includes(service)),
        service,
      ).toBe(true);
  });

  it('shows this week with dates, today and public holidays', () => {
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(table.match(/<tr/g)).toHaveLength(8); // header + 7 days
    expect(table).toMatch(
      /<tr aria-current="date"><th scope="row">Lundi <span class="muted">14 juillet<\/span>/,
    );
    expect(table).toContain('Fête nationale');
    expect(table).toMatch(
      /Mardi <span class="muted">15 juillet<\/span><\/th><td>09:00 – 12:00, 14:00 – 17:00/,
    );
    // Closed today (holiday, PH off).
    expect(html).toMatch(/<p class="status status--closed" id="statut">Fermé · ouvre demain à 09:00<\/p>/);
  });

  it('offers booking, itinerary, map and call actions; links are safe', () => {
    expect(html).toContain('href="https://rdv.exemple.fr/lieu-1"');
    expect(html).toContain('Prendre rendez-vous en ligne');
    expect(html).toContain('https://www.openstreetmap.org/directions?to=45.767%2C4.834');
    expect(html).toContain('href="/carte?lieu=lieu-1&amp;zoom=15&amp;centre=45.767,4.834"');
    expect(html).toContain('href="tel:+33478000000">04 78 00 00 00</a>');
    expect(html).toContain('href="https://acceslibre.beta.gouv.fr/app/69/lieu-1/"');
    expect(html).toContain('href="/carte?regions=84&amp;departements=69"');
    expect(html).not.toContain('javascript:');
  });

  it('has a « Signaler une erreur » entry point, to the configured form or to the producer', () => {
    expect(html).toContain('<h2 id="signaler">Signaler une erreur</h2>');
    expect(html).toContain('publiées par <strong>Ville de Lyon</strong>');
    const withForm = renderLieuPage({
      lieu: FULL,
      now: NOW,
      publicUrl: '',
      reportUrl: 'https://signalement.exemple.fr/?lieu={id}',
    });
    expect(withForm).toContain('href="https://signalement.exemple.fr/?lieu=lieu-1"');
    const badForm = renderLieuPage({ lieu: FULL, now: NOW, publicUrl: '', reportUrl: 'javascript:alert(1)' });
    expect(badForm).not.toContain('javascript:');
    expect(badForm).toContain('publiées par');
  });

  it('escapes everything from producers', () => {
    const hostile = renderLieuPage({
      lieu: row({
        nom: '<script>alert("x")</script>',
        presentation_resume: '<img src=x onerror=alert(1)>',
        prise_rdv: 'javascript:alert(1)',
      }),
      now: NOW,
      publicUrl: '',
    });
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hostile).not.toContain('Prendre rendez-vous en ligne');
  });
});

describe('renderLieuPage with little information', () => {
  it('says what is missing instead of leaving holes; no booking button without prise_rdv', () => {
    const html = renderLieuPage({
      lieu: row({ date_maj: '2023-01-10' }, { quality: { score: 30, details: {} } }),
      now: NOW,
      publicUrl: '',
    });
    expect(html).toContain('Horaires non renseignés');
    expect(html).toContain('Services non précisés');
    expect(html).toContain('Aucun moyen de contact renseigné.');
    expect(html).toContain('informations d’accessibilité (entrée, marches, accueil) ne sont pas renseignées');
    expect(html).not.toContain('Prendre rendez-vous');
    expect(html).toContain('ces informations ont plus d’un an');
    expect(html).not.toContain('rel="canonical"');
    expect(html).toContain('Source : <strong>source-lyon</strong>');
  });

  it('shows unreadable hours as given, to be confirmed', () => {
    const html = renderLieuPage({ lieu: row({ horaires: 'le lundi matin' }), now: NOW, publicUrl: '' });
    expect(html).toContain('Horaires à confirmer');
    expect(html).toContain('<code>le lundi matin</code>');
  });
});

describe('helpers', () => {
  it('French dates and ages', () => {
    expect(frenchDate('2025-03-01')).toBe('1er mars 2025');
    expect(frenchDate('2025-12-25')).toBe('25 décembre 2025');
    expect(frenchDate('bientôt')).toBe('bientôt');
    expect(ageInDays('2025-07-13', NOW)).toBe(1);
    expect(ageInDays('n/a', NOW)).toBeUndefined();
  });

  const dir = mkdtempSync(join(tmpdir(), 'repere-web-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('links the built script from the manifest, nothing without a build', () => {
    mkdirSync(join(dir, '.vite'));
    writeFileSync(
      join(dir, '.vite', 'manifest.json'),
      JSON.stringify({ 'lieu-page.ts': { file: 'assets/lieu-abc.js', isEntry: true } }),
    );
    expect(lieuPageAssets(dir)).toEqual({ scripts: ['/assets/lieu-abc.js'], styles: [] });
    expect(lieuPageAssets(undefined)).toEqual({ scripts: [], styles: [] });
    expect(lieuPageAssets(join(dir, 'absent'))).toEqual({ scripts: [], styles: [] });
    const html = renderLieuPage({ lieu: row({}), now: NOW, publicUrl: '', webDir: dir });
    expect(html).toContain('<script type="module" src="/assets/lieu-abc.js"></script>');
  });
});

import { describe, expect, it } from 'vitest';
import {
  CRITERIA,
  scoreLieu,
  scoreSource,
  WEIGHTS,
  type LieuScore,
  type ScoredIssue,
} from '../../../src/core/quality/index.js';

const NOW = new Date('2024-06-01T12:00:00Z');

/** A lieu complete for orientation, updated a month before NOW. */
function complete(extra: Record<string, string> = {}): Record<string, string> {
  return {
    id: 'l1',
    pivot: '21490007800012',
    nom: 'Médiathèque Toussaint',
    commune: 'Angers',
    code_postal: '49100',
    adresse: '49 rue Toussaint',
    latitude: '47.4706',
    longitude: '-0.5561',
    telephone: '+33241242550',
    courriels: 'bm@angers.fr',
    horaires: 'Tu-Sa 10:00-18:00',
    services: 'Aide aux démarches administratives|Accès internet et matériel informatique',
    modalites_acces: 'Se présenter|Téléphoner',
    modalites_accompagnement: 'Accompagnement individuel',
    frais_a_charge: 'Gratuit',
    publics_specifiquement_adresses: 'Seniors',
    prise_rdv: 'https://rdv.angers.fr',
    fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/app/49-angers/a/bibliotheque/erp/bm-toussaint/',
    date_maj: '2024-05-01',
    ...extra,
  };
}

const score = (extra: Record<string, string> = {}, options = {}): LieuScore =>
  scoreLieu(complete(extra), { now: NOW, ...options });

describe('scoreLieu', () => {
  it('weights add up to 100', () => {
    expect(CRITERIA.reduce((s, c) => s + WEIGHTS[c], 0)).toBe(100);
  });

  it('gives 100 to a complete, fresh, clean lieu', () => {
    const s = score();
    expect(s.score).toBe(100);
    for (const c of CRITERIA)
      expect(s.details[c]).toMatchObject({ points: WEIGHTS[c], max: WEIGHTS[c], missing: false });
  });

  it('gives little to an empty record, without throwing', () => {
    const s = scoreLieu({}, { now: NOW });
    // Only "no warning" is earned.
    expect(s.score).toBe(WEIGHTS.avertissements);
    expect(CRITERIA.filter((c) => s.details[c].missing)).toEqual(
      CRITERIA.filter((c) => c !== 'avertissements'),
    );
  });

  it.each([
    ['services', { services: '' }],
    ['modalites_acces', { modalites_acces: '' }],
    ['modalites_accompagnement', { modalites_accompagnement: '' }],
    ['frais_a_charge', { frais_a_charge: '' }],
    ['publics', { publics_specifiquement_adresses: '' }],
    ['prise_rdv', { prise_rdv: '' }],
    ['fiche_acces_libre', { fiche_acces_libre: '' }],
  ] as const)('%s: missing costs its whole weight', (c, extra) => {
    const s = score(extra);
    expect(s.details[c]).toMatchObject({ points: 0, missing: true });
    expect(s.score).toBe(100 - WEIGHTS[c]);
  });

  it('counts only values of the standard in enumerated fields', () => {
    expect(score({ services: 'Cours de cuisine' }).details.services).toMatchObject({
      points: 0,
      note: 'valeurs hors du standard',
    });
    expect(
      score({ services: 'Cours de cuisine|Aide aux démarches administratives' }).details.services.points,
    ).toBe(14);
  });

  it('publics: prise en charge spécifique counts too', () => {
    expect(
      score({ publics_specifiquement_adresses: '', prise_en_charge_specifique: 'Surdité' }).details.publics
        .points,
    ).toBe(WEIGHTS.publics);
  });

  it('horaires: valid, unreadable, absent', () => {
    expect(score().details.horaires.points).toBe(14);
    const unreadable = score({ horaires: 'le matin sauf les jours de marché' }).details.horaires;
    expect(unreadable).toMatchObject({ points: 3, missing: true });
    expect(unreadable.note).toMatch(/illisibles/);
    expect(score({ horaires: '' }).details.horaires).toMatchObject({ points: 0, missing: true });
  });

  it('contact: telephone or e-mail is enough; a website alone is worth little', () => {
    expect(score({ courriels: '' }).details.contact.points).toBe(12);
    expect(score({ telephone: '' }).details.contact.points).toBe(12);
    expect(
      score({ telephone: '', courriels: '', site_web: 'https://bm.angers.fr' }).details.contact,
    ).toMatchObject({
      points: 4,
      missing: true,
    });
    expect(score({ telephone: '02 41 24 25 50', courriels: 'pas une adresse' }).details.contact.points).toBe(
      0,
    );
  });

  it('coordinates: precision matters, absence and nonsense score nothing', () => {
    expect(score({}, { precision: 'housenumber' }).details.coordonnees.points).toBe(12);
    expect(score({}, { precision: 'street' }).details.coordonnees.points).toBe(10);
    expect(score({}, { precision: 'locality' }).details.coordonnees.points).toBe(8);
    expect(score({}, { precision: 'municipality' }).details.coordonnees.points).toBe(4);
    expect(score({ latitude: '', longitude: '' }).details.coordonnees).toMatchObject({
      points: 0,
      missing: true,
    });
    expect(score({ latitude: '0', longitude: '0' }).details.coordonnees.points).toBe(0);
    expect(score({ latitude: '-0.55', longitude: '47.47' }).details.coordonnees.points).toBe(0);
  });

  it('freshness: full under 6 months, decreasing, zero at 2 years and for future dates', () => {
    const pts = (date_maj: string): number => score({ date_maj }).details.fraicheur.points;
    expect(pts('2024-01-01')).toBe(10);
    const oneYear = pts('2023-06-01');
    expect(oneYear).toBeGreaterThan(0);
    expect(oneYear).toBeLessThan(10);
    expect(pts('2022-12-01')).toBeLessThan(oneYear);
    expect(pts('2022-06-01')).toBe(0);
    expect(pts('2020-01-01')).toBe(0);
    expect(pts('2025-01-01')).toBe(0);
    expect(score({ date_maj: '01/05/2024' }).details.fraicheur).toMatchObject({ points: 0, missing: true });
  });

  it('warnings cost 2 points each, errors 4, capped at the criterion’s weight', () => {
    const w = (warnings: ScoredIssue[]) => score({}, { warnings }).details.avertissements;
    expect(w([]).points).toBe(8);
    expect(w(['pivot.placeholder']).points).toBe(6);
    expect(w([{ severity: 'warning' }, { severity: 'error', code: 'code_postal.pattern' }]).points).toBe(2);
    expect(w(Array.from({ length: 10 }, () => 'x')).points).toBe(0);
    expect(score({}, { warnings: Array.from({ length: 10 }, () => 'x') }).score).toBe(92);
  });
});

describe('scoreSource', () => {
  it('summarises mean, median, share above 60 and the most missing criteria', () => {
    const scores = [
      score(),
      score({ horaires: '', prise_rdv: '' }),
      score({
        horaires: '',
        services: '',
        frais_a_charge: '',
        modalites_acces: '',
        modalites_accompagnement: '',
      }),
      scoreLieu({}, { now: NOW }),
    ];
    const values = scores.map((s) => s.score);
    const summary = scoreSource(scores);
    expect(summary.lieux).toBe(4);
    expect(summary.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 4, 1);
    const sorted = [...values].sort((a, b) => a - b);
    expect(summary.median).toBe((sorted[1]! + sorted[2]!) / 2);
    expect(summary.shareAbove60).toBe(values.filter((v) => v > 60).length / 4);
    expect(summary.mostMissing[0]).toEqual({ criterion: 'horaires', count: 3, share: 0.75 });
    expect(summary.mostMissing.find((m) => m.criterion === 'avertissements')).toBeUndefined();
  });

  it('handles an empty source', () => {
    expect(scoreSource([])).toEqual({ lieux: 0, mean: 0, median: 0, shareAbove60: 0, mostMissing: [] });
  });
});

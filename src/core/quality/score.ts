/**
 * Quality score of a lieu, 0–100: how well its record serves orientation — can someone tell what is
 * offered, when, how to get in touch, where it is, on what terms — and how fresh and clean it is.
 * Pure and isomorphic (server import reports, producer dashboards in the browser).
 *
 * Weights (points, total 100):
 * | criterion                  | max | full points when…                                                  |
 * |----------------------------|-----|--------------------------------------------------------------------|
 * | services                   |  14 | at least one service of the standard                              |
 * | horaires                   |  14 | OSM opening_hours that compiles (3 if present but unreadable)     |
 * | contact                    |  12 | a valid telephone or e-mail (4 with a website only)               |
 * | coordonnees                |  12 | a position at the address (street 10, lieu-dit 8, commune 4)      |
 * | modalites_acces            |   8 | at least one value of the standard                                 |
 * | frais_a_charge             |   8 | idem                                                               |
 * | modalites_accompagnement   |   6 | idem                                                               |
 * | publics                    |   3 | publics or prise en charge spécifique stated                       |
 * | prise_rdv                  |   3 | a valid link                                                       |
 * | fiche_acces_libre          |   2 | a valid link                                                       |
 * | fraicheur                  |  10 | date_maj under 6 months; linear down to 0 at 2 years; 0 if future  |
 * | avertissements             |   8 | no validation warning; each warning costs 2, each error 4          |
 * Without a stated precision, valid coordinates count as placed at the address (a producer's point).
 */
import { compileHours } from '../hours/compile.js';
import { checkIsoDate, isEmail, isHttpUrl, parseDecimal, territoryAt } from '../standard/checks.js';
import {
  FRAIS_A_CHARGE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../standard/enums.js';
import { FIELD_BY_NAME } from '../standard/fields.js';
import type { FlatRecord } from '../standard/types.js';

export type Criterion =
  | 'services'
  | 'horaires'
  | 'contact'
  | 'coordonnees'
  | 'modalites_acces'
  | 'frais_a_charge'
  | 'modalites_accompagnement'
  | 'publics'
  | 'prise_rdv'
  | 'fiche_acces_libre'
  | 'fraicheur'
  | 'avertissements';

export const WEIGHTS: Readonly<Record<Criterion, number>> = {
  services: 14,
  horaires: 14,
  contact: 12,
  coordonnees: 12,
  modalites_acces: 8,
  frais_a_charge: 8,
  modalites_accompagnement: 6,
  publics: 3,
  prise_rdv: 3,
  fiche_acces_libre: 2,
  fraicheur: 10,
  avertissements: 8,
};

export const CRITERIA = Object.keys(WEIGHTS) as Criterion[];

export interface CriterionScore {
  points: number;
  max: number;
  /** Plain French, for the producer. */
  note: string;
  /** True when the information is absent or unusable (what `scoreSource` counts). */
  missing: boolean;
}

export interface LieuScore {
  score: number;
  details: Record<Criterion, CriterionScore>;
}

export type PositionPrecision = 'housenumber' | 'street' | 'locality' | 'municipality';

/** A validation issue, or just its code (counted as a warning). */
export type ScoredIssue = string | { severity?: 'error' | 'warning'; code?: string };

export interface ScoreOptions {
  /** Validation issues of the record (and repair warnings). */
  warnings?: readonly ScoredIssue[];
  /** Reference time for freshness (default now). */
  now?: Date;
  /** Precision of the position, from geocoding. */
  precision?: PositionPrecision;
}

/** The schema's own pattern: one source of truth for what a telephone is. */
const TELEPHONE = new RegExp(FIELD_BY_NAME.get('telephone')!.pattern!);

const FULL_FRESHNESS_DAYS = 183;
const ZERO_FRESHNESS_DAYS = 730;

const PRECISION_POINTS: Readonly<Record<PositionPrecision, [number, string]>> = {
  housenumber: [12, 'position à l’adresse'],
  street: [10, 'position à la rue'],
  locality: [8, 'position au lieu-dit'],
  municipality: [4, 'position au centre de la commune seulement'],
};

function items(value: string | undefined): string[] {
  return (value ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function criterion(c: Criterion, ratio: number, note: string, missing = ratio === 0): CriterionScore {
  return { points: round1(WEIGHTS[c] * Math.max(0, Math.min(1, ratio))), max: WEIGHTS[c], note, missing };
}

function enumCriterion(c: Criterion, value: string | undefined, allowed: readonly string[]): CriterionScore {
  const all = items(value);
  const known = all.filter((v) => allowed.includes(v));
  if (known.length)
    return criterion(c, 1, `${known.length} valeur${known.length > 1 ? 's' : ''} du standard`);
  return criterion(c, 0, all.length ? 'valeurs hors du standard' : 'non renseigné');
}

function horaires(value: string | undefined): CriterionScore {
  const text = (value ?? '').trim();
  if (!text) return criterion('horaires', 0, 'non renseignés');
  const compiled = compileHours(text);
  if (compiled.ok) return criterion('horaires', 1, 'horaires lisibles (format OpenStreetMap)');
  return criterion('horaires', 3 / WEIGHTS.horaires, `présents mais illisibles : ${compiled.reason}`, true);
}

function contact(r: FlatRecord): CriterionScore {
  const tel = TELEPHONE.test((r.telephone ?? '').trim());
  const mails = items(r.courriels).filter(isEmail).length;
  if (tel || mails) {
    const what = [tel ? 'téléphone' : '', mails ? 'courriel' : ''].filter(Boolean).join(' et ');
    return criterion('contact', 1, what);
  }
  if (items(r.site_web).some(isHttpUrl))
    return criterion('contact', 4 / WEIGHTS.contact, 'site web seulement', true);
  return criterion('contact', 0, 'ni téléphone ni courriel');
}

function coordonnees(r: FlatRecord, precision: PositionPrecision | undefined): CriterionScore {
  const lat = parseDecimal((r.latitude ?? '').trim());
  const lon = parseDecimal((r.longitude ?? '').trim());
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return criterion('coordonnees', 0, 'pas de position');
  if ((lat === 0 && lon === 0) || !territoryAt(lat, lon))
    return criterion('coordonnees', 0, 'position hors de France');
  const [points, note] = PRECISION_POINTS[precision ?? 'housenumber'];
  return criterion('coordonnees', points / WEIGHTS.coordonnees, note, false);
}

function link(c: Criterion, value: string | undefined): CriterionScore {
  const v = (value ?? '').trim();
  if (!v) return criterion(c, 0, 'non renseigné');
  return isHttpUrl(v) ? criterion(c, 1, 'lien valide') : criterion(c, 0, 'lien invalide');
}

function fraicheur(value: string | undefined, now: Date): CriterionScore {
  const v = (value ?? '').trim();
  if (!v || checkIsoDate(v) !== 'ok')
    return criterion('fraicheur', 0, v ? 'date_maj illisible' : 'date_maj absente');
  const days = Math.floor((now.getTime() - Date.parse(`${v}T00:00:00Z`)) / 86_400_000);
  if (days < -1) return criterion('fraicheur', 0, 'date_maj dans le futur');
  const months = Math.max(0, Math.round(days / 30.44));
  const ratio =
    days <= FULL_FRESHNESS_DAYS
      ? 1
      : (ZERO_FRESHNESS_DAYS - days) / (ZERO_FRESHNESS_DAYS - FULL_FRESHNESS_DAYS);
  return criterion('fraicheur', ratio, `mis à jour il y a ${months} mois`, false);
}

function avertissements(issues: readonly ScoredIssue[]): CriterionScore {
  let warnings = 0;
  let errors = 0;
  for (const i of issues) {
    if (typeof i !== 'string' && i.severity === 'error') errors++;
    else warnings++;
  }
  const cost = 2 * warnings + 4 * errors;
  const parts = [
    errors ? `${errors} erreur${errors > 1 ? 's' : ''}` : '',
    warnings ? `${warnings} avertissement${warnings > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return criterion(
    'avertissements',
    1 - cost / WEIGHTS.avertissements,
    parts || 'aucun problème signalé',
    false,
  );
}

/** The quality score of one lieu and the detail of each criterion. */
export function scoreLieu(record: FlatRecord, options: ScoreOptions = {}): LieuScore {
  const r = record ?? {};
  const publicsValues = [
    ...items(r.publics_specifiquement_adresses).filter((v) =>
      (PUBLICS_SPECIFIQUEMENT_ADRESSES as readonly string[]).includes(v),
    ),
    ...items(r.prise_en_charge_specifique).filter((v) =>
      (PRISE_EN_CHARGE_SPECIFIQUE as readonly string[]).includes(v),
    ),
  ];
  const details: Record<Criterion, CriterionScore> = {
    services: enumCriterion('services', r.services, SERVICES),
    horaires: horaires(r.horaires),
    contact: contact(r),
    coordonnees: coordonnees(r, options.precision),
    modalites_acces: enumCriterion('modalites_acces', r.modalites_acces, MODALITES_ACCES),
    frais_a_charge: enumCriterion('frais_a_charge', r.frais_a_charge, FRAIS_A_CHARGE),
    modalites_accompagnement: enumCriterion(
      'modalites_accompagnement',
      r.modalites_accompagnement,
      MODALITES_ACCOMPAGNEMENT,
    ),
    publics: publicsValues.length
      ? criterion('publics', 1, 'publics ou prise en charge spécifique précisés')
      : criterion('publics', 0, 'non précisé (le lieu est présumé ouvert à tous)'),
    prise_rdv: link('prise_rdv', r.prise_rdv),
    fiche_acces_libre: link('fiche_acces_libre', r.fiche_acces_libre),
    fraicheur: fraicheur(r.date_maj, options.now ?? new Date()),
    avertissements: avertissements(options.warnings ?? []),
  };
  let total = 0;
  for (const c of CRITERIA) total += details[c].points;
  return { score: Math.round(Math.max(0, Math.min(100, total))), details };
}

export interface SourceScore {
  lieux: number;
  mean: number;
  median: number;
  /** Share of lieux scoring more than 60, 0–1. */
  shareAbove60: number;
  /** Criteria most often missing, most frequent first (only those missing at least once). */
  mostMissing: Array<{ criterion: Criterion; count: number; share: number }>;
}

/** Summary of a source's lieux scores. */
export function scoreSource(scores: readonly LieuScore[]): SourceScore {
  const n = scores.length;
  if (!n) return { lieux: 0, mean: 0, median: 0, shareAbove60: 0, mostMissing: [] };
  const values = scores.map((s) => s.score).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  const missing = new Map<Criterion, number>();
  for (const s of scores)
    for (const c of CRITERIA) if (s.details[c]?.missing) missing.set(c, (missing.get(c) ?? 0) + 1);
  return {
    lieux: n,
    mean: round1(values.reduce((a, b) => a + b, 0) / n),
    median,
    shareAbove60: Math.round((values.filter((v) => v > 60).length / n) * 1000) / 1000,
    mostMissing: [...missing]
      .map(([criterion, count]) => ({ criterion, count, share: Math.round((count / n) * 1000) / 1000 }))
      .sort((a, b) => b.count - a.count || CRITERIA.indexOf(a.criterion) - CRITERIA.indexOf(b.criterion)),
  };
}

/**
 * Deterministic synthetic national dataset in the standard v1.0.1 (`source` = « Démonstration »).
 *
 * Realistic enough to exercise everything downstream — the query engine, the map's density, open-now,
 * the orientation journey — and the benchmarks at 20k and 100k lieux:
 * - geography: real communes, drawn with a weight that grows with population (cities hold many lieux,
 *   most villages none), each lieu scattered around its commune's centre;
 * - kinds of places (typologie) with consistent names, services, hours, publics and access modes;
 * - a few itinerant buses, France Services, Conseillers numériques, online booking links;
 * - valid identifiers (SIRET with a correct Luhn key), E.164 phones with the right overseas prefix.
 *
 * Pure: the communes come in as data, randomness from a seeded generator; same inputs → same output.
 */
import { TELEPHONE_PLANS } from '../standard/checks.js';
import type { FlatRecord } from '../standard/types.js';
import { FIELD_NAMES } from '../standard/fields.js';
import { seededRandom } from './random.js';

export const DEMO_SOURCE = 'Démonstration';

export interface DemoCommune {
  code: string;
  nom: string;
  codesPostaux: readonly string[];
  departement: string;
  population: number;
  lat: number;
  lon: number;
}

export interface DemoOptions {
  count: number;
  seed: number;
  /** Reference date for `date_maj` (spread over the 3 years before it). */
  now: Date;
}

export { seededRandom };

type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

/** Picks k distinct items (k may be larger than the list: then all of them), in the list's order. */
function pickSome<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const chosen = new Set<number>();
  const n = Math.min(k, items.length);
  while (chosen.size < n) chosen.add(Math.floor(rng() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}

interface Kind {
  typologie: string;
  weight: number;
  names: ReadonlyArray<(commune: string) => string>;
  services: readonly string[];
  optionalServices: readonly string[];
  hours: readonly string[];
  dispositifs?: readonly string[];
  frais: readonly string[][];
}

const S = {
  demarches: 'Aide aux démarches administratives',
  outils: 'Maîtrise des outils numériques du quotidien',
  insertion: 'Insertion professionnelle via le numérique',
  securite: 'Utilisation sécurisée du numérique',
  parentalite: 'Parentalité et éducation avec le numérique',
  loisirs: 'Loisirs et créations numériques',
  comprehension: 'Compréhension du monde numérique',
  acces: 'Accès internet et matériel informatique',
  materiel: 'Acquisition de matériel informatique à prix solidaire',
} as const;

const OFFICE_HOURS = [
  'Mo-Fr 09:00-12:00,13:30-17:00',
  'Mo-Fr 08:30-12:00,13:30-17:30; PH off',
  'Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00',
  'Mo,Tu,Th,Fr 09:00-12:30,13:30-17:00; We 09:00-12:30',
  'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off',
  'Tu-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00',
];
const LIBRARY_HOURS = [
  'Tu 14:00-18:00; We 10:00-12:00,14:00-18:00; Fr 14:00-18:00; Sa 10:00-12:00,14:00-17:00',
  'Tu-Fr 13:00-18:30; We,Sa 10:00-18:00; PH off',
  'We 10:00-12:00,14:00-18:00; Sa 10:00-16:00',
  'Tu,Th 16:00-18:30; We 10:00-12:00,14:00-18:00; Sa 10:00-12:30',
  'Tu-Sa 10:00-18:00; Su 14:00-17:00; PH off',
];
const ASSOCIATION_HOURS = [
  'Mo-Fr 09:00-12:00,14:00-17:00',
  'Mo 14:00-17:00; We 09:00-12:00; Th 14:00-18:00',
  'Tu,Th 09:00-12:00,14:00-17:00',
  'Mo-Fr 10:00-18:00; Sa 10:00-13:00',
  'We 14:00-17:00; Sa 09:30-12:30',
  'Mo-We 09:00-12:00,13:30-17:00 "sur rendez-vous l’après-midi"',
];
const BUS_HOURS = ['Mo 09:00-12:00; We 14:00-17:00; Fr 09:00-12:00', 'Tu,Th 09:30-12:30,13:30-16:30'];

const GRATUIT = [['Gratuit']];
const MIXED = [['Gratuit'], ['Gratuit'], ['Gratuit sous condition'], ['Gratuit', 'Payant'], ['Payant']];

const KINDS: readonly Kind[] = [
  {
    typologie: 'BIB',
    weight: 22,
    names: [
      (c) => `Médiathèque de ${c}`,
      (c) => `Bibliothèque municipale de ${c}`,
      (c) => `Médiathèque ${c}`,
    ],
    services: [S.acces],
    optionalServices: [S.outils, S.loisirs, S.comprehension, S.demarches, S.parentalite],
    hours: LIBRARY_HOURS,
    frais: GRATUIT,
  },
  {
    typologie: 'RFS',
    weight: 10,
    names: [(c) => `France Services ${c}`, (c) => `France services de ${c}`],
    services: [S.demarches],
    optionalServices: [S.outils, S.acces, S.insertion],
    hours: OFFICE_HOURS,
    dispositifs: ['France Services'],
    frais: GRATUIT,
  },
  {
    typologie: 'MUNI',
    weight: 12,
    names: [(c) => `Mairie de ${c}`, (c) => `Espace numérique de la mairie de ${c}`],
    services: [S.demarches],
    optionalServices: [S.acces, S.outils],
    hours: OFFICE_HOURS,
    frais: GRATUIT,
  },
  {
    typologie: 'CCAS',
    weight: 9,
    names: [(c) => `CCAS de ${c}`, (c) => `Centre communal d’action sociale de ${c}`],
    services: [S.demarches],
    optionalServices: [S.outils, S.acces, S.securite],
    hours: OFFICE_HOURS,
    frais: GRATUIT,
  },
  {
    typologie: 'ASSO',
    weight: 18,
    names: [
      (c) => `Les Connectés de ${c}`,
      (c) => `Association Numérique pour tous ${c}`,
      (c) => `Atelier numérique solidaire de ${c}`,
      (c) => `Clic et Vous ${c}`,
      (c) => `Génération Numérique ${c}`,
    ],
    services: [S.outils],
    optionalServices: [
      S.demarches,
      S.securite,
      S.parentalite,
      S.loisirs,
      S.comprehension,
      S.materiel,
      S.insertion,
    ],
    hours: ASSOCIATION_HOURS,
    frais: MIXED,
  },
  {
    typologie: 'CS',
    weight: 8,
    names: [(c) => `Centre social de ${c}`, (c) => `Centre social et culturel ${c}`],
    services: [S.outils],
    optionalServices: [S.demarches, S.parentalite, S.acces, S.loisirs],
    hours: OFFICE_HOURS,
    frais: [['Gratuit'], ['Gratuit sous condition']],
  },
  {
    typologie: 'EPN',
    weight: 8,
    names: [(c) => `Espace public numérique de ${c}`, (c) => `Cyber-base ${c}`],
    services: [S.acces, S.outils],
    optionalServices: [S.loisirs, S.comprehension, S.securite, S.demarches],
    hours: ASSOCIATION_HOURS,
    frais: MIXED,
  },
  {
    typologie: 'TIERS_LIEUX',
    weight: 4,
    names: [(c) => `Tiers-lieu La Fabrique de ${c}`, (c) => `La Ruche numérique ${c}`],
    services: [S.loisirs],
    optionalServices: [S.outils, S.insertion, S.comprehension, S.acces],
    hours: ASSOCIATION_HOURS,
    frais: MIXED,
  },
  {
    typologie: 'ML',
    weight: 3,
    names: [(c) => `Mission locale de ${c}`],
    services: [S.insertion],
    optionalServices: [S.demarches, S.outils],
    hours: OFFICE_HOURS,
    frais: GRATUIT,
  },
  {
    typologie: 'MJC',
    weight: 3,
    names: [(c) => `MJC de ${c}`, (c) => `Maison des jeunes et de la culture de ${c}`],
    services: [S.loisirs],
    optionalServices: [S.outils, S.parentalite, S.comprehension],
    hours: ASSOCIATION_HOURS,
    frais: [['Payant'], ['Gratuit sous condition'], ['Gratuit']],
  },
  {
    typologie: 'PIMMS',
    weight: 2,
    names: [(c) => `PIMMS Médiation ${c}`],
    services: [S.demarches],
    optionalServices: [S.outils, S.acces],
    hours: OFFICE_HOURS,
    frais: GRATUIT,
  },
  {
    typologie: 'RESSOURCERIE',
    weight: 1,
    names: [(c) => `Ressourcerie informatique de ${c}`],
    services: [S.materiel],
    optionalServices: [S.outils],
    hours: ASSOCIATION_HOURS,
    frais: [['Payant']],
  },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);

const STREETS = [
  'rue de la République',
  'place de la Mairie',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'rue du Général de Gaulle',
  'place de l’Église',
  'rue Pasteur',
  'boulevard Gambetta',
  'rue des Écoles',
  'avenue de la Gare',
  'rue Jules Ferry',
  'place du Marché',
  'rue de la Paix',
  'allée des Tilleuls',
  'chemin du Moulin',
  'rue Louise Michel',
];
const COMPLEMENTS = [
  'Rez-de-chaussée',
  '1er étage',
  'Bâtiment B',
  'Entrée par la cour',
  'Salle informatique',
];
const PUBLICS = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'];
const PRISE_EN_CHARGE = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
];
const ACCES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Envoyer un mail avec une fiche de prescription',
];
const ACCOMPAGNEMENT = [
  'En autonomie',
  'Accompagnement individuel',
  'Dans un atelier collectif',
  'À distance',
];
const LABELS = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Fabriques de Territoire',
  'ORDI 3.0',
];

/** International prefix and the leading digits of a plausible number for a département. */
function phonePlan(departement: string): { prefix: string; lead: string } {
  switch (departement) {
    case '971':
      return { prefix: '+590', lead: '590' };
    case '972':
      return { prefix: '+596', lead: '596' };
    case '973':
      return { prefix: '+594', lead: '594' };
    case '974':
      return { prefix: '+262', lead: '262' };
    case '976':
      return { prefix: '+262', lead: '269' };
    default: {
      const n = Number.parseInt(departement, 10);
      // Metropolitan geographic zones: 1 Île-de-France, 2 north-west, 3 north-east, 4 south-east, 5 south-west.
      const idf = ['75', '77', '78', '91', '92', '93', '94', '95'].includes(departement);
      const zone = idf ? '1' : Number.isNaN(n) ? '4' : n < 30 ? '3' : n < 50 ? '2' : n < 70 ? '5' : '4';
      return { prefix: '+33', lead: zone };
    }
  }
}

function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(rng() * 10);
  return out;
}

function phone(rng: Rng, departement: string): string {
  const { prefix, lead } = phonePlan(departement);
  const length = TELEPHONE_PLANS[prefix]?.digits ?? 9;
  return prefix + lead + digits(rng, length - lead.length);
}

/** A 14-digit SIRET whose Luhn key is right. */
function siret(rng: Rng): string {
  const body = String(1 + Math.floor(rng() * 9)) + digits(rng, 12);
  for (let key = 0; key < 10; key++) {
    const candidate = body + key;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = candidate.charCodeAt(13 - i) - 48;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one Luhn key always exists');
}

function slug(text: string, max = 60): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Cumulative weights over communes: population^0.85 favours cities without emptying the countryside. */
function communeSampler(communes: readonly DemoCommune[]): (rng: Rng) => DemoCommune {
  const usable = communes.filter(
    (c) => Number.isFinite(c.lat) && Number.isFinite(c.lon) && c.codesPostaux.length,
  );
  if (usable.length === 0) throw new Error('aucune commune avec coordonnées et code postal');
  const cumulative = new Float64Array(usable.length);
  let total = 0;
  usable.forEach((c, i) => {
    total += Math.pow(Math.max(c.population, 50), 0.85);
    cumulative[i] = total;
  });
  return (rng) => {
    const target = rng() * total;
    let lo = 0;
    let hi = usable.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return usable[lo]!;
  };
}

function pickKind(rng: Rng): Kind {
  let target = rng() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    target -= kind.weight;
    if (target < 0) return kind;
  }
  return KINDS[KINDS.length - 1]!;
}

/** Generates `count` records. Same communes, count, seed and date → same records. */
export function generateDemoRecords(communes: readonly DemoCommune[], options: DemoOptions): FlatRecord[] {
  const rng = seededRandom(options.seed);
  const sample = communeSampler(communes);
  const records: FlatRecord[] = [];
  const namesUsed = new Map<string, number>();
  const dayMs = 86_400_000;

  for (let i = 0; i < options.count; i++) {
    const commune = sample(rng);
    const itinerant = chance(rng, 0.03);
    const kind = itinerant ? KINDS.find((k) => k.typologie === 'RFS')! : pickKind(rng);
    let nom = itinerant ? `Bus numérique ${commune.nom}` : pick(rng, kind.names)(commune.nom);
    const seen = namesUsed.get(nom) ?? 0;
    namesUsed.set(nom, seen + 1);
    if (seen > 0) nom = `${nom} – antenne ${seen + 1}`;

    // Scatter around the centre: wider in bigger communes (≈ 0.5 km in a village, ≈ 4 km in a city).
    const spreadKm = Math.min(4, 0.4 + Math.sqrt(commune.population) / 120);
    const angle = rng() * 2 * Math.PI;
    const radius = spreadKm * Math.sqrt(rng());
    const lat = commune.lat + (radius * Math.sin(angle)) / 111.32;
    const lon = commune.lon + (radius * Math.cos(angle)) / (111.32 * Math.cos((commune.lat * Math.PI) / 180));

    const services = [...kind.services, ...pickSome(rng, kind.optionalServices, Math.floor(rng() * 3))];
    const modalitesAcces = pickSome(rng, ACCES, 1 + Math.floor(rng() * 2));
    const bookable = chance(rng, 0.2);
    if (bookable) modalitesAcces.push('Prendre un RDV en ligne');
    const domain = `${slug(commune.nom)}.fr`;
    const ageDays = Math.floor(Math.pow(rng(), 1.6) * 3 * 365);
    const dispositifs = [...(kind.dispositifs ?? [])];
    if (chance(rng, 0.3)) dispositifs.push('Conseillers numériques');
    if (chance(rng, 0.08)) dispositifs.push('Aidants Connect');
    if (chance(rng, 0.04)) dispositifs.push("Point d'accès numérique CAF");

    const record: FlatRecord = Object.fromEntries(FIELD_NAMES.map((f) => [f, '']));
    Object.assign(record, {
      id: `demo-${options.seed}-${i + 1}`,
      pivot: siret(rng),
      nom,
      commune: commune.nom,
      code_postal: pick(rng, commune.codesPostaux),
      code_insee: commune.code,
      adresse: `${1 + Math.floor(rng() * 60)} ${pick(rng, STREETS)}`,
      complement_adresse: chance(rng, 0.15) ? pick(rng, COMPLEMENTS) : '',
      latitude: lat.toFixed(5),
      longitude: lon.toFixed(5),
      typologie: kind.typologie,
      telephone: chance(rng, 0.9) ? phone(rng, commune.departement) : '',
      courriels: chance(rng, 0.8) ? `contact@${slug(nom, 30)}.${domain}` : '',
      site_web: chance(rng, 0.5) ? `https://www.${domain}/` : '',
      horaires: chance(rng, 0.92) ? pick(rng, itinerant ? BUS_HOURS : kind.hours) : '',
      presentation_resume: chance(rng, 0.6)
        ? `${nom} vous accompagne dans vos usages du numérique, avec ou sans rendez-vous.`
        : '',
      presentation_detail: '',
      source: DEMO_SOURCE,
      itinerance: itinerant ? 'Itinérant' : chance(rng, 0.3) ? 'Fixe' : '',
      structure_parente: '',
      date_maj: isoDay(new Date(options.now.getTime() - ageDays * dayMs)),
      services: services.join('|'),
      publics_specifiquement_adresses: chance(rng, 0.25)
        ? pickSome(rng, PUBLICS, 1 + Math.floor(rng() * 2)).join('|')
        : '',
      prise_en_charge_specifique: chance(rng, 0.3)
        ? pickSome(rng, PRISE_EN_CHARGE, 1 + Math.floor(rng() * 3)).join('|')
        : '',
      frais_a_charge: chance(rng, 0.9) ? pick(rng, kind.frais).join('|') : '',
      dispositif_programmes_nationaux: dispositifs.join('|'),
      formations_labels: chance(rng, 0.08) ? pick(rng, LABELS) : '',
      autres_formations_labels: '',
      modalites_acces: modalitesAcces.join('|'),
      modalites_accompagnement: pickSome(rng, ACCOMPAGNEMENT, 1 + Math.floor(rng() * 3)).join('|'),
      fiche_acces_libre: chance(rng, 0.1)
        ? `https://acceslibre.beta.gouv.fr/app/${commune.departement}-${slug(commune.nom)}/a/espace-numerique/erp/${slug(nom, 40)}/`
        : '',
      prise_rdv: bookable ? `https://rdv.${domain}/${slug(nom, 30)}` : '',
    });
    records.push(record);
  }
  return records;
}

/**
 * The words and choices of the orientation journey: the steps, the standard's 9 services in plain
 * language groups, parts of the day, radii, and the specific needs. The standard's values stay as the
 * standard spells them (they are what the query carries); people read the plain labels beside them.
 */
import {
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../standard/enums.js';

export type Service = (typeof SERVICES)[number];
export type Public = (typeof PUBLICS_SPECIFIQUEMENT_ADRESSES)[number];
export type PriseEnCharge = (typeof PRISE_EN_CHARGE_SPECIFIQUE)[number];
export type Accompagnement = (typeof MODALITES_ACCOMPAGNEMENT)[number];
export type Acces = (typeof MODALITES_ACCES)[number];

/** The four questions, in order, then the results. Each is its own URL: `/orientation/<slug>`. */
export const JOURNEY_STEPS = ['besoin', 'ou', 'quand', 'precisions'] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];
export type JourneyPage = JourneyStep | 'resultats';

export const STEP_TITLES: Record<JourneyPage, string> = {
  besoin: 'De quoi la personne a-t-elle besoin ?',
  ou: 'Où chercher ?',
  quand: 'Quand ?',
  precisions: 'Besoins spécifiques',
  resultats: 'Les lieux qui conviennent',
};

/** Short names, for the progress bar and the summary of criteria. */
export const STEP_NAMES: Record<JourneyPage, string> = {
  besoin: 'Besoin',
  ou: 'Où',
  quand: 'Quand',
  precisions: 'Besoins spécifiques',
  resultats: 'Résultats',
};

export interface NeedChoice {
  service: Service;
  /** What a person would say. */
  label: string;
  /** One line: what it covers, with examples. */
  hint: string;
  /** Short form for the summary and for "why it matches". */
  short: string;
}

export interface NeedGroup {
  id: string;
  label: string;
  needs: NeedChoice[];
}

export const NEED_GROUPS: readonly NeedGroup[] = [
  {
    id: 'demarches-emploi',
    label: 'Démarches et emploi',
    needs: [
      {
        service: 'Aide aux démarches administratives',
        label: 'Faire une démarche en ligne',
        hint: 'CAF, impôts, santé, retraite, titre de séjour : être aidé pour remplir un dossier sur internet.',
        short: 'démarches en ligne',
      },
      {
        service: 'Insertion professionnelle via le numérique',
        label: 'Chercher un emploi ou une formation',
        hint: 'Écrire un CV, répondre à une offre, utiliser France Travail sur internet.',
        short: 'emploi et formation',
      },
    ],
  },
  {
    id: 'apprendre',
    label: 'Apprendre le numérique',
    needs: [
      {
        service: 'Maîtrise des outils numériques du quotidien',
        label: 'Apprendre à utiliser un ordinateur ou un téléphone',
        hint: 'Les bases : allumer, écrire, envoyer un e-mail, installer une application.',
        short: 'utiliser ordinateur et téléphone',
      },
      {
        service: 'Utilisation sécurisée du numérique',
        label: 'Se protéger sur internet',
        hint: 'Mots de passe, arnaques, messages douteux, données personnelles.',
        short: 'sécurité sur internet',
      },
      {
        service: 'Compréhension du monde numérique',
        label: 'Comprendre le numérique',
        hint: 'Réseaux sociaux, fausses informations, intelligence artificielle : garder un esprit critique.',
        short: 'comprendre le numérique',
      },
    ],
  },
  {
    id: 'famille-loisirs',
    label: 'Famille et loisirs',
    needs: [
      {
        service: 'Parentalité et éducation avec le numérique',
        label: 'Accompagner ses enfants avec le numérique',
        hint: 'Temps d’écran, espace numérique de l’école, contrôle parental.',
        short: 'parents et enfants',
      },
      {
        service: 'Loisirs et créations numériques',
        label: 'Loisirs et création',
        hint: 'Photo, vidéo, jeux, impression 3D, ateliers créatifs.',
        short: 'loisirs et création',
      },
    ],
  },
  {
    id: 'materiel',
    label: 'Matériel et connexion',
    needs: [
      {
        service: 'Accès internet et matériel informatique',
        label: 'Utiliser un ordinateur ou internet sur place',
        hint: 'Ordinateur, imprimante, scanner ou wifi en libre accès.',
        short: 'ordinateur et internet sur place',
      },
      {
        service: 'Acquisition de matériel informatique à prix solidaire',
        label: 'Acheter un ordinateur ou un téléphone à petit prix',
        hint: 'Matériel reconditionné à prix solidaire, sous conditions de ressources.',
        short: 'matériel à petit prix',
      },
    ],
  },
];

export const NEEDS: readonly NeedChoice[] = NEED_GROUPS.flatMap((g) => g.needs);
const NEED_BY_SERVICE = new Map(NEEDS.map((n) => [n.service, n]));

export function needOf(service: Service): NeedChoice {
  return NEED_BY_SERVICE.get(service)!;
}

/** Radii offered in the « Où » step (km); the journey accepts any value from 5 to 100. */
export const RADIUS_CHOICES = [5, 10, 20, 30, 50, 100] as const;
export const MIN_RADIUS_KM = 5;
export const MAX_RADIUS_KM = 100;
export const DEFAULT_RADIUS_KM = 10;

export const WEEKDAY_NAMES = [
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
] as const;

export interface PartOfDay {
  id: 'matin' | 'apres-midi' | 'soir';
  label: string;
  /** Minutes since midnight: the window is [from, to). */
  from: number;
  to: number;
}

/** Windows are half-open, so a lieu open until 12:00 is not "open in the afternoon". */
export const PARTS_OF_DAY: readonly PartOfDay[] = [
  { id: 'matin', label: 'matin', from: 8 * 60, to: 12 * 60 },
  { id: 'apres-midi', label: 'après-midi', from: 12 * 60, to: 18 * 60 },
  { id: 'soir', label: 'soir', from: 18 * 60, to: 22 * 60 },
];

export const WHOLE_DAY = { from: 0, to: 24 * 60 } as const;

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export const PUBLIC_CHOICES: readonly Choice<Public>[] = [
  { value: 'Jeunes', label: 'Jeunes (16-25 ans)' },
  { value: 'Étudiants', label: 'Étudiants' },
  { value: 'Familles et/ou enfants', label: 'Familles et enfants' },
  { value: 'Seniors', label: 'Seniors' },
  { value: 'Femmes', label: 'Femmes' },
];

export const PRISE_EN_CHARGE_CHOICES: readonly Choice<PriseEnCharge>[] = [
  { value: 'Langues étrangères (anglais)', label: 'Parle anglais' },
  { value: 'Langues étrangères (autres)', label: 'Parle d’autres langues étrangères' },
  { value: 'Illettrisme', label: 'Difficultés à lire ou à écrire (illettrisme)' },
  { value: 'Surdité', label: 'Surdité ou malentendance' },
  { value: 'Déficience visuelle', label: 'Malvoyance ou cécité' },
  { value: 'Handicaps moteurs', label: 'Handicap moteur' },
  { value: 'Handicaps mentaux', label: 'Handicap mental ou psychique' },
];

/** « À distance » is chosen in the « Où » step, where it replaces the place. */
export const ACCOMPAGNEMENT_CHOICES: readonly Choice<Accompagnement>[] = [
  { value: 'Accompagnement individuel', label: 'Seul avec un médiateur (accompagnement individuel)' },
  { value: 'Dans un atelier collectif', label: 'En groupe (atelier collectif)' },
  { value: 'En autonomie', label: 'En autonomie, avec de l’aide si besoin' },
];

/** « Ce lieu n'accueille pas de public » is not a way to go there. */
export const ACCES_CHOICES: readonly Choice<Acces>[] = [
  { value: 'Se présenter', label: 'Venir sans rendez-vous' },
  { value: 'Téléphoner', label: 'Appeler avant de venir' },
  { value: 'Contacter par mail', label: 'Écrire un e-mail' },
  { value: 'Prendre un RDV en ligne', label: 'Prendre rendez-vous en ligne' },
  {
    value: 'Envoyer un mail avec une fiche de prescription',
    label: 'Orientation par un professionnel (fiche de prescription)',
  },
];

/** How to go there, said to the person (fiche d'orientation, "why it matches"). */
export const ACCES_INSTRUCTIONS: Record<Acces, string> = {
  'Se présenter': 'Vous pouvez venir sans rendez-vous aux heures d’ouverture.',
  Téléphoner: 'Appelez avant de venir.',
  'Contacter par mail': 'Écrivez un e-mail avant de venir.',
  'Prendre un RDV en ligne': 'Prenez rendez-vous en ligne.',
  "Ce lieu n'accueille pas de public": 'Ce lieu n’accueille pas de public sur place.',
  'Envoyer un mail avec une fiche de prescription':
    'La personne qui vous oriente envoie une fiche de prescription par e-mail au lieu.',
};

export function labelOf<V extends string>(choices: readonly Choice<V>[], value: V): string {
  return choices.find((c) => c.value === value)?.label ?? value;
}

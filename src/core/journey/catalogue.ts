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
import { FRENCH_WEEKDAYS } from '../hours/index.js';

export type Service = (typeof SERVICES)[number];
export type Public = (typeof PUBLICS_SPECIFIQUEMENT_ADRESSES)[number];
export type PriseEnCharge = (typeof PRISE_EN_CHARGE_SPECIFIQUE)[number];
export type Accompagnement = (typeof MODALITES_ACCOMPAGNEMENT)[number];
export type Acces = (typeof MODALITES_ACCES)[number];

/** Languages the journey's words exist in; French is the reference and the default. */
export type JourneyLang = 'fr' | 'en';

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

const STEP_TITLES_EN: Record<JourneyPage, string> = {
  besoin: 'What does the person need help with?',
  ou: 'Where to look?',
  quand: 'When?',
  precisions: 'Specific needs',
  resultats: 'Places that fit',
};

export function stepTitles(lang: JourneyLang = 'fr'): Record<JourneyPage, string> {
  return lang === 'en' ? STEP_TITLES_EN : STEP_TITLES;
}

/** Short names, for the progress bar and the summary of criteria. */
export const STEP_NAMES: Record<JourneyPage, string> = {
  besoin: 'Besoin',
  ou: 'Où',
  quand: 'Quand',
  precisions: 'Besoins spécifiques',
  resultats: 'Résultats',
};

const STEP_NAMES_EN: Record<JourneyPage, string> = {
  besoin: 'Need',
  ou: 'Where',
  quand: 'When',
  precisions: 'Specific needs',
  resultats: 'Results',
};

export function stepNames(lang: JourneyLang = 'fr'): Record<JourneyPage, string> {
  return lang === 'en' ? STEP_NAMES_EN : STEP_NAMES;
}

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

/** Repère's own plain words in English (the services themselves keep the standard's French names). */
const GROUP_LABELS_EN: Record<string, string> = {
  'demarches-emploi': 'Paperwork and jobs',
  apprendre: 'Learn digital skills',
  'famille-loisirs': 'Family and free time',
  materiel: 'Equipment and internet',
};

const NEED_TEXTS_EN: Record<Service, Omit<NeedChoice, 'service'>> = {
  'Aide aux démarches administratives': {
    label: 'Do a procedure online',
    hint: 'Benefits (CAF), taxes, health, pension, residence permit: get help to fill in a form on the internet.',
    short: 'online procedures',
  },
  'Insertion professionnelle via le numérique': {
    label: 'Look for a job or a training course',
    hint: 'Write a CV, answer a job offer, use France Travail on the internet.',
    short: 'jobs and training',
  },
  'Maîtrise des outils numériques du quotidien': {
    label: 'Learn to use a computer or a phone',
    hint: 'The basics: switch on, type, send an e-mail, install an app.',
    short: 'using computers and phones',
  },
  'Utilisation sécurisée du numérique': {
    label: 'Stay safe on the internet',
    hint: 'Passwords, scams, strange messages, personal data.',
    short: 'internet safety',
  },
  'Compréhension du monde numérique': {
    label: 'Understand the digital world',
    hint: 'Social media, fake news, artificial intelligence: keep a critical mind.',
    short: 'understanding digital tools',
  },
  'Parentalité et éducation avec le numérique': {
    label: 'Help your children with digital tools',
    hint: 'Screen time, the school’s website, parental controls.',
    short: 'parents and children',
  },
  'Loisirs et créations numériques': {
    label: 'Free time and creative activities',
    hint: 'Photos, videos, games, 3D printing, creative workshops.',
    short: 'free time and creation',
  },
  'Accès internet et matériel informatique': {
    label: 'Use a computer or the internet there',
    hint: 'Computers, printer, scanner or wifi free to use.',
    short: 'computer and internet on site',
  },
  'Acquisition de matériel informatique à prix solidaire': {
    label: 'Buy a low-cost computer or phone',
    hint: 'Refurbished equipment at a low price, depending on income.',
    short: 'low-cost equipment',
  },
};

const NEED_GROUPS_EN: readonly NeedGroup[] = NEED_GROUPS.map((group) => ({
  id: group.id,
  label: GROUP_LABELS_EN[group.id] ?? group.label,
  needs: group.needs.map((need) => ({ service: need.service, ...NEED_TEXTS_EN[need.service] })),
}));

/** The need groups in a language (ids and services are the same in every language). */
export function needGroups(lang: JourneyLang = 'fr'): readonly NeedGroup[] {
  return lang === 'en' ? NEED_GROUPS_EN : NEED_GROUPS;
}

export const NEEDS: readonly NeedChoice[] = NEED_GROUPS.flatMap((g) => g.needs);
const NEED_BY_SERVICE = new Map(NEEDS.map((n) => [n.service, n]));
const NEED_BY_SERVICE_EN = new Map(NEED_GROUPS_EN.flatMap((g) => g.needs).map((n) => [n.service, n]));

export function needOf(service: Service, lang: JourneyLang = 'fr'): NeedChoice {
  return (lang === 'en' ? NEED_BY_SERVICE_EN : NEED_BY_SERVICE).get(service)!;
}

/** Radii offered in the « Où » step (km); the journey accepts any value from 5 to 100. */
export const RADIUS_CHOICES = [5, 10, 20, 30, 50, 100] as const;
export const MIN_RADIUS_KM = 5;
export const MAX_RADIUS_KM = 100;
export const DEFAULT_RADIUS_KM = 10;

export const WEEKDAY_NAMES = FRENCH_WEEKDAYS;

const WEEKDAY_NAMES_EN = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** Day names, Monday first. */
export function weekdayNames(lang: JourneyLang = 'fr'): readonly string[] {
  return lang === 'en' ? WEEKDAY_NAMES_EN : WEEKDAY_NAMES;
}

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

const PART_LABELS_EN: Record<PartOfDay['id'], string> = {
  matin: 'morning',
  'apres-midi': 'afternoon',
  soir: 'evening',
};

export function partOfDayLabel(part: PartOfDay, lang: JourneyLang = 'fr'): string {
  return lang === 'en' ? PART_LABELS_EN[part.id] : part.label;
}

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

const ACCES_INSTRUCTIONS_EN: Record<Acces, string> = {
  'Se présenter': 'You can come without an appointment during opening hours.',
  Téléphoner: 'Call before you come.',
  'Contacter par mail': 'Send an e-mail before you come.',
  'Prendre un RDV en ligne': 'Book an appointment online.',
  "Ce lieu n'accueille pas de public": 'This place does not receive visitors.',
  'Envoyer un mail avec une fiche de prescription':
    'The person who refers you sends a referral form to the place by e-mail.',
};

export function accesInstructions(lang: JourneyLang = 'fr'): Record<Acces, string> {
  return lang === 'en' ? ACCES_INSTRUCTIONS_EN : ACCES_INSTRUCTIONS;
}

/** English labels of the choices above, keyed by the standard's value (which stays as it is). */
const CHOICE_LABELS_EN: Record<Public | PriseEnCharge | Accompagnement | Acces, string> = {
  Jeunes: 'Young people (16-25)',
  Étudiants: 'Students',
  'Familles et/ou enfants': 'Families and children',
  Seniors: 'Older people',
  Femmes: 'Women',
  'Langues étrangères (anglais)': 'Speaks English',
  'Langues étrangères (autres)': 'Speaks other foreign languages',
  Illettrisme: 'Finds it hard to read or write',
  Surdité: 'Deaf or hard of hearing',
  'Déficience visuelle': 'Blind or partially sighted',
  'Handicaps moteurs': 'Physical disability',
  'Handicaps mentaux': 'Mental or psychological disability',
  'Accompagnement individuel': 'One to one with a helper',
  'Dans un atelier collectif': 'In a group (workshop)',
  'En autonomie': 'On your own, with help if needed',
  'À distance': 'Remotely',
  'Se présenter': 'Come without an appointment',
  Téléphoner: 'Call before coming',
  'Contacter par mail': 'Send an e-mail',
  'Prendre un RDV en ligne': 'Book an appointment online',
  "Ce lieu n'accueille pas de public": 'Does not receive visitors',
  'Envoyer un mail avec une fiche de prescription': 'Referral by a professional (referral form)',
};

/** The same choices with their labels in `lang`. */
export function choicesIn<V extends string>(
  choices: readonly Choice<V>[],
  lang: JourneyLang = 'fr',
): Choice<V>[] {
  if (lang === 'fr') return [...choices];
  const labels = CHOICE_LABELS_EN as Record<string, string>;
  return choices.map((c) => ({ value: c.value, label: labels[c.value] ?? c.label }));
}

export function labelOf<V extends string>(
  choices: readonly Choice<V>[],
  value: V,
  lang: JourneyLang = 'fr',
): string {
  const label = choices.find((c) => c.value === value)?.label ?? value;
  return lang === 'en' ? ((CHOICE_LABELS_EN as Record<string, string>)[value] ?? label) : label;
}

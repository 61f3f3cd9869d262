/**
 * The sentences the journey's core writes (criteria, why it matches, relaxations, fiche, share texts),
 * one table per language. French is the reference and the default; English is plain and short, for
 * readers who are not at ease with the language. Kept in core (no web import) so Node and the browser
 * say the same thing.
 */
import { FRENCH_MONTHS } from '../hours/index.js';
import type { JourneyLang } from './catalogue.js';

export interface JourneyMessages {
  /** « : » with its French space, or ": ". */
  colon: string;
  and: string;
  or: string;
  quote: (text: string) => string;
  /** Lower-case the plain labels inside a sentence (French only: English keeps « English »). */
  lowerLabels: boolean;
  decimal: string;

  time: (h: number, m: number) => string;
  allDay: string;
  range: (from: string, to: string) => string;
  anyTime: string;
  openNow: string;
  openThisWeek: string;
  open: (when: string) => string;
  remote: string;
  around: (place: string, km: number) => string;
  anywhere: string;
  withoutItinerant: (base: string) => string;

  whyFor: string;
  whyRemote: string;
  whyItinerant: (d: string) => string;
  whyDistance: (d: string) => string;
  whyPublics: string;
  whyPriseEnCharge: string;
  free: string;
  freeUnderCondition: string;
  paid: string;
  whyAccompagnement: string;
  whyAcces: string;
  allNeeds: string;
  summaryPublic: string;
  summaryPriseEnCharge: string;
  freeOrCondition: string;
  summaryAccompagnement: string;
  summaryAcces: string;
  noneChosen: string;

  relaxRadius: (km: number) => string;
  relaxItinerants: string;
  relaxWeek: string;
  /** « le matin » / "in the morning"; a range stays « de 14 h à 16 h ». */
  partWord: (label: string, kind: 'part' | 'whole' | 'range') => string;
  relaxOtherDays: (words: string) => string;
  relaxAnyTime: string;
  relaxFreeCondition: string;
  relaxPaid: string;
  relaxWithoutPublics: string;
  relaxWithoutPriseEnCharge: string;
  relaxWithoutAccompagnement: string;
  relaxWithoutAcces: string;
  relaxNoSpecific: string;
  relaxServices: string;

  months: readonly string[];
  date: (day: number, month: string, year: number) => string;
  closed: string;
  toConfirm: string;
  hoursMissing: string;
  hoursInvalid: string;
  hoursNoneRegular: string;
  hoursUsual: string;
  phone: string;
  email: string;
  booking: string;
  website: string;
  accessibility: (url: string) => string;
  accesUnknown: string;
  itinerantFiche: string;
  noName: string;
  ficheEmpty: string;
  ficheTooMany: (n: number) => string;
  ficheTitle: string;
  forPerson: (name: string) => string;
  givenBy: (who: string) => string;
  privacy: string;

  hello: string;
  onePlace: string;
  manyPlaces: string;
  hoursTitle: string;
  upToDate: (url: string) => string;
  smsPhone: (tel: string) => string;
  place: string;
  subjectOne: (name: string) => string;
  subjectMany: string;
  smsMany: (url: string) => string;
  fullSearch: (url: string) => string;
}

const fr: JourneyMessages = {
  colon: ' : ',
  and: 'et',
  or: 'ou',
  quote: (text) => `« ${text} »`,
  lowerLabels: true,
  decimal: ',',

  time: (h, m) => (m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`),
  allDay: 'toute la journée',
  range: (from, to) => `de ${from} à ${to}`,
  anyTime: 'N’importe quand',
  openNow: 'Ouvert maintenant',
  openThisWeek: 'Ouvert cette semaine',
  open: (when) => `Ouvert ${when}`,
  remote: 'À distance (par téléphone ou en ligne)',
  around: (place, km) => `Autour de ${place}, à ${km} km au plus`,
  anywhere: 'Partout',
  withoutItinerant: (base) => `${base}, sans les lieux itinérants`,

  whyFor: 'Pour',
  whyRemote: 'Accompagne à distance',
  whyItinerant: (d) => `Lieu itinérant, basé à ${d}`,
  whyDistance: (d) => `À ${d}`,
  whyPublics: 'Accueille en particulier',
  whyPriseEnCharge: 'Adapté',
  free: 'Gratuit',
  freeUnderCondition: 'Gratuit sous condition',
  paid: 'Payant',
  whyAccompagnement: 'Accompagnement',
  whyAcces: 'Pour y aller',
  allNeeds: 'Tous les besoins',
  summaryPublic: 'Public',
  summaryPriseEnCharge: 'Prise en charge',
  freeOrCondition: 'Gratuit ou gratuit sous condition',
  summaryAccompagnement: 'Accompagnement',
  summaryAcces: 'Accès',
  noneChosen: 'Aucun',

  relaxRadius: (km) => `Chercher jusqu’à ${km} km`,
  relaxItinerants: 'Inclure les lieux itinérants',
  relaxWeek: 'Ouvert cette semaine plutôt que maintenant',
  partWord: (label, kind) => (kind === 'range' ? label : `le ${label}`),
  relaxOtherDays: (words) => `N’importe quel jour ${words}`,
  relaxAnyTime: 'Sans condition d’horaire',
  relaxFreeCondition: 'Accepter aussi « gratuit sous condition »',
  relaxPaid: 'Accepter aussi les lieux payants',
  relaxWithoutPublics: 'Sans le public',
  relaxWithoutPriseEnCharge: 'Sans la prise en charge',
  relaxWithoutAccompagnement: 'Sans la modalité',
  relaxWithoutAcces: 'Sans la condition d’accès',
  relaxNoSpecific: 'Sans aucun besoin spécifique',
  relaxServices: 'Tous les services, pas seulement ceux choisis',

  months: FRENCH_MONTHS,
  date: (day, month, year) => `${day === 1 ? '1er' : day} ${month} ${year}`,
  closed: 'Fermé',
  toConfirm: 'à confirmer',
  hoursMissing: 'Horaires non renseignés : appelez avant de venir.',
  hoursInvalid: 'Horaires à confirmer : appelez avant de venir.',
  hoursNoneRegular: 'Aucune ouverture régulière indiquée : appelez avant de venir.',
  hoursUsual: 'Horaires habituels. Les jours fériés, le lieu peut être fermé.',
  phone: 'Téléphone',
  email: 'E-mail',
  booking: 'Rendez-vous en ligne',
  website: 'Site web',
  accessibility: (url) => `Accessibilité du lieu : ${url}`,
  accesUnknown: 'Modalités d’accès non précisées : appelez ou écrivez avant de venir.',
  itinerantFiche: 'Lieu itinérant : vérifiez le jour et le lieu de passage avant de vous déplacer.',
  noName: 'Lieu sans nom',
  ficheEmpty: 'Choisissez au moins un lieu pour préparer la fiche.',
  ficheTooMany: (n) => `Une fiche contient au plus ${n} lieux : retirez-en quelques-uns.`,
  ficheTitle: 'Fiche d’orientation',
  forPerson: (name) => `Pour ${name}`,
  givenBy: (who) => `Fiche remise par ${who}`,
  privacy:
    'Cette fiche a été préparée sur l’appareil de la personne qui vous oriente : le prénom et la note ne sont envoyés à aucun serveur.',

  hello: 'Bonjour,',
  onePlace: 'Voici un lieu qui peut vous aider avec le numérique :',
  manyPlaces: 'Voici des lieux qui peuvent vous aider avec le numérique :',
  hoursTitle: 'Horaires :',
  upToDate: (url) => `Toutes les informations à jour : ${url}`,
  smsPhone: (tel) => ` Tél. ${tel}.`,
  place: 'Lieu',
  subjectOne: (name) => `Un lieu pour vous aider : ${name}`,
  subjectMany: 'Des lieux pour vous aider avec le numérique',
  smsMany: (url) => `Lieux pour être aidé avec le numérique : ${url}`,
  fullSearch: (url) => `La recherche complète : ${url}`,
};

const en: JourneyMessages = {
  colon: ': ',
  and: 'and',
  or: 'or',
  quote: (text) => `“${text}”`,
  lowerLabels: false,
  decimal: '.',

  time: (h, m) => `${h}:${String(m).padStart(2, '0')}`,
  allDay: 'all day',
  range: (from, to) => `from ${from} to ${to}`,
  anyTime: 'Any time',
  openNow: 'Open now',
  openThisWeek: 'Open this week',
  open: (when) => `Open ${when}`,
  remote: 'Remotely (by phone or online)',
  around: (place, km) => `Around ${place}, up to ${km} km`,
  anywhere: 'Anywhere',
  withoutItinerant: (base) => `${base}, without mobile places`,

  whyFor: 'For',
  whyRemote: 'Helps remotely',
  whyItinerant: (d) => `Mobile place, based ${d} away`,
  whyDistance: (d) => `${d} away`,
  whyPublics: 'Especially welcomes',
  whyPriseEnCharge: 'Adapted for',
  free: 'Free',
  freeUnderCondition: 'Free under conditions',
  paid: 'Not free',
  whyAccompagnement: 'Kind of help',
  whyAcces: 'How to go',
  allNeeds: 'All needs',
  summaryPublic: 'People',
  summaryPriseEnCharge: 'Special help',
  freeOrCondition: 'Free, or free under conditions',
  summaryAccompagnement: 'Kind of help',
  summaryAcces: 'Access',
  noneChosen: 'None',

  relaxRadius: (km) => `Search up to ${km} km`,
  relaxItinerants: 'Include mobile places',
  relaxWeek: 'Open this week instead of now',
  partWord: (label, kind) => (kind === 'part' ? `in the ${label}` : label),
  relaxOtherDays: (words) => `Any day ${words}`,
  relaxAnyTime: 'Any time',
  relaxFreeCondition: 'Also accept “free under conditions”',
  relaxPaid: 'Also accept places that are not free',
  relaxWithoutPublics: 'Without the group',
  relaxWithoutPriseEnCharge: 'Without the special help',
  relaxWithoutAccompagnement: 'Without the kind of help',
  relaxWithoutAcces: 'Without the access condition',
  relaxNoSpecific: 'Without any specific need',
  relaxServices: 'All services, not only the chosen ones',

  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  date: (day, month, year) => `${day} ${month} ${year}`,
  closed: 'Closed',
  toConfirm: 'to be confirmed',
  hoursMissing: 'Opening hours not given: call before you come.',
  hoursInvalid: 'Opening hours to be confirmed: call before you come.',
  hoursNoneRegular: 'No regular opening hours given: call before you come.',
  hoursUsual: 'Usual opening hours. The place may be closed on public holidays.',
  phone: 'Phone',
  email: 'E-mail',
  booking: 'Book online',
  website: 'Website',
  accessibility: (url) => `Accessibility of the place: ${url}`,
  accesUnknown: 'How to go is not given: call or write before you come.',
  itinerantFiche: 'Mobile place: check the day and the place before you travel.',
  noName: 'Place without a name',
  ficheEmpty: 'Choose at least one place to prepare the sheet.',
  ficheTooMany: (n) => `A sheet holds at most ${n} places: remove some.`,
  ficheTitle: 'Referral sheet',
  forPerson: (name) => `For ${name}`,
  givenBy: (who) => `Sheet given by ${who}`,
  privacy:
    'This sheet was prepared on the device of the person who referred you: the first name and the note are not sent to any server.',

  hello: 'Hello,',
  onePlace: 'Here is a place that can help you with digital tools:',
  manyPlaces: 'Here are places that can help you with digital tools:',
  hoursTitle: 'Opening hours:',
  upToDate: (url) => `All the latest information: ${url}`,
  smsPhone: (tel) => ` Tel. ${tel}.`,
  place: 'Place',
  subjectOne: (name) => `A place to help you: ${name}`,
  subjectMany: 'Places to help you with digital tools',
  smsMany: (url) => `Places to get help with digital tools: ${url}`,
  fullSearch: (url) => `The full search: ${url}`,
};

export const JOURNEY_MESSAGES: Record<JourneyLang, JourneyMessages> = { fr, en };

/** The table of `lang`, French for anything else (a core caller may pass a web `Lang`). */
export function messagesOf(lang: JourneyLang = 'fr'): JourneyMessages {
  return JOURNEY_MESSAGES[lang] ?? fr;
}

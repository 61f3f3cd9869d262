/**
 * The orientation journey, pure and isomorphic: four skippable steps (besoin, où, quand, besoins
 * spécifiques) whose state lives in the URL and maps onto the query engine's parameters; relaxation
 * suggestions when there are fewer than 3 results; why each lieu matches; the fiche d'orientation's
 * content; share links (link, mailto:, sms:). See README.md.
 */
export * from './catalogue.js';
export { JOURNEY_MESSAGES, messagesOf } from './messages.js';
export type { JourneyMessages } from './messages.js';
export * from './state.js';
export { suggestRelaxations, MIN_RESULTS } from './relax.js';
export type { Relaxation, RelaxationKind, RelaxOptions } from './relax.js';
export {
  whyItMatches,
  criteriaSummary,
  describeNeeds,
  describeSpecificNeeds,
  frenchDistance,
  formatDistance,
} from './explain.js';
export type { MatchInput, CriterionSummary } from './explain.js';
export {
  buildFiche,
  ficheLieu,
  ficheHours,
  ficheContact,
  ficheHowToGo,
  ficheAddressLines,
  formatTelephone,
  frenchDate,
  ficheDate,
  cleanText,
  toWinAnsi,
  lieuPageUrl,
  FicheError,
  FICHE_LIMITS,
} from './fiche.js';
export type {
  FicheDocument,
  FicheLieu,
  FicheLieuInput,
  FicheOptions,
  FicheContact,
  FicheDay,
} from './fiche.js';
export {
  journeyShareUrl,
  mailtoHref,
  smsHref,
  smsNumber,
  lieuShareTexts,
  selectionShareTexts,
  SMS_MAX,
} from './share.js';
export type { MailMessage, ShareTexts } from './share.js';

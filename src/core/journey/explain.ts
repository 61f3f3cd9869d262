/**
 * Plain words (French by default, English on demand) for the journey: why a lieu matches the person's criteria (one short sentence
 * per criterion, from the lieu's own record) and the summary of the criteria chosen.
 */
import { compileHours, isOpenDuring } from '../hours/index.js';
import type { CompiledHours } from '../hours/index.js';
import { splitList } from '../standard/model.js';
import type { FlatRecord } from '../standard/types.js';
import {
  ACCES_CHOICES,
  ACCOMPAGNEMENT_CHOICES,
  PRISE_EN_CHARGE_CHOICES,
  PUBLIC_CHOICES,
  labelOf,
  needOf,
  stepNames,
  type Choice,
  type JourneyLang,
  type JourneyStep,
  type Service,
} from './catalogue.js';
import { messagesOf } from './messages.js';
import { describeSlots, describeWhen, describeWhere, type JourneyState } from './state.js';

/** « 850 m », « 2,3 km », « 12 km » (English: "2.3 km"). */
export function formatDistance(km: number, lang: JourneyLang = 'fr'): string {
  if (km < 1) return `${Math.max(10, Math.round(km * 100) * 10)} m`;
  if (km < 10) return `${(Math.round(km * 10) / 10).toFixed(1).replace('.', messagesOf(lang).decimal)} km`;
  return `${Math.round(km)} km`;
}

export function frenchDistance(km: number): string {
  return formatDistance(km, 'fr');
}

const compiled = new Map<string, CompiledHours | null>();

function hoursOf(text: string | undefined): CompiledHours | null {
  if (!text) return null;
  let hours = compiled.get(text);
  if (hours === undefined) {
    const result = compileHours(text);
    hours = result.ok ? result.hours : null;
    if (compiled.size > 5000) compiled.clear();
    compiled.set(text, hours);
  }
  return hours;
}

export interface MatchInput {
  record: FlatRecord;
  /** From the query (`near`); absent without a place. */
  distanceKm?: number;
  /** Open at the query's instant; absent when the hours are unknown. */
  openNow?: boolean;
}

function common<V extends string>(record: FlatRecord, field: string, wanted: readonly V[]): V[] {
  const declared = splitList(record[field]);
  return wanted.filter((v) => declared.includes(v));
}

function labels<V extends string>(
  choices: readonly Choice<V>[],
  values: readonly V[],
  lang: JourneyLang,
): string {
  const lower = messagesOf(lang).lowerLabels;
  return values
    .map((v) => {
      const label = labelOf(choices, v, lang);
      return lower ? label.toLowerCase() : label;
    })
    .join(', ');
}

/**
 * Why this lieu fits, one sentence per active criterion, in the steps' order: « Pour : démarches en
 * ligne », « À 2,3 km », « Ouvert samedi matin », « Gratuit ». Criteria the lieu does not satisfy
 * (a result list from another query) are simply not mentioned.
 */
export function whyItMatches(item: MatchInput, state: JourneyState, lang: JourneyLang = 'fr'): string[] {
  const m = messagesOf(lang);
  const said = (lead: string, text: string) => `${lead}${m.colon}${text}`;
  const { record } = item;
  const out: string[] = [];
  const services = common<Service>(record, 'services', state.services);
  if (services.length) out.push(said(m.whyFor, services.map((s) => needOf(s, lang).short).join(', ')));

  if (state.distance) {
    if (splitList(record.modalites_accompagnement).includes('À distance')) out.push(m.whyRemote);
  } else if (item.distanceKm !== undefined) {
    const itinerant = splitList(record.itinerance).includes('Itinérant');
    const d = formatDistance(item.distanceKm, lang);
    out.push(itinerant ? m.whyItinerant(d) : m.whyDistance(d));
  }

  const when = state.when;
  if (when.kind === 'now' && item.openNow) out.push(m.openNow);
  else if (when.kind === 'week' || when.kind === 'slots') {
    const hours = hoursOf(record.horaires);
    if (hours) {
      if (when.kind === 'week') {
        if (isOpenDuringWeek(hours)) out.push(m.openThisWeek);
      } else {
        const open = when.slots.filter((s) => isOpenDuring(hours, s.day, s.from, s.to));
        if (open.length) out.push(m.open(describeSlots(open, lang)));
      }
    }
  }

  const publics = common(record, 'publics_specifiquement_adresses', state.publics);
  if (publics.length) out.push(said(m.whyPublics, labels(PUBLIC_CHOICES, publics, lang)));
  const prise = common(record, 'prise_en_charge_specifique', state.priseEnCharge);
  if (prise.length) out.push(said(m.whyPriseEnCharge, labels(PRISE_EN_CHARGE_CHOICES, prise, lang)));
  if (state.frais) {
    const fees = splitList(record.frais_a_charge);
    if (fees.includes('Gratuit')) out.push(m.free);
    else if (state.frais === 'gratuit-ou-sous-condition' && fees.includes('Gratuit sous condition')) {
      out.push(m.freeUnderCondition);
    }
  }
  if (!state.distance) {
    const modes = common(record, 'modalites_accompagnement', state.accompagnement);
    if (modes.length) out.push(said(m.whyAccompagnement, labels(ACCOMPAGNEMENT_CHOICES, modes, lang)));
  }
  const acces = common(record, 'modalites_acces', state.acces);
  if (acces.length) out.push(said(m.whyAcces, labels(ACCES_CHOICES, acces, lang)));
  return out;
}

function isOpenDuringWeek(hours: CompiledHours): boolean {
  for (let day = 0; day < 7; day++) if (isOpenDuring(hours, day, 0, 1440)) return true;
  return false;
}

export interface CriterionSummary {
  page: JourneyStep;
  name: string;
  text: string;
}

export function describeNeeds(state: JourneyState, lang: JourneyLang = 'fr'): string {
  return state.services.length
    ? state.services.map((s) => needOf(s, lang).label).join(' ; ')
    : messagesOf(lang).allNeeds;
}

export function describeSpecificNeeds(state: JourneyState, lang: JourneyLang = 'fr'): string {
  const m = messagesOf(lang);
  const said = (lead: string, text: string) => `${lead}${m.colon}${text}`;
  const parts: string[] = [];
  if (state.publics.length) parts.push(said(m.summaryPublic, labels(PUBLIC_CHOICES, state.publics, lang)));
  if (state.priseEnCharge.length) {
    parts.push(said(m.summaryPriseEnCharge, labels(PRISE_EN_CHARGE_CHOICES, state.priseEnCharge, lang)));
  }
  if (state.frais === 'gratuit') parts.push(m.free);
  if (state.frais === 'gratuit-ou-sous-condition') parts.push(m.freeOrCondition);
  if (state.accompagnement.length) {
    parts.push(said(m.summaryAccompagnement, labels(ACCOMPAGNEMENT_CHOICES, state.accompagnement, lang)));
  }
  if (state.acces.length) parts.push(said(m.summaryAcces, labels(ACCES_CHOICES, state.acces, lang)));
  return parts.length ? parts.join(' ; ') : m.noneChosen;
}

/** One line per step, for the recap beside the results (each with a link back to its step). */
export function criteriaSummary(state: JourneyState, lang: JourneyLang = 'fr'): CriterionSummary[] {
  const names = stepNames(lang);
  return [
    { page: 'besoin', name: names.besoin, text: describeNeeds(state, lang) },
    { page: 'ou', name: names.ou, text: describeWhere(state, lang) },
    { page: 'quand', name: names.quand, text: describeWhen(state.when, lang) },
    { page: 'precisions', name: names.precisions, text: describeSpecificNeeds(state, lang) },
  ];
}

/**
 * Plain-French words for the journey: why a lieu matches the person's criteria (one short sentence
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
  STEP_NAMES,
  labelOf,
  needOf,
  type Choice,
  type JourneyStep,
  type Service,
} from './catalogue.js';
import { describeSlots, describeWhen, describeWhere, type JourneyState } from './state.js';

/** « 850 m », « 2,3 km », « 12 km ». */
export function frenchDistance(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round(km * 100) * 10)} m`;
  if (km < 10) return `${(Math.round(km * 10) / 10).toFixed(1).replace('.', ',')} km`;
  return `${Math.round(km)} km`;
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

function labels<V extends string>(choices: readonly Choice<V>[], values: readonly V[]): string {
  return values.map((v) => labelOf(choices, v).toLowerCase()).join(', ');
}

/**
 * Why this lieu fits, one sentence per active criterion, in the steps' order: « Pour : démarches en
 * ligne », « À 2,3 km », « Ouvert samedi matin », « Gratuit ». Criteria the lieu does not satisfy
 * (a result list from another query) are simply not mentioned.
 */
export function whyItMatches(item: MatchInput, state: JourneyState): string[] {
  const { record } = item;
  const out: string[] = [];
  const services = common<Service>(record, 'services', state.services);
  if (services.length) out.push(`Pour : ${services.map((s) => needOf(s).short).join(', ')}`);

  if (state.distance) {
    if (splitList(record.modalites_accompagnement).includes('À distance')) out.push('Accompagne à distance');
  } else if (item.distanceKm !== undefined) {
    const itinerant = splitList(record.itinerance).includes('Itinérant');
    out.push(
      itinerant
        ? `Lieu itinérant, basé à ${frenchDistance(item.distanceKm)}`
        : `À ${frenchDistance(item.distanceKm)}`,
    );
  }

  const when = state.when;
  if (when.kind === 'now' && item.openNow) out.push('Ouvert maintenant');
  else if (when.kind === 'week' || when.kind === 'slots') {
    const hours = hoursOf(record.horaires);
    if (hours) {
      if (when.kind === 'week') {
        if (isOpenDuringWeek(hours)) out.push('Ouvert cette semaine');
      } else {
        const open = when.slots.filter((s) => isOpenDuring(hours, s.day, s.from, s.to));
        if (open.length) out.push(`Ouvert ${describeSlots(open)}`);
      }
    }
  }

  const publics = common(record, 'publics_specifiquement_adresses', state.publics);
  if (publics.length) out.push(`Accueille en particulier : ${labels(PUBLIC_CHOICES, publics)}`);
  const prise = common(record, 'prise_en_charge_specifique', state.priseEnCharge);
  if (prise.length) out.push(`Adapté : ${labels(PRISE_EN_CHARGE_CHOICES, prise)}`);
  if (state.frais) {
    const fees = splitList(record.frais_a_charge);
    if (fees.includes('Gratuit')) out.push('Gratuit');
    else if (state.frais === 'gratuit-ou-sous-condition' && fees.includes('Gratuit sous condition')) {
      out.push('Gratuit sous condition');
    }
  }
  if (!state.distance) {
    const modes = common(record, 'modalites_accompagnement', state.accompagnement);
    if (modes.length) out.push(`Accompagnement : ${labels(ACCOMPAGNEMENT_CHOICES, modes)}`);
  }
  const acces = common(record, 'modalites_acces', state.acces);
  if (acces.length) out.push(`Pour y aller : ${labels(ACCES_CHOICES, acces)}`);
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

export function describeNeeds(state: JourneyState): string {
  return state.services.length ? state.services.map((s) => needOf(s).label).join(' ; ') : 'Tous les besoins';
}

export function describeSpecificNeeds(state: JourneyState): string {
  const parts: string[] = [];
  if (state.publics.length) parts.push(`Public : ${labels(PUBLIC_CHOICES, state.publics)}`);
  if (state.priseEnCharge.length)
    parts.push(`Prise en charge : ${labels(PRISE_EN_CHARGE_CHOICES, state.priseEnCharge)}`);
  if (state.frais === 'gratuit') parts.push('Gratuit');
  if (state.frais === 'gratuit-ou-sous-condition') parts.push('Gratuit ou gratuit sous condition');
  if (state.accompagnement.length) {
    parts.push(`Accompagnement : ${labels(ACCOMPAGNEMENT_CHOICES, state.accompagnement)}`);
  }
  if (state.acces.length) parts.push(`Accès : ${labels(ACCES_CHOICES, state.acces)}`);
  return parts.length ? parts.join(' ; ') : 'Aucun';
}

/** One line per step, for the recap beside the results (each with a link back to its step). */
export function criteriaSummary(state: JourneyState): CriterionSummary[] {
  return [
    { page: 'besoin', name: STEP_NAMES.besoin, text: describeNeeds(state) },
    { page: 'ou', name: STEP_NAMES.ou, text: describeWhere(state) },
    { page: 'quand', name: STEP_NAMES.quand, text: describeWhen(state.when) },
    { page: 'precisions', name: STEP_NAMES.precisions, text: describeSpecificNeeds(state) },
  ];
}

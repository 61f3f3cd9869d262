/**
 * The journey's state and its URL. Every criterion maps onto the query engine's own parameters
 * (`parseQueryParams` / `formatQueryParams`), so the results page is an ordinary query that the API
 * answers too (`/api/v1/lieux?<same parameters>`). Two words only belong to the journey:
 *
 * | parameter | meaning |
 * |---|---|
 * | `autour` | the place in `pres_de`, in words (« Lyon (69) », « Ma position ») |
 * | `ou=distance` | « à distance » chosen in the « Où » step (it adds `modalites_accompagnement=À distance`) |
 *
 * A step is a path (`/orientation/quand?…`): back and forward walk the steps, any URL resumes the
 * journey. Parameters that cannot be read are dropped and reported, never fatal.
 */
import { formatQueryParams, parseQueryParamsLeniently } from '../query/index.js';
import type { Query, QueryParamError, Slot, Weekday } from '../query/index.js';
import { FRAIS_A_CHARGE } from '../standard/enums.js';
import {
  DEFAULT_RADIUS_KM,
  JOURNEY_STEPS,
  MAX_RADIUS_KM,
  MIN_RADIUS_KM,
  PARTS_OF_DAY,
  WEEKDAY_NAMES,
  WHOLE_DAY,
  partOfDayLabel,
  weekdayNames,
  type Acces,
  type Accompagnement,
  type JourneyLang,
  type JourneyPage,
  type JourneyStep,
  type PriseEnCharge,
  type Public,
  type Service,
} from './catalogue.js';
import { messagesOf } from './messages.js';

export interface JourneyPlace {
  /** What people read: « Lyon (69) », « 12 rue de la Paix, Paris », « Ma position ». */
  label: string;
  lat: number;
  lon: number;
}

export type JourneyWhen =
  { kind: 'any' } | { kind: 'now' } | { kind: 'week' } | { kind: 'slots'; slots: readonly Slot[] };

export type FraisChoice = 'gratuit' | 'gratuit-ou-sous-condition';

export interface JourneyState {
  /** Step 1: any of these services (empty: every service). */
  services: readonly Service[];
  /** Step 2: around this place (absent: anywhere, or `distance`). */
  place?: JourneyPlace;
  /** Step 2: « à distance », no place needed. Excludes `place`. */
  distance: boolean;
  /** Step 2: kilometres around `place`, 5 to 100. */
  radiusKm: number;
  /** Step 2: include itinerant lieux (buses, mobile desks), placed at their base address. */
  itinerants: boolean;
  /** Step 3. */
  when: JourneyWhen;
  /** Step 4: each list is OR; the criteria are AND. */
  publics: readonly Public[];
  priseEnCharge: readonly PriseEnCharge[];
  frais?: FraisChoice;
  accompagnement: readonly Accompagnement[];
  acces: readonly Acces[];
}

export const EMPTY_JOURNEY: Readonly<JourneyState> = Object.freeze<JourneyState>({
  services: [],
  distance: false,
  radiusKm: DEFAULT_RADIUS_KM,
  itinerants: true,
  when: { kind: 'any' },
  publics: [],
  priseEnCharge: [],
  accompagnement: [],
  acces: [],
});

/** Journey-only parameters, beside the query parameters. `lang` belongs to the shell and is kept. */
export const JOURNEY_PARAMS = ['autour', 'ou', 'lang'] as const;

const WEEK_SLOTS: readonly Slot[] = WEEKDAY_NAMES.map((_, day) => ({ day: day as Weekday, ...WHOLE_DAY }));

const FREE_OR_CONDITION = ['Gratuit', 'Gratuit sous condition'] as const;

/** The query the journey means: what the results page (and the API) run. */
export function journeyToQuery(state: JourneyState): Query {
  const query: Query = {};
  if (state.services.length) query.services = [...state.services];
  if (state.acces.length) query.modalites_acces = [...state.acces];
  if (state.distance) query.modalites_accompagnement = ['À distance'];
  else if (state.accompagnement.length) query.modalites_accompagnement = [...state.accompagnement];
  if (state.publics.length) query.publics_specifiquement_adresses = [...state.publics];
  if (state.priseEnCharge.length) query.prise_en_charge_specifique = [...state.priseEnCharge];
  if (state.frais === 'gratuit') query.gratuit = true;
  else if (state.frais === 'gratuit-ou-sous-condition') query.frais_a_charge = [...FREE_OR_CONDITION];
  if (!state.itinerants) query.itinerant = false;
  if (!state.distance && state.place) {
    query.near = { lat: state.place.lat, lon: state.place.lon };
    query.radiusKm = state.radiusKm;
  }
  switch (state.when.kind) {
    case 'now':
      query.openNow = true;
      break;
    case 'week':
      query.slots = WEEK_SLOTS.map((s) => ({ ...s }));
      break;
    case 'slots':
      if (state.when.slots.length) query.slots = state.when.slots.map((s) => ({ ...s }));
      break;
  }
  return query;
}

/** The canonical parameters of a state (query parameters, then `autour`, `ou`). */
export function journeyParams(state: JourneyState): URLSearchParams {
  const params = formatQueryParams(journeyToQuery(state));
  if (state.distance) params.set('ou', 'distance');
  else if (state.place) params.set('autour', state.place.label);
  return params;
}

/** Query string without `?`; `|`, `,` and `:` left readable (valid in a query string). */
export function formatJourneySearch(state: JourneyState, lang?: string): string {
  const params = journeyParams(state);
  if (lang && lang !== 'fr') params.set('lang', lang);
  return params.toString().replace(/%7C/gi, '|').replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** `/orientation/<page>?<state>`: the address of a step. */
export function journeyPath(page: JourneyPage, state: JourneyState, lang?: string): string {
  const search = formatJourneySearch(state, lang);
  return `/orientation/${page}${search ? `?${search}` : ''}`;
}

const PAGES: readonly JourneyPage[] = [...JOURNEY_STEPS, 'resultats'];

/** The page of a path: `/orientation` and `/orientation/` are the first step; `undefined` when not a journey page. */
export function journeyPageOf(pathname: string): JourneyPage | undefined {
  const m = /^\/orientation(?:\/([a-z-]*))?\/?$/.exec(pathname);
  if (!m) return undefined;
  if (!m[1]) return 'besoin';
  return (PAGES as readonly string[]).includes(m[1]) ? (m[1] as JourneyPage) : undefined;
}

export function nextPage(page: JourneyPage): JourneyPage {
  const i = PAGES.indexOf(page);
  return PAGES[Math.min(PAGES.length - 1, i + 1)]!;
}

export function previousPage(page: JourneyPage): JourneyPage | undefined {
  const i = PAGES.indexOf(page);
  return i > 0 ? PAGES[i - 1] : undefined;
}

/** 1-based position of a step, for « Étape 2 sur 4 ». */
export function stepNumber(page: JourneyPage): number {
  return PAGES.indexOf(page) + 1;
}

export interface ParsedJourney {
  state: JourneyState;
  /** What was dropped, in plain French (a shared link with a typo still opens the journey). */
  errors: QueryParamError[];
}

function sameSlots(a: readonly Slot[], b: readonly Slot[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => s.day === b[i]!.day && s.from === b[i]!.from && s.to === b[i]!.to)
  );
}

const UNUSED: Array<[keyof Query, string]> = [
  ['q', 'q'],
  ['typologie', 'typologie'],
  ['regions', 'regions'],
  ['departements', 'departements'],
  ['communes', 'communes'],
  ['epci', 'epci'],
  ['openAt', 'ouvert_le'],
  ['bbox', 'bbox'],
  ['rdvEnLigne', 'rdv_en_ligne'],
  ['dispositif_programmes_nationaux', 'dispositif_programmes_nationaux'],
  ['formations_labels', 'formations_labels'],
  ['itinerance', 'itinerance'],
];

/** Reads a journey's query string (with or without `?`). Never throws. */
export function parseJourney(search: string | URLSearchParams): ParsedJourney {
  const params = new URLSearchParams(search);
  const filters = new URLSearchParams(params);
  for (const name of JOURNEY_PARAMS) filters.delete(name);
  // Pagination and sort belong to the results list, not to the journey.
  for (const name of ['offset', 'limit', 'tri']) filters.delete(name);
  const { query, errors } = parseQueryParamsLeniently(filters);
  const state: JourneyState = { ...EMPTY_JOURNEY };
  const ignore = (param: string, value: string, why: string): void => {
    errors.push({ param, value, message: why });
  };

  for (const [key, param] of UNUSED) {
    if (query[key] !== undefined) {
      ignore(param, params.getAll(param).join('|'), 'critère non utilisé par le parcours d’orientation');
    }
  }

  if (query.services) state.services = query.services;
  if (query.publics_specifiquement_adresses) state.publics = query.publics_specifiquement_adresses;
  if (query.prise_en_charge_specifique) state.priseEnCharge = query.prise_en_charge_specifique;
  if (query.modalites_acces) state.acces = query.modalites_acces;

  const ou = params.get('ou');
  if (ou === 'distance') state.distance = true;
  else if (ou) ignore('ou', ou, 'valeur possible : distance');
  const accompagnement = query.modalites_accompagnement ?? [];
  if (accompagnement.includes('À distance') && !state.distance) {
    // « À distance » alone means the « Où » choice, whoever wrote the link.
    if (accompagnement.length === 1) state.distance = true;
    else ignore('modalites_accompagnement', 'À distance', 'choisir « à distance » à l’étape « Où »');
  }
  state.accompagnement = accompagnement.filter((v): v is Accompagnement => v !== 'À distance');
  if (state.distance) state.accompagnement = [];

  if (query.near && !state.distance) {
    const label = params.get('autour')?.trim().slice(0, 120);
    state.place = { label: label || 'Point choisi', lat: query.near.lat, lon: query.near.lon };
  } else if (query.near) {
    ignore('pres_de', params.get('pres_de') ?? '', '« à distance » ne demande pas de lieu');
  }
  if (query.radiusKm !== undefined) {
    const radius = Math.min(MAX_RADIUS_KM, Math.max(MIN_RADIUS_KM, query.radiusKm));
    if (radius !== query.radiusKm) {
      ignore('rayon_km', String(query.radiusKm), `rayon ramené à ${radius} km (entre 5 et 100 km)`);
    }
    state.radiusKm = radius;
  }
  if (query.itinerant === false) state.itinerants = false;
  else if (query.itinerant === true)
    ignore('itinerant', 'oui', 'critère non utilisé par le parcours d’orientation');

  if (query.gratuit === true) state.frais = 'gratuit';
  else if (query.gratuit === false)
    ignore('gratuit', 'non', 'critère non utilisé par le parcours d’orientation');
  if (query.frais_a_charge) {
    const fees = query.frais_a_charge;
    if (state.frais) {
      ignore('frais_a_charge', fees.join('|'), 'déjà restreint aux lieux gratuits');
    } else if (fees.length === 1 && fees[0] === 'Gratuit') state.frais = 'gratuit';
    else if (fees.length === 2 && FREE_OR_CONDITION.every((f) => fees.includes(f))) {
      state.frais = 'gratuit-ou-sous-condition';
    } else {
      ignore(
        'frais_a_charge',
        fees.join('|'),
        `choix possibles : ${FRAIS_A_CHARGE[0]}, ou ${FREE_OR_CONDITION.join(' et ')}`,
      );
    }
  }

  if (query.openNow === true) state.when = { kind: 'now' };
  if (query.slots) {
    if (state.when.kind === 'now')
      ignore('creneaux', params.get('creneaux') ?? '', 'déjà « ouvert maintenant »');
    else if (sameSlots(query.slots, WEEK_SLOTS)) state.when = { kind: 'week' };
    else state.when = { kind: 'slots', slots: query.slots };
  }
  return { state, errors };
}

/** `/orientation/<page>?…` → page and state; `undefined` when the path is not a journey page. */
export function parseJourneyUrl(
  pathname: string,
  search: string,
): (ParsedJourney & { page: JourneyPage }) | undefined {
  const page = journeyPageOf(pathname);
  if (!page) return undefined;
  return { page, ...parseJourney(search) };
}

// --- Editing the state (the UI's only way to change it, so invariants hold) ---

export function toggle<V>(list: readonly V[], value: V, on: boolean): V[] {
  const rest = list.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

export function withPlace(state: JourneyState, place: JourneyPlace | undefined): JourneyState {
  const next: JourneyState = { ...state, distance: false };
  if (place) next.place = place;
  else delete next.place;
  return next;
}

export function withDistance(state: JourneyState, distance: boolean): JourneyState {
  const next: JourneyState = { ...state, distance };
  if (distance) {
    delete next.place;
    next.accompagnement = [];
  }
  return next;
}

export function withRadius(state: JourneyState, radiusKm: number): JourneyState {
  const radius = Number.isFinite(radiusKm) ? radiusKm : DEFAULT_RADIUS_KM;
  return { ...state, radiusKm: Math.min(MAX_RADIUS_KM, Math.max(MIN_RADIUS_KM, radius)) };
}

/** Adds or removes one slot; slots stay sorted by day then start, without duplicates. */
export function withSlot(state: JourneyState, slot: Slot, on: boolean): JourneyState {
  const current = state.when.kind === 'slots' ? state.when.slots : [];
  const rest = current.filter((s) => !(s.day === slot.day && s.from === slot.from && s.to === slot.to));
  const slots = on ? [...rest, slot] : rest;
  slots.sort((a, b) => a.day - b.day || a.from - b.from || a.to - b.to);
  return { ...state, when: slots.length ? { kind: 'slots', slots } : { kind: 'any' } };
}

export function hasSlot(state: JourneyState, slot: Slot): boolean {
  return (
    state.when.kind === 'slots' &&
    state.when.slots.some((s) => s.day === slot.day && s.from === slot.from && s.to === slot.to)
  );
}

// --- Words for the criteria ---

function clock(minutes: number, lang: JourneyLang): string {
  return messagesOf(lang).time(Math.floor(minutes / 60), minutes % 60);
}

function joinAnd(words: readonly string[], lang: JourneyLang): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${messagesOf(lang).and} ${words.at(-1)}`;
}

/** « matin », « toute la journée », « de 14 h à 16 h 30 »; "morning", "from 14:00 to 16:30". */
export function windowLabel(from: number, to: number, lang: JourneyLang = 'fr'): string {
  const m = messagesOf(lang);
  const part = PARTS_OF_DAY.find((p) => p.from === from && p.to === to);
  if (part) return partOfDayLabel(part, lang);
  if (from === WHOLE_DAY.from && to === WHOLE_DAY.to) return m.allDay;
  return m.range(clock(from, lang), clock(to, lang));
}

/** « samedi matin », « lundi et mardi après-midi ; mercredi de 14 h à 16 h ». */
export function describeSlots(slots: readonly Slot[], lang: JourneyLang = 'fr'): string {
  const groups = new Map<string, { from: number; to: number; days: number[] }>();
  for (const s of slots) {
    const key = `${s.from}-${s.to}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { from: s.from, to: s.to, days: [] }));
    if (!group.days.includes(s.day)) group.days.push(s.day);
  }
  const names = weekdayNames(lang);
  return [...groups.values()]
    .map(
      (g) =>
        `${joinAnd(
          g.days.sort((a, b) => a - b).map((d) => names[d]!),
          lang,
        )} ${windowLabel(g.from, g.to, lang)}`,
    )
    .join(' ; ');
}

export function describeWhen(when: JourneyWhen, lang: JourneyLang = 'fr'): string {
  const m = messagesOf(lang);
  switch (when.kind) {
    case 'any':
      return m.anyTime;
    case 'now':
      return m.openNow;
    case 'week':
      return m.openThisWeek;
    case 'slots':
      return when.slots.length ? m.open(describeSlots(when.slots, lang)) : m.anyTime;
  }
}

export function describeWhere(state: JourneyState, lang: JourneyLang = 'fr'): string {
  const m = messagesOf(lang);
  if (state.distance) return m.remote;
  const base = state.place ? m.around(state.place.label, state.radiusKm) : m.anywhere;
  return state.itinerants ? base : m.withoutItinerant(base);
}

/** The state without the criteria of one step (« passer cette étape »). */
export function clearStep(state: JourneyState, step: JourneyStep): JourneyState {
  const next: JourneyState = { ...state };
  switch (step) {
    case 'besoin':
      next.services = [];
      break;
    case 'ou':
      delete next.place;
      next.distance = false;
      next.radiusKm = DEFAULT_RADIUS_KM;
      next.itinerants = true;
      break;
    case 'quand':
      next.when = { kind: 'any' };
      break;
    case 'precisions':
      delete next.frais;
      next.publics = [];
      next.priseEnCharge = [];
      next.accompagnement = [];
      next.acces = [];
      break;
  }
  return next;
}

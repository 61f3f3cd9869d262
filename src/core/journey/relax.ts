/**
 * With fewer than 3 results, the journey says which criterion to relax and offers it in one click.
 * Candidates are the smallest changes first (a wider radius, a whole day instead of a morning, one
 * specific need fewer…); each is counted with the same query engine, and those that reach the minimum
 * come first. Pure: the caller passes the count function (the browser's index or the API).
 */
import type { Query, Weekday } from '../query/index.js';
import {
  MAX_RADIUS_KM,
  PARTS_OF_DAY,
  RADIUS_CHOICES,
  WEEKDAY_NAMES,
  WHOLE_DAY,
  labelOf,
  type JourneyLang,
} from './catalogue.js';
import {
  ACCES_CHOICES,
  ACCOMPAGNEMENT_CHOICES,
  PRISE_EN_CHARGE_CHOICES,
  PUBLIC_CHOICES,
} from './catalogue.js';
import { messagesOf } from './messages.js';
import { describeSlots, journeyToQuery, windowLabel, type JourneyState } from './state.js';

export const MIN_RESULTS = 3;

export type RelaxationKind =
  | 'rayon'
  | 'itinerants'
  | 'journee-entiere'
  | 'semaine'
  | 'autres-jours'
  | 'quand'
  | 'frais'
  | 'publics'
  | 'prise-en-charge'
  | 'accompagnement'
  | 'acces'
  | 'precisions'
  | 'services';

export interface Relaxation {
  kind: RelaxationKind;
  /** The button's words: « Chercher jusqu'à 20 km ». */
  label: string;
  /** The relaxed journey, to apply in one click. */
  state: JourneyState;
  /** Matching lieux once relaxed. */
  count: number;
}

export interface RelaxOptions {
  /** Below this many results, suggestions are computed (default 3). */
  minResults?: number;
  /** Suggestions returned at most (default 3). */
  max?: number;
  /** Language of the labels (default French). */
  lang?: JourneyLang;
}

interface Candidate {
  kind: RelaxationKind;
  label: string;
  state: JourneyState;
}

function candidates(state: JourneyState, lang: JourneyLang): Candidate[] {
  const m = messagesOf(lang);
  const out: Candidate[] = [];
  const add = (kind: RelaxationKind, label: string, next: JourneyState): void => {
    out.push({ kind, label, state: next });
  };

  if (state.place && !state.distance) {
    // Every wider radius offered; the smallest one that is enough is kept below.
    for (const radius of RADIUS_CHOICES) {
      if (radius > state.radiusKm) add('rayon', m.relaxRadius(radius), { ...state, radiusKm: radius });
    }
    if (state.radiusKm < MAX_RADIUS_KM && !RADIUS_CHOICES.includes(MAX_RADIUS_KM)) {
      add('rayon', m.relaxRadius(MAX_RADIUS_KM), { ...state, radiusKm: MAX_RADIUS_KM });
    }
  }
  if (!state.itinerants) add('itinerants', m.relaxItinerants, { ...state, itinerants: true });

  const when = state.when;
  if (when.kind === 'now') {
    add('semaine', m.relaxWeek, { ...state, when: { kind: 'week' } });
  } else if (when.kind === 'slots' && when.slots.length) {
    const days = [...new Set(when.slots.map((s) => s.day))].sort((a, b) => a - b);
    const wholeDays = days.map((day) => ({ day, ...WHOLE_DAY }));
    const alreadyWhole = when.slots.every((s) => s.from === WHOLE_DAY.from && s.to === WHOLE_DAY.to);
    if (!alreadyWhole) {
      add('journee-entiere', m.open(describeSlots(wholeDays, lang)), {
        ...state,
        when: { kind: 'slots', slots: wholeDays },
      });
    }
    // The same time of day, any day of the week.
    const windows = [...new Map(when.slots.map((s) => [`${s.from}-${s.to}`, s])).values()];
    const everyDay = windows.flatMap((w) =>
      WEEKDAY_NAMES.map((_, day) => ({ day: day as Weekday, from: w.from, to: w.to })),
    );
    everyDay.sort((a, b) => a.day - b.day || a.from - b.from || a.to - b.to);
    if (
      everyDay.length > when.slots.length &&
      !windows.every((w) => w.from === WHOLE_DAY.from && w.to === WHOLE_DAY.to)
    ) {
      const words = windows.map((w) => {
        const kind = PARTS_OF_DAY.some((p) => p.from === w.from && p.to === w.to)
          ? 'part'
          : w.from === WHOLE_DAY.from && w.to === WHOLE_DAY.to
            ? 'whole'
            : 'range';
        return m.partWord(windowLabel(w.from, w.to, lang), kind);
      });
      add('autres-jours', m.relaxOtherDays(words.join(` ${m.or} `)), {
        ...state,
        when: { kind: 'slots', slots: everyDay },
      });
    }
  }
  if (when.kind !== 'any') add('quand', m.relaxAnyTime, { ...state, when: { kind: 'any' } });

  if (state.frais === 'gratuit') {
    add('frais', m.relaxFreeCondition, {
      ...state,
      frais: 'gratuit-ou-sous-condition',
    });
  }
  if (state.frais) {
    const next = { ...state };
    delete next.frais;
    add('frais', m.relaxPaid, next);
  }
  const lists = [
    ['publics', 'publics', PUBLIC_CHOICES, m.relaxWithoutPublics],
    ['priseEnCharge', 'prise-en-charge', PRISE_EN_CHARGE_CHOICES, m.relaxWithoutPriseEnCharge],
    ['accompagnement', 'accompagnement', ACCOMPAGNEMENT_CHOICES, m.relaxWithoutAccompagnement],
    ['acces', 'acces', ACCES_CHOICES, m.relaxWithoutAcces],
  ] as const;
  for (const [field, kind, choices, prefix] of lists) {
    const values = state[field] as readonly string[];
    if (!values.length) continue;
    const names = values.map((v) =>
      m.quote(labelOf(choices as readonly { value: string; label: string }[], v, lang)),
    );
    add(kind, `${prefix} ${names.join(', ')}`, { ...state, [field]: [] });
  }
  const specific =
    (state.frais ? 1 : 0) + lists.filter(([field]) => (state[field] as readonly string[]).length).length;
  if (specific > 1) {
    const next: JourneyState = { ...state, publics: [], priseEnCharge: [], accompagnement: [], acces: [] };
    delete next.frais;
    add('precisions', m.relaxNoSpecific, next);
  }
  if (state.services.length) add('services', m.relaxServices, { ...state, services: [] });
  return out;
}

/**
 * Relaxations worth offering, best first: those reaching `minResults` (in order of the smallest change),
 * then the others by count. Only changes that add results. For a wider radius, only the smallest radius
 * that reaches the minimum (or else the largest one that helps) is offered.
 */
export function suggestRelaxations(
  state: JourneyState,
  count: (query: Query) => number,
  options: RelaxOptions = {},
): Relaxation[] {
  const minResults = options.minResults ?? MIN_RESULTS;
  const max = options.max ?? 3;
  const current = count(journeyToQuery(state));
  if (current >= minResults) return [];

  const counted = candidates(state, options.lang ?? 'fr').map((c, order) => ({
    ...c,
    order,
    count: count(journeyToQuery(c.state)),
  }));
  const helpful = counted.filter((c) => c.count > current);

  const radii = helpful.filter((c) => c.kind === 'rayon');
  const enough = radii.find((c) => c.count >= minResults);
  const bestRadius =
    enough ??
    radii.reduce<(typeof radii)[number] | undefined>(
      (best, c) => (!best || c.count > best.count ? c : best),
      undefined,
    );
  const kept = helpful.filter((c) => c.kind !== 'rayon' || c === bestRadius);

  kept.sort((a, b) => {
    const aEnough = a.count >= minResults ? 0 : 1;
    const bEnough = b.count >= minResults ? 0 : 1;
    if (aEnough !== bEnough) return aEnough - bEnough;
    if (aEnough === 0) return a.order - b.order;
    return b.count - a.count || a.order - b.order;
  });
  return kept
    .slice(0, max)
    .map(({ kind, label, state: next, count: n }) => ({ kind, label, state: next, count: n }));
}

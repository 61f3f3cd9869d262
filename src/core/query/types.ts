/**
 * Public shapes of the query engine: what goes in (lieux, territory resolver, queries) and what comes
 * out (pages of items, counts, clusters). Shared by the server, the browser and the tests.
 */
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../standard/enums.js';
import type { FlatRecord } from '../standard/types.js';

/** A lieu as the engine receives it: the standard's flat record plus pipeline metadata. */
export interface LieuInput {
  id: string;
  record: FlatRecord;
  quality?: { score: number };
  sources?: string[];
}

/** Where a commune sits. `commune` is the parent commune of a municipal arrondissement (Paris, Lyon, Marseille). */
export interface TerritoryInfo {
  departement: string;
  region: string;
  epci?: string;
  commune?: string;
}

/** Resolves a code INSEE to its territory; `undefined` when the code is unknown. */
export type TerritoryResolver = (codeInsee: string) => TerritoryInfo | undefined;

/**
 * Enumerated list fields that can be filtered, spelled as the standard spells them, with their allowed
 * values. OR within a field, AND across fields.
 */
export const ENUM_FILTERS = {
  services: SERVICES,
  publics_specifiquement_adresses: PUBLICS_SPECIFIQUEMENT_ADRESSES,
  prise_en_charge_specifique: PRISE_EN_CHARGE_SPECIFIQUE,
  frais_a_charge: FRAIS_A_CHARGE,
  itinerance: ITINERANCE,
  dispositif_programmes_nationaux: DISPOSITIF_PROGRAMMES_NATIONAUX,
  formations_labels: FORMATIONS_LABELS,
  modalites_acces: MODALITES_ACCES,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
} as const;

export type EnumFilterField = keyof typeof ENUM_FILTERS;

export const ENUM_FILTER_FIELDS = Object.keys(ENUM_FILTERS) as EnumFilterField[];

/** 0 = lundi … 6 = dimanche (the hours module's convention). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** An availability window: open at some moment between `from` and `to` (minutes since midnight, Paris time). */
export interface Slot {
  day: Weekday;
  from: number;
  to: number;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** West, south, east, north in degrees; `west > east` means the box crosses the antimeridian. */
export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type SortOrder = 'distance' | 'name';

type EnumFilterValues = { [F in EnumFilterField]?: readonly (typeof ENUM_FILTERS)[F][number][] };

/**
 * A search. Every present criterion must hold (AND); list criteria match when any of their values does
 * (OR). Absent or empty lists filter nothing.
 */
export interface Query extends EnumFilterValues {
  /** Structure type codes (keys of TYPOLOGIES), OR. */
  typologie?: readonly string[];
  /** Words that must all start a word of the name or the commune (case and accents ignored). */
  q?: string;
  /** Codes INSEE of régions, départements, communes, and SIREN of EPCI; OR within each, AND across. */
  regions?: readonly string[];
  departements?: readonly string[];
  communes?: readonly string[];
  epci?: readonly string[];
  /** Open at the query's `now` (Europe/Paris, public holidays, Alsace-Moselle). `false` filters nothing. */
  openNow?: boolean;
  /** Open at this ISO 8601 date-time; without an offset it is read as Paris wall-clock time. */
  openAt?: string;
  /** Open during at least one of these windows (OR). */
  slots?: readonly Slot[];
  near?: LatLon;
  /** Only with `near`: keep lieux whose (base) address is within this many kilometres. */
  radiusKm?: number;
  bbox?: BBox;
  /** `true`: only lieux with this property; `false`: only lieux without it. */
  gratuit?: boolean;
  rdvEnLigne?: boolean;
  itinerant?: boolean;
  /** Default: `distance` when `near` is given, else `name`; `distance` without `near` sorts by name. */
  sort?: SortOrder;
  offset?: number;
  limit?: number;
}

export interface QueryItem {
  lieu: LieuInput;
  /**
   * The lieu's position in the index that answered (its rank in name order), for callers keeping data
   * per position; absent on items received from elsewhere (e.g. the API's first page in the browser).
   */
  position?: number;
  /** Great-circle distance from `near`, when both are known. */
  distanceKm?: number;
  /** Whether the lieu is open at `now`; absent when its hours are unknown. */
  openNow?: boolean;
  /** Why the lieu matches, in plain French, one entry per active criterion. */
  matched: string[];
}

export interface QueryResult {
  total: number;
  items: QueryItem[];
}

export interface RunOptions {
  /** The instant used for `openNow` (filter and item flag); defaults to the current time. */
  now?: Date;
}

export type TerritoryLevel = 'region' | 'departement' | 'commune';

export interface TerritoryCount {
  code: string;
  count: number;
}

export interface CountResult {
  /** Lieux matching the query (same as `runQuery(...).total`). */
  total: number;
  /** One entry per territory holding at least one match, sorted by code. */
  counts: TerritoryCount[];
  /** Matches whose code INSEE is missing or unknown to the territory resolver. */
  withoutTerritory: number;
}

export type MapFeature =
  | { type: 'cluster'; lat: number; lon: number; count: number; expansionZoom: number }
  | { type: 'lieu'; id: string; lat: number; lon: number; nom: string };

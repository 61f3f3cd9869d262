/**
 * The state of the map and list page lives in the URL, so that any view can be shared, bookmarked,
 * and walked with back and forward. Filters use the query engine's own codec (`parseQueryParams` /
 * `formatQueryParams`: the same parameters as the API); the page adds a few of its own:
 *
 * | parameter | meaning |
 * |---|---|
 * | `vue` | `carte` or `liste`; absent: both side by side |
 * | `lieu` | id of the lieu whose panel is open |
 * | `zoom`, `centre` | map camera: `zoom=11.5&centre=45.764,4.8357` |
 * | `autour` | label of the position in `pres_de` (« Lyon (69) », « Ma position ») |
 * | `filtres` | `1` when the filter panel is open (small screens) |
 *
 * Parameters that cannot be read are dropped (and reported), never fatal: a shared link with a typo
 * still opens the page.
 */
import { formatQueryParams, parseQueryParamsLeniently } from '../../core/query/index.js';
import type { Query, QueryParamError } from '../../core/query/index.js';

export type View = 'both' | 'carte' | 'liste';

export interface Camera {
  zoom: number;
  lat: number;
  lon: number;
}

export interface ExploreState {
  query: Query;
  view: View;
  lieu?: string;
  camera?: Camera;
  /** What `query.near` is, in words. */
  autour?: string;
  filtersOpen?: boolean;
}

export const PAGE_PARAMS = ['vue', 'lieu', 'zoom', 'centre', 'autour', 'filtres', 'lang'] as const;

/** Pagination belongs to the list's scroll position, not to the shared state. */
const NOT_IN_URL: ReadonlyArray<keyof Query> = ['offset', 'limit'];

export interface ParsedState {
  state: ExploreState;
  /** Parameters dropped because they could not be read. */
  errors: QueryParamError[];
}

const ID = /^[\w.:@~-]{1,200}$/;

function readCamera(params: URLSearchParams, errors: QueryParamError[]): Camera | undefined {
  const zoomText = params.get('zoom');
  const centreText = params.get('centre');
  if (zoomText === null && centreText === null) return undefined;
  const zoom = Number(zoomText);
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(centreText ?? '');
  const lat = match ? Number(match[1]) : NaN;
  const lon = match ? Number(match[2]) : NaN;
  const zoomOk =
    zoomText !== null && zoomText.trim() !== '' && Number.isFinite(zoom) && zoom >= 0 && zoom <= 22;
  const centreOk =
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  if (!zoomOk) errors.push({ param: 'zoom', value: zoomText ?? '', message: 'zoom attendu entre 0 et 22' });
  if (!centreOk) {
    errors.push({
      param: 'centre',
      value: centreText ?? '',
      message: 'centre attendu « latitude,longitude »',
    });
  }
  return zoomOk && centreOk ? { zoom, lat, lon } : undefined;
}

/** Reads a query string (with or without `?`). */
export function parseExploreState(search: string | URLSearchParams): ParsedState {
  const params = new URLSearchParams(search);
  const filters = new URLSearchParams(params);
  for (const name of PAGE_PARAMS) filters.delete(name);
  for (const name of NOT_IN_URL) filters.delete(name);
  const { query, errors } = parseQueryParamsLeniently(filters);

  const state: ExploreState = { query, view: 'both' };
  const vue = params.get('vue');
  if (vue === 'carte' || vue === 'liste') state.view = vue;
  else if (vue) errors.push({ param: 'vue', value: vue, message: 'valeurs possibles : carte, liste' });

  const lieu = params.get('lieu');
  if (lieu && ID.test(lieu)) state.lieu = lieu;
  else if (lieu) errors.push({ param: 'lieu', value: lieu, message: 'identifiant de lieu illisible' });

  const camera = readCamera(params, errors);
  if (camera) state.camera = camera;

  const autour = params.get('autour')?.trim();
  if (autour && query.near) state.autour = autour.slice(0, 120);
  if (params.get('filtres') === '1') state.filtersOpen = true;
  return { state, errors };
}

function round(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** The canonical query string of a state (without `?`): same state, same text. */
export function formatExploreState(state: ExploreState): string {
  const query: Query = { ...state.query };
  for (const name of NOT_IN_URL) delete query[name];
  const params = formatQueryParams(query);
  if (state.view !== 'both') params.set('vue', state.view);
  if (state.lieu) params.set('lieu', state.lieu);
  if (state.camera) {
    params.set('zoom', round(state.camera.zoom, 2));
    params.set('centre', `${round(state.camera.lat, 5)},${round(state.camera.lon, 5)}`);
  }
  if (state.autour && state.query.near) params.set('autour', state.autour);
  if (state.filtersOpen) params.set('filtres', '1');
  // `|`, `,` and `:` read better unescaped in a shared link, and are valid in a query string.
  return params.toString().replace(/%7C/gi, '|').replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** Where the drill-down stands: the single région and/or département filtered, if any. */
export interface TerritoryFocus {
  level: 'france' | 'region' | 'departement';
  region?: string;
  departement?: string;
}

export function territoryFocus(query: Query): TerritoryFocus {
  const departement = query.departements?.length === 1 ? query.departements[0] : undefined;
  const region = query.regions?.length === 1 ? query.regions[0] : undefined;
  if (departement) return { level: 'departement', departement, ...(region ? { region } : {}) };
  if (region) return { level: 'region', region };
  return { level: 'france' };
}

/** The query after choosing a territory in the drill-down (`undefined` codes go back up). */
export function withTerritory(query: Query, region: string | undefined, departement?: string): Query {
  const next: Query = { ...query };
  delete next.regions;
  delete next.departements;
  if (region) next.regions = [region];
  if (departement) next.departements = [departement];
  return next;
}

/** Number of active filter criteria (territory and position excluded: they have their own controls). */
export function activeFilterCount(query: Query): number {
  let n = 0;
  for (const [key, value] of Object.entries(query) as Array<[keyof Query, unknown]>) {
    if (['regions', 'departements', 'near', 'radiusKm', 'sort', 'offset', 'limit', 'bbox'].includes(key))
      continue;
    if (key === 'openNow') n += value === true ? 1 : 0;
    else if (Array.isArray(value)) n += value.length;
    else if (value !== undefined && value !== '') n++;
  }
  return n;
}

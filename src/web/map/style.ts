/**
 * The map's styles, pure data (tested without a browser):
 * - `offlineStyle`: the built-in base map (sea, land, région and département outlines from the
 *   reference geography) used when no style URL is configured, when the configured one or its tiles
 *   cannot be reached, and in tests. No glyphs, no tiles: works fully offline.
 * - `overlayLayers`: Repère's own layers, added on top of any base style: territory areas for the
 *   drill-down, count bubbles, clusters and lieux, all drawn by the GPU (no DOM markers). Numbers are
 *   icons drawn on demand (see `countImage`), so no font server is needed either.
 */
import type { GeoCollection } from '../data/geo.js';

export const OUTLINES_SOURCE = 'repere-outlines';
export const COUNTS_SOURCE = 'repere-counts';
export const POINTS_SOURCE = 'repere-points';
export const HIGHLIGHT_SOURCE = 'repere-highlight';
export const COUNT_IMAGE_PREFIX = 'repere-count-';

export interface MapColors {
  sea: string;
  land: string;
  region: string;
  departement: string;
  primary: string;
  primaryText: string;
  highlight: string;
}

export const DEFAULT_COLORS: MapColors = {
  sea: '#dce8f0',
  land: '#f7f6f2',
  region: '#6b6b6b',
  departement: '#a8a8a8',
  primary: '#1f4fa3',
  primaryText: '#ffffff',
  highlight: '#b34000',
};

type Json = Record<string, unknown>;

export function outlinesSource(geo: GeoCollection): Json {
  return { type: 'geojson', data: geo, attribution: geo.attribution ?? '' };
}

export function offlineStyle(geo: GeoCollection, colors: MapColors = DEFAULT_COLORS): Json {
  return {
    version: 8,
    name: 'Repère — fond hors ligne',
    metadata: { 'repere:offline': true },
    sources: { [OUTLINES_SOURCE]: outlinesSource(geo) },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': colors.sea } },
      {
        id: 'land',
        type: 'fill',
        source: OUTLINES_SOURCE,
        filter: ['==', ['get', 'kind'], 'land'],
        paint: { 'fill-color': colors.land },
      },
      {
        id: 'departement-outlines',
        type: 'line',
        source: OUTLINES_SOURCE,
        minzoom: 4.5,
        filter: ['==', ['get', 'kind'], 'departement'],
        paint: {
          'line-color': colors.departement,
          'line-width': ['interpolate', ['linear'], ['zoom'], 4.5, 0.4, 9, 1.2],
        },
      },
      {
        id: 'region-outlines',
        type: 'line',
        source: OUTLINES_SOURCE,
        filter: ['==', ['get', 'kind'], 'region'],
        paint: {
          'line-color': colors.region,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.8, 9, 2],
        },
      },
    ],
  };
}

/** Layer ids of the overlay, bottom to top. */
export const OVERLAY_LAYER_IDS = [
  'repere-territory-fill',
  'repere-territory-hover',
  'repere-count-circles',
  'repere-count-labels',
  'repere-clusters',
  'repere-cluster-labels',
  'repere-lieux',
  'repere-lieu-hover',
  'repere-lieu-selected',
] as const;

/** The overlay layers; `territoryFilter` selects the areas that can be clicked to drill down. */
export function overlayLayers(colors: MapColors = DEFAULT_COLORS): Json[] {
  const countRadius = ['interpolate', ['linear'], ['get', 'count'], 1, 16, 100, 22, 1000, 28, 10000, 34];
  return [
    {
      id: 'repere-territory-fill',
      type: 'fill',
      source: OUTLINES_SOURCE,
      filter: ['==', ['get', 'kind'], 'none'],
      paint: { 'fill-color': colors.primary, 'fill-opacity': 0.04 },
    },
    {
      id: 'repere-territory-hover',
      type: 'line',
      source: OUTLINES_SOURCE,
      filter: ['==', ['get', 'code'], '__none__'],
      paint: { 'line-color': colors.highlight, 'line-width': 3 },
    },
    {
      id: 'repere-count-circles',
      type: 'circle',
      source: COUNTS_SOURCE,
      paint: {
        'circle-color': colors.primary,
        'circle-radius': countRadius,
        'circle-stroke-color': colors.primaryText,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'repere-count-labels',
      type: 'symbol',
      source: COUNTS_SOURCE,
      layout: {
        'icon-image': ['concat', COUNT_IMAGE_PREFIX, ['get', 'label']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      id: 'repere-clusters',
      type: 'circle',
      source: POINTS_SOURCE,
      filter: ['==', ['get', 'cluster'], true],
      paint: {
        'circle-color': colors.primary,
        'circle-radius': countRadius,
        'circle-stroke-color': colors.primaryText,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'repere-cluster-labels',
      type: 'symbol',
      source: POINTS_SOURCE,
      filter: ['==', ['get', 'cluster'], true],
      layout: {
        'icon-image': ['concat', COUNT_IMAGE_PREFIX, ['get', 'label']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      id: 'repere-lieux',
      type: 'circle',
      source: POINTS_SOURCE,
      filter: ['!=', ['get', 'cluster'], true],
      paint: {
        'circle-color': colors.primary,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 6, 16, 9],
        'circle-stroke-color': colors.primaryText,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'repere-lieu-hover',
      type: 'circle',
      source: HIGHLIGHT_SOURCE,
      filter: ['==', ['get', 'role'], 'hover'],
      paint: {
        'circle-color': colors.highlight,
        'circle-radius': 11,
        'circle-stroke-color': colors.primaryText,
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'repere-lieu-selected',
      type: 'circle',
      source: HIGHLIGHT_SOURCE,
      filter: ['==', ['get', 'role'], 'selected'],
      paint: {
        'circle-color': colors.highlight,
        'circle-radius': 12,
        'circle-stroke-color': '#000000',
        'circle-stroke-width': 3,
      },
    },
  ];
}

/** « 7 », « 950 », « 1,2k », « 12k »: short enough for a bubble; the full count is in the list. */
export function shortCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(Math.floor(count / 100) / 10).toString().replace('.', ',')}k`;
  return `${Math.floor(count / 1000)}k`;
}

/** Which aggregate the map shows: counts per région, per département, or clustered lieux. */
export type MapMode = 'regions' | 'departements' | 'clusters';

export const CLUSTER_ZOOM = 7.5;

export function mapMode(level: 'france' | 'region' | 'departement', zoom: number): MapMode {
  if (level === 'departement' || zoom >= CLUSTER_ZOOM) return 'clusters';
  if (level === 'france' && zoom < 5) return 'regions';
  return 'departements';
}

/**
 * The map (its own chunk with MapLibre GL, loaded only when a map is shown). It draws what the query
 * engine computes on the snapshot — counts per région or département, then clusters and lieux — as
 * GPU layers over the configured base style, or over the built-in offline style when no style is
 * configured or it (or its tiles) cannot be reached. Names show on hover, and when a card of the
 * list is hovered or focused; a click opens the lieu's panel or drills into a territory.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type {
  GeoJSONSource,
  Map as MapLibreMap,
  MapGeoJSONFeature,
  Popup,
  StyleSpecification,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'preact/hooks';
import { clusters, getLieu } from '../../core/query/index.js';
import { cachedCountBy } from '../lib/aggregates.js';
import type { Query } from '../../core/query/index.js';
import { loadConfig, type Dataset } from '../data/api.js';
import { FRANCE_BOUNDS, type Bounds, type Geography } from '../data/geo.js';
import { t, type Lang } from '../i18n/index.js';
import { navigate } from '../router.js';
import type { Camera, TerritoryFocus } from '../state/url-state.js';
import { countFeatures, emptyCollection, pointFeatures } from './features.js';
import {
  COUNTS_SOURCE,
  COUNT_IMAGE_PREFIX,
  DEFAULT_COLORS,
  HIGHLIGHT_SOURCE,
  OUTLINES_SOURCE,
  POINTS_SOURCE,
  mapMode,
  offlineStyle,
  outlinesSource,
  overlayLayers,
  type MapColors,
  type MapMode,
} from './style.js';

export interface MapViewProps {
  dataset: Dataset | undefined;
  geo: Geography | undefined;
  query: Query;
  queryKey: string;
  focus: TerritoryFocus;
  camera: Camera | undefined;
  selected: string | undefined;
  hovered: string | undefined;
  now: Date;
  lang: Lang;
  onSelect: (id: string) => void;
  onCamera: (camera: Camera) => void;
  drillHref: (region: string | undefined, departement?: string) => string;
}

type MapLibre = typeof import('maplibre-gl');
/** `builtin`: no style configured; `fallback`: the configured style or its tiles could not be reached. */
type StyleKind = 'remote' | 'builtin' | 'fallback';

const STYLE_TIMEOUT_MS = 5000;

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Theme colours from the CSS custom properties, so a local version's theme reaches the map. */
function themeColors(element: HTMLElement): MapColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ...DEFAULT_COLORS,
    primary: read('--repere-primary', DEFAULT_COLORS.primary),
    primaryText: read('--repere-on-primary', DEFAULT_COLORS.primaryText),
    highlight: read('--repere-accent', DEFAULT_COLORS.highlight),
  };
}

async function fetchStyle(url: string): Promise<StyleSpecification | undefined> {
  if (navigator.onLine === false) return undefined;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), STYLE_TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) return undefined;
    const style = (await response.json()) as StyleSpecification;
    return style && style.version === 8 && Array.isArray(style.layers) ? style : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** A count drawn as an image (white on the bubble): numbers without a glyph server. */
function countImage(label: string, color: string): ImageData | undefined {
  const ratio = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
  if (label.length > 8) return undefined;
  const canvas = document.createElement('canvas');
  const fontSize = 13 * ratio;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  const font = `700 ${fontSize}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  context.font = font;
  const width = Math.ceil(context.measureText(label).width) + 4 * ratio;
  canvas.width = width;
  canvas.height = Math.ceil(fontSize * 1.3);
  context.font = font;
  context.fillStyle = color;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(label, width / 2, canvas.height / 2 + ratio);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

function boundsOf(focus: TerritoryFocus, geo: Geography | undefined): Bounds {
  if (focus.departement) {
    const d = geo?.departements.get(focus.departement);
    if (d) return d.bbox;
  }
  if (focus.region) {
    const r = geo?.regions.get(focus.region);
    if (r) return r.bbox;
  }
  return FRANCE_BOUNDS;
}

function sameCamera(map: MapLibreMap, camera: Camera): boolean {
  const c = map.getCenter();
  return (
    Math.abs(map.getZoom() - camera.zoom) < 0.05 &&
    Math.abs(c.lat - camera.lat) < 1e-4 &&
    Math.abs(c.lng - camera.lon) < 1e-4
  );
}

export function MapView(props: MapViewProps) {
  const { lang } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | undefined>(undefined);
  const popupRef = useRef<Popup | undefined>(undefined);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string>();
  const [styleKind, setStyleKind] = useState<StyleKind>();
  const [mode, setMode] = useState<MapMode>();
  const refreshRef = useRef<() => void>(() => undefined);
  const highlightRef = useRef<() => void>(() => undefined);

  // Create the map once the outlines (needed by the offline style and the drill-down) are known.
  useEffect(() => {
    const geo = props.geo;
    const element = container.current;
    if (!geo || !element || mapRef.current) return;
    let cancelled = false;
    let map: MapLibreMap | undefined;
    (async () => {
      let maplibregl: MapLibre;
      try {
        maplibregl = await import('maplibre-gl');
        maplibregl.setWorkerUrl(workerUrl);
      } catch (e) {
        setState('error');
        setError(t('map.error', { detail: (e as Error).message }, lang));
        return;
      }
      const config = await loadConfig();
      const colors = themeColors(element);
      const remote = config.mapStyleUrl ? await fetchStyle(config.mapStyleUrl) : undefined;
      if (cancelled) return;
      const offline = offlineStyle(geo.collection, colors) as unknown as StyleSpecification;
      let kind: StyleKind = remote ? 'remote' : config.mapStyleUrl ? 'fallback' : 'builtin';
      const p = propsRef.current;
      const initial = p.camera;
      try {
        map = new maplibregl.Map({
          container: element,
          style: remote ?? offline,
          ...(initial
            ? { center: [initial.lon, initial.lat], zoom: initial.zoom }
            : { bounds: boundsOf(p.focus, geo), fitBoundsOptions: { padding: 24 } }),
          attributionControl: false,
          dragRotate: false,
          pitchWithRotate: false,
          touchPitch: false,
          maxPitch: 0,
          renderWorldCopies: false,
          fadeDuration: reducedMotion() ? 0 : 300,
          locale: {
            'NavigationControl.ZoomIn': t('map.zoomIn', {}, lang),
            'NavigationControl.ZoomOut': t('map.zoomOut', {}, lang),
            'Map.Title': t('map.label', {}, lang),
          },
        });
      } catch (e) {
        setState('error');
        setError(t('map.noWebgl', {}, lang));
        void e;
        return;
      }
      mapRef.current = map;
      Object.defineProperty(element, 'repereMap', { value: map, configurable: true });
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(
        new maplibregl.AttributionControl({ compact: true, customAttribution: geo.attribution }),
        'bottom-right',
      );
      popupRef.current = new maplibregl.Popup({
        closeButton: false,
        closeOnClick: false,
        className: 'map-tooltip',
        offset: 12,
      });

      const installOverlay = () => {
        const m = map!;
        if (!m.getSource(OUTLINES_SOURCE))
          m.addSource(OUTLINES_SOURCE, outlinesSource(geo.collection) as never);
        for (const id of [COUNTS_SOURCE, POINTS_SOURCE, HIGHLIGHT_SOURCE]) {
          if (!m.getSource(id)) m.addSource(id, { type: 'geojson', data: emptyCollection() as never });
        }
        for (const layer of overlayLayers(colors)) {
          if (!m.getLayer(layer.id as string)) m.addLayer(layer as never);
        }
        refreshRef.current();
        highlightRef.current();
      };
      map.on('style.load', installOverlay);
      const pixelRatio = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
      map.setMissingStyleImageResolver((id) => {
        if (!id.startsWith(COUNT_IMAGE_PREFIX) || map!.hasImage(id)) return;
        const image = countImage(id.slice(COUNT_IMAGE_PREFIX.length), colors.primaryText);
        if (image) map!.addImage(id, image, { pixelRatio });
      });

      // Tiles of the remote style unreachable (offline, blocked): fall back to the built-in style.
      let tileLoaded = false;
      let tileErrors = 0;
      const fallback = () => {
        if (kind !== 'remote') return;
        kind = 'fallback';
        setStyleKind('fallback');
        map!.setStyle(offline, { diff: false });
      };
      map.on('data', (event) => {
        const e = event as { dataType?: string; sourceId?: string; tile?: unknown };
        if (e.dataType === 'source' && e.tile && e.sourceId && !e.sourceId.startsWith('repere-'))
          tileLoaded = true;
      });
      map.on('error', (event) => {
        const e = event as { sourceId?: string };
        if (
          kind === 'remote' &&
          !tileLoaded &&
          (!e.sourceId || !e.sourceId.startsWith('repere-')) &&
          ++tileErrors >= 2
        ) {
          fallback();
        }
      });
      window.addEventListener('offline', () => !tileLoaded && fallback(), { once: true });

      map.on('moveend', (event) => {
        refreshRef.current();
        if ((event as { originalEvent?: unknown }).originalEvent) {
          const c = map!.getCenter();
          propsRef.current.onCamera({ zoom: map!.getZoom(), lat: c.lat, lon: c.lng });
        }
      });

      const interactive = [
        'repere-lieux',
        'repere-clusters',
        'repere-count-circles',
        'repere-territory-fill',
      ];
      const featureAt = (point: { x: number; y: number }): MapGeoJSONFeature | undefined => {
        const layers = interactive.filter((id) => map!.getLayer(id));
        return map!.queryRenderedFeatures([point.x, point.y] as never, { layers })[0];
      };
      const describe = (feature: MapGeoJSONFeature): string | undefined => {
        const props = feature.properties as Record<string, unknown>;
        if (feature.layer.id === 'repere-lieux') return String(props.nom ?? '');
        if (feature.layer.id === 'repere-clusters') {
          const n = Number(props.count);
          return t(n > 1 ? 'map.cluster.other' : 'map.cluster.one', { n }, propsRef.current.lang);
        }
        if (props.nom)
          return props.count ? `${String(props.nom)} · ${String(props.count)}` : String(props.nom);
        return undefined;
      };
      map.on('mousemove', (event) => {
        const feature = featureAt(event.point);
        map!.getCanvas().style.cursor = feature ? 'pointer' : '';
        const hoverCode =
          feature && feature.layer.id === 'repere-territory-fill'
            ? String(feature.properties.code ?? '')
            : '__none__';
        if (map!.getLayer('repere-territory-hover')) {
          map!.setFilter('repere-territory-hover', [
            'all',
            ['==', ['get', 'kind'], feature?.properties.level ?? feature?.properties.kind ?? 'none'],
            [
              '==',
              ['get', 'code'],
              feature && feature.layer.id === 'repere-count-circles'
                ? String(feature.properties.code)
                : hoverCode,
            ],
          ] as never);
        }
        const text = feature ? describe(feature) : undefined;
        if (text) popupRef.current!.setLngLat(event.lngLat).setText(text).addTo(map!);
        else popupRef.current!.remove();
      });
      map.getCanvas().addEventListener('mouseleave', () => popupRef.current?.remove());
      map.on('click', (event) => {
        const feature = featureAt(event.point);
        if (!feature) return;
        const props = feature.properties as Record<string, unknown>;
        const p = propsRef.current;
        if (feature.layer.id === 'repere-lieux') p.onSelect(String(props.id));
        else if (feature.layer.id === 'repere-clusters') {
          const options = { center: event.lngLat, zoom: Number(props.expansionZoom) };
          if (reducedMotion()) map!.jumpTo(options);
          else map!.easeTo(options);
        } else {
          const code = String(props.code ?? '');
          const level = String(props.level ?? props.kind ?? '');
          if (level === 'region') navigate(p.drillHref(code));
          else if (level === 'departement') {
            const region = String(props.region ?? geo.departements.get(code)?.region ?? '');
            navigate(p.drillHref(region || undefined, code));
          }
        }
      });
      map.once('load', () => {
        if (cancelled) return;
        // The sources' credits are long: folded behind the (i) button until asked for.
        const credits = element.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact-show');
        if (credits) {
          credits.classList.remove('maplibregl-compact-show');
          credits.setAttribute('open', '');
        }
        setStyleKind(kind);
        setState('ready');
      });
      map.on('webglcontextlost', () => {
        setState('error');
        setError(t('map.noWebgl', {}, propsRef.current.lang));
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [props.geo]);

  useEffect(
    () => () => {
      mapRef.current?.remove();
      mapRef.current = undefined;
    },
    [],
  );

  // What the map shows for the current query, territory and zoom.
  refreshRef.current = () => {
    const map = mapRef.current;
    const p = propsRef.current;
    if (!map || !p.geo || !map.getSource(POINTS_SOURCE)) return;
    const index = p.dataset?.index;
    const zoom = map.getZoom();
    const next = mapMode(p.focus.level, zoom);
    setMode(next);
    const counts = map.getSource(COUNTS_SOURCE) as GeoJSONSource;
    const points = map.getSource(POINTS_SOURCE) as GeoJSONSource;
    // The areas one can click to go one level down.
    const region = p.focus.region;
    map.setFilter(
      'repere-territory-fill',
      (next === 'regions'
        ? ['==', ['get', 'kind'], 'region']
        : next === 'departements'
          ? region
            ? ['all', ['==', ['get', 'kind'], 'departement'], ['==', ['get', 'region'], region]]
            : ['==', ['get', 'kind'], 'departement']
          : ['==', ['get', 'kind'], 'none']) as never,
    );
    if (!index) return;
    if (next === 'clusters') {
      counts.setData(emptyCollection() as never);
      const b = map.getBounds();
      const pad = 0.25;
      const dx = (b.getEast() - b.getWest()) * pad;
      const dy = (b.getNorth() - b.getSouth()) * pad;
      const bbox = {
        west: Math.max(-180, b.getWest() - dx),
        south: Math.max(-85, b.getSouth() - dy),
        east: Math.min(180, b.getEast() + dx),
        north: Math.min(85, b.getNorth() + dy),
      };
      points.setData(pointFeatures(clusters(index, p.query, bbox, zoom, { now: p.now })) as never);
    } else {
      points.setData(emptyCollection() as never);
      const level = next === 'regions' ? 'region' : 'departement';
      counts.setData(
        countFeatures(cachedCountBy(index, p.query, p.queryKey, level, p.now), p.geo, level) as never,
      );
    }
    map.getContainer().dataset.mapMode = next;
  };

  highlightRef.current = () => {
    const map = mapRef.current;
    const p = propsRef.current;
    const source = map?.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined;
    if (!map || !source) return;
    const index = p.dataset?.index;
    const features = [];
    for (const [role, id] of [
      ['selected', p.selected],
      ['hover', p.hovered],
    ] as const) {
      const lieu = id && index ? getLieu(index, id) : undefined;
      const lat = Number(lieu?.record.latitude);
      const lon = Number(lieu?.record.longitude);
      if (!lieu || !lieu.record.latitude || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { role, id: lieu.id },
      });
      if (role === 'hover')
        popupRef.current
          ?.setLngLat([lon, lat])
          .setText(lieu.record.nom ?? lieu.id)
          .addTo(map);
    }
    if (!p.hovered) popupRef.current?.remove();
    source.setData({ type: 'FeatureCollection', features } as never);
  };

  useEffect(
    () => refreshRef.current(),
    [props.dataset, props.queryKey, props.now, state, props.focus.level, props.focus.region],
  );
  useEffect(() => highlightRef.current(), [props.selected, props.hovered, props.dataset, state]);

  // The camera follows the URL (back/forward, place search); a new territory without camera fits it.
  const cameraKey = props.camera ? `${props.camera.zoom}/${props.camera.lat}/${props.camera.lon}` : '';
  useEffect(() => {
    const map = mapRef.current;
    const camera = props.camera;
    if (!map || state !== 'ready' || !camera || sameCamera(map, camera)) return;
    const options = { center: [camera.lon, camera.lat] as [number, number], zoom: camera.zoom };
    if (reducedMotion()) map.jumpTo(options);
    else map.flyTo({ ...options, speed: 1.6 });
  }, [cameraKey, state]);
  const territoryKey = `${props.focus.region ?? ''}/${props.focus.departement ?? ''}`;
  const firstTerritory = useRef(true);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || state !== 'ready') return;
    if (firstTerritory.current) {
      firstTerritory.current = false;
      return;
    }
    if (props.camera) return;
    map.fitBounds(boundsOf(props.focus, props.geo), { padding: 24, animate: !reducedMotion(), maxZoom: 10 });
  }, [territoryKey, state]);

  // A lieu selected from the list: bring it into view.
  useEffect(() => {
    const map = mapRef.current;
    const index = props.dataset?.index;
    if (!map || state !== 'ready' || !props.selected || !index) return;
    const lieu = getLieu(index, props.selected);
    const lat = Number(lieu?.record.latitude);
    const lon = Number(lieu?.record.longitude);
    if (!lieu?.record.latitude || !Number.isFinite(lat) || !Number.isFinite(lon)) return;
    if (!map.getBounds().contains([lon, lat]) || map.getZoom() < 12) {
      const options = { center: [lon, lat] as [number, number], zoom: Math.max(map.getZoom(), 13) };
      if (reducedMotion()) map.jumpTo(options);
      else map.easeTo(options);
    }
  }, [props.selected, state]);

  return (
    <div class="map-wrap">
      <div
        ref={container}
        class="map"
        role="region"
        aria-label={t('map.label', {}, lang)}
        data-map-state={state}
        data-map-style={styleKind}
        data-map-mode={mode}
      />
      {state === 'loading' && <p class="map-loading">{t('map.loading', {}, lang)}</p>}
      {styleKind === 'fallback' && state === 'ready' && (
        <p class="map-note">{t('map.offlineStyle', {}, lang)}</p>
      )}
      {error && (
        <p class="notice notice--error map-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * `/carte`: the map and the list of the same results, the filters, the place search, the drill-down
 * by territory and the selected lieu's panel. Every piece of state is in the URL (see
 * state/url-state.ts); this component reads it, runs the query engine on the snapshot, and writes
 * changes back with `navigate`.
 */
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatQueryParams, getLieu, runQuery } from '../../core/query/index.js';
import type { CountResult, Query, QueryItem } from '../../core/query/index.js';
import { haversineKm } from '../../core/geo/index.js';
import { FilterChips } from '../components/FilterChips.js';
import { FilterPanel } from '../components/FilterPanel.js';
import { LieuCard } from '../components/LieuCard.js';
import { LieuPanel } from '../components/LieuPanel.js';
import { PlaceSearch } from '../components/PlaceSearch.js';
import { TerritoryNav, territoryName } from '../components/TerritoryNav.js';
import { VirtualList } from '../components/VirtualList.js';
import { loadDataset, loadFirstPage, type Dataset, type FirstPage } from '../data/api.js';
import { loadGeography, type Geography } from '../data/geo.js';
import type { Place } from '../data/places.js';
import { formatNumber, t, tn, type Lang } from '../i18n/index.js';
import { cachedCountBy } from '../lib/aggregates.js';
import { useMinuteClock } from '../lib/clock.js';
import { formatDate } from '../lib/format.js';
import { activeFilterCount } from '../state/url-state.js';
import { geolocate } from '../lib/geolocate.js';
import { markFilterStart, markResultsRendered } from '../lib/perf.js';
import { navigate, type Location } from '../router.js';
import {
  formatExploreState,
  parseExploreState,
  territoryFocus,
  withTerritory,
  type Camera,
  type ExploreState,
  type View,
} from '../state/url-state.js';

const MapView = lazy(() => import('../map/MapView.js').then((m) => ({ default: m.MapView })));

export const EXPLORE_PATH = '/carte';

export function exploreHref(state: ExploreState): string {
  const search = formatExploreState(state);
  return search ? `${EXPLORE_PATH}?${search}` : EXPLORE_PATH;
}

/** Zoom used when the view centres on a searched place. */
const PLACE_ZOOM: Record<Place['kind'], number> = { commune: 12, adresse: 15, departement: 8, region: 6 };

/** Results asked of the server while the snapshot loads: a screenful and a bit. */
const FIRST_PAGE_SIZE = 12;

export function Explore({ location, lang }: { location: Location; lang: Lang }) {
  const { state, errors } = useMemo(() => parseExploreState(location.search), [location.search]);
  const { query } = state;
  const queryKey = useMemo(() => formatQueryParams(query).toString(), [query]);
  const [dataset, setDataset] = useState<Dataset>();
  const [loadError, setLoadError] = useState<string>();
  const [geo, setGeo] = useState<Geography>();
  const [geoMessage, setGeoMessage] = useState<string>();
  const [hovered, setHovered] = useState<string>();
  const now = useMinuteClock();

  const [firstPage, setFirstPage] = useState<{ key: string; page: FirstPage }>();

  // The server's first page comes first; the snapshot downloads meanwhile and is indexed after it.
  const firstPageShown = useRef<() => void>(() => undefined);
  useEffect(() => {
    const shown = new Promise<void>((resolve) => (firstPageShown.current = resolve));
    loadDataset({ after: shown }).then(setDataset, (error: Error) => setLoadError(error.message));
    loadGeography().then(setGeo, () => undefined);
  }, []);

  // Until the snapshot is indexed, the server gives the first page (same engine, same order).
  useEffect(() => {
    if (dataset) return;
    const controller = new AbortController();
    loadFirstPage(query, FIRST_PAGE_SIZE, controller.signal).then(
      (page) => setFirstPage({ key: queryKey, page }),
      () => firstPageShown.current(), // offline or failing: the snapshot (or its error) will answer
    );
    return () => controller.abort();
  }, [queryKey, dataset]);
  const early = !dataset && firstPage?.key === queryKey ? firstPage.page : undefined;

  const update = (next: ExploreState, options: { replace?: boolean } = {}) =>
    navigate(exploreHref(next), options);
  const setQuery = (next: Query, options: { replace?: boolean } = {}) => {
    markFilterStart();
    const nextState: ExploreState = { ...state, query: next };
    delete nextState.lieu;
    update(nextState, options);
  };

  const focus = territoryFocus(query);
  const index = dataset?.index;
  const counts = useMemo((): CountResult | undefined => {
    if (!index || focus.level === 'departement') return undefined;
    return cachedCountBy(index, query, queryKey, focus.level === 'france' ? 'region' : 'departement', now);
  }, [index, queryKey, now]);
  // The counts already hold the total; only a département needs a pass of its own.
  const total = useMemo(
    () => (!index ? 0 : counts ? counts.total : runQuery(index, { ...query, limit: 0 }, { now }).total),
    [index, counts, queryKey, now],
  );

  // The list asks for windows of rows; the last window is kept so re-renders cost nothing.
  const windowCache = useRef<{ key: string; items: QueryItem[] }>({ key: '', items: [] });
  const rows = (start: number, end: number): QueryItem[] => {
    const key = `${queryKey}|${now.getTime()}|${start}|${end}`;
    if (windowCache.current.key !== key && index) {
      windowCache.current = {
        key,
        items: runQuery(index, { ...query, offset: start, limit: end - start }, { now }).items,
      };
    }
    return windowCache.current.items;
  };

  useLayoutEffect(() => {
    if (index || early) markResultsRendered();
    if (early) requestAnimationFrame(() => setTimeout(() => firstPageShown.current(), 0));
  }, [index, queryKey, Boolean(early)]);

  // After a drill-down the link that was clicked is gone: keep the keyboard user in the navigation.
  const territoryKey = `${focus.region ?? ''}/${focus.departement ?? ''}`;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!document.activeElement || document.activeElement === document.body) {
      document.querySelector<HTMLElement>('.territory [aria-current]')?.focus();
    }
  }, [territoryKey]);

  const territoryLabel =
    focus.departement !== undefined
      ? territoryName(geo, 'departement', focus.departement)
      : focus.region !== undefined
        ? territoryName(geo, 'region', focus.region)
        : undefined;
  const title = territoryLabel
    ? t('explore.titleIn', { territory: territoryLabel }, lang)
    : t('explore.title', {}, lang);
  useEffect(() => {
    document.title = `${title} — ${t('app.name', {}, lang)}`;
  }, [title]);

  const hrefForTerritory = (region: string | undefined, departement?: string) => {
    const next: ExploreState = { ...state, query: withTerritory(query, region, departement) };
    delete next.lieu;
    delete next.camera;
    return exploreHref(next);
  };

  const choosePlace = (place: Place) => {
    markFilterStart();
    if (place.kind === 'region' || place.kind === 'departement') {
      const region = place.region ?? geo?.departements.get(place.departement ?? '')?.region;
      navigate(hrefForTerritory(region, place.kind === 'departement' ? place.code : undefined));
      return;
    }
    if (place.lat === undefined || place.lon === undefined) return;
    const next: ExploreState = {
      ...state,
      query: { ...withTerritory(query, undefined), near: { lat: place.lat, lon: place.lon } },
      autour: place.label,
      camera: { lat: place.lat, lon: place.lon, zoom: PLACE_ZOOM[place.kind] },
    };
    delete next.query.sort;
    delete next.lieu;
    update(next);
  };

  const locate = async () => {
    setGeoMessage(t('geo.locating', {}, lang));
    const result = await geolocate();
    if (!result.ok) {
      setGeoMessage(t(result.message, {}, lang));
      return;
    }
    setGeoMessage(t('geo.found', {}, lang));
    markFilterStart();
    const near = { lat: Number(result.lat.toFixed(5)), lon: Number(result.lon.toFixed(5)) };
    const next: ExploreState = {
      ...state,
      query: { ...withTerritory(query, undefined), near },
      autour: t('geo.here', {}, lang),
      camera: { ...near, zoom: 12 },
    };
    delete next.query.sort;
    delete next.lieu;
    update(next);
  };

  const clearPosition = () => {
    const next: ExploreState = { ...state, query: { ...query } };
    delete next.query.near;
    delete next.query.radiusKm;
    delete next.query.sort;
    delete next.autour;
    markFilterStart();
    update(next);
  };

  const setView = (view: View) => update({ ...state, view }, { replace: false });
  const select = (id: string | undefined) => {
    const next: ExploreState = { ...state };
    if (id) next.lieu = id;
    else delete next.lieu;
    update(next);
  };
  const closePanel = () => {
    const id = state.lieu;
    select(undefined);
    // Back to where the person was: the card of that lieu if it is rendered, else the results heading.
    requestAnimationFrame(() => {
      const card = id ? document.querySelector<HTMLElement>(`.card[data-lieu="${CSS.escape(id)}"] a`) : null;
      (card ?? document.getElementById('resultats-titre'))?.focus();
    });
  };
  const onCamera = (camera: Camera) => update({ ...state, camera }, { replace: true });
  const toggleFilters = () => update({ ...state, filtersOpen: !state.filtersOpen }, { replace: true });

  const showMap = state.view !== 'liste';
  const showList = state.view !== 'carte';
  const selected = state.lieu && index ? getLieu(index, state.lieu) : undefined;
  const selectedDistance =
    selected && query.near && selected.record.latitude && selected.record.longitude
      ? haversineKm(query.near, {
          lat: Number(selected.record.latitude),
          lon: Number(selected.record.longitude),
        })
      : undefined;
  const sortedByDistance = Boolean(query.near) && query.sort !== 'name';
  const shownTotal = index ? total : (early?.total ?? 0);
  const countText = tn('results.count', shownTotal, {}, lang);
  const filterCount = activeFilterCount(query);

  return (
    <div class={`explore explore--${state.view}${state.filtersOpen ? ' explore--filters-open' : ''}`}>
      <div class="explore__bar">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        <div class="explore__tools">
          <PlaceSearch
            id="recherche-lieu"
            lang={lang}
            label={t('search.label', {}, lang)}
            initial={state.autour}
            onSelect={choosePlace}
          />
          <div class="explore__buttons">
            <button type="button" class="button button--secondary" onClick={() => void locate()}>
              <span aria-hidden="true">◎ </span>
              {t('geo.button', {}, lang)}
            </button>
            <button
              type="button"
              class="button button--secondary filters-toggle"
              aria-expanded={Boolean(state.filtersOpen)}
              aria-controls="filtres"
              onClick={toggleFilters}
            >
              {t('filters.show', {}, lang)}
              {filterCount > 0 && ` (${formatNumber(filterCount, lang)})`}
            </button>
            <div class="segmented" role="group" aria-label={t('view.label', {}, lang)}>
              {(['both', 'liste', 'carte'] as const).map((view) => (
                <button
                  type="button"
                  key={view}
                  aria-pressed={state.view === view}
                  onClick={() => setView(view)}
                >
                  {t(view === 'both' ? 'view.both' : view === 'liste' ? 'view.list' : 'view.map', {}, lang)}
                </button>
              ))}
            </div>
          </div>
        </div>
        <p class="geo-message" role="status" aria-live="polite">
          {geoMessage}
        </p>
        {state.autour && query.near && (
          <p class="around">
            {t('search.around', { place: state.autour }, lang)}{' '}
            <button
              type="button"
              class="chip"
              onClick={clearPosition}
              aria-label={t('search.aroundRemove', { place: state.autour }, lang)}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </p>
        )}
        {errors.length > 0 && (
          <p class="notice notice--warning">
            {t(
              'explore.badParams',
              { list: errors.map((e) => `${e.param}=${e.value} (${e.message})`).join(' ; ') },
              lang,
            )}
          </p>
        )}
        {dataset?.offline && (
          <p class="notice">
            {t('explore.staleData', { date: formatDate(dataset.publishedAt, lang) }, lang)}
          </p>
        )}
        <TerritoryNav focus={focus} geo={geo} counts={counts} lang={lang} hrefFor={hrefForTerritory} />
        <FilterChips query={query} lang={lang} onChange={(q) => setQuery(q)} />
      </div>

      <div class="explore__body">
        <aside id="filtres" class="explore__filters" aria-label={t('filters.title', {}, lang)} tabIndex={-1}>
          <h2 class="visually-hidden">{t('filters.title', {}, lang)}</h2>
          <FilterPanel query={query} lang={lang} onChange={setQuery} />
          <button type="button" class="button filters-close" onClick={toggleFilters}>
            {t('filters.close', { n: total }, lang)}
          </button>
        </aside>

        {(showList || selected || state.lieu) && (
          <section id="resultats" class="explore__results" aria-labelledby="resultats-titre" tabIndex={-1}>
            {state.lieu && index && (
              <LieuPanel
                lieu={selected}
                distanceKm={selectedDistance}
                now={now}
                lang={lang}
                onClose={closePanel}
              />
            )}
            <div hidden={Boolean(state.lieu && index) || !showList}>
              <h2 id="resultats-titre" tabIndex={-1} class="results__title">
                {index || early ? countText : t('explore.loading', {}, lang)}
                {(index || early) && shownTotal > 0 && (
                  <span class="results__sort">
                    {' '}
                    · {t(sortedByDistance ? 'results.sortedDistance' : 'results.sortedName', {}, lang)}
                  </span>
                )}
              </h2>
              <p class="visually-hidden" role="status" aria-live="polite">
                {index || early ? countText : ''}
              </p>
              {loadError && (
                <p class="notice notice--error" role="alert">
                  {t('explore.loadError', { detail: loadError }, lang)}
                </p>
              )}
              {index && total === 0 && (
                <div class="empty">
                  <p>{t('results.none', {}, lang)}</p>
                  {filterCount > 0 && (
                    <button
                      type="button"
                      class="button button--secondary"
                      onClick={() =>
                        setQuery({
                          ...withTerritory({}, undefined),
                          ...(query.near ? { near: query.near } : {}),
                        })
                      }
                    >
                      {t('results.clearAll', {}, lang)}
                    </button>
                  )}
                </div>
              )}
              {!index && early && early.total > 0 && (
                <ol class="virtual-list" aria-label={t('results.label', {}, lang)} aria-busy="true">
                  {early.items.map((item, i) => (
                    <li key={item.lieu.id} aria-setsize={early.total} aria-posinset={i + 1}>
                      <LieuCard item={item} now={now} lang={lang} />
                    </li>
                  ))}
                </ol>
              )}
              {index && total > 0 && (
                <VirtualList<QueryItem>
                  id="liste-lieux"
                  count={total}
                  estimate={190}
                  resetKey={`${queryKey}|${now.getTime()}|${lang}`}
                  rows={rows}
                  keyOf={(item) => item.lieu.id}
                  label={t('results.label', {}, lang)}
                  render={(item) => (
                    <LieuCard
                      item={item}
                      now={now}
                      lang={lang}
                      onShowOnMap={showMap ? select : undefined}
                      onHover={showMap ? setHovered : undefined}
                    />
                  )}
                />
              )}
            </div>
          </section>
        )}

        {showMap && (
          <div class="explore__map">
            <Suspense fallback={<p class="map-loading">{t('map.loading', {}, lang)}</p>}>
              <MapView
                dataset={dataset}
                geo={geo}
                query={query}
                queryKey={queryKey}
                focus={focus}
                camera={state.camera}
                selected={state.lieu}
                hovered={hovered}
                now={now}
                lang={lang}
                onSelect={select}
                onCamera={onCamera}
                drillHref={hrefForTerritory}
              />
            </Suspense>
          </div>
        )}
      </div>
    </div>
  );
}

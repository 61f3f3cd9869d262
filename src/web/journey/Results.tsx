/**
 * The journey's results: the lieux that satisfy every criterion, nearest first, each saying why it
 * matches, with the map beside the list. With fewer than 3 results, the criterion to relax is offered
 * in one click. Prescriber tools: choose lieux for a fiche d'orientation, share the search or a lieu.
 */
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  EMPTY_JOURNEY,
  FICHE_LIMITS,
  MIN_RESULTS,
  criteriaSummary,
  journeyShareUrl,
  journeyToQuery,
  lieuShareTexts,
  selectionShareTexts,
  suggestRelaxations,
  whyItMatches,
  type JourneyPage,
  type JourneyState,
} from '../../core/journey/index.js';
import { formatQueryParams, runQuery } from '../../core/query/index.js';
import type { QueryItem } from '../../core/query/index.js';
import { LieuCard } from '../components/LieuCard.js';
import type { Dataset } from '../data/api.js';
import { ficheHref } from '../fiche/links.js';
import { ShareTools } from '../fiche/ShareTools.js';
import { t, tn, type Lang } from '../i18n/index.js';
import { navigate } from '../router.js';
import { countMatches } from './data.js';
import { loadGeography, type Geography } from '../data/geo.js';
import { Icon } from './icons.js';

const MapView = lazy(() => import('../map/MapView.js').then((m) => ({ default: m.MapView })));

const PAGE_SIZE = 20;

export interface ResultsProps {
  state: JourneyState;
  dataset: Dataset | undefined;
  now: Date;
  lang: Lang;
  href: (page: JourneyPage, state?: JourneyState) => string;
}

/** Zoom that shows a circle of `radiusKm` on a map about 400 px wide (Web Mercator at mid-latitudes). */
function zoomForRadius(radiusKm: number): number {
  return Math.max(4, Math.min(14, Math.log2(22138 / radiusKm) - 0.3));
}

export function JourneyResults({ state, dataset, now, lang, href }: ResultsProps) {
  const index = dataset?.index;
  const query = useMemo(() => journeyToQuery(state), [state]);
  const queryKey = useMemo(() => formatQueryParams(query).toString(), [query]);
  const [shown, setShown] = useState(PAGE_SIZE);
  const [selected, setSelected] = useState<string[]>([]);
  const [hovered, setHovered] = useState<string>();
  const [geo, setGeo] = useState<Geography>();
  useEffect(() => {
    loadGeography().then(setGeo, () => undefined);
  }, []);
  const origin = window.location.origin;

  const result = useMemo(
    () => (index ? runQuery(index, { ...query, limit: shown }, { now }) : undefined),
    [index, queryKey, shown, now],
  );
  const relaxations = useMemo(
    () =>
      index && result && result.total < MIN_RESULTS
        ? suggestRelaxations(state, (q) => countMatches(index, q, now), { lang })
        : [],
    [index, queryKey, result?.total, now, lang],
  );
  const back = href('resultats');
  const shareUrl = journeyShareUrl(origin, state, 'resultats', lang);
  const toggle = (id: string, on: boolean) =>
    setSelected((list) =>
      on ? [...list.filter((x) => x !== id), id].slice(0, FICHE_LIMITS.lieux) : list.filter((x) => x !== id),
    );
  const selectedItems = (result?.items ?? []).filter((item) => selected.includes(item.lieu.id));

  const showOnList = (id: string) => {
    const card = document.querySelector<HTMLElement>(`[data-result="${CSS.escape(id)}"] .card__title a`);
    card?.scrollIntoView({ block: 'center' });
    card?.focus();
  };

  const total = result?.total ?? 0;
  const summary = criteriaSummary(state, lang);
  const heading = !result
    ? t('explore.loading', {}, lang)
    : total === 0
      ? t('journey.results.none', {}, lang)
      : tn('journey.results.count', total, {}, lang);
  const places = (n: number) => tn('journey.places', n, {}, lang);

  return (
    <div class="journey-results">
      <div class="journey-results__main">
        <h1 id="page-title" tabIndex={-1}>
          {t('journey.results.title', {}, lang)}
        </h1>
        <section class="journey-recap" aria-labelledby="recap-titre">
          <h2 id="recap-titre" class="visually-hidden">
            {t('journey.results.criteria', {}, lang)}
          </h2>
          <dl>
            {summary.map((c) => (
              <div key={c.page} class="journey-recap__row">
                <dt>{c.name}</dt>
                <dd>
                  {c.text}{' '}
                  <a href={href(c.page)}>
                    {t('journey.results.edit', {}, lang)}
                    <span class="visually-hidden">
                      {lang === 'fr' ? ' : ' : ': '}
                      {c.name}
                    </span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <h2 id="resultats-titre" class="journey-results__count" tabIndex={-1}>
          {heading}
          {total > 0 && state.place && (
            <span class="results__sort">{t('journey.results.sorted', {}, lang)}</span>
          )}
        </h2>
        <p class="visually-hidden" role="status" aria-live="polite">
          {result ? heading : ''}
        </p>

        {relaxations.length > 0 && (
          <section class="journey-relax" aria-labelledby="elargir-titre">
            <h2 id="elargir-titre">
              <Icon name="bulb" />
              {total === 0 ? t('journey.relax.none', {}, lang) : t('journey.relax.few', {}, lang)}
            </h2>
            <ul>
              {relaxations.map((r) => (
                <li key={r.label}>
                  <button
                    type="button"
                    class="button button--secondary"
                    data-relax={r.kind}
                    onClick={() => {
                      setShown(PAGE_SIZE);
                      navigate(href('resultats', r.state), { replace: false });
                    }}
                  >
                    {r.label} <span class="journey-relax__count">({places(r.count)})</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}

        {result && total > 0 && (
          <section class="journey-tools" aria-labelledby="outils-titre">
            <h2 id="outils-titre">{t('journey.tools.title', {}, lang)}</h2>
            <p class="hint">{t('journey.tools.hint', { n: FICHE_LIMITS.lieux }, lang)}</p>
            <p>
              {selected.length > 0 ? (
                <a class="button" href={ficheHref(selected, back)} data-action="fiche-selection">
                  <Icon name="print" />{' '}
                  {t('journey.tools.prepare', { places: places(selected.length) }, lang)}
                </a>
              ) : (
                <span class="journey-tools__none">{t('journey.tools.noneChecked', {}, lang)}</span>
              )}
            </p>
            {selected.length >= FICHE_LIMITS.lieux && (
              <p class="hint" id="fiche-pleine">
                {t('journey.tools.full', { n: FICHE_LIMITS.lieux }, lang)}
              </p>
            )}
            <details class="journey-share">
              <summary>
                {selected.length
                  ? t('journey.tools.shareChecked', {}, lang)
                  : t('journey.tools.shareSearch', {}, lang)}
              </summary>
              <ShareTools
                id="partage-recherche"
                url={shareUrl}
                lang={lang}
                texts={selectionShareTexts(
                  selectedItems.map((i) => ({ id: i.lieu.id, record: i.lieu.record })),
                  origin,
                  shareUrl,
                  lang,
                )}
              />
            </details>
          </section>
        )}

        {result && total > 0 && (
          <ol class="journey-list" aria-labelledby="resultats-titre">
            {result.items.map((item) => (
              <ResultItem
                key={item.lieu.id}
                item={item}
                state={state}
                now={now}
                lang={lang}
                checked={selected.includes(item.lieu.id)}
                full={selected.length >= FICHE_LIMITS.lieux}
                onToggle={toggle}
                onHover={setHovered}
                back={back}
                origin={origin}
              />
            ))}
          </ol>
        )}
        {result && result.items.length < total && (
          <p>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => setShown((n) => n + PAGE_SIZE)}
            >
              {t('journey.results.more', { n: Math.min(PAGE_SIZE, total - result.items.length) }, lang)}
            </button>
          </p>
        )}
        <p class="journey-restart">
          <a href={href('besoin')}>{t('journey.results.changeCriteria', {}, lang)}</a> ·{' '}
          <a href={href('besoin', EMPTY_JOURNEY)}>{t('journey.results.newJourney', {}, lang)}</a> ·{' '}
          <a href={`/carte?${formatQueryParams(query).toString()}`}>
            {t('journey.results.bigMap', {}, lang)}
          </a>
        </p>
      </div>
      <div class="journey-results__map" aria-label={t('journey.results.mapLabel', {}, lang)} role="region">
        <Suspense fallback={<p class="map-loading">{t('map.loading', {}, lang)}</p>}>
          <MapView
            dataset={dataset}
            geo={geo}
            query={query}
            queryKey={queryKey}
            focus={{ level: 'france' }}
            camera={
              state.place
                ? { lat: state.place.lat, lon: state.place.lon, zoom: zoomForRadius(state.radiusKm) }
                : undefined
            }
            selected={undefined}
            hovered={hovered}
            now={now}
            lang={lang}
            onSelect={showOnList}
            onCamera={() => undefined}
            drillHref={() => `/carte?${formatQueryParams(query).toString()}`}
          />
        </Suspense>
      </div>
    </div>
  );
}

interface ResultItemProps {
  item: QueryItem;
  state: JourneyState;
  now: Date;
  lang: Lang;
  checked: boolean;
  /** The fiche already holds as many lieux as it can: unchecked boxes are disabled. */
  full: boolean;
  onToggle: (id: string, on: boolean) => void;
  onHover: (id: string | undefined) => void;
  back: string;
  origin: string;
}

function ResultItem({
  item,
  state,
  now,
  lang,
  checked,
  full,
  onToggle,
  onHover,
  back,
  origin,
}: ResultItemProps) {
  const { lieu } = item;
  const name = lieu.record.nom ?? lieu.id;
  const reasons = whyItMatches(
    { record: lieu.record, distanceKm: item.distanceKm, openNow: item.openNow },
    state,
    lang,
  );
  const id = `choix-${lieu.id.replace(/[^\w-]/g, '_')}`;
  const texts = lieuShareTexts({ id: lieu.id, record: lieu.record }, origin, lang);
  const colon = lang === 'fr' ? ' : ' : ': ';
  return (
    <li class="journey-result" data-result={lieu.id}>
      <LieuCard item={item} now={now} lang={lang} onHover={onHover} />
      {reasons.length > 0 && (
        <div class="journey-why">
          <p class="journey-why__title">{t('journey.why', {}, lang)}</p>
          <ul>
            {reasons.map((r) => (
              <li key={r}>
                <Icon name="check" /> {r}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="journey-result__tools">
        <label class="check" for={id}>
          <input
            id={id}
            type="checkbox"
            checked={checked}
            disabled={full && !checked}
            aria-describedby={full && !checked ? 'fiche-pleine' : undefined}
            onChange={(e) => onToggle(lieu.id, (e.currentTarget as HTMLInputElement).checked)}
          />
          <span>
            {t('journey.addToFiche', {}, lang)}
            <span class="visually-hidden">
              {colon}
              {name}
            </span>
          </span>
        </label>
        <a class="button button--small" href={ficheHref([lieu.id], back)}>
          <Icon name="print" /> {t('journey.fiche', {}, lang)}
          <span class="visually-hidden">
            {colon}
            {name}
          </span>
        </a>
        <details class="journey-share">
          <summary>
            {t('share.share', {}, lang)}
            <span class="visually-hidden">
              {colon}
              {name}
            </span>
          </summary>
          <ShareTools
            id={`partage-${id}`}
            texts={texts}
            url={`${origin}/lieux/${encodeURIComponent(lieu.id)}`}
            subject={name}
            lang={lang}
          />
        </details>
      </div>
    </li>
  );
}

/**
 * The journey's results: the lieux that satisfy every criterion, nearest first, each saying why it
 * matches, with the map beside the list. With fewer than 3 results, the criterion to relax is offered
 * in one click. Prescriber tools: choose lieux for a fiche d'orientation, share the search or a lieu.
 */
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
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
import type { Lang } from '../i18n/index.js';
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

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString('fr-FR')} ${many}`;
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
        ? suggestRelaxations(state, (q) => countMatches(index, q, now))
        : [],
    [index, queryKey, result?.total, now],
  );
  const back = href('resultats');
  const shareUrl = journeyShareUrl(origin, state);
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
  const summary = criteriaSummary(state);
  const heading = !result
    ? 'Chargement des lieux…'
    : total === 0
      ? 'Aucun lieu ne correspond à tous les critères'
      : `${plural(total, 'lieu correspond', 'lieux correspondent')} à tous les critères`;

  return (
    <div class="journey-results">
      <div class="journey-results__main">
        <h1 id="page-title" tabIndex={-1}>
          Les lieux qui conviennent
        </h1>
        <section class="journey-recap" aria-labelledby="recap-titre">
          <h2 id="recap-titre" class="visually-hidden">
            Critères choisis
          </h2>
          <dl>
            {summary.map((c) => (
              <div key={c.page} class="journey-recap__row">
                <dt>{c.name}</dt>
                <dd>
                  {c.text}{' '}
                  <a href={href(c.page)}>
                    Modifier<span class="visually-hidden"> : {c.name}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <h2 id="resultats-titre" class="journey-results__count" tabIndex={-1}>
          {heading}
          {total > 0 && state.place && <span class="results__sort"> · du plus proche au plus loin</span>}
        </h2>
        <p class="visually-hidden" role="status" aria-live="polite">
          {result ? heading : ''}
        </p>

        {relaxations.length > 0 && (
          <section class="journey-relax" aria-labelledby="elargir-titre">
            <h2 id="elargir-titre">
              <Icon name="bulb" />
              {total === 0
                ? 'Aucun lieu : élargissez un critère'
                : 'Peu de lieux : vous pouvez élargir un critère'}
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
                    {r.label} <span class="journey-relax__count">({plural(r.count, 'lieu', 'lieux')})</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}

        {result && total > 0 && (
          <section class="journey-tools" aria-labelledby="outils-titre">
            <h2 id="outils-titre">Pour la personne</h2>
            <p class="hint">
              Cochez jusqu’à {FICHE_LIMITS.lieux} lieux dans la liste pour préparer une fiche d’orientation à
              imprimer ou à télécharger.
            </p>
            <p>
              {selected.length > 0 ? (
                <a class="button" href={ficheHref(selected, back)} data-action="fiche-selection">
                  <Icon name="print" /> Préparer la fiche d’orientation (
                  {plural(selected.length, 'lieu', 'lieux')})
                </a>
              ) : (
                <span class="journey-tools__none">Aucun lieu coché pour l’instant.</span>
              )}
            </p>
            {selected.length >= FICHE_LIMITS.lieux && (
              <p class="hint" id="fiche-pleine">
                La fiche contient déjà {FICHE_LIMITS.lieux} lieux : décochez-en un pour en choisir un autre.
              </p>
            )}
            <details class="journey-share">
              <summary>Partager {selected.length ? 'les lieux cochés' : 'cette recherche'}</summary>
              <ShareTools
                id="partage-recherche"
                url={shareUrl}
                texts={selectionShareTexts(
                  selectedItems.map((i) => ({ id: i.lieu.id, record: i.lieu.record })),
                  origin,
                  shareUrl,
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
              Afficher {Math.min(PAGE_SIZE, total - result.items.length)} lieux de plus
            </button>
          </p>
        )}
        <p class="journey-restart">
          <a href={href('besoin')}>Modifier les critères</a> · <a href="/orientation">Nouveau parcours</a> ·{' '}
          <a href={`/carte?${formatQueryParams(query).toString()}`}>Voir sur la grande carte</a>
        </p>
      </div>
      <div class="journey-results__map" aria-label="Carte des lieux" role="region">
        <Suspense fallback={<p class="map-loading">Chargement de la carte…</p>}>
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
  );
  const id = `choix-${lieu.id.replace(/[^\w-]/g, '_')}`;
  const texts = lieuShareTexts({ id: lieu.id, record: lieu.record }, origin);
  return (
    <li class="journey-result" data-result={lieu.id}>
      <LieuCard item={item} now={now} lang={lang} onHover={onHover} />
      {reasons.length > 0 && (
        <div class="journey-why">
          <p class="journey-why__title">Pourquoi ce lieu :</p>
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
            Ajouter à la fiche<span class="visually-hidden"> : {name}</span>
          </span>
        </label>
        <a class="button button--small" href={ficheHref([lieu.id], back)}>
          <Icon name="print" /> Fiche d’orientation<span class="visually-hidden"> : {name}</span>
        </a>
        <details class="journey-share">
          <summary>
            Partager<span class="visually-hidden"> : {name}</span>
          </summary>
          <ShareTools
            id={`partage-${id}`}
            texts={texts}
            url={`${origin}/lieux/${encodeURIComponent(lieu.id)}`}
            subject={name}
          />
        </details>
      </div>
    </li>
  );
}

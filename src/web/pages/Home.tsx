/**
 * `/`: two clear ways in — the orientation journey and the map — and a commune or postcode search
 * that opens the map's list sorted by distance from that place.
 */
import { useEffect, useState } from 'preact/hooks';
import { PlaceSearch } from '../components/PlaceSearch.js';
import { loadDataset } from '../data/api.js';
import type { Place } from '../data/places.js';
import { t, tn, type Lang } from '../i18n/index.js';
import { navigate } from '../router.js';
import { EXPLORE_PATH, exploreHref } from './Explore.js';

export const ORIENTATION_PATH = '/orientation';

export function Home({ lang }: { lang: Lang }) {
  const [count, setCount] = useState<number>();
  useEffect(() => {
    document.title = `${t('app.name', {}, lang)} — ${t('app.tagline', {}, lang)}`;
  }, [lang]);
  useEffect(() => {
    // Warm the dataset while the person reads: the map then opens at once (and works offline later).
    const start = () =>
      loadDataset().then(
        (d) => setCount(d.index.size),
        () => undefined,
      );
    const idle = (window as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
    if (idle) idle(start);
    else setTimeout(start, 200);
  }, []);

  const choose = (place: Place) => {
    if (place.kind === 'region') {
      navigate(exploreHref({ query: { regions: [place.code!] }, view: 'both' }));
    } else if (place.kind === 'departement') {
      const query = place.region
        ? { regions: [place.region], departements: [place.code!] }
        : { departements: [place.code!] };
      navigate(exploreHref({ query, view: 'both' }));
    } else if (place.lat !== undefined && place.lon !== undefined) {
      navigate(
        exploreHref({
          query: { near: { lat: place.lat, lon: place.lon } },
          autour: place.label,
          camera: { lat: place.lat, lon: place.lon, zoom: place.kind === 'adresse' ? 15 : 12 },
          view: 'both',
        }),
      );
    }
  };

  return (
    <div class="home">
      <h1 id="page-title" tabIndex={-1}>
        {t('home.title', {}, lang)}
      </h1>
      <p class="home__intro">{t('home.intro', {}, lang)}</p>
      <ul class="home__entries">
        <li>
          <a class="entry" href={ORIENTATION_PATH}>
            <span class="entry__icon" aria-hidden="true">
              ➜
            </span>
            <span class="entry__title">{t('home.orient.title', {}, lang)}</span>
            <span class="entry__text">{t('home.orient.text', {}, lang)}</span>
          </a>
        </li>
        <li>
          <a class="entry" href={EXPLORE_PATH}>
            <span class="entry__icon" aria-hidden="true">
              ⌖
            </span>
            <span class="entry__title">{t('home.map.title', {}, lang)}</span>
            <span class="entry__text">{t('home.map.text', {}, lang)}</span>
          </a>
        </li>
      </ul>
      <section class="home__search" aria-labelledby="home-search-title">
        <h2 id="home-search-title">{t('home.search.label', {}, lang)}</h2>
        <PlaceSearch
          id="recherche-accueil"
          lang={lang}
          label={t('home.search.label', {}, lang)}
          hint={t('home.search.hint', {}, lang)}
          submitLabel={t('home.search.submit', {}, lang)}
          onSelect={choose}
        />
      </section>
      {count !== undefined && <p class="home__count">{tn('home.count', count, {}, lang)}</p>}
    </div>
  );
}

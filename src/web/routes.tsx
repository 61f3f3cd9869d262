/**
 * The app's pages. To add one (e.g. the orientation journey at `/orientation/…`), add an entry:
 * `match` gets the path, `render` the location and language; `skipLinks` lists the page's landmarks
 * worth a skip link. The first matching entry wins. Every page renders an `<h1 id="page-title"
 * tabIndex={-1}>`: the shell moves focus to it when the path changes.
 */
import type { ComponentChildren } from 'preact';
import type { Lang, MessageKey } from './i18n/index.js';
import { EXPLORE_PATH, Explore } from './pages/Explore.js';
import { Home, ORIENTATION_PATH } from './pages/Home.js';
import { JourneyRoute } from './journey/Journey.js';
import { NotFound } from './pages/NotFound.js';
import type { Location } from './router.js';

export interface RouteContext {
  location: Location;
  lang: Lang;
}

export interface RouteDefinition {
  name: string;
  match: (path: string) => boolean;
  render: (context: RouteContext) => ComponentChildren;
  skipLinks?: Array<{ href: string; label: MessageKey }>;
  /** Where this path really lives (kept short: links written before a page existed). */
  redirect?: (location: Location) => string;
}

export const routes: RouteDefinition[] = [
  { name: 'home', match: (path) => path === '/', render: ({ lang }) => <Home lang={lang} /> },
  {
    name: 'explore',
    match: (path) => path === EXPLORE_PATH,
    render: ({ location, lang }) => <Explore location={location} lang={lang} />,
    skipLinks: [
      { href: '#resultats', label: 'skip.results' },
      { href: '#filtres', label: 'skip.filters' },
    ],
  },
  {
    name: 'orientation',
    match: (path) => path === ORIENTATION_PATH || path.startsWith(`${ORIENTATION_PATH}/`),
    render: ({ location, lang }) => <JourneyRoute location={location} lang={lang} />,
  },
];

export const notFoundRoute: RouteDefinition = {
  name: 'not-found',
  match: () => true,
  render: ({ lang }) => <NotFound lang={lang} />,
};

export function findRoute(path: string): RouteDefinition {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return routes.find((route) => route.match(normalized)) ?? notFoundRoute;
}

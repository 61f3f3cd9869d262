/**
 * A tiny client router over the History API: the URL is the state (path and query string), links
 * inside the app change it without reloading, back and forward work. Pages are registered in
 * `routes.tsx`; a page that is not the app's (`/lieux/…`, `/api/…`) is left to the browser.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  search: string;
}

type Listener = (location: Location) => void;
const listeners = new Set<Listener>();

export function currentLocation(): Location {
  return { path: window.location.pathname, search: window.location.search };
}

function emit(): void {
  const location = currentLocation();
  for (const listener of listeners) listener(location);
}

/** Paths served by the server, not by the app: full page loads. */
const SERVER_PATHS = /^\/(lieux\/|api\/|api$|health|config\.json)/;

export function isAppPath(path: string): boolean {
  return !SERVER_PATHS.test(path) && !/\.[a-z0-9]+$/i.test(path);
}

export interface NavigateOptions {
  /** Replace the history entry (state refinements: typing, panning) instead of adding one. */
  replace?: boolean;
}

/** Goes to an app URL (`/carte?services=…`). Does nothing when it is already the current one. */
export function navigate(href: string, options: NavigateOptions = {}): void {
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin || !isAppPath(url.pathname)) {
    window.location.assign(url.href);
    return;
  }
  const next = url.pathname + url.search + url.hash;
  const now = window.location.pathname + window.location.search + window.location.hash;
  if (next === now) return;
  if (options.replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  emit();
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const listener: Listener = (next) => setLocation(next);
    listeners.add(listener);
    setLocation(currentLocation());
    return () => void listeners.delete(listener);
  }, []);
  return location;
}

/** Installs the listeners once: back/forward, and same-origin link clicks handled without reload. */
export function startRouter(): void {
  window.addEventListener('popstate', emit);
  document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin || !isAppPath(url.pathname)) return;
    event.preventDefault();
    navigate(url.href);
  });
}

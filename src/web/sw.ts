/// <reference lib="webworker" />
/**
 * The service worker: after a first visit, the app opens offline with the last dataset.
 *
 * - App files (the build's list, written in at build time) are cached at install: cache first.
 * - Data (`/api/v1/snapshot`, `/api/v1/reference/…`, `/config.json`): network first, the last good
 *   answer kept as fallback and marked `x-repere-offline: 1` so that the app can say so.
 * - Pages: network first; visited lieu pages are kept; app routes fall back to the cached shell.
 * Everything else (the rest of the API, map tiles, the geocoder) goes to the network untouched.
 */
export {};
declare const self: ServiceWorkerGlobalScope & {
  __REPERE_PRECACHE__?: string[];
  __REPERE_VERSION__?: string;
};

// Set at build time by vite.config.ts (precacheList), in front of this file.
const PRECACHE: string[] = self.__REPERE_PRECACHE__ ?? [];
const VERSION: string = self.__REPERE_VERSION__ ?? 'dev';

const APP_CACHE = `repere-app-${VERSION}`;
const DATA_CACHE = 'repere-data';
const PAGES_CACHE = 'repere-pages';
const MAX_PAGES = 200;

const DATA_PATHS = /^\/(api\/v1\/snapshot|api\/v1\/reference\/(geo|gazetteer)|config\.json)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(APP_CACHE);
      await cache.addAll(PRECACHE);
      // The first visit's data was fetched before this worker existed: keep a copy now (best effort).
      const data = await caches.open(DATA_CACHE);
      await Promise.all(
        ['/config.json', '/api/v1/reference/geo', '/api/v1/snapshot'].map(async (path) => {
          try {
            const response = await fetch(path);
            if (response.ok) await data.put(path, response);
          } catch {
            // Offline during install: cached on the next visit.
          }
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('repere-app-') && name !== APP_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function markedOffline(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('x-repere-offline', '1');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function networkFirst(
  request: Request,
  cacheName: string,
  key: string = request.url,
): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return markedOffline(cached);
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(APP_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function trimPages(): Promise<void> {
  const cache = await caches.open(PAGES_CACHE);
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(key);
}

function offlinePage(): Response {
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Hors ligne — Repère</title></head><body><main><h1>Vous êtes hors ligne</h1><p>Cette page n’a pas encore été consultée sur cet appareil : elle n’est pas disponible sans connexion.</p><p><a href="/carte">Revenir à la carte et à la liste des lieux</a> (disponibles hors ligne).</p></main></body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

async function page(request: Request, url: URL): Promise<Response> {
  if (url.pathname.startsWith('/lieux/')) {
    try {
      const response = await networkFirst(request, PAGES_CACHE, url.pathname);
      void trimPages();
      return response;
    } catch {
      return offlinePage();
    }
  }
  try {
    return await fetch(request);
  } catch {
    const shell = await caches.match('/', { cacheName: APP_CACHE });
    return shell ?? offlinePage();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/api/') || url.pathname === '/health') return;
    event.respondWith(page(request, url));
    return;
  }
  if (DATA_PATHS.test(url.pathname)) {
    event.respondWith(networkFirst(request, DATA_CACHE, url.pathname));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  }
});

/**
 * The shell around every page: skip links, header with navigation and language switch, the page,
 * footer, and the offline notice. Moves focus to the new page's title when the path changes, so
 * keyboard and screen-reader users land at the start of what changed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { rememberLang, setLang, t, type Lang } from './i18n/index.js';
import { findRoute } from './routes.js';
import { navigate, useLocation } from './router.js';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function App({ initialLang }: { initialLang: Lang }) {
  const location = useLocation();
  const [lang, setLangState] = useState<Lang>(initialLang);
  const online = useOnline();
  const route = findRoute(location.path);
  const previousPath = useRef(location.path);

  useEffect(() => {
    if (route.redirect) navigate(route.redirect(location), { replace: true });
  }, [route, location.path]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    if (previousPath.current === location.path) return;
    previousPath.current = location.path;
    window.scrollTo(0, 0);
    requestAnimationFrame(() => document.getElementById('page-title')?.focus());
  }, [location.path]);

  const switchLang = (event: Event) => {
    event.preventDefault();
    const next: Lang = lang === 'fr' ? 'en' : 'fr';
    setLang(next);
    rememberLang(next);
    setLangState(next);
  };

  return (
    <>
      <nav class="skip-links" aria-label={t('skip.content', {}, lang)}>
        <a href="#contenu">{t('skip.content', {}, lang)}</a>
        {(route.skipLinks ?? []).map((link) => (
          <a key={link.href} href={link.href}>
            {t(link.label, {}, lang)}
          </a>
        ))}
      </nav>
      <header class="site-header">
        <a class="brand" href="/">
          <span class="brand__name">{t('app.name', {}, lang)}</span>
          <span class="brand__tagline">{t('app.tagline', {}, lang)}</span>
        </a>
        <nav aria-label={t('nav.label', {}, lang)} class="site-nav">
          <ul>
            <li>
              <a href="/" aria-current={location.path === '/' ? 'page' : undefined}>
                {t('nav.home', {}, lang)}
              </a>
            </li>
            <li>
              <a href="/carte" aria-current={location.path === '/carte' ? 'page' : undefined}>
                {t('nav.map', {}, lang)}
              </a>
            </li>
            <li>
              <a
                href={`?lang=${lang === 'fr' ? 'en' : 'fr'}`}
                onClick={switchLang}
                lang={lang === 'fr' ? 'en' : 'fr'}
                hrefLang={lang === 'fr' ? 'en' : 'fr'}
                aria-label={t('nav.languageLabel', {}, lang)}
              >
                {t('nav.language', {}, lang)}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      {!online && (
        <p class="offline-banner" role="status">
          {t('offline.banner', {}, lang)}
        </p>
      )}
      <main id="contenu" tabIndex={-1} class={`main main--${route.name}`}>
        {route.render({ location, lang })}
      </main>
      <footer class="site-footer">
        <p>{t('footer.data', {}, lang)}</p>
        <p>
          <a href="/api/docs">{t('footer.api', {}, lang)}</a> · {t('footer.accessibility', {}, lang)}
        </p>
      </footer>
    </>
  );
}

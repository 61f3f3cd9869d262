import { useEffect } from 'preact/hooks';
import { t, type Lang } from '../i18n/index.js';

export function NotFound({ lang }: { lang: Lang }) {
  useEffect(() => {
    document.title = `${t('notFound.title', {}, lang)} — ${t('app.name', {}, lang)}`;
  }, [lang]);
  return (
    <div class="page">
      <h1 id="page-title" tabIndex={-1}>
        {t('notFound.title', {}, lang)}
      </h1>
      <p>{t('notFound.text', {}, lang)}</p>
      <p>
        <a href="/">{t('notFound.home', {}, lang)}</a>
      </p>
    </div>
  );
}

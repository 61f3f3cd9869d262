/**
 * `/orientation/…`: the orientation journey. One URL per step (`besoin`, `ou`, `quand`,
 * `precisions`, then `resultats`), the whole state in the query string (the query engine's own
 * parameters), every step skippable, a live count of matching lieux, back and forward walk the
 * steps. `/orientation/fiche` is the printable fiche d'orientation.
 */
import { useEffect, useMemo } from 'preact/hooks';
import {
  JOURNEY_STEPS,
  clearStep,
  journeyPageOf,
  journeyPath,
  journeyToQuery,
  nextPage,
  parseJourney,
  previousPage,
  stepNames,
  stepNumber,
  stepTitles,
  type JourneyPage,
  type JourneyState,
  type JourneyStep,
} from '../../core/journey/index.js';
import { loadGazetteer } from '../data/places.js';
import { FichePage } from '../fiche/FichePage.js';
import { FICHE_PATH } from '../fiche/links.js';
import { t, tn, type Lang } from '../i18n/index.js';
import { useMinuteClock } from '../lib/clock.js';
import { navigate, type Location } from '../router.js';
import { countMatches, useDataset } from './data.js';
import { JourneyResults } from './Results.js';
import { NeedStep, SpecificStep, WhenStep, WhereStep, type StepProps } from './steps.js';
import './journey.css';

export function JourneyRoute({ location, lang }: { location: Location; lang: Lang }) {
  const path = location.path.length > 1 ? location.path.replace(/\/+$/, '') : location.path;
  if (path === FICHE_PATH) return <FichePage location={location} lang={lang} />;
  const page = journeyPageOf(path);
  if (!page) {
    return (
      <div class="journey">
        <h1 id="page-title" tabIndex={-1}>
          {t('notFound.title', {}, lang)}
        </h1>
        <p>
          {t('journey.notFound.text', {}, lang)}{' '}
          <a href={lang === 'fr' ? '/orientation' : `/orientation?lang=${lang}`}>
            {t('journey.restart', {}, lang)}
          </a>
          .
        </p>
      </div>
    );
  }
  return <Journey page={page} location={location} lang={lang} />;
}

const STEP_FORMS: Record<JourneyStep, (props: StepProps) => preact.JSX.Element> = {
  besoin: NeedStep,
  ou: WhereStep,
  quand: WhenStep,
  precisions: SpecificStep,
};

function countText(n: number, lang: Lang): string {
  return tn('journey.count', n, {}, lang);
}

function Journey({ page, location, lang }: { page: JourneyPage; location: Location; lang: Lang }) {
  const { state, errors } = useMemo(() => parseJourney(location.search), [location.search]);
  const { dataset, error } = useDataset();
  const now = useMinuteClock();
  const query = useMemo(() => journeyToQuery(state), [state]);
  const count = dataset ? countMatches(dataset.index, query, now) : undefined;
  const langParam = lang === 'fr' ? undefined : lang;
  const href = (target: JourneyPage, s: JourneyState = state) => journeyPath(target, s, langParam);
  const change = (next: JourneyState) => navigate(href(page, next), { replace: true });

  // Warm the communes while the first question is read: the « Où » search then answers at once.
  useEffect(() => {
    if (page !== 'besoin' && page !== 'ou') return;
    const start = () => void loadGazetteer().catch(() => undefined);
    const idle = (window as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
    if (idle) idle(start);
    else setTimeout(start, 300);
  }, [page]);

  const title = stepTitles(lang)[page];
  const names = stepNames(lang);
  useEffect(() => {
    const full = page === 'resultats' ? title : t('journey.docTitle', { title, n: stepNumber(page) }, lang);
    document.title = `${full} — ${t('app.name', {}, lang)}`;
  }, [page, lang]);

  const progress = (
    <nav class="journey-progress" aria-label={t('journey.progress', {}, lang)}>
      <ol>
        {[...JOURNEY_STEPS, 'resultats' as const].map((step) => (
          <li key={step} class={step === page ? 'is-current' : undefined}>
            <a href={href(step)} aria-current={step === page ? 'step' : undefined}>
              {step !== 'resultats' && <span class="journey-progress__n">{stepNumber(step)}</span>}
              {names[step]}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
  const notices = (
    <>
      {errors.length > 0 && (
        <p class="notice notice--warning">
          {t(
            'journey.badParams',
            { list: errors.map((e) => `${e.param}=${e.value} (${e.message})`).join(' ; ') },
            lang,
          )}
        </p>
      )}
      {error && (
        <p class="notice notice--error" role="alert">
          {t('journey.loadError', { detail: error }, lang)}
        </p>
      )}
    </>
  );

  if (page === 'resultats') {
    return (
      <div class="journey journey--results">
        {progress}
        {notices}
        <JourneyResults state={state} dataset={dataset} now={now} lang={lang} href={href} />
      </div>
    );
  }

  const Form = STEP_FORMS[page];
  const previous = previousPage(page);
  const next = nextPage(page);
  const skipped = clearStep(state, page);
  return (
    <div class="journey">
      {progress}
      {/* Not a form: the place search inside is one, and forms cannot nest. */}
      <section class="journey-step" aria-labelledby="page-title">
        <p class="journey-step__number">{t('journey.step', { n: stepNumber(page) }, lang)}</p>
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {notices}
        <Form state={state} change={change} lang={lang} />
        <div class="journey-count" role="status" aria-live="polite" aria-atomic="true">
          {count === undefined ? (error ? '' : t('explore.loading', {}, lang)) : countText(count, lang)}
        </div>
        <div class="journey-nav">
          {previous ? (
            <a class="button button--secondary" href={href(previous)}>
              <span aria-hidden="true">← </span>
              {t('journey.previous', {}, lang)}
            </a>
          ) : (
            <a class="button button--secondary" href={lang === 'fr' ? '/' : `/?lang=${lang}`}>
              <span aria-hidden="true">← </span>
              {t('nav.home', {}, lang)}
            </a>
          )}
          <a class="button button--secondary" href={href(next, skipped)}>
            {t('journey.skip', {}, lang)}
          </a>
          <button type="button" class="button journey-nav__next" onClick={() => navigate(href(next))}>
            {next === 'resultats' ? t('journey.seePlaces', {}, lang) : t('journey.next', {}, lang)}
            <span aria-hidden="true"> →</span>
          </button>
        </div>
        {next !== 'resultats' && (
          <p class="journey-shortcut">
            <a href={href('resultats')}>
              {count !== undefined
                ? t('journey.seeNowCount', { n: count }, lang)
                : t('journey.seeNow', {}, lang)}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}

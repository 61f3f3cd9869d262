/**
 * `/orientation/…`: the orientation journey. One URL per step (`besoin`, `ou`, `quand`,
 * `precisions`, then `resultats`), the whole state in the query string (the query engine's own
 * parameters), every step skippable, a live count of matching lieux, back and forward walk the
 * steps. `/orientation/fiche` is the printable fiche d'orientation.
 */
import { useEffect, useMemo } from 'preact/hooks';
import {
  JOURNEY_STEPS,
  STEP_NAMES,
  STEP_TITLES,
  clearStep,
  journeyPageOf,
  journeyPath,
  journeyToQuery,
  nextPage,
  parseJourney,
  previousPage,
  stepNumber,
  type JourneyPage,
  type JourneyState,
  type JourneyStep,
} from '../../core/journey/index.js';
import { loadGazetteer } from '../data/places.js';
import { FichePage } from '../fiche/FichePage.js';
import { FICHE_PATH } from '../fiche/links.js';
import { t, type Lang } from '../i18n/index.js';
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
          Page introuvable
        </h1>
        <p>
          Cette étape du parcours n’existe pas. <a href="/orientation">Recommencer le parcours</a>.
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

function countText(n: number): string {
  if (n === 0) return 'Aucun lieu ne correspond pour l’instant';
  return n === 1 ? '1 lieu correspond' : `${n.toLocaleString('fr-FR')} lieux correspondent`;
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

  const title = STEP_TITLES[page];
  useEffect(() => {
    document.title = `${page === 'resultats' ? title : `${title} — étape ${stepNumber(page)} sur 4`} — ${t('app.name', {}, lang)}`;
  }, [page, lang]);

  const progress = (
    <nav class="journey-progress" aria-label="Étapes du parcours">
      <ol>
        {[...JOURNEY_STEPS, 'resultats' as const].map((step) => (
          <li key={step} class={step === page ? 'is-current' : undefined}>
            <a href={href(step)} aria-current={step === page ? 'step' : undefined}>
              {step !== 'resultats' && <span class="journey-progress__n">{stepNumber(step)}</span>}
              {STEP_NAMES[step]}
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
          Certains critères du lien n’ont pas été compris et ont été ignorés :{' '}
          {errors.map((e) => `${e.param}=${e.value} (${e.message})`).join(' ; ')}.
        </p>
      )}
      {error && (
        <p class="notice notice--error" role="alert">
          Les lieux n’ont pas pu être chargés ({error}). Vérifiez la connexion puis rechargez la page.
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
        <p class="journey-step__number">Étape {stepNumber(page)} sur 4</p>
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {notices}
        <Form state={state} change={change} lang={lang} />
        <div class="journey-count" role="status" aria-live="polite" aria-atomic="true">
          {count === undefined ? (error ? '' : 'Chargement des lieux…') : countText(count)}
        </div>
        <div class="journey-nav">
          {previous ? (
            <a class="button button--secondary" href={href(previous)}>
              <span aria-hidden="true">← </span>Précédent
            </a>
          ) : (
            <a class="button button--secondary" href="/">
              <span aria-hidden="true">← </span>Accueil
            </a>
          )}
          <a class="button button--secondary" href={href(next, skipped)}>
            Passer cette étape
          </a>
          <button type="button" class="button journey-nav__next" onClick={() => navigate(href(next))}>
            {next === 'resultats' ? 'Voir les lieux' : 'Suivant'}
            <span aria-hidden="true"> →</span>
          </button>
        </div>
        {next !== 'resultats' && (
          <p class="journey-shortcut">
            <a href={href('resultats')}>
              Voir les lieux maintenant{count !== undefined ? ` (${count.toLocaleString('fr-FR')})` : ''}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}

/**
 * The scripted orientation journey, shared by the end-to-end test and the `journey` benchmark: from the
 * first screen (`/orientation`) to a downloaded fiche d'orientation PDF, the way a prescriber does it —
 * one need, a commune, « samedi matin », « gratuit », the first result's fiche with a first name.
 * Counts the person's interactions (clicks, checks, typed fields, choices) and the elapsed time.
 */
import type { Page } from 'playwright-core';

export interface JourneyRun {
  interactions: number;
  /** From the first screen's request to the PDF's bytes in hand. */
  seconds: number;
  pdf: Uint8Array;
  pdfName: string;
  /** Ids shown on the results page, in order. */
  resultIds: string[];
  /** The results page's query string (the journey's state). */
  resultsSearch: string;
  /** The results' heading (« 4 lieux correspondent à tous les critères »). */
  resultsHeading: string;
  /** The lieu of the fiche. */
  ficheId: string;
  /** Seconds since the start when each step was shown. */
  steps: Record<string, number>;
}

export interface JourneyOptions {
  need: string;
  commune: string;
  /** Picks the suggestion (« Tulle (19) ») among homonyms; the first one otherwise. */
  suggestion?: string;
  firstName: string;
  /** Called on each step once it is shown (accessibility checks, screenshots). */
  onStep?: (name: string) => Promise<void>;
}

/** Waits until the live count has a number (the dataset is loaded). */
export async function countReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const text = document.querySelector('.journey-count')?.textContent ?? '';
    return text !== '' && !text.includes('Chargement');
  });
}

/**
 * Waits for a new step: its URL, then the focus on its title (the shell moves it there, as a screen
 * reader user would hear it) — typing before that would lose the focus.
 */
export async function newStep(page: Page, url: RegExp): Promise<void> {
  await page.waitForURL(url);
  await page.waitForFunction(() => document.activeElement?.id === 'page-title');
}

export async function runScriptedJourney(
  page: Page,
  baseUrl: string,
  options: JourneyOptions,
): Promise<JourneyRun> {
  let interactions = 0;
  const act = async (action: () => Promise<unknown>): Promise<void> => {
    await action();
    interactions++;
  };
  const steps: Record<string, number> = {};
  const start = Date.now();
  const step = async (name: string) => {
    steps[name] = (Date.now() - start) / 1000;
    await options.onStep?.(name);
  };

  await page.goto(`${baseUrl}/orientation`);
  await page.waitForSelector('#page-title');
  await countReady(page);
  await step('besoin');
  await act(() => page.getByLabel(options.need).check());
  await act(() => page.getByRole('button', { name: 'Suivant' }).click());

  await newStep(page, /\/orientation\/ou\?/);
  await countReady(page);
  await act(() => page.fill('#parcours-lieu', options.commune));
  await page.waitForSelector('#parcours-lieu-suggestions li', { timeout: 30_000 });
  const suggestions = page.locator('#parcours-lieu-suggestions li');
  const wanted = options.suggestion ? suggestions.filter({ hasText: options.suggestion }) : suggestions;
  await act(() => wanted.first().click());
  await page.waitForSelector('.journey-where__current');
  await step('ou');
  await act(() => page.getByRole('button', { name: 'Suivant' }).click());

  await newStep(page, /\/orientation\/quand\?/);
  await act(() => page.getByLabel('Choisir des jours et des moments').check());
  await act(() => page.getByRole('checkbox', { name: 'samedi matin' }).check());
  await page.waitForURL(/creneaux=sa:08:00-12:00/);
  await step('quand');
  await act(() => page.getByRole('button', { name: 'Suivant' }).click());

  await newStep(page, /\/orientation\/precisions\?/);
  await act(() => page.getByLabel('Gratuit', { exact: true }).check());
  await page.waitForURL(/gratuit=oui/);
  await step('precisions');
  await act(() => page.getByRole('button', { name: 'Voir les lieux' }).click());

  await newStep(page, /\/orientation\/resultats\?/);
  await page.waitForFunction(
    () => !document.querySelector('.journey-results__count')?.textContent?.includes('Chargement'),
  );
  const resultsSearch = new URL(page.url()).search;
  const resultsHeading = (await page.textContent('.journey-results__count')) ?? '';
  const resultIds = await page
    .locator('[data-result]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-result') ?? ''));
  await step('resultats');
  if (!resultIds.length)
    throw new Error('Le parcours scripté ne trouve aucun lieu : choisissez une autre commune.');

  await act(() =>
    page
      .locator('[data-result]')
      .first()
      .getByRole('link', { name: /Fiche d’orientation/ })
      .click(),
  );
  await newStep(page, /\/orientation\/fiche\?/);
  await page.waitForSelector('.fiche');
  await act(() => page.fill('#fiche-prenom', options.firstName));
  await step('fiche');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    act(() => page.click('[data-action="pdf"]')),
  ]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const pdf = new Uint8Array(readFileSync(path));
  const seconds = (Date.now() - start) / 1000;
  return {
    interactions,
    seconds,
    pdf,
    pdfName: download.suggestedFilename(),
    resultIds,
    resultsSearch,
    resultsHeading,
    ficheId: resultIds[0]!,
    steps,
  };
}

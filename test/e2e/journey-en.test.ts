/**
 * The orientation journey in English (`?lang=en`), in headless Chromium against the real server (demo
 * data): every step, the results and the fiche d'orientation speak English — headings, buttons, why
 * each lieu matches — and no French sentence of the interface is left; axe-core on the results.
 * The lieux' own data (names, the standard's services) stay as published, in French.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  ensureWebBuild,
  isolatedContext,
  launchChromium,
  seriousViolations,
  type AxeViolation,
  type E2eServer,
  startE2eServer,
} from './helpers.js';
import { newStep } from './journey-script.js';

/** Interface sentences of the French catalogue that must not show in English. */
const FRENCH_UI = [
  'Étape',
  'Suivant',
  'Passer cette étape',
  'Les lieux qui conviennent',
  'Pourquoi ce lieu',
  'Pour la personne',
  'Ajouter à la fiche',
  'Modifier les critères',
  'correspond',
  'Critères choisis',
  'Cochez',
  'N’importe quand',
  'Pour : ',
  'Imprimer',
  'Télécharger le PDF',
  'Comment y aller',
  'Compléter la fiche',
  'Horaires',
  'Scannez',
  'Retour aux résultats',
];

async function leftoverFrench(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return FRENCH_UI.filter((s) => text.includes(s));
}

async function countReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const text = document.querySelector('.journey-count')?.textContent ?? '';
    return text !== '' && !text.includes('Loading');
  });
}

describe.skipIf(!existsSync(CHROMIUM))('orientation journey in English (Chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const seen: Record<string, { h1: string; french: string[] }> = {};
  let resultsViolations: AxeViolation[] = [];
  let why: string[] = [];
  let resultsHeading = '';
  let ficheHeadings: string[] = [];
  let ficheButtons: string[] = [];

  const record = async (name: string) => {
    seen[name] = { h1: (await page.textContent('h1'))?.trim() ?? '', french: await leftoverFrench(page) };
  };

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startE2eServer(600), launchChromium()]);
    context = await isolatedContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${server.url}/orientation?lang=en`);
    await page.waitForSelector('#page-title');
    await countReady(page);
    await record('besoin');
    await page.getByLabel('Do a procedure online').check();
    await page.getByRole('button', { name: 'Next' }).click();

    await newStep(page, /\/orientation\/ou\?/);
    await countReady(page);
    await record('ou');
    await page.getByRole('link', { name: 'Skip this step' }).click();

    await newStep(page, /\/orientation\/quand\?/);
    await page.getByLabel('Choose days and times').check();
    await page.getByRole('checkbox', { name: 'Saturday morning' }).check();
    await page.waitForURL(/creneaux=sa:08:00-12:00/);
    await record('quand');
    await page.getByRole('button', { name: 'Next' }).click();

    await newStep(page, /\/orientation\/precisions\?/);
    await page.getByLabel('Free', { exact: true }).check();
    await page.waitForURL(/gratuit=oui/);
    await record('precisions');
    await page.getByRole('button', { name: 'See the places' }).click();

    await newStep(page, /\/orientation\/resultats\?/);
    await page.waitForSelector('[data-result] .journey-why li');
    resultsHeading = (await page.textContent('.journey-results__count')) ?? '';
    why = (await page.locator('[data-result]').first().locator('.journey-why li').allTextContents()).map(
      (w) => w.trim(),
    );
    await record('resultats');
    resultsViolations = await seriousViolations(page);

    await page.locator('[data-result] .journey-result__tools input[type="checkbox"]').first().check();
    await page.getByRole('link', { name: /Prepare the referral sheet/ }).click();
    await newStep(page, /\/orientation\/fiche\?/);
    await page.waitForSelector('.fiche');
    await record('fiche');
    ficheHeadings = (await page.locator('.fiche h3').allTextContents()).map((h) => h.trim());
    ficheButtons = (await page.locator('.fiche-actions button').allTextContents()).map((b) => b.trim());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every step, the results and the fiche have English headings and no French interface sentence', () => {
    expect(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.h1]))).toEqual({
      besoin: 'What does the person need help with?',
      ou: 'Where to look?',
      quand: 'When?',
      precisions: 'Specific needs',
      resultats: 'Places that fit',
      fiche: 'Referral sheet',
    });
    for (const [name, { french }] of Object.entries(seen)) expect(french, name).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the results say how many places fit and why, in English', () => {
    expect(resultsHeading).toMatch(/\d+ places? fits? all the criteria/);
    expect(why).toEqual(['For: online procedures', 'Open Saturday morning', 'Free']);
  });

  it('the fiche’s headings and buttons are English', () => {
    expect(ficheHeadings).toEqual(
      expect.arrayContaining(['Address', 'Opening hours', 'How to go', 'Contact']),
    );
    expect(ficheButtons).toEqual(['Print', 'Download the PDF', 'Copy the link', 'Copy the address']);
  });

  it('the English results have no serious or critical accessibility violation', () => {
    expect(resultsViolations).toEqual([]);
  });
});

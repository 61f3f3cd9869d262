/**
 * The web app end to end, in headless Chromium against the real server (`startServer`, demo data):
 * home, map and list, drill-down, filters, commune search, lieu page (with and without JavaScript),
 * a shared URL restoring the same view, a keyboard-only path from search to a lieu page, the built-in
 * and fallback map styles, offline reopening through the service worker, the English catalogue.
 * axe-core runs on home, map, list and lieu page: no serious or critical violation allowed.
 * Screenshots of map, list and lieu page at 1280×800 and 360×740 go to test-output/screenshots.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  ensureWebBuild,
  isolatedContext,
  launchChromium,
  screenshot,
  seriousViolations,
  startE2eServer,
  type E2eServer,
} from './helpers.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

describe.skipIf(!existsSync(CHROMIUM))('web app (Chromium)', { timeout: 90_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startE2eServer(2000), launchChromium()]);
    context = await isolatedContext(browser, { viewport: DESKTOP });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openExplore(search = '', target: Page = page): Promise<void> {
    await target.goto(`${server.url}/carte${search ? `?${search}` : ''}`);
    await target.waitForSelector('#page-title');
    // The map-only view has no list; the others wait until the results are counted.
    if (/(^|&)vue=carte/.test(search)) return;
    await target.waitForSelector('#resultats-titre');
    // The server's first page shows first (aria-busy); wait for the snapshot's engine.
    await target.waitForFunction(
      () =>
        !document.querySelector('#resultats-titre')?.textContent?.includes('Chargement') &&
        !document.querySelector('#resultats [aria-busy="true"]'),
    );
  }

  async function resultCount(target: Page = page): Promise<number> {
    const text = (await target.textContent('#resultats-titre')) ?? '';
    if (/Aucun lieu/.test(text)) return 0;
    const match = /^([\d\s\u202f]+)\s+lieux?/.exec(text.trim());
    if (!match) throw new Error(`compte illisible : ${text}`);
    return Number(match[1]!.replace(/\D/g, ''));
  }

  async function apiTotal(search: string): Promise<number> {
    const response = await fetch(`${server.url}/api/v1/lieux?${search}&limit=0`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { total: number }).total;
  }

  /** Opens the list of territories below the current one (it stays open after a drill-down). */
  async function openTerritories(target: Page = page): Promise<void> {
    if (!(await target.locator('.territory__children[open]').count()))
      await target.click('.territory__children summary');
  }

  async function mapReady(target: Page = page): Promise<void> {
    await target.waitForSelector('.map[data-map-state="ready"][data-map-mode]', {
      state: 'attached',
      timeout: 60_000,
    });
  }

  it('home: two entries, a place search, no serious accessibility violation', async () => {
    await page.goto(server.url);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.textContent('h1')).toContain('Trouver un lieu');
    expect(await page.locator('a.entry').allTextContents()).toEqual([
      expect.stringContaining('Trouver un lieu / orienter une personne'),
      expect.stringContaining('Voir la carte'),
    ]);
    expect(await page.getAttribute('#recherche-accueil', 'role')).toBe('combobox');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('map and list: same results as the API, GPU layers, no serious violation', async () => {
    await openExplore();
    const total = await resultCount();
    expect(total).toBe(await apiTotal(''));
    expect(await page.locator('.virtual-list > li').count()).toBeGreaterThan(3);
    // Virtualised: far fewer rows in the page than results.
    expect(await page.locator('.virtual-list > li').count()).toBeLessThan(60);
    expect(await page.getAttribute('.virtual-list > li:first-child', 'aria-setsize')).toBe(String(total));
    await mapReady();
    expect(await page.getAttribute('.map', 'data-map-mode')).toBe('regions');
    expect(await page.getAttribute('.map', 'data-map-style')).toBe('builtin');
    // Points and counts are drawn in the canvas, not as DOM markers.
    expect(await page.locator('.maplibregl-marker').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'carte-1280x800');
  });

  it('list only view: no serious violation', async () => {
    await openExplore('vue=liste');
    expect(await page.locator('.map').count()).toBe(0);
    expect(await page.locator('.card').count()).toBeGreaterThan(3);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'liste-1280x800');
  });

  it('drill-down France → région → département, counts honouring the filters, back and forward', async () => {
    await openExplore('gratuit=oui');
    await mapReady();
    await openTerritories(page);
    const link = page.locator('.territory__children a').first();
    const name = (await link.textContent())!.trim();
    const regionCount = Number(
      ((await link.locator('xpath=following-sibling::span').textContent()) ?? '').replace(/\D/g, ''),
    );
    await link.click();
    await page.waitForURL(/regions=\d+/);
    expect(page.url()).toContain('gratuit=oui');
    const region = new URL(page.url()).searchParams.get('regions')!;
    expect(await page.textContent('h1')).toContain(name);
    expect(await resultCount()).toBe(regionCount);
    expect(regionCount).toBe(await apiTotal(`gratuit=oui&regions=${region}`));
    await page.waitForSelector('.map[data-map-mode="departements"]', { state: 'attached' });

    await openTerritories(page);
    const dLink = page.locator('.territory__children a').first();
    const dCount = Number(
      ((await dLink.locator('xpath=following-sibling::span').textContent()) ?? '').replace(/\D/g, ''),
    );
    await dLink.click();
    await page.waitForURL(/departements=/);
    expect(await resultCount()).toBe(dCount);
    await page.waitForSelector('.map[data-map-mode="clusters"]', { state: 'attached', timeout: 30_000 });

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('departements'));
    expect(await resultCount()).toBe(regionCount);
    await page.goForward();
    await page.waitForURL(/departements=/);
    expect(await resultCount()).toBe(dCount);
  });

  it('filters: each change updates the list and the URL, chips remove them', async () => {
    await openExplore();
    const all = await resultCount();
    await page.check('#filtre-gratuit');
    await page.waitForURL(/gratuit=oui/);
    const free = await resultCount();
    expect(free).toBeLessThan(all);
    expect(free).toBe(await apiTotal('gratuit=oui'));
    for (const badge of await page
      .locator(
        '.card .badge--gratuit, .card .badge--gratuit-condition, .card .badge--payant, .card .badge--inconnu',
      )
      .allTextContents()) {
      expect(badge).toBe('Gratuit');
    }
    await page.click('summary:has-text("Publics")');
    await page.check('input[name="publics_specifiquement_adresses"][value="Seniors"]');
    await page.waitForURL(/publics_specifiquement_adresses=Seniors/);
    expect(await resultCount()).toBe(await apiTotal('gratuit=oui&publics_specifiquement_adresses=Seniors'));
    await page.check('#filtre-ouvert');
    await page.waitForURL(/ouvert_maintenant=oui/);
    expect(await page.locator('.chips .chip').count()).toBeGreaterThanOrEqual(3);
    await page.click('.chip--reset');
    await page.waitForURL((url) => !url.search.includes('gratuit'));
    expect(await resultCount()).toBe(all);
  });

  it('commune search (accents ignored): list sorted by distance from the commune', async () => {
    await openExplore();
    await page.fill('#recherche-lieu', 'saint etienne');
    const option = page.locator('#recherche-lieu-suggestions [role="option"]').first();
    await option.waitFor();
    expect(await option.textContent()).toContain('Saint-Étienne');
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#recherche-lieu', 'aria-activedescendant')).toBe(
      'recherche-lieu-option-0',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/pres_de=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('autour')).toContain('Saint-Étienne');
    expect(await page.textContent('#resultats-titre')).toContain('du plus proche au plus loin');
    const distances = await page.locator('.card__distance').allTextContents();
    expect(distances.length).toBeGreaterThan(2);
    const km = distances.map((d) => {
      const m = /([\d,]+)\s*(k?m)/.exec(d)!;
      const value = Number(m[1]!.replace(',', '.'));
      return m[2] === 'm' ? value / 1000 : value;
    });
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    // Postcode search too.
    await page.fill('#recherche-lieu', '33000');
    await expect
      .poll(() => page.locator('#recherche-lieu-suggestions [role="option"]').first().textContent())
      .toContain('Bordeaux');
  });

  it('lieu page: server-rendered with the standard’s information, readable without JavaScript', async () => {
    await openExplore('vue=liste');
    const href = (await page.getAttribute('.card h3 a', 'href'))!;
    const id = decodeURIComponent(href.split('/').pop()!);
    await page.goto(`${server.url}${href}`);
    expect(await page.textContent('h1')).toBeTruthy();
    for (const heading of [
      'Adresse',
      'Horaires',
      'Services proposés',
      'Pour qui et comment',
      'Contact',
      'Accessibilité du lieu',
      'Source des informations',
      'Signaler une erreur',
    ]) {
      await expect(page.locator('h2', { hasText: heading }).count()).resolves.toBe(1);
    }
    expect(await page.locator('table tbody tr').count()).toBe(7);
    expect(await page.textContent('body')).toContain(id);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lieu-1280x800');

    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const bare = await noJs.newPage();
      const response = await bare.goto(`${server.url}${href}`);
      expect(response?.status()).toBe(200);
      expect(await bare.locator('h2', { hasText: 'Horaires' }).count()).toBe(1);
      expect(await bare.locator('a', { hasText: 'Itinéraire' }).count()).toBeGreaterThan(0);
      await screenshot(bare, 'lieu-360x740');
    } finally {
      await noJs.close();
    }
  });

  it('a shared URL restores the same view: filters, position, selected lieu, camera', async () => {
    await openExplore('services=Aide aux démarches administratives&gratuit=oui');
    const id = (await page.getAttribute('.card', 'data-lieu'))!;
    const shared = `services=Aide%20aux%20d%C3%A9marches%20administratives&gratuit=oui&pres_de=45.764,4.8357&autour=Lyon%20(69)&lieu=${encodeURIComponent(id)}&zoom=11&centre=45.764,4.8357`;
    const other = await context.newPage();
    try {
      await other.goto(`${server.url}/carte?${shared}`);
      await other.waitForSelector('.panel h2');
      expect(await other.getAttribute('.panel', 'data-lieu')).toBe(id);
      expect(await other.isChecked('#filtre-gratuit')).toBe(true);
      expect(await other.textContent('.around')).toContain('Lyon (69)');
      await mapReady(other);
      const camera = await other.evaluate(() => {
        const map = (
          document.querySelector('.map') as unknown as {
            repereMap: { getZoom(): number; getCenter(): { lat: number; lng: number } };
          }
        ).repereMap;
        return { zoom: map.getZoom(), ...map.getCenter() };
      });
      expect(camera.zoom).toBeGreaterThanOrEqual(11);
      // Closing the panel shows the list with the same total as the API.
      await other.click('.panel .icon-button');
      await other.waitForURL((url) => !url.searchParams.has('lieu'));
      expect(await resultCount(other)).toBe(
        await apiTotal('services=Aide aux démarches administratives&gratuit=oui'),
      );
    } finally {
      await other.close();
    }
  });

  it('keyboard only: from the search box to a lieu page', async () => {
    await openExplore();
    await page.keyboard.press('Tab'); // skip link
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'recherche-lieu');
    }
    expect(reached).toBe(true);
    await page.keyboard.type('Lyon');
    await page.locator('#recherche-lieu-suggestions [role="option"]').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/pres_de=/);
    let onCard = false;
    for (let i = 0; i < 120 && !onCard; i++) {
      await page.keyboard.press('Tab');
      onCard = await page.evaluate(() => Boolean(document.activeElement?.closest('.card h3')));
    }
    expect(onCard).toBe(true);
    const href = await page.evaluate(() =>
      (document.activeElement as HTMLAnchorElement).getAttribute('href'),
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href);
    expect(await page.locator('h2', { hasText: 'Horaires' }).count()).toBe(1);
  });

  it('phone (360 px): map and list screenshots, no serious violation', async () => {
    const phone = await isolatedContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const p = await phone.newPage();
      // Map-only view on a phone: the results heading is off screen, so wait for the map itself.
      await p.goto(`${server.url}/carte?vue=carte`);
      await p.waitForSelector('.map', { state: 'attached', timeout: 60_000 });
      // Software WebGL on a loaded CI machine can take longer than a phone would: the map's readiness is
      // asserted by the desktop tests; here the map view must be present and the screenshot taken.
      await mapReady(p).catch(() => undefined);
      expect(await p.locator('.map').count()).toBe(1);
      await screenshot(p, 'carte-360x740');
      await openExplore('vue=liste', p);
      expect(await seriousViolations(p)).toEqual([]);
      await screenshot(p, 'liste-360x740');
    } finally {
      await phone.close();
    }
  });

  it('map style: an unreachable configured style falls back to the built-in offline style', async () => {
    const other = await isolatedContext(browser, { viewport: DESKTOP });
    try {
      await other.route('**/config.json', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            apiBase: '/api/v1',
            mapStyleUrl: 'https://tuiles.example.invalid/style.json',
          }),
        }),
      );
      const p = await other.newPage();
      await openExplore('', p);
      await mapReady(p);
      expect(await p.getAttribute('.map', 'data-map-style')).toBe('fallback');
      expect(await p.textContent('.map-note')).toContain('hors ligne');
      expect(await p.locator('.card').count()).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('offline after a first visit: the app and the last dataset open from the service worker', async () => {
    const other = await isolatedContext(browser, { viewport: DESKTOP });
    try {
      const p = await other.newPage();
      await openExplore('vue=liste', p);
      const total = await resultCount(p);
      await p.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return Boolean(registration.active);
      });
      await other.setOffline(true);
      await p.goto(`${server.url}/carte?vue=liste`);
      await p.waitForSelector('.card', { timeout: 30_000 });
      expect(await resultCount(p)).toBe(total);
      expect(await p.textContent('body')).toContain('hors ligne');
    } finally {
      await other.close();
    }
  });

  it('first results come from the server while the snapshot loads; a failed snapshot says so', async () => {
    const other = await isolatedContext(browser, { viewport: DESKTOP });
    try {
      await other.route('**/api/v1/snapshot', (route) => route.abort('failed'));
      const p = await other.newPage();
      await p.goto(`${server.url}/carte?vue=liste&gratuit=oui`);
      await p.waitForSelector('#resultats [aria-busy="true"] .card');
      expect(await resultCount(p)).toBe(await apiTotal('gratuit=oui'));
      expect(await p.locator('.card').count()).toBe(12);
      await p.waitForSelector('.notice--error');
      expect(await p.textContent('.notice--error')).toContain('jeu de données : serveur injoignable');
    } finally {
      await other.close();
    }
  });

  it('geolocation: sorted by distance when allowed, a plain message when refused', async () => {
    const allowed = await isolatedContext(browser, {
      viewport: DESKTOP,
      permissions: ['geolocation'],
      geolocation: { latitude: 48.8566, longitude: 2.3522 },
    });
    const refused = await isolatedContext(browser, { viewport: DESKTOP });
    try {
      const p = await allowed.newPage();
      await openExplore('vue=liste', p);
      await p.click('button:has-text("Me localiser")');
      await p.waitForURL(/pres_de=48\.8566,2\.3522/);
      expect(new URL(p.url()).searchParams.get('autour')).toBe('Ma position');
      expect(await p.textContent('#resultats-titre')).toContain('du plus proche au plus loin');
      expect(await p.textContent('.geo-message')).toContain('Position trouvée');

      const q = await refused.newPage();
      await openExplore('vue=liste', q);
      await q.click('button:has-text("Me localiser")');
      await expect.poll(() => q.textContent('.geo-message')).toContain('Vous avez refusé la localisation');
      expect(q.url()).not.toContain('pres_de');
    } finally {
      await allowed.close();
      await refused.close();
    }
  });

  it('English catalogue through the language switch', async () => {
    await page.goto(server.url);
    await page.click('a[hreflang="en"]');
    await expect.poll(() => page.textContent('h1')).toContain('Find a place');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('a[hreflang="fr"]');
    await expect.poll(() => page.textContent('h1')).toContain('Trouver un lieu');
  });

  it('no uncaught error in the pages', () => {
    expect(errors).toEqual([]);
  });
});

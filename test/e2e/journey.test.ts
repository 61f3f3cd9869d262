/**
 * The orientation journey end to end, in headless Chromium against the real server (demo data):
 * a full journey (a need → a commune → « samedi matin » → gratuit) whose results satisfy every
 * criterion, checked against the API and lieu by lieu; the relaxing suggestion under 3 results; the
 * fiche d'orientation's PDF read back (name, hours, QR code of the lieu page); share links; back and
 * skip; a 360 px phone; axe-core on every step and on the printable fiche (screen and print media).
 */
import { existsSync } from 'node:fs';
import QRCode from 'qrcode';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/core/geo/index.js';
import { compileHours, isOpenDuring } from '../../src/core/hours/index.js';
import { SMS_MAX, ficheHours, lieuPageUrl, parseJourney } from '../../src/core/journey/index.js';
import { flatFromApi } from '../../src/web/journey/data.js';
import { matrixFromRects, readPdf } from '../web/journey/pdf-reader.js';
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
import { countReady, newStep, runScriptedJourney, type JourneyRun } from './journey-script.js';

const NEED_LABEL = 'Faire une démarche en ligne';
const SERVICE = 'Aide aux démarches administratives';
const SAT_MORNING = 'sa:08:00-12:00';

type ApiLieu = Record<string, unknown> & { id: string; commune: string; code_insee?: string };

describe.skipIf(!existsSync(CHROMIUM))('orientation journey (Chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let run: JourneyRun;
  let target: ApiLieu;
  const pageErrors: string[] = [];
  const violations: Record<string, unknown[]> = {};
  const requests: string[] = [];

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${server.url}/api/v1/${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  async function check(name: string, target: Page = page): Promise<void> {
    violations[name] = await seriousViolations(target);
  }

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startE2eServer(2000), launchChromium()]);
    context = await isolatedContext(browser, { viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) =>
      requests.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`),
    );

    // The commune where most lieux satisfy every criterion within 10 km (the demo data are deterministic).
    const criteria = `services=${encodeURIComponent(SERVICE)}&gratuit=oui&creneaux=${SAT_MORNING}`;
    const found = await api<{ lieux: ApiLieu[] }>(`lieux?${criteria}&tri=nom&limit=100`);
    let best = -1;
    for (const lieu of found.lieux) {
      const near = `${lieu.latitude},${lieu.longitude}`;
      const { total } = await api<{ total: number }>(`lieux?${criteria}&pres_de=${near}&rayon_km=10&limit=0`);
      if (total > best) [best, target] = [total, lieu];
    }
    const insee = target.code_insee ?? '';
    const departement = insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
    run = await runScriptedJourney(page, server.url, {
      need: NEED_LABEL,
      commune: target.commune,
      suggestion: `${target.commune} (${departement})`,
      firstName: 'Amina',
      onStep: async (name) => {
        await check(name);
        await screenshot(page, `journey-${name}`);
      },
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every step and the results have no serious or critical accessibility violation', () => {
    expect(Object.keys(violations)).toEqual(['besoin', 'ou', 'quand', 'precisions', 'resultats', 'fiche']);
    for (const [name, list] of Object.entries(violations)) expect(list, name).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a need → a commune → samedi matin → gratuit: the results are exactly the API’s answer to the same query', async () => {
    const { state } = parseJourney(run.resultsSearch);
    expect(state.services).toEqual([SERVICE]);
    expect(state.place?.label).toContain(target.commune);
    expect(state.when).toEqual({ kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] });
    expect(state.frais).toBe('gratuit');

    const params = new URLSearchParams(run.resultsSearch);
    params.delete('autour');
    params.set('limit', '100');
    const answer = await api<{ total: number; lieux: ApiLieu[] }>(`lieux?${params}`);
    expect(answer.total).toBeGreaterThan(0);
    expect(run.resultIds).toEqual(answer.lieux.slice(0, 20).map((l) => l.id));
    expect(run.resultIds).toContain(target.id);
    expect(run.resultsHeading).toContain(
      answer.total === 1 ? '1 lieu correspond' : `${answer.total} lieux correspondent`,
    );
  });

  it('each result satisfies every criterion, read from the lieu’s own record', async () => {
    const { state } = parseJourney(run.resultsSearch);
    const params = new URLSearchParams(run.resultsSearch);
    params.delete('autour');
    params.set('limit', '100');
    const { lieux } = await api<{ lieux: ApiLieu[] }>(`lieux?${params}`);
    for (const lieu of lieux) {
      const detail = await api<ApiLieu>(`lieux/${encodeURIComponent(lieu.id)}`);
      const record = flatFromApi(detail);
      expect(record.services?.split('|'), lieu.id).toContain(SERVICE);
      expect(record.frais_a_charge?.split('|'), lieu.id).toContain('Gratuit');
      const km = haversineKm(state.place!, { lat: Number(record.latitude), lon: Number(record.longitude) });
      expect(km, lieu.id).toBeLessThanOrEqual(state.radiusKm);
      const compiled = compileHours(record.horaires ?? '');
      expect(compiled.ok, lieu.id).toBe(true);
      if (compiled.ok) expect(isOpenDuring(compiled.hours, 5, 480, 720), lieu.id).toBe(true);
    }
  });

  it('each result says why it matches', async () => {
    await page.goBack();
    await page.waitForURL(/\/orientation\/resultats\?/);
    await page.waitForSelector('[data-result] .journey-why li');
    // The map beside the list draws the same results.
    await page.waitForSelector('.journey-results__map .map[data-map-state="ready"]', {
      state: 'attached',
      timeout: 60_000,
    });
    const why = await page.locator('[data-result]').first().locator('.journey-why li').allTextContents();
    expect(why.map((w) => w.trim())).toEqual([
      'Pour : démarches en ligne',
      expect.stringMatching(/^(À|Lieu itinérant, basé à) \d/),
      'Ouvert samedi matin',
      'Gratuit',
    ]);
  });

  it('the fiche d’orientation PDF holds the lieu’s name, hours and a QR code of its page', async () => {
    expect(run.pdfName).toMatch(/^fiche-orientation-.+\.pdf$/);
    const pdf = readPdf(run.pdf);
    const detail = await api<ApiLieu>(`lieux/${encodeURIComponent(run.ficheId)}`);
    const record = flatFromApi(detail);
    // Long names wrap beside the QR code: one text operator per line.
    expect(pdf.texts.join(' ')).toContain(record.nom);
    expect(pdf.texts).toContain('Pour Amina');
    const { hours } = ficheHours(record);
    expect(hours?.length).toBe(7);
    for (const day of hours!) {
      expect(pdf.texts).toContain(day.day);
      expect(pdf.texts).toContain(day.text);
    }
    const url = lieuPageUrl(server.url, run.ficheId);
    expect(pdf.uris).toContain(url);
    expect(pdf.figures).toHaveLength(1);
    const drawn = matrixFromRects(pdf.figures[0]!);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(drawn.length).toBe(expected.size);
    expect(drawn.flat()).toEqual(Array.from(expected.data, (v) => Boolean(v)));
    // The live page the QR code leads to exists.
    expect((await fetch(url)).status).toBe(200);
  });

  it('no personal data went to the server (first name, note)', () => {
    expect(requests.filter((r) => r.includes('Amina'))).toEqual([]);
  });

  it('the printable fiche: print stylesheet keeps only the fiche, no serious accessibility violation', async () => {
    const fiche = await context.newPage();
    await fiche.goto(`${server.url}/orientation/fiche?lieux=${encodeURIComponent(run.ficheId)}`);
    await fiche.waitForSelector('.fiche');
    expect(await fiche.locator('.fiche__qr svg path').count()).toBe(1);
    expect(await seriousViolations(fiche)).toEqual([]);
    await fiche.emulateMedia({ media: 'print' });
    expect(await fiche.isVisible('.fiche')).toBe(true);
    expect(await fiche.isVisible('.site-header')).toBe(false);
    expect(await fiche.isVisible('.fiche-form')).toBe(false);
    expect(await fiche.isVisible('[data-action="pdf"]')).toBe(false);
    expect(await seriousViolations(fiche)).toEqual([]);
    await screenshot(fiche, 'journey-fiche-print');
    await fiche.close();
  });

  it('a lieu page offers the fiche d’orientation and its share tools', async () => {
    const lieu = await context.newPage();
    await lieu.goto(`${server.url}/lieux/${encodeURIComponent(run.ficheId)}`);
    await lieu.getByRole('link', { name: /Orienter une personne/ }).click();
    await lieu.waitForURL(/\/orientation\/fiche\?lieux=/);
    await lieu.waitForSelector('.fiche');
    expect(await lieu.locator('[data-action="pdf"]').count()).toBe(1);
    expect(await lieu.locator('[data-share="partage-fiche"] [data-action="email"]').count()).toBe(1);
    await lieu.getByRole('link', { name: 'Retour à la page du lieu' }).click();
    await lieu.waitForURL(/\/lieux\//);
    await lieu.close();
  });

  it('share links are well-formed: mailto, sms, copied link and address', async () => {
    const share = await context.newPage();
    await share.goto(`${server.url}/orientation/fiche?lieux=${encodeURIComponent(run.ficheId)}`);
    await share.waitForSelector('.fiche');
    const detail = flatFromApi(await api<ApiLieu>(`lieux/${encodeURIComponent(run.ficheId)}`));
    const url = lieuPageUrl(server.url, run.ficheId);

    const mailto = (await share.getAttribute('[data-share="partage-fiche"] [data-action="email"]', 'href'))!;
    const mail = new URL(mailto);
    expect(mail.protocol).toBe('mailto:');
    expect(mailto).not.toMatch(/[ \n]/);
    const subject = decodeURIComponent(/[?&]subject=([^&]*)/.exec(mailto)![1]!);
    const body = decodeURIComponent(/[?&]body=([^&]*)/.exec(mailto)![1]!);
    expect(subject).toContain(detail.nom);
    expect(body).toContain(detail.nom);
    expect(body).toContain(url);
    expect(body).toContain('\r\n');

    const sms = (await share.getAttribute('[data-share="partage-fiche"] [data-action="sms"]', 'href'))!;
    expect(sms).toMatch(/^sms:\?body=[^&\s]+$/);
    const smsBody = decodeURIComponent(sms.slice('sms:?body='.length));
    expect(smsBody.length).toBeLessThanOrEqual(SMS_MAX);
    expect(smsBody.endsWith(url)).toBe(true);

    await share.click('details.journey-share summary');
    await share.click('[data-share="partage-fiche"] [data-action="copier-lien"]');
    await expect.poll(() => share.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await share.click('[data-share="partage-fiche"] [data-action="copier-adresse"]');
    await expect
      .poll(() => share.evaluate(() => navigator.clipboard.readText()))
      .toBe(`${detail.adresse}, ${detail.code_postal} ${detail.commune}`);
    expect(await share.textContent('[data-share="partage-fiche"] [role="status"]')).toContain(
      'Adresse copiée.',
    );
    await share.close();
  });

  it('with fewer than 3 results, says which criterion to relax and applies it in one click', async () => {
    const { state } = parseJourney(run.resultsSearch);
    const tight = new URLSearchParams(run.resultsSearch);
    tight.set('rayon_km', '5');
    tight.set('pres_de', `${target.latitude},${target.longitude}`);
    const total = async (search: URLSearchParams) => {
      const params = new URLSearchParams(search);
      params.delete('autour');
      return (await api<{ total: number }>(`lieux?${params}&limit=0`)).total;
    };
    // Stricter and stricter specific needs until fewer than 3 lieux remain.
    const extra: Array<[string, string]> = [
      ['publics_specifiquement_adresses', 'Femmes'],
      ['prise_en_charge_specifique', 'Surdité'],
      ['modalites_accompagnement', 'Dans un atelier collectif'],
    ];
    let before = await total(tight);
    for (const [name, value] of extra) {
      if (before < 3) break;
      tight.set(name, value);
      before = await total(tight);
    }
    expect(before, 'précondition : moins de 3 lieux').toBeLessThan(3);
    expect(state.radiusKm).toBe(10);

    const relax = await context.newPage();
    await relax.goto(`${server.url}/orientation/resultats?${tight.toString()}`);
    await relax.waitForSelector('.journey-relax [data-relax]');
    expect(await seriousViolations(relax)).toEqual([]);
    const first = relax.locator('.journey-relax [data-relax]').first();
    const label = (await first.textContent())!;
    const announced = Number(/\((\d+) lieux?\)/.exec(label)![1]);
    expect(announced).toBeGreaterThan(before);
    await first.click();
    await relax.waitForFunction((n) => {
      const text = document.querySelector('.journey-results__count')?.textContent ?? '';
      return text.startsWith(n === 1 ? '1 lieu' : `${n} lieux`);
    }, announced);
    expect(await total(new URLSearchParams(new URL(relax.url()).search))).toBe(announced);
    // The same criteria with enough results: no suggestion.
    const wide = new URLSearchParams(tight);
    for (const name of ['creneaux', 'gratuit', 'services', ...extra.map(([n]) => n)]) wide.delete(name);
    wide.set('rayon_km', '100');
    await relax.goto(`${server.url}/orientation/resultats?${wide.toString()}`);
    await relax.waitForFunction(() =>
      /\d+ lieux correspondent/.test(document.querySelector('.journey-results__count')?.textContent ?? ''),
    );
    expect(await relax.locator('.journey-relax').count()).toBe(0);
    await relax.close();
  });

  it('several lieux checked in the results make one fiche, at most 5', async () => {
    const many = await context.newPage();
    const wide = new URLSearchParams({ pres_de: `${target.latitude},${target.longitude}`, rayon_km: '100' });
    await many.goto(`${server.url}/orientation/resultats?${wide}`);
    await many.waitForSelector('[data-result]');
    const boxes = many.getByRole('checkbox', { name: /Ajouter à la fiche/ });
    expect(await boxes.count()).toBeGreaterThan(5);
    for (let i = 0; i < 5; i++) await boxes.nth(i).check();
    expect(await boxes.nth(5).isDisabled()).toBe(true);
    await boxes.nth(4).uncheck();
    await many.getByRole('link', { name: /Préparer la fiche d’orientation \(4 lieux\)/ }).click();
    await many.waitForURL(/\/orientation\/fiche\?lieux=[^&]+\|/);
    await many.waitForSelector('.fiche__lieu');
    expect(await many.locator('.fiche__lieu').count()).toBe(4);
    expect(await many.locator('.fiche__qr svg').count()).toBe(4);
    await many.getByRole('link', { name: 'Retour aux résultats' }).click();
    await many.waitForURL(/\/orientation\/resultats\?/);
    await many.close();
  });

  it('steps are URLs: back returns to the previous step with its choices, any step can be skipped', async () => {
    const nav = await context.newPage();
    await nav.goto(`${server.url}/orientation/besoin`);
    await countReady(nav);
    await nav.getByLabel(NEED_LABEL).check();
    await nav.getByRole('button', { name: 'Suivant' }).click();
    await nav.waitForURL(/\/orientation\/ou\?/);
    await nav.goBack();
    await nav.waitForURL(/\/orientation\/besoin\?services=/);
    expect(await nav.getByLabel(NEED_LABEL).isChecked()).toBe(true);
    await nav.goForward();
    await newStep(nav, /\/orientation\/ou\?/);
    // Enter in the commune search chooses the place and stays on the step.
    await nav.fill('#parcours-lieu', target.commune);
    await nav.press('#parcours-lieu', 'Enter');
    await nav.waitForSelector('.journey-where__current');
    expect(new URL(nav.url()).pathname).toBe('/orientation/ou');
    expect(new URL(nav.url()).searchParams.get('pres_de')).not.toBeNull();
    await nav.getByRole('link', { name: 'Passer cette étape' }).click();
    await nav.waitForURL(/\/orientation\/quand\?/);
    expect(new URL(nav.url()).searchParams.get('pres_de')).toBeNull();
    // Resumable: the URL alone reopens the journey where it was.
    const reopened = await context.newPage();
    await reopened.goto(nav.url());
    await countReady(reopened);
    expect(await reopened.textContent('h1')).toBe('Quand ?');
    await reopened.close();
    await nav.close();
  });

  it('keyboard only: a need chosen and the next step reached without a mouse', async () => {
    const kb = await context.newPage();
    await kb.goto(`${server.url}/orientation/besoin`);
    await countReady(kb);
    for (let i = 0; i < 40; i++) {
      await kb.keyboard.press('Tab');
      if (await kb.evaluate(() => document.activeElement?.id === 'besoin-0')) break;
    }
    await kb.keyboard.press('Space');
    expect(await kb.isChecked('#besoin-0')).toBe(true);
    for (let i = 0; i < 60; i++) {
      await kb.keyboard.press('Tab');
      if (await kb.evaluate(() => document.activeElement?.textContent?.trim().startsWith('Suivant'))) break;
    }
    await kb.keyboard.press('Enter');
    await kb.waitForURL(/\/orientation\/ou\?services=/);
    await kb.waitForFunction(() => document.activeElement?.id === 'page-title');
    await kb.close();
  });

  it('on a 360 px phone nothing overflows sideways, on every step and the results', async () => {
    const phone = await isolatedContext(browser, {
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const small = await phone.newPage();
    for (const step of ['besoin', 'ou', 'quand', 'precisions', 'resultats']) {
      await small.goto(`${server.url}/orientation/${step}${run.resultsSearch}`);
      await small.waitForSelector('#page-title');
      if (step === 'quand') await small.waitForSelector('.slot-grid');
      const width = await small.evaluate(() => document.documentElement.scrollWidth);
      expect(width, step).toBeLessThanOrEqual(360);
      await screenshot(small, `journey-phone-${step}`);
    }
    await small.goto(`${server.url}/orientation/fiche?lieux=${encodeURIComponent(run.ficheId)}`);
    await small.waitForSelector('.fiche');
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.close();
  });
});

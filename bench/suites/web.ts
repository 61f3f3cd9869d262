/**
 * Web app, measured in headless Chromium against the real server with 20,000 demo lieux:
 * - bytes (gzip) of JavaScript and CSS per entry point of the build: the app shell (target ≤ 100 KB
 *   of JavaScript, MapLibre excluded: it is a lazily loaded chunk), the map chunk, the lieu page;
 * - time from navigation to the first results painted (the server's first page while the snapshot
 *   loads), and to the snapshot indexed in the page, cold and with the service worker's cache;
 * - time from a filter change to the results painted (target < 100 ms), over a series of filters,
 *   with the map shown (the map's aggregates are recomputed in the same frame).
 * The app records both with `performance` marks (src/web/lib/perf.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  WEB_DIR,
  ensureWebBuild,
  isolatedContext,
  launchChromium,
  startE2eServer,
} from '../../test/e2e/helpers.js';
import { metric, percentile, target, type Metric, type Suite } from '../harness.js';

const COUNT = 20_000;
const SHELL_JS_BUDGET = 100 * 1024;

interface ManifestEntry {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(join(WEB_DIR, file)), { level: 9 }).length;
}

/** Files loaded by an entry before it runs: itself, its static imports (recursively) and their CSS. */
function closure(
  manifest: Record<string, ManifestEntry>,
  key: string,
  seen = new Set<string>(),
): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    const entry = manifest[k];
    if (!entry) return;
    if (/\.m?js$/.test(entry.file)) js.push(entry.file);
    css.push(...(entry.css ?? []));
    for (const i of entry.imports ?? []) visit(i);
  };
  visit(key);
  return { js, css };
}

function bundleMetrics(): Metric[] {
  const manifest = JSON.parse(readFileSync(join(WEB_DIR, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const metrics: Metric[] = [];
  const sum = (files: string[]) => files.reduce((total, f) => total + gzipSize(f), 0);
  const shell = closure(manifest, 'index.html');
  const shellJs = sum(shell.js);
  metrics.push(
    target(
      'web.bytes.shell.js_gzip',
      shellJs,
      'B',
      { atMost: SHELL_JS_BUDGET },
      `app shell: ${shell.js.join(', ')}`,
    ),
    metric('web.bytes.shell.css_gzip', sum(shell.css), 'B'),
  );
  // The map, loaded when a map is shown: its component, MapLibre, its CSS and worker.
  const mapKey = Object.keys(manifest).find((k) => k.endsWith('map/MapView.tsx'));
  if (mapKey) {
    const map = closure(manifest, mapKey, new Set(shell.js.length ? ['index.html'] : []));
    const dynamic = (manifest[mapKey]!.dynamicImports ?? []).flatMap(
      (k) => closure(manifest, k, new Set(['index.html'])).js,
    );
    const worker = Object.values(manifest).find((e) => e.file.includes('maplibre-gl-worker'));
    metrics.push(
      metric('web.bytes.map.js_gzip', sum([...map.js, ...dynamic]), 'B', {
        note: 'lazy: MapView + maplibre-gl',
      }),
      metric('web.bytes.map.css_gzip', sum(map.css), 'B'),
      ...(worker ? [metric('web.bytes.map.worker_gzip', gzipSize(worker.file), 'B')] : []),
    );
  }
  const lieu = closure(manifest, 'lieu-page.ts');
  metrics.push(
    metric('web.bytes.lieu_page.js_gzip', sum(lieu.js), 'B', { note: 'plus inline CSS of the server page' }),
  );
  for (const [key, entry] of Object.entries(manifest)) {
    if (!entry.isDynamicEntry || key === mapKey || key.includes('maplibre-gl')) continue;
    const name = key.replace(/^.*\//, '').replace(/\.[jt]sx?$/, '');
    metrics.push(metric(`web.bytes.lazy.${name}.js_gzip`, gzipSize(entry.file), 'B'));
  }
  metrics.push(metric('web.bytes.sw.js_gzip', gzipSize('sw.js'), 'B'));
  return metrics;
}

interface LoadTimes {
  /** Navigation to the first results painted (the server's first page, then the local engine). */
  firstResults: number;
  /** Navigation to the snapshot indexed in the page: every filter then answers locally. */
  datasetReady: number;
  /** `buildIndex` alone. */
  indexBuild: number;
}

async function loadTimes(page: Page, url: string): Promise<LoadTimes> {
  await page.goto(url);
  await page.waitForFunction(
    () =>
      performance.getEntriesByName('repere:first-results').length > 0 &&
      performance.getEntriesByName('repere:index-built').length > 0,
    undefined,
    { timeout: 120_000 },
  );
  // No helper function inside: tsx would wrap it with a `__name` the page does not have.
  const [firstResults, decoded, built] = await page.evaluate(() =>
    ['repere:first-results', 'repere:snapshot-decoded', 'repere:index-built'].map(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN,
    ),
  );
  return { firstResults: firstResults!, datasetReady: built!, indexBuild: built! - decoded! };
}

/** Toggles filters one after the other; for each change, time to the DOM update and to the painted frame. */
async function filterChanges(page: Page): Promise<{ commit: number[]; painted: number[] }> {
  const selectors = [
    '#filtre-gratuit',
    '#filtre-ouvert',
    '#filtre-rdvEnLigne',
    '#filtre-ouvert',
    '#filtre-gratuit',
    '#filtre-itinerant',
    '#filtre-itinerant',
    '#filtre-rdvEnLigne',
    'input[name="publics_specifiquement_adresses"][value="Seniors"]',
    'input[name="publics_specifiquement_adresses"][value="Jeunes"]',
  ];
  if (
    !(await page
      .locator('details.filter-group:has(input[name="publics_specifiquement_adresses"])[open]')
      .count())
  ) {
    await page.click('summary:has-text("Publics")');
  }
  const commit: number[] = [];
  const painted: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const selector of selectors) {
      const before = await page.evaluate(() => performance.getEntriesByName('repere:filter-change').length);
      await page.click(selector);
      await page.waitForFunction(
        (n) => performance.getEntriesByName('repere:filter-change').length > n,
        before,
      );
      const [c, p] = await page.evaluate(() => [
        performance.getEntriesByName('repere:filter-commit').at(-1)!.duration,
        performance.getEntriesByName('repere:filter-change').at(-1)!.duration,
      ]);
      commit.push(c!);
      painted.push(p!);
    }
  }
  return { commit: commit.sort((a, b) => a - b), painted: painted.sort((a, b) => a - b) };
}

export const suite: Suite = {
  name: 'web',
  async run() {
    await ensureWebBuild();
    const metrics = bundleMetrics();
    const server = await startE2eServer(COUNT);
    const browser = await launchChromium();
    try {
      const context = await isolatedContext(browser, { viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const cold = await loadTimes(page, `${server.url}/carte?vue=liste`);
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      const warm: LoadTimes[] = [];
      for (let i = 0; i < 3; i++) warm.push(await loadTimes(page, `${server.url}/carte?vue=liste`));
      const median = (pick: (t: LoadTimes) => number) =>
        percentile(
          warm.map(pick).sort((a, b) => a - b),
          50,
        );
      metrics.push(
        metric('web.first_results.cold_ms', cold.firstResults, 'ms', {
          note: `${COUNT} lieux, list view, no cache`,
        }),
        metric(
          'web.first_results.warm_ms',
          median((t) => t.firstResults),
          'ms',
          {
            note: 'p50 of 3 reloads (service worker and HTTP caches)',
          },
        ),
        metric('web.dataset_ready.cold_ms', cold.datasetReady, 'ms', {
          note: 'snapshot downloaded, parsed, indexed',
        }),
        metric(
          'web.dataset_ready.warm_ms',
          median((t) => t.datasetReady),
          'ms',
        ),
        metric(
          'web.index_build_ms',
          median((t) => t.indexBuild),
          'ms',
          { note: 'buildIndex in the page' },
        ),
      );
      // List view: what the person waits for after ticking a filter.
      await page.goto(`${server.url}/carte?vue=liste`);
      await page.waitForSelector('.card');
      const list = await filterChanges(page);
      metrics.push(
        target(
          'web.filter_change.list.commit_p50_ms',
          percentile(list.commit, 50),
          'ms',
          { atMost: 100 },
          `${list.commit.length} changes over ${COUNT} lieux: input to updated DOM`,
        ),
        target(
          'web.filter_change.list.painted_p50_ms',
          percentile(list.painted, 50),
          'ms',
          { atMost: 100 },
          'input to the next painted frame',
        ),
        target('web.filter_change.list.painted_p95_ms', percentile(list.painted, 95), 'ms', { atMost: 100 }),
      );
      // Map and list: the map's aggregates are recomputed in the same update; its frame is drawn by
      // software WebGL here (no GPU on the benchmark machine), which weighs on « painted ».
      await page.goto(`${server.url}/carte`);
      await page.waitForSelector('.map[data-map-state="ready"]', { state: 'attached', timeout: 120_000 });
      const both = await filterChanges(page);
      metrics.push(
        target(
          'web.filter_change.map.commit_p50_ms',
          percentile(both.commit, 50),
          'ms',
          { atMost: 100 },
          'map and list shown',
        ),
        metric('web.filter_change.map.painted_p50_ms', percentile(both.painted, 50), 'ms', {
          note: 'software WebGL frame included',
        }),
        metric('web.filter_change.map.painted_p95_ms', percentile(both.painted, 95), 'ms'),
      );
      await context.close();
    } finally {
      await browser.close();
      await server.close();
    }
    return metrics;
  },
};

/**
 * End-to-end harness: builds the front end once (Vite), starts the real server in-process
 * (`startServer`, as `repere serve` does) over a throw-away SQLite database with demo data, and
 * launches the system's headless Chromium with software WebGL so that the map really renders.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { resolveServerConfig, startServer, type StartedServer } from '../../src/server/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = join(ROOT, 'dist', 'web');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

/** Runs `vite build` unless `dist/web` is newer than every source file of the front end and core. */
export async function ensureWebBuild(): Promise<void> {
  const index = join(WEB_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'src', 'web')),
    newestMtime(join(ROOT, 'src', 'core')),
    statSync(join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources && existsSync(join(WEB_DIR, 'sw.js'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

export interface E2eServer {
  url: string;
  server: StartedServer;
  close(): Promise<void>;
}

/** The real server on a free port, with `count` demo lieux in a fresh SQLite database. */
export async function startE2eServer(count = 2000, env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'repere-e2e-'));
  const config = resolveServerConfig(
    { port: '0', demoCount: String(count) },
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_DIR, ...env },
  );
  const server = await startServer(config, { handleSignals: false });
  if (!(await server.demo)) throw new Error('données de démonstration non chargées');
  await server.app.repere.loaded;
  // The demo dataset is published after start: wait until the server serves it.
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${server.url}/health`);
    if (response.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: server.url,
    server,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A context that never reaches the Internet (the geocoder, remote styles): tests stay offline. */
export async function isolatedContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  // bypassCSP: axe-core is injected as an inline script, which the app's policy rightly forbids.
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    bypassCSP: true,
    ...options,
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) =>
    route.abort('internetdisconnected'),
  );
  // Software WebGL on a shared machine is slow: generous waits, the tests' own timeouts bound them.
  context.setDefaultTimeout(60_000);
  return context;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * The orientation journey, as a prescriber lives it: the scripted journey in headless Chromium against
 * the real server (2,000 demo lieux) — one need, a commune, « samedi matin », « gratuit », the first
 * result's fiche with a first name, PDF downloaded — counting interactions and seconds from the first
 * screen to the fiche in hand (cold: first visit; warm: the dataset already cached by the browser).
 * Plus the pure pieces on 20,000 generated lieux: relaxation suggestions when results are scarce, and
 * the PDF of a 1-lieu and a 5-lieu fiche.
 * Targets: ≤ 15 interactions and < 120 s (the issue's « orient a person in under two minutes » — the
 * machine's time is the floor of a person's); relaxation < 50 ms; a 1-lieu PDF < 150 ms.
 */
import { existsSync } from 'node:fs';
import {
  buildFiche,
  suggestRelaxations,
  EMPTY_JOURNEY,
  type JourneyState,
} from '../../src/core/journey/index.js';
import { buildIndex, runQuery } from '../../src/core/query/index.js';
import type { LieuInput } from '../../src/core/query/index.js';
import { generateDemoDataset } from '../../src/pipeline/demo-data.js';
import { renderFichePdf } from '../../src/web/fiche/pdf.js';
import {
  CHROMIUM,
  ensureWebBuild,
  isolatedContext,
  launchChromium,
  startE2eServer,
} from '../../test/e2e/helpers.js';
import { runScriptedJourney } from '../../test/e2e/journey-script.js';
import { metric, target, type Metric, type Suite } from '../harness.js';

const SERVICE = 'Aide aux démarches administratives';
const NOW = new Date('2025-06-12T08:00:00Z');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function timeMsAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function browserMetrics(): Promise<Metric[]> {
  if (!existsSync(CHROMIUM)) {
    return [metric('journey.browser.skipped', 1, 'flag', { note: `Chromium absent (${CHROMIUM})` })];
  }
  await ensureWebBuild();
  const [server, browser] = await Promise.all([startE2eServer(2000), launchChromium()]);
  try {
    const criteria = `services=${encodeURIComponent(SERVICE)}&gratuit=oui&creneaux=sa:08:00-12:00`;
    const response = await fetch(`${server.url}/api/v1/lieux?${criteria}&tri=nom&limit=1`);
    const body = (await response.json()) as { lieux: Array<{ commune: string; code_insee?: string }> };
    const lieu = body.lieux[0];
    if (!lieu) throw new Error('aucun lieu de démonstration ne convient au parcours scripté');
    const insee = lieu.code_insee ?? '';
    const options = {
      need: 'Faire une démarche en ligne',
      commune: lieu.commune,
      suggestion: `${lieu.commune} (${insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2)})`,
      firstName: 'Amina',
    };
    const context = await isolatedContext(browser, { viewport: { width: 1280, height: 800 } });
    const cold = await runScriptedJourney(await context.newPage(), server.url, options);
    const warmRuns = [];
    for (let i = 0; i < 3; i++)
      warmRuns.push(await runScriptedJourney(await context.newPage(), server.url, options));
    await context.close();
    const warm = median(warmRuns.map((r) => r.seconds));
    return [
      target(
        'journey.scripted.interactions',
        cold.interactions,
        'interactions',
        { atMost: 15 },
        'première page → PDF de la fiche téléchargé',
      ),
      target(
        'journey.scripted.cold_s',
        cold.seconds,
        's',
        { atMost: 120 },
        'premier passage (jeu de données téléchargé)',
      ),
      target(
        'journey.scripted.warm_s',
        warm,
        's',
        { atMost: 120 },
        'médiane de 3 passages, données en cache',
      ),
      metric('journey.scripted.results', cold.resultIds.length, 'lieux', {
        note: `autour de ${options.suggestion}`,
      }),
      metric('journey.scripted.pdf_bytes', cold.pdf.length, 'octets'),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

async function pureMetrics(): Promise<Metric[]> {
  const records = await generateDemoDataset({ count: 20_000, seed: 7, now: NOW });
  const lieux: LieuInput[] = records.map((record, i) => ({ id: `l${i}`, record }));
  const index = buildIndex(lieux, { territory: () => undefined });
  const count = (q: Parameters<typeof runQuery>[1]) =>
    runQuery(index, { ...q, limit: 0 }, { now: NOW }).total;
  // A strict journey around a real lieu: few results, every kind of relaxation to count.
  const centre = lieux.find((l) => l.record.latitude && l.record.horaires)!.record;
  const strict: JourneyState = {
    ...EMPTY_JOURNEY,
    services: [SERVICE],
    place: { label: centre.commune ?? 'centre', lat: Number(centre.latitude), lon: Number(centre.longitude) },
    radiusKm: 5,
    when: { kind: 'slots', slots: [{ day: 5, from: 480, to: 720 }] },
    frais: 'gratuit',
    publics: ['Seniors'],
    priseEnCharge: ['Surdité'],
  };
  const relaxMs = timeMs(() => suggestRelaxations(strict, count), 15);
  const suggestions = suggestRelaxations(strict, count);

  const one = buildFiche([lieux[0]!], {
    origin: 'https://repere.example.fr',
    date: NOW,
    personFirstName: 'Amina',
  });
  const five = buildFiche(lieux.slice(0, 5), {
    origin: 'https://repere.example.fr',
    date: NOW,
    note: 'Apporter la carte Vitale.',
  });
  await renderFichePdf(one); // warm-up: fonts and code paths
  const pdfOneMs = await timeMsAsync(() => renderFichePdf(one), 10);
  const pdfFiveMs = await timeMsAsync(() => renderFichePdf(five), 10);
  return [
    target(
      'journey.relax.ms',
      relaxMs,
      'ms',
      { atMost: 50 },
      `20 000 lieux, ${suggestions.length} suggestions`,
    ),
    target('journey.pdf.one_lieu_ms', pdfOneMs, 'ms', { atMost: 150 }),
    metric('journey.pdf.five_lieux_ms', pdfFiveMs, 'ms'),
  ];
}

export const suite: Suite = {
  name: 'journey',
  async run() {
    return [...(await pureMetrics()), ...(await browserMetrics())];
  },
};

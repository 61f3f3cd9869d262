/**
 * `npm run bench [-- suite…]`: runs the benchmark suites in bench/suites, writes bench/results.json
 * and prints a readable table. Each suite is a module exporting `suite: Suite`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Metric, Suite } from './harness.js';

const suitesDir = fileURLToPath(new URL('./suites/', import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));

const files = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const results: Record<string, { metrics: Metric[]; seconds: number; error?: string }> = {};

for (const file of files) {
  const mod = (await import(pathToFileURL(suitesDir + file).href)) as { suite?: Suite };
  const suite = mod.suite;
  if (!suite) continue;
  if (wanted.length && !wanted.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  const start = performance.now();
  try {
    const metrics = await suite.run();
    results[suite.name] = { metrics, seconds: (performance.now() - start) / 1000 };
  } catch (error) {
    results[suite.name] = {
      metrics: [],
      seconds: (performance.now() - start) / 1000,
      error: (error as Error).message,
    };
    process.stderr.write(`bench: ${suite.name} failed: ${(error as Error).stack}\n`);
  }
}

const outFile = fileURLToPath(new URL('./results.json', import.meta.url));
// Running a subset (`npm run bench -- hours`) updates those suites and keeps the others' last results.
const previous: { suites?: typeof results } =
  wanted.length && existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : {};
const output = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  suites: { ...(previous.suites ?? {}), ...results },
};
writeFileSync(outFile, JSON.stringify(output, null, 2) + '\n');

const rows: string[][] = [['metric', 'value', 'unit', 'target', 'ok']];
for (const [name, r] of Object.entries(results)) {
  if (r.error) rows.push([`${name} (failed)`, '', '', '', r.error.slice(0, 60)]);
  for (const m of r.metrics) {
    rows.push([
      m.name,
      String(m.value),
      m.unit,
      m.target ?? '',
      m.pass === undefined ? '' : m.pass ? 'yes' : 'NO',
    ]);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ') + '\n');
process.stdout.write(`\nresults written to ${outFile}\n`);
const failed = Object.values(results).some((r) => r.error);
process.exitCode = failed ? 1 : 0;

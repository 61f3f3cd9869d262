/**
 * The import run end to end (src/pipeline/import.ts), network excluded (offline geocoder), on a fresh
 * SQLite store: two synthetic sources built from the demo dataset, the second one holding ~10 % of
 * re-typed duplicates of the first (other id, name in capitals, phone in national format, position moved
 * by ~20 m, older date, no hours). Measures import throughput (records read per second over both
 * sources, from CSV files to the published version), the national merge of the second source (dedup +
 * merge + quality over every lieu) and the commit, peak RSS, and how many injected duplicates were merged.
 *
 * Each size runs in its own child process so that its peak RSS is its own. Writing the input files is not
 * timed. Offline geocoding accuracy is the geocode suite's; dedup alone (findDuplicates) is the dedup suite's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlatRecord } from '../../src/core/standard/types.js';
import { writeRecords } from '../../src/io/index.js';
import { generateDemoDataset } from '../../src/pipeline/demo-data.js';
import { resolveImportInput, runImport } from '../../src/pipeline/import.js';
import { loadReference } from '../../src/reference/index.js';
import { openStore } from '../../src/store/index.js';
import { measureInChild, metric, target, type Metric, type Suite } from '../harness.js';

const SIZES = [20_000, 100_000] as const;
const DUPLICATE_SHARE = 0.1;
const SEED = 7;
const NOW = new Date('2026-06-01T12:00:00Z');
const CHILD_FLAG = 'REPERE_IMPORT_BENCH_SIZE';

interface ChildResult {
  records: number;
  injected: number;
  found: number;
  unexpectedMerges: number;
  lieux: number;
  rejected: number;
  wallSeconds: number;
  cpuSeconds: number;
  dedupSeconds: number;
  storeSeconds: number;
  readRepairValidateSeconds: number;
  peakRssMb: number;
}

/** A re-typed copy of `record`, as another producer would describe the same lieu. */
function duplicateOf(record: FlatRecord, i: number): FlatRecord {
  const lat = Number(record.latitude) + 0.00018 * ((i % 3) - 1);
  const lon = Number(record.longitude) + 0.00018 * ((i % 5) - 2);
  const phone = record.telephone?.startsWith('+33')
    ? `0${record.telephone.slice(3).replace(/(\d)(?=(\d{2})+$)/g, '$1 ')}`
    : '';
  return {
    ...record,
    id: `dup-${record.id}`,
    nom: (record.nom ?? '').toUpperCase(),
    telephone: phone,
    latitude: Number.isFinite(lat) ? lat.toFixed(6) : '',
    longitude: Number.isFinite(lon) ? lon.toFixed(6) : '',
    horaires: '',
    date_maj: '2025-01-15',
  };
}

async function measure(size: number): Promise<ChildResult> {
  const injected = Math.round(size * DUPLICATE_SHARE);
  const originals = await generateDemoDataset({ count: size - injected, seed: SEED, now: NOW });
  const half = Math.floor(originals.length / 2);
  const a = originals.slice(0, half);
  const step = Math.floor(a.length / injected);
  const copies = Array.from({ length: injected }, (_, i) => duplicateOf(a[i * step]!, i));
  const b = [...originals.slice(half), ...copies];
  const dir = mkdtempSync(join(tmpdir(), 'repere-bench-import-'));
  try {
    await writeRecords(join(dir, 'bench-a.csv'), 'csv', a);
    await writeRecords(join(dir, 'bench-b.csv'), 'csv', b);
    const gazetteer = (await loadReference()).gazetteer;
    const store = await openStore({ dataDir: join(dir, 'data') });
    const definitions = [
      await resolveImportInput(join(dir, 'bench-a.csv')),
      await resolveImportInput(join(dir, 'bench-b.csv')),
    ];
    (globalThis as { gc?: () => void }).gc?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const report = await runImport(definitions, { store, gazetteer, now: NOW });
    const wallSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    await store.close();
    const failed = report.sources.filter((s) => s.outcome !== 'imported');
    if (failed.length) throw new Error(`import en échec : ${failed.map((s) => s.error).join(' ; ')}`);

    const second = report.sources[1]!;
    let found = 0;
    let unexpectedMerges = 0;
    for (const r of second.records!) {
      if (r.status !== 'merged') continue;
      const expected = r.key?.startsWith('dup-') ? `bench-a:${r.key.slice(4)}` : undefined;
      if (expected && r.reasons[0]?.message.includes(expected)) found++;
      else if (!expected) unexpectedMerges++;
    }
    const d = second.durationsMs;
    return {
      records: report.totals.read,
      injected,
      found,
      unexpectedMerges,
      lieux: report.dataset?.lieux ?? 0,
      rejected: report.totals.rejected,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      dedupSeconds: (d.dedup ?? 0) / 1000,
      storeSeconds: (d.store ?? 0) / 1000,
      readRepairValidateSeconds: ((d.read ?? 0) + (d.repair ?? 0) + (d.validate ?? 0)) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// In the child process: measure one size and report to the parent.
const childSize = Number(process.env[CHILD_FLAG]);
if (childSize > 0 && process.send) {
  measure(childSize).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`bench import ${childSize} : ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

const runChild = (size: number) => measureInChild<ChildResult>(import.meta.url, CHILD_FLAG, size, 6144);

export const suite: Suite = {
  name: 'import',
  async run(): Promise<Metric[]> {
    const metrics: Metric[] = [];
    for (const size of SIZES) {
      const r = await runChild(size);
      const label = `import.${size / 1000}k`;
      const note =
        `${r.records} enregistrements en 2 sources CSV (${r.injected} doublons injectés), ${r.lieux} lieux publiés, ` +
        `${r.rejected} rejetés ; géocodage hors ligne, SQLite`;
      metrics.push(
        target(`${label}.records_per_s`, r.records / r.wallSeconds, 'records/s', { atLeast: 500 }, note),
        metric(`${label}.records_per_cpu_s`, r.records / r.cpuSeconds, 'records/s', {
          note: 'per second of process CPU time: steadier than wall time on a shared machine',
        }),
        metric(`${label}.seconds`, r.wallSeconds, 's'),
        metric(`${label}.cpu_seconds`, r.cpuSeconds, 's', { note: 'process CPU time, all threads' }),
        metric(`${label}.read_repair_validate_seconds`, r.readRepairValidateSeconds, 's', {
          note: 'second source only',
        }),
        metric(`${label}.national_merge_seconds`, r.dedupSeconds, 's', {
          note: 'second source: dedup + merge + quality over every lieu of both sources',
        }),
        metric(`${label}.commit_seconds`, r.storeSeconds, 's', { note: 'second source: one transaction' }),
        metric(`${label}.peak_rss_mb`, r.peakRssMb, 'MB', { note: 'input generation included' }),
        target(
          `${label}.duplicates_merged`,
          r.found / r.injected,
          'ratio',
          { atLeast: 0.9 },
          `${r.found}/${r.injected} doublons injectés fusionnés avec leur original ; ${r.unexpectedMerges} autres fusions`,
        ),
      );
    }
    return metrics;
  },
};

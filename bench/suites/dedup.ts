/**
 * Deduplication on a labelled synthetic set (src/core/dedup/synthetic.ts): national-scale clustered
 * coordinates, one to three sources per place with their own spellings, hard negatives (one building for
 * several services, a city's SIRET on all its libraries, association antennas…).
 *
 * Reports pairwise precision and recall (targets ≥ 0.98 and ≥ 0.90), deduplication time (wall and CPU; the
 * CPU time is steadier on a shared machine) and peak RSS at 20k and 100k lieux (target: 100k in under 20 s),
 * and the number of pair comparisons. Each size runs in its own child process, so that its peak RSS is its
 * own; generating the set is not timed.
 */
import { findDuplicates } from '../../src/core/dedup/index.js';
import { evaluateGroups, generateSyntheticLieux } from '../../src/core/dedup/synthetic.js';
import { measureInChild, metric, target, type Metric, type Suite } from '../harness.js';

const SIZES = [20_000, 100_000] as const;
const SEED = 2024;
const CHILD_FLAG = 'REPERE_DEDUP_BENCH_SIZE';

interface ChildResult {
  lieux: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  comparisons: number;
  guardComparisons: number;
  groups: number;
  withoutCoordinates: number;
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
}

function measure(size: number): ChildResult {
  const { inputs, entityOf } = generateSyntheticLieux({ lieux: size, seed: SEED });
  (globalThis as { gc?: () => void }).gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = findDuplicates(inputs);
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const quality = evaluateGroups(result.groups, entityOf);
  return {
    lieux: inputs.length,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb,
    comparisons: result.stats.comparisons,
    guardComparisons: result.stats.guardComparisons,
    groups: result.groups.length,
    withoutCoordinates: result.stats.withoutCoordinates,
    precision: quality.precision,
    recall: quality.recall,
    truePairs: quality.truePairs,
    predictedPairs: quality.predictedPairs,
  };
}

// In the child process: measure one size and report to the parent.
const childSize = Number(process.env[CHILD_FLAG]);
if (childSize > 0 && process.send) {
  process.send(measure(childSize), () => process.exit(0));
}

const runChild = (size: number) => measureInChild<ChildResult>(import.meta.url, CHILD_FLAG, size, 4096);

export const suite: Suite = {
  name: 'dedup',
  async run(): Promise<Metric[]> {
    const metrics: Metric[] = [];
    for (const size of SIZES) {
      const r = await runChild(size);
      const label = `dedup.${size / 1000}k`;
      const note = `${r.lieux} lieux (${r.withoutCoordinates} sans coordonnées), ${r.truePairs} paires vraies, ${r.predictedPairs} paires fusionnées, ${r.groups} groupes`;
      metrics.push(
        target(`${label}.precision`, r.precision, 'ratio', { atLeast: 0.98 }, note),
        target(`${label}.recall`, r.recall, 'ratio', { atLeast: 0.9 }),
        size === 100_000
          ? target(
              `${label}.seconds`,
              r.wallSeconds,
              's',
              { atMost: 20 },
              'wall clock; see cpu_seconds on a shared machine',
            )
          : metric(`${label}.seconds`, r.wallSeconds, 's'),
        metric(`${label}.cpu_seconds`, r.cpuSeconds, 's'),
        metric(`${label}.peak_rss_mb`, r.peakRssMb, 'MB', {
          note: `RSS avant déduplication (données générées comprises) : ${Math.round(r.rssBeforeMb)} MB`,
        }),
        metric(`${label}.comparisons`, r.comparisons, 'pairs', {
          note: `${(r.comparisons / r.lieux).toFixed(1)} par lieu ; ${r.guardComparisons} de plus pour la garde anti-chaînage`,
        }),
      );
    }
    return metrics;
  },
};

/**
 * Shared shape of benchmark results: every suite returns metrics; `bench/run.ts` writes them all to
 * `bench/results.json` (machine-readable) and prints a table.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Metric {
  /** Stable, dotted name, e.g. `validation.repere.records_per_s`. */
  name: string;
  value: number;
  unit: string;
  /** Human statement of the target, e.g. `>= 5`. */
  target?: string;
  /** Whether the target is met; absent when there is no target. */
  pass?: boolean;
  note?: string;
}

export interface Suite {
  /** Short name used on the command line: `npm run bench -- hours`. */
  name: string;
  run(): Promise<Metric[]>;
}

export function metric(name: string, value: number, unit: string, extra: Partial<Metric> = {}): Metric {
  return { name, value: Math.round(value * 1000) / 1000, unit, ...extra };
}

/** Metric with a numeric target: `atLeast` or `atMost`. */
export function target(
  name: string,
  value: number,
  unit: string,
  bound: { atLeast?: number; atMost?: number },
  note?: string,
): Metric {
  const pass =
    (bound.atLeast === undefined || value >= bound.atLeast) &&
    (bound.atMost === undefined || value <= bound.atMost);
  const text = bound.atLeast !== undefined ? `>= ${bound.atLeast}` : `<= ${bound.atMost}`;
  return metric(name, value, unit, { target: text, pass, ...(note ? { note } : {}) });
}

/** Runs `fn` repeatedly for at least `minMs`, returns operations per second. */
export function opsPerSecond(fn: () => void, minMs = 500): number {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    count++;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

/**
 * Runs one measurement in a fresh child process (the suite's own module, told which size to measure
 * through the environment variable `flag`), so that peak RSS and GC are those of that measurement alone.
 * The child sends its result with `process.send`.
 */
export function measureInChild<T>(moduleUrl: string, flag: string, size: number, heapMb: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(moduleUrl), [], {
      env: { ...process.env, [flag]: String(size) },
      execArgv: [
        ...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')),
        `--max-old-space-size=${heapMb}`,
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: T | undefined;
    child.on('message', (message) => (result = message as T));
    child.on('error', reject);
    child.on('exit', (code) =>
      result !== undefined
        ? resolve(result)
        : reject(new Error(`la mesure à ${size} lieux a échoué (code de sortie ${code})`)),
    );
  });
}

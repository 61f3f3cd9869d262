/**
 * Hours: compile 20,000 distinct realistic `opening_hours` values (the shapes found in producers'
 * data: weekday groups, lunch breaks, PH off, seasonal rules, n-th weekdays, comments), then answer
 * "open now" for 20,000 lieux with one `parisTime` computed for all (the query engine's pattern).
 */
import {
  compileHours,
  describeStatus,
  isOpenAt,
  parisTime,
  type CompiledHours,
} from '../../src/core/hours/index.js';
import { metric, percentile, target, type Metric, type Suite } from '../harness.js';
import { seededRandom } from '../../src/core/demo/random.js';

const COUNT = 20_000;
const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const INSEE = ['75056', '51454', '23096', '2A004', '67482', '57463', '33063', '49007', '97105', '98818'];

/** Small deterministic PRNG (mulberry32) so that runs compare. */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function generate(count: number): string[] {
  const rnd = seededRandom(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const quarter = (from: number, to: number) => from + Math.floor(rnd() * ((to - from) / 15 + 1)) * 15;
  const times = () => {
    const open = quarter(7 * 60 + 30, 10 * 60);
    const lunch = quarter(11 * 60 + 30, 13 * 60);
    const back = lunch + quarter(30, 120);
    const close = Math.max(back + 60, quarter(16 * 60, 19 * 60));
    return rnd() < 0.25
      ? `${hhmm(open)}-${hhmm(close)}`
      : `${hhmm(open)}-${hhmm(lunch)},${hhmm(back)}-${hhmm(close)}`;
  };
  const days = () => {
    const a = Math.floor(rnd() * 5);
    const b = Math.min(6, a + Math.floor(rnd() * 5));
    return a === b ? DAYS[a]! : rnd() < 0.3 ? `${DAYS[a]},${DAYS[b]}` : `${DAYS[a]}-${DAYS[b]}`;
  };
  const out = new Set<string>();
  while (out.size < count) {
    const rules = [`${days()} ${times()}`];
    if (rnd() < 0.5) rules.push(`${pick(['Sa', 'We', 'Sa[1]', 'Th'])} ${times()}`);
    if (rnd() < 0.2) rules.push(`${pick(DAYS)} off`);
    if (rnd() < 0.15)
      rules.push(
        pick(['Jul-Aug Mo-Fr 10:00-12:00', 'Aug off', 'Dec 24-Jan 02 off', 'week 1-53/2 Fr 14:00-17:00']),
      );
    if (rnd() < 0.6) rules.push('PH off');
    let value = rules.join('; ');
    if (rnd() < 0.05) value += ' || "sur rendez-vous"';
    out.add(value);
  }
  return [...out];
}

export const suite: Suite = {
  name: 'hours',
  async run(): Promise<Metric[]> {
    const values = generate(COUNT);
    // Compile three times (fresh each time), keep the median: one pass is at the mercy of other processes.
    const compileRuns: number[] = [];
    let compiled: CompiledHours[] = [];
    const compileCpuStart = process.cpuUsage();
    for (let round = 0; round < 3; round++) {
      global.gc?.();
      const start = performance.now();
      const out: CompiledHours[] = [];
      for (const value of values) {
        const r = compileHours(value);
        if (!r.ok) throw new Error(`generated value refused: ${value}: ${r.reason}`);
        out.push(r.hours);
      }
      compileRuns.push(performance.now() - start);
      compiled = out;
    }
    const compileCpu = process.cpuUsage(compileCpuStart);
    compileRuns.sort((a, b) => a - b);
    const compileMs = compileRuns[1]!;

    // "Open now" for every lieu at various moments (weekday, lunch, evening, Sunday, public holidays,
    // summer, the night of the clock change): one LocalTime per request, then one look-up per lieu.
    // A server asks many times a day: the first pass on a new day computes and caches that day's
    // schedule for date-dependent hours, the next passes reuse it.
    const moments = [
      '2025-06-04T10:00:00+02:00',
      '2025-06-04T12:45:00+02:00',
      '2025-06-07T10:30:00+02:00',
      '2025-06-08T15:00:00+02:00',
      '2025-05-01T10:00:00+02:00',
      '2025-12-26T10:00:00+01:00',
      '2025-08-12T11:00:00+02:00',
      '2025-03-30T03:30:00+02:00',
    ].map((iso) => new Date(iso));
    const runs: number[] = [];
    const firstPasses: number[] = [];
    let open = 0;
    const cpuStart = process.cpuUsage();
    for (const moment of moments) {
      for (let pass = 0; pass < 5; pass++) {
        const start = performance.now();
        const now = parisTime(moment);
        for (let i = 0; i < compiled.length; i++) {
          if (isOpenAt(compiled[i]!, now, { codeInsee: INSEE[i % INSEE.length] })) open++;
        }
        const ms = performance.now() - start;
        runs.push(ms);
        if (pass === 0) firstPasses.push(ms);
      }
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuPerPass = (cpu.user + cpu.system) / 1000 / runs.length;
    runs.sort((a, b) => a - b);

    const describeStart = performance.now();
    const at = new Date('2025-06-06T18:30:00+02:00');
    for (let i = 0; i < 2000; i++) describeStatus(compiled[i]!, at);
    const describeUs = ((performance.now() - describeStart) / 2000) * 1000;

    return [
      target(
        'hours.compile_20k_ms',
        compileMs,
        'ms',
        { atMost: 1000 },
        `${COUNT} distinct values, median of 3`,
      ),
      metric('hours.compile_20k_cpu_ms', (compileCpu.user + compileCpu.system) / 1000 / 3, 'ms', {
        note: 'process CPU time per round (all threads, GC included): less sensitive to other processes',
      }),
      target(
        'hours.open_now_20k_ms.p50',
        percentile(runs, 50),
        'ms',
        { atMost: 20 },
        'one parisTime, 20,000 isOpenAt',
      ),
      metric('hours.open_now_20k_ms.min', runs[0]!, 'ms'),
      metric('hours.open_now_20k_ms.p90', percentile(runs, 90), 'ms'),
      metric('hours.open_now_20k_ms.new_day_max', Math.max(...firstPasses), 'ms', {
        note: 'first pass on a day (schedules of date-dependent hours computed)',
      }),
      metric('hours.open_now_20k_cpu_ms', cpuPerPass, 'ms', {
        note: 'process CPU time per pass, all threads',
      }),
      metric('hours.open_ratio', open / (runs.length * compiled.length), 'ratio'),
      metric('hours.describe_status_us', describeUs, 'µs', {
        note: 'describeStatus per lieu, Friday evening',
      }),
    ];
  },
};

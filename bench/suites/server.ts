/**
 * The HTTP server under load, as the acceptance states it: 20,000 demo lieux, autocannon with
 * 10 connections over loopback, about 5 s per scenario, the server in its own process (`repere serve`)
 * so that its RSS is measured honestly. Scenarios: list with 3 filters + near + open now; detail of
 * random lieux; counts by département; CSV export of one département. The loopback ceiling is the same
 * list request against a bare Node `http` server returning a precomputed body of the same size.
 * Targets: filtered list p50 < 5 ms and ≥ 2,000 req/s; detail ≥ 8,000 req/s; RSS < 250 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadDemoDataset } from '../../src/pipeline/demo-data.js';
import { openStore } from '../../src/store/index.js';
import { metric, target, type Metric, type Suite } from '../harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIEUX = 20_000;
const CONNECTIONS = 10;
const DURATION_S = 5;
/** Thursday 12 June 2025, 10:00 in Paris. */
const BENCH_NOW = '2025-06-12T08:00:00Z';

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests?: Array<{
    method?: string;
    path?: string;
    setupRequest?: (request: { path: string }) => { path: string };
  }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

async function load(url: string, options: Partial<AutocannonOptions> = {}): Promise<AutocannonResult> {
  // A short warm-up so that JIT and caches settle, then the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 1, ...options });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...options });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(
      `${url} : ${result.non2xx} réponses non 2xx, ${result.errors} erreurs, ${result.timeouts} délais dépassés`,
    );
  }
  return result;
}

function rssMb(pid: number): { current: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { current: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function waitForServer(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /Repère sert (http:\/\/\S+) /.exec(stderr())?.[1];
    if (url) {
      const health = await fetch(`${url}/health`).catch(() => undefined);
      if (health?.status === 200) return url;
    }
    if (child.exitCode !== null)
      throw new Error(`le serveur s’est arrêté (code ${child.exitCode}) : ${stderr()}`);
    if (Date.now() > deadline) throw new Error(`serveur pas prêt après ${timeoutMs} ms : ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function bareServer(body: Buffer): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
      });
      response.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export const suite: Suite = {
  name: 'server',
  async run(): Promise<Metric[]> {
    const dir = mkdtempSync(join(tmpdir(), 'repere-bench-server-'));
    let child: ChildProcess | undefined;
    let bare: Server | undefined;
    try {
      const dataDir = join(dir, 'data');
      const store = await openStore({ dataDir });
      await loadDemoDataset(store, { count: LIEUX, seed: 1, now: new Date('2025-06-01T00:00:00Z') });
      await store.close();

      // Built like production (one bundle of the CLI, packages external, no TypeScript loader in the
      // process), so that RSS and throughput are the server's own.
      const bundleDir = join(ROOT, 'node_modules', '.cache', 'repere-bench');
      const runner = join(bundleDir, 'repere.mjs');
      await build({
        stdin: {
          contents:
            "import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
          resolveDir: ROOT,
          loader: 'ts',
        },
        outfile: runner,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'error',
      });
      // Request logs stay on (production behaviour), written to a file rather than a pipe to this process.
      const logFd = openSync(join(dir, 'server.log'), 'w');
      let stderr = '';
      const started = performance.now();
      child = spawn(process.execPath, [runner, 'serve', '--port', '0', '--demo-count', '0'], {
        cwd: ROOT,
        // A fixed Thursday morning: « ouvert maintenant » finds lieux whatever the day the bench runs.
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'info',
          EXPORT_RATE_LIMIT: '1000000',
          REPERE_NOW: BENCH_NOW,
        },
        stdio: ['ignore', logFd, 'pipe'],
      });
      closeSync(logFd);
      child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
      const url = await waitForServer(child, () => stderr, 180_000);
      const readyS = (performance.now() - started) / 1000;
      const pid = child.pid!;
      const idle = rssMb(pid);

      const listPath =
        '/api/v1/lieux?' +
        new URLSearchParams({
          services: 'Aide aux démarches administratives',
          frais_a_charge: 'Gratuit',
          modalites_accompagnement: 'Accompagnement individuel',
          pres_de: '48.8566,2.3522',
          ouvert_maintenant: 'oui',
        }).toString();
      const sample = await fetch(url + listPath);
      const listBody = Buffer.from(await sample.arrayBuffer());
      const listJson = JSON.parse(listBody.toString()) as { total: number; lieux: unknown[] };
      if (sample.status !== 200 || listJson.lieux.length < 20) {
        throw new Error(
          `la liste mesurée doit renvoyer une page pleine (statut ${sample.status}, ${listJson.lieux?.length} lieux)`,
        );
      }

      const ids = ((await (await fetch(`${url}/api/v1/snapshot`)).json()) as { ids: string[] }).ids;
      let k = 0;
      const metrics: Metric[] = [];
      const report = (name: string, r: AutocannonResult, rpsTarget?: number, p50Target?: number) => {
        metrics.push(
          rpsTarget
            ? target(`server.${name}.req_per_s`, r.requests.average, 'req/s', { atLeast: rpsTarget })
            : metric(`server.${name}.req_per_s`, r.requests.average, 'req/s'),
          p50Target
            ? target(`server.${name}.p50_ms`, r.latency.p50, 'ms', { atMost: p50Target })
            : metric(`server.${name}.p50_ms`, r.latency.p50, 'ms'),
          metric(`server.${name}.p99_ms`, r.latency.p99, 'ms'),
        );
      };

      // Each request from another point (people are not all at the same place): every request runs the
      // engine, nothing is answered from a cache of identical requests.
      const points = Array.from({ length: 1000 }, (_, i) => {
        const angle = (i * 2.399963) % (2 * Math.PI);
        const radius = 0.2 * Math.sqrt((i + 0.5) / 1000);
        return `${(48.8566 + radius * Math.sin(angle)).toFixed(4)},${(2.3522 + 1.5 * radius * Math.cos(angle)).toFixed(4)}`;
      });
      let p = 0;
      const list = await load(url, {
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: listPath.replace(
                /pres_de=[^&]+/,
                `pres_de=${encodeURIComponent(points[(p = (p + 1) % points.length)]!)}`,
              ),
            }),
          },
        ],
      });
      report('list_3_filters_near_open_now', list, 2000, 5);
      metrics[metrics.length - 3]!.note =
        `${listJson.total} lieux trouvés, page de ${listJson.lieux.length} (${listBody.length} octets), ${LIEUX} lieux`;

      const detail = await load(url, {
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: `/api/v1/lieux/${encodeURIComponent(ids[(k = (k + 7919) % ids.length)]!)}`,
            }),
          },
        ],
      });
      report('detail_random_lieu', detail, 8000);

      const counts = await load(`${url}/api/v1/comptages?niveau=departement`);
      report('counts_by_departement', counts);

      const exportPath = '/api/v1/export?format=csv&departements=69';
      const csv = await (await fetch(url + exportPath)).text();
      const exported = await load(url + exportPath);
      report('export_csv_departement', exported);
      metrics[metrics.length - 3]!.note =
        `${csv.split('\n').length - 2} lieux, ${Math.round(csv.length / 1024)} Ko`;

      const after = rssMb(pid);
      metrics.push(
        target(
          'server.rss_mb',
          after.current,
          'MB',
          { atMost: 250 },
          `après les scénarios ; au repos ${Math.round(idle.current)} MB`,
        ),
        metric('server.rss_peak_mb', after.peak, 'MB', { note: 'VmHWM du processus serveur' }),
        metric('server.ready_s', readyS, 's', { note: `démarrage jusqu’à /health 200 avec ${LIEUX} lieux` }),
      );

      bare = await bareServer(listBody);
      const ceiling = await load(`http://127.0.0.1:${(bare.address() as AddressInfo).port}${listPath}`);
      report('bare_http_same_body', ceiling);
      metrics.push(
        metric('server.list_vs_bare_http_ratio', list.requests.average / ceiling.requests.average, 'ratio', {
          note: 'req/s de la liste filtrée / req/s d’un serveur http nu renvoyant un corps précalculé de même taille',
        }),
      );

      const snapshot = await (await fetch(`${url}/api/v1/snapshot`)).text();
      metrics.push(
        metric('server.snapshot_kb', snapshot.length / 1024, 'KB', { note: `${LIEUX} lieux, non compressé` }),
        metric('server.snapshot_gzip_kb', gzipSync(snapshot, { level: 9 }).length / 1024, 'KB'),
        metric('server.snapshot_br_kb', brotliCompressSync(snapshot).length / 1024, 'KB'),
      );
      // Graceful stop: the server logs its memory as it exits (heap vs the rest of the RSS).
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
      const last = readFileSync(join(dir, 'server.log'), 'utf8').trim().split('\n').at(-1) ?? '{}';
      const exit = JSON.parse(last) as { heapUsedMb?: number; heapTotalMb?: number; rssMb?: number };
      if (exit.heapUsedMb !== undefined) {
        metrics.push(
          metric('server.heap_used_mb', exit.heapUsedMb, 'MB', {
            note: `à l’arrêt : tas V8 ${exit.heapTotalMb} MB réservés, RSS ${exit.rssMb} MB (dont le référentiel géographique et son index de recherche)`,
          }),
        );
      }
      return metrics;
    } finally {
      bare?.close();
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child!.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

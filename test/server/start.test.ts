/**
 * `repere serve` and `startServer`: configuration from flags and environment with clear errors, a
 * fresh machine (database created, clear message in French and English), graceful shutdown that lets
 * in-flight requests finish, SIGTERM through the real command.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ConfigError, resolveServerConfig, startServer } from '../../src/server/index.js';
import { generateLieux, publish } from './fixtures.js';
import { testReference } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const temporary: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'repere-serve-'));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('defaults, environment, flags over environment', () => {
    const defaults = resolveServerConfig({}, {});
    expect(defaults).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      demoCount: 20000,
      exportRateLimit: 10,
      trustProxy: false,
      logLevel: 'info',
    });
    const env = resolveServerConfig(
      {},
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://u@h/db',
        DATA_DIR: '/srv/repere',
        PUBLIC_URL: 'https://lieux.example.fr/',
        MAP_STYLE_URL: 'https://tiles.example.org/style.json',
        DEMO_COUNT: '0',
        EXPORT_RATE_LIMIT: '30',
        TRUST_PROXY: '1',
        LOG_LEVEL: 'WARN',
      },
    );
    expect(env).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@h/db',
      dataDir: '/srv/repere',
      publicUrl: 'https://lieux.example.fr',
      mapStyleUrl: 'https://tiles.example.org/style.json',
      demoCount: 0,
      exportRateLimit: 30,
      trustProxy: true,
      logLevel: 'warn',
    });
    expect(resolveServerConfig({ port: '4000', demoCount: '50' }, { PORT: '8080' })).toMatchObject({
      port: 4000,
      demoCount: 50,
    });
  });

  it('names the variable or flag holding a bad value', () => {
    const cases: Array<[Parameters<typeof resolveServerConfig>, RegExp]> = [
      [[{}, { PORT: 'http' }], /variable PORT : « http »/],
      [[{ port: '70000' }, {}], /option --port .*entre 0 et 65535/],
      [[{ demoCount: '-1' }, {}], /option --demo-count/],
      [[{}, { PUBLIC_URL: 'lieux.example.fr' }], /PUBLIC_URL .*URL/],
      [[{}, { MAP_STYLE_URL: 'ftp://x/style.json' }], /MAP_STYLE_URL .*http/],
      [[{}, { LOG_LEVEL: 'bavard' }], /LOG_LEVEL .*info/],
      [[{}, { REPERE_NOW: '2025-06-12 10:00' }], /REPERE_NOW .*ISO 8601/],
      [[{}, { REPORT_URL: 'signalement/{id}' }], /REPORT_URL/],
    ];
    for (const [args, message] of cases) {
      expect(() => resolveServerConfig(...args)).toThrow(ConfigError);
      expect(() => resolveServerConfig(...args)).toThrow(message);
    }
  });

  it('the command reports usage errors with exit code 2', async () => {
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      isTTY: false,
      env: { PORT: 'abc' },
      cwd: tempDir(),
    };
    expect(await main(['serve'], io)).toBe(2);
    expect(out.join('')).toMatch(/repere serve : variable PORT/);
    out.length = 0;
    expect(await main(['serve', '--verbose'], { ...io, env: {} })).toBe(2);
    expect(out.join('')).toMatch(/option inconnue « --verbose »/);
    out.length = 0;
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/DATABASE_URL/);
  });
});

describe('startServer', () => {
  it('on a fresh machine creates the database and says how to import real data', async () => {
    const dir = tempDir();
    const said: string[] = [];
    const server = await startServer(
      {
        ...resolveServerConfig(
          { port: '0', demoCount: '0' },
          { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' },
        ),
      },
      { say: (t) => said.push(t), handleSignals: false },
    );
    try {
      expect(existsSync(join(dir, 'data', 'repere.sqlite'))).toBe(true);
      expect(await server.demo).toBe(false);
      const text = said.join('');
      expect(text).toMatch(/Aucun jeu de données dans la base\. .*npx repere import/);
      expect(text).toMatch(/No dataset in the database\. .*npx repere import/);
      expect(text).toContain(`Repère sert ${server.url}`);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(503);
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
      // An import published meanwhile is served without restart.
      const reference = await testReference();
      await publish(server.store, generateLieux(reference.data.communes, { count: 40 }));
      for (let i = 0; i < 200 && (await fetch(`${server.url}/health`)).status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('on a fresh machine loads the demo dataset and says so in French and English', async () => {
    const dir = tempDir();
    const said: string[] = [];
    const server = await startServer(
      resolveServerConfig({ port: '0', demoCount: '300' }, { DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      { say: (t) => said.push(t), handleSignals: false },
    );
    try {
      expect(await server.demo).toBe(true);
      const health = (await (await fetch(`${server.url}/health`)).json()) as {
        statut: string;
        lieux: number;
      };
      expect(health).toMatchObject({ statut: 'pret', lieux: 300 });
      const text = said.join('');
      expect(text).toMatch(/DONNÉES DE DÉMONSTRATION : 300 lieux fictifs .*npx repere import/);
      expect(text).toMatch(/DEMO DATA: 300 fictitious lieux .*npx repere import/);
      const sources = (await (await fetch(`${server.url}/api/v1/sources`)).json()) as {
        sources: Array<{ lieux: number }>;
      };
      expect(sources.sources[0]!.lieux).toBe(300);
    } finally {
      await server.close();
    }
    // Started again on the same database: real or demo data is there, nothing is loaded again.
    const again = await startServer(
      resolveServerConfig({ port: '0', demoCount: '300' }, { DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      { handleSignals: false },
    );
    try {
      expect(await again.demo).toBe(false);
      expect(await again.store.listVersions()).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('graceful shutdown: new connections refused, the request in flight completes', async () => {
    const dir = tempDir();
    const server = await startServer(
      resolveServerConfig({ port: '0', demoCount: '0' }, { DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      {
        handleSignals: false,
      },
    );
    const reference = await testReference();
    const lieux = generateLieux(reference.data.communes, { count: 3000, seed: 8 });
    await publish(server.store, lieux);
    await server.app.repere.context.holder.refresh();
    const response = await fetch(`${server.url}/api/v1/export?format=json`);
    expect(response.status).toBe(200);
    const closing = server.close();
    const body = (await response.json()) as unknown[];
    expect(body).toHaveLength(3000);
    await closing;
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    await server.closed;
  });
});

describe('repere serve (process)', () => {
  it('serves, then stops cleanly on SIGTERM with exit code 0', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    // .mts: an ES module wherever the temporary folder is.
    const runner = join(dir, 'run.mts');
    writeFileSync(
      runner,
      `import { main } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', runner, 'serve', '--port', '0', '--demo-count', '0'],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exitCode = code;
        resolve(code);
      }),
    );
    try {
      let url: string | undefined;
      for (let i = 0; i < 900 && !url && exitCode === undefined; i++) {
        url = /Repère sert (http:\/\/\S+) /.exec(stderr)?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(url, stderr).toBeDefined();
      const live = await fetch(`${url}/health/live`, { headers: { 'x-request-id': 'processus-1' } });
      expect(live.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const logs = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; level: number });
      expect(logs.some((l) => l.reqId === 'processus-1')).toBe(true);
      expect(logs.some((l) => l.msg === 'Signal SIGTERM reçu.')).toBe(true);
      expect(logs.at(-1)?.msg).toBe('Serveur arrêté.');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('buffered log stream', () => {
  it('writes every line, in order, by batches; flushes what is left at the end', async () => {
    const { BufferedLogStream } = await import('../../src/server/log-stream.js');
    const { openSync, closeSync, readFileSync } = await import('node:fs');
    const file = join(tempDir(), 'log.jsonl');
    const fd = openSync(file, 'w');
    const stream = new BufferedLogStream(fd, 5, 1024);
    const lines = Array.from({ length: 3000 }, (_, i) => `{"n":${i},"msg":"requête servie — é’"}\n`);
    for (const [i, line] of lines.entries()) {
      stream.write(line);
      if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await stream.end();
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
  });
});

/**
 * Store: time to publish (commitImport) and to load (currentDataset) 20k and 100k generated lieux of
 * ~1.5 KB each, on SQLite and, when reachable, PostgreSQL (`TEST_DATABASE_URL`, default the local
 * test database, in a throw-away schema). Peak RSS is the process maximum so far, after each phase.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { metric, target, type Metric, type Suite } from '../harness.js';
import { openStore } from '../../src/store/index.js';
import type { CommitImportInput, DatasetLieuRow, Store, StoreOptions } from '../../src/store/index.js';

const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = [20_000, 100_000];

const SERVICES =
  'Aide aux démarches administratives|Maîtriser les bases du numérique|Utiliser un équipement informatique|Accéder à une connexion internet';
const DETAIL =
  'Le lieu accueille toute personne souhaitant être accompagnée dans ses usages numériques : prise en main ' +
  'd’un ordinateur ou d’un smartphone, création d’une adresse électronique, démarches en ligne (CAF, ' +
  'impots.gouv, ANTS, France Travail), sécurité et protection des données. Accès libre aux postes ' +
  'informatiques et au wifi aux heures d’ouverture ; ateliers collectifs le mardi après-midi.';

function makeLieu(i: number): DatasetLieuRow {
  const dept = String(1 + (i % 95)).padStart(2, '0');
  const id = `lieu-${String(i).padStart(6, '0')}`;
  return {
    id,
    record: {
      id,
      pivot: String(10_000_000_000_000 + i * 7919).slice(0, 14),
      nom: `Espace France Services et médiathèque numérique n° ${i}`,
      commune: `Commune ${i % 3000}`,
      code_postal: `${dept}${String(i % 1000).padStart(3, '0')}`,
      code_insee: `${dept}${String(i % 1000).padStart(3, '0')}`,
      adresse: `${1 + (i % 200)} avenue du Général de Gaulle`,
      complement_adresse: 'Rez-de-chaussée, porte B',
      latitude: String(42 + (i % 8000) / 1000),
      longitude: String(-4 + (i % 12000) / 1000),
      typologie: 'TIERS_LIEUX|BIB',
      telephone: `+3324${String(1_000_000 + i).slice(-7)}`,
      courriels: `contact${i}@mairie-exemple.fr`,
      site_web: `https://www.mairie-exemple.fr/lieux/${i}`,
      horaires: 'Mo-Fr 09:00-12:00,13:30-17:30; Sa 09:00-12:00; PH off',
      presentation_resume: 'Accompagnement gratuit aux usages numériques et aux démarches en ligne.',
      presentation_detail: DETAIL,
      source: 'bench',
      date_maj: '2024-05-01',
      services: SERVICES,
      publics_specifiquement_adresses: 'Jeunes|Seniors',
      frais_a_charge: 'Gratuit',
      modalites_acces: 'Se présenter|Téléphoner',
      modalites_accompagnement: 'Seul|Avec de l’aide|Dans un atelier',
      dispositif_programmes_nationaux: 'France Services|Conseillers numériques',
      prise_rdv: 'https://rdv.exemple.fr',
    },
    quality: { score: i % 101, details: { completeness: 0.9, freshness: 0.7, geocode: 'housenumber' } },
    sources: i % 10 === 0 ? ['bench', 'autre'] : ['bench'],
    geocode: { method: 'ban', precision: 'housenumber', score: 0.92 },
  };
}

function makeCommit(
  lieux: DatasetLieuRow[],
  baseVersion: number | undefined,
  run: number,
): CommitImportInput {
  const records = lieux.slice(0, 5000);
  return {
    sourceId: 'bench',
    contentHash: `sha256:bench-${run}`,
    baseVersion,
    run: { startedAt: new Date().toISOString() },
    sourceRecords: records.map((lieu, i) => ({
      line: i + 1,
      raw: JSON.stringify(lieu.record),
      status: 'kept',
      reasons: [],
      key: lieu.id,
    })),
    normalised: records.map((lieu, i) => ({ key: lieu.id, line: i + 1, record: lieu.record, repairs: [] })),
    dataset: {
      lieux,
      mergeGroups: lieux
        .filter((_, i) => i % 10 === 0)
        .map((lieu) => ({
          lieuId: lieu.id,
          id: `g-${lieu.id}`,
          members: [`bench:${lieu.id}`, `autre:${lieu.id}`],
          links: [
            {
              a: `autre:${lieu.id}`,
              b: `bench:${lieu.id}`,
              score: 0.95,
              evidence: [{ kind: 'pivot' as const, value: 'même SIRET', weight: 0.6 }],
            },
          ],
        })),
      provenance: lieux
        .filter((_, i) => i % 10 === 0)
        .flatMap((lieu) =>
          ['nom', 'adresse', 'horaires', 'telephone'].map((field) => ({
            lieuId: lieu.id,
            field,
            sourceId: 'bench',
            sourceKey: `bench:${lieu.id}`,
            value: lieu.record[field] ?? '',
          })),
        ),
      stats: { lieux: lieux.length },
    },
  };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Wall time and this process's CPU time (less sensitive to a busy machine; excludes the PG server). */
async function time<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  gc();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return [result, performance.now() - start, (used.user + used.system) / 1000];
}

async function measure(label: string, options: StoreOptions, sizeOf?: () => number): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const store: Store = await openStore({ ...options, onWarning: () => undefined });
  try {
    await store.upsertSource({ id: 'bench', name: 'Bench', kind: 'generated', definition: {} });
    await store.upsertSource({ id: 'autre', name: 'Autre', kind: 'generated', definition: {} });
    let run = 0;
    for (const size of SIZES) {
      const k = `${size / 1000}k`;
      let lieux: DatasetLieuRow[] | undefined = Array.from({ length: size }, (_, i) => makeLieu(i));
      if (size === SIZES[0]) {
        const bytes = lieux.reduce((sum, lieu) => sum + Buffer.byteLength(JSON.stringify(lieu)), 0) / size;
        metrics.push(metric(`store.lieu_json_bytes`, bytes, 'B', { note: 'mean size of one stored lieu' }));
      }
      const input = makeCommit(lieux, await store.currentVersion(), ++run);
      lieux = undefined;
      const [, commitMs, commitCpu] = await time(() => store.commitImport(input));
      metrics.push(
        target(`store.${label}.commit_${k}_ms`, commitMs, 'ms', {
          atMost: size === 100_000 ? 20_000 : 5_000,
        }),
        metric(`store.${label}.commit_${k}_cpu_ms`, commitCpu, 'ms'),
      );
      // A second import of the same size: replaces the source's rows, and prunes once past 3 versions.
      const again = makeCommit(input.dataset.lieux, await store.currentVersion(), ++run);
      const [, recommitMs] = await time(() => store.commitImport(again));
      metrics.push(metric(`store.${label}.recommit_${k}_ms`, recommitMs, 'ms'));

      const [dataset, loadMs, loadCpu] = await time(() => store.currentDataset());
      if (dataset?.lieux.length !== size)
        throw new Error(`chargé ${dataset?.lieux.length} lieux au lieu de ${size}`);
      metrics.push(
        target(`store.${label}.load_${k}_ms`, loadMs, 'ms', { atMost: size === 100_000 ? 2_000 : 500 }),
        metric(`store.${label}.load_${k}_cpu_ms`, loadCpu, 'ms'),
      );
      const [, versionMs] = await time(async () => {
        for (let i = 0; i < 100; i++) await store.currentVersion();
      });
      metrics.push(metric(`store.${label}.current_version_${k}_ms`, versionMs / 100, 'ms'));
      metrics.push(metric(`store.${label}.peak_rss_after_${k}_mb`, peakRssMb(), 'MB'));
    }
    if (sizeOf)
      metrics.push(metric(`store.${label}.file_mb`, sizeOf() / 2 ** 20, 'MB', { note: '3 versions kept' }));
  } finally {
    await store.close();
  }
  return metrics;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const suite: Suite = {
  name: 'store',
  async run() {
    const metrics: Metric[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'repere-bench-store-'));
    try {
      const file = join(dir, 'repere.sqlite');
      metrics.push(
        ...(await measure(
          'sqlite',
          { dataDir: dir },
          () => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0),
        )),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    if (!(await postgresReachable())) {
      metrics.push(
        metric('store.postgres.skipped', 1, 'flag', { note: `PostgreSQL injoignable sur ${PG_URL}` }),
      );
      return metrics;
    }
    const schema = `repere_bench_${randomBytes(4).toString('hex')}`;
    try {
      metrics.push(...(await measure('postgres', { databaseUrl: PG_URL, schema })));
    } finally {
      const client = new pg.Client(PG_URL);
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
    return metrics;
  },
};

/**
 * Demo data on the Node side: the synthetic national dataset over the project's reference geography,
 * written to a file (`repere demo-data`) or published into the store (a fresh `repere serve`).
 */
import { generateDemoRecords, DEMO_SOURCE, type DemoCommune } from '../core/demo/generate.js';
import { scoreLieu } from '../core/quality/index.js';
import type { FlatRecord } from '../core/standard/types.js';
import type { ReferenceData } from '../core/geo/types.js';
import { loadReference } from '../reference/index.js';
import type { CommitResult, DatasetLieuRow, Store } from '../store/types.js';

export const DEMO_SOURCE_ID = 'demonstration';

export interface DemoDatasetOptions {
  count: number;
  seed?: number;
  /** Reference date for `date_maj` and freshness; default now. */
  now?: Date;
}

/**
 * Communes to draw lieux from. Paris, Lyon and Marseille are drawn by arrondissement (their real
 * geography and the code INSEE producers use), not as one point for the whole city.
 */
export function demoCommunes(data: ReferenceData): DemoCommune[] {
  const withArrondissements = new Set(
    data.communes.filter((c) => c.type === 'arrondissement-municipal' && c.commune).map((c) => c.commune!),
  );
  return data.communes.filter((c) => !withArrondissements.has(c.code));
}

export async function generateDemoDataset(options: DemoDatasetOptions): Promise<FlatRecord[]> {
  const reference = await loadReference();
  return generateDemoRecords(demoCommunes(reference.data), {
    count: options.count,
    seed: options.seed ?? 1,
    now: options.now ?? new Date(),
  });
}

/**
 * Publishes a demo dataset as the source « demonstration » (one atomic import). Used by a fresh
 * install so that the map and API have something to show before real data is imported.
 */
export async function loadDemoDataset(store: Store, options: DemoDatasetOptions): Promise<CommitResult> {
  const now = options.now ?? new Date();
  const records = await generateDemoDataset({ ...options, now });
  const lieux: DatasetLieuRow[] = records.map((record) => ({
    id: record.id!,
    record,
    quality: scoreLieu(record, { now, precision: 'housenumber' }) as unknown as DatasetLieuRow['quality'],
    sources: [DEMO_SOURCE_ID],
    geocode: { method: 'source', precision: 'housenumber' },
  }));
  await store.upsertSource({
    id: DEMO_SOURCE_ID,
    name: DEMO_SOURCE,
    kind: 'demo',
    definition: { count: options.count, seed: options.seed ?? 1 },
  });
  return store.commitImport({
    sourceId: DEMO_SOURCE_ID,
    contentHash: `demo:${options.count}:${options.seed ?? 1}:${now.toISOString().slice(0, 10)}`,
    baseVersion: await store.currentVersion(),
    run: { startedAt: now.toISOString() },
    sourceRecords: records.map((record, i) => ({
      line: i + 1,
      raw: JSON.stringify(record),
      status: 'kept',
      reasons: [],
      key: record.id!,
    })),
    normalised: records.map((record, i) => ({
      key: record.id!,
      line: i + 1,
      record,
      repairs: [],
      geocode: { method: 'source', precision: 'housenumber' },
    })),
    dataset: {
      lieux,
      mergeGroups: [],
      provenance: [],
      stats: { demo: true, lieux: lieux.length },
    },
  });
}

/**
 * The journey's data: the dataset snapshot indexed in the browser (the same `loadDataset` as the map,
 * so the live count and the results cost no request), and lieu details from the API for the fiche.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LieuIndex, Query } from '../../core/query/index.js';
import { runQuery } from '../../core/query/index.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { fetchJson, loadConfig, loadDataset, type Dataset } from '../data/api.js';

export interface DatasetState {
  dataset?: Dataset;
  error?: string;
}

export function useDataset(): DatasetState {
  const [state, setState] = useState<DatasetState>({});
  useEffect(() => {
    let alive = true;
    loadDataset().then(
      (dataset) => alive && setState({ dataset }),
      (error: Error) => alive && setState({ error: error.message }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}

/** Matching lieux for a query (`limit: 0`: the engine only counts). */
export function countMatches(index: LieuIndex, query: Query, now: Date): number {
  return runQuery(index, { ...query, limit: 0 }, { now }).total;
}

/** A lieu as the API's detail route returns it: lists as arrays. */
type ApiLieu = Record<string, unknown> & { id: string };

/** Back to the standard's flat form (lists joined with `|`), which the fiche's builders read. */
export function flatFromApi(lieu: ApiLieu): FlatRecord {
  const record: FlatRecord = {};
  for (const [key, value] of Object.entries(lieu)) {
    if (typeof value === 'string') record[key] = value;
    else if (typeof value === 'number') record[key] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) record[key] = value.join('|');
  }
  return record;
}

/** Full records of the chosen lieux (hours, e-mails, web site: more than the snapshot holds). */
export async function loadLieux(
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Array<{ id: string; record: FlatRecord }>> {
  const { apiBase } = await loadConfig();
  return Promise.all(
    ids.map(async (id) => {
      const { body } = await fetchJson<ApiLieu>(
        `${apiBase}/lieux/${encodeURIComponent(id)}`,
        `lieu « ${id} »`,
        signal,
      );
      return { id, record: flatFromApi(body) };
    }),
  );
}

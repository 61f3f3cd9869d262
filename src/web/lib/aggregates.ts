/**
 * Counts per territory, shared by the drill-down list and the map: one pass of the engine per
 * (query, level, minute) however many components ask. Queries are keyed by their canonical text.
 */
import { countBy } from '../../core/query/index.js';
import type { CountResult, LieuIndex, Query, TerritoryLevel } from '../../core/query/index.js';

const MAX_ENTRIES = 24;
const caches = new WeakMap<LieuIndex, Map<string, CountResult>>();

export function cachedCountBy(
  index: LieuIndex,
  query: Query,
  queryKey: string,
  level: TerritoryLevel,
  now: Date,
): CountResult {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = new Map()));
  const key = `${level}|${Math.floor(now.getTime() / 60_000)}|${queryKey}`;
  let result = cache.get(key);
  if (!result) {
    result = countBy(index, query, level, { now });
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
  }
  return result;
}

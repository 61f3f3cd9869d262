/**
 * The gazetteer in the browser (its own chunk, fetched the first time someone searches a place): the
 * same `Gazetteer` as the server over the compact reference snapshot, so commune and postcode search
 * works offline, accents and case ignored.
 */
import { Gazetteer, decodeSnapshot } from '../../core/geo/index.js';
import { fetchJson } from './api.js';

export async function createGazetteer(apiBase: string): Promise<Gazetteer> {
  const { body } = await fetchJson<unknown>(`${apiBase}/reference/gazetteer`, 'communes');
  return new Gazetteer(decodeSnapshot(body));
}

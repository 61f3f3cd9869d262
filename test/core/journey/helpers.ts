import { buildIndex, runQuery } from '../../../src/core/query/index.js';
import type { LieuInput, Query } from '../../../src/core/query/index.js';
import type { FlatRecord } from '../../../src/core/standard/types.js';

/** A lieu at `km` kilometres north of (45, 5), with the given fields. */
export function lieuAt(id: string, km: number, fields: FlatRecord = {}): LieuInput {
  const lat = 45 + km / 111.195;
  return {
    id,
    record: {
      nom: `Lieu ${id}`,
      adresse: '1 place de la Mairie',
      code_postal: '01000',
      commune: 'Bourg',
      latitude: lat.toFixed(6),
      longitude: '5',
      services: 'Aide aux démarches administratives',
      ...fields,
    },
  };
}

export const CENTRE = { label: 'Bourg (01)', lat: 45, lon: 5 };

export function counter(lieux: LieuInput[]): (query: Query) => number {
  const index = buildIndex(lieux, { territory: () => undefined });
  const now = new Date('2026-11-28T09:30:00Z');
  return (query) => runQuery(index, { ...query, limit: 0 }, { now }).total;
}

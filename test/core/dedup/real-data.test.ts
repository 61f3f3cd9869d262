/**
 * The national France Services list (real data, ../shared): sites are mostly listed once, but a few are listed
 * twice, and buses are listed at the address of the site they belong to. Skipped when ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDuplicates, type DedupInput } from '../../../src/core/dedup/index.js';
import { parseCsv } from '../../../src/core/standard/csv.js';

const SHARED = resolve(import.meta.dirname, '../../../../shared');
const LIST = resolve(SHARED, 'data/sources/france-services/liste-fs-20221201.csv');
if (!existsSync(SHARED)) console.warn('Test sur la liste France Services sauté : ../shared absent.');

function readList(): DedupInput[] {
  const rows = parseCsv(readFileSync(LIST, 'utf8'));
  const header = rows[0]!.cells;
  const get = (cells: string[], name: string) => cells[header.indexOf(name)] ?? '';
  return rows.slice(1).map(({ cells }) => ({
    key: `france-services:${get(cells, 'id_fs')}`,
    sourceId: 'france-services',
    record: {
      id: get(cells, 'id_fs'),
      nom: get(cells, 'lib_fs'),
      adresse: get(cells, 'adresse'),
      complement_adresse: get(cells, 'complement_adresse'),
      code_insee: get(cells, 'insee_com'),
      code_postal: get(cells, 'code_postal'),
      commune: get(cells, 'lib_com'),
      latitude: get(cells, 'latitude'),
      longitude: get(cells, 'longitude'),
      courriels: get(cells, 'mail').toLowerCase(),
      telephone: get(cells, 'telephone'),
      itinerance: get(cells, 'itinerance') === 'Oui' ? 'Itinérant' : 'Fixe',
      date_maj: '2022-12-01',
    },
  }));
}

describe.skipIf(!existsSync(SHARED))('the national France Services list', () => {
  const inputs = existsSync(SHARED) ? readList() : [];
  const result = findDuplicates(inputs);
  const byKey = new Map(inputs.map((i) => [i.key, i]));

  it('finds the sites listed twice', () => {
    expect(inputs.length).toBe(2683);
    const members = result.groups.map((g) => g.members);
    // "France services du Pays de Châteaugiron Communauté" and "… Communauté de communes du Pays de
    // Châteaugiron": same address, phone, e-mail and hours.
    expect(members).toContainEqual(['france-services:1765', 'france-services:1767']);
    expect(result.groups.length).toBeLessThan(10);
  });

  it('never merges a bus with the site it is parked at', () => {
    for (const group of result.groups) {
      const itinerance = new Set(group.members.map((k) => byKey.get(k)!.record.itinerance));
      expect(itinerance.size, group.members.join(', ')).toBe(1);
    }
    // The Sevran bus and site share address, phone and e-mail.
    const sevran = result.groups.filter((g) => g.members.includes('france-services:550'));
    expect(sevran).toEqual([]);
  });

  it('compares few pairs and warns about nothing', () => {
    expect(result.stats.comparisons).toBeLessThan(inputs.length * 5);
    expect(result.warnings).toEqual([]);
  });
});

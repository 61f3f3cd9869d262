/**
 * The gazetteer on a real producer file: the national France Services list (2022), whose rows carry a
 * code INSEE, a postcode, a commune name and coordinates. Skipped when ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/core/geo/distance.js';
import { parseCsv } from '../../src/core/standard/csv.js';
import { loadReference, type Reference } from '../../src/reference/index.js';

const FILE = fileURLToPath(
  new URL('../../../shared/data/sources/france-services/liste-fs-20221201.csv', import.meta.url),
);

describe.skipIf(!existsSync(FILE))('France Services list (skipped when ../shared is absent)', () => {
  let ref: Reference;
  let rows: Array<Record<string, string>>;

  beforeAll(async () => {
    ref = await loadReference();
    const [header, ...body] = parseCsv(readFileSync(FILE, 'utf8'));
    rows = body
      .map((r) => Object.fromEntries(header!.cells.map((name, i) => [name, r.cells[i] ?? ''])))
      .filter((row) => row.insee_com || row.code_postal || row.lib_com);
  }, 300_000);

  it('resolves almost every (code INSEE, postcode, commune) triple, most of them consistent', () => {
    const g = ref.gazetteer;
    let resolved = 0;
    let consistent = 0;
    let changed = 0;
    let moved = 0;
    for (const row of rows) {
      const fields = { nom: row.lib_com, codePostal: row.code_postal, codeInsee: row.insee_com };
      const r = g.resolveCommune(fields);
      if (!r) continue;
      const position = { lat: Number(row.latitude), lon: Number(row.longitude) };
      if (row.latitude && g.resolveCommune({ ...fields, position })?.code !== r.code) moved++;
      resolved++;
      if (r.confidence === 1) consistent++;
      if (r.code !== row.insee_com) changed++;
    }
    process.stdout.write(
      `[france-services] ${rows.length} rows: ${resolved} resolved, ${consistent} fully consistent, ${changed} with another code (merged communes, arrondissements), ${moved} decided otherwise by the coordinates\n`,
    );
    expect(rows.length).toBeGreaterThan(2500);
    expect(resolved / rows.length).toBeGreaterThan(0.99);
    expect(consistent / rows.length).toBeGreaterThan(0.9);
  });

  it('puts the commune centre, as a geocoding fallback, near the lieux', () => {
    const g = ref.gazetteer;
    const located: number[] = [];
    const estimated: number[] = [];
    let inDepartement = 0;
    let checked = 0;
    let nearestIsOwn = 0;
    let nearestChecked = 0;
    for (const row of rows) {
      const point = { lat: Number(row.latitude), lon: Number(row.longitude) };
      if (!row.latitude || !Number.isFinite(point.lat) || !Number.isFinite(point.lon)) continue;
      const r = g.resolveCommune({
        nom: row.lib_com,
        codePostal: row.code_postal,
        codeInsee: row.insee_com,
        position: point,
      });
      const commune = r && g.communeByCode(r.code);
      if (!commune) continue;
      (commune.centreEstime ? estimated : located).push(haversineKm(commune, point));
      nearestChecked++;
      if (g.nearestCommunes(point, { limit: 1 })[0]?.commune.code === commune.code) nearestIsOwn++;
      if (commune.departement.length === 2) {
        checked++;
        if (g.departementAt(point)?.code === commune.departement) inDepartement++;
      }
    }
    located.sort((a, b) => a - b);
    estimated.sort((a, b) => a - b);
    const median = (a: number[]): number => a[a.length >> 1] ?? NaN;
    process.stdout.write(
      `[france-services] lieu to commune centre: median ${median(located).toFixed(2)} km (${located.length} located communes), ` +
        `${median(estimated).toFixed(2)} km (${estimated.length} estimated); ${((100 * inDepartement) / checked).toFixed(1)} % of lieux inside their commune's département outline; nearest commune centre is the lieu's commune for ${((100 * nearestIsOwn) / nearestChecked).toFixed(1)} %\n`,
    );
    expect(nearestIsOwn / nearestChecked).toBeGreaterThan(0.7);
    expect(median(located)).toBeLessThan(2);
    // Few France Services sit in a commune GeoNames misses (151, some of them towns): the postcode
    // area's centre is then several kilometres off.
    expect(median(estimated)).toBeLessThan(12);
    expect(inDepartement / checked).toBeGreaterThan(0.95);
  });
});

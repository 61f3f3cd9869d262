/**
 * Geocoding: how far the offline fallback (the commune's centre) is from the IGN area-weighted
 * centroid of each commune (`../shared/data/geo/communes-centroides.csv`), over every commune present
 * in both, and its speed. `npm run bench -- geocode`
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haversineKm } from '../../src/core/geo/distance.js';
import { parseCsv } from '../../src/core/standard/csv.js';
import { isHit, OfflineGeocoder, type GeocodeRequest } from '../../src/pipeline/geocode/index.js';
import { loadReference } from '../../src/reference/index.js';
import { metric, opsPerSecond, percentile, target, type Metric, type Suite } from '../harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CENTROIDS = resolve(ROOT, '../shared/data/geo/communes-centroides.csv');

export const suite: Suite = {
  name: 'geocode',
  async run(): Promise<Metric[]> {
    if (!existsSync(CENTROIDS)) {
      process.stderr.write(`bench geocode: ${CENTROIDS} absent (../shared), suite skipped.\n`);
      return [
        metric('geocode.skipped', 1, 'flag', { note: '../shared/data/geo/communes-centroides.csv absent' }),
      ];
    }
    const g = (await loadReference()).gazetteer;
    const offline = new OfflineGeocoder(g);
    const rows = parseCsv(readFileSync(CENTROIDS, 'utf8')).slice(1);

    const requests: GeocodeRequest[] = [];
    const truth = new Map<string, { lat: number; lon: number; estimated: boolean }>();
    for (const { cells } of rows) {
      const [code, , lon, lat] = cells;
      // Only communes that still exist under the same code: a merged commune's centroid is not its successor's.
      const commune = code ? g.communeByCode(code) : undefined;
      if (!commune || commune.code !== code) continue;
      truth.set(code, { lat: Number(lat), lon: Number(lon), estimated: commune.centreEstime === true });
      requests.push({ key: code, adresse: '', codeInsee: code });
    }
    const results = await offline.geocode(requests);
    const all: number[] = [];
    const located: number[] = [];
    const estimated: number[] = [];
    let failed = 0;
    for (const r of results) {
      const t = truth.get(r.key)!;
      if (!isHit(r)) {
        failed++;
        continue;
      }
      const d = haversineKm(r, t);
      all.push(d);
      (t.estimated ? estimated : located).push(d);
    }
    for (const list of [all, located, estimated]) list.sort((a, b) => a - b);

    let i = 0;
    const byName = requests.map((r) => {
      const c = g.communeByCode(r.codeInsee!)!;
      return { key: r.key, adresse: '', commune: c.nom, codePostal: c.codesPostaux[0] ?? '' };
    });
    const byCodeOps = opsPerSecond(() => offline.locate(requests[(i += 7919) % requests.length]!), 500);
    const byNameOps = opsPerSecond(() => offline.locate(byName[(i += 7919) % byName.length]!), 500);

    const n = `${all.length} communes présentes dans les deux référentiels`;
    return [
      metric('geocode.offline.communes', all.length, 'communes', {
        note: `${rows.length} lignes dans ../shared`,
      }),
      metric('geocode.offline.failed', failed, 'communes'),
      target('geocode.offline.median_km', percentile(all, 50), 'km', { atMost: 5 }, n),
      target('geocode.offline.p95_km', percentile(all, 95), 'km', { atMost: 15 }, n),
      metric('geocode.offline.located.median_km', percentile(located, 50), 'km', {
        note: `${located.length} communes au centre localisé`,
      }),
      metric('geocode.offline.estimated.median_km', percentile(estimated, 50), 'km', {
        note: `${estimated.length} communes au centre estimé (centreEstime)`,
      }),
      metric('geocode.offline.estimated.p95_km', percentile(estimated, 95), 'km'),
      target(
        'geocode.offline.by_code.ops_per_s',
        byCodeOps,
        'ops/s',
        { atLeast: 20_000 },
        '100k lieux in 5 s',
      ),
      target(
        'geocode.offline.by_name_postcode.ops_per_s',
        byNameOps,
        'ops/s',
        { atLeast: 2_000 },
        'resolveCommune',
      ),
    ];
  },
};

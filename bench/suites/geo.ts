/**
 * Geography: gazetteer build and lookups on the real reference, snapshot decoding, grid cells.
 * `npm run bench -- geo`
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { gridCell, neighbourCells } from '../../src/core/geo/grid.js';
import { decodeSnapshot } from '../../src/core/geo/snapshot.js';
import { browserAssets, loadReference } from '../../src/reference/index.js';
import { metric, opsPerSecond, target, type Metric, type Suite } from '../harness.js';

const QUERIES = [
  'paris',
  'st etienne',
  'mars',
  'lyon 3',
  '75011',
  '69',
  'bordaux',
  'saint',
  'aix en',
  'ile de france',
];
const RESOLUTIONS = [
  { nom: 'PARIS CEDEX 11', codePostal: '75011' },
  { nom: 'St Etienne', codePostal: '42000', codeInsee: '42218' },
  { codeInsee: '01340' },
  { nom: 'Valserone', codePostal: '01200' },
  { nom: 'Saint-Martin' },
];

export const suite: Suite = {
  name: 'geo',
  async run(): Promise<Metric[]> {
    const ref = await loadReference();
    let start = performance.now();
    const g = new Gazetteer(ref.data);
    const buildMs = performance.now() - start;

    let i = 0;
    const search = opsPerSecond(() => g.searchTerritories(QUERIES[i++ % QUERIES.length]!), 1000);
    let j = 0;
    const resolve = opsPerSecond(() => g.resolveCommune(RESOLUTIONS[j++ % RESOLUTIONS.length]!), 1000);
    let k = 0;
    const points = ref.data.communes
      .filter((c) => c.type === 'commune')
      .map((c) => ({ lat: c.lat, lon: c.lon }));
    const pip = opsPerSecond(() => g.departementAt(points[(k += 7919) % points.length]!), 1000);
    const cells = opsPerSecond(
      () => neighbourCells(gridCell(points[(k += 7919) % points.length]!.lat, 2.35, 5), 5),
      500,
    );

    const assets = await browserAssets();
    const snapshot = readFileSync(assets.gazetteer);
    const outlines = readFileSync(assets.outlines);
    start = performance.now();
    const decoded = decodeSnapshot(JSON.parse(snapshot.toString('utf8')));
    new Gazetteer(decoded);
    const browserMs = performance.now() - start;

    return [
      target(
        'geo.gazetteer.build_ms',
        buildMs,
        'ms',
        { atMost: 3000 },
        `${ref.data.communes.length} communes`,
      ),
      target(
        'geo.search.ops_per_s',
        search,
        'ops/s',
        { atLeast: 300 },
        'searchTerritories, mixed queries incl. « saint »',
      ),
      target('geo.resolve_commune.ops_per_s', resolve, 'ops/s', { atLeast: 2000 }, 'import repairs'),
      target('geo.departement_at.ops_per_s', pip, 'ops/s', { atLeast: 2000 }, 'point in outlines'),
      metric('geo.neighbour_cells.ops_per_s', cells, 'ops/s'),
      target(
        'geo.snapshot.decode_and_index_ms',
        browserMs,
        'ms',
        { atMost: 4000 },
        'what the browser does once',
      ),
      target('geo.snapshot.gzip_kb', gzipSync(snapshot).length / 1024, 'KB', { atMost: 1024 }),
      target('geo.outlines.gzip_kb', gzipSync(outlines).length / 1024, 'KB', { atMost: 400 }),
      metric('geo.centres.estimated_share', ref.report.estimated / ref.data.communes.length, 'ratio'),
    ];
  },
};

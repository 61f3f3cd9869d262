/**
 * Assembles the reference geography from the sources read by `sources.ts`: communes located, former
 * communes, EPCI, départements and régions with simplified outlines and label points, and the land.
 * Deterministic: the same installed packages give the same files.
 */
import { labelPoint } from '../core/geo/polygon.js';
import type { Departement, LatLon, MultiPolygonCoords, ReferenceData, Region } from '../core/geo/types.js';
import { buildCommunes } from './communes.js';
import {
  bboxOfPolygons,
  dissolve,
  franceLand,
  georeferenceDrawing,
  overseasOutlines,
  shapeToLonLat,
  simplifyPolygons,
  snapVertices,
} from './outlines.js';
import type { Cog, GeoNamesPlace } from './sources.js';
import { parseSvgShapes } from './svg.js';
import type { Topology } from './topojson.js';

export interface ReferenceSources {
  cog: Cog;
  places: GeoNamesPlace[];
  departementsSvg: string;
  countries: Topology;
}

export interface BuildReport {
  communes: number;
  arrondissements: number;
  located: number;
  locatedFromAnciennes: number;
  estimated: number;
  rejectedPlaces: string[];
  unplaced: string[];
  drawingFitRmsKm: number;
  drawingControlPoints: number;
  /** Share of the located communes drawn inside their own département after the fit. */
  drawingInsideShare: number;
}

export interface BuiltReference {
  data: ReferenceData;
  /** French land polygons (metropole and overseas), simplified. */
  land: MultiPolygonCoords;
  report: BuildReport;
}

/** Outline simplification: ≈ 500 m for départements and régions, 4 decimals (≈ 11 m). */
const TOLERANCE = 0.005;
const DECIMALS = 4;
/** Islands smaller than ≈ 0.5 km² are dropped from the outlines. */
const MIN_ISLAND = 0.00006;

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

export function buildReference(sources: ReferenceSources): BuiltReference {
  const { cog } = sources;
  const overseas = overseasOutlines(sources.countries);
  const fallbackCentre = (departement: string): LatLon | undefined => {
    const outline = overseas.get(departement);
    return outline ? labelPoint(outline) : undefined;
  };
  const built = buildCommunes(cog, sources.places, fallbackCentre);

  // Georeference the drawing of metropolitan départements on the communes GeoNames locates.
  const controls = built.communes
    .filter((c) => !c.centreEstime && c.type === 'commune')
    .map((c) => ({ departement: c.departement, point: { lat: c.lat, lon: c.lon } }));
  const shapes = parseSvgShapes(sources.departementsSvg);
  const geo = georeferenceDrawing(shapes, controls);

  const outlines = new Map<string, MultiPolygonCoords>();
  for (const shape of shapes) outlines.set(shape.id, shapeToLonLat(shape, geo));
  // ≈ 250 m: the drawing's shared borders drift by up to a few tenths of its units.
  snapVertices(outlines, 0.0025);
  for (const [code, polygons] of overseas) if (!outlines.has(code)) outlines.set(code, polygons);

  const population = new Map<string, number>();
  const regionPopulation = new Map<string, number>();
  for (const c of built.communes) {
    if (c.type !== 'commune') continue;
    population.set(c.departement, (population.get(c.departement) ?? 0) + c.population);
    regionPopulation.set(c.region, (regionPopulation.get(c.region) ?? 0) + c.population);
  }

  // Départements, and collectivités d'outre-mer that COG lists only as régions.
  const departementRecords = [...cog.departements];
  for (const r of cog.regions) {
    if (r.code.length === 3 && !departementRecords.some((d) => d.code === r.code)) {
      departementRecords.push({ code: r.code, nom: r.nom, region: r.code });
    }
  }
  const centresOf = (predicate: (c: (typeof built.communes)[number]) => boolean): LatLon[] =>
    built.communes.filter(predicate).map((c) => ({ lat: c.lat, lon: c.lon }));

  const departements: Departement[] = departementRecords
    .map((d) => {
      const outline = outlines.get(d.code);
      const simplified = outline ? simplifyPolygons(outline, TOLERANCE, DECIMALS, MIN_ISLAND) : undefined;
      return placed(
        { code: d.code, nom: d.nom, region: d.region, population: population.get(d.code) ?? 0 },
        simplified,
        centresOf((c) => c.departement === d.code),
      );
    })
    .filter((d): d is Departement => d !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code));

  const regions: Region[] = cog.regions
    .map((r) => {
      const members = departements.filter((d) => d.region === r.code);
      const parts = members.map((d) => outlines.get(d.code)).filter((o): o is MultiPolygonCoords => !!o);
      let outline: MultiPolygonCoords | undefined;
      if (parts.length === 1) outline = parts[0];
      else if (parts.length > 1) outline = dissolve(parts, 0.002);
      const simplified = outline ? simplifyPolygons(outline, TOLERANCE, DECIMALS, MIN_ISLAND) : undefined;
      return placed(
        { code: r.code, nom: r.nom, population: regionPopulation.get(r.code) ?? 0 },
        simplified,
        centresOf((c) => c.region === r.code),
      );
    })
    .filter((r): r is Region => r !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code));

  const landRaw = franceLand(sources.countries);
  const land = simplifyPolygons(landRaw, TOLERANCE, DECIMALS, MIN_ISLAND);

  const data: ReferenceData = {
    millesime: `COG ${cogYear(cog.version)} (@etalab/decoupage-administratif ${cog.version})`,
    communes: built.communes,
    anciennes: built.anciennes,
    departements,
    regions,
    epcis: built.epcis,
  };
  return {
    data,
    land,
    report: {
      communes: built.communes.filter((c) => c.type === 'commune').length,
      arrondissements: built.communes.filter((c) => c.type === 'arrondissement-municipal').length,
      located: built.stats.located,
      locatedFromAnciennes: built.stats.fromAnciennes,
      estimated: built.stats.estimated,
      rejectedPlaces: built.stats.outliers,
      unplaced: built.stats.unplaced,
      drawingFitRmsKm: Math.round(geo.rmsKm * 100) / 100,
      drawingControlPoints: geo.controlPoints,
      drawingInsideShare: Math.round(geo.insideShare * 10000) / 10000,
    },
  };
}

/** Adds label point, bbox and outline; without an outline, uses the communes' centres. */
function placed<T extends { code: string }>(
  base: T,
  outline: MultiPolygonCoords | undefined,
  centres: LatLon[],
):
  | (T & { lat: number; lon: number; bbox: [number, number, number, number]; outline?: MultiPolygonCoords })
  | undefined {
  if (outline && outline.length) {
    const label = labelPoint(outline);
    const bbox = bboxOfPolygons(outline);
    if (label && bbox) return { ...base, lat: round5(label.lat), lon: round5(label.lon), bbox, outline };
  }
  if (!centres.length) return undefined;
  const lats = centres.map((c) => c.lat);
  const lons = centres.map((c) => c.lon);
  return {
    ...base,
    lat: round5(lats.reduce((a, b) => a + b, 0) / lats.length),
    lon: round5(lons.reduce((a, b) => a + b, 0) / lons.length),
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
  };
}

/** `6.0.0` → 2026 (the package's major version follows the COG vintage, 1.x = 2021). */
function cogYear(version: string): number {
  const major = Number(version.split('.')[0]);
  return Number.isFinite(major) && major >= 1 ? 2020 + major : new Date().getFullYear();
}

/**
 * Shapes of the reference geography shared by the server, the browser and the import pipeline.
 * Coordinates follow GeoJSON: positions are `[lon, lat]`, bounding boxes `[minLon, minLat, maxLon, maxLat]`.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** `[minLon, minLat, maxLon, maxLat]`, as in GeoJSON. */
export type BBox = [number, number, number, number];

/** `[lon, lat]`. */
export type Position = [number, number];
/** A GeoJSON Polygon's coordinates: the outer ring first, then holes. Rings are closed. */
export type PolygonCoords = Position[][];
/** A GeoJSON MultiPolygon's coordinates. */
export type MultiPolygonCoords = PolygonCoords[];

export type CommuneType = 'commune' | 'arrondissement-municipal';

export interface Commune {
  /** Code INSEE (COG), e.g. `75056`, `2A004`, `75111` for an arrondissement municipal. */
  code: string;
  nom: string;
  codesPostaux: string[];
  departement: string;
  region: string;
  /** SIREN of the EPCI à fiscalité propre the commune belongs to (arrondissements: their commune's). */
  epci?: string;
  population: number;
  /** Centre used as the commune-level position (chef-lieu when known). */
  lat: number;
  lon: number;
  type: CommuneType;
  /** For an arrondissement municipal: the code of its commune (75056, 69123, 13055). */
  commune?: string;
  /** True when the centre was estimated from neighbouring communes rather than located. */
  centreEstime?: boolean;
}

/** A former commune (merged, délégué or associée) whose code or name still appears in data. */
export interface AncienneCommune {
  code: string;
  /** Name when known (communes déléguées and associées keep theirs). */
  nom?: string;
  /** Code of the current commune it belongs to. */
  commune: string;
  /** Its own centre when known: more precise than the current commune's for a commune déléguée. */
  lat?: number;
  lon?: number;
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
  population: number;
  /** Label point: inside the outline when there is one. */
  lat: number;
  lon: number;
  bbox: BBox;
  /** Simplified outline; absent in the browser gazetteer snapshot (outlines ship separately). */
  outline?: MultiPolygonCoords;
}

export interface Region {
  code: string;
  nom: string;
  population: number;
  lat: number;
  lon: number;
  bbox: BBox;
  outline?: MultiPolygonCoords;
}

export interface Epci {
  /** SIREN. */
  code: string;
  nom: string;
  /** CC, CA, CU, METRO… */
  type: string;
  population: number;
  /** Codes INSEE of the member communes. */
  membres: string[];
}

/** Everything the gazetteer needs; produced by `src/reference/` (Node) or decoded from the browser snapshot. */
export interface ReferenceData {
  /** Provenance and vintage, e.g. `COG 2026 (@etalab/decoupage-administratif 6.0.0)`. */
  millesime: string;
  communes: Commune[];
  anciennes: AncienneCommune[];
  departements: Departement[];
  regions: Region[];
  epcis: Epci[];
}

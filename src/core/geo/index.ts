/**
 * Geography for Repère, pure and isomorphic: distances, grid cells, bounding boxes, point in polygon,
 * name folding and the gazetteer over reference data passed in (loaded by `src/reference/` on the
 * server, decoded from the snapshot in the browser).
 */
export * from './types.js';
export { haversineKm, isValidLatLon, bboxContains, bboxIntersects, bboxOf, bboxAround } from './distance.js';
export { gridCell, neighbourCells, cellsInRadius, cellsInBBox, cellBBox } from './grid.js';
export {
  pointInPolygon,
  pointInMultiPolygon,
  ringArea,
  ringCentroid,
  simplifyLine,
  roundCoord,
  labelPoint,
} from './polygon.js';
export { foldName, nameTokens, editDistance } from './fold.js';
export { departementOf, normalizeCodeInsee, normalizeCodePostal, isOutreMer } from './codes.js';
export { Gazetteer } from './gazetteer.js';
export type {
  TerritoryKind,
  TerritoryMatch,
  SearchOptions,
  CommuneQuery,
  CommuneResolution,
  TerritoryFilter,
  Hierarchy,
} from './gazetteer.js';
export { encodeSnapshot, decodeSnapshot, SnapshotError, SNAPSHOT_FORMAT } from './snapshot.js';
export type { GazetteerSnapshot } from './snapshot.js';

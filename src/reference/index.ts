/**
 * The project's own reference geography (Node side): built from installed packages, loaded once.
 * See README.md in this folder for sources, licences and method.
 */
export {
  loadReference,
  loadReferenceSync,
  writeReference,
  browserAssets,
  referenceDir,
  outlinesGeoJson,
  ReferenceMissingError,
  ATTRIBUTION,
  REFERENCE_FILE,
  GAZETTEER_FILE,
  OUTLINES_FILE,
} from './load.js';
export type { Reference } from './load.js';
export type { BuildReport } from './build.js';

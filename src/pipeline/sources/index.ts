/**
 * Import sources: where a producer's data is and how it becomes standard records.
 *
 * For the import orchestrator (`repere import <définition…>`):
 *
 *   const def = await loadSourceDefinition('sources/gironde.yaml');   // DefinitionError: describe()
 *   const source = await openSource(def, { fetch, env });             // RecordReadError: describe()
 *   if (source.contentHash === last.contentHash && source.mappingHash === last.mappingHash) return;
 *   const it = source.records();
 *   for (let r = await it.next(); !r.done; r = await it.next()) {
 *     const { line, raw, record, notes } = r.value;                    // one item per input record
 *     …repair, validate, geocode, dedup, store (raw kept for provenance)
 *   }
 *   // r.value: SourceSummary { records, skipped, notes, missingColumns, notices }
 *
 * `readSource(def, ports)` and `sourceContentHash(def, ports)` are the same in two calls (a URL
 * source is then fetched twice). `def.warnings` holds load-time remarks (mednum-cli targets without
 * v1 equivalent) to show once per import.
 *
 * Kinds: `standard` (v1.0.1, or v0.1 migrated on the fly), `mapping` (declarative mapping or a
 * mednum-cli config), `france-services` (the national list), `data-inclusion` (files or API).
 * Definition format: sources/README.md.
 */
export {
  checkSourceDefinition,
  definitionFromMednumConfig,
  loadSourceDefinition,
  SOURCE_KINDS,
  type SourceDefinition,
  type SourceKind,
} from './definition.js';
export {
  openSource,
  readSource,
  sourceContentHash,
  type FetchPort,
  type OpenedSource,
  type SourceItem,
  type SourcePorts,
  type SourceSummary,
} from './read.js';
export { mapDataInclusion, isDigitalService } from './data-inclusion.js';
export { FRANCE_SERVICES_MAPPING } from './france-services.js';
export { DefinitionError } from '../mapping/errors.js';
export type { MappingNote } from '../mapping/types.js';

/**
 * The mapping engine: declarative rules that turn a producer's columns into the fields of the
 * standard v1.0.1 (`compileMapping` checks them once, `applyMapping` runs them per record), and the
 * translation of the previous national pipeline's configs (`translateMednumConfig`).
 * Format guide: sources/README.md.
 */
export { applyMapping, cellItems } from './apply.js';
export { compileMapping, isCompiled, type CompiledMapping } from './compile.js';
export { DefinitionError } from './errors.js';
export { translateMednumConfig, type MednumTranslation } from './mednum.js';
export type {
  ColumnRule,
  CoordinatesRule,
  DictionaryEntry,
  DictionaryIgnore,
  DictionaryTarget,
  FieldRule,
  FirstRule,
  HoursRule,
  JoinRule,
  Mapping,
  MappingContext,
  MappingNote,
  MappingResult,
  TemplateRule,
  ValueRule,
  ValueSource,
} from './types.js';
export { parseBoolean, parseDate, parseNumber, fold } from './values.js';
export { weekTextToOsm, parseDaysText, type WeekTextResult } from './week-text.js';

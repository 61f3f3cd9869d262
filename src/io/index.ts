/** Node adapters for files of records: read and write CSV, JSON and GeoJSON by streaming. */
export { readRecords, formatFromPath, type ReadRecordsOptions } from './read-records.js';
export { RecordReadError, type ReadItem, type ReadErrorCode } from '../core/standard/read-error.js';
export type { ReadSummary, RecordFormat } from '../core/standard/record-reader.js';
export {
  writeRecords,
  RecordWriteError,
  type WriteFormat,
  type WriteRecordsOptions,
  type WriteSummary,
} from './write-records.js';

/**
 * Repair of records of the standard before validation (import pipeline, step 2): every change logged
 * per field with a stable rule code and a French message. See repair-record.ts.
 */
export { repairRecord, PIVOT_PLACEHOLDER } from './repair-record.js';
export type { Repair, RepairWarning, RepairContext, RepairResult } from './types.js';
export { parseTelephones, countryCodeFor } from './telephone.js';
export { cleanEmails, cleanUrls, cleanUrl } from './contacts.js';
export { parseDateMaj } from './dates.js';
export { inferTypologies } from './typologie.js';
export { frenchTitleCase, isAllCaps, cleanInline, cleanMultiline } from './text.js';
export { readCoordinate, formatCoordinate, communeReach, DEFAULT_MAX_DISTANCE_KM } from './coordinates.js';

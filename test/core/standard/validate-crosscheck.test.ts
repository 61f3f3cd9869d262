/**
 * Cross-check with the official library `@gouvfr-anct/lieux-de-mediation-numerique`: on the
 * official example and on generated records, every disagreement must be one of the documented
 * OFFICIAL_LIBRARY_DIFFERENCES, and each documented difference must really happen.
 */
import { describe, expect, it } from 'vitest';
import { generateRecords, officialVerdict, toLibraryInput } from '../../../bench/suites/validation.js';
import { readRecords } from '../../../src/io/index.js';
import type { FlatRecord } from '../../../src/core/standard/types.js';
import { OFFICIAL_LIBRARY_DIFFERENCES, validateRecord } from '../../../src/core/standard/validate.js';
import { BASE_NOW, EXAMPLE_CSV, HAS_SHARED, SKIP_REASON, validBaseRecord } from './validate-helpers.js';

const NOW = new Date('2025-01-15T00:00:00Z');
const errorsOf = (record: FlatRecord, now = NOW) =>
  validateRecord(record, { line: 2, now }).filter((i) => i.severity === 'error');

const libraryRejectKeys = new Set(
  OFFICIAL_LIBRARY_DIFFERENCES.filter((d) => d.direction === 'library-rejects').flatMap((d) => d.keys),
);
const libraryAcceptCodes = new Set(
  OFFICIAL_LIBRARY_DIFFERENCES.filter((d) => d.direction === 'library-accepts').flatMap((d) => d.keys),
);

describe.skipIf(!HAS_SHARED)(`official example${HAS_SHARED ? '' : ` (${SKIP_REASON})`}`, () => {
  it('is accepted by the official library and by Repère, without any issue', async () => {
    const items = [];
    for await (const item of readRecords(EXAMPLE_CSV)) items.push(item);
    expect(items).toHaveLength(1);
    const record = items[0]!.record;
    expect(officialVerdict(toLibraryInput(record))).toEqual({ ok: true });
    expect(validateRecord(record, { line: items[0]!.line, now: BASE_NOW })).toEqual([]);
  });
});

describe('generated records', () => {
  const clean = generateRecords(2_000, 11, NOW, 0);
  const sample = generateRecords(3_000, 12, NOW, 0.5);

  it('clean records are accepted by both, and Repère has nothing to say', () => {
    const rejected = clean.filter(({ record }) => !officialVerdict(toLibraryInput(record)).ok);
    const flagged = clean.flatMap(({ record }) => validateRecord(record, { line: 2, now: NOW }));
    expect(rejected).toEqual([]);
    expect(flagged).toEqual([]);
  });

  it('every disagreement on faulty records is a documented difference', () => {
    const unexplained: string[] = [];
    let agreements = 0;
    for (const { record, faults } of sample) {
      const library = officialVerdict(toLibraryInput(record));
      const errors = errorsOf(record);
      if (library.ok && errors.length) {
        const codes = errors.map((e) => e.code).filter((c) => !libraryAcceptCodes.has(c));
        if (codes.length)
          unexplained.push(`library accepts, Repère: ${codes.join(', ')} (${faults.join(', ')})`);
      } else if (!library.ok && !errors.length) {
        if (!libraryRejectKeys.has(library.key))
          unexplained.push(`library: ${library.message} (${faults.join(', ')})`);
      } else agreements++;
    }
    expect(unexplained).toEqual([]);
    expect(agreements).toBeGreaterThan(sample.length / 2);
  });

  it('every record the official library rejects for a schema reason, Repère rejects too', () => {
    for (const { record } of sample) {
      const library = officialVerdict(toLibraryInput(record));
      if (!library.ok && !libraryRejectKeys.has(library.key))
        expect(errorsOf(record).length).toBeGreaterThan(0);
    }
  });
});

describe('OFFICIAL_LIBRARY_DIFFERENCES', () => {
  it.each(
    OFFICIAL_LIBRARY_DIFFERENCES.map((d) => [`${d.direction} ${JSON.stringify(d.example)}`, d] as const),
  )('%s happens as documented', (_label, d) => {
    const record = { ...validBaseRecord(), ...d.example };
    const library = officialVerdict(toLibraryInput(record));
    const errors = errorsOf(record, BASE_NOW);
    if (d.direction === 'library-rejects') {
      expect(library.ok).toBe(false);
      expect(d.keys).toContain(library.ok ? '' : library.key);
      expect(errors).toEqual([]);
    } else {
      expect(library).toEqual({ ok: true });
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(d.keys).toContain(e.code);
    }
  });
});

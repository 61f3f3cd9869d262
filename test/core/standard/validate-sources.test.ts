/**
 * Real producer exports (../shared/data/sources): messy, mostly not in the standard. Validation must
 * go through every record without throwing and report well-formed issues.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../../src/core/standard/validate.js';
import { readRecords } from '../../../src/io/index.js';
import { HAS_SHARED, SHARED, SKIP_REASON } from './validate-helpers.js';

const SOURCES = resolve(SHARED, 'data/sources');
const files = HAS_SHARED
  ? readdirSync(SOURCES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(SOURCES, d.name))
          .filter((f) => /\.(json|csv)$/.test(f) && !f.includes('mednum-cli-config'))
          .map((f) => join(d.name, f)),
      )
  : [];

describe.skipIf(!HAS_SHARED)(`validation of real exports${HAS_SHARED ? '' : ` (${SKIP_REASON})`}`, () => {
  it('finds the exports', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s: every record checked, every issue well-formed', async (file) => {
    const validator = createValidator({ now: new Date('2024-06-01T12:00:00Z') });
    let records = 0;
    for await (const { line, record } of readRecords(join(SOURCES, file))) {
      records++;
      for (const issue of validator.check(record, line)) {
        expect(issue.row).toBe(line);
        expect(issue.code).toMatch(/^[a-z_]+\.[a-zA-Z_]+$/);
        expect(issue.message).not.toMatch(/undefined|\[object Object\]|NaN(?! »)/);
      }
    }
    const summary = validator.summary();
    expect(summary.records).toBe(records);
    expect(summary.valid + summary.invalid).toBe(records);
    expect(records).toBeGreaterThan(0);
  });
});

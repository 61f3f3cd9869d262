/**
 * Repair on the real v0.1 exports (migrated to v1.0.1 first): it must never make a record worse for
 * validation, must be idempotent, and must fix what it is for (telephones, e-mails, links, codes).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import { migrateV0Record } from '../../../src/core/standard/migrate-v0.js';
import { createValidator, type Issue } from '../../../src/core/standard/validate.js';
import { FIELD_BY_NAME } from '../../../src/core/standard/fields.js';
import { parseTelephones } from '../../../src/pipeline/repair/telephone.js';
import { NOW, realGazetteer, repair } from './helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED = resolve(ROOT, '../shared');

function load(path: string): Record<string, string>[] {
  return (JSON.parse(readFileSync(resolve(SHARED, path), 'utf8')) as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
    ),
  );
}

const errors = (issues: Issue[]): Issue[] => issues.filter((i) => i.severity === 'error');

describe.skipIf(!existsSync(SHARED))(
  'repairRecord on real exports (needs ../shared, skipped when absent)',
  () => {
    let g: Gazetteer;
    beforeAll(async () => {
      g = await realGazetteer();
    }, 300_000);

    for (const path of [
      'data/sources/cartographie-v0.1/source.v0.1.json',
      'data/sources/le-havre/le-havre.v0.1.json',
    ]) {
      it(`never adds a validation error, is idempotent, and fixes records (${path.split('/')[2]})`, () => {
        const rows = load(path).map((row) => migrateV0Record(row, { sourceName: path }).record);
        const before = createValidator({ now: NOW });
        const after = createValidator({ now: NOW });
        let improved = 0;
        let repairs = 0;
        rows.forEach((row, i) => {
          const issuesBefore = errors(before.check(row, i + 1));
          const r = repair(row, g);
          repairs += r.repairs.length;
          const issuesAfter = errors(after.check(r.record, i + 1));
          const newCodes = issuesAfter
            .map((x) => x.code)
            .filter((c) => !issuesBefore.some((b) => b.code === c));
          expect(newCodes, `record ${i + 1}: ${JSON.stringify(r.repairs)}`).toEqual([]);
          if (issuesAfter.length < issuesBefore.length) improved++;
          expect(repair(r.record, g).repairs, `record ${i + 1} repaired twice`).toEqual([]);
        });
        expect(repairs).toBeGreaterThan(0);
        expect(after.summary().errors).toBeLessThanOrEqual(before.summary().errors);
        // Records whose errors were all about fixable shapes now pass (the exact count depends on the file).
        expect(after.summary().valid).toBeGreaterThanOrEqual(before.summary().valid);
        expect(improved + after.summary().valid).toBeGreaterThan(0);
      });
    }
  },
);

describe.skipIf(!existsSync(SHARED))(
  'parseTelephones on every telephone cell of the real exports (needs ../shared)',
  () => {
    it('reads every cell that holds a full number, and only writes numbers the schema accepts', () => {
      const pattern = new RegExp(FIELD_BY_NAME.get('telephone')!.pattern!);
      const base = resolve(SHARED, 'data/sources');
      let cells = 0;
      let read = 0;
      for (const dir of readdirSync(base)) {
        for (const file of readdirSync(resolve(base, dir))) {
          if (!file.endsWith('.json') || file.includes('config')) continue;
          let data: unknown = JSON.parse(readFileSync(resolve(base, dir, file), 'utf8'));
          if (!Array.isArray(data)) data = Object.values(data as object).find(Array.isArray) ?? [];
          for (const row of data as Record<string, unknown>[]) {
            for (const [column, value] of Object.entries(row ?? {})) {
              if (!/t[ée]l[ée]phone|^tel|phone/i.test(column) || value === null || value === '') continue;
              cells++;
              const text = String(value);
              const { numbers } = parseTelephones(text, dir === 'nouvelle-caledonie' ? '+687' : '+33');
              for (const n of numbers) expect(n, `${dir}: ${text}`).toMatch(pattern);
              if (numbers.length) read++;
              // Left unread: service numbers (3949), fragments, a missing digit — never a full number.
              else expect(text.replace(/\D/g, '').length, `${dir}: ${text}`).toBeLessThan(10);
            }
          }
        }
      }
      expect(cells).toBeGreaterThan(1500);
      expect(read / cells).toBeGreaterThan(0.97);
    });
  },
);

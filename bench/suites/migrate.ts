/**
 * Migration v0.1 → v1.0.1 throughput (`migrateV0Record`, then `migrateV0Record` + validation as
 * `repere migrate` does), on the real v0.1 exports of ../shared (cartographie-v0.1 and le-havre,
 * 767 records) repeated with distinct ids and names up to 50,000 records: real files repeat the
 * same list cells, which the migration reads once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateV0Record } from '../../src/core/standard/migrate-v0.js';
import { createValidator } from '../../src/core/standard/validate.js';
import { metric, target, type Metric, type Suite } from '../harness.js';

const SHARED = resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared');
const FILES = ['data/sources/le-havre/le-havre.v0.1.json', 'data/sources/cartographie-v0.1/source.v0.1.json'];
const RECORDS = 50_000;

function load(path: string): Record<string, string>[] {
  return (JSON.parse(readFileSync(resolve(SHARED, path), 'utf8')) as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
    ),
  );
}

function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}

export const suite: Suite = {
  name: 'migrate',
  async run(): Promise<Metric[]> {
    if (!existsSync(SHARED)) {
      return [
        metric('migrate.skipped', 0, 'records', { note: `../shared absent (${SHARED}) : suite ignorée` }),
      ];
    }
    const real = FILES.flatMap(load);

    // First pass over the real files: every cell is new to the caches.
    let start = performance.now();
    for (const row of real) migrateV0Record(row);
    const cold = perSecond(real.length, performance.now() - start);

    const rows: Record<string, string>[] = [];
    for (let i = 0; rows.length < RECORDS; i++) {
      const row = real[i % real.length] as Record<string, string>;
      rows.push({ ...row, id: `${row.id}-${i}`, nom: `${row.nom} ${i}` });
    }

    for (const row of rows.slice(0, 5_000)) migrateV0Record(row); // JIT warm-up
    start = performance.now();
    let notes = 0;
    for (const row of rows) notes += migrateV0Record(row).notes.length;
    const migrateOnly = perSecond(rows.length, performance.now() - start);

    const validator = createValidator({ hours: null });
    start = performance.now();
    let invalid = 0;
    rows.forEach((row, i) => {
      const issues = validator.check(migrateV0Record(row).record, i + 2);
      if (issues.some((x) => x.severity === 'error')) invalid++;
    });
    const withValidation = perSecond(rows.length, performance.now() - start);

    return [
      metric('migrate.real_files.cold_records_per_s', cold, 'records/s', {
        note: `${real.length} enregistrements réels, premier passage`,
      }),
      target(
        'migrate.records_per_s',
        migrateOnly,
        'records/s',
        { atLeast: 5_000 },
        `${RECORDS} enregistrements`,
      ),
      target(
        'migrate.with_validation.records_per_s',
        withValidation,
        'records/s',
        { atLeast: 3_000 },
        `migration puis validation v1 (sans horaires), ${invalid} invalides`,
      ),
      metric('migrate.notes_per_record', notes / rows.length, 'notes'),
    ];
  },
};

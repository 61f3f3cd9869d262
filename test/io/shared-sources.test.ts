/**
 * Every real export in ../shared/data/sources and the official example read without a crash, with
 * the record counts of ../shared/README.md, and the official example survives CSV → model → CSV.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/standard/csv.js';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';
import { toFlat, toLieu } from '../../src/core/standard/model.js';
import type { FlatRecord } from '../../src/core/standard/types.js';
import { readRecords, writeRecords, type ReadItem, type ReadSummary } from '../../src/io/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { HAS_SHARED, SHARED, SKIP_SHARED } from '../core/standard/codecs-helpers.js';

const SOURCES = join(SHARED, 'data/sources');
const EXAMPLE = join(SHARED, 'data/standard/exemple-valide-v1.0.1.csv');

/** Records per export, from ../shared/README.md (france-services: 2,683 sites). */
const EXPECTED: Record<string, number> = {
  'hub-lo/hub-lo.json': 426,
  'gironde/gironde.json': 347,
  'maine-et-loire/maine-et-loire.json': 243,
  'corse/corse.json': 161,
  'etapes-numerique/etapes-numerique.json': 95,
  'nouvelle-caledonie/nouvelle-caledonie.json': 92,
  'la-creuse/la-creuse.json': 91,
  'angers/angers.json': 63,
  'fibre-64/fibre-64.json': 61,
  'epernay/epernay.json': 39,
  'aix-en-provence/aix-en-provence.json': 38,
  'bus-france-services-charente/bus-france-services-charente.json': 12,
  'france-services/liste-fs-20221201.csv': 2683,
  'le-havre/le-havre.v0.1.json': 80,
  'cartographie-v0.1/source.v0.1.json': 687,
};

async function readAll(path: string): Promise<{ items: ReadItem[]; summary: ReadSummary }> {
  const iterator = readRecords(path);
  const items: ReadItem[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { items, summary: next.value };
    items.push(next.value);
  }
}

function exportFiles(): string[] {
  return readdirSync(SOURCES, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(csv|json)$/.test(f) && !f.includes('mednum-cli-config'))
    .sort();
}

describe.skipIf(!HAS_SHARED)(`real exports${HAS_SHARED ? '' : ` (${SKIP_SHARED})`}`, () => {
  it('knows every export file present', () => {
    expect(exportFiles()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: %i records, no issue', async (file, count) => {
    const { items, summary } = await readAll(join(SOURCES, file));
    expect(items).toHaveLength(count);
    expect(summary.records).toBe(count);
    expect(summary.recordsWithIssues).toBe(0);
    expect(summary.encoding).toBe('utf-8');
    // Lines are 1-based, increasing, inside the file.
    const lines = items.map((i) => i.line);
    expect(lines.every((l, k) => k === 0 || l > lines[k - 1]!)).toBe(true);
  });

  it('JSON exports: every record equals JSON.parse, values as strings', async () => {
    for (const file of exportFiles().filter((f) => f.endsWith('.json'))) {
      const reference = JSON.parse(readFileSync(join(SOURCES, file), 'utf8')) as Record<string, unknown>[];
      const { items } = await readAll(join(SOURCES, file));
      items.forEach(({ record }, k) => {
        for (const [key, value] of Object.entries(reference[k]!)) {
          const cell = record[key];
          if (typeof value === 'number') expect(Number(cell)).toBe(value);
          else if (value === null) expect(cell).toBe('');
          else if (typeof value === 'object') expect(JSON.parse(cell!)).toEqual(value);
          else expect(cell).toBe(String(value));
        }
        expect(Object.keys(record)).toEqual(Object.keys(reference[k]!));
      });
    }
  });

  it('france-services: multi-line cells; the first record starts on line 2 and lines match the file', async () => {
    const path = join(SOURCES, 'france-services/liste-fs-20221201.csv');
    const { items, summary } = await readAll(path);
    expect(summary.columns).toHaveLength(23);
    expect(items[0]!.line).toBe(2);
    const physicalLines = readFileSync(path, 'utf8').split(/\r\n|\n/).length - 1;
    const last = parseCsv(readFileSync(path, 'utf8')).at(-1)!;
    expect(items.at(-1)!.line).toBe(last.line);
    expect(last.endLine).toBeLessThanOrEqual(physicalLines);
    expect(items.some((i) => Object.values(i.record).some((v) => v.includes('\n')))).toBe(true);
  });
});

describe.skipIf(!HAS_SHARED)(`official example${HAS_SHARED ? '' : ` (${SKIP_SHARED})`}`, () => {
  it('reads one valid record with the 32 standard columns', async () => {
    const { items, summary } = await readAll(EXAMPLE);
    expect(items).toHaveLength(1);
    expect(summary.columns).toEqual(FIELD_NAMES);
    expect(items[0]!.record.nom).toBe('Anonymal');
    expect(items[0]!.record.services).toBe(
      'Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Loisirs et créations numériques',
    );
  });

  it('CSV → model → CSV keeps every value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'repere-example-'));
    try {
      const { items } = await readAll(EXAMPLE);
      const original: FlatRecord[] = items.map((i) => i.record);
      const out = join(dir, 'exemple.csv');
      await writeRecords(
        out,
        'csv',
        original.map((r) => toFlat(toLieu(r))),
      );
      const { items: again } = await readAll(out);
      expect(again.map((i) => i.record)).toEqual(original);
      const outJson = join(dir, 'exemple.json');
      await writeRecords(
        outJson,
        'json',
        again.map((i) => i.record),
      );
      expect((await readAll(outJson)).items.map((i) => i.record)).toEqual(
        original.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ''))),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

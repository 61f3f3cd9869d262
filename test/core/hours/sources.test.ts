/**
 * Real producer data from ../shared: every France Services row converts to OSM that compiles, and
 * every `horaires` value of the sources either compiles or is refused with a reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/core/standard/csv.js';
import { compileHours, convertDayColumnsToOsm, normalizeHours } from '../../../src/core/hours/index.js';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const SOURCES = `${SHARED}data/sources/`;

/** Every string value of a key named `horaires`, anywhere in a JSON document. */
function horairesValues(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) horairesValues(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'horaires' && typeof value === 'string') out.push(value);
      else horairesValues(value, out);
    }
  }
  return out;
}

describe.skipIf(!existsSync(SHARED))('hours of the real sources (../shared)', () => {
  it('converts every France Services row (h_lundi … h_samedi) to OSM that compiles', () => {
    const rows = parseCsv(readFileSync(`${SOURCES}france-services/liste-fs-20221201.csv`, 'utf8'));
    const header = rows[0]!.cells;
    const column = (name: string) => {
      const index = header.indexOf(name);
      expect(index, name).toBeGreaterThanOrEqual(0);
      return index;
    };
    const days = [
      ['Mo', column('h_lundi')],
      ['Tu', column('h_mardi')],
      ['We', column('h_mercredi')],
      ['Th', column('h_jeudi')],
      ['Fr', column('h_vendredi')],
      ['Sa', column('h_samedi')],
    ] as const;
    const failures: string[] = [];
    let converted = 0;
    let empty = 0;
    for (const row of rows.slice(1)) {
      const input = Object.fromEntries(days.map(([day, index]) => [day, row.cells[index] ?? '']));
      const result = convertDayColumnsToOsm(input);
      if (result.ok) {
        const compiled = compileHours(result.osm);
        if (compiled.ok) converted++;
        else failures.push(`ligne ${row.line} : "${result.osm}" : ${compiled.reason}`);
      } else if (result.empty) {
        empty++;
        expect(days.every(([, index]) => /^[\s-]*$|^00:00 - 00:00$/.test(row.cells[index] ?? ''))).toBe(true);
      } else failures.push(`ligne ${row.line} : ${result.reason}`);
    }
    expect(failures).toEqual([]);
    expect(converted + empty).toBe(rows.length - 1);
    expect(converted).toBeGreaterThan(empty * 10);
    console.info(`France Services : ${converted} lignes converties, ${empty} sans horaires`);
  });

  it('compiles every horaires value of the sources or says why not', () => {
    const counts = { values: 0, empty: 0, compiled: 0, refused: 0, repairable: 0 };
    for (const folder of readdirSync(SOURCES)) {
      for (const file of readdirSync(`${SOURCES}${folder}`)) {
        if (!file.endsWith('.json') || file.includes('mednum-cli-config')) continue;
        for (const value of horairesValues(JSON.parse(readFileSync(`${SOURCES}${folder}/${file}`, 'utf8')))) {
          counts.values++;
          if (!value.trim()) {
            counts.empty++;
            continue;
          }
          const result = compileHours(value);
          if (result.ok) {
            counts.compiled++;
            continue;
          }
          counts.refused++;
          // A reason in French that points at the problem.
          expect(result.reason, value).toMatch(/position \d+|horaires vides|fin du texte/);
          const repaired = normalizeHours(value);
          if (repaired.ok) {
            counts.repairable++;
            expect(compileHours(repaired.osm).ok).toBe(true);
          } else expect(repaired.reason.length).toBeGreaterThan(5);
        }
      }
    }
    expect(counts.values).toBe(counts.empty + counts.compiled + counts.refused);
    expect(counts.compiled).toBeGreaterThan(counts.refused);
    console.info(`horaires des sources : ${JSON.stringify(counts)}`);
  });
});

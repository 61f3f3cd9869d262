/**
 * Differential test against opening_hours.js (the reference implementation of the OSM syntax, a dev
 * dependency used here only): same state at thousands of instants for the values of the real sources
 * and for values exercising each syntax element. opening_hours.js reads the process clock, so this
 * file runs it with TZ=Europe/Paris; our code does not depend on TZ (see time.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import OpeningHours from 'opening_hours';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileHours, nextChange, parisTime, stateAt } from '../../../src/core/hours/index.js';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const NOMINATIM = { address: { country_code: 'fr', state: 'Île-de-France' }, lat: 48.85, lon: 2.35 };

const SYNTAX = [
  'Mo-Fr 08:00-18:00; We 12:00-14:00 off',
  'Mo-Fr 09:00-18:00; We 10:00-12:00',
  'Fr 20:00-02:00; Sa 10:00-12:00',
  'Sa 10:00-12:00; Fr 20:00-02:00',
  'Mo-Su 22:00-02:00',
  'Mo 22:00-26:00; Tu 10:00-12:00',
  'Su 20:00-02:00, Mo 10:00-12:00',
  'Mo-Fr 19:00-11:00',
  'Mo 10:00-10:00',
  'Mo-Fr 08:00-12:00 || "sur rdv"',
  'Mo-Fr 08:00-12:00 || 14:00-16:00',
  'Mo-Fr 09:00-12:00 || Sa 10:00-12:00 "rdv"',
  'Mo-Fr 09:00-12:00; PH 10:00-11:00',
  'PH 10:00-11:00; Mo-Fr 09:00-12:00',
  'Mo-Fr 10:00-20:00; We 12:00-14:00 off; PH off',
  'Sa,Su,PH 10:00-12:00',
  'Mo-Fr 09:00-18:00; PH,Su off',
  '24/7; PH off',
  'Mo[1] 09:00-12:00',
  'Mo[-1] 09:00-12:00; Tu[2,4] 14:00-16:00',
  'week 1-53/2 Mo 09:00-12:00',
  'week 2-52/2 Fr 09:00-12:00',
  'Dec 24 off; Mo-Fr 09:00-12:00',
  'Mo-Fr 09:00-12:00; Dec 24 off',
  'Dec 24,31 09:00-12:00',
  'Jul-Aug Mo-Fr 10:00-12:00',
  'Sep-Jun Mo-Fr 09:00-17:00; Jul-Aug Mo-Fr 10:00-12:00; PH off',
  'Mo-Fr 09:00-12:00; Dec 24-Jan 02 off',
  'Jan-Mar,Oct-Dec Mo-Fr 09:00-12:00',
  'Nov-Feb Mo 10:00-12:00',
  '2024 Dec 23-2025 Jan 03 off; Mo-Fr 09:00-17:00',
  'Mo-Fr 09:00-17:00; 2024 Dec 23-2025 Jan 03 off',
  'Mo-Fr 09:00-12:00 "sur rdv"',
  'Mo-Fr 09:00-12:00 unknown',
  'Mo-Fr 09:00-12:00; We unknown "x"',
  'Mo-Fr 09:00-12:00, We 14:00-18:00',
  'Mo-Fr 08:00-12:00; 14:00-16:00 off',
  'Mo-Fr 09:00-12:00; 14:00-17:00',
  'Mo-Fr 09:00-12:00; Jul off',
];

function sourceValues(): string[] {
  const out = new Set<string>();
  if (!existsSync(SHARED)) return [];
  const root = `${SHARED}data/sources/`;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'horaires' && typeof v === 'string') out.add(v);
        else walk(v);
      }
    }
  };
  for (const folder of readdirSync(root)) {
    for (const file of readdirSync(`${root}${folder}`)) {
      if (file.endsWith('.json') && !file.includes('mednum-cli-config'))
        walk(JSON.parse(readFileSync(`${root}${folder}/${file}`, 'utf8')));
    }
  }
  return [...out];
}

/**
 * Nights of clock changes are left out: opening_hours.js computes ranges past midnight with fixed
 * 24-hour days and gets the spring-forward night wrong (e.g. "Su 20:00-02:00" at Monday 00:42).
 */
function nearClockChange(date: Date): boolean {
  const t = parisTime(date);
  return [3, 10].includes(t.month) && t.day >= 25 && (t.weekday === 6 || t.weekday === 0);
}

describe('cross-check with opening_hours.js', () => {
  const previousTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Paris';
  });
  afterAll(() => {
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
  });

  it('runs opening_hours.js on Paris time', () => {
    expect(new Date('2025-01-15T12:00:00Z').getHours()).toBe(13);
  });

  it('gives the same state at every sampled instant of 2024–2025', () => {
    const values = [...SYNTAX, ...sourceValues()];
    const mismatches: string[] = [];
    let compared = 0;
    for (const value of values) {
      const compiled = compileHours(value);
      if (!compiled.ok) continue;
      const reference = new OpeningHours(value, NOMINATIM, { mode: 0 } as never);
      for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 197 * 60_000 * 7) {
        const date = new Date(ms);
        if (nearClockChange(date)) continue;
        const expected = reference.getUnknown(date)
          ? 'unknown'
          : reference.getState(date)
            ? 'open'
            : 'closed';
        const actual = stateAt(compiled.hours, date).state;
        compared++;
        if (actual !== expected && mismatches.length < 20)
          mismatches.push(`${value} @ ${date.toISOString()}: ${actual} ≠ ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(values.length * 500);
  });

  it('finds the same next opening or closing', () => {
    const values = [...SYNTAX.filter((v) => !v.includes('"') && !v.includes('unknown')), ...sourceValues()];
    const mismatches: string[] = [];
    for (const value of values) {
      const compiled = compileHours(value);
      if (!compiled.ok) continue;
      const reference = new OpeningHours(value, NOMINATIM, { mode: 0 } as never);
      for (let ms = Date.UTC(2024, 4, 1); ms < Date.UTC(2025, 4, 1); ms += 997 * 60_000 * 11) {
        const date = new Date(ms);
        if (nearClockChange(date)) continue;
        const ours = nextChange(compiled.hours, date).until?.getTime();
        // opening_hours.js reports every change; follow it until "open" flips.
        const open = reference.getState(date);
        let at: Date | undefined = date;
        const limit = ms + 400 * 86_400_000;
        do at = reference.getNextChange(at, new Date(limit));
        while (at && reference.getState(at) === open);
        if (ours !== at?.getTime() && mismatches.length < 20) {
          mismatches.push(
            `${value} @ ${date.toISOString()}: ${ours && new Date(ours).toISOString()} ≠ ${at?.toISOString()}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

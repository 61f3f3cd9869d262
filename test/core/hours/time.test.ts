import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  instantOf,
  localTime,
  parisTime,
  timeZoneForInsee,
} from '../../../src/core/hours/index.js';
import { isoWeek, weekdayOf } from '../../../src/core/hours/time.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall clock of an instant in a zone according to Intl (reference, test only). */
function intlClock(date: Date, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    minutes: get('hour') * 60 + get('minute'),
  };
}

function sameClock(t: { year: number; month: number; day: number; minutes: number }, ref: typeof t): boolean {
  return t.year === ref.year && t.month === ref.month && t.day === ref.day && t.minutes === ref.minutes;
}

describe('civil days', () => {
  it('round-trips dates and numbers 1970-01-01 as day 0, a Thursday', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(weekdayOf(0)).toBe(3);
    for (let n = -800_000; n < 800_000; n += 997) {
      const [y, m, d] = civilFromDays(n);
      expect(daysFromCivil(y, m, d)).toBe(n);
    }
    expect(civilFromDays(daysFromCivil(2024, 2, 29))).toEqual([2024, 2, 29]);
  });

  it('gives ISO week numbers, including weeks 53 and week 1 starting in December', () => {
    expect(isoWeek(daysFromCivil(2024, 12, 30))).toBe(1);
    expect(isoWeek(daysFromCivil(2021, 1, 3))).toBe(53);
    expect(isoWeek(daysFromCivil(2026, 1, 1))).toBe(1);
    expect(isoWeek(daysFromCivil(2025, 6, 16))).toBe(25);
  });
});

describe('parisTime', () => {
  it('switches to summer time on the last Sunday of March at 01:00 UTC', () => {
    const before = parisTime(new Date('2024-03-31T00:59:00Z'));
    const after = parisTime(new Date('2024-03-31T01:00:00Z'));
    expect([before.minutes, before.offsetMinutes]).toEqual([1 * 60 + 59, 60]);
    expect([after.minutes, after.offsetMinutes]).toEqual([3 * 60, 120]);
    expect(after.weekday).toBe(6);
  });

  it('switches back on the last Sunday of October at 01:00 UTC, showing 02:xx twice', () => {
    const first = parisTime(new Date('2024-10-27T00:30:00Z'));
    const second = parisTime(new Date('2024-10-27T01:30:00Z'));
    expect([first.minutes, first.offsetMinutes]).toEqual([150, 120]);
    expect([second.minutes, second.offsetMinutes]).toEqual([150, 60]);
  });

  it('crosses New Year in local time', () => {
    const t = parisTime(new Date('2024-12-31T23:30:00Z'));
    expect([t.year, t.month, t.day, t.minutes, t.weekday]).toEqual([2025, 1, 1, 30, 2]);
    expect(t.dayNumber).toBe(daysFromCivil(2025, 1, 1));
  });

  it('agrees with Intl on Europe/Paris over 1996–2060', () => {
    const mismatches: string[] = [];
    const start = Date.UTC(1996, 0, 1);
    const end = Date.UTC(2060, 0, 1);
    for (let ms = start; ms < end; ms += 7_919 * 60_000) {
      const date = new Date(ms);
      if (!sameClock(parisTime(date), intlClock(date, 'Europe/Paris'))) mismatches.push(date.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with Intl on every minute around the changes of 2020–2035', () => {
    const mismatches: string[] = [];
    for (let year = 2020; year <= 2035; year++) {
      for (const month of [3, 10]) {
        for (let day = 24; day <= 31; day++) {
          const base = Date.UTC(year, month - 1, day, 0, 0);
          for (let m = -30; m <= 150; m += 1) {
            const date = new Date(base + m * 60_000);
            if (!sameClock(parisTime(date), intlClock(date, 'Europe/Paris')))
              mismatches.push(date.toISOString());
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('overseas clocks', () => {
  const zones: Array<[string, string]> = [
    ['97105', 'America/Guadeloupe'],
    ['97209', 'America/Martinique'],
    ['97302', 'America/Cayenne'],
    ['97411', 'Indian/Reunion'],
    ['97502', 'America/Miquelon'],
    ['97611', 'Indian/Mayotte'],
    ['98818', 'Pacific/Noumea'],
    ['98735', 'Pacific/Tahiti'],
  ];
  it.each(zones)('%s follows %s', (codeInsee, zoneName) => {
    const zone = timeZoneForInsee(codeInsee);
    expect(zone.name).toBe(zoneName);
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2010, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 3_571 * 60_000) {
      const date = new Date(ms);
      if (!sameClock(localTime(date, zone), intlClock(date, zoneName))) mismatches.push(date.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps Paris for metropolitan France and Corsica', () => {
    expect(timeZoneForInsee('75056').name).toBe('Europe/Paris');
    expect(timeZoneForInsee('2A004').name).toBe('Europe/Paris');
    expect(timeZoneForInsee(undefined).name).toBe('Europe/Paris');
  });
});

describe('instantOf', () => {
  it('inverts parisTime', () => {
    for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 9_973 * 60_000) {
      const date = new Date(Math.floor(ms / 60_000) * 60_000);
      const t = parisTime(date);
      const back = instantOf(t.dayNumber, t.minutes);
      // The repeated autumn hour maps to its first occurrence.
      if (back.getTime() !== date.getTime()) expect(date.getTime() - back.getTime()).toBe(3_600_000);
      else expect(back).toEqual(date);
    }
  });

  it('maps a time skipped in spring to the instant of the change, a repeated one to its first occurrence', () => {
    expect(instantOf(daysFromCivil(2024, 3, 31), 150).toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(instantOf(daysFromCivil(2024, 10, 27), 150).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(instantOf(daysFromCivil(2024, 7, 1), 24 * 60 + 30).toISOString()).toBe('2024-07-01T22:30:00.000Z');
  });
});

describe('independence from the process time zone', () => {
  const probe = fileURLToPath(new URL('./fixtures/tz-probe.ts', import.meta.url));
  const run = (tz: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', probe], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });

  it('gives the same answers under TZ=Pacific/Auckland, America/New_York and UTC', () => {
    const auckland = run('Pacific/Auckland');
    const newYork = run('America/New_York');
    const utc = run('UTC');
    const parsed = JSON.parse(auckland) as { tz: number; results: unknown[] };
    // The child really ran in another zone…
    expect(parsed.tz).not.toBe((JSON.parse(utc) as { tz: number }).tz);
    // …and every answer is the same.
    expect(parsed.results.length).toBeGreaterThan(50);
    expect((JSON.parse(newYork) as { results: unknown[] }).results).toEqual(parsed.results);
    expect((JSON.parse(utc) as { results: unknown[] }).results).toEqual(parsed.results);
  });
});

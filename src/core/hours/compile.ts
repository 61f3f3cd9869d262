/**
 * `compileHours`: parse once, precompute the ordinary week when the rules allow it, so that
 * evaluating "open now" is a table look-up for almost every lieu.
 */
import { computeWeek, openTable } from './evaluate.js';
import { parseHours } from './parse.js';
import { HOLIDAY_PH, OPEN, type CompiledHours } from './types.js';

export type CompileResult =
  { ok: true; hours: CompiledHours; warnings: string[] } | { ok: false; reason: string };

/**
 * Compiles an OSM `opening_hours` value. Never throws: a value that cannot be evaluated gives
 * `{ ok: false, reason }` with a reason in plain French that says where the problem is.
 */
export function compileHours(text: string): CompileResult {
  try {
    const parsed = parseHours(text);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    const rules = parsed.rules;
    const dateDependent = rules.some((r) => r.years || r.monthdays || r.weeks || r.nth);
    const usesPublicHolidays = rules.some((r) => (r.holidays & HOLIDAY_PH) !== 0);
    const week = dateDependent ? null : computeWeek(rules);
    const alwaysOpen =
      !!week &&
      !usesPublicHolidays &&
      week.every(
        (day) =>
          day.length === 1 &&
          day[0]!.from === 0 &&
          day[0]!.to === 1440 &&
          day[0]!.state === OPEN &&
          !day[0]!.comment,
      );
    // Every field set here, in one order: all compiled values share one shape, which keeps the
    // evaluation of thousands of them monomorphic (and fast).
    const hours: CompiledHours = {
      source: text,
      rules,
      alwaysOpen,
      usesPublicHolidays,
      dateDependent,
      week,
      openTable: week ? openTable(week) : null,
      schedules: undefined,
      lastDay: NaN,
      lastRegion: '',
      lastSegments: undefined,
      typicalWeek: undefined,
    };
    return { ok: true, hours, warnings: parsed.warnings };
  } catch (error) {
    // Defensive: the parser reports its own errors; anything else is a bug, still never thrown at callers.
    return { ok: false, reason: `horaires non évaluables (erreur interne : ${(error as Error).message})` };
  }
}

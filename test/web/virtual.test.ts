/** Windowing arithmetic of the virtualised list. */
import { describe, expect, it } from 'vitest';
import { RowHeights, visibleRange } from '../../src/web/lib/virtual.js';

describe('RowHeights', () => {
  it('estimates, then uses measured heights', () => {
    const rows = new RowHeights(5, 100);
    expect(rows.total).toBe(500);
    expect(rows.set(1, 150)).toBe(true);
    expect(rows.set(1, 150.2)).toBe(false);
    expect(rows.set(9, 10)).toBe(false);
    expect(rows.set(2, 0)).toBe(false);
    expect(rows.offset(2)).toBe(250);
    expect(rows.total).toBe(550);
    expect(rows.indexAt(0)).toBe(0);
    expect(rows.indexAt(99.9)).toBe(0);
    expect(rows.indexAt(100)).toBe(1);
    expect(rows.indexAt(249)).toBe(1);
    expect(rows.indexAt(250)).toBe(2);
    expect(rows.indexAt(10_000)).toBe(4);
  });
});

describe('visibleRange', () => {
  it('renders the rows in view plus overscan, and spacers for the rest', () => {
    const rows = new RowHeights(10_000, 200);
    const range = visibleRange(rows, 20_000, 800, 3);
    expect(range.start).toBe(97);
    expect(range.end).toBe(107);
    expect(range.before).toBe(97 * 200);
    expect(range.after).toBe((10_000 - 107) * 200);
    expect(range.before + (range.end - range.start) * 200 + range.after).toBe(rows.total);
  });

  it('clamps at both ends and handles an empty list', () => {
    const rows = new RowHeights(3, 200);
    expect(visibleRange(rows, 0, 2000, 4)).toEqual({ start: 0, end: 3, before: 0, after: 0 });
    expect(visibleRange(rows, 99_999, 500, 1)).toMatchObject({ start: 1, end: 3 });
    expect(visibleRange(new RowHeights(0, 200), 0, 500)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});

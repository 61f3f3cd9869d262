/**
 * A list that renders only the rows near the screen (see lib/virtual.ts), for thousands of results.
 * Works inside a scrolling column (desktop) or with the page scroll (phone): the visible part is the
 * list's box clipped by its scrolling ancestor and the window. Rows keep `aria-setsize` and
 * `aria-posinset`, so screen readers announce « 3 sur 1 250 »; keyboard focus moving down the list
 * scrolls it, which renders the next rows before Tab reaches them.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { RowHeights, visibleRange, type VisibleRange } from '../lib/virtual.js';

export interface VirtualListProps<T> {
  count: number;
  /** Estimated row height in px before measurement. */
  estimate: number;
  /** Changes when the rows change (new results): heights are measured again. */
  resetKey: string;
  rows: (start: number, end: number) => T[];
  keyOf: (row: T) => string;
  render: (row: T, index: number) => ComponentChildren;
  label: string;
  id?: string;
  overscan?: number;
}

function scrollParent(element: HTMLElement): HTMLElement | undefined {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
  }
  return undefined;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { count, estimate, resetKey, overscan = 4 } = props;
  const listRef = useRef<HTMLOListElement>(null);
  const heights = useMemo(() => new RowHeights(count, estimate), [count, estimate, resetKey]);
  const [range, setRange] = useState<VisibleRange>(() => visibleRange(heights, 0, 900, overscan));
  const [layoutVersion, setLayoutVersion] = useState(0);

  const update = () => {
    const list = listRef.current;
    if (!list) return;
    const rect = list.getBoundingClientRect();
    let top = 0;
    let bottom = window.innerHeight;
    const parent = scrollParent(list);
    if (parent) {
      const box = parent.getBoundingClientRect();
      top = Math.max(top, box.top);
      bottom = Math.min(bottom, box.bottom);
    }
    const scrollTop = Math.max(0, top - rect.top);
    const height = Math.max(0, bottom - Math.max(top, rect.top));
    const next = visibleRange(heights, scrollTop, Math.max(height, estimate), overscan);
    setRange((current) =>
      current.start === next.start &&
      current.end === next.end &&
      current.before === next.before &&
      current.after === next.after
        ? current
        : next,
    );
  };

  useLayoutEffect(update, [heights, layoutVersion]);

  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), update()));
    };
    document.addEventListener('scroll', schedule, { capture: true, passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      document.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [heights]);

  // Measure rendered rows; a changed height moves the rows below.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    let changed = false;
    for (const child of Array.from(list.children) as HTMLElement[]) {
      const index = Number(child.dataset.index);
      if (Number.isInteger(index) && heights.set(index, child.getBoundingClientRect().height)) changed = true;
    }
    if (changed) setLayoutVersion((v) => v + 1);
  });

  useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setLayoutVersion((v) => v + 1));
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const start = Math.min(range.start, count);
  const end = Math.min(range.end, count);
  const rows = end > start ? props.rows(start, end) : [];
  return (
    <ol
      ref={listRef}
      id={props.id}
      class="virtual-list"
      aria-label={props.label}
      style={{
        paddingTop: `${heights.offset(start)}px`,
        paddingBottom: `${Math.max(0, heights.total - heights.offset(start + rows.length))}px`,
      }}
    >
      {rows.map((row, k) => (
        <li key={props.keyOf(row)} data-index={start + k} aria-setsize={count} aria-posinset={start + k + 1}>
          {props.render(row, start + k)}
        </li>
      ))}
    </ol>
  );
}

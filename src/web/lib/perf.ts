/**
 * Performance marks read by the benchmark (bench/suites/web.ts) and visible in the browser's
 * performance panel:
 * - `repere:first-results`: the first list of results is painted;
 * - `repere:filter-commit`: from a filter change to the updated results in the DOM (the app's work);
 * - `repere:filter-change`: from a filter change to the next painted frame showing them.
 */
let pendingChange: number | undefined;
let firstPainted = false;

/** Call when a filter changes (before the state update). */
export function markFilterStart(): void {
  pendingChange = performance.now();
}

/** Call from a layout effect of a render that shows results (the DOM is up to date). */
export function markResultsRendered(): void {
  const started = pendingChange;
  const first = !firstPainted;
  if (started === undefined && !first) return;
  pendingChange = undefined;
  firstPainted = true;
  if (started !== undefined)
    performance.measure('repere:filter-commit', { start: started, end: performance.now() });
  // After the next animation frame has run, the browser has painted it.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (first) performance.mark('repere:first-results');
      if (started !== undefined)
        performance.measure('repere:filter-change', { start: started, end: performance.now() });
    }, 0),
  );
}

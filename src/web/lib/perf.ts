/**
 * Performance marks read by the benchmark (bench/suites/web.ts) and visible in the browser's
 * performance panel: first results painted, and each filter change from input to painted results.
 */
let pendingChange: number | undefined;
let firstPainted = false;

/** Call when a filter changes (before the state update). */
export function markFilterStart(): void {
  pendingChange = performance.now();
}

/** Call after a render that shows results: measures once the frame is painted. */
export function markResultsRendered(): void {
  const started = pendingChange;
  const first = !firstPainted;
  if (started === undefined && !first) return;
  pendingChange = undefined;
  firstPainted = true;
  // The frame after the next animation frame: the results are on screen.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (first) performance.mark('repere:first-results');
      if (started !== undefined) {
        performance.measure('repere:filter-change', { start: started, end: performance.now() });
      }
    }, 0),
  );
}

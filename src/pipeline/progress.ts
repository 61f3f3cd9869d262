/**
 * Progress of an import run, as events (`runImport`'s `onProgress`) and two renderers: bars redrawn in
 * place for a terminal, plain lines for logs and pipes (one line per stage change, never one per record).
 */

/** The stages of one source, in order. */
export const IMPORT_STAGES = ['read', 'repair', 'validate', 'geocode', 'dedup', 'store'] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

export const STAGE_LABELS: Readonly<Record<ImportStage, string>> = {
  read: 'lecture',
  repair: 'réparation',
  validate: 'validation',
  geocode: 'géocodage',
  dedup: 'dédoublonnage',
  store: 'enregistrement',
};

export type ImportProgressEvent =
  | { type: 'source-start'; sourceId: string; name: string; index: number; count: number }
  /**
   * `total` is unknown while a file is streamed (read, repair, validate); `finished` marks the last event
   * of a stage.
   */
  | { type: 'stage'; sourceId: string; stage: ImportStage; done: number; total?: number; finished?: boolean }
  | { type: 'source-end'; sourceId: string; outcome: 'imported' | 'unchanged' | 'failed'; message: string };

export type ProgressListener = (event: ImportProgressEvent) => void;

interface StageState {
  done: number;
  total?: number;
}

const BAR_WIDTH = 24;

function bar(done: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return ''.padEnd(BAR_WIDTH + 2);
  const ratio = Math.max(0, Math.min(1, done / total));
  const full = Math.round(ratio * BAR_WIDTH);
  return `[${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)}]`;
}

const number = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f/g, ' ');

function stageLine(stage: ImportStage, state: StageState | undefined): string {
  const label = STAGE_LABELS[stage].padEnd(15);
  if (!state) return `  ${label} ${''.padEnd(BAR_WIDTH + 2)} …`;
  const count =
    state.total === undefined ? `${number(state.done)}` : `${number(state.done)} / ${number(state.total)}`;
  return `  ${label} ${bar(state.done, state.total)} ${count}`;
}

/**
 * Progress bars for a terminal: one block per source, one bar per stage, redrawn in place (ANSI cursor
 * moves) at most every `intervalMs`. `write` receives raw text (stderr, so that `--format json` on stdout
 * stays clean).
 */
export function terminalProgress(write: (text: string) => void, intervalMs = 100): ProgressListener {
  let stages = new Map<ImportStage, StageState>();
  let header = '';
  let drawn = 0;
  let last = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    const lines = [header, ...IMPORT_STAGES.map((s) => stageLine(s, stages.get(s)))];
    // Move up over the previous drawing, then rewrite every line (clearing leftovers).
    const up = drawn ? `\x1b[${drawn}A` : '';
    write(`${up}${lines.map((l) => `\r\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  return (event) => {
    switch (event.type) {
      case 'source-start':
        stages = new Map();
        header = `Source ${event.index}/${event.count} : ${event.sourceId} — ${event.name}`;
        drawn = 0;
        draw(true);
        break;
      case 'stage':
        stages.set(event.stage, {
          done: event.done,
          ...(event.total !== undefined ? { total: event.total } : {}),
        });
        draw(event.finished === true);
        break;
      case 'source-end':
        draw(true);
        write(`  → ${event.message}\n`);
        drawn = 0;
        break;
    }
  };
}

/**
 * Plain progress lines (not a terminal): the start of each source, each finished stage with its count,
 * and the outcome. Quiet enough for CI logs.
 */
export function lineProgress(write: (text: string) => void): ProgressListener {
  return (event) => {
    switch (event.type) {
      case 'source-start':
        write(`Source ${event.index}/${event.count} : ${event.sourceId} — ${event.name}\n`);
        break;
      case 'stage':
        if (event.finished) write(`${event.sourceId} : ${STAGE_LABELS[event.stage]} ${number(event.done)}\n`);
        break;
      case 'source-end':
        write(`${event.sourceId} : ${event.message}\n`);
        break;
    }
  };
}

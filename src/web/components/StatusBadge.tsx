/** Open status, in words first (never conveyed by colour alone): « Ouvert · ferme à 17:30 ». */
import type { OpenState } from '../lib/format.js';

const SYMBOL: Record<OpenState, string> = { open: '●', closed: '○', unknown: '◌' };

export function StatusBadge({ state, text }: { state: OpenState; text: string }) {
  return (
    <span class={`status status--${state}`}>
      <span class="status__dot" aria-hidden="true">
        {SYMBOL[state]}
      </span>
      {text}
    </span>
  );
}

/** Active filters as buttons that remove them: what is applied stays visible next to the results. */
import type { Query } from '../../core/query/index.js';
import { t, type Lang } from '../i18n/index.js';
import { activeChips, clearFilters } from '../lib/filters.js';

export function FilterChips({
  query,
  lang,
  onChange,
}: {
  query: Query;
  lang: Lang;
  onChange: (q: Query) => void;
}) {
  const chips = activeChips(query, lang);
  if (!chips.length) return null;
  return (
    <ul class="chips" aria-label={t('filters.title', {}, lang)}>
      {chips.map((chip) => (
        <li key={chip.key}>
          <button
            type="button"
            class="chip"
            onClick={() => onChange(chip.remove(query))}
            aria-label={t('filters.remove', { label: chip.label }, lang)}
          >
            {chip.label}
            <span aria-hidden="true"> ✕</span>
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button type="button" class="chip chip--reset" onClick={() => onChange(clearFilters(query))}>
            {t('filters.reset', {}, lang)}
          </button>
        </li>
      )}
    </ul>
  );
}

/**
 * Every filter of the standard: name, « ouvert maintenant », « ouvert le », weekly slots, gratuit,
 * online booking, itinérance, and each enumerated list (services, publics, prises en charge, frais,
 * dispositifs, labels, modalités, typologie). Native controls in fieldsets with legends: usable with
 * the keyboard and announced correctly; each change applies at once (results update in a few ms).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Query } from '../../core/query/index.js';
import { t, type Lang } from '../i18n/index.js';
import {
  LIST_FIELDS,
  addSlot,
  hasValue,
  isWeekday,
  parseTime,
  setFlag,
  setOpenAt,
  setOpenNow,
  setText,
  toggleValue,
  valueLabel,
  valuesOf,
  type ListField,
} from '../lib/filters.js';

export interface FilterPanelProps {
  query: Query;
  lang: Lang;
  onChange: (query: Query, options?: { replace?: boolean }) => void;
}

const OPEN_FIELDS: ReadonlySet<ListField> = new Set(['services']);

function ListFieldset({ field, query, lang, onChange }: { field: ListField } & FilterPanelProps) {
  const values = valuesOf(field);
  const selected = values.filter((v) => hasValue(query, field, v)).length;
  const id = `filtre-${field}`;
  // Open at first when it matters; afterwards the person decides (a re-render never closes it).
  const [open, setOpen] = useState(() => OPEN_FIELDS.has(field) || selected > 0);
  useEffect(() => {
    if (selected > 0) setOpen(true);
  }, [selected > 0]);
  return (
    <details
      class="filter-group"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        {t(`filters.field.${field}` as 'filters.field.services', {}, lang)}
        {selected > 0 && <span class="filter-group__count"> ({selected})</span>}
      </summary>
      <fieldset>
        <legend class="visually-hidden">
          {t(`filters.field.${field}` as 'filters.field.services', {}, lang)}
        </legend>
        {values.map((value, i) => (
          <div class="check" key={value}>
            <input
              type="checkbox"
              id={`${id}-${i}`}
              name={field}
              value={value}
              checked={hasValue(query, field, value)}
              onChange={(e) =>
                onChange(toggleValue(query, field, value, (e.currentTarget as HTMLInputElement).checked))
              }
            />
            <label for={`${id}-${i}`}>{valueLabel(field, value)}</label>
          </div>
        ))}
      </fieldset>
    </details>
  );
}

function SlotEditor({ query, lang, onChange }: FilterPanelProps) {
  const [day, setDay] = useState('5');
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('12:00');
  const [error, setError] = useState('');
  const add = () => {
    const start = parseTime(from);
    const end = parseTime(to);
    const weekday = Number(day);
    if (start === undefined || end === undefined || end <= start || !isWeekday(weekday)) {
      setError(t('filters.slotInvalid', {}, lang));
      return;
    }
    setError('');
    onChange(addSlot(query, { day: weekday, from: start, to: end }));
  };
  return (
    <fieldset class="slot-editor" aria-describedby={error ? 'slot-error' : undefined}>
      <legend>{t('filters.slots', {}, lang)}</legend>
      <div class="slot-editor__row">
        <label>
          {t('filters.slotDay', {}, lang)}
          <select value={day} onChange={(e) => setDay((e.currentTarget as HTMLSelectElement).value)}>
            {[0, 1, 2, 3, 4, 5, 6].map((d) => (
              <option key={d} value={String(d)}>
                {t(`days.${d}` as 'days.0', {}, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.slotFrom', {}, lang)}
          <input
            type="time"
            value={from}
            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('filters.slotTo', {}, lang)}
          <input type="time" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      <button type="button" class="button button--small button--secondary" onClick={add}>
        {t('filters.slotAdd', {}, lang)}
      </button>
      {error && (
        <p id="slot-error" class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function FilterPanel(props: FilterPanelProps) {
  const { query, lang, onChange } = props;
  const [text, setTextValue] = useState(query.q ?? '');
  useEffect(() => setTextValue(query.q ?? ''), [query.q]);
  // Typing refines the current history entry instead of adding one per letter.
  useEffect(() => {
    if ((query.q ?? '') === text) return;
    const timer = setTimeout(() => onChange(setText(query, text), { replace: true }), 150);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters.title', {}, lang)}>
      <div class="field">
        <label for="filtre-q">{t('filters.q', {}, lang)}</label>
        <p class="hint" id="filtre-q-hint">
          {t('filters.qHint', {}, lang)}
        </p>
        <input
          id="filtre-q"
          type="search"
          value={text}
          maxLength={200}
          aria-describedby="filtre-q-hint"
          autoComplete="off"
          onInput={(e) => setTextValue((e.currentTarget as HTMLInputElement).value)}
        />
      </div>

      <fieldset class="filter-block">
        <legend>{t('filters.when', {}, lang)}</legend>
        <div class="check">
          <input
            id="filtre-ouvert"
            type="checkbox"
            checked={query.openNow === true}
            onChange={(e) => onChange(setOpenNow(query, (e.currentTarget as HTMLInputElement).checked))}
          />
          <label for="filtre-ouvert">{t('filters.openNow', {}, lang)}</label>
        </div>
        <div class="field">
          <label for="filtre-ouvert-le">{t('filters.openAt', {}, lang)}</label>
          <p class="hint" id="filtre-ouvert-le-hint">
            {t('filters.openAtHint', {}, lang)}
          </p>
          <input
            id="filtre-ouvert-le"
            type="datetime-local"
            aria-describedby="filtre-ouvert-le-hint"
            value={query.openAt?.slice(0, 16) ?? ''}
            onChange={(e) =>
              onChange(setOpenAt(query, (e.currentTarget as HTMLInputElement).value || undefined))
            }
          />
        </div>
        <SlotEditor {...props} />
      </fieldset>

      <fieldset class="filter-block">
        <legend>{t('filters.conditions', {}, lang)}</legend>
        {(
          [
            ['gratuit', 'filters.gratuit'],
            ['rdvEnLigne', 'filters.rdvEnLigne'],
            ['itinerant', 'filters.itinerant'],
          ] as const
        ).map(([flag, label]) => (
          <div class="check" key={flag}>
            <input
              id={`filtre-${flag}`}
              type="checkbox"
              checked={query[flag] === true}
              onChange={(e) =>
                onChange(
                  setFlag(query, flag, (e.currentTarget as HTMLInputElement).checked ? true : undefined),
                )
              }
            />
            <label for={`filtre-${flag}`}>{t(label, {}, lang)}</label>
          </div>
        ))}
      </fieldset>

      {LIST_FIELDS.map((field) => (
        <ListFieldset key={field} field={field} {...props} />
      ))}
    </form>
  );
}

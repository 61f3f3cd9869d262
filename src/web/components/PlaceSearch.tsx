/**
 * Search a commune, a postcode or an address: an ARIA 1.2 combobox (list of suggestions, arrow keys,
 * Enter, Escape), fed by the offline gazetteer first and by the national geocoder for street
 * addresses when online. Accents, case and « St » are ignored by the gazetteer's folding.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, tn, type Lang } from '../i18n/index.js';
import {
  loadGazetteer,
  looksLikeAddress,
  searchAddresses,
  searchTerritories,
  type Place,
} from '../data/places.js';

export interface PlaceSearchProps {
  id: string;
  lang: Lang;
  label: string;
  hint?: string;
  /** Text shown initially (the current position's label). */
  initial?: string;
  submitLabel?: string;
  onSelect: (place: Place) => void;
}

export function PlaceSearch({ id, lang, label, hint, initial, submitLabel, onSelect }: PlaceSearchProps) {
  const [text, setText] = useState(initial ?? '');
  const [options, setOptions] = useState<Place[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const searched = useRef('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => setText(initial ?? ''), [initial]);

  const search = async (value: string): Promise<Place[]> => {
    const query = value.trim();
    abort.current?.abort();
    if (query.length < 2) {
      setOptions([]);
      setOpen(false);
      setStatus('');
      return [];
    }
    const controller = new AbortController();
    abort.current = controller;
    setLoading(true);
    try {
      const gazetteer = await loadGazetteer();
      if (controller.signal.aborted) return [];
      let places = searchTerritories(gazetteer, query);
      if (looksLikeAddress(query) || places.length === 0) {
        const addresses = await searchAddresses(query, controller.signal);
        if (controller.signal.aborted) return [];
        places = looksLikeAddress(query) ? [...addresses, ...places] : [...places, ...addresses];
      }
      places = places.slice(0, 8);
      searched.current = query;
      setOptions(places);
      setOpen(places.length > 0);
      setActive(-1);
      setStatus(
        places.length
          ? tn('search.suggestions', places.length, {}, lang)
          : `${t('search.none', { q: query }, lang)}${navigator.onLine === false && looksLikeAddress(query) ? ` ${t('search.offlineAddress', {}, lang)}` : ''}`,
      );
      return places;
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setStatus((error as Error).message);
      return [];
    } finally {
      if (abort.current === controller) setLoading(false);
    }
  };

  useEffect(() => {
    if (text === (initial ?? '') || text.trim() === searched.current) return;
    const timer = setTimeout(() => void search(text), 120);
    return () => clearTimeout(timer);
  }, [text]);

  const choose = (place: Place) => {
    setText(place.label);
    searched.current = place.label.trim();
    setOpen(false);
    setOptions([]);
    setStatus('');
    onSelect(place);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open && options.length) setOpen(true);
      if (!options.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => {
        const next = current + step;
        return next < 0 ? options.length - 1 : next >= options.length ? 0 : next;
      });
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        setText('');
      }
    } else if (event.key === 'Enter' && open && active >= 0 && options[active]) {
      event.preventDefault();
      choose(options[active]!);
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const query = text.trim();
    if (!query) return;
    const places = query === searched.current && options.length ? options : await search(query);
    if (places[0]) choose(places[0]);
    else inputRef.current?.focus();
  };

  const listId = `${id}-suggestions`;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <form class="place-search" role="search" onSubmit={onSubmit}>
      <label for={id} class="place-search__label">
        {label}
      </label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div class="place-search__row">
        <div class="place-search__box">
          <input
            ref={inputRef}
            id={id}
            type="text"
            role="combobox"
            autoComplete="off"
            spellcheck={false}
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-describedby={hintId}
            aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            onFocus={() => void loadGazetteer().catch(() => undefined)}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
          />
          <ul id={listId} role="listbox" class="place-search__options" hidden={!open} aria-label={label}>
            {options.map((place, i) => (
              <li
                key={`${place.kind}:${place.code ?? ''}:${place.label}`}
                id={`${id}-option-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'is-active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(place)}
              >
                <span class="place-search__kind">
                  {t(`search.kind.${place.kind}` as 'search.kind.commune', {}, lang)}
                </span>{' '}
                {place.label}
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" class="button">
          {submitLabel ?? t('search.submit', {}, lang)}
        </button>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {loading && !options.length ? t('search.loading', {}, lang) : status}
      </p>
      {!loading && status && !open && options.length === 0 && searched.current && (
        <p class="field-error">{status}</p>
      )}
    </form>
  );
}

/**
 * The four questions of the journey. Each gets the state and a `change` that writes the next state
 * to the URL (replacing the history entry: back goes to the previous step, not to the previous
 * checkbox). Plain words, one-line hints, pictograms always beside text.
 */
import { useState } from 'preact/hooks';
import {
  ACCES_CHOICES,
  ACCOMPAGNEMENT_CHOICES,
  PARTS_OF_DAY,
  PRISE_EN_CHARGE_CHOICES,
  PUBLIC_CHOICES,
  RADIUS_CHOICES,
  choicesIn,
  describeSlots,
  hasSlot,
  needGroups,
  partOfDayLabel,
  weekdayNames,
  toggle,
  withDistance,
  withPlace,
  withRadius,
  withSlot,
  type Choice,
  type FraisChoice,
  type JourneyState,
} from '../../core/journey/index.js';
import type { Slot, Weekday } from '../../core/query/index.js';
import { PlaceSearch } from '../components/PlaceSearch.js';
import type { Place } from '../data/places.js';
import { t, type Lang, type MessageKey } from '../i18n/index.js';
import { geolocate } from '../lib/geolocate.js';
import { Icon } from './icons.js';

export interface StepProps {
  state: JourneyState;
  change: (next: JourneyState) => void;
  lang: Lang;
}

function CheckList<V extends string>({
  name,
  choices,
  values,
  onToggle,
}: {
  name: string;
  choices: readonly Choice<V>[];
  values: readonly V[];
  onToggle: (value: V, on: boolean) => void;
}) {
  return (
    <ul class="journey-options">
      {choices.map((c, i) => (
        <li key={c.value}>
          <label class="check" for={`${name}-${i}`}>
            <input
              id={`${name}-${i}`}
              type="checkbox"
              name={name}
              value={c.value}
              checked={values.includes(c.value)}
              onChange={(e) => onToggle(c.value, (e.currentTarget as HTMLInputElement).checked)}
            />
            <span>{c.label}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

export function NeedStep({ state, change, lang }: StepProps) {
  const groups = needGroups(lang);
  return (
    <div class="journey-groups">
      <p class="hint">{t('journey.need.hint', {}, lang)}</p>
      {groups.map((group) => (
        <fieldset key={group.id} class="journey-group">
          <legend>{group.label}</legend>
          <ul class="journey-options">
            {group.needs.map((need) => {
              const id = `besoin-${groups.flatMap((g) => g.needs).indexOf(need)}`;
              return (
                <li key={need.service}>
                  <label class="check check--card" for={id}>
                    <input
                      id={id}
                      type="checkbox"
                      name="services"
                      value={need.service}
                      aria-describedby={`${id}-hint`}
                      checked={state.services.includes(need.service)}
                      onChange={(e) =>
                        change({
                          ...state,
                          services: toggle(
                            state.services,
                            need.service,
                            (e.currentTarget as HTMLInputElement).checked,
                          ),
                        })
                      }
                    />
                    <span>
                      <span class="check__label">{need.label}</span>
                      <span class="check__hint" id={`${id}-hint`}>
                        {need.hint}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}

export function WhereStep({ state, change, lang }: StepProps) {
  const [message, setMessage] = useState('');
  const choose = (place: Place) => {
    if (place.lat === undefined || place.lon === undefined) {
      setMessage(t('journey.where.noPosition', { place: place.label }, lang));
      return;
    }
    setMessage('');
    change(withPlace(state, { label: place.label, lat: place.lat, lon: place.lon }));
  };
  const locate = async () => {
    setMessage(t('geo.locating', {}, lang));
    const result = await geolocate();
    if (!result.ok) {
      setMessage(t(result.message, {}, lang));
      return;
    }
    setMessage(t('journey.where.found', {}, lang));
    change(
      withPlace(state, {
        label: t('geo.here', {}, lang),
        lat: Number(result.lat.toFixed(5)),
        lon: Number(result.lon.toFixed(5)),
      }),
    );
  };
  return (
    <div class="journey-where">
      <PlaceSearch
        id="parcours-lieu"
        lang={lang}
        label={t('journey.where.label', {}, lang)}
        hint={t('journey.where.hint', {}, lang)}
        initial={state.place?.label}
        submitLabel={t('journey.where.choose', {}, lang)}
        onSelect={choose}
      />
      <p class="journey-where__or">
        <button type="button" class="button button--secondary" onClick={() => void locate()}>
          <span aria-hidden="true">◎ </span>
          {t('geo.button', {}, lang)}
        </button>
      </p>
      <p class="geo-message" role="status" aria-live="polite">
        {message}
      </p>
      {state.place && !state.distance && (
        <p class="journey-where__current">
          <Icon name="pin" />
          {t('journey.where.around', {}, lang)} <strong>{state.place.label}</strong>{' '}
          <button type="button" class="chip" onClick={() => change(withPlace(state, undefined))}>
            {t('journey.where.remove', {}, lang)}
            <span class="visually-hidden">
              {t('journey.where.removeLabel', { place: state.place.label }, lang)}
            </span>
          </button>
        </p>
      )}
      <fieldset class="journey-group" disabled={state.distance}>
        <legend>{t('journey.where.radius', {}, lang)}</legend>
        <p class="hint">{t('journey.where.radiusHint', {}, lang)}</p>
        <ul class="journey-radius">
          {RADIUS_CHOICES.map((km) => (
            <li key={km}>
              <label class="pill" for={`rayon-${km}`}>
                <input
                  id={`rayon-${km}`}
                  type="radio"
                  name="rayon"
                  value={km}
                  checked={state.radiusKm === km}
                  onChange={() => change(withRadius(state, km))}
                />
                <span>{km} km</span>
              </label>
            </li>
          ))}
        </ul>
        <label class="check" for="itinerants">
          <input
            id="itinerants"
            type="checkbox"
            checked={state.itinerants}
            onChange={(e) => change({ ...state, itinerants: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>
            {t('journey.where.itinerants', {}, lang)}
            <span class="check__hint">{t('journey.where.itinerantsHint', {}, lang)}</span>
          </span>
        </label>
      </fieldset>
      <fieldset class="journey-group">
        <legend>{t('journey.where.noTravel', {}, lang)}</legend>
        <label class="check check--card" for="a-distance">
          <input
            id="a-distance"
            type="checkbox"
            checked={state.distance}
            onChange={(e) => change(withDistance(state, (e.currentTarget as HTMLInputElement).checked))}
          />
          <span>
            <span class="check__label">
              <Icon name="phone" /> {t('journey.where.remote', {}, lang)}
            </span>
            <span class="check__hint">{t('journey.where.remoteHint', {}, lang)}</span>
          </span>
        </label>
      </fieldset>
    </div>
  );
}

type WhenMode = 'any' | 'now' | 'week' | 'slots';

function minutesOf(value: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function WhenStep({ state, change, lang }: StepProps) {
  const days = weekdayNames(lang);
  const [chosenMode, setMode] = useState<WhenMode | undefined>(undefined);
  const mode: WhenMode = chosenMode === 'slots' && state.when.kind === 'any' ? 'slots' : state.when.kind;
  const [day, setDay] = useState<Weekday>(0);
  const [from, setFrom] = useState('14:00');
  const [to, setTo] = useState('16:00');
  const [error, setError] = useState('');
  const slots = state.when.kind === 'slots' ? state.when.slots : [];

  const setWhen = (next: WhenMode) => {
    setMode(next);
    if (next === 'slots')
      change({ ...state, when: slots.length ? { kind: 'slots', slots } : { kind: 'any' } });
    else change({ ...state, when: { kind: next } });
  };
  const addRange = (event: Event) => {
    event.preventDefault();
    const a = minutesOf(from);
    const b = minutesOf(to);
    if (a === undefined || b === undefined) return setError(t('journey.when.noTimes', {}, lang));
    if (b <= a) return setError(t('journey.when.order', {}, lang));
    setError('');
    change(withSlot(state, { day, from: a, to: b }, true));
  };
  const custom = slots.filter((s) => !PARTS_OF_DAY.some((p) => p.from === s.from && p.to === s.to));
  const modes: Array<[WhenMode, string, string]> = (['any', 'now', 'week', 'slots'] as const).map((m) => [
    m,
    t(`journey.when.${m}` as MessageKey, {}, lang),
    t(`journey.when.${m}Hint` as MessageKey, {}, lang),
  ]);
  return (
    <div class="journey-when">
      <fieldset class="journey-group">
        <legend>{t('journey.when.legend', {}, lang)}</legend>
        <ul class="journey-options">
          {modes.map(([value, label, hint]) => (
            <li key={value}>
              <label class="check check--card" for={`quand-${value}`}>
                <input
                  id={`quand-${value}`}
                  type="radio"
                  name="quand"
                  value={value}
                  checked={mode === value}
                  aria-describedby={`quand-${value}-hint`}
                  onChange={() => setWhen(value)}
                />
                <span>
                  <span class="check__label">{label}</span>
                  <span class="check__hint" id={`quand-${value}-hint`}>
                    {hint}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {mode === 'slots' && (
        <>
          <fieldset class="journey-group">
            <legend>{t('journey.when.grid', {}, lang)}</legend>
            <div class="slot-grid" role="group" aria-label={t('journey.when.gridLabel', {}, lang)}>
              {days.map((name, d) => (
                <fieldset key={name} class="slot-grid__day">
                  <legend>{name}</legend>
                  {PARTS_OF_DAY.map((part) => {
                    const slot: Slot = { day: d as Weekday, from: part.from, to: part.to };
                    const id = `creneau-${d}-${part.id}`;
                    return (
                      <label key={part.id} class="pill" for={id}>
                        <input
                          id={id}
                          type="checkbox"
                          checked={hasSlot(state, slot)}
                          onChange={(e) =>
                            change(withSlot(state, slot, (e.currentTarget as HTMLInputElement).checked))
                          }
                        />
                        <span>
                          <span class="visually-hidden">{name} </span>
                          {partOfDayLabel(part, lang)}
                        </span>
                      </label>
                    );
                  })}
                </fieldset>
              ))}
            </div>
            <p class="hint">{t('journey.when.parts', {}, lang)}</p>
          </fieldset>
          <fieldset class="journey-group">
            <legend>{t('journey.when.range', {}, lang)}</legend>
            <div class="slot-range">
              <p class="field">
                <label for="plage-jour">{t('journey.when.day', {}, lang)}</label>
                <select
                  id="plage-jour"
                  value={day}
                  onChange={(e) => setDay(Number((e.currentTarget as HTMLSelectElement).value) as Weekday)}
                >
                  {days.map((name, d) => (
                    <option key={name} value={d}>
                      {name}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <label for="plage-debut">{t('journey.when.from', {}, lang)}</label>
                <input
                  id="plage-debut"
                  type="time"
                  value={from}
                  onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <p class="field">
                <label for="plage-fin">{t('journey.when.to', {}, lang)}</label>
                <input
                  id="plage-fin"
                  type="time"
                  value={to}
                  onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <p class="field">
                <button type="button" class="button button--secondary" onClick={addRange}>
                  {t('journey.when.add', {}, lang)}
                </button>
              </p>
            </div>
            {error && (
              <p class="field-error" role="alert">
                {error}
              </p>
            )}
            {custom.length > 0 && (
              <ul class="chips" aria-label={t('journey.when.chosen', {}, lang)}>
                {custom.map((s) => (
                  <li key={`${s.day}-${s.from}-${s.to}`}>
                    <button type="button" class="chip" onClick={() => change(withSlot(state, s, false))}>
                      {describeSlots([s], lang)}
                      <span aria-hidden="true"> ✕</span>
                      <span class="visually-hidden">{t('journey.when.remove', {}, lang)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
        </>
      )}
    </div>
  );
}

const FRAIS: Array<[FraisChoice | '', MessageKey]> = [
  ['', 'journey.specific.feesAny'],
  ['gratuit', 'journey.specific.feesFree'],
  ['gratuit-ou-sous-condition', 'journey.specific.feesCondition'],
];

export function SpecificStep({ state, change, lang }: StepProps) {
  return (
    <div class="journey-groups">
      <p class="hint">{t('journey.specific.hint', {}, lang)}</p>
      <fieldset class="journey-group">
        <legend>
          <Icon name="euro" /> {t('journey.specific.fees', {}, lang)}
        </legend>
        <ul class="journey-options">
          {FRAIS.map(([value, label]) => (
            <li key={value || 'indifferent'}>
              <label class="check" for={`frais-${value || 'indifferent'}`}>
                <input
                  id={`frais-${value || 'indifferent'}`}
                  type="radio"
                  name="frais"
                  checked={(state.frais ?? '') === value}
                  onChange={() => {
                    const next = { ...state };
                    if (value) next.frais = value;
                    else delete next.frais;
                    change(next);
                  }}
                />
                <span>{t(label, {}, lang)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset class="journey-group">
        <legend>{t('journey.specific.help', {}, lang)}</legend>
        <p class="hint">{t('journey.specific.helpHint', {}, lang)}</p>
        <CheckList
          name="prise-en-charge"
          choices={choicesIn(PRISE_EN_CHARGE_CHOICES, lang)}
          values={state.priseEnCharge}
          onToggle={(v, on) => change({ ...state, priseEnCharge: toggle(state.priseEnCharge, v, on) })}
        />
      </fieldset>
      <fieldset class="journey-group">
        <legend>{t('journey.specific.public', {}, lang)}</legend>
        <p class="hint">{t('journey.specific.publicHint', {}, lang)}</p>
        <CheckList
          name="publics"
          choices={choicesIn(PUBLIC_CHOICES, lang)}
          values={state.publics}
          onToggle={(v, on) => change({ ...state, publics: toggle(state.publics, v, on) })}
        />
      </fieldset>
      <fieldset class="journey-group">
        <legend>{t('journey.specific.way', {}, lang)}</legend>
        {state.distance ? (
          <p class="hint">{t('journey.specific.remoteChosen', {}, lang)}</p>
        ) : (
          <CheckList
            name="accompagnement"
            choices={choicesIn(ACCOMPAGNEMENT_CHOICES, lang)}
            values={state.accompagnement}
            onToggle={(v, on) => change({ ...state, accompagnement: toggle(state.accompagnement, v, on) })}
          />
        )}
      </fieldset>
      <fieldset class="journey-group">
        <legend>{t('journey.specific.access', {}, lang)}</legend>
        <CheckList
          name="acces"
          choices={choicesIn(ACCES_CHOICES, lang)}
          values={state.acces}
          onToggle={(v, on) => change({ ...state, acces: toggle(state.acces, v, on) })}
        />
      </fieldset>
    </div>
  );
}

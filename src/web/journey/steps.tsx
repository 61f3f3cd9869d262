/**
 * The four questions of the journey. Each gets the state and a `change` that writes the next state
 * to the URL (replacing the history entry: back goes to the previous step, not to the previous
 * checkbox). Plain words, one-line hints, pictograms always beside text.
 */
import { useState } from 'preact/hooks';
import {
  ACCES_CHOICES,
  ACCOMPAGNEMENT_CHOICES,
  NEED_GROUPS,
  PARTS_OF_DAY,
  PRISE_EN_CHARGE_CHOICES,
  PUBLIC_CHOICES,
  RADIUS_CHOICES,
  WEEKDAY_NAMES,
  describeSlots,
  hasSlot,
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
import type { Lang } from '../i18n/index.js';
import { geolocate } from '../lib/geolocate.js';
import { t } from '../i18n/index.js';
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

export function NeedStep({ state, change }: StepProps) {
  return (
    <div class="journey-groups">
      <p class="hint">Cochez un ou plusieurs besoins. Vous pouvez aussi passer cette étape.</p>
      {NEED_GROUPS.map((group) => (
        <fieldset key={group.id} class="journey-group">
          <legend>{group.label}</legend>
          <ul class="journey-options">
            {group.needs.map((need) => {
              const id = `besoin-${NEED_GROUPS.flatMap((g) => g.needs).indexOf(need)}`;
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
      setMessage(`« ${place.label} » n’a pas de position connue : choisissez une commune ou une adresse.`);
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
    setMessage('Position trouvée.');
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
        label="Commune, code postal ou adresse de la personne"
        hint="Par exemple : Tulle, 19000, 3 rue des Lilas Tulle"
        initial={state.place?.label}
        submitLabel="Choisir"
        onSelect={choose}
      />
      <p class="journey-where__or">
        <button type="button" class="button button--secondary" onClick={() => void locate()}>
          <span aria-hidden="true">◎ </span>Me localiser
        </button>
      </p>
      <p class="geo-message" role="status" aria-live="polite">
        {message}
      </p>
      {state.place && !state.distance && (
        <p class="journey-where__current">
          <Icon name="pin" />
          Autour de <strong>{state.place.label}</strong>{' '}
          <button type="button" class="chip" onClick={() => change(withPlace(state, undefined))}>
            Retirer<span class="visually-hidden"> la position « {state.place.label} »</span>
          </button>
        </p>
      )}
      <fieldset class="journey-group" disabled={state.distance}>
        <legend>Distance maximale</legend>
        <p class="hint">Jusqu’où la personne peut-elle se déplacer ?</p>
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
            Inclure les lieux itinérants (bus, permanences mobiles)
            <span class="check__hint">
              Ils sont placés à leur adresse de rattachement : vérifiez leur passage.
            </span>
          </span>
        </label>
      </fieldset>
      <fieldset class="journey-group">
        <legend>Sans se déplacer</legend>
        <label class="check check--card" for="a-distance">
          <input
            id="a-distance"
            type="checkbox"
            checked={state.distance}
            onChange={(e) => change(withDistance(state, (e.currentTarget as HTMLInputElement).checked))}
          />
          <span>
            <span class="check__label">
              <Icon name="phone" /> À distance
            </span>
            <span class="check__hint">Être aidé par téléphone ou en ligne, où que l’on soit.</span>
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

export function WhenStep({ state, change }: StepProps) {
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
    if (a === undefined || b === undefined)
      return setError('Indiquez une heure de début et une heure de fin.');
    if (b <= a) return setError('L’heure de fin doit être après l’heure de début.');
    setError('');
    change(withSlot(state, { day, from: a, to: b }, true));
  };
  const custom = slots.filter((s) => !PARTS_OF_DAY.some((p) => p.from === s.from && p.to === s.to));
  const modes: Array<[WhenMode, string, string]> = [
    ['any', 'N’importe quand', 'Les horaires ne comptent pas.'],
    ['now', 'Maintenant', 'Lieux ouverts en ce moment.'],
    ['week', 'Cette semaine', 'Lieux ouverts au moins un moment de la semaine.'],
    ['slots', 'Choisir des jours et des moments', 'Par exemple : samedi matin, ou mardi de 14 h à 16 h.'],
  ];
  return (
    <div class="journey-when">
      <fieldset class="journey-group">
        <legend>Quand la personne est-elle disponible ?</legend>
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
            <legend>Jours et moments (un ou plusieurs)</legend>
            <div class="slot-grid" role="group" aria-label="Jours et moments de la journée">
              {WEEKDAY_NAMES.map((name, d) => (
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
                          {part.label}
                        </span>
                      </label>
                    );
                  })}
                </fieldset>
              ))}
            </div>
            <p class="hint">Matin : 8 h – 12 h · après-midi : 12 h – 18 h · soir : 18 h – 22 h.</p>
          </fieldset>
          <fieldset class="journey-group">
            <legend>Ou une plage horaire précise</legend>
            <div class="slot-range">
              <p class="field">
                <label for="plage-jour">Jour</label>
                <select
                  id="plage-jour"
                  value={day}
                  onChange={(e) => setDay(Number((e.currentTarget as HTMLSelectElement).value) as Weekday)}
                >
                  {WEEKDAY_NAMES.map((name, d) => (
                    <option key={name} value={d}>
                      {name}
                    </option>
                  ))}
                </select>
              </p>
              <p class="field">
                <label for="plage-debut">De</label>
                <input
                  id="plage-debut"
                  type="time"
                  value={from}
                  onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <p class="field">
                <label for="plage-fin">À</label>
                <input
                  id="plage-fin"
                  type="time"
                  value={to}
                  onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <p class="field">
                <button type="button" class="button button--secondary" onClick={addRange}>
                  Ajouter cette plage
                </button>
              </p>
            </div>
            {error && (
              <p class="field-error" role="alert">
                {error}
              </p>
            )}
            {custom.length > 0 && (
              <ul class="chips" aria-label="Plages horaires choisies">
                {custom.map((s) => (
                  <li key={`${s.day}-${s.from}-${s.to}`}>
                    <button type="button" class="chip" onClick={() => change(withSlot(state, s, false))}>
                      {describeSlots([s])}
                      <span aria-hidden="true"> ✕</span>
                      <span class="visually-hidden"> (retirer)</span>
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

const FRAIS: Array<[FraisChoice | '', string]> = [
  ['', 'Peu importe'],
  ['gratuit', 'Gratuit'],
  ['gratuit-ou-sous-condition', 'Gratuit, ou gratuit sous condition (selon les ressources, l’âge…)'],
];

export function SpecificStep({ state, change }: StepProps) {
  return (
    <div class="journey-groups">
      <p class="hint">Tout est facultatif : ne cochez que ce qui compte vraiment pour la personne.</p>
      <fieldset class="journey-group">
        <legend>
          <Icon name="euro" /> Frais
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
                <span>{label}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset class="journey-group">
        <legend>Aide adaptée</legend>
        <p class="hint">Langues, handicap, difficultés à lire ou à écrire.</p>
        <CheckList
          name="prise-en-charge"
          choices={PRISE_EN_CHARGE_CHOICES}
          values={state.priseEnCharge}
          onToggle={(v, on) => change({ ...state, priseEnCharge: toggle(state.priseEnCharge, v, on) })}
        />
      </fieldset>
      <fieldset class="journey-group">
        <legend>Public</legend>
        <p class="hint">Lieux qui s’adressent en particulier à ce public.</p>
        <CheckList
          name="publics"
          choices={PUBLIC_CHOICES}
          values={state.publics}
          onToggle={(v, on) => change({ ...state, publics: toggle(state.publics, v, on) })}
        />
      </fieldset>
      <fieldset class="journey-group">
        <legend>Façon d’être aidé</legend>
        {state.distance ? (
          <p class="hint">Vous avez choisi « à distance » à l’étape « Où ».</p>
        ) : (
          <CheckList
            name="accompagnement"
            choices={ACCOMPAGNEMENT_CHOICES}
            values={state.accompagnement}
            onToggle={(v, on) => change({ ...state, accompagnement: toggle(state.accompagnement, v, on) })}
          />
        )}
      </fieldset>
      <fieldset class="journey-group">
        <legend>Pour y aller</legend>
        <CheckList
          name="acces"
          choices={ACCES_CHOICES}
          values={state.acces}
          onToggle={(v, on) => change({ ...state, acces: toggle(state.acces, v, on) })}
        />
      </fieldset>
    </div>
  );
}

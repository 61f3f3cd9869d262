/**
 * One result: name (link to the lieu's page), distance, open status, main services, fees, booking
 * link, itinérant badge, freshness. The heading level is given by the list so the outline stays right.
 */
import type { QueryItem } from '../../core/query/index.js';
import { t, tn, type Lang } from '../i18n/index.js';
import {
  feesLabel,
  feesOf,
  formatDistance,
  freshness,
  isItinerant,
  mainServices,
  openStatus,
  safeHttpUrl,
  addressLine,
} from '../lib/format.js';
import { StatusBadge } from './StatusBadge.js';

export interface LieuCardProps {
  item: QueryItem;
  now: Date;
  lang: Lang;
  /** Selects the lieu on the map (absent when the map is not shown or the lieu has no position). */
  onShowOnMap?: (id: string) => void;
  onHover?: (id: string | undefined) => void;
}

export function lieuHref(id: string): string {
  return `/lieux/${encodeURIComponent(id)}`;
}

export function LieuCard({ item, now, lang, onShowOnMap, onHover }: LieuCardProps) {
  const { lieu, distanceKm } = item;
  const record = lieu.record;
  const name = record.nom ?? lieu.id;
  const status = openStatus(record, now, lang);
  const fees = feesOf(record);
  const itinerant = isItinerant(record);
  const services = mainServices(record);
  const booking = safeHttpUrl(record.prise_rdv);
  const fresh = freshness(record.date_maj, now, lang);
  const hasPosition = Boolean(record.latitude && record.longitude);
  const distance =
    distanceKm === undefined
      ? undefined
      : t(itinerant ? 'card.itinerantBase' : 'card.distance', { d: formatDistance(distanceKm, lang) }, lang);
  const enter = onHover ? () => onHover(lieu.id) : undefined;
  const leave = onHover ? () => onHover(undefined) : undefined;
  return (
    <article
      class="card"
      data-lieu={lieu.id}
      onMouseEnter={enter}
      onMouseLeave={leave}
      onFocusIn={enter}
      onFocusOut={leave}
    >
      <h3 class="card__title">
        <a href={lieuHref(lieu.id)}>{name}</a>
      </h3>
      <p class="card__address">
        {addressLine(record)}
        {distance && <span class="card__distance"> · {distance}</span>}
      </p>
      <p class="card__status">
        <StatusBadge state={status.state} text={status.text} />
      </p>
      {services.shown.length > 0 && (
        <ul class="card__services">
          {services.shown.map((s) => (
            <li key={s}>{s}</li>
          ))}
          {services.more > 0 && (
            <li class="card__more">{tn('card.servicesMore', services.more, {}, lang)}</li>
          )}
        </ul>
      )}
      <p class="card__badges">
        <span class={`badge badge--${fees}`}>{feesLabel(fees, lang)}</span>
        {itinerant && <span class="badge badge--itinerant">{t('card.itinerant', {}, lang)}</span>}
        {fresh && (
          <span class={fresh.old ? 'badge badge--old' : 'card__fresh'}>
            {fresh.old ? (
              <>
                <span aria-hidden="true">⚠ </span>
                {t('card.old', {}, lang)}
              </>
            ) : (
              fresh.text
            )}
          </span>
        )}
      </p>
      {(booking || (onShowOnMap && hasPosition)) && (
        <p class="card__actions">
          {booking && (
            <a
              class="button button--small"
              href={booking}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('card.bookingLabel', { name }, lang)}
            >
              {t('card.booking', {}, lang)}
            </a>
          )}
          {onShowOnMap && hasPosition && (
            <button
              type="button"
              class="button button--small button--secondary"
              onClick={() => onShowOnMap(lieu.id)}
            >
              {t('card.showOnMap', {}, lang)}
              <span class="visually-hidden"> : {name}</span>
            </button>
          )}
        </p>
      )}
    </article>
  );
}

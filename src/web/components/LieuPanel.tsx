/**
 * The selected lieu, beside the map (opened from the map or a card): the essentials from the snapshot
 * and a link to its full page. Focus moves to its heading when it opens and back when it closes.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { LieuInput } from '../../core/query/index.js';
import { splitList } from '../../core/standard/model.js';
import { t, type Lang } from '../i18n/index.js';
import {
  addressLine,
  feesLabel,
  feesOf,
  formatDistance,
  isItinerant,
  itineraryUrl,
  openStatus,
  safeHttpUrl,
  formatPhone,
} from '../lib/format.js';
import { lieuHref } from './LieuCard.js';
import { StatusBadge } from './StatusBadge.js';

export interface LieuPanelProps {
  lieu: LieuInput | undefined;
  distanceKm?: number;
  now: Date;
  lang: Lang;
  onClose: () => void;
}

function List({ label, values }: { label: string; values: string[] }) {
  if (!values.length) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <ul>
          {values.map((v) => (
            <li key={v}>{v}</li>
          ))}
        </ul>
      </dd>
    </>
  );
}

export function LieuPanel({ lieu, distanceKm, now, lang, onClose }: LieuPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [lieu?.id]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
  };
  if (!lieu) {
    return (
      <section class="panel" aria-labelledby="panel-title" onKeyDown={onKeyDown}>
        <h2 id="panel-title" tabIndex={-1} ref={heading}>
          {t('panel.label', {}, lang)}
        </h2>
        <p>{t('panel.notFound', {}, lang)}</p>
        <button type="button" class="button button--secondary" onClick={onClose}>
          {t('panel.close', {}, lang)}
        </button>
      </section>
    );
  }
  const r = lieu.record;
  const status = openStatus(r, now, lang);
  const booking = safeHttpUrl(r.prise_rdv);
  const phone = r.telephone?.trim();
  return (
    <section class="panel" aria-labelledby="panel-title" data-lieu={lieu.id} onKeyDown={onKeyDown}>
      <div class="panel__head">
        <h2 id="panel-title" tabIndex={-1} ref={heading}>
          {r.nom}
        </h2>
        <button
          type="button"
          class="icon-button"
          onClick={onClose}
          aria-label={t('panel.close', {}, lang)}
          title={t('panel.close', {}, lang)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <p>
        {addressLine(r)}
        {distanceKm !== undefined &&
          ` · ${t('card.distance', { d: formatDistance(distanceKm, lang) }, lang)}`}
      </p>
      <p>
        <StatusBadge state={status.state} text={status.text} />
      </p>
      <p class="panel__actions">
        <a class="button" href={lieuHref(lieu.id)}>
          {t('panel.page', {}, lang)}
        </a>
        {booking && (
          <a
            class="button button--secondary"
            href={booking}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('card.bookingLabel', { name: r.nom ?? '' }, lang)}
          >
            {t('card.booking', {}, lang)}
          </a>
        )}
        <a class="button button--secondary" href={itineraryUrl(r)} target="_blank" rel="noopener noreferrer">
          {t('panel.itinerary', {}, lang)}
        </a>
        {phone && (
          <a class="button button--secondary" href={`tel:${phone.replace(/[^\d+]/g, '')}`}>
            {t('panel.call', { phone: formatPhone(phone) }, lang)}
          </a>
        )}
      </p>
      <dl class="panel__facts">
        <dt>{t('filters.field.frais_a_charge', {}, lang)}</dt>
        <dd>{feesLabel(feesOf(r), lang)}</dd>
        {isItinerant(r) && (
          <>
            <dt>{t('filters.field.itinerance', {}, lang)}</dt>
            <dd>{t('card.itinerant', {}, lang)}</dd>
          </>
        )}
        <List label={t('filters.field.services', {}, lang)} values={splitList(r.services)} />
        <List
          label={t('filters.field.publics_specifiquement_adresses', {}, lang)}
          values={splitList(r.publics_specifiquement_adresses)}
        />
        <List label={t('filters.field.modalites_acces', {}, lang)} values={splitList(r.modalites_acces)} />
        <List
          label={t('filters.field.modalites_accompagnement', {}, lang)}
          values={splitList(r.modalites_accompagnement)}
        />
      </dl>
    </section>
  );
}

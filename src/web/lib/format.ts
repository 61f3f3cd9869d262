/**
 * What a lieu card and the panel say, computed from the snapshot's flat record: distance, opening
 * status, main services, fees, booking link, itinérance, freshness. Pure (the clock is passed in), so
 * the same words appear in tests, in the browser and in the benchmark.
 */
import {
  compileHours,
  describeStatus,
  localTime,
  nextChange,
  timeZoneForInsee,
} from '../../core/hours/index.js';
import type { CompiledHours } from '../../core/hours/index.js';
import { splitList } from '../../core/standard/model.js';
import type { FlatRecord } from '../../core/standard/types.js';
import { formatNumber, t, tn, type Lang } from '../i18n/index.js';

/** « 850 m », « 2,3 km », « 12 km » (English: "2.3 km"). */
export function formatDistance(km: number, lang: Lang): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} m`;
  if (km < 10) {
    const text = (Math.round(km * 10) / 10).toFixed(1);
    return `${lang === 'fr' ? text.replace('.', ',') : text} km`;
  }
  return `${formatNumber(Math.round(km), lang)} km`;
}

const hoursCache = new Map<string, CompiledHours | null>();

/** Compiled once per distinct text (many lieux share the same hours); `null` when unreadable. */
export function hoursOf(text: string | undefined): CompiledHours | null | undefined {
  if (!text) return undefined;
  let compiled = hoursCache.get(text);
  if (compiled === undefined) {
    const result = compileHours(text);
    compiled = result.ok ? result.hours : null;
    if (hoursCache.size > 5000) hoursCache.clear();
    hoursCache.set(text, compiled);
  }
  return compiled;
}

export type OpenState = 'open' | 'closed' | 'unknown';

export interface StatusInfo {
  state: OpenState;
  text: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** « Ouvert · ferme à 17:30 », « Fermé · ouvre lundi à 09:00 », « Horaires non renseignés ». */
export function openStatus(record: FlatRecord, now: Date, lang: Lang): StatusInfo {
  const hours = hoursOf(record.horaires);
  if (hours === undefined) return { state: 'unknown', text: t('status.none', {}, lang) };
  if (hours === null) return { state: 'unknown', text: t('status.invalid', {}, lang) };
  const opts = record.code_insee ? { codeInsee: record.code_insee } : undefined;
  const change = nextChange(hours, now, opts);
  const state: OpenState = change.state === 'unknown' ? 'unknown' : change.open ? 'open' : 'closed';
  if (lang === 'fr') return { state, text: describeStatus(hours, now, opts) };
  // English: same facts, shorter phrasing.
  if (hours.alwaysOpen) return { state: 'open', text: 'Open 24/7' };
  if (state === 'unknown')
    return { state, text: change.comment ? `To be confirmed · ${change.comment}` : 'To be confirmed' };
  const zone = timeZoneForInsee(opts?.codeInsee);
  const when = (date: Date): string => {
    const at = localTime(date, zone);
    const today = localTime(now, zone);
    const time = `${pad(Math.floor(at.minutes / 60))}:${pad(at.minutes % 60)}`;
    if (at.dayNumber === today.dayNumber) return `at ${time}`;
    if (at.dayNumber === today.dayNumber + 1) return `tomorrow at ${time}`;
    if (at.dayNumber - today.dayNumber < 7)
      return `${t(`days.${at.weekday}` as 'days.0', {}, 'en')} at ${time}`;
    return `on ${at.year}-${pad(at.month)}-${pad(at.day)} at ${time}`;
  };
  if (state === 'open')
    return { state, text: change.until ? `Open · closes ${when(change.until)}` : 'Open 24/7' };
  return { state, text: change.until ? `Closed · opens ${when(change.until)}` : 'Closed' };
}

export type Fees = 'gratuit' | 'gratuit-condition' | 'payant' | 'inconnu';

/** The most favourable fee stated: free, free under conditions, paid, or not stated. */
export function feesOf(record: FlatRecord): Fees {
  const fees = splitList(record.frais_a_charge);
  if (fees.includes('Gratuit')) return 'gratuit';
  if (fees.includes('Gratuit sous condition')) return 'gratuit-condition';
  if (fees.includes('Payant')) return 'payant';
  return 'inconnu';
}

export function feesLabel(fees: Fees, lang: Lang): string {
  const key = {
    gratuit: 'card.gratuit',
    'gratuit-condition': 'card.gratuitCondition',
    payant: 'card.payant',
    inconnu: 'card.feesUnknown',
  } as const;
  return t(key[fees], {}, lang);
}

export function isItinerant(record: FlatRecord): boolean {
  return splitList(record.itinerance).includes('Itinérant');
}

/** A link only when it is http(s): never `javascript:` or anything odd from a producer file. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(text)) return undefined;
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

export interface Freshness {
  text: string;
  /** More than a year old: the card warns. */
  old: boolean;
}

const DAY_MS = 86_400_000;

/** « Mis à jour il y a 3 mois », with `old` beyond 365 days. */
export function freshness(dateMaj: string | undefined, now: Date, lang: Lang): Freshness | undefined {
  if (!dateMaj || !/^\d{4}-\d{2}-\d{2}/.test(dateMaj)) return undefined;
  const time = Date.parse(`${dateMaj.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(time)) return undefined;
  const days = Math.floor((now.getTime() - time) / DAY_MS);
  let age: string;
  if (days < 0) age = t('age.future', {}, lang);
  else if (days === 0) age = t('age.today', {}, lang);
  else if (days < 45) age = t('age.days', { n: days }, lang);
  else if (days <= 365) age = tn('age.months', Math.round(days / 30.4), {}, lang);
  else age = tn('age.years', Math.floor(days / 365), {}, lang);
  return { text: t('card.updated', { age }, lang), old: days > 365 };
}

/** The first `max` services, and how many more. */
export function mainServices(record: FlatRecord, max = 3): { shown: string[]; more: number } {
  const services = splitList(record.services);
  return { shown: services.slice(0, max), more: Math.max(0, services.length - max) };
}

/** One-line address: « 12 rue X, 69001 Lyon ». */
export function addressLine(record: FlatRecord): string {
  const town = [record.code_postal, record.commune].filter(Boolean).join(' ');
  return [record.adresse, town].filter(Boolean).join(', ');
}

/** An itinerary link (OpenStreetMap directions) to the lieu's point, or to its address. */
export function itineraryUrl(record: FlatRecord): string {
  const lat = Number(record.latitude);
  const lon = Number(record.longitude);
  if (record.latitude && record.longitude && Number.isFinite(lat) && Number.isFinite(lon)) {
    return `https://www.openstreetmap.org/directions?to=${lat}%2C${lon}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLine(record))}`;
}

export { formatPhone } from '../../core/standard/telephone.js';

/** « 29/11/2026 » (French) or "2026-11-29" from an ISO date or date-time; the text itself otherwise. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === 'fr' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

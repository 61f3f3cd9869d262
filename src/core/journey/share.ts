/**
 * Sharing a lieu or a selection without any server: a link, an e-mail (`mailto:` prefilled, RFC 6068),
 * an SMS (`sms:` prefilled, RFC 5724, kept short), the address to copy. The texts carry public facts
 * about the lieu only; the person's first name and note stay on the fiche.
 */
import type { JourneyLang, JourneyPage } from './catalogue.js';
import { messagesOf } from './messages.js';
import { ficheAddressLines, ficheHours, formatTelephone, lieuPageUrl, type FicheLieuInput } from './fiche.js';
import { journeyPath, type JourneyState } from './state.js';

export { lieuPageUrl };

/** The journey's page as an absolute link (results by default). */
export function journeyShareUrl(
  origin: string,
  state: JourneyState,
  page: JourneyPage = 'resultats',
  lang?: JourneyLang,
): string {
  return `${origin.replace(/\/+$/, '')}${journeyPath(page, state, lang)}`;
}

/** RFC 6068 wants `%20` for spaces and CRLF line breaks; `encodeURIComponent` gives the former. */
function encodeMailPart(text: string): string {
  return encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export interface MailMessage {
  /** Recipient; omitted: the mail client asks. Ignored when it is not an address. */
  to?: string;
  subject: string;
  body: string;
}

export function mailtoHref(message: MailMessage): string {
  const to =
    message.to && EMAIL.test(message.to.trim())
      ? encodeURIComponent(message.to.trim()).replace(/%40/g, '@')
      : '';
  return `mailto:${to}?subject=${encodeMailPart(message.subject)}&body=${encodeMailPart(message.body)}`;
}

/** A phone number as `sms:` wants it: digits and a leading `+`; `undefined` when it is not one. */
export function smsNumber(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.replace(/[\s.()-]/g, '');
  return /^\+?\d{6,15}$/.test(text) ? text : undefined;
}

export function smsHref(body: string, to?: string): string {
  return `sms:${smsNumber(to) ?? ''}?body=${encodeURIComponent(body)}`;
}

/** Longest SMS text built here (2 messages of 153 characters); links are never cut, the name is. */
export const SMS_MAX = 306;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export interface ShareTexts {
  subject: string;
  body: string;
  sms: string;
  /** One line, for « copier l'adresse ». */
  address: string;
}

function hoursBlock(lieu: FicheLieuInput, lang: JourneyLang): string[] {
  const { hours, note } = ficheHours(lieu.record, lang);
  if (!hours) return [note];
  return [...hours.map((d) => `  ${d.day}${messagesOf(lang).colon}${d.text}`), note];
}

/** Texts to share one lieu: e-mail subject and body, a short SMS, the address line. */
export function lieuShareTexts(lieu: FicheLieuInput, origin: string, lang: JourneyLang = 'fr'): ShareTexts {
  const m = messagesOf(lang);
  const { record } = lieu;
  const url = lieuPageUrl(origin, lieu.id);
  const address = ficheAddressLines(record).join(', ');
  const tel = record.telephone?.trim() ? formatTelephone(record.telephone) : undefined;
  const body = [
    m.hello,
    '',
    m.onePlace,
    '',
    record.nom ?? '',
    address,
    ...(record.complement_adresse ? [record.complement_adresse] : []),
    ...(tel ? [`${m.phone}${m.colon}${tel}`] : []),
    '',
    m.hoursTitle,
    ...hoursBlock(lieu, lang),
    '',
    m.upToDate(url),
  ].join('\n');

  const fixed = ` ${url}`;
  const telPart = tel ? m.smsPhone(tel) : '';
  const room = SMS_MAX - fixed.length - telPart.length;
  const sms = `${cut(`${record.nom ?? m.place}, ${address}.`, Math.max(40, room))}${telPart}${fixed}`;
  return { subject: m.subjectOne(cut(record.nom ?? m.place, 80)), body, sms, address };
}

/** Texts to share a selection of lieux (the results): one paragraph each, and the journey's link. */
export function selectionShareTexts(
  lieux: readonly FicheLieuInput[],
  origin: string,
  resultsUrl: string,
  lang: JourneyLang = 'fr',
): ShareTexts {
  const m = messagesOf(lang);
  const first = lieux[0];
  if (!first) {
    // Nothing chosen yet: share the search itself.
    return {
      subject: m.subjectMany,
      body: [m.hello, '', m.manyPlaces, resultsUrl].join('\n'),
      sms: m.smsMany(resultsUrl),
      address: '',
    };
  }
  const blocks = lieux.map((lieu) => {
    const tel = lieu.record.telephone?.trim()
      ? `${m.phone}${m.colon}${formatTelephone(lieu.record.telephone)}`
      : '';
    return [
      lieu.record.nom ?? '',
      ficheAddressLines(lieu.record).join(', '),
      tel,
      lieuPageUrl(origin, lieu.id),
    ]
      .filter(Boolean)
      .join('\n');
  });
  const body = [
    m.hello,
    '',
    lieux.length > 1 ? m.manyPlaces : m.onePlace,
    '',
    blocks.join('\n\n'),
    '',
    m.fullSearch(resultsUrl),
  ].join('\n');
  return {
    subject: lieux.length > 1 ? m.subjectMany : m.subjectOne(cut(first.record.nom ?? m.place, 80)),
    body,
    sms: lieux.length === 1 ? lieuShareTexts(first, origin, lang).sms : m.smsMany(resultsUrl),
    address: ficheAddressLines(first.record).join(', '),
  };
}

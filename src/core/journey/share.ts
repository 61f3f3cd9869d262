/**
 * Sharing a lieu or a selection without any server: a link, an e-mail (`mailto:` prefilled, RFC 6068),
 * an SMS (`sms:` prefilled, RFC 5724, kept short), the address to copy. The texts carry public facts
 * about the lieu only; the person's first name and note stay on the fiche.
 */
import type { JourneyPage } from './catalogue.js';
import { ficheAddressLines, ficheHours, formatTelephone, lieuPageUrl, type FicheLieuInput } from './fiche.js';
import { journeyPath, type JourneyState } from './state.js';

export { lieuPageUrl };

/** The journey's page as an absolute link (results by default). */
export function journeyShareUrl(
  origin: string,
  state: JourneyState,
  page: JourneyPage = 'resultats',
): string {
  return `${origin.replace(/\/+$/, '')}${journeyPath(page, state)}`;
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

function hoursBlock(lieu: FicheLieuInput): string[] {
  const { hours, note } = ficheHours(lieu.record);
  if (!hours) return [note];
  return [...hours.map((d) => `  ${d.day} : ${d.text}`), note];
}

/** Texts to share one lieu: e-mail subject and body, a short SMS, the address line. */
export function lieuShareTexts(lieu: FicheLieuInput, origin: string): ShareTexts {
  const { record } = lieu;
  const url = lieuPageUrl(origin, lieu.id);
  const address = ficheAddressLines(record).join(', ');
  const tel = record.telephone?.trim() ? formatTelephone(record.telephone) : undefined;
  const body = [
    'Bonjour,',
    '',
    'Voici un lieu qui peut vous aider avec le numérique :',
    '',
    record.nom ?? '',
    address,
    ...(record.complement_adresse ? [record.complement_adresse] : []),
    ...(tel ? [`Téléphone : ${tel}`] : []),
    '',
    'Horaires :',
    ...hoursBlock(lieu),
    '',
    `Toutes les informations à jour : ${url}`,
  ].join('\n');

  const fixed = ` ${url}`;
  const telPart = tel ? ` Tél. ${tel}.` : '';
  const room = SMS_MAX - fixed.length - telPart.length;
  const sms = `${cut(`${record.nom ?? 'Lieu'}, ${address}.`, Math.max(40, room))}${telPart}${fixed}`;
  return { subject: `Un lieu pour vous aider : ${cut(record.nom ?? 'Lieu', 80)}`, body, sms, address };
}

/** Texts to share a selection of lieux (the results): one paragraph each, and the journey's link. */
export function selectionShareTexts(
  lieux: readonly FicheLieuInput[],
  origin: string,
  resultsUrl: string,
): ShareTexts {
  const first = lieux[0];
  if (!first) {
    // Nothing chosen yet: share the search itself.
    return {
      subject: 'Des lieux pour vous aider avec le numérique',
      body: ['Bonjour,', '', 'Voici des lieux qui peuvent vous aider avec le numérique :', resultsUrl].join(
        '\n',
      ),
      sms: `Lieux pour être aidé avec le numérique : ${resultsUrl}`,
      address: '',
    };
  }
  const blocks = lieux.map((lieu) => {
    const tel = lieu.record.telephone?.trim() ? `Téléphone : ${formatTelephone(lieu.record.telephone)}` : '';
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
    'Bonjour,',
    '',
    lieux.length > 1
      ? 'Voici des lieux qui peuvent vous aider avec le numérique :'
      : 'Voici un lieu qui peut vous aider avec le numérique :',
    '',
    blocks.join('\n\n'),
    '',
    `La recherche complète : ${resultsUrl}`,
  ].join('\n');
  return {
    subject:
      lieux.length > 1
        ? 'Des lieux pour vous aider avec le numérique'
        : `Un lieu pour vous aider : ${cut(first.record.nom ?? 'Lieu', 80)}`,
    body,
    sms:
      lieux.length === 1
        ? lieuShareTexts(first, origin).sms
        : `Lieux pour être aidé avec le numérique : ${resultsUrl}`,
    address: ficheAddressLines(first.record).join(', '),
  };
}

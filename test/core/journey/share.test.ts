import { describe, expect, it } from 'vitest';
import {
  EMPTY_JOURNEY,
  SMS_MAX,
  journeyShareUrl,
  lieuPageUrl,
  lieuShareTexts,
  mailtoHref,
  parseJourney,
  selectionShareTexts,
  smsHref,
  smsNumber,
  withPlace,
} from '../../../src/core/journey/index.js';

const LIEU = {
  id: 'lieu/42 é',
  record: {
    nom: 'Médiathèque François-Mitterrand & Cie',
    adresse: '3 rue des Lilas',
    code_postal: '19000',
    commune: 'Tulle',
    telephone: '+33555201020',
    horaires: 'Mo-Fr 09:00-12:00',
  },
};
const ORIGIN = 'https://repere.example.fr';

/** Reads a `mailto:` back the way a mail client does (RFC 6068). */
function readMailto(href: string): { to: string; subject: string; body: string } {
  expect(href.startsWith('mailto:')).toBe(true);
  const [to, query = ''] = href.slice('mailto:'.length).split('?');
  const params = new Map(
    query.split('&').map((pair) => {
      const [k, v = ''] = pair.split('=');
      return [k!, decodeURIComponent(v)];
    }),
  );
  return {
    to: decodeURIComponent(to!),
    subject: params.get('subject') ?? '',
    body: params.get('body') ?? '',
  };
}

describe('links', () => {
  it('lieu pages and journey links are absolute and well-formed', () => {
    expect(lieuPageUrl(`${ORIGIN}/`, LIEU.id)).toBe('https://repere.example.fr/lieux/lieu%2F42%20%C3%A9');
    const state = withPlace(EMPTY_JOURNEY, { label: 'Tulle (19)', lat: 45.27, lon: 1.77 });
    const url = new URL(journeyShareUrl(ORIGIN, state));
    expect(url.origin).toBe(ORIGIN);
    expect(url.pathname).toBe('/orientation/resultats');
    expect(parseJourney(url.search).state).toEqual(state);
    expect(new URL(journeyShareUrl(ORIGIN, state, 'quand')).pathname).toBe('/orientation/quand');
  });

  it('mailto: is RFC 6068: %20 for spaces, CRLF line breaks, & and = escaped', () => {
    const href = mailtoHref({ to: 'ami@exemple.fr', subject: 'A & B = C', body: 'ligne 1\nligne 2' });
    expect(href).toBe('mailto:ami@exemple.fr?subject=A%20%26%20B%20%3D%20C&body=ligne%201%0D%0Aligne%202');
    expect(href).not.toContain('+');
    expect(mailtoHref({ to: 'pas une adresse', subject: 's', body: 'b' }).startsWith('mailto:?')).toBe(true);
  });

  it('sms: carries a short body and a clean number', () => {
    expect(smsHref('Bonjour & à bientôt', '06 12 34 56 78')).toBe(
      'sms:0612345678?body=Bonjour%20%26%20%C3%A0%20bient%C3%B4t',
    );
    expect(smsHref('x')).toBe('sms:?body=x');
    expect(smsNumber('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(smsNumber('appelez-nous')).toBeUndefined();
  });
});

describe('share texts', () => {
  it('an e-mail with the lieu’s name, address, phone, hours and live page', () => {
    const texts = lieuShareTexts(LIEU, ORIGIN);
    const mail = readMailto(mailtoHref({ subject: texts.subject, body: texts.body }));
    expect(mail.subject).toBe('Un lieu pour vous aider : Médiathèque François-Mitterrand & Cie');
    expect(mail.body).toContain('Médiathèque François-Mitterrand & Cie\r\n3 rue des Lilas, 19000 Tulle');
    expect(mail.body).toContain('Téléphone : 05 55 20 10 20');
    expect(mail.body).toContain('Lundi : 9 h – 12 h');
    expect(mail.body).toContain(lieuPageUrl(ORIGIN, LIEU.id));
    expect(texts.address).toBe('3 rue des Lilas, 19000 Tulle');
  });

  it('an SMS stays short and never cuts the link', () => {
    const long = { ...LIEU, record: { ...LIEU.record, nom: 'Très long nom '.repeat(40) } };
    for (const lieu of [LIEU, long]) {
      const { sms } = lieuShareTexts(lieu, ORIGIN);
      expect(sms.length).toBeLessThanOrEqual(SMS_MAX);
      expect(sms.endsWith(lieuPageUrl(ORIGIN, lieu.id))).toBe(true);
      expect(sms).toContain('Tél. 05 55 20 10 20');
    }
    expect(lieuShareTexts(long, ORIGIN).sms).toContain('…');
  });

  it('a selection lists every lieu and the search’s link', () => {
    const other = { id: 'b', record: { nom: 'Centre social', commune: 'Brive' } };
    const texts = selectionShareTexts([LIEU, other], ORIGIN, `${ORIGIN}/orientation/resultats?gratuit=oui`);
    expect(texts.subject).toBe('Des lieux pour vous aider avec le numérique');
    expect(texts.body).toContain('Centre social\nBrive\nhttps://repere.example.fr/lieux/b');
    expect(texts.body).toContain(
      'La recherche complète : https://repere.example.fr/orientation/resultats?gratuit=oui',
    );
    expect(texts.sms).toBe(
      'Lieux pour être aidé avec le numérique : https://repere.example.fr/orientation/resultats?gratuit=oui',
    );
    expect(selectionShareTexts([LIEU], ORIGIN, ORIGIN).sms).toBe(lieuShareTexts(LIEU, ORIGIN).sms);
  });

  it('with nothing chosen yet, shares the search itself', () => {
    const url = `${ORIGIN}/orientation/resultats?gratuit=oui`;
    const texts = selectionShareTexts([], ORIGIN, url);
    expect(texts.body).toBe(`Bonjour,\n\nVoici des lieux qui peuvent vous aider avec le numérique :\n${url}`);
    expect(texts.sms.endsWith(url)).toBe(true);
    expect(texts.address).toBe('');
  });
});

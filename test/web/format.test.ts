/** What a lieu card says: distance, status, fees, freshness, links — in French and in English. */
import { describe, expect, it } from 'vitest';
import type { FlatRecord } from '../../src/core/standard/types.js';
import {
  addressLine,
  feesLabel,
  feesOf,
  formatDate,
  formatDistance,
  formatPhone,
  freshness,
  hoursOf,
  isItinerant,
  itineraryUrl,
  mainServices,
  openStatus,
  safeHttpUrl,
} from '../../src/web/lib/format.js';

// Thursday 12 June 2025, 10:00 in Paris.
const NOW = new Date('2025-06-12T08:00:00Z');

describe('formatDistance', () => {
  it('metres under a kilometre, one decimal under ten, whole kilometres beyond', () => {
    expect(formatDistance(0.004, 'fr')).toBe('10 m');
    expect(formatDistance(0.8512, 'fr')).toBe('850 m');
    expect(formatDistance(2.34, 'fr')).toBe('2,3 km');
    expect(formatDistance(2.34, 'en')).toBe('2.3 km');
    expect(formatDistance(12.6, 'fr')).toBe('13 km');
    expect(formatDistance(1234.4, 'fr')).toBe('1\u202f234 km');
    expect(formatDistance(1234.4, 'en')).toBe('1,234 km');
  });
});

describe('openStatus', () => {
  const weekdays: FlatRecord = { horaires: 'Mo-Fr 09:00-12:00,14:00-17:30', code_insee: '69123' };

  it('open with the closing time, in the lieu’s own words', () => {
    expect(openStatus(weekdays, NOW, 'fr')).toEqual({ state: 'open', text: 'Ouvert · ferme à 12:00' });
    expect(openStatus(weekdays, NOW, 'en')).toEqual({ state: 'open', text: 'Open · closes at 12:00' });
  });

  it('closed with the next opening', () => {
    const evening = new Date('2025-06-12T17:00:00Z'); // 19:00 in Paris
    expect(openStatus(weekdays, evening, 'fr')).toEqual({
      state: 'closed',
      text: 'Fermé · ouvre demain à 09:00',
    });
    expect(openStatus(weekdays, evening, 'en')).toEqual({
      state: 'closed',
      text: 'Closed · opens tomorrow at 09:00',
    });
    const friday = new Date('2025-06-13T17:00:00Z');
    expect(openStatus(weekdays, friday, 'en').text).toBe('Closed · opens Monday at 09:00');
  });

  it('unknown when hours are absent or unreadable, never « fermé »', () => {
    expect(openStatus({}, NOW, 'fr')).toEqual({ state: 'unknown', text: 'Horaires non renseignés' });
    expect(openStatus({ horaires: 'lundi matin' }, NOW, 'fr')).toEqual({
      state: 'unknown',
      text: 'Horaires à confirmer',
    });
    expect(openStatus({ horaires: 'lundi matin' }, NOW, 'en').text).toBe('Opening hours to be confirmed');
  });

  it('compiles each distinct text once', () => {
    const text = 'Tu-Sa 10:00-18:00';
    expect(hoursOf(text)).toBe(hoursOf(text));
    expect(hoursOf(undefined)).toBeUndefined();
    expect(hoursOf('n’importe quoi')).toBeNull();
  });
});

describe('fees, itinérance, services', () => {
  it('shows the most favourable fee stated', () => {
    expect(feesOf({ frais_a_charge: 'Payant|Gratuit' })).toBe('gratuit');
    expect(feesOf({ frais_a_charge: 'Payant|Gratuit sous condition' })).toBe('gratuit-condition');
    expect(feesOf({ frais_a_charge: 'Payant' })).toBe('payant');
    expect(feesOf({})).toBe('inconnu');
    expect(feesLabel('inconnu', 'fr')).toBe('Frais non précisés');
    expect(feesLabel('gratuit', 'en')).toBe('Free');
  });

  it('reads itinérance and the first services', () => {
    expect(isItinerant({ itinerance: 'Fixe|Itinérant' })).toBe(true);
    expect(isItinerant({ itinerance: 'Fixe' })).toBe(false);
    expect(mainServices({ services: 'A|B|C|D|E' }, 3)).toEqual({ shown: ['A', 'B', 'C'], more: 2 });
    expect(mainServices({})).toEqual({ shown: [], more: 0 });
  });
});

describe('links', () => {
  it('keeps only http(s) links', () => {
    expect(safeHttpUrl(' https://rdv.example.fr/x?y=1 ')).toBe('https://rdv.example.fr/x?y=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,hi')).toBeUndefined();
    expect(safeHttpUrl('www.example.fr')).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });

  it('itinerary to the point, else to the address', () => {
    expect(itineraryUrl({ latitude: '45.7', longitude: '4.8' })).toBe(
      'https://www.openstreetmap.org/directions?to=45.7%2C4.8',
    );
    const record = { adresse: '1 rue X', code_postal: '69001', commune: 'Lyon' };
    expect(addressLine(record)).toBe('1 rue X, 69001 Lyon');
    expect(itineraryUrl(record)).toBe(
      'https://www.openstreetmap.org/search?query=1%20rue%20X%2C%2069001%20Lyon',
    );
  });
});

describe('freshness', () => {
  it('says how old the information is and warns beyond a year', () => {
    expect(freshness('2025-06-12', NOW, 'fr')).toEqual({ text: 'Mis à jour aujourd’hui', old: false });
    expect(freshness('2025-06-02', NOW, 'fr')).toEqual({ text: 'Mis à jour il y a 10 jours', old: false });
    expect(freshness('2025-03-12', NOW, 'fr')).toEqual({ text: 'Mis à jour il y a 3 mois', old: false });
    expect(freshness('2024-06-01', NOW, 'fr')).toEqual({ text: 'Mis à jour il y a plus d’un an', old: true });
    expect(freshness('2021-01-01', NOW, 'en')).toEqual({ text: 'Updated more than 4 years ago', old: true });
    expect(freshness('2026-01-01', NOW, 'fr')?.text).toBe('Mis à jour à une date future');
    expect(freshness('hier', NOW, 'fr')).toBeUndefined();
    expect(freshness(undefined, NOW, 'fr')).toBeUndefined();
  });
});

describe('formatPhone and formatDate', () => {
  it('reads French numbers the national way, keeps the others', () => {
    expect(formatPhone('+33478000000')).toBe('04 78 00 00 00');
    expect(formatPhone('+262692123456')).toBe('0692 12 34 56');
    expect(formatPhone('+687 27 12 34')).toBe('+687 27 12 34');
    expect(formatPhone('04 78 00 00 00')).toBe('04 78 00 00 00');
  });

  it('dates in the reader’s convention', () => {
    expect(formatDate('2026-11-29T10:00:00Z', 'fr')).toBe('29/11/2026');
    expect(formatDate('2026-11-29', 'en')).toBe('2026-11-29');
    expect(formatDate('', 'fr')).toBe('');
  });
});

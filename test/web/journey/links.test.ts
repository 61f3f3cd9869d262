import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { ficheHref, parseFicheParams } from '../../../src/web/fiche/links.js';
import { qrMatrix, qrRuns, qrSvg } from '../../../src/web/fiche/qr.js';
import { flatFromApi } from '../../../src/web/journey/data.js';

describe('fiche links', () => {
  it('round-trip the lieux and the way back', () => {
    const href = ficheHref(['a-1', 'b:2'], '/orientation/resultats?gratuit=oui');
    expect(href.startsWith('/orientation/fiche?lieux=a-1|b%3A2&retour=')).toBe(true);
    const parsed = parseFicheParams(new URL(href, 'https://x.fr').search);
    expect(parsed).toEqual({
      ids: ['a-1', 'b:2'],
      invalid: [],
      tooMany: false,
      back: '/orientation/resultats?gratuit=oui',
    });
  });

  it('drops unreadable ids and duplicates, and never leads back to another site', () => {
    const parsed = parseFicheParams('?lieux=a|a|<script>|b&lieux=c&retour=https://evil.example/');
    expect(parsed.ids).toEqual(['a', 'b', 'c']);
    expect(parsed.invalid).toEqual(['<script>']);
    expect(parsed.back).toBeUndefined();
    expect(parseFicheParams('?retour=//evil.example/orientation/x').back).toBeUndefined();
    expect(parseFicheParams('?lieux=1|2|3|4|5|6').tooMany).toBe(true);
  });
});

describe('flatFromApi', () => {
  it('turns the API’s arrays back into the standard’s `|` lists and numbers into text', () => {
    expect(
      flatFromApi({
        id: 'x',
        nom: 'N',
        services: ['A', 'B'],
        latitude: 45.5,
        qualite: { score: 3 },
        vide: null,
      }),
    ).toEqual({ id: 'x', nom: 'N', services: 'A|B', latitude: '45.5' });
  });
});

describe('QR code', () => {
  it('draws exactly the library’s dark modules, in runs', () => {
    const url = 'https://repere.example.fr/lieux/abc';
    const qr = qrMatrix(url);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const drawn = new Array<boolean>(qr.size * qr.size).fill(false);
    for (const [row, col, n] of qrRuns(qr)) for (let i = 0; i < n; i++) drawn[row * qr.size + col + i] = true;
    expect(drawn).toEqual(Array.from(expected.data, Boolean));
  });

  it('as SVG: one path, a title for screen readers, escaped', () => {
    const svg = qrSvg('https://x.fr/lieux/a', 'QR code vers « A & B »');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('<title>QR code vers « A &amp; B »</title>');
    expect(svg).toContain('role="img"');
  });
});

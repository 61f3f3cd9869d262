import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { buildFiche } from '../../../src/core/journey/index.js';
import { fichePdfFileName, qrMatrix, renderFichePdf, wrapText } from '../../../src/web/fiche/pdf.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { matrixFromRects, readPdf } from './pdf-reader.js';

const LIEU = {
  id: 'lieu-42',
  record: {
    nom: 'Médiathèque « L’Œil » — Tulle',
    adresse: '3 rue des Lilas',
    code_postal: '19000',
    commune: 'Tulle',
    horaires: 'Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00',
    telephone: '+33555201020',
    site_web: 'https://envol.fr',
    modalites_acces: 'Se présenter',
    services: 'Aide aux démarches administratives',
    frais_a_charge: 'Gratuit',
  },
};
const OPTIONS = { origin: 'https://repere.example.fr', date: new Date('2026-11-29T10:00:00Z') };

describe('renderFichePdf', () => {
  it('writes the lieu’s name, hours, contact, the person’s first name and note', async () => {
    const fiche = buildFiche([LIEU], {
      ...OPTIONS,
      personFirstName: 'Amina',
      note: 'Apporter la carte Vitale.',
      prescriberName: 'Claire',
    });
    const pdf = readPdf(await renderFichePdf(fiche));
    const text = pdf.texts.join('\n');
    expect(pdf.pageCount).toBe(1);
    expect(text.startsWith('%PDF')).toBe(false);
    expect(pdf.texts).toContain('Médiathèque « L’Œil » — Tulle');
    expect(pdf.texts).toContain('Samedi');
    expect(pdf.texts).toContain('9 h – 12 h');
    expect(pdf.texts).toContain('9 h – 12 h et 13 h 30 – 17 h');
    expect(pdf.texts).toContain('Téléphone : 05 55 20 10 20');
    expect(pdf.texts).toContain('Pour Amina');
    expect(pdf.texts).toContain('Apporter la carte Vitale.');
    expect(pdf.texts).toContain('Fiche remise par Claire');
    expect(pdf.texts).toContain('29 novembre 2026');
    expect(text).toContain('aucun serveur');
  });

  it('draws a QR code that encodes the live lieu page, and links it', async () => {
    const bytes = await renderFichePdf(buildFiche([LIEU], OPTIONS));
    const pdf = readPdf(bytes);
    const url = 'https://repere.example.fr/lieux/lieu-42';
    expect(pdf.figures).toHaveLength(1);
    expect(pdf.figureAlts).toEqual([`QR code vers la page du lieu : ${url}`]);
    const drawn = matrixFromRects(pdf.figures[0]!);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(drawn.length).toBe(expected.size);
    for (let row = 0; row < expected.size; row++) {
      for (let col = 0; col < expected.size; col++) {
        expect(drawn[row]![col], `module ${row},${col}`).toBe(
          Boolean(expected.data[row * expected.size + col]),
        );
      }
    }
    expect(pdf.uris).toContain(url);
    expect(pdf.uris).toContain('https://envol.fr');
    // The file is a PDF that pdf-lib can read back, with French metadata and no personal data.
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Fiche d’orientation — Médiathèque « L’Œil » — Tulle');
    expect(doc.getCreator()).toBe('Repère');
  });

  it('never writes the person’s first name in the metadata', async () => {
    const bytes = await renderFichePdf(buildFiche([LIEU], { ...OPTIONS, personFirstName: 'Zébulon' }));
    const doc = await PDFDocument.load(bytes);
    expect([doc.getTitle(), doc.getSubject(), doc.getKeywords(), doc.getAuthor()].join(' ')).not.toContain(
      'Zébulon',
    );
  });

  it('one QR code per lieu; long content flows onto more pages with page numbers', async () => {
    const lieux = Array.from({ length: 5 }, (_, i) => ({
      id: `l${i}`,
      record: { ...LIEU.record, nom: `Lieu ${i}` },
    }));
    const fiche = buildFiche(lieux, { ...OPTIONS, note: 'Une note assez longue. '.repeat(25) });
    const pdf = readPdf(await renderFichePdf(fiche));
    expect(pdf.figures).toHaveLength(5);
    expect(pdf.pageCount).toBeGreaterThan(1);
    expect(pdf.texts).toContain(`Page 1 / ${pdf.pageCount}`);
    expect(pdf.texts).toContain('Lieu 5 sur 5');
    for (let i = 0; i < 5; i++) expect(pdf.uris).toContain(`https://repere.example.fr/lieux/l${i}`);
  });

  it('draws text outside WinAnsi without failing (replaced, not dropped silently)', async () => {
    const lieu = { id: 'x', record: { nom: 'Centre Ștefan 😀 日本', commune: 'Paris\u202f15e' } };
    const pdf = readPdf(await renderFichePdf(buildFiche([lieu], OPTIONS)));
    expect(pdf.texts).toContain('Centre Stefan ??');
    expect(pdf.texts).toContain('Paris 15e');
  });
});

describe('helpers', () => {
  it('wraps text to a width, cutting words longer than a line', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const lines = wrapText(
      'un deux trois https://exemple.fr/un/chemin/vraiment/très/long/sans/espace',
      font,
      10,
      80,
    );
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(80);
    expect(lines.join('')).toBe(
      'un deuxtroishttps://exemple.fr/un/chemin/vraiment/très/long/sans/espace'.replace(
        'deuxtrois',
        'deux trois',
      ),
    );
  });

  it('qrMatrix is the library’s matrix', () => {
    const m = qrMatrix('abc');
    expect(m.size).toBe(21);
    expect(m.dark(0, 0)).toBe(true);
  });

  it('names the file after the first lieu and the date', () => {
    const fiche = buildFiche([LIEU], OPTIONS);
    expect(fichePdfFileName(fiche, OPTIONS.date)).toBe(
      'fiche-orientation-mediatheque-l-oeil-tulle-2026-11-29.pdf',
    );
  });
});

/**
 * The fiche d'orientation as a PDF, made in the browser (the person's first name and the note never
 * leave the device). A4, Helvetica (WinAnsi: text goes through `toWinAnsi`), one block per lieu with a
 * QR code of its live page drawn as vector modules (sharp at any printer resolution) and a link
 * annotation on it and on the printed address. No DOM: the same code runs in Node for tests and the
 * benchmark.
 */
import {
  PDFDocument,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFString,
  StandardFonts,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';
import type { PDFFont, PDFPage, RGB } from 'pdf-lib';
import { qrMatrix, qrRuns } from './qr.js';
import { toWinAnsi } from '../../core/journey/fiche.js';
import type { FicheDocument, FicheLieu } from '../../core/journey/fiche.js';
import { t, type Lang } from '../i18n/index.js';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const FOOTER = 40;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const QR_SIZE = 104;
const QR_GAP = 16;
const INK = rgb(0.12, 0.12, 0.12);
const MUTED = rgb(0.33, 0.33, 0.33);
const BLUE = rgb(0, 0, 0.57);
const NOTE_BG = rgb(0.95, 0.95, 0.97);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Splits text into lines that fit `width`; words longer than a line are cut. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let n = rest.length - 1;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

class Layout {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  /** Below this y the full width is free again (the QR code sits above it, on the right). */
  private narrowUntil = Infinity;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - MARGIN;
    this.narrowUntil = Infinity;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER) this.newPage();
  }

  width(indent = 0): number {
    const full = CONTENT_WIDTH - indent;
    return this.y > this.narrowUntil ? full - QR_SIZE - QR_GAP : full;
  }

  reserveQr(bottom: number): void {
    this.narrowUntil = bottom;
  }

  text(
    value: string,
    options: {
      size?: number;
      bold?: boolean;
      color?: RGB;
      indent?: number;
      gapAfter?: number;
      link?: string;
    } = {},
  ): void {
    const size = options.size ?? 10.5;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const leading = size * 1.35;
    const indent = options.indent ?? 0;
    // Wrap line by line: the width changes once past the QR code.
    let rest = toWinAnsi(value);
    for (const paragraph of rest.split('\n')) {
      rest = paragraph;
      do {
        this.ensure(leading);
        const [line = '', ...others] = wrapText(rest, font, size, this.width(indent));
        this.page.drawText(line, {
          x: MARGIN + indent,
          y: this.y - size,
          size,
          font,
          color: options.color ?? INK,
        });
        if (options.link && line) {
          addLink(this.doc, this.page, options.link, [
            MARGIN + indent,
            this.y - leading,
            MARGIN + indent + font.widthOfTextAtSize(line, size),
            this.y,
          ]);
        }
        this.y -= leading;
        rest = others.join(' ');
      } while (rest);
    }
    this.y -= options.gapAfter ?? 0;
  }

  heading(value: string): void {
    this.ensure(40);
    this.y -= 6;
    this.text(value, { bold: true, size: 11.5, color: BLUE, gapAfter: 1 });
  }

  /** Two columns: a label (day) and its text. */
  row(label: string, value: string, labelWidth: number): void {
    const size = 10.5;
    const leading = size * 1.35;
    const lines = wrapText(toWinAnsi(value), this.fonts.regular, size, this.width(labelWidth));
    this.ensure(leading * lines.length);
    this.page.drawText(toWinAnsi(label), {
      x: MARGIN,
      y: this.y - size,
      size,
      font: this.fonts.bold,
      color: INK,
    });
    for (const line of lines) {
      this.page.drawText(line, {
        x: MARGIN + labelWidth,
        y: this.y - size,
        size,
        font: this.fonts.regular,
        color: INK,
      });
      this.y -= leading;
    }
  }

  rule(): void {
    this.ensure(12);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 4 },
      end: { x: PAGE.width - MARGIN, y: this.y - 4 },
      thickness: 0.8,
      color: rgb(0.75, 0.75, 0.8),
    });
    this.y -= 12;
  }
}

function addLink(doc: PDFDocument, page: PDFPage, url: string, rect: [number, number, number, number]): void {
  const annotation = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
  });
  page.node.addAnnot(doc.context.register(annotation));
}

/**
 * Draws the QR code of `url` with its top-left corner at (x, top), quiet zone included in `size`.
 * Wrapped in a `/Figure` marked-content sequence with its alternative text, for screen readers.
 */
function drawQr(
  doc: PDFDocument,
  page: PDFPage,
  url: string,
  x: number,
  top: number,
  size: number,
  lang: Lang,
): void {
  const qr = qrMatrix(url);
  const quiet = 4;
  const m = size / (qr.size + 2 * quiet);
  const ops: PDFOperator[] = qrRuns(qr).map(([row, col, n]) =>
    rectangle(x + (quiet + col) * m, top - (quiet + row + 1) * m, n * m, m),
  );
  // An inline property list; pdf-lib's operand type omits dictionaries, but writes them correctly.
  const alt = doc.context.obj({ Alt: PDFString.of(t('fiche.qrPdfAlt', { url }, lang)) });
  page.pushOperators(
    PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
      PDFName.of('Figure'),
      alt as unknown as PDFName,
    ]),
    pushGraphicsState(),
    setFillingRgbColor(0, 0, 0),
    ...ops,
    fill(),
    popGraphicsState(),
    PDFOperator.of(PDFOperatorNames.EndMarkedContent),
  );
  addLink(doc, page, url, [x, top - size, x + size, top]);
}

function lieuBlock(
  doc: PDFDocument,
  layout: Layout,
  lieu: FicheLieu,
  index: number,
  total: number,
  lang: Lang,
): void {
  layout.ensure(QR_SIZE + 60);
  layout.rule();
  const top = layout.y;
  const qrX = PAGE.width - MARGIN - QR_SIZE;
  drawQr(doc, layout.page, lieu.url, qrX, top, QR_SIZE, lang);
  const caption = [t('fiche.scan1', {}, lang), t('fiche.scan2', {}, lang)];
  caption.forEach((line, i) => {
    const text = toWinAnsi(line);
    const w = layout.fonts.regular.widthOfTextAtSize(text, 7.5);
    layout.page.drawText(text, {
      x: qrX + (QR_SIZE - w) / 2,
      y: top - QR_SIZE - 8 - i * 9,
      size: 7.5,
      font: layout.fonts.regular,
      color: MUTED,
    });
  });
  layout.reserveQr(top - QR_SIZE - 24);

  if (total > 1) layout.text(t('fiche.index', { i: index + 1, n: total }, lang), { size: 9, color: MUTED });
  layout.text(lieu.nom, { bold: true, size: 15, gapAfter: 4 });
  layout.heading(t('fiche.address', {}, lang));
  for (const line of lieu.addressLines) layout.text(line);
  for (const line of lieu.directions) layout.text(line, { color: MUTED });
  layout.text(`${t('fiche.page', {}, lang)}${lieu.url}`, { size: 9, color: BLUE, link: lieu.url });

  layout.heading(t('fiche.hours', {}, lang));
  if (lieu.hours) for (const day of lieu.hours) layout.row(day.day, day.text, 78);
  layout.text(lieu.hoursNote, { size: 9.5, color: MUTED });

  layout.heading(t('fiche.howToGo', {}, lang));
  for (const line of lieu.howToGo) layout.text(`•  ${line}`);

  layout.heading(t('fiche.contact', {}, lang));
  if (lieu.contact.length) {
    for (const c of lieu.contact) {
      const line = `${t('fiche.contactLine', { label: c.label }, lang)}${c.value}`;
      layout.text(line, c.href?.startsWith('http') ? { link: c.href } : {});
    }
  } else layout.text(t('fiche.noContact', {}, lang), { color: MUTED });

  if (lieu.services.length || lieu.fees) {
    layout.heading(t('fiche.services', {}, lang));
    if (lieu.services.length) layout.text(lieu.services.join(' · '));
    if (lieu.fees) layout.text(t('fiche.fees', { fees: lieu.fees }, lang));
  }
  layout.y = Math.min(layout.y, top - QR_SIZE - 30);
}

export interface PdfOptions {
  /** Metadata; the person's first name is never written there. */
  title?: string;
  creationDate?: Date;
}

/** The fiche as PDF bytes. */
export async function renderFichePdf(fiche: FicheDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  // A fiche built before `lang` existed (or by hand) is French.
  const lang: Lang = fiche.lang ?? 'fr';
  const names = fiche.lieux.map((l) => l.nom).join(', ');
  doc.setTitle(toWinAnsi(options.title ?? `${fiche.title} — ${names}`));
  doc.setSubject(toWinAnsi(t('fiche.pdfSubject', { names }, lang)));
  doc.setCreator('Repère');
  doc.setProducer('Repère (pdf-lib)');
  doc.setLanguage(lang === 'en' ? 'en-GB' : 'fr-FR');
  doc.setKeywords(t('fiche.pdfKeywords', {}, lang).split('|').map(toWinAnsi));
  const date = options.creationDate ?? new Date();
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const layout = new Layout(doc, fonts);
  const titleSize = 20;
  layout.page.drawText(toWinAnsi(fiche.dateText), {
    x: PAGE.width - MARGIN - fonts.regular.widthOfTextAtSize(toWinAnsi(fiche.dateText), 10.5),
    y: layout.y - 10.5,
    size: 10.5,
    font: fonts.regular,
    color: MUTED,
  });
  layout.text(fiche.title, { bold: true, size: titleSize, gapAfter: 4 });
  if (fiche.forPerson) layout.text(fiche.forPerson, { bold: true, size: 13, gapAfter: 2 });
  if (fiche.note) {
    const size = 10.5;
    const lines = wrapText(toWinAnsi(fiche.note), fonts.regular, size, CONTENT_WIDTH - 20);
    const height = lines.length * size * 1.35 + 22;
    layout.ensure(height);
    layout.page.drawRectangle({
      x: MARGIN,
      y: layout.y - height,
      width: CONTENT_WIDTH,
      height,
      color: NOTE_BG,
    });
    layout.y -= 6;
    layout.text(t('fiche.note', {}, lang), { bold: true, indent: 10, size: 10 });
    for (const line of lines) layout.text(line, { indent: 10 });
    layout.y -= 8;
  }
  if (fiche.prescriber) layout.text(fiche.prescriber, { color: MUTED, gapAfter: 4 });

  fiche.lieux.forEach((lieu, i) => lieuBlock(doc, layout, lieu, i, fiche.lieux.length, lang));

  const total = layout.pages.length;
  layout.pages.forEach((page, i) => {
    const lines = wrapText(toWinAnsi(fiche.privacy), fonts.regular, 7.5, CONTENT_WIDTH - 70);
    lines.forEach((line, j) => {
      page.drawText(line, { x: MARGIN, y: MARGIN - 6 - j * 9, size: 7.5, font: fonts.regular, color: MUTED });
    });
    const pageText = t('fiche.pdfPage', { i: i + 1, n: total }, lang);
    page.drawText(pageText, {
      x: PAGE.width - MARGIN - fonts.regular.widthOfTextAtSize(pageText, 8),
      y: MARGIN - 6,
      size: 8,
      font: fonts.regular,
      color: MUTED,
    });
  });
  // Object streams off: the link annotations' URIs stay readable as plain text in the file.
  return doc.save({ useObjectStreams: false });
}

/** File name for the download: « fiche-orientation-mediatheque-x-2026-11-29.pdf ». */
export function fichePdfFileName(fiche: FicheDocument, date: Date): string {
  const first = fiche.lieux[0]?.nom ?? 'lieu';
  const slug = first
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  const day = date.toISOString().slice(0, 10);
  return `fiche-orientation-${slug || 'lieu'}${fiche.lieux.length > 1 ? `-et-${fiche.lieux.length - 1}-autres` : ''}-${day}.pdf`;
}

export { qrMatrix };

import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvHeader, stringifyCsvRecord } from '../../../src/core/standard/csv.js';
import { FIELD_NAMES } from '../../../src/core/standard/fields.js';
import { RecordReadError, type ReadItem } from '../../../src/core/standard/read-error.js';
import {
  createRecordReader,
  sniffFormat,
  type RecordReaderOptions,
} from '../../../src/core/standard/record-reader.js';
import { toFlat, toLieu } from '../../../src/core/standard/model.js';
import { SERVICES, FRAIS_A_CHARGE } from '../../../src/core/standard/enums.js';
import type { Lieu } from '../../../src/core/standard/types.js';
import { cutsArb, splitAt } from './codecs-helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function read(data: Uint8Array, options: RecordReaderOptions = {}, cuts: number[] = []) {
  const reader = createRecordReader(options);
  const items: ReadItem[] = [];
  for (const chunk of splitAt(data, cuts)) items.push(...reader.push(chunk));
  items.push(...reader.end());
  return { items, summary: reader.summary() };
}

function thrown(run: () => unknown): RecordReadError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RecordReadError);
    return error as RecordReadError;
  }
  throw new Error('expected a RecordReadError');
}

describe('sniffFormat', () => {
  it('says json for [ or {, csv otherwise, undefined while blank', () => {
    expect(sniffFormat('\uFEFF \n [')).toBe('json');
    expect(sniffFormat('{"a":1}')).toBe('json');
    expect(sniffFormat('id;nom')).toBe('csv');
    expect(sniffFormat(' \n\t')).toBeUndefined();
  });
});

describe('createRecordReader', () => {
  it('reads a Windows-1252 CSV with ; and says so', () => {
    const data = new Uint8Array(iconv.encode('id;nom;commune\r\n1;Médiathèque;Épernay\r\n', 'win1252'));
    const { items, summary } = read(data, { file: 'lieux.csv' });
    expect(items).toEqual([{ line: 2, record: { id: '1', nom: 'Médiathèque', commune: 'Épernay' } }]);
    expect(summary).toMatchObject({
      file: 'lieux.csv',
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      columns: ['id', 'nom', 'commune'],
      records: 1,
      recordsWithIssues: 0,
    });
    expect(summary.notices.join(' ')).toMatch(/Windows-1252/);
  });

  it('sniffs JSON and tells where the array was found', () => {
    const { items, summary } = read(utf8(' {"data": [{"id": "1"}]}'));
    expect(items.map((i) => i.record)).toEqual([{ id: '1' }]);
    expect(summary).toMatchObject({ format: 'json', recordsPath: 'data', columns: ['id'] });
    expect(summary.notices.join(' ')).toMatch(/clé « data »/);
  });

  it('honours a forced format: a JSON-looking text read as CSV', () => {
    const { items } = read(utf8('[a,b]\n1,2\n'), { format: 'csv' });
    expect(items[0]!.record).toEqual({ '[a': '1', 'b]': '2' });
  });

  it('reads a header-only CSV as zero records with a notice', () => {
    const { items, summary } = read(utf8('id,nom\n'));
    expect(items).toEqual([]);
    expect(summary.records).toBe(0);
    expect(summary.notices).toContain("le fichier ne contient que la ligne d'en-tête : aucun lieu à lire.");
  });

  it('reads an empty JSON array as zero records with a notice', () => {
    const { summary } = read(utf8('[]'));
    expect(summary.notices.join(' ')).toMatch(/tableau JSON est vide/);
  });

  it('says an empty or blank file is empty, with the file name', () => {
    for (const text of ['', '\n \r\n', '\uFEFF']) {
      const error = thrown(() => read(utf8(text), { file: 'vide.csv' }));
      expect(error.code).toBe('empty');
      expect(error.describe()).toBe('vide.csv : le fichier est vide.');
    }
    expect(thrown(() => read(utf8('  '), { format: 'json' })).code).toBe('empty');
  });

  it('puts the file on fatal errors and on record issues', () => {
    const error = thrown(() => read(utf8('a,b\n1,"x\n'), { file: 'f.csv' }));
    expect(error.describe()).toMatch(/^f\.csv, ligne 2 : guillemet ouvert ligne 2/);
    const { items, summary } = read(utf8('a,b\n1\n2,3\n'), { file: 'f.csv' });
    expect(items[0]!.issues![0]!.describe()).toMatch(/^f\.csv, ligne 2 : 1 valeur pour 2 colonnes/);
    expect(summary.recordsWithIssues).toBe(1);
  });

  it('refuses binary content before anything else', () => {
    const error = thrown(() =>
      read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), { file: 'lieux.xlsx' }),
    );
    expect(error.code).toBe('binary');
    expect(error.file).toBe('lieux.xlsx');
  });

  it('counts blank rows in the summary', () => {
    const { summary } = read(utf8('a;b\n;\n1;2\n;\n'));
    expect(summary.blankRows).toBe(2);
    expect(summary.notices).toContain('2 lignes vides ignorées.');
  });
});

// Valid lieux with awkward text: quotes, separators, line breaks, accents, `|` lists.
const text = fc
  .string({
    unit: fc.constantFrom('a', 'Z', 'é', 'Œ', '"', ',', ';', '\n', '\r\n', ' ', '«', '€', '’'),
    minLength: 1,
  })
  .map((s) => s.trim())
  .filter((s) => s !== '');
const listItem = text.map((s) => s.replace(/\|/g, ''));
const lieuArb: fc.Arbitrary<Lieu> = fc.record(
  {
    id: text,
    pivot: fc.stringMatching(/^[0-9]{14}$/),
    nom: text,
    commune: text,
    code_postal: fc.stringMatching(/^[0-9]{5}$/),
    adresse: text,
    date_maj: fc.constant('2024-04-02'),
    // -0 prints as "0": a model matter, not a codec one.
    latitude: fc.double({ min: -90, max: 90, noNaN: true }).filter((v) => !Object.is(v, -0)),
    longitude: fc.double({ min: -180, max: 180, noNaN: true }).filter((v) => !Object.is(v, -0)),
    typologie: fc.array(listItem, { minLength: 1, maxLength: 3 }),
    presentation_detail: text,
    services: fc.subarray([...SERVICES], { minLength: 1 }),
    frais_a_charge: fc.subarray([...FRAIS_A_CHARGE], { minLength: 1 }),
  },
  { requiredKeys: ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'] },
) as fc.Arbitrary<Lieu>;

describe('CSV → model → CSV round trip', () => {
  it('is lossless for valid lieux, whatever the chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lieuArb, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<',' | ';'>(',', ';'),
        cutsArb,
        (lieux, d, cuts) => {
          const csv =
            csvHeader(FIELD_NAMES, d) +
            lieux.map((l) => stringifyCsvRecord(toFlat(l), FIELD_NAMES, d)).join('');
          const { items } = read(utf8(csv), {}, cuts);
          expect(items.map((i) => toLieu(i.record))).toEqual(lieux);
          expect(items.every((i) => !i.issues)).toBe(true);
          const again =
            csvHeader(FIELD_NAMES, d) +
            items.map((i) => stringifyCsvRecord(toFlat(toLieu(i.record)), FIELD_NAMES, d)).join('');
          expect(again).toBe(csv);
        },
      ),
      { numRuns: 150 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCsvParser,
  createCsvRecordReader,
  csvHeader,
  detectDelimiter,
  MAX_CELLS_PER_ROW,
  parseCsv,
  stringifyCsvRecord,
  stringifyCsvRow,
  type CsvDelimiter,
  type ParsedRow,
} from '../../../src/core/standard/csv.js';
import { FIELD_NAMES } from '../../../src/core/standard/fields.js';
import { RecordReadError, type ReadItem } from '../../../src/core/standard/read-error.js';
import { cutsArb, everySplit, splitAt } from './codecs-helpers.js';

function parseChunks(chunks: string[], delimiter?: CsvDelimiter): ParsedRow[] {
  const parser = createCsvParser(delimiter ? { delimiter } : {});
  const rows: ParsedRow[] = [];
  for (const c of chunks) rows.push(...parser.push(c));
  rows.push(...parser.end());
  return rows;
}

function readCsv(text: string, chunks?: string[]): ReadItem[] {
  const reader = createCsvRecordReader();
  const items: ReadItem[] = [];
  for (const c of chunks ?? [text]) items.push(...reader.push(c));
  items.push(...reader.end());
  return items;
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

describe('parseCsv (RFC 4180)', () => {
  it('reads rows with the line where each starts', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual([
      { line: 1, cells: ['a', 'b'], endLine: 1 },
      { line: 2, cells: ['1', '2'], endLine: 2 },
      { line: 3, cells: ['3', '4'], endLine: 3 },
    ]);
  });

  it('handles quotes, doubled quotes, separators and line breaks inside quotes', () => {
    const text = 'nom,desc\r\n"Le ""Fablab""","a, b\r\nsuite\nfin"\r\nx,"y"\r\n';
    const rows = parseCsv(text);
    expect(rows.map((r) => r.cells)).toEqual([
      ['nom', 'desc'],
      ['Le "Fablab"', 'a, b\r\nsuite\nfin'],
      ['x', 'y'],
    ]);
    expect(rows.map((r) => [r.line, r.endLine])).toEqual([
      [1, 1],
      [2, 4],
      [5, 5],
    ]);
  });

  it('accepts LF, CRLF and CR line endings', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const rows = parseCsv(['a,b', '1,2', '3,4'].join(eol) + eol);
      expect(rows.map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
      ]);
      expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
    }
  });

  it('counts CR, LF and CRLF line breaks inside quoted values once each', () => {
    const rows = parseCsv('a\r"x\ry\r\nz\nw"\rb\r"\r\n\r\n"\rc');
    expect(rows.map((r) => [r.line, r.endLine, r.cells[0]])).toEqual([
      [1, 1, 'a'],
      [2, 5, 'x\ry\r\nz\nw'],
      [6, 6, 'b'],
      [7, 9, '\r\n\r\n'],
      [10, 10, 'c'],
    ]);
  });

  it('drops a UTF-8 BOM and skips blank lines, without an empty last record', () => {
    const rows = parseCsv('\uFEFFa;b\n\n1;2\r\n\r\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'], endLine: 1 },
      { line: 3, cells: ['1', '2'], endLine: 3 },
    ]);
  });

  it('keeps empty values, including a trailing one', () => {
    expect(parseCsv('a,,c,\n,"",x').map((r) => r.cells)).toEqual([
      ['a', '', 'c', ''],
      ['', '', 'x'],
    ]);
  });

  it('keeps a quote inside an unquoted value, and text after a closing quote, as written', () => {
    expect(parseCsv('ab"c,"d"e\n').map((r) => r.cells)).toEqual([['ab"c', 'de']]);
  });

  it('gives the same rows for every split of the input', () => {
    const text = 'a;"b\r\nc";""""\r\n"x;y";z\n\n"";\r';
    const whole = parseCsv(text);
    for (const chunks of everySplit(text)) expect(parseChunks(chunks)).toEqual(whole);
  });

  it('gives the same rows whatever the chunk boundaries (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ',', ';', '"', '\n', '\r', ' ', '|') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        cutsArb,
        (rows, cuts) => {
          const text = rows.map((r) => stringifyCsvRow(r, ';')).join('');
          expect(parseChunks(splitAt(text, cuts), ';')).toEqual(parseCsv(text, { delimiter: ';' }));
        },
      ),
    );
  });
});

describe('delimiter detection', () => {
  it('counts separators outside quotes on the header line', () => {
    expect(detectDelimiter('id;nom;commune')).toBe(';');
    expect(detectDelimiter('id,nom,commune')).toBe(',');
    expect(detectDelimiter('"a,b,c";d;e')).toBe(';');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('seul')).toBe(',');
  });

  it('detects on the first non-blank line, even when it arrives in pieces', () => {
    const parser = createCsvParser();
    expect(parser.push('\n\nid;n')).toEqual([]);
    expect(parser.delimiter).toBeUndefined();
    const rows = [...parser.push('om\n1;"a,b"\n'), ...parser.end()];
    expect(parser.delimiter).toBe(';');
    expect(rows.map((r) => r.cells)).toEqual([
      ['id', 'nom'],
      ['1', 'a,b'],
    ]);
    expect(rows[0]!.line).toBe(3);
  });

  it('ignores a separator inside a quoted, multi-line header cell', () => {
    expect(parseCsv('"a\n,b";c\n1;2').map((r) => r.cells)).toEqual([
      ['a\n,b', 'c'],
      ['1', '2'],
    ]);
  });
});

describe('hostile CSV', () => {
  it('reports an unbalanced quote at the line where the quoted value opened', () => {
    const error = thrown(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n6,7\n'));
    expect(error.code).toBe('unbalanced-quote');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/guillemet ouvert ligne 3/);
  });

  it('rejects a 10 MB value with the line number, and reads it when the limit is raised', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const text = `a,b\n1,2\n3,"${big}"\n`;
    const error = thrown(() => parseCsv(text));
    expect(error.code).toBe('field-too-long');
    expect(error.line).toBe(3);
    const rows = parseCsv(text, { maxFieldLength: 11 * 1024 * 1024 });
    expect(rows[2]!.cells[1]!.length).toBe(big.length);
  });

  it('stops early on a quote never closed in a huge file, pointing at its line', () => {
    const parser = createCsvParser({ delimiter: ',', maxFieldLength: 1000 });
    parser.push('a,b\n"x,y\n');
    const error = thrown(() => {
      for (let i = 0; i < 100; i++) parser.push('1,2\n'.repeat(10));
    });
    expect(error.code).toBe('field-too-long');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/guillemet ouvert ligne 2/);
  });

  it('refuses a record with an absurd number of values', () => {
    const error = thrown(() => parseCsv(`a,b\n1,2\n${','.repeat(MAX_CELLS_PER_ROW + 5)}\n`));
    expect(error.code).toBe('row-too-wide');
    expect(error.line).toBe(3);
    expect(parseCsv(`${','.repeat(MAX_CELLS_PER_ROW - 1)}\n`)[0]!.cells).toHaveLength(MAX_CELLS_PER_ROW);
  });

  it('limits an unquoted value too', () => {
    const error = thrown(() => parseCsv(`a\nok\n${'y'.repeat(2000)}\n`, { maxFieldLength: 1000 }));
    expect(error.code).toBe('field-too-long');
    expect(error.line).toBe(3);
  });
});

describe('stringifyCsvRow / csvHeader', () => {
  it('quotes only when needed and ends rows with LF', () => {
    expect(stringifyCsvRow(['a', 'b c', 'd,e', 'f"g', 'h\ni', ' j', 'k ', 'l;m', 'é|è'])).toBe(
      'a,b c,"d,e","f""g","h\ni"," j","k ",l;m,é|è\n',
    );
    expect(stringifyCsvRow(['l;m', 'd,e'], ';')).toBe('"l;m";d,e\n');
    expect(stringifyCsvRow(['a\tb', 'c'], '\t')).toBe('"a\tb"\tc\n');
  });

  it('writes the standard columns in schema order by default', () => {
    expect(csvHeader()).toBe(FIELD_NAMES.join(',') + '\n');
    expect(stringifyCsvRecord({ nom: 'X', id: '1', autre: 'ignoré' }, ['id', 'nom', 'commune'])).toBe(
      '1,X,\n',
    );
  });

  it('round-trips any cells through parse (property)', () => {
    const delimiter = fc.constantFrom<CsvDelimiter>(',', ';', '\t');
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        delimiter,
        (rows, d) => {
          fc.pre(!rows[0]![0]!.startsWith('\uFEFF')); // a leading BOM is dropped by design
          const text = rows.map((r) => stringifyCsvRow(r, d)).join('');
          expect(parseCsv(text, { delimiter: d }).map((r) => r.cells)).toEqual(rows);
        },
      ),
    );
  });
});

describe('createCsvRecordReader', () => {
  it('keys records by the trimmed header and keeps the start line', () => {
    const items = readCsv(' id ;nom\n1;"A\nB"\n2;C\n');
    expect(items).toEqual([
      { line: 2, record: { id: '1', nom: 'A\nB' } },
      { line: 4, record: { id: '2', nom: 'C' } },
    ]);
  });

  it('keeps missing values as empty strings and reports the row', () => {
    const [item] = readCsv('id,nom,commune,code_postal\n1,A\n');
    expect(item!.record).toEqual({ id: '1', nom: 'A', commune: '', code_postal: '' });
    expect(item!.issues).toHaveLength(1);
    expect(item!.issues![0]!.code).toBe('ragged-row');
    expect(item!.issues![0]!.line).toBe(2);
    expect(item!.issues![0]!.message).toMatch(/2 valeurs pour 4 colonnes.*commune, code_postal/);
  });

  it('reports extra values (dropped) with the counts, and the span of a multi-line record', () => {
    const [item] = readCsv('id,nom\n1,"A\nB",surplus\n');
    expect(item!.record).toEqual({ id: '1', nom: 'A\nB' });
    expect(item!.issues![0]!.code).toBe('ragged-row');
    expect(item!.issues![0]!.message).toMatch(/3 valeurs pour 2 colonnes/);
    expect(item!.issues![0]!.message).toMatch(/de la ligne 2 à la ligne 3/);
    expect(item!.issues![0]!.message).toMatch(/surplus/);
  });

  it('accepts trailing empty cells and unnamed empty columns silently', () => {
    const items = readCsv('id;nom;;\n1;A;;\n2;B;;;\n');
    expect(items).toEqual([
      { line: 2, record: { id: '1', nom: 'A' } },
      { line: 3, record: { id: '2', nom: 'B' } },
    ]);
  });

  it('reports a value under a column without a name', () => {
    const [item] = readCsv('id;;nom\n1;perdu;A\n');
    expect(item!.record).toEqual({ id: '1', nom: 'A' });
    expect(item!.issues![0]!.code).toBe('unnamed-column');
    expect(item!.issues![0]!.message).toMatch(/colonne 2.*perdu/);
  });

  it('skips rows whose values are all blank and counts them', () => {
    const reader = createCsvRecordReader();
    const items = [...reader.push('id;nom\n;;\n1;A\n ; \n'), ...reader.end()];
    expect(items.map((i) => i.record.id)).toEqual(['1']);
    expect(reader.blankRows).toBe(2);
  });

  it('refuses a duplicated column name', () => {
    const error = thrown(() => readCsv('id,nom,commune,nom\n1,2,3,4\n'));
    expect(error.code).toBe('header');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/« nom ».*colonnes 2 et 4/);
  });

  it('takes the first row with a name as the header, skipping blank rows above it', () => {
    expect(readCsv(';;\n ; ;\nid;nom\n1;A\n')).toEqual([{ line: 4, record: { id: '1', nom: 'A' } }]);
  });

  it('reads a header-only file as zero records', () => {
    const reader = createCsvRecordReader();
    expect([...reader.push('id,nom\n'), ...reader.end()]).toEqual([]);
    expect(reader.columns).toEqual(['id', 'nom']);
  });

  it('stores hostile column names as own properties', () => {
    const [item] = readCsv('__proto__,constructor\nx,y\n');
    expect(Object.getPrototypeOf(item!.record)).toBe(Object.prototype);
    expect(Object.keys(item!.record)).toEqual(['__proto__', 'constructor']);
    expect(item!.record['__proto__']).toBe('x');
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFFid;nom\r\n1;"a;\r\nb"\r\n2;c\r\n';
    const whole = readCsv(text);
    for (const chunks of everySplit(text)) expect(readCsv(text, chunks)).toEqual(whole);
  });
});

describe('stringifyCsvRecord', () => {
  const columns = ['id', 'nom', 'services', 'vide'];
  const cell = fc.oneof(fc.string(), fc.constantFrom(' a', 'b ', 'x,y', 'q"r', 'l\nm', 'é ’ 😀', ''));
  const record = fc.dictionary(fc.constantFrom('id', 'nom', 'services', 'autre'), cell);

  it('is stringifyCsvRow of the cells in column order, for every delimiter', () => {
    fc.assert(
      fc.property(record, fc.constantFrom<CsvDelimiter>(',', ';', '\t'), (r, delimiter) => {
        const cells = columns.map((c) => r[c] ?? '');
        expect(stringifyCsvRecord(r, columns, delimiter)).toBe(stringifyCsvRow(cells, delimiter));
      }),
    );
  });

  it('writes a given id in the id column, as a copy of the record with that id would', () => {
    fc.assert(
      fc.property(record, cell, fc.constantFrom<CsvDelimiter>(',', ';', '\t'), (r, id, delimiter) => {
        expect(stringifyCsvRecord(r, columns, delimiter, id)).toBe(
          stringifyCsvRecord({ ...r, id }, columns, delimiter),
        );
      }),
    );
    // Without an id column, the id changes nothing.
    expect(stringifyCsvRecord({ nom: 'a' }, ['nom'], ',', 'x')).toBe('a\n');
  });
});

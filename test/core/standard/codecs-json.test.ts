import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createJsonRecordParser,
  createJsonRecordsWriter,
  jsonValueToText,
  parseJsonRecords,
  type JsonRecordParserOptions,
} from '../../../src/core/standard/json-records.js';
import { RecordReadError, type ReadItem } from '../../../src/core/standard/read-error.js';
import { cutsArb, everySplit, splitAt } from './codecs-helpers.js';

function parseChunks(chunks: string[], options: JsonRecordParserOptions = {}): ReadItem[] {
  const parser = createJsonRecordParser(options);
  const items: ReadItem[] = [];
  for (const c of chunks) items.push(...parser.push(c));
  items.push(...parser.end());
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

/** What the reader must produce for a value parsed by JSON.parse (numbers in shortest form). */
function expectedCell(value: unknown): string {
  return jsonValueToText(value);
}

describe('parseJsonRecords: an array of flat objects', () => {
  it('yields each object with the line where it starts', () => {
    const text = '[\n  {\n    "id": "a",\n    "nom": "A"\n  },\n  {"id": "b"}, {"id": "c"}\n]\n';
    expect(parseJsonRecords(text)).toEqual([
      { line: 2, record: { id: 'a', nom: 'A' } },
      { line: 6, record: { id: 'b' } },
      { line: 6, record: { id: 'c' } },
    ]);
  });

  it('turns values into strings: numbers as written, booleans, null as empty, nested as JSON text', () => {
    const text =
      '[{"n": 2.50, "big": 12345678901234567890, "e": -1.5E+3, "t": true, "f": false, "z": null,' +
      ' "o": {"a": [1, 2.0, "x\\"y"], "b": null}, "l": [], "s": "é\\n\\u00e9\\ud83d\\ude00\\/"}]';
    expect(parseJsonRecords(text)[0]!.record).toEqual({
      n: '2.50',
      big: '12345678901234567890',
      e: '-1.5E+3',
      t: 'true',
      f: 'false',
      z: '',
      o: '{"a":[1,2.0,"x\\"y"],"b":null}',
      l: '[]',
      s: 'é\né😀/',
    });
  });

  it('gives the same records for every split of the input', () => {
    const text = '\uFEFF[{"a": "\\u00e9\\"", "b": -12.5e3, "c": [true, {"d": null}]},\n{"a": "x"}]';
    const whole = parseJsonRecords(text);
    expect(whole).toHaveLength(2);
    for (const chunks of everySplit(text)) expect(parseChunks(chunks)).toEqual(whole);
  });

  it('matches JSON.parse on any array of objects, whatever the chunks (property)', () => {
    const value = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string(), fc.boolean()), { maxKeys: 3 }),
    );
    const records = fc.array(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 6 }), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(records, fc.constantFrom(0, 2), cutsArb, (rows, indent, cuts) => {
        const text = JSON.stringify(rows, null, indent);
        const parsed = JSON.parse(text) as Record<string, unknown>[];
        const items = parseChunks(splitAt(text, cuts));
        expect(items.map((i) => i.record)).toEqual(
          parsed.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, expectedCell(v)]))),
        );
      }),
    );
  });

  it('tolerates raw line breaks inside strings and keeps counting lines', () => {
    const items = parseJsonRecords('[{"a": "x\ny\nz"},\n{"b": "\\n"}, \n\n{"c": 1}]');
    expect(items.map((i) => [i.line, Object.values(i.record)[0]])).toEqual([
      [1, 'x\ny\nz'],
      [4, '\n'],
      [6, '1'],
    ]);
  });

  it('reports each repeated key once', () => {
    const [item] = parseJsonRecords('[{"a": 1, "b": 2, "a": 3, "b": 4, "a": 5}]');
    expect(item!.record).toEqual({ a: '5', b: '4' });
    expect(item!.issues!.map((e) => e.message)).toEqual([
      'la clé « a » apparaît plusieurs fois dans cet objet : la dernière valeur est gardée.',
      'la clé « b » apparaît plusieurs fois dans cet objet : la dernière valeur est gardée.',
    ]);
  });

  it('reports a repeated key on the record and keeps the last value', () => {
    const [item] = parseJsonRecords('[\n{"nom": "A", "nom": "B"}]');
    expect(item!.record).toEqual({ nom: 'B' });
    expect(item!.issues![0]!.code).toBe('duplicate-key');
    expect(item!.issues![0]!.line).toBe(2);
  });

  it('stores hostile keys as own properties', () => {
    const [item] = parseJsonRecords('[{"__proto__": "x", "constructor": 1}]');
    expect(Object.getPrototypeOf(item!.record)).toBe(Object.prototype);
    expect(Object.keys(item!.record)).toEqual(['__proto__', 'constructor']);
  });

  it('lists the keys seen, in order of first appearance', () => {
    const parser = createJsonRecordParser();
    parser.push('[{"b": 1, "a": 2}, {"c": 3, "a": 4}]');
    parser.end();
    expect(parser.keys).toEqual(['b', 'a', 'c']);
    expect(parser.recordsPath).toBe('');
  });
});

describe('where the array is', () => {
  it('auto-detects the top-level key holding an array of objects', () => {
    const text = '{"meta": {"n": 1}, "bbox": [1, 2], "vide": [], "data": [{"id": "a"}], "fin": true}';
    const parser = createJsonRecordParser();
    const items = [...parser.push(text), ...parser.end()];
    expect(items.map((i) => i.record)).toEqual([{ id: 'a' }]);
    expect(parser.recordsPath).toBe('data');
  });

  it('accepts an object whose only array is empty, as zero records', () => {
    const parser = createJsonRecordParser();
    expect([...parser.push('{"total": 0, "data": []}'), ...parser.end()]).toEqual([]);
    expect(parser.recordsPath).toBe('data');
  });

  it('refuses two arrays of objects without a path', () => {
    const error = thrown(() => parseJsonRecords('{"a": [{"x": 1}], "b": [{"y": 2}]}'));
    expect(error.code).toBe('json-shape');
    expect(error.message).toMatch(/« a » et « b ».*path/);
  });

  it('does not look deeper than the first level on its own, and says how to point there', () => {
    const error = thrown(() => parseJsonRecords('{"data": {"items": [{"id": "1"}]}}'));
    expect(error.code).toBe('json-shape');
    expect(error.message).toMatch(/« data ».*option path/);
  });

  it('follows a dotted path', () => {
    const text = '{"a": [{"x": 1}], "res": {"items": [{"id": "1"}, {"id": "2"}], "n": 2}}';
    const parser = createJsonRecordParser({ path: 'res.items' });
    const items = [...parser.push(text), ...parser.end()];
    expect(items.map((i) => i.record.id)).toEqual(['1', '2']);
    expect(parser.recordsPath).toBe('res.items');
  });

  it('says when the path is missing, lists the keys found', () => {
    const error = thrown(() => parseJsonRecords('{"data": [{"x": 1}]}', { path: 'items' }));
    expect(error.code).toBe('json-shape');
    expect(error.message).toMatch(/« items » n'existe pas.*« data »/);
  });

  it('says when the path leads to something else than an array', () => {
    expect(thrown(() => parseJsonRecords('{"items": {"x": 1}}', { path: 'items' })).message).toMatch(
      /« items » contient un objet/,
    );
    expect(thrown(() => parseJsonRecords('[{"x": 1}]', { path: 'items' })).message).toMatch(/retirez-la/);
  });

  it('flattens GeoJSON Features: properties plus Point coordinates', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'f1',
          geometry: { type: 'Point', coordinates: [2.35, 48.85] },
          properties: { nom: 'A', n: 3, l: ['x'] },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [1, 2] },
          properties: { latitude: '9', longitude: '8' },
        },
        { type: 'Feature', geometry: null, properties: null },
      ],
    });
    expect(parseJsonRecords(text).map((i) => i.record)).toEqual([
      { nom: 'A', n: '3', l: '["x"]', id: 'f1', longitude: '2.35', latitude: '48.85' },
      { latitude: '9', longitude: '8' },
      {},
    ]);
  });
});

describe('hostile JSON', () => {
  it('refuses a lone value, naming what it is', () => {
    for (const [text, what] of [
      ['42', 'un nombre'],
      ['"x"', 'une chaîne'],
      ['null', 'null'],
    ] as const) {
      const error = thrown(() => parseJsonRecords(text));
      expect(error.code).toBe('json-shape');
      expect(error.message).toContain(what);
    }
  });

  it('refuses an object without any array of objects, listing its keys', () => {
    const error = thrown(() => parseJsonRecords('{"nom": "A", "liste": [1, 2]}'));
    expect(error.code).toBe('json-shape');
    expect(error.message).toMatch(/« nom », « liste »/);
  });

  it('refuses an element that is not an object, with its rank and line', () => {
    const error = thrown(() => parseJsonRecords('[\n{"a": 1},\n{"a": 2},\n"oups"\n]'));
    expect(error.code).toBe('json-shape');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/élément n° 3.*une chaîne/);
    expect(thrown(() => parseJsonRecords('[[1]]')).message).toMatch(/un tableau et non un objet/);
  });

  it.each([
    ['[{"a": 1},]', 1, /virgule en trop avant « ] »/],
    ['[{"a": 1,}]', 1, /virgule en trop avant « } »/],
    ['[\n{"a": 1}\n{"a": 2}]', 3, /« { » inattendu ; attendu : « , » ou « ] »/],
    ['[{"a" 1}]', 1, /attendu : « : »/],
    ['[{"a": }]', 1, /« } » inattendu ; attendu : une valeur/],
    ['[{a: 1}]', 1, /attendu : un nom de clé/],
    ['[{"a": NaN}]', 1, /valeur inattendue « NaN »/],
    ['[{"a": 01}]', 1, /valeur inattendue « 01 »/],
    ['[{"a": "x\\q"}]', 1, /échappement invalide/],
    ['[{"a": "\\u12G4"}]', 1, /\\u12G/],
    ['[{"a": 1}] x', 1, /attendu : la fin du fichier/],
    ['[{"a": 1}]\n[]', 2, /attendu : la fin du fichier/],
    ['[{"a": 1}}', 1, /« } » inattendu/],
    ['[{"a": 1};', 1, /« ; » inattendu/],
  ])('reports a syntax error in %s at line %i', (text, line, pattern) => {
    const error = thrown(() => parseJsonRecords(text));
    expect(error.code).toBe('json-syntax');
    expect(error.line).toBe(line);
    expect(error.message).toMatch(pattern);
  });

  it('reports an unterminated string at the line where it opened', () => {
    const error = thrown(() => parseJsonRecords('[\n{"a": "ouvert\n}]\n'));
    expect(error.code).toBe('json-syntax');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/jamais refermée/);
  });

  it('reports a truncated file with the line of the unclosed bracket', () => {
    const error = thrown(() => parseJsonRecords('[\n{"a": 1},\n{"a": 2'));
    expect(error.code).toBe('json-syntax');
    expect(error.message).toMatch(/« { » ouvert ligne 3/);
  });

  it('says an empty or blank text is empty', () => {
    expect(thrown(() => parseJsonRecords('')).code).toBe('empty');
    expect(thrown(() => parseJsonRecords(' \n\t')).code).toBe('empty');
  });

  it('limits the length of a string and of a nested value', () => {
    const long = `[{"a": 1}, {"a": "${'x'.repeat(2000)}"}]`;
    const error = thrown(() => parseJsonRecords(long, { maxFieldLength: 1000 }));
    expect(error.code).toBe('field-too-long');
    expect(parseJsonRecords(long, { maxFieldLength: 5000 })[1]!.record.a).toHaveLength(2000);
    const nested = `[{"a": [${'1,'.repeat(1000)}1]}]`;
    expect(thrown(() => parseJsonRecords(nested, { maxFieldLength: 1000 })).message).toMatch(/clé « a »/);
  });
});

describe('createJsonRecordsWriter', () => {
  it('writes flat objects in column order, leaves empty values out, numbers as numbers', () => {
    const writer = createJsonRecordsWriter(['id', 'nom', 'latitude', 'longitude', 'services']);
    const text =
      writer.start() +
      writer.write({
        nom: 'Le "lieu"',
        id: '1',
        latitude: '43.50',
        longitude: '5,4',
        services: '',
        autre: 'x',
      }) +
      writer.write({ id: '2', nom: 'B\nC' }) +
      writer.end();
    expect(text).toBe(
      '[\n{"id":"1","nom":"Le \\"lieu\\"","latitude":43.50,"longitude":"5,4"},\n{"id":"2","nom":"B\\nC"}\n]\n',
    );
    expect(JSON.parse(text)).toEqual([
      { id: '1', nom: 'Le "lieu"', latitude: 43.5, longitude: '5,4' },
      { id: '2', nom: 'B\nC' },
    ]);
  });

  it('writes an empty array when there is nothing', () => {
    const writer = createJsonRecordsWriter();
    expect(writer.start() + writer.end()).toBe('[]\n');
  });

  it('reads back what it writes (numbers keep their text)', () => {
    const rows = [
      { id: 'a', nom: 'Ça « va » ?\r\n|x', latitude: '-21.0', longitude: '165.5' },
      { id: 'b', nom: 'B' },
    ];
    const writer = createJsonRecordsWriter(['id', 'nom', 'latitude', 'longitude']);
    const text = writer.start() + rows.map((r) => writer.write(r)).join('') + writer.end();
    expect(parseJsonRecords(text).map((i) => i.record)).toEqual(rows);
  });
});

describe('createJsonRecordsWriter with the id given beside the record', () => {
  it('writes what a copy of the record with that id would', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom(' 48.5 ', '1e3', 'abc', '', 'é ’ 😀 "q"'));
    const record = fc.dictionary(fc.constantFrom('id', 'nom', 'latitude', 'services'), cell);
    fc.assert(
      fc.property(fc.array(fc.tuple(record, cell)), (rows) => {
        const given = createJsonRecordsWriter();
        const copied = createJsonRecordsWriter();
        const a = [given.start(), ...rows.map(([r, id]) => given.write(r, id)), given.end()];
        const b = [copied.start(), ...rows.map(([r, id]) => copied.write({ ...r, id })), copied.end()];
        expect(a).toEqual(b);
      }),
    );
  });
});

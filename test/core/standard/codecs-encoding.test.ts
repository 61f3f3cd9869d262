import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  ENCODING_SAMPLE_BYTES,
  assertReadableBytes,
  createStreamDecoder,
  decodeText,
  detectEncoding,
  utf8ErrorOffset,
  type EncodingOption,
} from '../../../src/core/standard/encoding.js';
import { RecordReadError } from '../../../src/core/standard/read-error.js';
import { cutsArb, splitAt } from './codecs-helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const cp1252 = (text: string) => new Uint8Array(iconv.encode(text, 'win1252'));
const bytes = (...values: number[]) => new Uint8Array(values);

function decodeChunks(chunks: Uint8Array[], option: EncodingOption = 'auto') {
  const decoder = createStreamDecoder(option);
  let text = '';
  for (const c of chunks) text += decoder.push(c);
  text += decoder.end();
  return { text, encoding: decoder.encoding };
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

describe('utf8ErrorOffset', () => {
  it('accepts valid UTF-8 and finds the first invalid byte', () => {
    expect(utf8ErrorOffset(utf8('aé€😀'))).toBe(-1);
    expect(utf8ErrorOffset(bytes(0x61, 0xe9, 0x61))).toBe(1);
    expect(utf8ErrorOffset(bytes(0xc0, 0x80))).toBe(0); // overlong
    expect(utf8ErrorOffset(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1); // surrogate
    expect(utf8ErrorOffset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(utf8ErrorOffset(bytes(0x61, 0xe2, 0x82))).toBe(1); // truncated
    expect(utf8ErrorOffset(bytes(0x61, 0xe2, 0x82), true)).toBe(-1); // truncated by a sample's end
  });

  it('agrees with a fatal TextDecoder on any bytes (property)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        let valid = true;
        try {
          decoder.decode(data);
        } catch {
          valid = false;
        }
        expect(utf8ErrorOffset(data) === -1).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('detectEncoding', () => {
  it('says utf-8 for ASCII, valid UTF-8, or a UTF-8 BOM', () => {
    expect(detectEncoding(utf8('id;nom'))).toBe('utf-8');
    expect(detectEncoding(utf8('Médiathèque « Œuvre »'))).toBe('utf-8');
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0xe9))).toBe('utf-8');
  });

  it('says windows-1252 for Latin-1 / Excel text', () => {
    expect(detectEncoding(cp1252('Médiathèque – œuvre'))).toBe('windows-1252');
  });

  it('does not blame a sample cut in the middle of a character', () => {
    const data = utf8('Médiathèque é');
    expect(detectEncoding(data.subarray(0, data.length - 1))).toBe('utf-8');
  });

  it('refuses UTF-16 with an explanation', () => {
    const error = thrown(() => detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00)));
    expect(error.code).toBe('encoding');
    expect(error.message).toMatch(/UTF-16.*CSV UTF-8/);
    expect(thrown(() => detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61))).code).toBe('encoding');
  });
});

describe('assertReadableBytes', () => {
  it('lets text through, including a few control characters', () => {
    expect(() => assertReadableBytes(utf8('id;nom\r\n1;A\x0b\tB\f\n'))).not.toThrow();
    expect(() => assertReadableBytes(new Uint8Array(0))).not.toThrow();
  });

  it.each([
    ['a ZIP / xlsx', bytes(0x50, 0x4b, 0x03, 0x04, 0x14), /archive ZIP.*xlsx/],
    ['an old xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1), /\.xls/],
    ['a PDF', utf8('%PDF-1.7\n'), /PDF/],
    ['a gzip', bytes(0x1f, 0x8b, 0x08), /gzip/],
    ['NUL bytes', utf8('id;nom\n1;\u0000\u0000x\n'), /octets nuls/],
    ['control characters', utf8('\u0001\u0002\u0003\u0004abcdef\u0005\u0006'), /caractères de contrôle/],
  ])('refuses %s as « pas un CSV ou un JSON lisible »', (_name, data, pattern) => {
    const error = thrown(() => assertReadableBytes(data));
    expect(error.code).toBe('binary');
    expect(error.message).toMatch(/n'est pas un CSV ou un JSON lisible/);
    expect(error.message).toMatch(pattern);
  });

  it('recognises UTF-16 without BOM', () => {
    const data = new Uint8Array(iconv.encode('id;nom\n1;Médiathèque\n', 'utf16le'));
    expect(thrown(() => assertReadableBytes(data)).code).toBe('encoding');
  });
});

describe('createStreamDecoder', () => {
  it('decodes UTF-8 split at every byte, and drops the BOM', () => {
    const data = utf8('\uFEFFid;nom\nM€diathèque 😀 «x»\n');
    const expected = 'id;nom\nM€diathèque 😀 «x»\n';
    for (let i = 0; i <= data.length; i++) {
      const result = decodeChunks([data.subarray(0, i), data.subarray(i)]);
      expect(result.text).toBe(expected);
      expect(result.encoding).toBe('utf-8');
    }
  });

  it('decodes Windows-1252 including € ‚ ’ œ Ÿ (0x80–0x9F)', () => {
    const text = 'Prix : 5 € – l’œuvre « Ÿ » …';
    const result = decodeChunks([cp1252(text)]);
    expect(result).toEqual({ text, encoding: 'windows-1252' });
  });

  it('judges the encoding at the first non-ASCII byte, not on a pure-ASCII start', () => {
    const asciiStart = 'id;nom\n' + '1;abc\n'.repeat(ENCODING_SAMPLE_BYTES / 4);
    const latin = cp1252(asciiStart + '2;Médiathèque\n');
    expect(decodeChunks(splitAt(latin, [1000, 70_000, 100_000]))).toEqual({
      text: asciiStart + '2;Médiathèque\n',
      encoding: 'windows-1252',
    });
    const unicode = utf8(asciiStart + '2;Médiathèque\n');
    expect(decodeChunks(splitAt(unicode, [1000, 70_000, 100_000])).encoding).toBe('utf-8');
  });

  it('stays undecided while the text is pure ASCII', () => {
    const decoder = createStreamDecoder();
    expect(decoder.push(utf8('x'.repeat(20_000)))).toHaveLength(20_000);
    expect(decoder.encoding).toBeUndefined();
    expect(decoder.end()).toBe('');
  });

  it('reports invalid UTF-8 found after the sample with its line, instead of corrupting', () => {
    const head = utf8('id;nom\n1;é\n' + '2;abc\n'.repeat(20_000));
    const tail = cp1252('3;Médiathèque\n');
    const data = new Uint8Array(head.length + tail.length);
    data.set(head);
    data.set(tail, head.length);
    const error = thrown(() => decodeChunks(splitAt(data, [65_536, 131_072])));
    expect(error.code).toBe('encoding');
    expect(error.line).toBe(20_003);
    expect(error.message).toMatch(/0xE9 invalide en UTF-8.*windows-1252/);
  });

  it('reports a character cut by the end of the file', () => {
    const error = thrown(() => decodeChunks([utf8('a\nb\n'), bytes(0xe2, 0x82)], 'utf-8'));
    expect(error.code).toBe('encoding');
    expect(error.line).toBe(3);
  });

  it('applies a forced encoding, but a UTF-8 BOM wins', () => {
    expect(decodeChunks([utf8('é')], 'windows-1252').text).toBe('Ã©');
    expect(decodeChunks([bytes(0xef, 0xbb, 0xbf), utf8('é')], 'windows-1252')).toEqual({
      text: 'é',
      encoding: 'utf-8',
    });
    expect(thrown(() => decodeChunks([cp1252('é')], 'utf-8')).code).toBe('encoding');
  });

  it('rejects binary content on the first bytes', () => {
    expect(thrown(() => decodeChunks([bytes(0x50, 0x4b, 0x03, 0x04), new Uint8Array(10_000)])).code).toBe(
      'binary',
    );
  });

  it('round-trips any UTF-8 text whatever the chunks (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), cutsArb, (text, cuts) => {
        fc.pre(!text.startsWith('\uFEFF') && !/[\u0000-\u0008\u000e-\u001f]/.test(text));
        expect(decodeChunks(splitAt(utf8(text), cuts)).text).toBe(text);
      }),
    );
  });

  it('round-trips French text in Windows-1252 whatever the chunks (property)', () => {
    const accented = fc.constantFrom(...'éèêàçôùœŒ€’«»–…ÉÈ°');
    const word = fc.tuple(fc.constantFrom(...'abc xyz;,'), accented, fc.constantFrom(...'defg '));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), cutsArb, (words, cuts) => {
        const text = words.map((w) => w.join('')).join('');
        expect(decodeChunks(splitAt(cp1252(text), cuts))).toEqual({ text, encoding: 'windows-1252' });
      }),
    );
  });

  it('decodeText reads a whole buffer', () => {
    expect(decodeText(cp1252('Médiathèque'))).toEqual({ text: 'Médiathèque', encoding: 'windows-1252' });
    expect(decodeText(utf8('abc'))).toEqual({ text: 'abc', encoding: 'utf-8' });
  });
});

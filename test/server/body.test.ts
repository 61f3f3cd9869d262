import { describe, expect, it } from 'vitest';
import { BodyWriter } from '../../src/server/body.js';

describe('BodyWriter', () => {
  it('encodes every piece as UTF-8, growing past its first buffer, and reuses it for the next body', () => {
    const writer = new BodyWriter(8);
    const pieces = ['{"nom":', JSON.stringify('Médiathèque « Œuvre » ’ 😀'), ',"n":', 'x'.repeat(1000), '}'];
    for (const piece of pieces) writer.write(piece);
    const first = writer.take();
    expect(first.toString('utf8')).toBe(pieces.join(''));
    expect(first.length).toBe(Buffer.byteLength(pieces.join('')));

    const second = writer.reset().write('{}').take();
    expect(second.toString()).toBe('{}');
    // The first body is its own copy: writing the next one did not change it.
    expect(first.toString('utf8')).toBe(pieces.join(''));
  });

  it('copies bytes given already encoded, between strings, growing as needed', () => {
    const writer = new BodyWriter(4);
    const bytes = Buffer.from('« Œuvre » ’ 😀 '.repeat(20));
    const body = writer
      .write('[')
      .writeBytes(bytes)
      .write(',')
      .writeBytes(new Uint8Array([0x31]))
      .write(']')
      .take();
    expect(body.toString('utf8')).toBe(`[${bytes.toString()},1]`);
    // Copied: changing the bytes afterwards leaves the body as it was.
    bytes.fill(0x20);
    expect(body.toString('utf8')).toContain('😀');
    expect(writer.size).toBe(body.length);
    expect(writer.reset().writeBytes(Buffer.alloc(0)).take()).toEqual(Buffer.alloc(0));
    expect(writer.size).toBe(0);
  });
});

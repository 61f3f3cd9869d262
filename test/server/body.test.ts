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
});

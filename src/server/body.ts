/**
 * Response bodies written as UTF-8 bytes as they are assembled. Sending a string made of many pieces
 * made Node flatten it, scan it for its byte length, then encode it again on the socket: three passes
 * over ~20 KB for every list page. Here each piece is encoded once into a reusable buffer and the
 * finished body copied out in one go.
 */
export class BodyWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new body (the previous one must have been taken). */
  reset(): this {
    this.length = 0;
    return this;
  }

  write(text: string): this {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length);
    return this;
  }

  /** Appends bytes already encoded (copied: the caller may keep and reuse them). */
  writeBytes(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  private ensure(room: number): void {
    if (this.length + room > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + room));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
  }

  /** Bytes written since the last reset. */
  get size(): number {
    return this.length;
  }

  /** The body so far, as its own buffer (the writer's memory is reused for the next body). */
  take(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

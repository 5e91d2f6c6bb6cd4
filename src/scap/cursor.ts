// A bounds-checked little-endian reader over one block's bytes. Every read past the end throws a
// BlockOverrun, which the block parser turns into "damaged block" instead of reading neighbours' bytes.
import { readInt64, readInt64Number, readUint16, readUint32, readUint64 } from './params.ts';

export class BlockOverrun extends Error {
  constructor(what: string) {
    super(`${what} runs past the end of its block`);
    this.name = 'BlockOverrun';
  }
}

const utf8 = new TextDecoder('utf-8');

export class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    public end: number,
  ) {}

  remaining(): number {
    return this.end - this.pos;
  }

  private need(size: number, what: string): number {
    const at = this.pos;
    if (size < 0 || at + size > this.end) throw new BlockOverrun(what);
    this.pos = at + size;
    return at;
  }

  u8(what = 'u8'): number {
    return this.buf[this.need(1, what)]!;
  }

  u16(what = 'u16'): number {
    return readUint16(this.buf, this.need(2, what));
  }

  u32(what = 'u32'): number {
    return readUint32(this.buf, this.need(4, what));
  }

  /** Signed 64-bit as a number (ids, fds). */
  i64(what = 'i64'): number {
    return readInt64Number(this.buf, this.need(8, what));
  }

  i64Exact(what = 'i64'): number | bigint {
    return readInt64(this.buf, this.need(8, what));
  }

  u64(what = 'u64'): bigint {
    return readUint64(this.buf, this.need(8, what));
  }

  bytes(size: number, what = 'bytes'): Uint8Array {
    const at = this.need(size, what);
    return this.buf.subarray(at, at + size);
  }

  skip(size: number, what = 'field'): void {
    this.need(size, what);
  }

  /** A u16-length-prefixed string without terminator (process and fd list entries). */
  str16(what = 'string', maxLength = Number.POSITIVE_INFINITY): string {
    const length = this.u16(what);
    if (length > maxLength) throw new BlockOverrun(`${what} (length ${length} over ${maxLength})`);
    const start = this.need(length, what);
    const buf = this.buf;
    let end = start + length;
    // Some writers include the terminating NUL.
    while (end > start && buf[end - 1] === 0) end--;
    if (end === start) return '';
    // Buffers (what the reader reads into) decode in place, without a view object per string; a
    // leading byte-order mark goes through TextDecoder, which drops it.
    const bom = buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf;
    return Buffer.isBuffer(buf) && !bom ? buf.toString('utf8', start, end) : utf8.decode(buf.subarray(start, end));
  }

  /** A u16-length-prefixed byte string (args, env, cgroups: NUL-separated lists). */
  bytes16(what = 'bytes', maxLength = Number.POSITIVE_INFINITY): Uint8Array {
    const length = this.u16(what);
    if (length > maxLength) throw new BlockOverrun(`${what} (length ${length} over ${maxLength})`);
    return this.bytes(length, what);
  }
}

// Decoding of event parameters by their PT_* type, with bounds checks: every read stays inside the
// parameter's own bytes; a parameter too short for its type decodes to null rather than throwing.
// Byte order: integers little-endian; IP addresses as raw network-order bytes; ports in host order
// (the driver stores them after ntohs).
import { INTEGER_PARAM_LAYOUT, PT, type IntegerParamLayout, type ParamType } from './event-table.ts';
import type { Endpoint, ParamValue, SocketValue } from './model.ts';

/** Socket families as the driver encodes them (PPM_AF_*). */
export const PPM_AF = { UNSPEC: 0, UNIX: 1, INET: 2, INET6: 10, NETLINK: 16 } as const;

const TWO_32 = 4294967296;

/** Signed 64-bit little-endian as a number when exact, else a bigint. */
export function readInt64(buf: Uint8Array, off: number): number | bigint {
  const lo = (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16)) + buf[off + 3]! * 0x1000000;
  const hi = buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16) | (buf[off + 7]! << 24);
  // hi is signed (the << 24 makes it so); the result is exact while |hi| < 2^21.
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO_32 + lo;
  return (BigInt(hi) << 32n) + BigInt(lo);
}

/** Signed 64-bit as a number (clamped precision beyond 2^53; fds, pids and errnos never get there). */
export function readInt64Number(buf: Uint8Array, off: number): number {
  const high = buf[off + 4]! | buf[off + 5]! | buf[off + 6]! | buf[off + 7]!;
  // Small non-negative values (tids, fds) come back as small integers, cheap as Map keys.
  if (high === 0 && buf[off + 3]! < 0x40) return buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24);
  const lo = (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16)) + buf[off + 3]! * 0x1000000;
  const hi = buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16) | (buf[off + 7]! << 24);
  return hi * TWO_32 + lo;
}

export function readUint64(buf: Uint8Array, off: number): bigint {
  const lo = (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16)) + buf[off + 3]! * 0x1000000;
  const hi = (buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16)) + buf[off + 7]! * 0x1000000;
  return (BigInt(hi) << 32n) + BigInt(lo);
}

export function readUint32(buf: Uint8Array, off: number): number {
  return (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16)) + buf[off + 3]! * 0x1000000;
}

export function readInt32(buf: Uint8Array, off: number): number {
  return buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24);
}

export function readUint16(buf: Uint8Array, off: number): number {
  return buf[off]! | (buf[off + 1]! << 8);
}

const utf8 = new TextDecoder('utf-8');

/** A C string: the bytes up to the first NUL (or the end), as UTF-8 (invalid bytes become U+FFFD). */
export function readCString(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  const limit = off + len;
  while (end < limit && buf[end] !== 0) end++;
  if (end === off) return '';
  // Buffers (what the reader hands out) decode natively, without an intermediate view.
  if (Buffer.isBuffer(buf)) return buf.toString('utf8', off, end);
  return utf8.decode(buf.subarray(off, end));
}

/** NUL-separated strings (execve args, env), without the empty tail after the last NUL. */
export function readStringList(buf: Uint8Array, off: number, len: number): string[] {
  const out: string[] = [];
  let start = off;
  const limit = off + len;
  for (let i = off; i < limit; i++) {
    if (buf[i] === 0) {
      out.push(utf8.decode(buf.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < limit) out.push(utf8.decode(buf.subarray(start, limit)));
  return out;
}

export function ipv4ToString(buf: Uint8Array, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** Scratch for ipv6ToString: a typed array keeps the hot function free of array-shape deoptimizations. */
const IPV6_WORDS = new Uint16Array(8);

/** IPv6 in RFC 5952 form (lowercase, longest zero run compressed); IPv4-mapped shown as ::ffff:a.b.c.d. */
export function ipv6ToString(buf: Uint8Array, off: number): string {
  const words = IPV6_WORDS;
  for (let i = 0; i < 8; i++) words[i] = (buf[off + 2 * i]! << 8) | buf[off + 2 * i + 1]!;
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return `::ffff:${ipv4ToString(buf, off + 12)}`;
  }
  // The first longest run of two or more zero words becomes '::'.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  let separate = false;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      separate = false;
      continue;
    }
    if (separate) out += ':';
    out += words[i]!.toString(16);
    separate = true;
  }
  return out;
}

/** Whether 16 bytes are an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isIpv4Mapped(buf: Uint8Array, off: number): boolean {
  for (let i = 0; i < 10; i++) if (buf[off + i] !== 0) return false;
  return buf[off + 10] === 0xff && buf[off + 11] === 0xff;
}

/** A PT_SOCKADDR: family byte, then address. */
export function decodeSockaddr(buf: Uint8Array, off: number, len: number): SocketValue | null {
  if (len < 1) return null;
  const family = buf[off]!;
  if (family === PPM_AF.INET) {
    if (len < 7) return null;
    return { family: 'ipv4', dest: { ip: ipv4ToString(buf, off + 1), port: readUint16(buf, off + 5) } };
  }
  if (family === PPM_AF.INET6) {
    if (len < 19) return null;
    return { family: 'ipv6', dest: { ip: ipv6ToString(buf, off + 1), port: readUint16(buf, off + 17) } };
  }
  if (family === PPM_AF.UNIX) return { family: 'unix', path: readCString(buf, off + 1, len - 1) };
  return { family: 'other', code: family };
}

/** A PT_SOCKTUPLE: family byte, then source and destination (ip, port) or, for unix, two kernel
 *  pointers and a path. */
export function decodeSocktuple(buf: Uint8Array, off: number, len: number): SocketValue | null {
  if (len < 1) return null;
  const family = buf[off]!;
  if (family === PPM_AF.INET) {
    if (len < 13) return null;
    const source: Endpoint = { ip: ipv4ToString(buf, off + 1), port: readUint16(buf, off + 5) };
    const dest: Endpoint = { ip: ipv4ToString(buf, off + 7), port: readUint16(buf, off + 11) };
    return { family: 'ipv4', source, dest };
  }
  if (family === PPM_AF.INET6) {
    if (len < 37) return null;
    const source: Endpoint = { ip: ipv6ToString(buf, off + 1), port: readUint16(buf, off + 17) };
    const dest: Endpoint = { ip: ipv6ToString(buf, off + 19), port: readUint16(buf, off + 35) };
    return { family: 'ipv6', source, dest };
  }
  if (family === PPM_AF.UNIX) {
    if (len < 17) return { family: 'unix', path: '' };
    return { family: 'unix', path: readCString(buf, off + 17, len - 17) };
  }
  return { family: 'other', code: family };
}

/** A PT_FDLIST: u16 count, then count x (u64 fd, u16 flags). */
export function decodeFdList(buf: Uint8Array, off: number, len: number): Array<{ fd: number; flags: number }> | null {
  if (len < 2) return null;
  const count = readUint16(buf, off);
  const out: Array<{ fd: number; flags: number }> = [];
  let at = off + 2;
  for (let i = 0; i < count && at + 10 <= off + len; i++, at += 10) {
    out.push({ fd: readInt64Number(buf, at), flags: readUint16(buf, at + 8) });
  }
  return out;
}

function decodeInteger({ width, signed }: IntegerParamLayout, buf: Uint8Array, off: number): number | bigint {
  switch (width) {
    case 1:
      return signed ? (buf[off]! << 24) >> 24 : buf[off]!;
    case 2:
      return signed ? (readUint16(buf, off) << 16) >> 16 : readUint16(buf, off);
    case 4:
      return signed ? readInt32(buf, off) : readUint32(buf, off);
    case 8:
      return signed ? readInt64(buf, off) : readUint64(buf, off);
  }
}

/**
 * Decodes one parameter. 64-bit ids and results (PT_INT64, PT_ERRNO, PT_FD, PT_PID) are numbers
 * (bigint only beyond 2^53); unsigned 64-bit values and times (PT_UINT64, PT_ABSTIME, PT_RELTIME) are
 * bigint. Byte buffers are views into the read buffer (copy them to keep them past the callback if
 * memory matters). Types with no fixed meaning here (PT_DYN, arrays) are raw bytes.
 */
export function decodeParam(type: ParamType, buf: Uint8Array, off: number, len: number): ParamValue {
  const integerLayout = INTEGER_PARAM_LAYOUT.get(type);
  if (integerLayout !== undefined) return len >= integerLayout.width ? decodeInteger(integerLayout, buf, off) : null;
  switch (type) {
    case PT.DOUBLE:
      return len >= 8 ? Buffer.from(buf.buffer, buf.byteOffset + off, 8).readDoubleLE(0) : null;
    case PT.CHARBUF:
    case PT.FSPATH:
    case PT.FSRELPATH:
      return readCString(buf, off, len);
    case PT.SOCKADDR:
      return decodeSockaddr(buf, off, len);
    case PT.SOCKTUPLE:
      return decodeSocktuple(buf, off, len);
    case PT.FDLIST:
      return decodeFdList(buf, off, len);
    case PT.IPV4ADDR:
      return len >= 4 ? ipv4ToString(buf, off) : null;
    case PT.IPV6ADDR:
      return len >= 16 ? ipv6ToString(buf, off) : null;
    case PT.IPADDR:
      if (len === 4) return ipv4ToString(buf, off);
      if (len === 16) return ipv6ToString(buf, off);
      return null;
    case PT.NONE:
      return null;
    default:
      return buf.subarray(off, off + len);
  }
}

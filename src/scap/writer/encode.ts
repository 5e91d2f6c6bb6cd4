// Low-level encoding for the scap writer: a growable little-endian byte builder, block framing, and
// event records whose parameters are encoded from the shared event table (src/scap/event-table.ts) by
// their PT_* type. Pure functions: they return buffers and never touch a stream.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import {
  BLOCK_HEADER_SIZE,
  BLOCK_TRAILER_SIZE,
  EVENT_HEADER_SIZE,
  EVF_BLOCK_TYPE_V2,
  EVF_BLOCK_TYPE_V2_LARGE,
  EV_BLOCK_TYPE_V2,
  EV_BLOCK_TYPE_V2_LARGE,
  MAX_NON_LARGE_BLOCK_SIZE,
  PARAM_LEN_SIZE,
  PARAM_LEN_SIZE_LARGE,
  alignBlockLength,
} from '../format.ts';
import { INTEGER_PARAM_LAYOUT, PT, eventInfo, type ParamType } from '../event-table.ts';

/** PPM_AF_* socket families as the driver writes them in sockaddr/tuple parameters. */
export const PPM_AF = { UNIX: 1, INET: 2, INET6: 10 } as const;

export interface Endpoint {
  ip: string;
  port: number;
}

/** A socket tuple (PT_SOCKTUPLE): source is the local side for a client socket. */
export interface TupleValue {
  kind: 'tuple';
  source: Endpoint;
  dest: Endpoint;
}

/** A socket address (PT_SOCKADDR). */
export interface SockaddrValue {
  kind: 'sockaddr';
  address: Endpoint;
}

/** What a parameter may be given as; missing parameters are encoded as their type's empty value. */
export type ParamInput = number | bigint | string | Uint8Array | TupleValue | SockaddrValue | undefined;

/** Growable little-endian byte buffer. */
export class ByteBuilder {
  private buffer: Buffer;
  private used = 0;

  constructor(initialSize = 256) {
    this.buffer = Buffer.alloc(initialSize);
  }

  get length(): number {
    return this.used;
  }

  private reserve(extra: number): number {
    const needed = this.used + extra;
    if (needed > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    const offset = this.used;
    this.used = needed;
    return offset;
  }

  u8(value: number): this {
    const offset = this.reserve(1); // before reading this.buffer: reserve may replace it
    this.buffer.writeUInt8(value & 0xff, offset);
    return this;
  }

  u16(value: number): this {
    const offset = this.reserve(2);
    this.buffer.writeUInt16LE(value & 0xffff, offset);
    return this;
  }

  u32(value: number): this {
    const offset = this.reserve(4);
    this.buffer.writeUInt32LE(value >>> 0, offset);
    return this;
  }

  /** 64-bit two's complement: negative numbers (fds, errnos, -1 sentinels) wrap as the kernel writes them. */
  u64(value: number | bigint): this {
    const offset = this.reserve(8);
    this.buffer.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), offset);
    return this;
  }

  bytes(data: Uint8Array): this {
    const offset = this.reserve(data.length);
    this.buffer.set(data, offset);
    return this;
  }

  /** u16 length followed by the bytes, no terminator: the string layout of the header blocks. */
  lengthPrefixed(text: string | Uint8Array): this {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (data.length > 0xffff) throw new RangeError(`string of ${data.length} bytes does not fit a u16 length`);
    return this.u16(data.length).bytes(data);
  }

  zeros(count: number): this {
    this.reserve(count);
    return this;
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

/** Frames a block body: type, total length, body, zero padding to 4 bytes, total length again. */
export function frameBlock(blockType: number, body: Uint8Array): Buffer {
  const unpadded = BLOCK_HEADER_SIZE + body.length + BLOCK_TRAILER_SIZE;
  const total = alignBlockLength(unpadded);
  const block = Buffer.alloc(total);
  block.writeUInt32LE(blockType >>> 0, 0);
  block.writeUInt32LE(total, 4);
  block.set(body, BLOCK_HEADER_SIZE);
  block.writeUInt32LE(total, total - BLOCK_TRAILER_SIZE);
  return block;
}

/** The 4 or 16 address bytes in network order. */
export function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 0) throw new Error(`'${ip}' is not an IPv4 or IPv6 address`);
  return Uint8Array.from(ipaddr.parse(ip).toByteArray());
}

export function ipFamily(ip: string): 'ipv4' | 'ipv6' {
  const version = isIP(ip);
  if (version === 4) return 'ipv4';
  if (version === 6) return 'ipv6';
  throw new Error(`'${ip}' is not an IPv4 or IPv6 address`);
}

/** NUL-separated, NUL-terminated strings: the layout of args, env and cgroups byte buffers. */
export function nulJoined(items: readonly string[]): Buffer {
  return Buffer.concat(items.map((item) => Buffer.from(`${item}\0`, 'utf8')));
}

function encodeTuple(value: TupleValue): Buffer {
  const family = ipFamily(value.source.ip);
  if (ipFamily(value.dest.ip) !== family) throw new Error(`tuple mixes address families: ${value.source.ip} -> ${value.dest.ip}`);
  // The driver writes: family | source ip | source port | dest ip | dest port, ports in host order.
  const out = new ByteBuilder(40);
  out.u8(family === 'ipv4' ? PPM_AF.INET : PPM_AF.INET6);
  out.bytes(ipBytes(value.source.ip)).u16(value.source.port);
  out.bytes(ipBytes(value.dest.ip)).u16(value.dest.port);
  return out.toBuffer();
}

function encodeSockaddr(value: SockaddrValue): Buffer {
  const family = ipFamily(value.address.ip);
  const out = new ByteBuilder(20);
  out.u8(family === 'ipv4' ? PPM_AF.INET : PPM_AF.INET6);
  out.bytes(ipBytes(value.address.ip)).u16(value.address.port);
  return out.toBuffer();
}

// The writer also takes an IPv4 address parameter as a 4-byte integer.
function integerWidth(type: ParamType): 1 | 2 | 4 | 8 | undefined {
  return type === PT.IPV4ADDR ? 4 : INTEGER_PARAM_LAYOUT.get(type)?.width;
}

/** Encodes one parameter value by its table type. */
export function encodeParam(type: ParamType, value: ParamInput, where: string): Buffer {
  const width = integerWidth(type);
  if (width !== undefined) {
    const input = value ?? 0;
    if (typeof input !== 'number' && typeof input !== 'bigint') throw new TypeError(`${where}: expected an integer`);
    const out = new ByteBuilder(8);
    if (width === 1) out.u8(Number(input));
    else if (width === 2) out.u16(Number(input));
    else if (width === 4) out.u32(Number(BigInt.asUintN(32, BigInt(input))));
    else out.u64(input);
    return out.toBuffer();
  }
  switch (type) {
    case PT.CHARBUF:
    case PT.FSPATH:
    case PT.FSRELPATH: {
      const text = value ?? '';
      if (typeof text !== 'string') throw new TypeError(`${where}: expected a string`);
      return Buffer.from(`${text}\0`, 'utf8');
    }
    case PT.BYTEBUF:
    case PT.CHARBUFARRAY:
    case PT.CHARBUF_PAIR_ARRAY: {
      if (value === undefined) return Buffer.alloc(0);
      if (typeof value === 'string') return Buffer.from(value, 'utf8');
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      throw new TypeError(`${where}: expected bytes`);
    }
    case PT.SOCKTUPLE: {
      if (value === undefined) return Buffer.alloc(0);
      if (typeof value !== 'object' || value instanceof Uint8Array || value.kind !== 'tuple') throw new TypeError(`${where}: expected a socket tuple`);
      return encodeTuple(value);
    }
    case PT.SOCKADDR: {
      if (value === undefined) return Buffer.alloc(0);
      if (typeof value !== 'object' || value instanceof Uint8Array || value.kind !== 'sockaddr') throw new TypeError(`${where}: expected a socket address`);
      return encodeSockaddr(value);
    }
    default:
      if (value === undefined) return Buffer.alloc(0);
      if (value instanceof Uint8Array) return Buffer.from(value);
      throw new TypeError(`${where}: the writer cannot encode parameter type ${type}`);
  }
}

/** One event as the writer emits it. Parameters are named as in the event table. */
export interface EventRecord {
  ts: bigint;
  tid: number;
  code: number;
  params: Readonly<Record<string, ParamInput>>;
  cpu?: number;
}

/**
 * Encodes the event (struct ppm_evt_hdr + parameter lengths + data) with every parameter the table
 * lists for its code, in table order. Parameters not given get their type's empty value.
 */
export function encodeEvent(record: EventRecord): Buffer {
  const info = eventInfo(record.code);
  if (info === undefined) throw new RangeError(`unknown event code ${record.code}`);
  for (const name of Object.keys(record.params)) {
    if (!info.paramIndex.has(name)) throw new Error(`event ${info.symbol} has no parameter '${name}'`);
  }
  const values = info.params.map((param) => encodeParam(param.type, record.params[param.name], `${info.symbol}.${param.name}`));
  const lengthSize = info.largePayload ? PARAM_LEN_SIZE_LARGE : PARAM_LEN_SIZE;
  const dataLength = values.reduce((sum, value) => sum + value.length, 0);
  const total = EVENT_HEADER_SIZE + values.length * lengthSize + dataLength;
  const out = new ByteBuilder(total);
  out.u64(record.ts).u64(record.tid).u32(total).u16(record.code).u32(values.length);
  for (const value of values) {
    if (!info.largePayload && value.length > 0xffff) throw new RangeError(`${info.symbol}: a parameter of ${value.length} bytes needs a large-payload event`);
    if (info.largePayload) out.u32(value.length);
    else out.u16(value.length);
  }
  for (const value of values) out.bytes(value);
  return out.toBuffer();
}

export interface EventBlockOptions {
  /** Write EVF blocks carrying these dump flags (libscap writes plain EV blocks when flags are 0). */
  flags?: number;
}

/** Frames an encoded event in the block type libscap's dumper would use for it. */
export function frameEvent(record: EventRecord, options: EventBlockOptions = {}): Buffer {
  const event = encodeEvent(record);
  const large = eventInfo(record.code)?.largePayload === true;
  const withFlags = options.flags !== undefined;
  const body = new ByteBuilder(event.length + 6);
  body.u16(record.cpu ?? 0);
  if (withFlags) body.u32(options.flags ?? 0);
  body.bytes(event);
  const blockType = large ? (withFlags ? EVF_BLOCK_TYPE_V2_LARGE : EV_BLOCK_TYPE_V2_LARGE) : withFlags ? EVF_BLOCK_TYPE_V2 : EV_BLOCK_TYPE_V2;
  const block = frameBlock(blockType, body.toBuffer());
  if (!large && block.length > MAX_NON_LARGE_BLOCK_SIZE) {
    throw new RangeError(`event ${eventInfo(record.code)?.symbol ?? record.code} is ${block.length} bytes; libscap reads at most ${MAX_NON_LARGE_BLOCK_SIZE} per event block`);
  }
  return block;
}

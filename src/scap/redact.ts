// Capture redaction: a copy of a capture without what the monitored job must not publish. A capture holds
// every process's environment (execve's env parameter, the process list's env field) and the first bytes
// of every read and write, so an artifact of it would hand the job's secrets to anyone who can download it.
// The copy blanks:
// - environment values: each NAME=value becomes NAME= (the names stay, as evidence of what was set;
//   an entry without '=' is dropped), in event parameters named env and in process list entries;
// - the data buffers of the read/write/send/recv family: the same number of zero bytes, so every length
//   in the event header, the byte counts and the snaplen cut stay as recorded;
// except the data of DNS traffic (UDP or TCP port 53), which the inventory decodes. Command lines (args)
// are kept: the report shows them. Everything else is copied as recorded.
//
// Two streaming passes, block by block (bounded memory): the reader finds the DNS messages (an fd's
// endpoints are state the reader keeps) and the events it numbers; then the blocks are copied with the
// blanks. Where the copy cannot tell what a block holds it does not copy it: a block of an unknown type is
// left out (counted), the first damaged block ends the copy (reported with its offset), a cut-off tail
// is left out (reported). Events of a code this table does not know keep their header and parameter
// lengths, their parameter bytes are zeroed.
import { createReadStream, createWriteStream, openSync, readSync, closeSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { Cursor } from './cursor.ts';
import { ScapFormatError } from './errors.ts';
import { EVENT_TABLE, eventCodesForNames } from './event-table.ts';
import { deriveV1ParamCount } from './event-view.ts';
import {
  BLOCK_HEADER_SIZE,
  BLOCK_TRAILER_SIZE,
  EVENT_BLOCK_CPU_SIZE,
  EVENT_BLOCK_FLAGS_SIZE,
  EVENT_BLOCK_KINDS,
  EVENT_HEADER_OFFSET_LEN,
  EVENT_HEADER_OFFSET_NPARAMS,
  EVENT_HEADER_OFFSET_TID,
  EVENT_HEADER_OFFSET_TS,
  EVENT_HEADER_OFFSET_TYPE,
  EVENT_HEADER_SIZE,
  EVENT_HEADER_SIZE_V1,
  GZIP_MAGIC,
  PARAM_LEN_SIZE,
  PARAM_LEN_SIZE_LARGE,
  PROCESS_LIST_VERSION,
  SCAP_BLOCK_TYPES,
  SHB_BLOCK_TYPE,
} from './format.ts';
import type { FdState, ScapEvent, SocketValue } from './model.ts';
import { readInt64Number, readUint16, readUint32, readUint64 } from './params.ts';
import { readCapture } from './index.ts';
import { MAX_BLOCK_SIZE, ZLIB_INPUT_ENDS_EARLY } from './reader.ts';
import { frameBlock } from './writer/encode.ts';

/** The events whose `data` parameter is a copy of what a process read or wrote. */
export const DATA_BUFFER_EVENT_NAMES: ReadonlySet<string> = new Set([
  'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'preadv', 'pwritev',
  'send', 'sendto', 'sendmsg', 'sendmmsg', 'recv', 'recvfrom', 'recvmsg', 'recvmmsg',
  'process_vm_readv', 'process_vm_writev',
]);
const DATA_BUFFER_CODES: ReadonlySet<number> = eventCodesForNames(DATA_BUFFER_EVENT_NAMES);
const DNS_PORT = 53;
const FILE_CHUNK_SIZE = 1024 * 1024;
const OUTPUT_BATCH_SIZE = 1024 * 1024;

export interface RedactOptions {
  /** Compress the copy with gzip; by default the copy is compressed when the input is. */
  gzip?: boolean;
}

export interface RedactionResult {
  path: string;
  /** Event blocks written. */
  events: number;
  /** Bytes written before compression. */
  bytes: number;
  gzip: boolean;
  /** env parameters and process list entries whose values were blanked. */
  environmentsBlanked: number;
  /** Data buffers zeroed. */
  buffersBlanked: number;
  /** Data buffers kept because they are DNS messages. */
  dnsBuffersKept: number;
  /** Events of codes this table does not know, their parameters zeroed. */
  unknownEventsBlanked: number;
  /** Blocks left out: unknown block types, process lists that could not be parsed. */
  blocksLeftOut: number;
  /** The input ends inside a block (a recorder stopped while writing): the partial block is left out. */
  truncated: { offset: number } | undefined;
  /**
   * The copy stopped at a damaged block: its offset in the (decompressed) input, and the bytes not copied
   * (unknown for gzip input, whose rest is not decompressed).
   */
  damage: { offset: number; bytesLeftOut: number | undefined; problem: string } | undefined;
}

/** The counters one block adds to the result. */
interface BlockTally {
  environmentsBlanked: number;
  buffersBlanked: number;
  dnsBuffersKept: number;
  unknownEventsBlanked: number;
}

function emptyTally(): BlockTally {
  return { environmentsBlanked: 0, buffersBlanked: 0, dnsBuffersKept: 0, unknownEventsBlanked: 0 };
}

/** What identifies an event across the two passes: its time, thread and code. */
export function eventKey(ts: bigint, tid: number, code: number): string {
  return `${ts}:${tid}:${code}`;
}

function isPortDns(port: number | undefined): boolean {
  return port === DNS_PORT;
}

function endpointsOfTuple(value: unknown): number[] {
  if (typeof value !== 'object' || value === null || !('family' in value)) return [];
  const socket = value as SocketValue;
  if (socket.family !== 'ipv4' && socket.family !== 'ipv6') return [];
  return [socket.source?.port, socket.dest?.port].filter((port): port is number => port !== undefined);
}

function fdIsDns(fd: FdState | undefined): boolean {
  if (fd === undefined || (fd.kind !== 'ipv4' && fd.kind !== 'ipv6')) return false;
  if (fd.l4proto !== undefined && fd.l4proto !== 'udp' && fd.l4proto !== 'tcp' && fd.l4proto !== 'unknown') return false;
  return isPortDns(fd.server?.port) || isPortDns(fd.client?.port);
}

/** Whether an event of the data family carries a DNS message: its fd or its tuple has port 53. */
export function isDnsEvent(event: ScapEvent): boolean {
  if (fdIsDns(event.fd)) return true;
  if (event.fd !== undefined && event.fd.kind !== 'ipv4' && event.fd.kind !== 'ipv6') return false;
  return endpointsOfTuple(event.params['tuple']).some(isPortDns);
}

/** NAME=value entries (NUL-terminated) as NAME= entries; entries without '=' are dropped. */
export function blankEnvironment(env: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = 0;
  while (start < env.length) {
    let end = env.indexOf(0, start);
    if (end < 0) end = env.length;
    const equals = env.subarray(start, end).indexOf(0x3d);
    if (equals >= 0) {
      for (let at = start; at <= start + equals; at++) out.push(env[at]!);
      out.push(0);
    }
    start = end + 1;
  }
  return Uint8Array.from(out);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Thrown for a block whose contents do not fit its length: the copy stops there. */
class BlockDamage extends Error {}

interface ParamSpan {
  off: number;
  len: number;
}

/**
 * The redacted copy of one event block. `keepData` says whether the event's data buffer is a DNS
 * message. The copy has the same length unless an environment shrank (then the block is framed anew).
 */
export function redactEventBlock(block: Uint8Array, keepData: (ts: bigint, tid: number, code: number) => boolean, tally: BlockTally): Uint8Array {
  const blockType = readUint32(block, 0);
  const kind = EVENT_BLOCK_KINDS.get(blockType);
  if (kind === undefined) throw new Error(`block type 0x${blockType.toString(16)} is not an event block`);
  const out = Uint8Array.from(block);
  const evOff = BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + (kind.hasFlags ? EVENT_BLOCK_FLAGS_SIZE : 0);
  const headerSize = kind.hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1;
  const trailerAt = block.length - BLOCK_TRAILER_SIZE;
  if (evOff + headerSize > trailerAt) throw new BlockDamage('an event block too short for its event header');
  const evLen = readUint32(block, evOff + EVENT_HEADER_OFFSET_LEN);
  const evEnd = evOff + evLen;
  if (evLen < headerSize || evEnd > trailerAt) throw new BlockDamage(`an event of ${evLen} bytes that does not fit its block`);
  // Room the block leaves after its event holds no event data: zeroed, whatever it held.
  out.fill(0, evEnd, trailerAt);
  const code = readUint16(block, evOff + EVENT_HEADER_OFFSET_TYPE);
  const info = EVENT_TABLE[code];
  const lensStart = evOff + headerSize;
  const nparams = kind.hasNparams
    ? readUint32(block, evOff + EVENT_HEADER_OFFSET_NPARAMS)
    : deriveV1ParamCount(block, evOff, evLen, headerSize, info?.params.length ?? 0);
  const lenSize = info?.largePayload === true ? PARAM_LEN_SIZE_LARGE : PARAM_LEN_SIZE;
  const spans = paramSpans(block, lensStart, evEnd, nparams, lenSize);
  if (info === undefined) {
    // A newer driver's event: what its parameters hold is unknown, so none of it is copied.
    out.fill(0, spans === undefined ? lensStart : lensStart + nparams * lenSize, evEnd);
    tally.unknownEventsBlanked++;
    return out;
  }
  if (spans === undefined) {
    if (DATA_BUFFER_CODES.has(code) || info.paramIndex.has('env')) {
      out.fill(0, lensStart, evEnd);
      tally.unknownEventsBlanked++;
    }
    return out;
  }
  const dataIndex = info.dir === '<' && DATA_BUFFER_CODES.has(code) ? (info.paramIndex.get('data') ?? -1) : -1;
  const dataSpan = spans[dataIndex];
  if (dataSpan !== undefined && dataSpan.len > 0) {
    const ts = readUint64(block, evOff + EVENT_HEADER_OFFSET_TS);
    const tid = readInt64Number(block, evOff + EVENT_HEADER_OFFSET_TID);
    if (keepData(ts, tid, code)) tally.dnsBuffersKept++;
    else {
      out.fill(0, dataSpan.off, dataSpan.off + dataSpan.len);
      tally.buffersBlanked++;
    }
  }
  const envSpan = spans[info.paramIndex.get('env') ?? -1];
  if (envSpan === undefined || envSpan.len === 0) return out;
  const env = block.subarray(envSpan.off, envSpan.off + envSpan.len);
  const blanked = blankEnvironment(env);
  tally.environmentsBlanked++;
  if (sameBytes(env, blanked)) return out;
  return reframeWithParam(out, evOff, evLen, lensStart, lenSize, spans, info.paramIndex.get('env')!, blanked);
}

/** Offsets and lengths of the parameters, undefined when they do not add up to the event's length. */
function paramSpans(block: Uint8Array, lensStart: number, evEnd: number, nparams: number, lenSize: number): ParamSpan[] | undefined {
  if (nparams < 0 || lensStart + nparams * lenSize > evEnd) return undefined;
  const spans: ParamSpan[] = [];
  let at = lensStart + nparams * lenSize;
  for (let index = 0; index < nparams; index++) {
    const len = lenSize === PARAM_LEN_SIZE ? readUint16(block, lensStart + index * lenSize) : readUint32(block, lensStart + index * lenSize);
    if (at + len > evEnd) return undefined;
    spans.push({ off: at, len });
    at += len;
  }
  return spans;
}

/** The event block with one parameter's bytes replaced: new parameter length, event length and framing. */
function reframeWithParam(
  block: Uint8Array,
  evOff: number,
  evLen: number,
  lensStart: number,
  lenSize: number,
  spans: readonly ParamSpan[],
  index: number,
  value: Uint8Array,
): Uint8Array {
  const span = spans[index]!;
  const evEnd = evOff + evLen;
  const body = Buffer.concat([block.subarray(BLOCK_HEADER_SIZE, span.off), value, block.subarray(span.off + span.len, evEnd)]);
  const bodyEvOff = evOff - BLOCK_HEADER_SIZE;
  body.writeUInt32LE(evLen - span.len + value.length, bodyEvOff + EVENT_HEADER_OFFSET_LEN);
  const lenAt = lensStart - BLOCK_HEADER_SIZE + index * lenSize;
  if (lenSize === PARAM_LEN_SIZE) body.writeUInt16LE(value.length, lenAt);
  else body.writeUInt32LE(value.length, lenAt);
  return frameBlock(readUint32(block, 0), body);
}

/**
 * The process list block with every entry's env values blanked (process lists of version 3 and later
 * carry env). Throws BlockOverrun for an entry that runs past its block.
 */
export function redactProcessListBlock(block: Uint8Array, version: number, tally: BlockTally): Uint8Array {
  if (version < 3) return block;
  const end = block.length - BLOCK_TRAILER_SIZE;
  const cursor = new Cursor(block, BLOCK_HEADER_SIZE, end);
  const pieces: Uint8Array[] = [];
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = -1;
    if (version >= 9) {
      const entryLength = cursor.u32('entry length');
      if (entryLength < 4 || entryStart + entryLength > end) throw new BlockDamage(`a process entry of ${entryLength} bytes that does not fit its block`);
      entryEnd = entryStart + entryLength;
      cursor.end = entryEnd;
    }
    cursor.skip(24, 'tid, pid, ptid');
    if (version >= 6) cursor.skip(8, 'sid');
    if (version >= 8) cursor.skip(8, 'vpgid');
    for (const field of version >= 7 ? ['comm', 'exe', 'exepath', 'args', 'cwd'] : ['comm', 'exe', 'args', 'cwd']) cursor.bytes16(field);
    cursor.skip(8 + 4 + 4 + 4, 'fdlimit, flags, uid, gid');
    cursor.skip(4 + 4 + 4 + 8 + 8, 'memory counters');
    const envAt = cursor.pos;
    const env = cursor.bytes16('env');
    if (version >= 4) {
      cursor.skip(16, 'vtid, vpid');
      cursor.bytes16('cgroups');
      if (version >= 5) cursor.bytes16('root');
    }
    if (entryEnd < 0) entryEnd = cursor.pos;
    const blanked = blankEnvironment(env);
    if (env.length > 0) tally.environmentsBlanked++;
    const entry = Buffer.concat([block.subarray(entryStart, envAt), Buffer.alloc(2), blanked, block.subarray(envAt + 2 + env.length, entryEnd)]);
    entry.writeUInt16LE(blanked.length, envAt - entryStart);
    if (version >= 9) entry.writeUInt32LE(entry.length, 0);
    pieces.push(entry);
    cursor.pos = entryEnd;
    cursor.end = end;
  }
  // What is left after the last entry (padding) is not copied: frameBlock pads anew.
  return frameBlock(readUint32(block, 0), Buffer.concat(pieces));
}

/** Where the copy goes: a file, through gzip or not, written with backpressure. */
class Sink {
  bytes = 0;
  private readonly file: WriteStream;
  private readonly gzip: Gzip | undefined;
  private failure: Error | undefined;
  /** Wakes a write waiting for 'drain' when the stream fails instead. */
  private wake: (() => void) | undefined;
  private readonly batch = Buffer.allocUnsafe(OUTPUT_BATCH_SIZE);
  private batched = 0;

  constructor(path: string, gzip: boolean) {
    this.file = createWriteStream(path);
    this.gzip = gzip ? createGzip() : undefined;
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.wake?.();
    };
    this.file.on('error', fail);
    this.gzip?.on('error', fail);
    this.gzip?.pipe(this.file);
  }

  /**
   * Blocks are small and many: they are gathered into one buffer and handed to the stream a batch at a
   * time (one gzip call per block took ten times as long as the compression itself).
   */
  async write(bytes: Uint8Array): Promise<void> {
    this.bytes += bytes.length;
    if (this.batched + bytes.length > this.batch.length) await this.flush();
    if (bytes.length >= this.batch.length) await this.send(Buffer.from(bytes));
    else {
      this.batch.set(bytes, this.batched);
      this.batched += bytes.length;
    }
  }

  private async flush(): Promise<void> {
    if (this.batched === 0) return;
    const bytes = Buffer.from(this.batch.subarray(0, this.batched));
    this.batched = 0;
    await this.send(bytes);
  }

  private async send(bytes: Buffer): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const target = this.gzip ?? this.file;
    if (!target.write(bytes)) {
      await new Promise<void>((resolveDrain) => {
        this.wake = resolveDrain;
        target.once('drain', resolveDrain);
      });
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.failure !== undefined) throw this.failure;
    await new Promise<void>((resolveClose) => {
      this.wake = resolveClose;
      this.file.once('close', resolveClose);
      if (this.gzip !== undefined) this.gzip.end();
      else this.file.end();
    });
    if (this.failure !== undefined) throw this.failure;
  }

  destroy(): void {
    this.gzip?.destroy();
    this.file.destroy();
  }
}

function startsWithGzipMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const read = readSync(fd, head, 0, 2, 0);
    return read === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    closeSync(fd);
  }
}

/** The (decompressed) bytes of a capture in chunks. */
function captureChunks(path: string, gzip: boolean): AsyncIterable<Buffer> {
  const file = createReadStream(path, { highWaterMark: FILE_CHUNK_SIZE });
  if (!gzip) return file;
  const gunzip = createGunzip({ chunkSize: FILE_CHUNK_SIZE });
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/** The DNS messages' event keys, from a pass of the reader. */
async function dnsEventKeys(path: string): Promise<Set<string>> {
  const keys = new Set<string>();
  await readCapture(
    path,
    (event) => {
      if (isDnsEvent(event)) keys.add(eventKey(event.ts, event.tid, event.type));
    },
    { eventNames: DATA_BUFFER_EVENT_NAMES, direction: '<' },
  );
  return keys;
}

/**
 * Writes a redacted copy of the capture at inPath to outPath (see the top of this file for what is
 * blanked). Throws ScapFormatError when inPath is not a capture; a truncated or damaged input is
 * copied up to its last whole block and reported in the result. On an error, outPath is removed.
 */
export async function redactCapture(inPath: string, outPath: string, options: RedactOptions = {}): Promise<RedactionResult> {
  if (resolve(inPath) === resolve(outPath)) throw new ScapFormatError(inPath, 'the redacted copy must go to another file than the capture it is made from');
  const dnsKeys = await dnsEventKeys(inPath);
  const inputGzip = startsWithGzipMagic(inPath);
  const gzip = options.gzip ?? inputGzip;
  const sink = new Sink(outPath, gzip);
  const result: RedactionResult = {
    path: outPath,
    events: 0,
    bytes: 0,
    gzip,
    environmentsBlanked: 0,
    buffersBlanked: 0,
    dnsBuffersKept: 0,
    unknownEventsBlanked: 0,
    blocksLeftOut: 0,
    truncated: undefined,
    damage: undefined,
  };
  const tally = emptyTally();
  const keepData = (ts: bigint, tid: number, code: number): boolean => dnsKeys.has(eventKey(ts, tid, code));
  try {
    let pending: Buffer = Buffer.alloc(0);
    let offset = 0; // of pending[0] in the decompressed stream
    const chunks = captureChunks(inPath, inputGzip);
    try {
      copying: for await (const chunk of chunks) {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let at = 0;
        while (pending.length - at >= BLOCK_HEADER_SIZE) {
          const type = readUint32(pending, at);
          const total = readUint32(pending, at + 4);
          const implausible = total < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || total % 4 !== 0 || total > MAX_BLOCK_SIZE;
          const problem = implausible ? `a block length of ${total} bytes that cannot be right` : pending.length - at < total ? undefined : await copyBlock(pending.subarray(at, at + total), type, total, sink, keepData, tally, result);
          if (problem !== undefined) {
            result.damage = { offset: offset + at, bytesLeftOut: inputGzip ? undefined : statSync(inPath).size - (offset + at), problem };
            pending = Buffer.alloc(0);
            break copying;
          }
          if (pending.length - at < total) break;
          at += total;
        }
        pending = pending.subarray(at);
        offset += at;
        // A block larger than a chunk grows the buffer: keep its bytes in one piece.
        if (pending.length > 0) pending = Buffer.from(pending);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code?.startsWith('Z_') !== true) throw error;
      // The gzip layer fails: a stream cut off (the recorder was killed) ends like a plain file cut off.
      if (code !== ZLIB_INPUT_ENDS_EARLY) result.damage = { offset, bytesLeftOut: undefined, problem: `the gzip stream is damaged (${(error as Error).message})` };
      else if (pending.length === 0) result.truncated = { offset };
    }
    if (result.damage === undefined && pending.length > 0) result.truncated = { offset };
    await sink.close();
  } catch (error) {
    sink.destroy();
    rmSync(outPath, { force: true });
    throw error;
  }
  return { ...result, ...tally, bytes: sink.bytes };
}

/** Copies one whole block with its redactions; returns the problem when the block is damaged. */
async function copyBlock(
  block: Uint8Array,
  type: number,
  total: number,
  sink: Sink,
  keepData: (ts: bigint, tid: number, code: number) => boolean,
  tally: BlockTally,
  result: RedactionResult,
): Promise<string | undefined> {
  if (readUint32(block, total - BLOCK_TRAILER_SIZE) !== total) return 'a block whose trailing length differs from its leading one';
  try {
    if (EVENT_BLOCK_KINDS.has(type)) {
      await sink.write(redactEventBlock(block, keepData, tally));
      result.events++;
      return undefined;
    }
    const version = PROCESS_LIST_VERSION.get(type);
    if (version !== undefined) {
      await sink.write(redactProcessListBlock(block, version, tally));
      return undefined;
    }
  } catch (error) {
    if (error instanceof BlockDamage) return error.message;
    if (error instanceof Error && error.name === 'BlockOverrun') {
      // A process list whose entries cannot be walked: its env fields cannot be found, so it is left out.
      result.blocksLeftOut++;
      return undefined;
    }
    throw error;
  }
  if (type === SHB_BLOCK_TYPE || SCAP_BLOCK_TYPES.has(type)) await sink.write(block);
  else result.blocksLeftOut++;
  return undefined;
}

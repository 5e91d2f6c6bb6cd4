// The streaming capture reader. It reads the file in large chunks (through gunzip when the file starts
// with the gzip magic), cuts the stream into blocks, and for each event block reads the 26-byte header
// first: an event nobody asked for and that changes no state is only counted and skipped, which is where
// the speed comes from. Everything is bounds-checked against the block and event lengths.
//
// Damage handling: the file must start with a section header block, else ScapFormatError (fast, from the
// first bytes); so must a file whose first blocks are pcapng's (a network capture). After that:
// - a file (or gzip stream) that ends inside a block, the recorder stopped while writing, sets
//   summary.truncated = { offset } (where the partial block starts), a warning: every complete event
//   before it has been delivered;
// - a block whose length cannot be right (shorter than a header, over the size limit, a trailer that
//   disagrees, an event that does not fit), a damaged section header inside the file, a gzip stream that
//   fails its checks: damage. The reader records a damaged region (summary.damage: offset, bytes skipped,
//   the times around it) and resynchronises: blocks carry their length at both ends, so it scans forward
//   for the next position holding a known block type, a plausible length and the same length at its end,
//   and reads on from there (sysdig stops at the first bad block; the evidence after it is kept here). A
//   block whose length and trailer agree but whose content is damaged is skipped by its length. The scan
//   gives up after RESYNC_SCAN_LIMIT bytes, which bounds the time a stream of garbage costs.
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parseFdList, parseMachineInfo, parseProcessList, parseUserList, type MachineInfo } from './blocks.ts';
import { isSystemError, systemErrorWords } from './errno.ts';
import { ScapFormatError } from './errors.ts';
import { EVENT_TABLE, EVENT_CODE_MAX, PPME, SYSCALL_NAMES, eventCode, genericEventName } from './event-table.ts';
import { EventArgs, deriveV1ParamCount } from './event-view.ts';
import { CapturedEvent } from './event.ts';
import {
  BLOCK_HEADER_SIZE,
  BLOCK_TRAILER_SIZE,
  EVENT_BLOCK_CPU_SIZE,
  EVENT_BLOCK_FLAGS_SIZE,
  EV_BLOCK_TYPE,
  EV_BLOCK_TYPE_INT,
  EV_BLOCK_TYPE_V2,
  EV_BLOCK_TYPE_V2_LARGE,
  EVF_BLOCK_TYPE,
  EVF_BLOCK_TYPE_V2,
  EVF_BLOCK_TYPE_V2_LARGE,
  EVENT_HEADER_SIZE,
  EVENT_HEADER_SIZE_V1,
  EVENT_HEADER_OFFSET_LEN,
  EVENT_BLOCK_KINDS,
  BLOCK_ALIGNMENT,
  alignBlockLength,
  PCAPNG_BLOCK_TYPES,
  SCAP_BLOCK_TYPES,
  FDL_BLOCK_TYPE,
  FDL_BLOCK_TYPE_INT,
  FDL_BLOCK_TYPE_V2,
  GZIP_MAGIC,
  MAX_NON_LARGE_BLOCK_SIZE,
  MI_BLOCK_TYPE,
  MI_BLOCK_TYPE_INT,
  PROCESS_LIST_VERSION,
  SHB_BLOCK_TYPE,
  SHB_CURRENT_MAJOR_VERSION,
  SHB_MAGIC,
  SHB_MAGIC_SWAPPED,
  SHB_MIN_BLOCK_SIZE,
  UL_BLOCK_TYPE,
  UL_BLOCK_TYPE_INT,
  UL_BLOCK_TYPE_V2,
} from './format.ts';
import type { CaptureSummary, DamagedRegion, FdState, ScapEvent } from './model.ts';
import { readInt64Number, readUint16, readUint32, readUint64 } from './params.ts';
import { CaptureState, P, STATE_KINDS, StateKind } from './state.ts';

export interface ReadOptions {
  /** Deliver only events whose evt.type is in this set (all events when absent). */
  eventNames?: ReadonlySet<string>;
  /** Deliver only events of this direction (both when absent). Enter events are still used for state. */
  direction?: '>' | '<';
  /**
   * The consumer reads each event only inside the callback and keeps no reference to the event object
   * (what it keeps, it copies out: thread, fd, decoded values). Lets the reader reuse its read buffer and
   * one event object instead of leaving a filled buffer and an object per event to the garbage collector.
   */
  transientEvents?: boolean;
  /**
   * Events with these names are delivered only when the predicate accepts their fd (after the event
   * was applied): writes only to IP sockets for a consumer that looks at network traffic (most writes
   * go to files and pipes), opens only for writing for one that reports written files.
   */
  deliverOnlyIf?: ReadonlyMap<string, (fd: FdState | undefined) => boolean>;
  /** Called after each read with the bytes of the FILE read so far (compressed ones for gzip, so that
   * they compare with the file's size) and the events read: what a progress display needs. */
  onProgress?: (fileBytesRead: number, events: number) => void;
}

/** What a reading pass learns beyond the contract's CaptureSummary. */
export interface ReadDetails {
  machine: MachineInfo | undefined;
  /** Problems with metadata blocks that were skipped (the capture was still read). */
  warnings: string[];
  /** The section header carried pcapng options (comments). */
  sectionOptions: boolean;
  /** Bytes of the (decompressed) stream read: less than its size when reading stopped early. */
  streamBytesRead: number;
}

/**
 * After damage the reader scans this many bytes at most for the next valid block, then stops: bounds the
 * time spent on a stream that is no capture after its header (a gzip bomb of zeros).
 */
export const RESYNC_SCAN_LIMIT = 64 * 1024 * 1024;
/** A capture lists at most this many damaged regions (and counts the rest): bounds the report. */
export const DAMAGED_REGIONS_LISTED = 100;

/** Any block longer than this is treated as damage: bounds memory on hostile input. */
export const MAX_BLOCK_SIZE = 256 * 1024 * 1024;
/**
 * The read buffer: large enough that per-read costs vanish, small enough that the bytes a read just
 * copied are still in the CPU's cache when the blocks are parsed (5% faster than 8 MB on the bench's
 * 100 MB captures, a 2 MB L2 per core). Blocks larger than this grow it.
 */
const READ_BUFFER_SIZE = 512 * 1024;
const FILE_STREAM_CHUNK_SIZE = 1024 * 1024;

const enum Want {
  Deliver = 1,
  State = 2,
  /** Keep the enter event so that the matching exit event can borrow its parameters. */
  KeepEnter = 4,
}

const GENERIC_CODES = new Set([PPME['GENERIC_E'], PPME['GENERIC_X']]);
/** A successful execveat is an execveat enter event followed by an execve exit event (as libsinsp pairs them). */
const EXECVEAT_E = eventCode('SYSCALL_EXECVEAT_E');
const EXECVE_EXITS_AFTER_EXECVEAT: readonly number[] = [eventCode('SYSCALL_EXECVE_18_X'), eventCode('SYSCALL_EXECVE_19_X')];
const GENERIC_E = PPME['GENERIC_E']!;
const GENERIC_X = PPME['GENERIC_X']!;
const NOTIFICATION_E = PPME['NOTIFICATION_E']!;
const INFRASTRUCTURE_EVENT_E = PPME['INFRASTRUCTURE_EVENT_E']!;

/** Whether a name filter can match a generic event (named after its syscall, e.g. 'madvise'). */
function wantsGeneric(eventNames: ReadonlySet<string>): boolean {
  if (eventNames.has('syscall')) return true;
  const ownNames = new Set(EVENT_TABLE.filter((info) => !GENERIC_CODES.has(info.code)).map((info) => info.name));
  return SYSCALL_NAMES.some((name) => eventNames.has(name) && !ownNames.has(name));
}

function buildWants(eventNames: ReadonlySet<string> | undefined, direction: '>' | '<' | undefined): Uint8Array {
  const wants = new Uint8Array(EVENT_CODE_MAX);
  const generic = eventNames !== undefined && wantsGeneric(eventNames);
  for (const info of EVENT_TABLE) {
    let want = 0;
    const nameWanted = eventNames === undefined || eventNames.has(info.name) || (generic && GENERIC_CODES.has(info.code));
    if (nameWanted && (direction === undefined || direction === info.dir)) want |= Want.Deliver;
    if (STATE_KINDS[info.code] !== StateKind.None) want |= Want.State;
    wants[info.code] = want;
  }
  // An enter event is kept when its exit event is processed (delivered or applied to the state).
  for (const info of EVENT_TABLE) {
    if (info.dir === '>' && info.code + 1 < EVENT_CODE_MAX && wants[info.code + 1]! !== 0) wants[info.code] = wants[info.code]! | Want.KeepEnter;
  }
  if (EXECVE_EXITS_AFTER_EXECVEAT.some((code) => wants[code]! !== 0)) wants[EXECVEAT_E] = wants[EXECVEAT_E]! | Want.KeepEnter;
  return wants;
}

interface KeptEnter {
  code: number;
  buf: Uint8Array;
  off: number;
  len: number;
  headerSize: number;
  nparams: number;
}

class Damage extends Error {}

/** Block types as signed 32-bit integers, as the hot loop reads them. */
const SHB_TYPE_I32 = SHB_BLOCK_TYPE | 0;
const EV_V1_I32 = EV_BLOCK_TYPE | 0;
const EV_INT_I32 = EV_BLOCK_TYPE_INT | 0;
const EV_V2_I32 = EV_BLOCK_TYPE_V2 | 0;
const EV_V2_LARGE_I32 = EV_BLOCK_TYPE_V2_LARGE | 0;
const EVF_V1_I32 = EVF_BLOCK_TYPE | 0;
const EVF_V2_I32 = EVF_BLOCK_TYPE_V2 | 0;
const EVF_V2_LARGE_I32 = EVF_BLOCK_TYPE_V2_LARGE | 0;

/**
 * libscap pads an event to the 4-byte block alignment: its block leaves 0..3 bytes after it (blocks that
 * leave more exist, as in libs' curl_google_comments.scap, and are checked further). Old (v1) captures
 * wrote the length of two event types 3 bytes too long (see event()): down to -3 there.
 */
const V1_LENGTH_EXCESS = -3;

const NO_BYTES = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);
const NO_HALVES = new Uint16Array(0);
/** Typed-array views read in the host's byte order; captures are little-endian. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The little-endian signed 32-bit word at buf[pos]: one load through `words` (a view of the same
 * bytes, empty when unusable) when pos is aligned, as block starts are (block lengths are multiples of 4).
 */
function wordAt(buf: Uint8Array, words: Int32Array, pos: number): number {
  if ((pos & 3) === 0 && words.length !== 0) return words[pos >> 2]!;
  return buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24);
}

/** The little-endian 16-bit value at buf[pos], through `halves` when pos is even. */
function halfAt(buf: Uint8Array, halves: Uint16Array, pos: number): number {
  if ((pos & 1) === 0 && halves.length !== 0) return halves[pos >> 1]!;
  return buf[pos]! | (buf[pos + 1]! << 8);
}

/**
 * Whether buf[pos...] starts with what could be a block header (a scap block type or a section header,
 * a plausible length), or the bytes end before a header would: what must follow an event block whose
 * event leaves more room than padding (real writers do that; a wrong length does too).
 */
function blockHeaderAt(buf: Uint8Array, pos: number, length: number): boolean {
  if (length - pos < BLOCK_HEADER_SIZE) return true;
  const type = readUint32(buf, pos);
  const total = readUint32(buf, pos + 4);
  return (type === SHB_BLOCK_TYPE || SCAP_BLOCK_TYPES.has(type)) && total >= BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE && total <= MAX_BLOCK_SIZE && (total & 3) === 0;
}

/**
 * The length the event block at buf[pos...] has by its event alone (the event, padded, and a trailer),
 * when the word at the end of that length repeats it: what a block whose length field was damaged still
 * shows. -1 when it does not (or the block is no event block).
 */
function lengthByEvent(buf: Uint8Array, pos: number, length: number): number {
  const kind = EVENT_BLOCK_KINDS.get(readUint32(buf, pos));
  if (kind === undefined) return -1;
  const evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + (kind.hasFlags ? EVENT_BLOCK_FLAGS_SIZE : 0);
  if (evOff + EVENT_HEADER_SIZE > length) return -1;
  const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
  if (evLen < (kind.hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) || evLen > MAX_BLOCK_SIZE) return -1;
  const total = alignBlockLength(evOff + evLen - pos) + BLOCK_TRAILER_SIZE;
  return pos + total <= length && readUint32(buf, pos + total - BLOCK_TRAILER_SIZE) === total ? total : -1;
}

/**
 * Whether the length of the event block at buf[pos..end), whose event leaves more room than padding, is
 * a lie: no block follows it, but its event alone makes a block that ends in its own length, as a block
 * whose length grew would (the word at the lying end is then the next block's length field, which is why
 * the trailer check passed). A real block with room to spare (libs' curl_google_comments.scap has some)
 * followed by damage is not a lie: its event is kept.
 */
function lengthLies(buf: Uint8Array, pos: number, end: number, length: number): boolean {
  return !blockHeaderAt(buf, end, length) && lengthByEvent(buf, pos, length) >= 0;
}

/** Where the capture's (decompressed) bytes come from. */
interface ByteSource {
  /** Copies up to `want` next bytes to buf[at...]; 0 at the end. Rejects on a read error or broken gzip data. */
  read(buf: Buffer, at: number, want: number): Promise<number>;
  /** Bytes of the file read so far (for gzip, compressed bytes). */
  fileBytesRead(): number;
  close(): Promise<void>;
}

/** A plain capture: read straight into the caller's buffer, which the reader reuses. */
class FileSource implements ByteSource {
  private position = 0;
  constructor(private readonly fd: number) {}

  // A synchronous read: from the page cache it is a copy, and the event loop's hop through the thread
  // pool per read left the main thread idle while the pool copied.
  async read(buf: Buffer, at: number, want: number): Promise<number> {
    const bytesRead = readSync(this.fd, buf, at, want, this.position);
    this.position += bytesRead;
    return bytesRead;
  }

  fileBytesRead(): number {
    return this.position;
  }

  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

/**
 * The decompressed stream ends early: the gzip layer failed (a CRC or length check, corrupt deflate data,
 * a stream that breaks off) or the file could not be read. Thrown by a source once every byte it could
 * decompress before the fault has been handed over.
 */
class StreamFault extends Error {
  /** The stream only stops short (a gzip file cut off, as when the recorder was killed): not damage. */
  readonly cutShort: boolean;
  constructor(message: string, cutShort: boolean) {
    super(message);
    this.cutShort = cutShort;
  }
}

/** zlib's code for input that ends before the gzip stream does. */
export const ZLIB_INPUT_ENDS_EARLY = 'Z_BUF_ERROR';

function streamFault(error: unknown): StreamFault {
  if (error instanceof StreamFault) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  if (code === ZLIB_INPUT_ENDS_EARLY) return new StreamFault(`the gzip stream ends early (${message})`, true);
  if (code?.startsWith('Z_') !== true) return new StreamFault(`the file could not be read further (${message}); anything after this point is lost`, false);
  // zlib's "incorrect data check" / "incorrect length check": the trailer disagrees with what was inflated.
  if (/\bcheck\b/.test(message)) return new StreamFault(`the gzip stream fails its integrity check (${message}): the decompressed bytes may differ from what was recorded`, false);
  return new StreamFault(`the gzip stream is damaged (${message}): nothing after this point could be decompressed`, false);
}

/** Deflate's largest expansion (zlib's documented bound): an input piece of n bytes inflates to at most this many times n. */
const MAX_DEFLATE_EXPANSION = 1032;
/** Near a gzip fault the file is inflated again in pieces this small: only the failing piece's output is lost. */
const SALVAGE_PIECE_SIZE = 64;
/** A gzip member ends with CRC-32 and length, 4 bytes each (RFC 1952). */
const GZIP_TRAILER_SIZE = 8;
/** The most decompressed bytes a salvage keeps (what the first pass can have lost is its chunk and stream buffers). */
const SALVAGE_LIMIT = 16 * 1024 * 1024;

/**
 * zlib hands over nothing from the inflate call that meets a fault, and a stream's async iterator drops
 * what it had buffered: after a fault, up to a chunk of decompressed data the file holds would be lost.
 * This inflates the file again and returns the decompressed bytes after `skip` (what the first pass
 * delivered) up to the fault: first in pieces small enough near the fault that only the failing piece's
 * output is lost, then, if that piece held more than a byte, once more feeding it byte by byte. Runs
 * only after a fault.
 */
async function salvageGzip(path: string, skip: number, zlib: typeof import('node:zlib')): Promise<Buffer> {
  const first = await inflateUntilFault(path, skip, zlib, Number.POSITIVE_INFINITY);
  if (first.failedPiece === undefined || first.failedPiece.size === 1) return first.output;
  return (await inflateUntilFault(path, skip, zlib, first.failedPiece.start)).output;
}

interface Inflated {
  /** The decompressed bytes after `skip`, up to the fault (at most SALVAGE_LIMIT). */
  output: Buffer;
  /** The input piece that met the fault. */
  failedPiece: { start: number; size: number } | undefined;
}

/**
 * Inflates the file in pieces: before `skip`, pieces that cannot inflate past it (deflate expands at most
 * MAX_DEFLATE_EXPANSION times); after it SALVAGE_PIECE_SIZE bytes; from `byteByByteFrom` and for the gzip
 * trailer (CRC and length), one byte each.
 */
async function inflateUntilFault(path: string, skip: number, zlib: typeof import('node:zlib'), byteByByteFrom: number): Promise<Inflated> {
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
  const kept: Buffer[] = [];
  let produced = 0;
  let keptBytes = 0;
  let failed = false;
  let failedPiece: Inflated['failedPiece'];
  gunzip.on('data', (chunk: Buffer) => {
    const from = Math.max(0, skip - produced);
    produced += chunk.length;
    if (from < chunk.length && keptBytes < SALVAGE_LIMIT) {
      kept.push(chunk.subarray(from));
      keptBytes += chunk.length - from;
    }
  });
  // One write (or the end) at a time: it settles when zlib has taken it, or when the stream fails.
  let settle: (() => void) | undefined;
  gunzip.on('error', () => {
    failed = true;
    settle?.();
  });
  const settled = (start: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      settle = resolve;
      start(resolve);
    });
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const fileSize = fstatSync(fd).size;
    const input = Buffer.allocUnsafe(FILE_STREAM_CHUNK_SIZE);
    let position = 0;
    while (!failed && keptBytes < SALVAGE_LIMIT) {
      const trailer = fileSize - GZIP_TRAILER_SIZE;
      let size = Math.max(SALVAGE_PIECE_SIZE, Math.min(input.length, Math.floor((skip - produced) / MAX_DEFLATE_EXPANSION)));
      if (position >= byteByByteFrom || position >= trailer) size = 1;
      else size = Math.min(size, Math.max(1, byteByByteFrom - position), trailer - position);
      const bytesRead = readSync(fd, input, 0, size, position);
      if (bytesRead === 0) {
        await settled((done) => {
          gunzip.once('end', done);
          gunzip.end();
          gunzip.resume();
        });
        break;
      }
      await settled((done) => gunzip.write(Buffer.from(input.subarray(0, bytesRead)), () => done()));
      if (failed) failedPiece = { start: position, size: bytesRead };
      position += bytesRead;
    }
  } catch {
    // A read error ends the salvage with what it has.
  } finally {
    if (fd !== undefined) closeSync(fd);
    gunzip.destroy();
  }
  return { output: Buffer.concat(kept), failedPiece };
}

/** A gzip-compressed capture: the gunzip stream's chunks copied into the caller's buffer. */
class GunzipSource implements ByteSource {
  private readonly stream;
  private readonly fileStream;
  private readonly chunks: AsyncIterator<Buffer>;
  private chunk: Buffer | undefined;
  private chunkPos = 0;
  /** Decompressed bytes taken from the stream so far. */
  private received = 0;
  /** The fault that ended the stream, thrown once the bytes salvaged before it are handed over. */
  private fault: StreamFault | undefined;

  constructor(
    private readonly path: string,
    private readonly zlib: typeof import('node:zlib'),
  ) {
    const gunzip = zlib.createGunzip({ chunkSize: 1024 * 1024 });
    const fileStream = createReadStream(path, { highWaterMark: FILE_STREAM_CHUNK_SIZE });
    fileStream.on('error', (error) => gunzip.destroy(error));
    this.fileStream = fileStream;
    this.stream = fileStream.pipe(gunzip);
    this.chunks = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  fileBytesRead(): number {
    return this.fileStream.bytesRead;
  }

  async read(buf: Buffer, at: number, want: number): Promise<number> {
    let copied = 0;
    while (copied < want) {
      if (this.chunk === undefined || this.chunkPos === this.chunk.length) {
        // Hand over what is there rather than wait for more.
        if (copied > 0 && this.chunk !== undefined) break;
        if (this.fault !== undefined) {
          if (copied > 0) break;
          throw this.fault;
        }
        let next: IteratorResult<Buffer>;
        try {
          next = await this.chunks.next();
        } catch (error) {
          this.fault = streamFault(error);
          this.chunk = await salvageGzip(this.path, this.received, this.zlib);
          this.chunkPos = 0;
          this.received += this.chunk.length;
          continue;
        }
        if (next.done === true) {
          this.chunk = undefined;
          break;
        }
        this.chunk = next.value;
        this.chunkPos = 0;
        this.received += next.value.length;
      }
      const take = Math.min(want - copied, this.chunk.length - this.chunkPos);
      this.chunk.copy(buf, at + copied, this.chunkPos, this.chunkPos + take);
      this.chunkPos += take;
      copied += take;
    }
    return copied;
  }

  async close(): Promise<void> {
    this.stream.destroy();
  }
}

/**
 * Sniffs the first bytes: gzip, a capture, or something else (ScapFormatError). Synchronous file calls:
 * node:fs/promises would load streams, readline and worker modules, a tenth of the CLI's start-up.
 */
async function openSource(path: string): Promise<ByteSource> {
  let fd: number;
  try {
    // A FIFO or device would block or never end: only regular files are captures.
    const info = statSync(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new ScapFormatError(path, 'not a scap capture: not a regular file');
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof ScapFormatError) throw error;
    const reason = isSystemError(error) ? systemErrorWords(error) : (error as Error).message;
    throw new ScapFormatError(path, `cannot read the file (${reason})`);
  }
  const head = new Uint8Array(4);
  let headLength: number;
  try {
    headLength = readSync(fd, head, 0, 4, 0);
  } catch (error) {
    closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScapFormatError(path, `cannot read the file (${code === 'EISDIR' ? 'is a directory' : (error as Error).message})`);
  }
  if (headLength >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    closeSync(fd);
    // zlib and the stream machinery under it load only for compressed captures.
    return new GunzipSource(path, await import('node:zlib'));
  }
  if (headLength === 0 || headLength < 4 || readUint32(head, 0) !== SHB_BLOCK_TYPE) {
    closeSync(fd);
    throw new ScapFormatError(path, headLength === 0 ? 'not a scap capture: the file is empty' : 'not a scap capture: it does not start with a section header block');
  }
  return new FileSource(fd);
}

/**
 * Reads a capture, calling onEvent for each wanted event in file order with its thread and fd state.
 * Returns the summary; throws ScapFormatError when the file is not a capture.
 */
export async function readCaptureDetailed(
  path: string,
  onEvent: (event: ScapEvent) => void,
  options: ReadOptions = {},
): Promise<CaptureSummary & ReadDetails> {
  const source = await openSource(path);
  const reader = new BlockReader(path, onEvent, options);
  // Blocks are parsed in place in the read buffer. The incomplete block at its end moves to the front
  // before the next read. The buffer is reused unless an event handed to the consumer (which may read its
  // params later) points into it; enter events kept for their exit event are copied out first.
  let buf = Buffer.allocUnsafeSlow(READ_BUFFER_SIZE);
  let have = 0; // valid bytes at buf[0..have)
  let streamOffset = 0; // stream offset of buf[0]
  let fault: StreamFault | undefined;
  try {
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = await source.read(buf, have, buf.length - have);
      } catch (error) {
        // Only the source's errors (a gzip stream that fails or breaks off, a read error) end the stream here.
        fault = streamFault(error);
        break;
      }
      if (bytesRead === 0) break;
      have += bytesRead;
      reader.summary.streamBytesRead += bytesRead;
      const consumed = reader.consume(buf, have, streamOffset, false);
      options.onProgress?.(source.fileBytesRead(), reader.eventsRead);
      if (reader.stopped) break;
      streamOffset += consumed;
      const tail = have - consumed;
      // A block longer than the buffer (its length already checked against the limit) fills it: the
      // buffer grows, at most doubling per read, so a lying length costs memory only as data arrives.
      const size = tail === buf.length ? Math.min(2 * buf.length, Math.max(readUint32(buf, consumed + 4), buf.length)) : buf.length;
      reader.leaveBuffer(buf);
      let next = buf;
      if (size !== buf.length || (reader.deliveredFromBuffer && options.transientEvents !== true)) next = Buffer.allocUnsafeSlow(size);
      reader.deliveredFromBuffer = false;
      if (next === buf) buf.copyWithin(0, consumed, have);
      else buf.copy(next, 0, consumed, have);
      buf = next;
      have = tail;
    }
  } finally {
    await source.close();
  }
  if (fault !== undefined && !reader.sawHeader) {
    // The gzip layer rejected the data before one block came out: not a (compressed) capture.
    throw new ScapFormatError(path, `not a scap capture: ${fault.message}`);
  }
  if (!reader.sawHeader && !reader.stopped) {
    throw new ScapFormatError(path, 'not a scap capture: the file ends inside its section header');
  }
  if (!reader.stopped) reader.end(buf, have, streamOffset, fault);
  reader.finish();
  return reader.summary;
}

class BlockReader {
  readonly summary: CaptureSummary & ReadDetails;
  readonly state = new CaptureState();
  private readonly wants: Uint8Array;
  /** Per event code: deliver only when this accepts the event's fd (deliverOnlyIf). */
  private readonly deliveryConditions: Array<((fd: FdState | undefined) => boolean) | undefined>;
  private readonly args = new EventArgs();
  /** Per event code: the parameter count the last v1 event of that code had (-1: none yet). */
  private readonly v1Counts = new Int8Array(EVENT_CODE_MAX).fill(-1);
  private readonly kept = new Map<number, KeptEnter>();
  /** Position of the enter event paired with the current exit event. */
  private enterOff = 0;
  private enterLen = 0;
  private enterHeaderSize = 0;
  sawHeader = false;
  /** Reading ended early: resynchronisation gave up (see RESYNC_SCAN_LIMIT). */
  stopped = false;
  /** A metadata block of a scap capture was seen (a pcapng file has none). */
  private sawScapMetadata = false;
  /** While the reader looks for the next valid block after damage: the open region; else undefined. */
  private lost: DamagedRegion | undefined;
  /** The damaged region whose first dated event after it is still to come. */
  private undatedRegion: DamagedRegion | undefined;
  /** summary.firstEventTs and the last event time when the last damage began (the dating restarts after damage). */
  private firstTsBeforeLoss: bigint | undefined;
  private lastTsBeforeLoss: bigint | undefined;
  private events = 0;

  /** Events read so far (what a progress display shows while reading). */
  get eventsRead(): number {
    return this.events;
  }
  private lastTsBuf: Uint8Array | undefined;
  private lastTsOff = 0;
  /** The buffer `words` and `halves` view. */
  private viewed: Buffer | undefined = undefined;
  private words: Int32Array = NO_WORDS;
  private halves: Uint16Array = NO_HALVES;

  private readonly eventNames: ReadonlySet<string> | undefined;

  constructor(
    private readonly path: string,
    private readonly onEvent: (event: ScapEvent) => void,
    options: ReadOptions,
  ) {
    this.eventNames = options.eventNames;
    this.reusableEvent = options.transientEvents === true ? new CapturedEvent() : undefined;
    this.wants = buildWants(options.eventNames, options.direction);
    this.deliveryConditions = EVENT_TABLE.map((info) => options.deliverOnlyIf?.get(info.name));
    this.summary = {
      path,
      events: 0,
      firstEventTs: undefined,
      lastEventTs: undefined,
      truncated: undefined,
      damage: undefined,
      containers: [],
      users: this.state.users,
      machine: undefined,
      warnings: [],
      sectionOptions: false,
      streamBytesRead: 0,
    };
  }

  /** An event handed to the consumer points into the current read buffer. */
  deliveredFromBuffer = false;
  /** With transientEvents, one event object serves every delivery (no object per event). */
  private readonly reusableEvent: CapturedEvent | undefined;

  /** The read buffer is about to be overwritten or dropped: what must outlive it is copied out. */
  leaveBuffer(buf: Buffer): void {
    for (const kept of this.kept.values()) {
      if (kept.buf !== buf) continue;
      kept.buf = kept.code >= 0 ? Buffer.from(buf.subarray(kept.off, kept.off + kept.len)) : NO_BYTES;
      kept.off = 0;
    }
    if (this.lastTsBuf === buf) {
      this.lastTsBuf = Buffer.from(buf.subarray(this.lastTsOff, this.lastTsOff + 8));
      this.lastTsOff = 0;
    }
  }

  /**
   * Processes the complete blocks in buf[start..length); returns the position up to which the bytes are
   * consumed. `atEnd`: no bytes follow these (the end of the stream), so an incomplete block is either
   * the end of a capture cut short or a length that lies.
   */
  consume(buf: Buffer, length: number, baseOffset: number, atEnd: boolean, start = 0): number {
    // One small call per block: the per-block work lives in its own function, which V8 optimises by its
    // call count, instead of an on-stack replacement of a large loop that is then compiled a second time.
    if (this.viewed !== buf) this.view(buf);
    let pos = start;
    for (;;) {
      if (this.lost !== undefined) {
        pos = this.resynchronise(buf, pos, length, baseOffset, atEnd);
        if (this.lost !== undefined || this.stopped) return pos;
      }
      if (length - pos < BLOCK_HEADER_SIZE) break;
      // Well-formed event blocks, most of them events nobody wants, go through a tight loop that keeps
      // its counters in locals; nextBlock takes everything else.
      pos = this.eventRun(buf, pos, length);
      if (length - pos < BLOCK_HEADER_SIZE) break;
      const end = this.nextBlock(buf, pos, length, baseOffset, atEnd);
      if (end >= 0) {
        pos = end;
        continue;
      }
      // An incomplete block: more bytes will come, or (at the end) the capture was cut short, unless
      // valid blocks follow its start, which makes its length a lie.
      if (!atEnd) return pos;
      const followed = this.findBlock(buf, pos + 1, length, length, true) >= 0;
      if (!followed && lengthByEvent(buf, pos, length) < 0) break;
      const evidence = followed ? 'valid blocks follow' : `its event ends a block of ${lengthByEvent(buf, pos, length)} bytes`;
      this.lose(baseOffset + pos, `block length ${readUint32(buf, pos + 4)} runs past the end of the capture, but ${evidence}`);
      pos++;
    }
    if (atEnd && pos < length) this.summary.truncated = { offset: baseOffset + pos };
    return pos;
  }

  /** The end of the stream: the bytes left in buf[0..length) hold no complete block. `fault`: why the stream ended early. */
  end(buf: Buffer, length: number, baseOffset: number, fault: StreamFault | undefined): void {
    this.consume(buf, length, baseOffset, true);
    if (fault === undefined || this.stopped) return;
    if (fault.cutShort) {
      // Cut inside the gzip layer itself (its trailer), after the last complete block: still cut short.
      this.summary.truncated ??= { offset: baseOffset + length };
      return;
    }
    // The gzip layer failed: every block before the fault was read; what the file holds after it is lost.
    const truncated = this.summary.truncated;
    this.summary.truncated = undefined;
    this.lose(truncated?.offset ?? baseOffset + length, fault.message);
    this.found(undefined, baseOffset + length);
  }

  /**
   * After damage: scans buf[pos..length) for the next valid block (findBlock), closing the damaged region
   * there. Returns where reading goes on, or where the scan must wait for more bytes.
   */
  private resynchronise(buf: Buffer, pos: number, length: number, baseOffset: number, atEnd: boolean): number {
    const region = this.lost!;
    // The scan is bounded: a stream with no valid block this far after the damage is not a damaged
    // capture (a run of zeros, a bomb): reading stops there.
    const limit = region.offset + RESYNC_SCAN_LIMIT - baseOffset;
    const at = this.findBlock(buf, pos, Math.min(limit, length), length, atEnd);
    if (at >= 0) {
      if (length - at >= readUint32(buf, at + 4)) this.found(baseOffset + at, baseOffset + at);
      return at; // reading goes on there, or a plausible block waits for its bytes
    }
    // Every start before this was scanned (the last bytes may start a header that is still arriving).
    const scanned = atEnd ? length : Math.max(pos, length - (BLOCK_HEADER_SIZE - 1));
    if (limit < scanned || (limit === scanned && !atEnd)) {
      this.found(undefined, baseOffset + limit);
      this.summary.damage!.stoppedAt = baseOffset + limit;
      this.stopped = true;
      return limit;
    }
    if (atEnd) this.found(undefined, baseOffset + length);
    return scanned;
  }

  /**
   * The first position in buf[from..to) where a valid block starts: a known scap block type, a
   * plausible length (a multiple of 4, within the limits), the same length in its trailer and, for an
   * event block, an event length that fills the body. A position whose header is plausible but whose
   * block is not complete is returned too, unless `complete` asks for complete blocks only. -1: none.
   */
  private findBlock(buf: Buffer, from: number, to: number, length: number, complete: boolean): number {
    for (let pos = from; pos < to && length - pos >= BLOCK_HEADER_SIZE; pos++) {
      const type = readUint32(buf, pos);
      // Cheap first: scap block types are 0x2nn or 0x80nnabcd.
      if ((type & 0xffffff00) !== 0x200 && (type & 0xffff) !== 0xabcd) continue;
      if (!SCAP_BLOCK_TYPES.has(type)) continue;
      const total = readUint32(buf, pos + 4);
      const kind = EVENT_BLOCK_KINDS.get(type);
      const maxTotal = kind !== undefined && !kind.large ? MAX_NON_LARGE_BLOCK_SIZE : MAX_BLOCK_SIZE;
      if (total < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || total > maxTotal || (total & 3) !== 0) continue;
      if (length - pos < total) {
        if (complete) continue;
        return pos;
      }
      if (readUint32(buf, pos + total - BLOCK_TRAILER_SIZE) !== total) continue;
      if (kind !== undefined) {
        const evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + (kind.hasFlags ? EVENT_BLOCK_FLAGS_SIZE : 0);
        const headerSize = kind.hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1;
        const bodyEnd = pos + total - BLOCK_TRAILER_SIZE;
        if (evOff + headerSize > bodyEnd) continue;
        const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
        const padding = bodyEnd - (evOff + evLen);
        if (evLen < headerSize || padding < (kind.hasNparams ? 0 : V1_LENGTH_EXCESS)) continue;
        if (padding >= BLOCK_ALIGNMENT && lengthLies(buf, pos, pos + total, length)) continue;
      }
      return pos;
    }
    return -1;
  }

  /** Damage starts at `offset`: a region opens, and the reader looks for the next valid block. */
  private lose(offset: number, problem: string): void {
    this.settleDating();
    const region: DamagedRegion = {
      offset,
      bytesSkipped: 0,
      resumedAt: undefined,
      problem,
      eventsBefore: this.events,
      lastEventTsBefore: this.lastTs(),
      firstEventTsAfter: undefined,
    };
    const damage = (this.summary.damage ??= { regions: [], regionCount: 0, bytesSkipped: 0, stoppedAt: undefined });
    damage.regionCount++;
    if (damage.regions.length < DAMAGED_REGIONS_LISTED) damage.regions.push(region);
    this.lost = region;
    // The next dated event is the first after the damage: the dating restarts (see settleDating).
    this.firstTsBeforeLoss = this.summary.firstEventTs;
    this.lastTsBeforeLoss = region.lastEventTsBefore;
    this.lastTsBuf = undefined;
    this.undatedRegion = region;
  }

  /** The open damaged region ends at `end`: reading goes on at `resumedAt` (undefined: it does not). */
  private found(resumedAt: number | undefined, end: number): void {
    const region = this.lost!;
    region.bytesSkipped = end - region.offset;
    region.resumedAt = resumedAt;
    this.summary.damage!.bytesSkipped += region.bytesSkipped;
    this.lost = undefined;
  }

  /**
   * After damage, the dating of events starts afresh (the hot loop dates the first event when nothing is
   * dated), so the first dated event after the damage lands in summary.firstEventTs: it moves to the
   * region, and the capture's own first time comes back.
   */
  private settleDating(): void {
    const region = this.undatedRegion;
    if (region === undefined) return;
    this.undatedRegion = undefined;
    if (this.lastTsBuf === undefined) return;
    region.firstEventTsAfter = this.summary.firstEventTs;
    if (this.firstTsBeforeLoss !== undefined) this.summary.firstEventTs = this.firstTsBeforeLoss;
  }

  /** The time of the last dated event read so far. */
  private lastTs(): bigint | undefined {
    return this.lastTsBuf !== undefined ? readUint64(this.lastTsBuf, this.lastTsOff) : this.lastTsBeforeLoss;
  }

  /**
   * Processes the run of complete, well-formed event blocks that starts at buf[pos...]: unwanted ones
   * are only counted (and dated), wanted ones go to event(). Returns the position of the first block it
   * leaves to nextBlock (another block type, an incomplete or suspicious block, or any block at all when
   * the word views are unusable), which checks that block in full: this loop only ever takes the common
   * case. A wanted event whose lengths do not fit its block is left to nextBlock, which reports it.
   */
  private eventRun(buf: Buffer, pos: number, length: number): number {
    const words = this.words;
    const halves = this.halves;
    if (!this.sawHeader || words.length === 0 || (pos & 3) !== 0) return pos;
    const wants = this.wants;
    let events = this.events;
    let lastTsOff = -1;
    let undated = this.lastTsBuf === undefined;
    while (length - pos >= BLOCK_HEADER_SIZE) {
      const word = pos >> 2;
      const type = words[word]!;
      const total = words[word + 1]!;
      let evOff: number;
      let hasNparams: boolean;
      if (type === EV_V2_I32 || type === EV_V1_I32) {
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        hasNparams = type === EV_V2_I32;
      } else if (type === EVF_V2_I32 || type === EVF_V1_I32) {
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        hasNparams = type === EVF_V2_I32;
      } else break;
      // Only sizes nextBlock would accept: a multiple of 4, room for the event header, within the
      // non-large limit, complete, with a matching trailer, and an event that fills the body.
      if (evOff + (hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) > pos + total - BLOCK_TRAILER_SIZE) break;
      if (total > MAX_NON_LARGE_BLOCK_SIZE || (total & 3) !== 0 || length - pos < total) break;
      if (words[word + (total >> 2) - 1] !== total) break;
      const padding = pos + total - BLOCK_TRAILER_SIZE - evOff - (halves[(evOff + 16) >> 1]! | (halves[(evOff + 18) >> 1]! << 16));
      if (hasNparams ? padding >>> 0 >= BLOCK_ALIGNMENT : (padding - V1_LENGTH_EXCESS) >>> 0 > BLOCK_ALIGNMENT - 1 - V1_LENGTH_EXCESS) break;
      const code = halves[(evOff + 20) >> 1]!;
      events++;
      // Codes from a newer driver are skipped by their length, as in nextBlock.
      if (code < EVENT_CODE_MAX && wants[code] !== 0) {
        this.events = events; // the event's number
        if (!this.event(buf, pos + BLOCK_HEADER_SIZE, evOff, pos + total - BLOCK_TRAILER_SIZE, hasNparams, code)) {
          // Lengths that do not fit: nextBlock takes the block again and reports it as damage.
          events--;
          break;
        }
      }
      const tsHigh = halves[(evOff + 4) >> 1]! | (halves[(evOff + 6) >> 1]! << 16);
      if (tsHigh > 0 || (tsHigh === 0 && (halves[evOff >> 1]! | halves[(evOff + 2) >> 1]!) !== 0)) {
        if (undated) {
          this.summary.firstEventTs = readUint64(buf, evOff);
          undated = false;
        }
        lastTsOff = evOff;
      }
      pos += total;
    }
    this.events = events;
    if (lastTsOff >= 0) {
      this.lastTsBuf = buf;
      this.lastTsOff = lastTsOff;
    }
    return pos;
  }

  /** Word and half-word views of the read buffer (empty when its start is misaligned or the host big-endian). */
  private view(buf: Buffer): void {
    const usable = HOST_LITTLE_ENDIAN && (buf.byteOffset & 3) === 0;
    this.words = usable ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2) : NO_WORDS;
    this.halves = usable ? new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1) : NO_HALVES;
    this.viewed = buf;
  }

  /**
   * The block at buf[pos...]: processed when complete, returning where the next block starts; -1 when it
   * is incomplete (the caller reads more) or damaged (the reader stops).
   */
  private nextBlock(buf: Buffer, pos: number, length: number, baseOffset: number, atEnd: boolean): number {
    // Every block eventRun leaves: block type, length and trailer are read as signed 32-bit integers (a
    // length with the top bit set is negative and fails the lower bound), and every bound is checked.
    const wants = this.wants;
    const words = this.words;
    const halves = this.halves;
    const type = wordAt(buf, words, pos);
    const total = wordAt(buf, words, pos + 4);
    let evOff = -1;
    let hasNparams = true;
    let large = false;
    switch (type) {
      case EV_V2_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        break;
      case EV_V1_I32:
      case EV_INT_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        hasNparams = false;
        break;
      case EV_V2_LARGE_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE;
        large = true;
        break;
      case EVF_V2_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        break;
      case EVF_V2_LARGE_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        large = true;
        break;
      case EVF_V1_I32:
        evOff = pos + BLOCK_HEADER_SIZE + EVENT_BLOCK_CPU_SIZE + EVENT_BLOCK_FLAGS_SIZE;
        hasNparams = false;
        break;
      default:
        break;
    }
    if (!this.sawHeader) {
      const shbLength = readUint32(buf, pos + 4);
      if (type !== SHB_TYPE_I32) throw new ScapFormatError(this.path, 'not a scap capture: it does not start with a section header block');
      if (shbLength < SHB_MIN_BLOCK_SIZE || shbLength > MAX_BLOCK_SIZE) throw new ScapFormatError(this.path, `not a scap capture: section header length ${shbLength} is invalid`);
    } else if (total < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || total > (evOff >= 0 && !large ? MAX_NON_LARGE_BLOCK_SIZE : MAX_BLOCK_SIZE) || (total & 3) !== 0) {
      // Checked before the block is complete: a lying length never makes the reader wait for (and buffer) it.
      this.lose(baseOffset + pos, `block of type 0x${(type >>> 0).toString(16)} has an impossible length ${total >>> 0}`);
      return pos + 1;
    }
    if (length - pos < total) return -1;
    const end = pos + total;
    const trailer = wordAt(buf, words, end - 4);
    if (trailer !== total) {
      if (!this.sawHeader) throw new ScapFormatError(this.path, 'not a scap capture: the section header block is damaged');
      this.lose(baseOffset + pos, `block of type 0x${(type >>> 0).toString(16)} has length ${total} at its start but ${trailer >>> 0} at its end`);
      return pos + 1;
    }
    if (evOff >= 0) {
      const bodyEnd = end - BLOCK_TRAILER_SIZE;
      if (evOff + (hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1) > bodyEnd) {
        this.skipDamagedBlock(baseOffset + pos, total, `event block of ${total} bytes is too short for an event header`);
        return end;
      }
      // An event that does not fit its block, or a block length that lies (see lengthLies): the scan
      // finds where the next block is.
      const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
      const padding = bodyEnd - evOff - evLen;
      if (padding >= BLOCK_ALIGNMENT && length - end < BLOCK_HEADER_SIZE && !atEnd) return -1; // see what follows first
      if (padding < (hasNparams ? 0 : V1_LENGTH_EXCESS) || (padding >= BLOCK_ALIGNMENT && lengthLies(buf, pos, end, length))) {
        this.lose(baseOffset + pos, `event length ${evLen} does not match its block of ${total} bytes`);
        return pos + 1;
      }
      const code = halfAt(buf, halves, evOff + 20);
      this.events++;
      // Codes from a newer driver are skipped by their length.
      if (code < EVENT_CODE_MAX && wants[code] !== 0 && !this.event(buf, pos + BLOCK_HEADER_SIZE, evOff, bodyEnd, hasNparams, code)) {
        this.events--;
        this.skipDamagedBlock(baseOffset + pos, total, this.eventProblem(buf, evOff, bodyEnd, code));
        return end;
      }
      // Meta events (container info) carry no time in older captures (0), or "as soon as possible"
      // (all ones) from plugins: they do not date the capture. (Signed: the top bit set is negative.)
      const tsHigh = halfAt(buf, halves, evOff + 4) | (halfAt(buf, halves, evOff + 6) << 16);
      if (tsHigh > 0 || (tsHigh === 0 && (halfAt(buf, halves, evOff) | halfAt(buf, halves, evOff + 2)) !== 0)) {
        if (this.lastTsBuf === undefined) this.summary.firstEventTs = readUint64(buf, evOff);
        this.lastTsBuf = buf;
        this.lastTsOff = evOff;
      }
      return end;
    }
    return this.otherBlock(type, buf, pos, total, baseOffset);
  }

  /** A block that is not an event (kept apart: its exception frame stays out of the per-event path). */
  private otherBlock(type: number, buf: Buffer, pos: number, total: number, baseOffset: number): number {
    try {
      this.block(type >>> 0, buf, pos, total);
    } catch (error) {
      if (!(error instanceof Damage)) throw error;
      this.skipDamagedBlock(baseOffset + pos, total, error.message);
    }
    return pos + total;
  }

  /** Why event() refused the event at evOff (in a block whose length and trailer agree). */
  private eventProblem(buf: Buffer, evOff: number, bodyEnd: number, code: number): string {
    const evLen = readUint32(buf, evOff + EVENT_HEADER_OFFSET_LEN);
    if (evOff + evLen > bodyEnd) return `event length ${evLen} does not fit its block (${bodyEnd - evOff} bytes)`;
    return `the parameter lengths of a ${EVENT_TABLE[code]!.name} event do not add up to its length ${evLen}`;
  }

  /** A block whose length and trailer agree but whose content is damaged: skipped by its length. */
  private skipDamagedBlock(offset: number, total: number, problem: string): void {
    this.lose(offset, problem);
    this.found(offset + total, offset + total);
  }

  private block(type: number, buf: Buffer, pos: number, total: number): void {
    const bodyStart = pos + BLOCK_HEADER_SIZE;
    const bodyEnd = pos + total - BLOCK_TRAILER_SIZE;
    if (type === SHB_BLOCK_TYPE) {
      this.sectionHeader(buf, bodyStart, total);
      return;
    }
    if (SCAP_BLOCK_TYPES.has(type)) this.sawScapMetadata = true;
    else if (PCAPNG_BLOCK_TYPES.has(type) && !this.sawScapMetadata && this.events === 0) {
      throw new ScapFormatError(this.path, 'is a pcapng network capture (link-layer packets), not a sysdig/Falco scap capture');
    }
    try {
      const version = PROCESS_LIST_VERSION.get(type);
      if (version !== undefined) {
        parseProcessList(buf, bodyStart, bodyEnd, version, (thread) => this.state.addThread(thread));
      } else if (type === FDL_BLOCK_TYPE || type === FDL_BLOCK_TYPE_INT || type === FDL_BLOCK_TYPE_V2) {
        parseFdList(buf, bodyStart, bodyEnd, type, (tid, fd) => this.state.addListedFd(tid, fd));
      } else if (type === UL_BLOCK_TYPE || type === UL_BLOCK_TYPE_INT || type === UL_BLOCK_TYPE_V2) {
        // A later user list replaces the earlier one, as in libscap.
        this.state.users.length = 0;
        parseUserList(buf, bodyStart, bodyEnd, type, (user) => this.state.users.push(user));
      } else if (type === MI_BLOCK_TYPE || type === MI_BLOCK_TYPE_INT) {
        this.summary.machine = parseMachineInfo(buf, bodyStart, bodyEnd);
      }
      // Interface lists and unknown blocks are skipped by their length.
    } catch (error) {
      this.summary.warnings.push(`block of type 0x${type.toString(16)} at a damaged entry was partly skipped: ${(error as Error).message}`);
    }
  }

  /** The section header: the file's first block decides whether it is a capture; a later one that is wrong is damage. */
  private sectionHeader(buf: Buffer, bodyStart: number, total: number): void {
    const magic = readUint32(buf, bodyStart);
    const major = readUint16(buf, bodyStart + 4);
    let problem: string | undefined;
    if (magic === SHB_MAGIC_SWAPPED) problem = 'big-endian captures are not supported';
    else if (magic !== SHB_MAGIC) problem = `not a scap capture: bad byte-order magic 0x${magic.toString(16)}`;
    else if (major > SHB_CURRENT_MAJOR_VERSION) problem = `capture format version ${major} is newer than this reader supports`;
    if (problem !== undefined) {
      if (!this.sawHeader) throw new ScapFormatError(this.path, problem);
      throw new Damage(`a section header inside the capture is damaged (${problem})`);
    }
    if (total > SHB_MIN_BLOCK_SIZE) this.summary.sectionOptions = true;
    this.sawHeader = true;
  }

  /**
   * One wanted event: `cpuOff` is its cpu id, `evOff` the start of its header, `bodyEnd` the end of the
   * block body. Returns false when the event's length does not fit its block or its parameter lengths do
   * not add up (a damaged block; eventProblem says which).
   */
  private event(buf: Buffer, cpuOff: number, evOff: number, bodyEnd: number, hasNparams: boolean, code: number): boolean {
    const headerSize = hasNparams ? EVENT_HEADER_SIZE : EVENT_HEADER_SIZE_V1;
    const want = this.wants[code]!;
    let evLen = readUint32(buf, evOff + 16);
    const info = EVENT_TABLE[code]!;
    // Old captures wrote these two event types with a length 3 bytes too long.
    if (!hasNparams && (code === NOTIFICATION_E || code === INFRASTRUCTURE_EVENT_E)) evLen -= 3;
    if (evLen < headerSize || evOff + evLen > bodyEnd) return false;
    const tid = readInt64Number(buf, evOff + 8);
    if (info.dir === '>' && (want & Want.KeepEnter) !== 0) {
      // Kept as a reference into the chunk; its parameters are located only if its exit event asks.
      const nparamsOrUnknown = hasNparams ? readUint32(buf, evOff + 22) : -1;
      let kept = this.kept.get(tid);
      if (kept === undefined) {
        kept = { code, buf, off: evOff, len: evLen, headerSize, nparams: nparamsOrUnknown };
        this.kept.set(tid, kept);
      } else {
        kept.code = code;
        kept.buf = buf;
        kept.off = evOff;
        kept.len = evLen;
        kept.headerSize = headerSize;
        kept.nparams = nparamsOrUnknown;
      }
    }
    if ((want & (Want.Deliver | Want.State)) === 0) return true;
    const nparams = hasNparams ? readUint32(buf, evOff + 22) : this.v1ParamCount(code, buf, evOff, evLen, headerSize);
    if (nparams < 0) return false; // lengths that fit no parameter count: a damaged event
    const lenSize = info.largePayload ? 4 : 2;
    const args = this.args;
    if (!args.exit.load(info, buf, evOff, evLen, headerSize, nparams, lenSize)) return false; // inconsistent lengths: a damaged event
    args.hasEnter = false;
    if (info.dir === '<') {
      const kept = this.kept.get(tid);
      if (kept !== undefined && (kept.code === code - 1 || (kept.code === EXECVEAT_E && EXECVE_EXITS_AFTER_EXECVEAT.includes(code)))) {
        const enterInfo = EVENT_TABLE[kept.code]!;
        const enterParams = kept.nparams >= 0 ? kept.nparams : this.v1ParamCount(kept.code, kept.buf, kept.off, kept.len, kept.headerSize);
        args.hasEnter = enterParams >= 0 && args.enter.load(enterInfo, kept.buf, kept.off, kept.len, kept.headerSize, enterParams, enterInfo.largePayload ? 4 : 2);
        this.enterOff = kept.off;
        this.enterLen = kept.len;
        this.enterHeaderSize = kept.headerSize;
        kept.code = -1; // an enter event pairs with one exit event only
      }
    }
    const stateKind = STATE_KINDS[code]! as StateKind;
    const deliver = (want & Want.Deliver) !== 0;
    // Timestamps are bigints: made here only for events that date a thread (delivered events make theirs on demand).
    const ts = stateKind === StateKind.Clone || stateKind === StateKind.Execve ? readUint64(buf, evOff) : 0n;
    // A close changes the state only after delivery; before it, it only looks its fd up for the consumer.
    const applies = stateKind !== StateKind.None && (deliver || stateKind !== StateKind.Close);
    let fd = applies ? this.state.apply(stateKind, info.name, tid, ts, args) : undefined;
    let name = info.name;
    if (code === GENERIC_E || code === GENERIC_X) {
      name = genericEventName(args.num(P.ID) ?? 0);
      if (this.eventNames !== undefined && !this.eventNames.has(name)) return true;
    }
    if (deliver) {
      if (fd === undefined) {
        const num = args.num(P.fd);
        if (num !== undefined) fd = this.state.lookupFd(tid, num);
      }
    }
    const condition = deliver ? this.deliveryConditions[code] : undefined;
    if (deliver && (condition === undefined || condition(fd))) {
      const thread = this.state.threads.get(tid);
      const parent = thread === undefined ? undefined : this.state.threads.get(thread.ptid);
      this.deliveredFromBuffer = true;
      const enter = args.enter;
      const hasEnter = args.hasEnter;
      const event = this.reusableEvent ?? new CapturedEvent();
      this.onEvent(
        event.reset(
          this.events,
          readUint32(buf, evOff + 4),
          readUint32(buf, evOff),
          readUint16(buf, cpuOff),
          tid,
          code,
          name,
          info.dir,
          thread,
          fd,
          parent,
          this.state.lookupThread,
          buf,
          evOff,
          evLen,
          headerSize,
          nparams,
          hasEnter ? enter.info!.code : -1,
          hasEnter ? enter.buf : undefined,
          this.enterOff,
          this.enterLen,
          this.enterHeaderSize,
          hasEnter ? enter.nparams : 0,
        ),
      );
    }
    if (stateKind === StateKind.Close || stateKind === StateKind.Procexit) this.state.afterDelivery(stateKind, tid, args);
    return true;
  }

  /** The parameter count of a v1 event (deriveV1ParamCount), trying first what the last event of its type had. */
  private v1ParamCount(code: number, buf: Uint8Array, evOff: number, evLen: number, headerSize: number): number {
    const count = deriveV1ParamCount(buf, evOff, evLen, headerSize, EVENT_TABLE[code]!.params.length, this.v1Counts[code]!);
    if (count >= 0) this.v1Counts[code] = count;
    return count;
  }

  finish(): void {
    this.settleDating();
    this.summary.events = this.events;
    this.summary.lastEventTs = this.lastTs();
    this.summary.containers = [...this.state.containers.values()];
  }
}

// Makes a large capture for the benchmark: the header blocks of a real capture once (section header,
// machine info, interface/user/process/fd lists), then its event blocks replicated with shifted
// timestamps until the file reaches the asked size. Written with the streaming ScapWriter to a temp
// directory outside the repository; never commit the result.
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EVENT_BLOCK_KINDS, GZIP_MAGIC } from '../src/scap/format.ts';
import { ScapWriter } from '../src/scap/writer/index.ts';

export interface LargeCapture {
  path: string;
  /** Uncompressed size. */
  bytes: number;
  events: number;
  copies: number;
  source: string;
}

interface SplitCapture {
  headers: Buffer[];
  events: Buffer[];
  /** Offset of the event timestamp inside each event block. */
  tsOffsets: number[];
  firstTs: bigint;
  lastTs: bigint;
}

/** Splits a capture into its non-event blocks and its event blocks (by the block lengths). */
export function splitCapture(bytes: Buffer, source: string): SplitCapture {
  const headers: Buffer[] = [];
  const events: Buffer[] = [];
  const tsOffsets: number[] = [];
  let firstTs: bigint | undefined;
  let lastTs = 0n;
  let offset = 0;
  while (offset + 12 <= bytes.length) {
    const type = bytes.readUInt32LE(offset);
    const length = bytes.readUInt32LE(offset + 4);
    if (length < 12 || offset + length > bytes.length) throw new Error(`${source}: bad block at offset ${offset}`);
    const block = bytes.subarray(offset, offset + length);
    const kind = EVENT_BLOCK_KINDS.get(type);
    if (kind === undefined) {
      if (events.length > 0) throw new Error(`${source}: header block 0x${type.toString(16)} after events is not supported`);
      headers.push(block);
    } else {
      const tsOffset = 8 + 2 + (kind.hasFlags ? 4 : 0);
      const ts = block.readBigUInt64LE(tsOffset);
      firstTs ??= ts;
      if (ts > lastTs) lastTs = ts;
      events.push(block);
      tsOffsets.push(tsOffset);
    }
    offset += length;
  }
  if (events.length === 0 || firstTs === undefined) throw new Error(`${source}: no event blocks to replicate`);
  return { headers, events, tsOffsets, firstTs, lastTs };
}

/**
 * Writes (or reuses, when already there with the same parameters) a capture of at least `targetBytes`
 * uncompressed bytes built from `source`.
 */
export async function makeLargeCapture(source: string, targetBytes: number, outDir = join(tmpdir(), 'falco-actions-bench'), gzip = false): Promise<LargeCapture> {
  let raw = await readFile(source);
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) raw = gunzipSync(raw);
  const split = splitCapture(raw, source);
  const headerBytes = split.headers.reduce((sum, block) => sum + block.length, 0);
  const eventBytes = split.events.reduce((sum, block) => sum + block.length, 0);
  const copies = Math.max(1, Math.ceil((targetBytes - headerBytes) / eventBytes));
  const bytes = headerBytes + copies * eventBytes;
  const events = copies * split.events.length;
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, `replicated-${copies}x-${split.events.length}ev.scap${gzip ? '.gz' : ''}`);
  // A finished file is only ever renamed into place, so an existing one is complete.
  if (existsSync(path) && (gzip || statSync(path).size === bytes)) return { path, bytes, events, copies, source };

  const partial = `${path}.partial`;
  const writer = await ScapWriter.open(partial, { gzip });
  try {
    for (const block of split.headers) await writer.writeBlock(block);
    // Each copy starts 1 ms after the previous one ended, so time only moves forward. A fresh buffer per
    // copy: the stream may still hold the previous one.
    const span = split.lastTs - split.firstTs + 1_000_000n;
    const template = Buffer.concat(split.events);
    const positions: number[] = [];
    let position = 0;
    split.events.forEach((block, index) => {
      positions.push(position + split.tsOffsets[index]!);
      position += block.length;
    });
    const originals = positions.map((at) => template.readBigUInt64LE(at));
    for (let copy = 0; copy < copies; copy++) {
      const shift = BigInt(copy) * span;
      const chunk = Buffer.from(template);
      positions.forEach((at, index) => chunk.writeBigUInt64LE(originals[index]! + shift, at));
      await writer.writeBlock(chunk);
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await rename(partial, path);
  return { path, bytes, events, copies, source };
}

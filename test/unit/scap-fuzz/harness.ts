// Shared by the reader fuzz tests (unit: writer-made captures; integration: the shared real captures):
// bounded reads that accept only a summary or a ScapFormatError, the truncation contract check, and the
// damage contract check (every event outside a damaged block is still delivered).
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCapture, readCaptureDetailed, ScapFormatError, type CaptureSummary, type ReadDetails, type ScapEvent } from '../../../src/scap/index.ts';
import { isEventBlock, PCAPNG_BLOCK_TYPES } from '../../../src/scap/format.ts';

export const CASE_TIMEOUT_MS = 5_000;

export type Outcome = { kind: 'summary'; summary: CaptureSummary & ReadDetails; delivered: number } | { kind: 'format-error'; message: string };

/** Reads a file; any outcome other than a summary or a ScapFormatError (or a hang) fails the test. */
export async function readBounded(path: string, onEvent?: (event: ScapEvent) => void): Promise<Outcome> {
  let delivered = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading ${path} did not finish within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  try {
    const summary = await Promise.race([
      readCaptureDetailed(path, (event) => {
        delivered++;
        onEvent?.(event);
      }),
      timeout,
    ]);
    return { kind: 'summary', summary, delivered };
  } catch (error) {
    if (error instanceof ScapFormatError) {
      assert.ok(error.message.startsWith(path), `the error names the file: ${error.message}`);
      return { kind: 'format-error', message: error.message };
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export interface Block {
  offset: number;
  length: number;
  type: number;
}

export function blocksOf(bytes: Buffer): Block[] {
  const blocks: Block[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32LE(offset + 4);
    blocks.push({ offset, length, type: bytes.readUInt32LE(offset) });
    offset += length;
  }
  assert.equal(offset, bytes.length, 'the source capture is well-formed');
  return blocks;
}

let fileCounter = 0;

/** Writes bytes to a fresh file in dir, runs the check, removes the file. */
export async function withFile(dir: string, bytes: Uint8Array, run: (path: string) => Promise<void>): Promise<void> {
  const path = join(dir, `case-${fileCounter++}.scap`);
  await writeFile(path, bytes);
  try {
    await run(path);
  } finally {
    await rm(path, { force: true });
  }
}

/** Checks the contract for a cut at `cut` bytes of a well-formed capture. */
export async function checkCut(dir: string, bytes: Buffer, blocks: Block[], cut: number): Promise<void> {
  await withFile(dir, bytes.subarray(0, cut), async (path) => {
    const outcome = await readBounded(path);
    const firstEvent = blocks.findIndex((block) => isEventBlock(block.type));
    if (outcome.kind === 'format-error') {
      // Only a file cut before its events start may be refused (not a usable capture at all).
      assert.ok(cut < (blocks[firstEvent]?.offset ?? bytes.length) + 1, `cut at ${cut} after the headers was refused: ${outcome.message}`);
      return;
    }
    const complete = blocks.filter((block) => block.offset + block.length <= cut);
    const eventsBefore = complete.filter((block) => isEventBlock(block.type)).length;
    assert.equal(outcome.summary.events, eventsBefore, `events counted for a cut at ${cut}`);
    const partial = blocks.find((block) => block.offset < cut && block.offset + block.length > cut);
    if (partial === undefined) assert.equal(outcome.summary.truncated, undefined, `a cut at the boundary ${cut} is a complete file`);
    else assert.deepEqual(outcome.summary.truncated, { offset: partial.offset }, `a cut at ${cut} inside the block at ${partial.offset}`);
  });
}

/** What identifies a delivered event across reads of a capture and of its damaged copies. */
export function eventKey(event: ScapEvent): string {
  return `${event.ts}/${event.tid}/${event.type}/${event.cpu}`;
}

/** The keys of the events a well-formed capture delivers, by the index of their block. */
export async function eventsByBlock(path: string, blocks: Block[]): Promise<string[][]> {
  const eventBlocks = blocks.flatMap((block, index) => (isEventBlock(block.type) ? [index] : []));
  const byBlock: string[][] = blocks.map(() => []);
  const summary = await readCapture(path, (event) => byBlock[eventBlocks[event.num - 1]!]!.push(eventKey(event)));
  assert.equal(summary.damage, undefined, `${path} is well-formed`);
  return byBlock;
}

/** One kind of damage to one block (never a pcapng block type, which would make the file a network capture). */
export type BlockDamage =
  | { kind: 'length'; value: number }
  | { kind: 'trailer'; value: number }
  | { kind: 'type'; value: number }
  | { kind: 'zeroed' }
  | { kind: 'bytes'; flips: Array<{ at: number; xor: number }> };

export const blockDamage: fc.Arbitrary<BlockDamage> = fc.oneof(
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 }), fc.nat(0x20000), fc.nat(0xffffffff)) }),
  fc.record({ kind: fc.constant('trailer' as const), value: fc.nat(0xffffffff) }),
  fc.record({ kind: fc.constant('type' as const), value: fc.nat(0xffffffff).filter((value) => !PCAPNG_BLOCK_TYPES.has(value)) }),
  fc.record({ kind: fc.constant('zeroed' as const) }),
  fc.record({ kind: fc.constant('bytes' as const), flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }) }),
);

/** A copy of the capture with one block damaged. */
export function damageBlock(bytes: Buffer, block: Block, damage: BlockDamage): Buffer {
  const damaged = Buffer.from(bytes);
  switch (damage.kind) {
    case 'length':
      damaged.writeUInt32LE(damage.value, block.offset + 4);
      break;
    case 'trailer':
      damaged.writeUInt32LE(damage.value, block.offset + block.length - 4);
      break;
    case 'type':
      damaged.writeUInt32LE(damage.value, block.offset);
      break;
    case 'zeroed':
      damaged.fill(0, block.offset, block.offset + block.length);
      break;
    case 'bytes':
      for (const flip of damage.flips) damaged[block.offset + (flip.at % block.length)]! ^= flip.xor;
      break;
  }
  return damaged;
}

/**
 * The damage contract: with one block damaged, every event of every other block is still delivered (a
 * multiset comparison against the undamaged capture), and a damaged length or trailer is reported as a
 * damaged region at that block.
 */
export async function checkDamage(dir: string, bytes: Buffer, blocks: Block[], byBlock: string[][], index: number, damage: BlockDamage): Promise<void> {
  const block = blocks[index]!;
  const damaged = damageBlock(bytes, block, damage);
  await withFile(dir, damaged, async (path) => {
    const delivered = new Map<string, number>();
    const outcome = await readBounded(path, (event) => {
      const key = eventKey(event);
      delivered.set(key, (delivered.get(key) ?? 0) + 1);
    });
    const what = `block ${index} (type 0x${block.type.toString(16)} at ${block.offset}) damaged by ${JSON.stringify(damage)}`;
    assert.equal(outcome.kind, 'summary', `${what}: ${outcome.kind === 'format-error' ? outcome.message : ''}`);
    if (outcome.kind !== 'summary') return;
    assert.ok(outcome.summary.streamBytesRead <= damaged.length, 'every byte read once');
    for (const [other, keys] of byBlock.entries()) {
      if (other === index) continue;
      for (const key of keys) {
        const left = delivered.get(key) ?? 0;
        assert.ok(left > 0, `${what}: the event ${key} of block ${other} was lost`);
        delivered.set(key, left - 1);
      }
    }
    const lengthBroken = (damage.kind === 'length' && damage.value !== block.length) || (damage.kind === 'trailer' && damage.value !== block.length) || damage.kind === 'zeroed';
    if (lengthBroken) {
      const region = outcome.summary.damage?.regions.find((candidate) => candidate.offset === block.offset);
      assert.ok(region !== undefined, `${what}: reported as damage at ${block.offset}: ${JSON.stringify(outcome.summary.damage?.regions.map((entry) => entry.offset))}`);
    }
  });
}

// Shared by the reader fuzz tests (unit: writer-made captures; integration: the shared real captures):
// bounded reads that accept only a summary or a ScapFormatError, and the truncation contract check.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { readCapture, ScapFormatError, type CaptureSummary } from '../../../src/scap/index.ts';
import { isEventBlock } from '../../../src/scap/format.ts';

export const CASE_TIMEOUT_MS = 5_000;

export type Outcome = { kind: 'summary'; summary: CaptureSummary; delivered: number } | { kind: 'format-error'; message: string };

/** Reads a file; any outcome other than a summary or a ScapFormatError (or a hang) fails the test. */
export async function readBounded(path: string): Promise<Outcome> {
  let delivered = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading ${path} did not finish within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  try {
    const summary = await Promise.race([
      readCapture(path, () => {
        delivered++;
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

// Hostile input for the reader: captures cut at every block boundary and inside blocks, flipped bytes,
// absurd block and parameter lengths. The reader must always finish (each case is bounded by a
// timeout), only ever throw ScapFormatError, report a truncated capture with the offset of the partial
// block after delivering every complete event, and never allocate what a lying length asks for.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { readCapture, ScapFormatError, type CaptureSummary } from '../../../src/scap/index.ts';
import { EVENT_HEADER_SIZE, isEventBlock } from '../../../src/scap/format.ts';
import { eventInfo } from '../../../src/scap/event-table.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { isCi, repoPath, sharedCapturesDir } from '../../support/env.ts';

const CASE_TIMEOUT_MS = 5_000;

type Outcome = { kind: 'summary'; summary: CaptureSummary; delivered: number } | { kind: 'format-error'; message: string };

/** Reads a file; any outcome other than a summary or a ScapFormatError (or a hang) fails the test. */
async function readBounded(path: string): Promise<Outcome> {
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

interface Block {
  offset: number;
  length: number;
  type: number;
}

function blocksOf(bytes: Buffer): Block[] {
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

let dir = '';
let writerMade: Buffer = Buffer.alloc(0);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scap-fuzz-'));
  const source = repoPath('examples', 'ci-job.json');
  const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
  const path = join(dir, 'ci-job.scap');
  await writeCapture(description, path);
  writerMade = await readFile(path);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCounter = 0;
async function withFile(bytes: Uint8Array, run: (path: string) => Promise<void>): Promise<void> {
  const path = join(dir, `case-${fileCounter++}.scap`);
  await writeFile(path, bytes);
  try {
    await run(path);
  } finally {
    await rm(path, { force: true });
  }
}

/** Checks the contract for a cut at `cut` bytes of a well-formed capture. */
async function checkCut(bytes: Buffer, blocks: Block[], cut: number): Promise<void> {
  await withFile(bytes.subarray(0, cut), async (path) => {
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

describe('truncation', { timeout: 60_000 }, () => {
  test('a writer-made capture cut at every block boundary and inside every block', async () => {
    const blocks = blocksOf(writerMade);
    for (const block of blocks) {
      await checkCut(writerMade, blocks, block.offset);
      await checkCut(writerMade, blocks, block.offset + Math.min(block.length - 1, 5));
      await checkCut(writerMade, blocks, block.offset + Math.floor(block.length / 2));
    }
    await checkCut(writerMade, blocks, writerMade.length);
  });

  test('random cuts of a gzip-compressed writer-made capture: reported as truncated, or a ScapFormatError', async () => {
    const compressed = gzipSync(writerMade);
    const total = blocksOf(writerMade).filter((block) => isEventBlock(block.type)).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: compressed.length - 1 }), async (cut) => {
        await withFile(compressed.subarray(0, cut), async (path) => {
          const outcome = await readBounded(path);
          if (outcome.kind === 'summary') {
            assert.ok(outcome.summary.events <= total, 'a cut capture has no extra events');
            assert.notEqual(outcome.summary.truncated, undefined, `a gzip stream cut at ${cut} is reported as truncated`);
          }
        });
      }),
      { numRuns: 40 },
    );
  });

  test('the shared real captures cut at block boundaries and inside blocks', async (t: TestContext) => {
    const shared = sharedCapturesDir();
    const names = ['empty.scap', 'connect_localhost.scap', 'syscall.scap', 'ping_sendto.scap', 'cat_write.scap', 'open-multiple-files.scap', 'curl_google.scap', 'curl_google_comments.scap'];
    if (!names.every((name) => existsSync(join(shared, name)))) {
      if (isCi()) throw new Error(`CI=true but the shared captures are missing from ${shared}`);
      t.skip(`the shared captures are missing from ${shared}`);
      return;
    }
    for (const name of names) {
      const bytes = gunzipSync(await readFile(join(shared, name)));
      const blocks = blocksOf(bytes);
      // Every boundary of the small captures; every 16th of the large ones; an inner cut for each.
      const stride = blocks.length > 200 ? 16 : 1;
      for (let index = 0; index < blocks.length; index += stride) {
        const block = blocks[index]!;
        await checkCut(bytes, blocks, block.offset);
        await checkCut(bytes, blocks, block.offset + 1 + ((index * 7919) % Math.max(1, block.length - 1)));
      }
    }
  });
});

describe('corruption', { timeout: 60_000 }, () => {
  test('flipped bytes anywhere: a summary or a ScapFormatError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(writerMade.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const damaged = Buffer.from(writerMade);
          for (const flip of flips) damaged[flip.at]! ^= flip.xor;
          await withFile(damaged, async (path) => {
            await readBounded(path);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('absurd block lengths do not allocate what they declare', async () => {
    const blocks = blocksOf(writerMade);
    const eventBlocks = blocks.filter((block) => isEventBlock(block.type));
    const victims = [blocks[1]!, blocks[4]!, eventBlocks[0]!, eventBlocks[Math.floor(eventBlocks.length / 2)]!];
    for (const lie of [0xfffffff0, 0x7ffffff0, 0x0ffffff0, 0x0f000000, 0x01000000, 0, 4, 11, 13]) {
      for (const victim of victims) {
        const damaged = Buffer.from(writerMade);
        damaged.writeUInt32LE(lie, victim.offset + 4);
        const before = process.memoryUsage();
        await withFile(damaged, async (path) => {
          const outcome = await readBounded(path);
          if (outcome.kind === 'summary') {
            const eventsBefore = eventBlocks.filter((block) => block.offset < victim.offset).length;
            assert.ok(outcome.summary.events >= eventsBefore, 'events before the damage are still counted');
          }
        });
        const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers;
        assert.ok(grown < 64 * 1024 * 1024, `a block length of 0x${lie.toString(16)} grew buffers by ${grown} bytes`);
      }
    }
  });

  test('parameter lengths beyond the block and absurd nparams are refused or skipped, never thrown raw', async () => {
    const blocks = blocksOf(writerMade).filter((block) => isEventBlock(block.type));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(blocks.length - 1),
        fc.oneof(fc.constant(0xffff), fc.constant(0x8000), fc.integer({ min: 0, max: 0xffff })),
        fc.oneof(fc.constant(0xffffffff), fc.constant(1000), fc.constant(0), fc.nat(64)),
        fc.boolean(),
        async (index, paramLength, nparams, damageNparams) => {
          const block = blocks[index]!;
          const damaged = Buffer.from(writerMade);
          const event = block.offset + 8 + 2; // block header, cpu id (EV_V2 blocks: no flags)
          const code = damaged.readUInt16LE(event + 20);
          const large = eventInfo(code)?.largePayload === true;
          if (damageNparams) damaged.writeUInt32LE(nparams, event + 22);
          else if (damaged.readUInt32LE(event + 22) > 0) {
            if (large) damaged.writeUInt32LE(paramLength * 0x10001, event + EVENT_HEADER_SIZE);
            else damaged.writeUInt16LE(paramLength, event + EVENT_HEADER_SIZE);
          }
          await withFile(damaged, async (path) => {
            const outcome = await readBounded(path);
            if (outcome.kind === 'summary') assert.ok(outcome.summary.events <= blocks.length);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('not a capture at all: empty, text, a gzip of text, a lone section header with a wrong magic', async () => {
    const header = Buffer.from(writerMade.subarray(0, 28));
    header.writeUInt32LE(0xdeadbeef, 8);
    for (const bytes of [Buffer.alloc(0), Buffer.from('hello world\n'), gzipSync(Buffer.from('{"not":"a capture"}')), header]) {
      await withFile(bytes, async (path) => {
        const outcome = await readBounded(path);
        assert.equal(outcome.kind, 'format-error');
      });
    }
  });
});

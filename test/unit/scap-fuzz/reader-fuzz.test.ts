// Hostile input for the reader: writer-made captures cut at every block boundary and inside blocks,
// flipped bytes, absurd block and parameter lengths, one block damaged in every way, gzip faults. The
// reader must always finish (each case is bounded by a timeout), only ever throw ScapFormatError, report
// a truncated capture with the offset of the partial block after delivering every complete event, report
// damage as damage and deliver every event outside the damaged block (resynchronisation), and never
// allocate what a lying length asks for. The shared real captures get the same cuts and block damage in
// test/integration/scap-writer/.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { EVENT_HEADER_SIZE, isEventBlock } from '../../../src/scap/format.ts';
import { eventInfo } from '../../../src/scap/event-table.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';
import { blockDamage, blocksOf, checkCut, checkDamage, eventsByBlock, readBounded, withFile } from './harness.ts';

let dir = '';
let writerMade: Buffer = Buffer.alloc(0);
let writerMadePath = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scap-fuzz-'));
  const source = repoPath('examples', 'ci-job.json');
  const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
  const path = join(dir, 'ci-job.scap');
  await writeCapture(description, path);
  writerMade = await readFile(path);
  writerMadePath = path;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('truncation', { timeout: 60_000 }, () => {
  test('a writer-made capture cut at every block boundary and inside every block', async () => {
    const blocks = blocksOf(writerMade);
    for (const block of blocks) {
      await checkCut(dir, writerMade, blocks, block.offset);
      await checkCut(dir, writerMade, blocks, block.offset + Math.min(block.length - 1, 5));
      await checkCut(dir, writerMade, blocks, block.offset + Math.floor(block.length / 2));
    }
    await checkCut(dir, writerMade, blocks, writerMade.length);
  });

  test('random cuts of a gzip-compressed writer-made capture: reported as truncated, or a ScapFormatError', async () => {
    const compressed = gzipSync(writerMade);
    const total = blocksOf(writerMade).filter((block) => isEventBlock(block.type)).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: compressed.length - 1 }), async (cut) => {
        await withFile(dir, compressed.subarray(0, cut), async (path) => {
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
});

describe('corruption', { timeout: 60_000 }, () => {
  test('flipped bytes anywhere: a summary or a ScapFormatError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(writerMade.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const damaged = Buffer.from(writerMade);
          for (const flip of flips) damaged[flip.at]! ^= flip.xor;
          await withFile(dir, damaged, async (path) => {
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
        await withFile(dir, damaged, async (path) => {
          const outcome = await readBounded(path);
          assert.equal(outcome.kind, 'summary');
          if (outcome.kind !== 'summary') return;
          // Resynchronisation: only the victim's event (if it is one) is lost, and the damage is reported there.
          assert.equal(outcome.summary.events, eventBlocks.length - (eventBlocks.includes(victim) ? 1 : 0), `length 0x${lie.toString(16)} at ${victim.offset}`);
          assert.equal(outcome.summary.damage?.regions[0]?.offset, victim.offset);
          assert.equal(outcome.summary.truncated, undefined);
        });
        const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers;
        assert.ok(grown < 64 * 1024 * 1024, `a block length of 0x${lie.toString(16)} grew buffers by ${grown} bytes`);
      }
    }
  });

  test('one block damaged in any way: every event of every other block is still delivered', async () => {
    const blocks = blocksOf(writerMade);
    const byBlock = await eventsByBlock(writerMadePath, blocks);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: blocks.length - 1 }), blockDamage, async (index, damage) => {
        await checkDamage(dir, writerMade, blocks, byBlock, index, damage);
      }),
      { numRuns: 300 },
    );
  });

  test('a gzip-compressed capture with flipped bytes: the fault is reported, never thrown raw', async () => {
    const decodesUnchanged = (damaged: Buffer): boolean => {
      try {
        return gunzipSync(damaged).equals(writerMade);
      } catch {
        return false;
      }
    };
    const compressed = gzipSync(writerMade);
    const total = blocksOf(writerMade).filter((block) => isEventBlock(block.type)).length;
    const GZIP_HEADER_SIZE = 10;
    // MTIME, XFL and OS (RFC 1952): header bytes zlib does not check.
    const unchecked = new Set([4, 5, 6, 7, 8, 9]);
    await fc.assert(
      fc.asyncProperty(fc.nat(compressed.length - 1), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const damaged = Buffer.from(compressed);
        damaged[at]! ^= xor;
        await withFile(dir, damaged, async (path) => {
          const outcome = await readBounded(path);
          if (outcome.kind === 'format-error') {
            assert.ok(at < GZIP_HEADER_SIZE || outcome.message.includes('not a scap capture'), outcome.message);
            return;
          }
          assert.ok(outcome.summary.streamBytesRead <= writerMade.length + 1024 * 1024);
          // zlib is the oracle: a flip it decodes to the very same bytes (the unused padding bits of the
          // last deflate byte, or the header fields it does not check) changed nothing.
          if (unchecked.has(at) || decodesUnchanged(damaged)) assert.equal(outcome.summary.events, total);
          else assert.ok(outcome.summary.damage !== undefined || outcome.summary.truncated !== undefined, `a flip at ${at} is reported`);
        });
      }),
      { numRuns: 60 },
    );
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
          await withFile(dir, damaged, async (path) => {
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
      await withFile(dir, bytes, async (path) => {
        const outcome = await readBounded(path);
        assert.equal(outcome.kind, 'format-error');
      });
    }
  });
});

// The reader against the shared real captures cut at block boundaries and inside blocks (a summary with
// every complete event and the offset of the partial block, or a ScapFormatError, never a hang), and
// with one block damaged in every way (every event of every other block still delivered).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { requireSharedCaptures, sharedCapturesDir } from '../../support/env.ts';
import fc from 'fast-check';
import { blockDamage, blocksOf, checkCut, checkDamage, eventsByBlock } from '../../unit/scap-fuzz/harness.ts';

test('the shared real captures cut at block boundaries and inside blocks', { timeout: 60_000 }, async (t) => {
  if (!requireSharedCaptures(t)) return;
  const shared = sharedCapturesDir();
  const names = ['empty.scap', 'connect_localhost.scap', 'syscall.scap', 'ping_sendto.scap', 'cat_write.scap', 'open-multiple-files.scap', 'curl_google.scap', 'curl_google_comments.scap'];
  const missing = names.filter((name) => !existsSync(join(shared, name)));
  assert.deepEqual(missing, [], `shared captures missing from ${shared}`);
  const dir = await mkdtemp(join(tmpdir(), 'scap-fuzz-shared-'));
  try {
    for (const name of names) {
      const bytes = gunzipSync(await readFile(join(shared, name)));
      const blocks = blocksOf(bytes);
      // Every boundary of the small captures; every 16th of the large ones; an inner cut for each.
      const stride = blocks.length > 200 ? 16 : 1;
      for (let index = 0; index < blocks.length; index += stride) {
        const block = blocks[index]!;
        await checkCut(dir, bytes, blocks, block.offset);
        await checkCut(dir, bytes, blocks, block.offset + 1 + ((index * 7919) % Math.max(1, block.length - 1)));
      }
      await checkCut(dir, bytes, blocks, bytes.length);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the shared real captures with one block damaged: every event of every other block is still read', { timeout: 120_000 }, async (t) => {
  if (!requireSharedCaptures(t)) return;
  const shared = sharedCapturesDir();
  // curl_google_comments.scap holds event blocks with room to spare after their event, as real writers make them.
  const names = ['curl_google.scap', 'curl_google_comments.scap', 'open-multiple-files.scap', 'ping_sendto.scap'];
  const dir = await mkdtemp(join(tmpdir(), 'scap-damage-shared-'));
  try {
    for (const name of names) {
      const bytes = gunzipSync(await readFile(join(shared, name)));
      const plain = join(dir, name);
      await writeFile(plain, bytes);
      const blocks = blocksOf(bytes);
      const byBlock = await eventsByBlock(plain, blocks);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: blocks.length - 1 }), blockDamage, async (index, damage) => {
          await checkDamage(dir, bytes, blocks, byBlock, index, damage);
        }),
        { numRuns: 150 },
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

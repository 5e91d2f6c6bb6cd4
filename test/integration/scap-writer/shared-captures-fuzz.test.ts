// The reader against the shared real captures cut at block boundaries and inside blocks: a summary
// with every complete event and the offset of the partial block, or a ScapFormatError, never a hang.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { requireSharedCaptures, sharedCapturesDir } from '../../support/env.ts';
import { blocksOf, checkCut } from '../../unit/scap-fuzz/harness.ts';

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

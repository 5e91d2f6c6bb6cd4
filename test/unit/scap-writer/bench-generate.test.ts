// The benchmark's large-capture generator: header blocks once, event blocks replicated with shifted
// timestamps, so that a reader sees one long, well-formed capture whose time only moves forward.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLargeCapture } from '../../../bench/generate.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';

test('replicated captures read as one capture with every copy of every event, in time order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-generate-'));
  try {
    const source = join(dir, 'source.scap');
    const descriptionPath = repoPath('examples', 'ci-job.json');
    const written = await writeCapture(parseCaptureDescription(JSON.parse(await readFile(descriptionPath, 'utf8')), descriptionPath), source, { gzip: true });
    for (const gzip of [false, true]) {
      const large = await makeLargeCapture(source, 100_000, join(dir, gzip ? 'gz' : 'plain'), gzip);
      assert.ok(large.copies >= 5, `${large.copies} copies`);
      assert.equal(large.events, large.copies * written.events);
      let previous = 0n;
      let ordered = true;
      let execs = 0;
      const summary = await readCapture(large.path, (event) => {
        if (event.ts < previous) ordered = false;
        previous = event.ts;
        if (event.name === 'execve' && event.dir === '<') execs++;
      });
      assert.equal(summary.events, large.events);
      assert.equal(summary.truncated, undefined);
      assert.ok(ordered, 'timestamps never go back');
      assert.equal(execs, 9 * large.copies, 'every copy of every exec is there');
      // Asking again reuses the finished file.
      const again = await makeLargeCapture(source, 100_000, join(dir, gzip ? 'gz' : 'plain'), gzip);
      assert.equal(again.path, large.path);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Process list block versions the shared captures do not cover (they hold v5 to v9): v1, v2 and v4
// entries, laid out field by field as libscap reads them.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseProcessList } from '../../../src/scap/blocks.ts';
import type { ThreadState } from '../../../src/scap/model.ts';
import { Bytes } from './capture-bytes.ts';

function entry(version: number): Buffer {
  const bytes = new Bytes().i64(42).i64(40).i64(1).str16('make').str16('/usr/bin/make').str16(Buffer.from('-j\u00004\u0000')).str16('/src').i64(1024).u32(0).u32(1000).u32(1000);
  if (version >= 2) bytes.u32(1).u32(2).u32(3).i64(4).i64(5);
  if (version >= 3) bytes.str16('PATH=/bin\u0000');
  if (version >= 4) bytes.i64(7).i64(5).str16('cpu=/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\u0000');
  return bytes.build();
}

function parse(version: number, body: Buffer): ThreadState[] {
  const threads: ThreadState[] = [];
  parseProcessList(body, 0, body.length, version, (thread) => threads.push(thread));
  return threads;
}

describe('process list entries of old versions', () => {
  for (const version of [1, 2, 3, 4]) {
    it(`v${version}: reads back-to-back entries`, () => {
      const threads = parse(version, Buffer.concat([entry(version), entry(version)]));
      assert.equal(threads.length, 2);
      const [thread] = threads;
      assert.equal(thread!.tid, 42);
      assert.equal(thread!.pid, 40);
      assert.equal(thread!.comm, 'make');
      assert.equal(thread!.exe, '/usr/bin/make');
      assert.deepEqual(thread!.args, ['-j', '4']);
      assert.equal(thread!.cwd, '/src/');
      assert.equal(thread!.uid, 1000);
      assert.equal(thread!.exepath, '', 'exepath exists from v7 on');
      assert.equal(thread!.containerId, version >= 4 ? '0123456789ab' : 'host');
      assert.equal(thread!.vpid, version >= 4 ? 5 : 40);
    });
  }

  it('rejects an entry that runs past its block', () => {
    const body = entry(2).subarray(0, 30);
    assert.throws(() => parse(2, body), /runs past the end of its block/);
  });
});

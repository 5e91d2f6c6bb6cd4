// Damaged captures on hand-made bytes: each kind of damage is reported as a damaged region (where, how
// many bytes skipped, where reading went on, the times around it) and the reader goes on at the next
// valid block; gzip faults keep every byte decompressed before them; pcapng network captures are refused;
// a stream of zeros after a valid header is given up on after a bounded scan, in bounded memory.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readCaptureDetailed, ScapFormatError, type ScapEvent } from '../../../src/scap/index.ts';
import { DAMAGED_REGIONS_LISTED, RESYNC_SCAN_LIMIT } from '../../../src/scap/reader.ts';
import { SHB_BLOCK_TYPE, SHB_MAGIC } from '../../../src/scap/format.ts';
import { Bytes, block, event, p, scratchFiles, sectionHeader } from './capture-bytes.ts';

const file = scratchFiles('scap-damage-test-');

const T0 = 1_700_000_000_000_000_000n;
const header = sectionHeader();

/** close exits numbered by their time offset: T0 + n, fd n. */
function close(n: number): Buffer {
  return event('SYSCALL_CLOSE_X', T0 + BigInt(n), 100, [p.i64(0), p.i64(n)]);
}

async function read(path: string): Promise<{ summary: Awaited<ReturnType<typeof readCaptureDetailed>>; fds: number[] }> {
  const fds: number[] = [];
  const summary = await readCaptureDetailed(path, (e: ScapEvent) => fds.push(Number(e.params['fd'])), {});
  return { summary, fds };
}

function offsetOf(blocks: Buffer[], index: number): number {
  return blocks.slice(0, index).reduce((sum, part) => sum + part.length, 0);
}

describe('damaged blocks', () => {
  const blocks = [header, close(1), close(2), close(3), close(4), close(5)];

  it('a block length zeroed in the middle: reported with offset and bytes skipped, the events after it read', async () => {
    const bytes = Buffer.concat(blocks);
    const at = offsetOf(blocks, 3);
    bytes.writeUInt32LE(0, at + 4);
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [1, 2, 4, 5]);
    assert.equal(summary.events, 4);
    assert.equal(summary.truncated, undefined, 'damage is not truncation');
    const damage = summary.damage!;
    assert.deepEqual({ count: damage.regionCount, bytes: damage.bytesSkipped, stoppedAt: damage.stoppedAt }, { count: 1, bytes: blocks[3]!.length, stoppedAt: undefined });
    const region = damage.regions[0]!;
    assert.equal(region.offset, at);
    assert.equal(region.resumedAt, at + blocks[3]!.length);
    assert.equal(region.eventsBefore, 2);
    assert.equal(region.lastEventTsBefore, T0 + 2n, 'the lost events lie after the last one before the damage');
    assert.equal(region.firstEventTsAfter, T0 + 4n, 'and before the first one after it');
    assert.match(region.problem, /impossible length 0/);
    assert.equal(summary.firstEventTs, T0 + 1n, 'the capture still starts at its first event');
    assert.equal(summary.lastEventTs, T0 + 5n);
  });

  it('a trailer that disagrees with the length: that block only is skipped', async () => {
    const bytes = Buffer.concat(blocks);
    const at = offsetOf(blocks, 2);
    bytes.writeUInt32LE(12345, at + blocks[2]!.length - 4);
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [1, 3, 4, 5]);
    assert.equal(summary.damage!.regions[0]!.bytesSkipped, blocks[2]!.length);
    assert.match(summary.damage!.regions[0]!.problem, /at its end/);
  });

  it('a plausible but wrong length: the trailer check fails and the scan finds the next block', async () => {
    const bytes = Buffer.concat(blocks);
    const at = offsetOf(blocks, 1);
    bytes.writeUInt32LE(blocks[1]!.length + 16, at + 4);
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [2, 3, 4, 5]);
    assert.equal(summary.damage!.regions[0]!.resumedAt, at + blocks[1]!.length);
  });

  it('a length that runs past the end of the file is damage when valid blocks follow, truncation when none do', async () => {
    const bytes = Buffer.concat(blocks);
    const at = offsetOf(blocks, 2);
    bytes.writeUInt32LE(0x8000, at + 4); // under the non-large limit, longer than the file
    const lying = await read(file(bytes));
    assert.deepEqual(lying.fds, [1, 3, 4, 5]);
    assert.equal(lying.summary.truncated, undefined);
    assert.match(lying.summary.damage!.regions[0]!.problem, /runs past the end of the capture/);
    const cut = await read(file(Buffer.concat(blocks).subarray(0, offsetOf(blocks, 5) + 10)));
    assert.deepEqual(cut.fds, [1, 2, 3, 4]);
    assert.deepEqual(cut.summary.truncated, { offset: offsetOf(blocks, 5) }, 'a recorder stopped mid-block: a warning, not damage');
    assert.equal(cut.summary.damage, undefined);
  });

  it('an event whose length does not fit its block: that block is lost, the next one read', async () => {
    const bytes = Buffer.concat(blocks);
    const at = offsetOf(blocks, 4);
    bytes.writeUInt32LE(5000, at + 8 + 2 + 16); // the event length inside the block
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [1, 2, 3, 5]);
    assert.equal(summary.events, 4);
    assert.deepEqual([summary.damage!.regions[0]!.offset, summary.damage!.regions[0]!.bytesSkipped], [at, blocks[4]!.length]);
    assert.match(summary.damage!.regions[0]!.problem, /event length 5000 does not match its block of 60 bytes/);
  });

  it('a length grown by 8 whose end lands on the next block\'s length field: the next block is still read', async () => {
    // The word at the lying end is the next block's length, which repeats the lie: only the event
    // length, which leaves more than padding with no block after it, tells.
    const longer = event('SYSCALL_CLOSE_X', T0 + 3n, 100, [p.i64(0), p.i64(3), p.u32(0)]);
    const parts = [header, close(1), close(2), longer, close(4)];
    assert.equal(longer.length, close(2).length + 8);
    const bytes = Buffer.concat(parts);
    const at = offsetOf(parts, 2);
    bytes.writeUInt32LE(longer.length, at + 4);
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [1, 3, 4]);
    assert.equal(summary.damage!.regions[0]!.offset, at);
    assert.equal(summary.damage!.regions[0]!.resumedAt, offsetOf(parts, 3));
  });

  it('an event block that leaves more room than padding, followed by a valid block, is read as it is', async () => {
    // libs' curl_google_comments.scap holds such blocks.
    const roomy = block(0x216, Buffer.concat([close(2).subarray(8, close(2).length - 4), Buffer.alloc(16)]));
    const { summary, fds } = await read(file(Buffer.concat([header, close(1), roomy, close(3)])));
    assert.deepEqual(fds, [1, 2, 3]);
    assert.equal(summary.damage, undefined);
  });

  it('a damaged section header inside the file is damage, not a reason to refuse the capture', async () => {
    const inner = Buffer.from(header);
    inner.writeUInt32LE(0xdeadbeef, 8);
    const { summary, fds } = await read(file(Buffer.concat([header, close(1), inner, close(2)])));
    assert.deepEqual(fds, [1, 2]);
    assert.match(summary.damage!.regions[0]!.problem, /section header inside the capture is damaged/);
  });

  it('a zeroed stretch over several blocks, misaligned: one region, read on at the first whole block after it', async () => {
    const bytes = Buffer.concat(blocks);
    const from = offsetOf(blocks, 1) + 3;
    const to = offsetOf(blocks, 3) + 5;
    bytes.fill(0, from, to);
    const { summary, fds } = await read(file(bytes));
    assert.deepEqual(fds, [4, 5]);
    assert.equal(summary.damage!.regionCount, 1);
    assert.equal(summary.damage!.regions[0]!.offset, offsetOf(blocks, 1));
    assert.equal(summary.damage!.regions[0]!.resumedAt, offsetOf(blocks, 4));
  });

  it('lists the first regions and counts them all', async () => {
    const parts = [header];
    const count = DAMAGED_REGIONS_LISTED + 20;
    for (let index = 0; index < count; index++) {
      const bad = Buffer.from(close(2 * index));
      bad.writeUInt32LE(0, 4);
      parts.push(bad, close(2 * index + 1));
    }
    const { summary, fds } = await read(file(Buffer.concat(parts)));
    assert.equal(fds.length, count, 'every undamaged event');
    assert.equal(summary.damage!.regionCount, count);
    assert.equal(summary.damage!.regions.length, DAMAGED_REGIONS_LISTED);
    assert.equal(summary.damage!.bytesSkipped, count * close(0).length);
  });
});

describe('gzip faults', () => {
  const blocks = [header, ...Array.from({ length: 40 }, (_, index) => close(index + 1))];
  const whole = Buffer.concat(blocks);

  it('a wrong CRC or length in the trailer: every event kept, the fault named as damage', async () => {
    for (const [field, problem] of [
      [8, /incorrect data check/],
      [4, /incorrect length check/],
    ] as const) {
      const compressed = gzipSync(whole);
      compressed[compressed.length - field]! ^= 0xff;
      const { summary, fds } = await read(file(compressed, `trailer-${field}.scap.gz`));
      assert.equal(fds.length, 40, `every event kept when the trailer's ${field === 8 ? 'CRC' : 'length'} is wrong`);
      assert.equal(summary.truncated, undefined);
      const region = summary.damage!.regions[0]!;
      assert.match(region.problem, problem);
      assert.match(region.problem, /integrity check/);
      assert.equal(region.offset, whole.length);
    }
  });

  it('corrupted in the middle: every event decompressed before the fault kept', async () => {
    // Two gzip members: the second one's first deflate block has the reserved block type, so zlib
    // fails exactly where the first member's data ends.
    const split = offsetOf(blocks, 21) + 30; // inside the 21st event block
    const first = gzipSync(whole.subarray(0, split));
    const second = gzipSync(whole.subarray(split));
    second[10] = second[10]! | 0x06; // BTYPE = 11 (RFC 1951: reserved, an error)
    const { summary, fds } = await read(file(Buffer.concat([first, second]), 'middle.scap.gz'));
    assert.deepEqual(fds, Array.from({ length: 20 }, (_, index) => index + 1), 'every complete event before the fault');
    const region = summary.damage!.regions[0]!;
    assert.equal(region.offset, offsetOf(blocks, 21), 'the damage starts at the block the fault cut');
    assert.equal(region.bytesSkipped, 30);
    assert.match(region.problem, /the gzip stream is damaged \(invalid block type\)/);
  });

  it('a gzip file cut short is truncation, as before', async () => {
    const compressed = gzipSync(whole);
    const { summary } = await read(file(compressed.subarray(0, compressed.length - 3), 'cut.scap.gz'));
    assert.deepEqual(summary.truncated, { offset: whole.length });
    assert.equal(summary.damage, undefined);
  });

  it('a gzip bomb of zeros after a valid header: reading gives up after a bounded scan, in bounded memory', async () => {
    // 2 GiB of zeros as 2048 gzip members of 1 MiB each: 2 MB on disk.
    const zeros = gzipSync(Buffer.alloc(1 << 20));
    const bomb = Buffer.concat([gzipSync(Buffer.concat([header, close(1)])), ...Array.from({ length: 2048 }, () => zeros)]);
    const path = file(bomb, 'bomb.scap.gz');
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const { summary, fds } = await read(path);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    assert.deepEqual(fds, [1]);
    const damage = summary.damage!;
    const start = header.length + close(1).length;
    assert.equal(damage.regions[0]!.offset, start);
    assert.equal(damage.stoppedAt, start + RESYNC_SCAN_LIMIT, 'the scan stops at its limit');
    assert.ok(summary.streamBytesRead < start + RESYNC_SCAN_LIMIT + 8 * 1024 * 1024, `read ${summary.streamBytesRead} decompressed bytes of 2 GiB`);
    assert.ok(peak - before < 64 * 1024 * 1024, `buffers grew by ${peak - before} bytes`);
  });

  it('a gzip bomb of zeros without a header is not a capture', async () => {
    const zeros = gzipSync(Buffer.alloc(1 << 20));
    const path = file(Buffer.concat(Array.from({ length: 64 }, () => zeros)), 'zeros.scap.gz');
    await assert.rejects(readCaptureDetailed(path, () => {}), (error: unknown) => error instanceof ScapFormatError && /does not start with a section header block/.test(error.message));
  });
});

describe('pcapng network captures', () => {
  /** A pcapng section header (version 1.0), an interface description and one enhanced packet. */
  function pcapng(): Buffer {
    const section = block(SHB_BLOCK_TYPE, new Bytes().u32(SHB_MAGIC).u16(1).u16(0).i64(-1n).build());
    const LINKTYPE_ETHERNET = 1;
    const interfaceDescription = block(0x1, new Bytes().u16(LINKTYPE_ETHERNET).u16(0).u32(65535).build());
    const frame = Buffer.from('ffffffffffff0011223344550800', 'hex');
    const packet = block(0x6, new Bytes().u32(0).u32(0).u32(0).u32(frame.length).u32(frame.length).raw(frame).build());
    return Buffer.concat([section, interfaceDescription, packet]);
  }

  it('is refused, by name, plain or compressed', async () => {
    for (const [name, bytes] of [
      ['net.pcapng', pcapng()],
      ['net.pcapng.gz', gzipSync(pcapng())],
    ] as const) {
      const path = file(bytes, name);
      await assert.rejects(
        readCaptureDetailed(path, () => {}),
        (error: unknown) =>
          error instanceof ScapFormatError && error.message === `${path}: is a pcapng network capture (link-layer packets), not a sysdig/Falco scap capture`,
      );
    }
  });

  it('a scap capture that holds a block with a pcapng type later on is still read', async () => {
    const stray = block(0x6, Buffer.alloc(8));
    const { summary, fds } = await read(file(Buffer.concat([header, close(1), stray, close(2)])));
    assert.deepEqual(fds, [1, 2]);
    assert.equal(summary.damage, undefined, 'an unknown block is skipped by its length, as before');
  });
});

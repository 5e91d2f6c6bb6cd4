// Byte layouts of what the writer emits, checked against the layouts libscap reads (scap_savefile.h,
// ppm_evt_hdr, the driver's tuple packing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_HEADER_SIZE, EV_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2, SHB_BLOCK_TYPE, SHB_MAGIC } from '../../../src/scap/format.ts';
import { eventCode } from '../../../src/scap/event-table.ts';
import { ByteBuilder, encodeEvent, frameBlock, frameEvent } from '../../../src/scap/writer/encode.ts';
import { sectionHeaderBlock, processListBlock, fdListBlock, interfaceListBlock } from '../../../src/scap/writer/blocks.ts';

test('frameBlock pads the body to 4 bytes and repeats the total length as trailer', () => {
  for (const size of [0, 1, 2, 3, 4, 5, 13]) {
    const block = frameBlock(0x204, Buffer.alloc(size, 0xaa));
    const total = block.readUInt32LE(4);
    assert.equal(total % 4, 0);
    assert.equal(total, block.length);
    assert.equal(total, Math.ceil((12 + size) / 4) * 4);
    assert.equal(block.readUInt32LE(total - 4), total);
    assert.ok(block.subarray(8 + size, total - 4).every((byte) => byte === 0), 'padding is zero');
  }
});

test('ByteBuilder keeps earlier bytes when it grows', () => {
  const builder = new ByteBuilder(2);
  for (let index = 0; index < 100; index++) builder.u32(index);
  const bytes = builder.toBuffer();
  assert.equal(bytes.length, 400);
  for (let index = 0; index < 100; index++) assert.equal(bytes.readUInt32LE(index * 4), index);
});

test('a connect exit carries the header, u16 lengths and an IPv4 tuple packed as the driver packs it', () => {
  const code = eventCode('SOCKET_CONNECT_X');
  const event = encodeEvent({
    ts: 1_700_000_000_123_456_789n,
    tid: 4242,
    code,
    params: {
      res: -115,
      tuple: { kind: 'tuple', source: { ip: '10.1.0.4', port: 52114 }, dest: { ip: '140.82.112.3', port: 443 } },
      fd: 5,
      addr: { kind: 'sockaddr', address: { ip: '140.82.112.3', port: 443 } },
    },
  });
  assert.equal(event.readBigUInt64LE(0), 1_700_000_000_123_456_789n);
  assert.equal(event.readBigUInt64LE(8), 4242n);
  assert.equal(event.readUInt32LE(16), event.length);
  assert.equal(event.readUInt16LE(20), code);
  assert.equal(event.readUInt32LE(22), 4);
  const lengths = [0, 1, 2, 3].map((index) => event.readUInt16LE(EVENT_HEADER_SIZE + index * 2));
  assert.deepEqual(lengths, [8, 13, 8, 7]);
  let offset = EVENT_HEADER_SIZE + 8;
  assert.equal(event.readBigInt64LE(offset), -115n);
  offset += 8;
  const tuple = event.subarray(offset, offset + 13);
  assert.equal(tuple[0], 2, 'PPM_AF_INET');
  assert.deepEqual([...tuple.subarray(1, 5)], [10, 1, 0, 4], 'source address in network order');
  assert.equal(tuple.readUInt16LE(5), 52114, 'source port in host order');
  assert.deepEqual([...tuple.subarray(7, 11)], [140, 82, 112, 3]);
  assert.equal(tuple.readUInt16LE(11), 443);
  assert.equal(event.readBigInt64LE(offset + 13), 5n);
  const addr = event.subarray(offset + 21);
  assert.deepEqual([...addr], [2, 140, 82, 112, 3, 443 & 0xff, 443 >> 8]);
});

test('IPv6 tuples are 37 bytes with family 10', () => {
  const event = encodeEvent({
    ts: 1n,
    tid: 1,
    code: eventCode('SOCKET_SENDTO_E'),
    params: { fd: 3, size: 10, tuple: { kind: 'tuple', source: { ip: '2001:db8::1', port: 1 }, dest: { ip: '2606:4700::1', port: 53 } } },
  });
  assert.equal(event.readUInt16LE(EVENT_HEADER_SIZE + 4), 37);
  const tupleStart = EVENT_HEADER_SIZE + 6 + 8 + 4;
  assert.equal(event[tupleStart], 10);
  assert.equal(event.readUInt16LE(tupleStart + 35), 53);
});

test('strings are NUL-terminated, missing parameters get empty values, unknown names are refused', () => {
  const code = eventCode('SYSCALL_EXECVE_19_E');
  const event = encodeEvent({ ts: 1n, tid: 1, code, params: { filename: '/usr/bin/env' } });
  assert.equal(event.readUInt16LE(EVENT_HEADER_SIZE), 13);
  assert.equal(event.subarray(EVENT_HEADER_SIZE + 2).toString('latin1'), '/usr/bin/env\0');
  const close = encodeEvent({ ts: 1n, tid: 1, code: eventCode('SYSCALL_CLOSE_X'), params: {} });
  assert.equal(close.readUInt32LE(22), 2, 'every table parameter is written');
  assert.throws(() => encodeEvent({ ts: 1n, tid: 1, code, params: { nosuch: 1 } }), /no parameter 'nosuch'/);
});

test('large-payload events use u32 lengths and the large block type; tid -1 wraps to all ones', () => {
  const code = eventCode('CONTAINER_JSON_2_E');
  const json = JSON.stringify({ container: { id: 'abc' } });
  const block = frameEvent({ ts: 5n, tid: -1, code, params: { json } });
  assert.equal(block.readUInt32LE(0), EV_BLOCK_TYPE_V2_LARGE);
  const event = block.subarray(10);
  assert.equal(event.readBigUInt64LE(8), 0xffffffffffffffffn);
  assert.equal(event.readUInt32LE(EVENT_HEADER_SIZE), json.length + 1);
  assert.equal(event.subarray(EVENT_HEADER_SIZE + 4, EVENT_HEADER_SIZE + 4 + json.length).toString(), json);
});

test('event blocks: plain V2 without flags, EVF V2 with flags after the cpu id', () => {
  const record = { ts: 9n, tid: 7, code: eventCode('SYSCALL_CLOSE_E'), params: { fd: 3 }, cpu: 1 };
  const plain = frameEvent(record);
  assert.equal(plain.readUInt32LE(0), EV_BLOCK_TYPE_V2);
  assert.equal(plain.readUInt16LE(8), 1);
  assert.equal(plain.readBigUInt64LE(10), 9n);
  const flagged = frameEvent(record, { flags: 1 });
  assert.equal(flagged.readUInt32LE(0), EVF_BLOCK_TYPE_V2);
  assert.equal(flagged.readUInt32LE(10), 1);
  assert.equal(flagged.readBigUInt64LE(14), 9n);
});

test('section header: 28 bytes without options; pcapng options padded to 4 and closed by an end marker', () => {
  const bare = sectionHeaderBlock();
  assert.equal(bare.length, 28);
  assert.equal(bare.readUInt32LE(0), SHB_BLOCK_TYPE);
  assert.equal(bare.readUInt32LE(8), SHB_MAGIC);
  assert.equal(bare.readUInt16LE(12), 1);
  assert.equal(bare.readUInt16LE(14), 2);
  assert.equal(bare.readBigUInt64LE(16), 0xffffffffffffffffn);

  const withOptions = sectionHeaderBlock({ comment: 'File-level comment', application: 'falco-actions' });
  const total = withOptions.readUInt32LE(4);
  assert.equal(total, withOptions.length);
  assert.equal(withOptions.readUInt32LE(total - 4), total);
  const options: Array<[number, string]> = [];
  let offset = 24;
  for (;;) {
    const optionCode = withOptions.readUInt16LE(offset);
    const length = withOptions.readUInt16LE(offset + 2);
    offset += 4;
    if (optionCode === 0) break;
    options.push([optionCode, withOptions.subarray(offset, offset + length).toString()]);
    offset += Math.ceil(length / 4) * 4;
  }
  assert.deepEqual(options, [
    [1, 'File-level comment'],
    [4, 'falco-actions'],
  ]);
  assert.equal(offset, total - 4, 'the end marker is the last thing before the trailer');
});

test('process list V9 entries start with their own length and hold the strings in order', () => {
  const thread = {
    tid: 10,
    pid: 10,
    ptid: 1,
    comm: 'bash',
    exe: '/bin/bash',
    exepath: '/usr/bin/bash',
    args: ['-c', 'true'],
    cwd: '/tmp/',
    uid: 1001,
    gid: 118,
    loginuid: -1,
    env: ['HOME=/root'],
    cgroups: [],
    vpid: 10,
  };
  const block = processListBlock([thread, { ...thread, tid: 11, pid: 11, comm: 'sh' }]);
  assert.equal(block.readUInt32LE(0), 0x215);
  const first = block.readUInt32LE(8);
  assert.equal(block.readBigUInt64LE(12), 10n);
  assert.equal(block.readBigUInt64LE(8 + first + 4), 11n, 'the second entry starts where the first length says');
  const commLength = block.readUInt16LE(12 + 40);
  assert.equal(block.subarray(54, 54 + commLength).toString(), 'bash');
  // Entries plus header/trailer account for the whole block (modulo padding).
  const second = block.readUInt32LE(8 + first);
  assert.ok(block.length - 12 - first - second < 4);
});

test('fd list and interface list entries carry the declared lengths', () => {
  const fds = fdListBlock(10, [
    { fd: 3, kind: 'file', path: '/tmp/x', flags: ['O_WRONLY'] },
    { fd: 4, kind: 'socket', protocol: 'udp', local: { ip: '10.0.0.1', port: 5 }, remote: { ip: '10.0.0.2', port: 53 } },
  ]);
  assert.equal(fds.readBigUInt64LE(8), 10n);
  const firstLength = fds.readUInt32LE(16);
  assert.equal(firstLength, 4 + 8 + 8 + 1 + 4 + 2 + 6 + 4);
  assert.equal(fds[16 + 20], 16, 'SCAP_FD_FILE_V2');
  assert.equal(fds.readUInt32LE(16 + 21), 2, 'PPM_O_WRONLY');
  const second = 16 + firstLength;
  assert.equal(fds.readUInt32LE(second), 4 + 8 + 8 + 1 + 13);
  assert.equal(fds[second + 20], 3, 'SCAP_FD_IPV4_SOCK');
  assert.equal(fds[second + 20 + 13], 3, 'SCAP_L4_UDP');

  const interfaces = interfaceListBlock([
    { name: 'eth0', ip: '10.1.0.4', prefix: 16 },
    { name: 'lo', ip: '::1', prefix: 128 },
  ]);
  assert.equal(interfaces.readUInt32LE(8), 24 + 4);
  assert.deepEqual([...interfaces.subarray(16, 28)], [10, 1, 0, 4, 255, 255, 0, 0, 10, 1, 255, 255], 'address, netmask, broadcast');
  assert.equal(interfaces.readUInt32LE(8 + 4 + 28), 60 + 2);
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PT } from '../../../src/scap/event-table.ts';
import { decodeParam, ipv6ToString, readInt64 } from '../../../src/scap/params.ts';
import { isWriteOpen, openFlagNames, PPM_O } from '../../../src/scap/open-flags.ts';
import { Bytes } from './capture-bytes.ts';

function decode(type: number, bytes: Uint8Array): unknown {
  const buf = Buffer.concat([Buffer.from([0xee, 0xee]), bytes, Buffer.from([0xee])]); // neighbours must not leak in
  return decodeParam(type as never, buf, 2, bytes.length);
}

describe('decodeParam', () => {
  it('decodes integers by width and sign', () => {
    assert.equal(decode(PT.ERRNO, new Bytes().i64(-115).build()), -115);
    assert.equal(decode(PT.FD, new Bytes().i64(-100).build()), -100);
    assert.equal(decode(PT.PID, new Bytes().i64(2 ** 40 + 7).build()), 2 ** 40 + 7);
    assert.equal(decode(PT.UINT64, new Bytes().i64(-1n).build()), 2n ** 64n - 1n);
    assert.equal(decode(PT.INT64, new Bytes().i64(-(2n ** 62n)).build()), -(2n ** 62n), 'beyond 2^53 stays exact as bigint');
    assert.equal(decode(PT.INT32, new Bytes().u32(0xfffffffe).build()), -2);
    assert.equal(decode(PT.UINT32, new Bytes().u32(0xfffffffe).build()), 0xfffffffe);
    assert.equal(decode(PT.INT8, Buffer.from([0xff])), -1);
    assert.equal(decode(PT.PORT, new Bytes().u16(443).build()), 443);
  });

  it('returns null for a parameter too short for its type', () => {
    assert.equal(decode(PT.INT64, Buffer.from([1, 2, 3])), null);
    assert.equal(decode(PT.UINT32, Buffer.from([1])), null);
    assert.equal(decode(PT.SOCKTUPLE, Buffer.from([2, 127, 0])), null);
  });

  it('reads C strings up to the NUL, within the parameter only', () => {
    assert.equal(decode(PT.CHARBUF, Buffer.from('abc\0def')), 'abc');
    assert.equal(decode(PT.FSPATH, Buffer.from('/etc/passwd')), '/etc/passwd');
    assert.equal(decode(PT.CHARBUF, Buffer.from('caf\u00e9\0', 'utf8')), 'caf\u00e9');
    assert.equal(decode(PT.CHARBUF, Buffer.alloc(0)), '');
  });

  it('decodes IPv4, IPv6 and unix socket tuples and addresses', () => {
    const v4 = new Bytes().u8(2).raw(Buffer.from([10, 0, 0, 5])).u16(40000).raw(Buffer.from([8, 8, 4, 4])).u16(53).build();
    assert.deepEqual(decode(PT.SOCKTUPLE, v4), { family: 'ipv4', source: { ip: '10.0.0.5', port: 40000 }, dest: { ip: '8.8.4.4', port: 53 } });
    const v6addr = Buffer.from('20014860486000000000000000008888', 'hex');
    const v6 = new Bytes().u8(10).raw(Buffer.alloc(16)).u16(1234).raw(v6addr).u16(53).build();
    assert.deepEqual(decode(PT.SOCKTUPLE, v6), { family: 'ipv6', source: { ip: '::', port: 1234 }, dest: { ip: '2001:4860:4860::8888', port: 53 } });
    const unix = new Bytes().u8(1).i64(0).i64(0x1234).raw(Buffer.from('/run/docker.sock\0')).build();
    assert.deepEqual(decode(PT.SOCKTUPLE, unix), { family: 'unix', path: '/run/docker.sock' });
    const addr = new Bytes().u8(2).raw(Buffer.from([1, 1, 1, 1])).u16(853).build();
    assert.deepEqual(decode(PT.SOCKADDR, addr), { family: 'ipv4', dest: { ip: '1.1.1.1', port: 853 } });
    assert.deepEqual(decode(PT.SOCKADDR, Buffer.from([16, 0, 0])), { family: 'other', code: 16 });
  });

  it('decodes fd lists and leaves unknown kinds as bytes', () => {
    const list = new Bytes().u16(2).i64(3).u16(1).i64(4).u16(4).build();
    assert.deepEqual(decode(PT.FDLIST, list), [{ fd: 3, flags: 1 }, { fd: 4, flags: 4 }]);
    const truncatedList = new Bytes().u16(5).i64(3).u16(1).build();
    assert.deepEqual(decode(PT.FDLIST, truncatedList), [{ fd: 3, flags: 1 }], 'a count larger than the bytes stops at the bytes');
    assert.deepEqual([...(decode(PT.BYTEBUF, Buffer.from([1, 2])) as Uint8Array)], [1, 2]);
  });
});

describe('addresses and flags', () => {
  it('prints IPv6 as RFC 5952', () => {
    const hex = (text: string): Uint8Array => Buffer.from(text, 'hex');
    assert.equal(ipv6ToString(hex('00000000000000000000000000000001'), 0), '::1');
    assert.equal(ipv6ToString(hex('fe800000000000000000000000000001'), 0), 'fe80::1');
    assert.equal(ipv6ToString(hex('20010db8000000010000000000000001'), 0), '2001:db8:0:1::1');
    assert.equal(ipv6ToString(hex('00000000000000000000ffffc0a80001'), 0), '::ffff:192.168.0.1');
    assert.equal(ipv6ToString(hex('20010db8000100020003000400050006'), 0), '2001:db8:1:2:3:4:5:6');
  });

  it('names open flags and tells writes from reads', () => {
    assert.deepEqual(openFlagNames(PPM_O.WRONLY | PPM_O.CREAT | PPM_O.TRUNC), ['O_WRONLY', 'O_CREAT', 'O_TRUNC']);
    assert.deepEqual(openFlagNames(PPM_O.RDONLY | PPM_O.CLOEXEC), ['O_RDONLY', 'O_CLOEXEC']);
    assert.deepEqual(openFlagNames(PPM_O.RDWR), ['O_RDWR']);
    assert.equal(isWriteOpen(PPM_O.RDONLY | PPM_O.CLOEXEC), false);
    assert.equal(isWriteOpen(PPM_O.RDWR), true);
    assert.equal(isWriteOpen(PPM_O.RDONLY | PPM_O.TRUNC), true);
    assert.equal(isWriteOpen(PPM_O.RDONLY | PPM_O.APPEND), false);
  });

  it('names bit 15 and 16 as libs does (PPM_FD_UPPER_LAYER, PPM_FD_LOWER_LAYER), not O_PATH', () => {
    assert.deepEqual(openFlagNames(PPM_O.RDONLY | (1 << 15)), ['O_RDONLY', 'FD_UPPER_LAYER']);
    assert.deepEqual(openFlagNames(PPM_O.WRONLY | PPM_O.F_CREATED | (1 << 16)), ['O_WRONLY', 'O_F_CREATED', 'FD_LOWER_LAYER']);
  });

  it('keeps 64-bit integers exact', () => {
    const bytes = new Bytes().i64(9007199254740993n).build();
    assert.equal(readInt64(bytes, 0), 9007199254740993n);
    assert.equal(readInt64(new Bytes().i64(-1).build(), 0), -1);
  });
});

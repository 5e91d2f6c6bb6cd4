// The inventory on a hand-made capture that exercises each kind of entry, including the cases that
// must not produce one.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import { isoTime } from '../../../src/scap/time.ts';
import { Bytes, event, p, processList, sectionHeader, userList } from '../scap/capture-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'scap-inventory-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_748_856_600_000_000_000n; // 2025-06-02T09:30:00Z
const O_WRONLY = 1 << 1;
const O_RDONLY = 1 << 0;
const O_DIRECTORY = 1 << 10;
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;

function ipv6Tuple(source: string, sport: number, dest: string, dport: number): Uint8Array {
  const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');
  return new Bytes().u8(10).raw(bytes(source)).u16(sport).raw(bytes(dest)).u16(dport).build();
}

function capture(): string {
  const query = dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: 'evil.example.com', type: 'TXT' }] });
  const tcpQuery = dnsPacket.encode({ type: 'query', id: 8, questions: [{ name: 'tcp.example.org', type: 'A' }] });
  const framed = Buffer.concat([Buffer.from([0, tcpQuery.length]), tcpQuery]);
  const containerJson = JSON.stringify({ container: { id: 'abcdef012345', name: 'job_container', image: 'node:20', type: 0 } });
  const bytes = Buffer.concat([
    sectionHeader(),
    processList([
      { tid: 10, ptid: 1, comm: 'Runner.Worker', exepath: '/runner/Runner.Worker', cwd: '/home/runner/work', uid: 1001 },
      { tid: 1, ptid: 0, comm: 'systemd', cwd: '/' },
    ]),
    userList([{ uid: 1001, name: 'runner' }]),
    event('CONTAINER_JSON_2_E', 0n, 0, [p.str(containerJson)]),
    event('SYSCALL_EXECVE_19_E', T0 + 1n, 10, [p.str('/usr/bin/curl')]),
    event('SYSCALL_EXECVE_19_X', T0 + 2n, 10, [p.i64(0), p.str('curl'), p.strings(['-s', 'https://x']), p.i64(10), p.i64(10), p.i64(1), p.str('/home/runner/work'), p.i64(0), p.i64(0), p.i64(0), p.u32(0), p.u32(0), p.u32(0), p.str('curl')]),
    event('SYSCALL_EXECVE_19_X', T0 + 3n, 10, [p.i64(-2), p.str('nope'), p.strings([]), p.i64(10), p.i64(10), p.i64(1), p.str('/'), p.i64(0), p.i64(0), p.i64(0), p.u32(0), p.u32(0), p.u32(0), p.str('nope')]),
    // TCP connect in progress to a public address: a connection.
    event('SOCKET_SOCKET_X', T0 + 4n, 10, [p.i64(3), p.u32(AF_INET), p.u32(SOCK_STREAM), p.u32(0)]),
    event('SOCKET_CONNECT_X', T0 + 5n, 10, [p.i64(-115), p.ipv4Tuple('10.1.0.4', 51000, '140.82.112.3', 443), p.i64(3)]),
    // Refused connect: no connection.
    event('SOCKET_SOCKET_X', T0 + 6n, 10, [p.i64(4), p.u32(AF_INET), p.u32(SOCK_STREAM), p.u32(0)]),
    event('SOCKET_CONNECT_X', T0 + 7n, 10, [p.i64(-111), p.ipv4Tuple('127.0.0.1', 51001, '127.0.0.1', 9), p.i64(4)]),
    // UDP datagram to an explicit DNS server: a connection (sendto) and a DNS query.
    event('SOCKET_SOCKET_X', T0 + 8n, 10, [p.i64(5), p.u32(AF_INET), p.u32(SOCK_DGRAM), p.u32(0)]),
    event('SOCKET_SENDTO_X', T0 + 9n, 10, [p.i64(query.length), p.bytes(query), p.i64(5), p.u32(query.length), p.ipv4Tuple('10.1.0.4', 40000, '8.8.8.8', 53)]),
    // TCP DNS over a connected socket with write(): a connection (connect) and a DNS query over tcp.
    event('SOCKET_SOCKET_X', T0 + 10n, 10, [p.i64(6), p.u32(10), p.u32(SOCK_STREAM), p.u32(0)]),
    event('SOCKET_CONNECT_X', T0 + 11n, 10, [p.i64(0), ipv6Tuple('00000000000000000000000000000001', 40001, '00000000000000000000000000000001', 53), p.i64(6)]),
    event('SYSCALL_WRITE_X', T0 + 12n, 10, [p.i64(framed.length), p.bytes(framed), p.i64(6), p.u32(framed.length)]),
    // Files: written (creat, openat O_WRONLY), read-only and directory opens are not listed.
    event('SYSCALL_CREAT_X', T0 + 13n, 10, [p.i64(7), p.str('out/../build.log'), p.u32(0o644)]),
    event('SYSCALL_OPENAT_2_X', T0 + 14n, 10, [p.i64(8), p.i64(-100), p.str('/home/runner/work/.github/workflows/ci.yml'), p.u32(O_WRONLY), p.u32(0), p.u32(0), p.i64(0)]),
    event('SYSCALL_OPENAT_2_X', T0 + 15n, 10, [p.i64(9), p.i64(-100), p.str('/etc/passwd'), p.u32(O_RDONLY), p.u32(0), p.u32(0), p.i64(0)]),
    event('SYSCALL_OPENAT_2_X', T0 + 16n, 10, [p.i64(11), p.i64(-100), p.str('/tmp'), p.u32(O_RDONLY | O_DIRECTORY), p.u32(0), p.u32(0), p.i64(0)]),
  ]);
  const path = join(dir, 'job.scap');
  writeFileSync(path, bytes);
  return path;
}

describe('buildInventory', () => {
  it('a damaged capture: everything after the damage is still listed, and the damage says what was lost', async () => {
    const bytes = readFileSync(capture());
    // The block of the refused connect (T0 + 7): its length zeroed.
    let at = 0;
    while (at < bytes.length && bytes.readBigUInt64LE(at + 10) !== T0 + 7n) at += bytes.readUInt32LE(at + 4);
    const skipped = bytes.readUInt32LE(at + 4);
    bytes.writeUInt32LE(0, at + 4);
    const path = join(dir, 'damaged.scap');
    writeFileSync(path, bytes);
    const whole = await buildInventory(capture());
    const inventory = await buildInventory(path);
    assert.equal(inventory.capture.events, whole.capture.events - 1);
    assert.deepEqual(inventory.capture.damage, {
      regionCount: 1,
      bytesSkipped: skipped,
      stoppedAt: null,
      regions: [
        {
          offset: at,
          bytesSkipped: skipped,
          resumedAt: at + skipped,
          problem: 'block of type 0x216 has an impossible length 0',
          eventsBefore: 7,
          lastEventTimeBefore: '2025-06-02T09:30:00.000000006Z',
          firstEventTimeAfter: '2025-06-02T09:30:00.000000008Z',
        },
      ],
    });
    assert.deepEqual(inventory.connections, whole.connections, 'the refused connect made no entry; every connection after it is there');
    assert.deepEqual(inventory.dns, whole.dns);
    assert.deepEqual(inventory.files, whole.files);
  });

  it('lists processes, connections, DNS queries, written files and containers', async () => {
    const inventory = await buildInventory(capture());
    assert.deepEqual(inventory.capture, {
      path: join(dir, 'job.scap'),
      events: 17,
      firstEventTime: '2025-06-02T09:30:00.000000001Z',
      lastEventTime: '2025-06-02T09:30:00.000000016Z',
      truncated: null,
      damage: null,
    });
    assert.deepEqual(inventory.processes, [
      {
        exepath: '/usr/bin/curl',
        name: 'curl',
        args: ['-s', 'https://x'],
        parent: { name: 'systemd', exepath: '' },
        user: 'runner',
        containerId: 'host',
        firstPid: 10,
        cwd: '/home/runner/work/',
        count: 1,
        firstTime: '2025-06-02T09:30:00.000000002Z',
        lastTime: '2025-06-02T09:30:00.000000002Z',
      },
    ]);
    assert.deepEqual(
      inventory.connections.map((entry) => [entry.syscalls, entry.protocol, `${entry.remote.ip}:${entry.remote.port}`, entry.scope, entry.process, entry.user, entry.count, entry.bytesSent]),
      [
        [['connect'], 'tcp', '140.82.112.3:443', 'public', 'curl', 'runner', 1, 0],
        [['sendto'], 'udp', '8.8.8.8:53', 'public', 'curl', 'runner', 1, 34], // the 34-byte query
        [['connect'], 'tcp', '::1:53', 'loopback', 'curl', 'runner', 1, 35], // the 33-byte query and its length prefix
      ],
    );
    assert.deepEqual(
      inventory.dns.map((entry) => [entry.name, entry.types, entry.protocols, entry.servers, entry.queries, entry.processes]),
      [
        ['evil.example.com', ['TXT'], ['udp'], ['8.8.8.8:53'], 1, ['curl']],
        ['tcp.example.org', ['A'], ['tcp'], ['[::1]:53'], 1, ['curl']],
      ],
    );
    assert.deepEqual(
      inventory.files.map((entry) => [entry.path, entry.flags, entry.processes, entry.count]),
      [
        ['/home/runner/work/build.log', ['O_WRONLY', 'O_CREAT', 'O_TRUNC'], [{ name: 'curl', exepath: '/usr/bin/curl' }], 1],
        ['/home/runner/work/.github/workflows/ci.yml', ['O_WRONLY'], [{ name: 'curl', exepath: '/usr/bin/curl' }], 1],
      ],
    );
    assert.deepEqual(inventory.totals, { executions: 1, connections: 3, dnsQueries: 2, dnsResponses: 0, fileOpens: 2 });
    assert.deepEqual(inventory.summary, {
      workspace: '/home/runner/work/',
      publicDestinations: [
        { remote: { ip: '140.82.112.3', port: 443 }, protocol: 'tcp', count: 1 },
        { remote: { ip: '8.8.8.8', port: 53 }, protocol: 'udp', count: 1 },
      ],
      domains: ['evil.example.com', 'tcp.example.org'],
      newExecutables: [],
      writtenOutsideWorkspace: [],
      containers: 1,
    });
    assert.deepEqual(inventory.containers, [{ id: 'abcdef012345', name: 'job_container', image: 'node:20' }]);
  });

  it('lists a datagram to an explicit destination unless it goes to the connected peer', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 9, questions: [{ name: 'a.example', type: 'A' }] });
    const sendto = (ts: bigint, dest: string): Buffer =>
      event('SOCKET_SENDTO_X', ts, 10, [p.i64(query.length), p.bytes(query), p.i64(12), p.u32(query.length), p.ipv4Tuple('10.1.0.4', 41000, dest, 53)]);
    const bytes = Buffer.concat([
      sectionHeader(),
      processList([{ tid: 10, ptid: 1, comm: 'dig', cwd: '/' }]),
      event('SOCKET_SOCKET_X', T0 + 1n, 10, [p.i64(12), p.u32(AF_INET), p.u32(SOCK_DGRAM), p.u32(0)]),
      event('SOCKET_CONNECT_X', T0 + 2n, 10, [p.i64(0), p.ipv4Tuple('10.1.0.4', 41000, '1.1.1.1', 53), p.i64(12)]),
      sendto(T0 + 3n, '1.1.1.1'),
      sendto(T0 + 4n, '9.9.9.9'),
      event('SYSCALL_CLOSE_X', T0 + 5n, 10, [p.i64(0), p.i64(12)]),
      event('SOCKET_SOCKET_X', T0 + 6n, 10, [p.i64(12), p.u32(AF_INET), p.u32(SOCK_DGRAM), p.u32(0)]),
      sendto(T0 + 7n, '1.1.1.1'),
    ]);
    const path = join(dir, 'udp.scap');
    writeFileSync(path, bytes);
    const inventory = await buildInventory(path);
    assert.deepEqual(
      inventory.connections.map((entry) => [entry.syscalls, entry.remote.ip, entry.count, entry.firstTime, entry.lastTime]),
      [
        [['connect', 'sendto'], '1.1.1.1', 2, isoTime(T0 + 2n), isoTime(T0 + 7n)],
        [['sendto'], '9.9.9.9', 1, isoTime(T0 + 4n), isoTime(T0 + 4n)],
      ],
      'the reused fd number is a new, unconnected socket: its datagram to 1.1.1.1 counts as a connection',
    );
    assert.deepEqual(inventory.totals.connections, 3);
    assert.deepEqual(inventory.dns.map((entry) => [entry.name, entry.servers, entry.queries]), [['a.example', ['1.1.1.1:53', '9.9.9.9:53'], 3]]);
  });

  it('formats nanosecond timestamps exactly', () => {
    assert.equal(isoTime(0n), '1970-01-01T00:00:00.000000000Z');
    assert.equal(isoTime(1_534_527_348_514_632_619n), '2018-08-17T17:35:48.514632619Z');
  });
});

// Differential tests: our reader and inventory against Debian's sysdig 0.29.3 (the oracle) on every
// shared real capture. sysdig runs with -D so that it prints every event (without it, its "simple
// consumer" hides low-value ones) and with a format starting with '*' so that events with missing
// fields are printed too.
//
// Where sysdig 0.29.3 is wrong or lacks something, the comparison says so at that spot:
// - Threads absent from the capture's process list: sysdig invents pid=tid, ppid=-1, container 'host'
//   and shows proc.name <NA>; we leave event.thread undefined (the capture does not say).
// - proc.cwd after execve: sysdig 0.29.3 ignores the execve exit's cwd parameter and shows ''; we take it
//   from the parameter (curl_google: '/home/ubuntu', which the exit event carries).
// - fds: on the enter event of an fd-creating syscall sysdig shows a placeholder (fd -1); we show none.
//   sysdig 0.29.3 shows no fd for mmap (its table lacks EF_USES_FD there); we resolve the fd parameter.
//   For an fd unknown to the capture sysdig shows the number with type 'o'; we show none.
// - Generic events whose syscall code is 0 (unknown to the driver): sysdig names them '<unknown>', we
//   'syscall' (the event table's name).
// - user of a process first seen at its execve: sysdig shows <NA>; we inherit the parent's uid.
// - Containers: sysdig only lists containers through the lscontainers chisel, which cuts the image
//   name to 15 characters.
// - curl_google_comments.scap (options in the section header) cannot be opened by sysdig 0.29.3; it is
//   compared with curl_google.scap, the same capture without the comments.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { readCapture, type ScapEvent } from '../../../src/scap/index.ts';
import { buildInventory, type Inventory } from '../../../src/inventory/inventory.ts';
import { isoTime } from '../../../src/scap/time.ts';
import { requireSharedCaptures, requireSysdig, sharedCapturesDir } from '../../support/env.ts';

const SEP = '\u0001';
const END = '\u0002';

function sysdig(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('sysdig', args, { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolvePromise(stdout)));
  });
}

/** Rows of sysdig -p output with fields separated by SEP (the format must start with '*'). */
async function sysdigRows(path: string, fields: string[], filter?: string, extra: string[] = []): Promise<string[][]> {
  const args = [...extra, '-r', path, '-p', `*${fields.map((field) => `%${field}`).join(SEP)}`];
  if (filter !== undefined) args.push(filter);
  const out = await sysdig(args);
  return out
    .split('\n')
    .filter((line) => line.includes(SEP))
    .map((line) => line.split(SEP));
}

async function ready(t: TestContext): Promise<boolean> {
  return requireSharedCaptures(t) && (await requireSysdig(t));
}

/** Sums of counts by key, sorted by key: compares an aggregate with per-event rows. */
function countsOf(pairs: Array<[string, number]>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const [key, count] of pairs) counts.set(key, (counts.get(key) ?? 0) + count);
  return [...counts].sort(([left], [right]) => left.localeCompare(right));
}

/** The earliest time (sysdig's evt.rawtime) of each key, as ISO time, in the order of `keys`. */
function firstTimes(rows: Array<[string, string]>, keys: string[]): string[] {
  const first = new Map<string, bigint>();
  for (const [key, time] of rows) if (!first.has(key) || BigInt(time) < first.get(key)!) first.set(key, BigInt(time));
  return keys.map((key) => (first.has(key) ? isoTime(first.get(key)!) : `no sysdig row for ${key}`));
}

function captures(): string[] {
  return readdirSync(sharedCapturesDir())
    .filter((name) => name.endsWith('.scap') && name !== 'curl_google_comments.scap')
    .sort();
}

const NA = '<NA>';

describe('reader and inventory against sysdig 0.29.3', () => {
  it('has the capture list this suite was written for', (t) => {
    if (!requireSharedCaptures(t)) return;
    assert.ok(captures().length >= 7, `expected the shared captures, found ${captures().join(', ')}`);
  });

  for (const name of ['cat_write.scap', 'connect_localhost.scap', 'curl_google.scap', 'empty.scap', 'open-multiple-files.scap', 'ping_sendto.scap', 'syscall.scap']) {
    it(`${name}: same event count, and per event the same type, thread and fd`, async (t) => {
      if (!(await ready(t))) return;
      const path = join(sharedCapturesDir(), name);
      const fields = ['evt.num', 'evt.type', 'evt.dir', 'thread.tid', 'proc.pid', 'proc.ppid', 'proc.name', 'proc.exe', 'proc.args', 'proc.cwd', 'fd.num', 'fd.typechar', 'fd.name', 'container.id'];
      const expected = await sysdigRows(path, fields, undefined, ['-D']);
      const ours = new Map<number, ScapEvent>();
      const summary = await readCapture(path, (event) => ours.set(event.num, event));
      // evt.num counts every event record, also those sysdig consumes silently (container events).
      assert.equal(summary.events, Number(expected.at(-1)?.[0] ?? 0), 'event count');
      assert.ok(expected.length > 0);
      let compared = 0;
      for (const row of expected) {
        const [num, type, dir, tid, pid, ppid, comm, exe, args, cwd, fdNum, fdType, fdName, container] = row as [string, ...string[]];
        const event = ours.get(Number(num));
        assert.ok(event !== undefined, `event ${num} missing`);
        const where = `${name} event ${num} (${type})`;
        assert.equal(event.name, type === '<unknown>' ? 'syscall' : type, where);
        assert.equal(event.dir, dir, where);
        assert.equal(String(event.tid), tid, where);
        const thread = event.thread;
        if (thread === undefined) {
          assert.equal(comm, NA, `${where}: sysdig knows the thread`);
        } else {
          assert.equal(String(thread.pid), pid, `${where} pid`);
          assert.equal(String(thread.ptid), ppid, `${where} ppid`);
          assert.equal(thread.comm, comm, `${where} comm`);
          assert.equal(thread.exe, exe, `${where} exe`);
          assert.equal(thread.args.join(' '), args, `${where} args`);
          if (cwd !== '') assert.equal(thread.cwd, cwd!.endsWith('/') ? cwd : `${cwd}/`, `${where} cwd`);
          assert.equal(thread.containerId, container, `${where} container`);
        }
        if (event.fd !== undefined && fdNum !== NA && fdNum !== '-1') {
          assert.equal(String(event.fd.num), fdNum, `${where} fd.num`);
          assert.equal(event.fd.typechar, fdType, `${where} fd.typechar`);
          if (fdName !== NA) assert.equal(event.fd.name, fdName, `${where} fd.name`);
        } else if (event.fd === undefined && fdName !== NA && fdName !== '' && fdNum !== '-1') {
          assert.fail(`${where}: sysdig knows fd ${fdNum} ${fdName}, we do not`);
        }
        compared++;
      }
      t.diagnostic(`${compared} events compared`);
    });
  }

  for (const name of ['cat_write.scap', 'connect_localhost.scap', 'curl_google.scap', 'open-multiple-files.scap', 'ping_sendto.scap', 'syscall.scap']) {
    it(`${name}: the inventory matches sysdig's processes, connections, DNS, files and containers`, async (t) => {
      if (!(await ready(t))) return;
      const path = join(sharedCapturesDir(), name);
      const inventory = await buildInventory(path);

      // The inventory aggregates; sysdig's per-event rows are counted by the same keys here.
      const execs = await sysdigRows(path, ['evt.rawtime', 'proc.pid', 'proc.ppid', 'proc.name', 'proc.args'], 'evt.type in (execve,execveat) and evt.dir=< and evt.rawres=0');
      assert.deepEqual(
        countsOf(inventory.processes.map((entry) => [`${entry.name} ${entry.args.join(' ')}`, entry.count])),
        countsOf(execs.map(([, , , comm, args]) => [`${comm} ${args}`, 1])),
        'processes (name and arguments, with their run counts)',
      );
      assert.equal(inventory.totals.executions, execs.length, 'executions');
      assert.deepEqual(
        inventory.processes.map((entry) => entry.firstTime),
        firstTimes(execs.map(([time, , , comm, args]) => [`${comm} ${args}`, time!]), inventory.processes.map((entry) => `${entry.name} ${entry.args.join(' ')}`)),
        'first run of each process',
      );

      const connects = await sysdigRows(
        path,
        ['evt.rawtime', 'proc.pid', 'fd.l4proto', 'fd.cip', 'fd.cport', 'fd.sip', 'fd.sport'],
        'evt.type=connect and evt.dir=< and fd.type in (ipv4,ipv6) and (evt.rawres=0 or evt.rawres=-115)',
      );
      // Explicit destinations: the enter event of sendto/sendmsg carries the address the caller gave.
      const explicit = (await sysdigRows(path, ['evt.num', 'evt.arg.tuple'], 'evt.type in (sendto,sendmsg) and evt.dir=>')).filter(([, tuple]) => tuple !== '' && tuple !== NA && tuple !== 'NULL');
      assert.deepEqual(
        [...new Set(inventory.connections.filter((entry) => entry.syscalls.includes('connect')).map((entry) => `${entry.protocol} ${entry.remote.ip}:${entry.remote.port}`))].sort(),
        [...new Set(connects.map(([, , proto, , , sip, sport]) => `${proto} ${sip}:${sport}`))].sort(),
        'connect destinations',
      );
      assert.deepEqual(
        [...new Set(inventory.connections.filter((entry) => !entry.syscalls.includes('connect')).map((entry) => `${entry.remote.ip}:${entry.remote.port}`))].sort(),
        [...new Set(explicit.map(([, tuple]) => tuple!.slice(tuple!.indexOf('->') + 2)))].sort(),
        'datagrams to explicit destinations',
      );
      assert.equal(inventory.totals.connections, connects.length + explicit.length, 'connections made');

      // With -A sysdig puts the data on lines of its own: records are cut at an end marker instead.
      const dnsOutput = await sysdig(['-A', '-r', path, '-p', `*%evt.rawtime${SEP}%fd.sip${SEP}%fd.sport${SEP}%evt.arg.data${END}`, 'fd.sport=53 and evt.dir=< and evt.type in (sendto,sendmsg,write,send,writev) and evt.rawres>0']);
      const dnsRows = dnsOutput
        .split(END)
        .filter((record) => record.includes(SEP))
        .map((record) => record.trim().split(SEP));
      assert.equal(inventory.totals.dnsQueries, dnsRows.length, 'DNS queries');
      assert.equal(inventory.dns.reduce((sum, entry) => sum + entry.queries, 0) >= dnsRows.length, true, 'every query counted under its names');
      // sysdig -A prints only the printable bytes of the message: each name appears without its dots.
      for (const entry of inventory.dns) {
        if (entry.queries > 0) assert.ok(dnsRows.some((row) => row[3]!.includes(entry.name.replaceAll('.', ''))), `${entry.name} in sysdig's data`);
        for (const server of entry.servers) assert.ok(dnsRows.some(([, sip, sport]) => server === (sip!.includes(':') ? `[${sip}]:${sport}` : `${sip}:${sport}`)), `server ${server}`);
      }

      const opens = await sysdigRows(
        path,
        ['evt.rawtime', 'proc.pid', 'fd.name'],
        'evt.type in (open,openat,openat2,creat) and evt.dir=< and fd.typechar=f and evt.rawres>=0 and (evt.arg.flags contains O_WRONLY or evt.arg.flags contains O_RDWR or evt.arg.flags contains O_CREAT or evt.arg.flags contains O_TRUNC)',
      );
      assert.deepEqual(
        countsOf(inventory.files.map((entry) => [entry.path, entry.count])),
        countsOf(opens.map(([, , file]) => [file!, 1])),
        'files opened for writing, with their open counts',
      );
      assert.deepEqual(
        inventory.files.map((entry) => entry.firstTime),
        firstTimes(opens.map(([time, , file]) => [file!, time!]), inventory.files.map((entry) => entry.path)),
        'first open of each file',
      );

      const listed = (await sysdig(['-r', path, '-c', 'lscontainers']))
        .split('\n')
        .slice(2)
        .map((line) => line.trim().split(/\s+/))
        .filter((cells) => cells.length >= 4)
        .map(([, image, containerName, id]) => ({ id: id!, name: containerName!, image: image! }));
      assert.deepEqual(
        inventory.containers.map((entry) => ({ id: entry.id, name: entry.name, image: entry.image.slice(0, 15) })).sort((a, b) => a.id.localeCompare(b.id)),
        listed.sort((a, b) => a.id.localeCompare(b.id)),
        'containers',
      );
      t.diagnostic(`${inventory.processes.length} processes, ${inventory.connections.length} destinations, ${inventory.dns.length} DNS names, ${inventory.files.length} files, ${inventory.containers.length} containers`);
    });
  }

  it('curl_google_comments.scap (section header options) reads exactly like curl_google.scap', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const strip = (inventory: Inventory): unknown => ({ ...inventory, capture: { ...inventory.capture, path: '' } });
    const plain = await buildInventory(join(sharedCapturesDir(), 'curl_google.scap'));
    const commented = await buildInventory(join(sharedCapturesDir(), 'curl_google_comments.scap'));
    assert.deepEqual(strip(commented), strip(plain));
    assert.equal(commented.capture.events, 1536);
    assert.deepEqual(
      plain.dns.map((entry) => [entry.name, entry.types]),
      [['www.google.com', ['AAAA']]],
    );
  });
});

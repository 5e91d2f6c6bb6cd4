// The reader on hand-made captures: block handling, damage, enter/exit pairing, and the thread and fd
// state handed to consumers.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readCapture, readCaptureDetailed, ScapFormatError, type ScapEvent } from '../../../src/scap/index.ts';
import type { FdState } from '../../../src/scap/model.ts';
import { Bytes, block, event, fileFdList, p, processList, sectionHeader, userList } from './capture-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'scap-reader-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(bytes: Uint8Array, name = `capture-${counter++}.scap`): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function events(path: string, names?: string[]): Promise<ScapEvent[]> {
  const out: ScapEvent[] = [];
  await readCapture(path, (e) => out.push(e), names === undefined ? {} : { eventNames: new Set(names) });
  return out;
}

const T0 = 1_700_000_000_000_000_000n;
const AT_FDCWD = -100;
const O_WRONLY_CREAT_TRUNC = (1 << 1) | (1 << 2) | (1 << 8);

function execveExit(ts: bigint, tid: number, options: { pid?: number; ptid: number; exe: string; args: string[]; cwd: string; comm: string; cgroups?: string[] }): Buffer {
  return event('SYSCALL_EXECVE_19_X', ts, tid, [
    p.i64(0),
    p.str(options.exe),
    p.strings(options.args),
    p.i64(tid),
    p.i64(options.pid ?? tid),
    p.i64(options.ptid),
    p.str(options.cwd),
    p.i64(1024),
    p.i64(0),
    p.i64(0),
    p.u32(0),
    p.u32(0),
    p.u32(0),
    p.str(options.comm),
    p.strings(options.cgroups ?? []),
  ]);
}

function cloneExit(ts: bigint, tid: number, res: number, options: { pid: number; ptid: number; comm: string; flags?: number; uid?: number }): Buffer {
  return event('SYSCALL_CLONE_20_X', ts, tid, [
    p.i64(res),
    p.str(options.comm),
    p.strings([]),
    p.i64(tid),
    p.i64(options.pid),
    p.i64(options.ptid),
    p.str('/home/runner/'),
    p.i64(1024),
    p.i64(0),
    p.i64(0),
    p.u32(0),
    p.u32(0),
    p.u32(0),
    p.str(options.comm),
    p.strings([]),
    p.u32(options.flags ?? 0),
    p.u32(options.uid ?? 1001),
    p.u32(options.uid ?? 1001),
    p.i64(res === 0 ? tid : res),
    p.i64(res === 0 ? options.pid : res),
  ]);
}

function openatExit(ts: bigint, tid: number, fd: number, dirfd: number, name: string, flags: number): Buffer {
  return event('SYSCALL_OPENAT_2_X', ts, tid, [p.i64(fd), p.i64(dirfd), p.str(name), p.u32(flags), p.u32(0o644), p.u32(0), p.i64(0)]);
}

const header = Buffer.concat([
  sectionHeader(),
  processList([
    { tid: 100, ptid: 1, comm: 'Runner.Worker', exepath: '/runner/bin/Runner.Worker', cwd: '/home/runner/work', uid: 1001, args: ['spawnclient', '3', '4'] },
    { tid: 1, ptid: 0, comm: 'systemd', cwd: '/' },
  ]),
  fileFdList(100, [{ fd: 3, name: '/home/runner/work/repo', flags: 1 << 10 }]),
  userList([{ uid: 1001, name: 'runner' }]),
]);

describe('readCapture on hand-made captures', () => {
  it('follows clone, execve, openat (cwd and dirfd), dup, close and procexit', async () => {
    const bytes = Buffer.concat([
      header,
      cloneExit(T0 + 1n, 100, 200, { pid: 100, ptid: 1, comm: 'Runner.Worker' }),
      cloneExit(T0 + 2n, 200, 0, { pid: 200, ptid: 100, comm: 'Runner.Worker' }),
      event('SYSCALL_EXECVE_19_E', T0 + 3n, 200, [p.str('/usr/bin/bash')]),
      execveExit(T0 + 4n, 200, { ptid: 100, exe: 'bash', args: ['-e', 'step.sh'], cwd: '/home/runner/work', comm: 'bash' }),
      openatExit(T0 + 5n, 200, 4, AT_FDCWD, '../out/./log.txt', O_WRONLY_CREAT_TRUNC),
      openatExit(T0 + 6n, 200, 5, 3, 'src/../.github/workflows/ci.yml', 1 << 1),
      event('SYSCALL_DUP2_X', T0 + 7n, 200, [p.i64(1), p.i64(4), p.i64(1)]),
      event('SYSCALL_CLOSE_X', T0 + 8n, 200, [p.i64(0), p.i64(4)]),
      event('SYSCALL_CLOSE_X', T0 + 9n, 200, [p.i64(0), p.i64(1)]),
      event('PROCEXIT_1_E', T0 + 10n, 200, [p.i64(0), p.i64(0), new Uint8Array([0]), new Uint8Array([0]), p.i64(0)]),
      event('SYSCALL_CLOSE_X', T0 + 11n, 200, [p.i64(0), p.i64(5)]),
    ]);
    const seen = await events(file(bytes));
    assert.equal(seen.length, 11);
    const execve = seen.find((e) => e.name === 'execve' && e.dir === '<')!;
    assert.equal(execve.thread?.comm, 'bash');
    assert.equal(execve.thread?.exepath, '/usr/bin/bash', 'exepath from the enter event filename');
    assert.deepEqual(execve.thread?.args, ['-e', 'step.sh']);
    assert.equal(execve.thread?.cwd, '/home/runner/work/');
    assert.equal(execve.thread?.uid, 1001);
    assert.equal(execve.parent?.comm, 'Runner.Worker');
    assert.equal(execve.params['filename'], '/usr/bin/bash', 'enter parameters complete the exit event');
    const [firstOpen, secondOpen] = seen.filter((e) => e.name === 'openat');
    assert.equal(firstOpen!.fd?.name, '/home/runner/out/log.txt');
    assert.equal(firstOpen!.fd?.typechar, 'f');
    assert.equal(secondOpen!.fd?.name, '/home/runner/work/repo/.github/workflows/ci.yml', 'relative to the dirfd inherited through clone');
    const dup = seen.find((e) => e.name === 'dup2')!;
    assert.equal(dup.fd?.name, '/home/runner/out/log.txt');
    assert.equal(dup.fd?.num, 1);
    const closes = seen.filter((e) => e.name === 'close');
    assert.equal(closes[0]!.fd?.name, '/home/runner/out/log.txt', 'a close still shows the fd it closes');
    assert.equal(closes[1]!.fd?.num, 1);
    assert.equal(closes[2]!.thread, undefined, 'the thread is gone after procexit');
    // Events keep the state they had: the parent's clone event saw the pre-exec comm.
    assert.equal(seen[1]!.thread?.comm, 'Runner.Worker');
    assert.equal(seen[0]!.num, 1);
    assert.equal(seen[10]!.num, 11);
  });

  it('counts and skips events that were not asked for, still tracking state', async () => {
    const bytes = Buffer.concat([
      header,
      execveExit(T0 + 1n, 100, { ptid: 1, exe: '/usr/bin/curl', args: ['https://example.com'], cwd: '/tmp', comm: 'curl' }),
      event('SOCKET_SOCKET_X', T0 + 2n, 100, [p.i64(7), p.u32(2), p.u32(1), p.u32(0)]),
      event('SOCKET_CONNECT_X', T0 + 3n, 100, [p.i64(-115), p.ipv4Tuple('10.0.0.5', 40000, '93.184.216.34', 443), p.i64(7)]),
      event('SYSCALL_WRITE_X', T0 + 4n, 100, [p.i64(5), p.bytes(Buffer.from('hello')), p.i64(7), p.u32(5)]),
    ]);
    const summary = await readCaptureDetailed(file(bytes), () => {}, {});
    assert.equal(summary.events, 4);
    const writes = await events(file(bytes), ['write']);
    assert.equal(writes.length, 1);
    assert.equal(writes[0]!.thread?.comm, 'curl');
    assert.equal(writes[0]!.fd?.name, '10.0.0.5:40000->93.184.216.34:443');
    assert.equal(writes[0]!.fd?.l4proto, 'tcp');
    assert.equal(writes[0]!.fd?.role, 'client');
    assert.deepEqual(Buffer.from(writes[0]!.params['data'] as Uint8Array).toString(), 'hello');
  });

  it('pairs old enter/exit events (v1 blocks without nparams) like libscap', async () => {
    const bytes = Buffer.concat([
      header,
      event('SYSCALL_OPEN_E', T0 + 1n, 100, [p.str('notes.txt'), p.u32(O_WRONLY_CREAT_TRUNC), p.u32(0o600)], { v1: true }),
      event('SYSCALL_OPEN_X', T0 + 2n, 100, [p.i64(9)], { v1: true }),
    ]);
    const seen = await events(file(bytes), ['open']);
    assert.equal(seen.length, 2);
    assert.equal(seen[1]!.fd?.name, '/home/runner/work/notes.txt');
    assert.equal(seen[1]!.params['name'], 'notes.txt');
    assert.equal(seen[1]!.params['fd'], 9);
  });

  it('skips unknown blocks and event codes by their length', async () => {
    const unknownEvent = Buffer.from(event('SYSCALL_CLOSE_X', T0 + 1n, 100, [p.i64(0), p.i64(3)]));
    unknownEvent.writeUInt16LE(60000, 8 + 2 + 20); // an event type from the future
    const bytes = Buffer.concat([header, block(0x7777, Buffer.from('future block')), unknownEvent, event('SYSCALL_CLOSE_X', T0 + 2n, 100, [p.i64(0), p.i64(3)])]);
    const summary = await readCaptureDetailed(file(bytes), () => {}, {});
    assert.equal(summary.events, 2);
    assert.equal(summary.truncated, undefined);
  });

  it('reads a section header with options, and gzip the same as plain', async () => {
    const options = new Bytes().u16(1).u16(8).raw(Buffer.from('comment!')).u16(0).u16(0).build();
    const bytes = Buffer.concat([sectionHeader(options), header.subarray(sectionHeader().length), event('SYSCALL_CLOSE_X', T0, 100, [p.i64(0), p.i64(3)])]);
    const plain = await readCaptureDetailed(file(bytes), () => {}, {});
    assert.equal(plain.sectionOptions, true);
    assert.equal(plain.events, 1);
    const zipped = await readCaptureDetailed(file(gzipSync(bytes)), () => {}, {});
    assert.equal(zipped.events, 1);
    assert.equal(zipped.users[0]?.name, 'runner');
  });

  it('tells a progress display the file bytes read (compressed ones for gzip) and the events, up to the whole file', async () => {
    const bytes = Buffer.concat([header, ...Array.from({ length: 3000 }, (_, index) => event('SYSCALL_CLOSE_X', T0 + BigInt(index), 100, [p.i64(0), p.i64(3)]))]);
    for (const [name, content] of [['plain', bytes], ['gzip', gzipSync(bytes)]] as const) {
      const calls: Array<[number, number]> = [];
      const summary = await readCaptureDetailed(file(content), () => {}, { onProgress: (fileBytes, events) => calls.push([fileBytes, events]) });
      assert.ok(calls.length >= 1, name);
      assert.deepEqual(calls.at(-1), [content.length, summary.events], name);
      assert.ok(calls.every(([fileBytes], index) => index === 0 || fileBytes >= (calls[index - 1] as [number, number])[0]), `${name}: never backwards`);
    }
  });

  it('rejects files that are not captures with ScapFormatError naming the file', async () => {
    for (const [bytes, problem] of [
      [Buffer.from('#!/bin/sh\necho hi\n'), /does not start with a section header/],
      [Buffer.alloc(0), /empty/],
      [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), /not a scap capture/],
      [gzipSync(Buffer.from('plain text, compressed')), /does not start with a section header/],
      [sectionHeader().subarray(0, 12), /ends inside its section header/],
    ] as const) {
      const path = file(bytes);
      await assert.rejects(readCapture(path, () => {}), (error: unknown) => error instanceof ScapFormatError && error.message.startsWith(`${path}: `) && problem.test(error.message));
    }
    await assert.rejects(readCapture(join(dir, 'missing.scap'), () => {}), /missing\.scap: cannot read the file \(no such file\)/);
    await assert.rejects(readCapture(dir, () => {}), /cannot read the file \(is a directory\)/);
    await assert.rejects(readCapture('/dev/null', () => {}), /\/dev\/null: not a scap capture: not a regular file/);
  });

  it('keeps every complete event when the file ends mid-block, at every cut', async () => {
    const blocks = [
      header,
      openatExit(T0 + 1n, 100, 4, AT_FDCWD, 'a.txt', O_WRONLY_CREAT_TRUNC),
      event('SYSCALL_CLOSE_X', T0 + 2n, 100, [p.i64(0), p.i64(4)]),
      event('SYSCALL_CLOSE_X', T0 + 3n, 100, [p.i64(0), p.i64(5)]),
    ];
    const whole = Buffer.concat(blocks);
    const boundaries = blocks.reduce<number[]>((acc, part) => [...acc, (acc.at(-1) ?? 0) + part.length], []);
    for (let cut = header.length; cut < whole.length; cut++) {
      const summary = await readCaptureDetailed(file(whole.subarray(0, cut), 'cut.scap'), () => {}, {});
      const complete = boundaries.filter((end) => end <= cut).length - 1;
      assert.equal(summary.events, complete, `cut at ${cut}`);
      const atBoundary = boundaries.includes(cut);
      assert.deepEqual(summary.truncated, atBoundary ? undefined : { offset: boundaries[complete]! }, `cut at ${cut}`);
    }
  });

  it('skips a damaged block, reporting where and how much, and reads on instead of reading garbage', async () => {
    const good = event('SYSCALL_CLOSE_X', T0 + 1n, 100, [p.i64(0), p.i64(3)]);
    const damaged = Buffer.from(event('SYSCALL_CLOSE_X', T0 + 2n, 100, [p.i64(0), p.i64(3)]));
    damaged.writeUInt32LE(0xffffff00, 4); // absurd block length
    const bytes = Buffer.concat([header, good, damaged, good]);
    const summary = await readCaptureDetailed(file(bytes), () => {}, {});
    assert.equal(summary.events, 2, 'the events on both sides of the damage');
    assert.equal(summary.truncated, undefined);
    assert.equal(summary.damage?.regionCount, 1);
    assert.deepEqual(
      { offset: summary.damage.regions[0]!.offset, bytesSkipped: summary.damage.regions[0]!.bytesSkipped, resumedAt: summary.damage.regions[0]!.resumedAt },
      { offset: header.length + good.length, bytesSkipped: damaged.length, resumedAt: header.length + good.length + damaged.length },
    );
    const badParams = Buffer.from(good);
    badParams.writeUInt16LE(5000, 8 + 2 + 26); // a parameter longer than its event
    const badParamsPath = file(Buffer.concat([header, badParams, good]));
    const seen = await events(badParamsPath);
    assert.equal(seen.length, 1, 'the inconsistent event is skipped, the next one read');
    const reported = await readCaptureDetailed(badParamsPath, () => {}, {});
    assert.match(reported.damage?.regions[0]?.problem ?? '', /the parameter lengths of a close event do not add up to its length/, 'and reported as damage');
  });

  it('resolves the program of a successful execveat (enter execveat, exit execve) as libsinsp does', async () => {
    const PPM_EXVAT_AT_EMPTY_PATH = 1;
    const PPM_EXE_WRITABLE = 1; // the exit event's own "flags": the same bit, another meaning
    // An execve exit with every parameter up to its own flags, so that both events have a "flags".
    const execveExitWithFlags = (ts: bigint, tid: number, comm: string) =>
      event('SYSCALL_EXECVE_19_X', ts, tid, [
        p.i64(0), p.str(comm), p.strings([]), p.i64(tid), p.i64(tid), p.i64(100), p.str('/home/runner/work'),
        p.i64(1024), p.i64(0), p.i64(0), p.u32(0), p.u32(0), p.u32(0), p.str(comm), p.strings([]), p.strings([]),
        p.u32(0), p.i64(tid), p.u32(1001), p.u32(PPM_EXE_WRITABLE),
      ]);
    const execveat = (ts: bigint, tid: number, dirfd: number, pathname: string, flags: number) =>
      event('SYSCALL_EXECVEAT_E', ts, tid, [p.i64(dirfd), p.str(pathname), p.u32(flags)]);
    const bytes = Buffer.concat([
      header,
      // fd 3 is the checkout directory (the fd list above); fd 4 a file opened now.
      openatExit(T0 + 1n, 100, 4, AT_FDCWD, '/tmp/payload', 1 << 1),
      cloneExit(T0 + 2n, 100, 301, { pid: 100, ptid: 1, comm: 'Runner.Worker' }),
      execveat(T0 + 3n, 301, 3, 'scripts/../bin/run.sh', 0),
      execveExitWithFlags(T0 + 4n, 301, 'run.sh'),
      cloneExit(T0 + 5n, 100, 302, { pid: 100, ptid: 1, comm: 'Runner.Worker' }),
      execveat(T0 + 6n, 302, 4, '', PPM_EXVAT_AT_EMPTY_PATH),
      execveExitWithFlags(T0 + 7n, 302, 'payload'),
      cloneExit(T0 + 8n, 100, 303, { pid: 100, ptid: 1, comm: 'Runner.Worker' }),
      execveat(T0 + 9n, 303, AT_FDCWD, './tool', 0),
      execveExitWithFlags(T0 + 10n, 303, 'tool'),
      cloneExit(T0 + 11n, 100, 304, { pid: 100, ptid: 1, comm: 'Runner.Worker' }),
      execveat(T0 + 12n, 304, 42, 'unknown-dir-fd', 0),
      execveExitWithFlags(T0 + 13n, 304, 'lost'),
    ]);
    const execs = (await events(file(bytes), ['execve'])).filter((e) => e.dir === '<');
    assert.deepEqual(
      execs.map((e) => [e.thread?.comm, e.thread?.exepath]),
      [
        ['run.sh', '/home/runner/work/repo/bin/run.sh'], // relative to dirfd, not to the cwd
        ['payload', '/tmp/payload'], // AT_EMPTY_PATH: the file dirfd refers to
        ['tool', '/home/runner/work/tool'], // AT_FDCWD: relative to the cwd
        ['lost', ''], // a dirfd the capture never showed: unknown, not guessed
      ],
    );
  });

  it('names generic events after their syscall', async () => {
    const bytes = Buffer.concat([header, event('GENERIC_X', T0, 100, [p.u16(139), p.u16(28)])]);
    const seen = await events(file(bytes), ['madvise']);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.name, 'madvise');
    assert.equal((await events(file(bytes), ['close'])).length, 0);
  });
});

describe('readCapture and its consumer', () => {
  it('lets an exception thrown by the callback propagate instead of calling the capture truncated', async () => {
    const bytes = Buffer.concat([header, event('SYSCALL_CLOSE_X', T0, 100, [p.i64(0), p.i64(3)])]);
    await assert.rejects(
      readCapture(file(bytes), () => {
        throw new Error('consumer failed');
      }),
      /consumer failed/,
    );
  });
});

describe('working directory changes', () => {
  it('follows chdir (relative) and fchdir, for the thread and its process', async () => {
    const bytes = Buffer.concat([
      header,
      event('SYSCALL_CHDIR_X', T0 + 1n, 100, [p.i64(0), p.str('../build/./out')]),
      openatExit(T0 + 2n, 100, 6, AT_FDCWD, 'a.o', O_WRONLY_CREAT_TRUNC),
      event('SYSCALL_CHDIR_X', T0 + 3n, 100, [p.i64(-2), p.str('/nonexistent')]),
      event('SYSCALL_FCHDIR_X', T0 + 4n, 100, [p.i64(0), p.i64(3)]),
      openatExit(T0 + 5n, 100, 7, AT_FDCWD, 'b.txt', O_WRONLY_CREAT_TRUNC),
    ]);
    const opens = await events(file(bytes), ['openat']);
    assert.equal(opens[0]!.fd?.name, '/home/runner/build/out/a.o');
    assert.equal(opens[0]!.thread?.cwd, '/home/runner/build/out/');
    assert.equal(opens[1]!.fd?.name, '/home/runner/work/repo/b.txt', 'a failed chdir changes nothing; fchdir goes to the fd');
  });
});

describe('container information', () => {
  it('comes from old container events and from the container plugin async event of current libs', async () => {
    const json = (id: string, name: string): Uint8Array => p.str(JSON.stringify({ container: { id, name, image: `${name}:latest`, type: 0 } }));
    const bytes = Buffer.concat([
      header,
      event('CONTAINER_E', 0n, 0, [p.str('111111111111'), p.u32(0), p.str('old'), p.str('old:1')]),
      event('CONTAINER_JSON_2_E', 0n, 0, [json('222222222222', 'json2')]),
      event('ASYNCEVENT_E', T0, 1, [p.u32(999), p.str('container'), json('333333333333', 'plugin')]),
      event('ASYNCEVENT_E', T0 + 1n, 1, [p.u32(999), p.str('container_removed'), json('444444444444', 'ignored')]),
    ]);
    const summary = await readCaptureDetailed(file(bytes), () => {}, { eventNames: new Set() });
    assert.deepEqual(
      summary.containers.map((container) => [container.id, container.name, container.image]),
      [
        ['111111111111', 'old', 'old:1'],
        ['222222222222', 'json2', 'json2:latest'],
        ['333333333333', 'plugin', 'plugin:latest'],
      ],
    );
    assert.equal(summary.containers[0]!.type, 'docker');
  });
});

describe('event block kinds', () => {
  it('reads EVF (with flags) and large-payload blocks like plain event blocks', async () => {
    const plain = event('SYSCALL_CLOSE_X', T0, 100, [p.i64(0), p.i64(3)], { cpu: 3 });
    // EVF_BLOCK_TYPE_V2: the same body with 4 bytes of flags after the cpu id.
    const body = plain.subarray(8, plain.readUInt32LE(4) - 4);
    const withFlags = Buffer.concat([body.subarray(0, 2), Buffer.from([1, 0, 0, 0]), body.subarray(2)]);
    const evf = block(0x217, withFlags);
    const large = block(0x221, body);
    const bytes = Buffer.concat([header, plain, evf, large]);
    const seen = await events(file(bytes));
    assert.equal(seen.length, 3);
    for (const seenEvent of seen) {
      assert.equal(seenEvent.name, 'close');
      assert.equal(seenEvent.cpu, 3);
      assert.equal(seenEvent.params['fd'], 3);
    }
  });
});

describe('datagram sockets', () => {
  it('names a socket by the sender of what recvfrom/recvmsg received, client first, as libsinsp does', async () => {
    const udp = (ts: bigint, fd: number) => event('SOCKET_SOCKET_X', ts, 100, [p.i64(fd), p.u32(2), p.u32(2), p.u32(0)]);
    const recvfrom = (ts: bigint, fd: number, res: number, tuple: Uint8Array) => event('SOCKET_RECVFROM_X', ts, 100, [p.i64(res), p.str('x'), tuple, p.i64(fd), p.u32(512)]);
    const bindAddr = new Bytes().u8(2).raw(Buffer.from([0, 0, 0, 0])).u16(5353).build();
    const bytes = Buffer.concat([
      header,
      // fd 5: a resolver's socket, a client since its sendto; the answer comes back from the server.
      udp(T0 + 1n, 5),
      event('SOCKET_SENDTO_X', T0 + 2n, 100, [p.i64(32), p.str('q'), p.i64(5), p.u32(32), p.ipv4Tuple('10.0.0.2', 40000, '8.8.8.8', 53)]),
      recvfrom(T0 + 3n, 5, 60, p.ipv4Tuple('8.8.8.8', 53, '10.0.0.2', 40000)),
      // fd 6: receives first, and no socket of the process is bound to its port: a client, by libsinsp's guess.
      udp(T0 + 4n, 6),
      recvfrom(T0 + 5n, 6, 10, p.ipv4Tuple('192.0.2.9', 5000, '10.0.0.2', 41000)),
      // fd 7: bound to 5353, a server: the sender is the client.
      udp(T0 + 6n, 7),
      event('SOCKET_BIND_X', T0 + 7n, 100, [p.i64(0), bindAddr, p.i64(7)]),
      recvfrom(T0 + 8n, 7, 10, p.ipv4Tuple('192.0.2.7', 40001, '10.0.0.2', 5353)),
      // A failed recvfrom changes nothing.
      recvfrom(T0 + 9n, 7, -11, p.ipv4Tuple('203.0.113.1', 1, '10.0.0.2', 5353)),
      // fd 8: a connected TCP socket keeps its name.
      event('SOCKET_SOCKET_X', T0 + 10n, 100, [p.i64(8), p.u32(2), p.u32(1), p.u32(0)]),
      event('SOCKET_CONNECT_X', T0 + 11n, 100, [p.i64(0), p.ipv4Tuple('10.0.0.2', 50000, '140.82.112.3', 443), p.i64(8)]),
      recvfrom(T0 + 12n, 8, 10, p.ipv4Tuple('198.51.100.1', 443, '10.0.0.2', 50000)),
    ]);
    const seen = (await events(file(bytes), ['recvfrom'])).map((e) => [e.fd?.name, e.fd?.role]);
    assert.deepEqual(seen, [
      ['10.0.0.2:40000->8.8.8.8:53', 'client'],
      ['10.0.0.2:41000->192.0.2.9:5000', 'client'],
      ['192.0.2.7:40001->10.0.0.2:5353', 'server'],
      ['192.0.2.7:40001->10.0.0.2:5353', 'server'],
      ['10.0.0.2:50000->140.82.112.3:443', 'client'],
    ]);
  });
});

describe('server sockets', () => {
  it('names a bound socket by its local address and an accepted one by its tuple', async () => {
    const addr = new Bytes().u8(2).raw(Buffer.from([0, 0, 0, 0])).u16(8080).build();
    const bytes = Buffer.concat([
      header,
      event('SOCKET_SOCKET_X', T0 + 1n, 100, [p.i64(5), p.u32(2), p.u32(1), p.u32(0)]),
      event('SOCKET_BIND_X', T0 + 2n, 100, [p.i64(0), addr, p.i64(5)]),
      event('SOCKET_ACCEPT4_6_X', T0 + 3n, 100, [p.i64(6), p.ipv4Tuple('172.17.0.9', 50123, '172.17.0.2', 8080), new Uint8Array([0]), p.u32(0), p.u32(128), p.u32(0)]),
    ]);
    const seen = await events(file(bytes), ['bind', 'accept4']);
    assert.equal(seen[0]!.fd?.name, '0.0.0.0:8080');
    assert.equal(seen[0]!.fd?.role, 'server');
    assert.equal(seen[0]!.fd?.l4proto, 'tcp');
    assert.equal(seen[1]!.fd?.name, '172.17.0.9:50123->172.17.0.2:8080');
    assert.equal(seen[1]!.fd?.role, 'server');
    assert.deepEqual(seen[1]!.fd?.client, { ip: '172.17.0.9', port: 50123 });
  });

  it('delivers events named in deliverOnlyIf only when the predicate accepts their fd', async () => {
    const bytes = Buffer.concat([
      header,
      event('SOCKET_SOCKET_X', T0 + 1n, 100, [p.i64(5), p.u32(2), p.u32(2), p.u32(0)]),
      event('SOCKET_CONNECT_X', T0 + 2n, 100, [p.i64(0), p.ipv4Tuple('10.0.0.2', 40000, '8.8.8.8', 53), p.i64(5)]),
      openatExit(T0 + 3n, 100, 6, AT_FDCWD, 'out.log', O_WRONLY_CREAT_TRUNC),
      event('SYSCALL_WRITE_X', T0 + 4n, 100, [p.i64(3), p.str('ab'), p.i64(6), p.u32(3)]),
      event('SYSCALL_WRITE_X', T0 + 5n, 100, [p.i64(3), p.str('cd'), p.i64(5), p.u32(3)]),
      event('SYSCALL_WRITE_X', T0 + 6n, 100, [p.i64(3), p.str('ef'), p.i64(99), p.u32(3)]),
      event('SYSCALL_PWRITE_X', T0 + 7n, 100, [p.i64(3), p.str('gh'), p.i64(6), p.u32(3), p.i64(0)]),
    ]);
    const path = file(bytes);
    const delivered: Array<{ ts: bigint; fd: string | undefined }> = [];
    const summary = await readCaptureDetailed(path, (e) => delivered.push({ ts: e.ts, fd: e.fd?.name }), {
      eventNames: new Set(['write', 'pwrite']),
      deliverOnlyIf: new Map([['write', (fd: FdState | undefined) => fd?.kind === 'ipv4' || fd?.kind === 'ipv6']]),
    });
    assert.equal(summary.events, 7, 'every event is still counted');
    // The write to the connected UDP socket passes; those to a file and to an unknown fd do not; pwrite
    // is not restricted.
    assert.deepEqual(delivered, [
      { ts: T0 + 5n, fd: '10.0.0.2:40000->8.8.8.8:53' },
      { ts: T0 + 7n, fd: '/home/runner/work/out.log' },
    ]);
  });
});

// The description side: validation errors that name the source and the field, the planner's kernel
// bookkeeping (pids, fds, times), and the streaming writer's file output.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { eventCode, eventInfo } from '../../../src/scap/event-table.ts';
import { FDL_BLOCK_TYPE_V2, IL_BLOCK_TYPE_V2, MI_BLOCK_TYPE, PL_BLOCK_TYPE_V9, SHB_BLOCK_TYPE, UL_BLOCK_TYPE_V2, isEventBlock } from '../../../src/scap/format.ts';
import {
  CaptureDescriptionError,
  containerJson,
  parseCaptureDescription,
  planCapture,
  writeCapture,
  type CaptureDescriptionInput,
} from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';

const base: CaptureDescriptionInput = {
  start: '2025-01-01T00:00:00Z',
  processes: [{ pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', cwd: '/work' }],
};

function plan(events: unknown[], extra: Partial<CaptureDescriptionInput> = {}) {
  return planCapture(parseCaptureDescription({ ...base, ...extra, events }, 'test.json'), 'test.json');
}

function errorOf(action: () => unknown): CaptureDescriptionError {
  try {
    action();
  } catch (error) {
    if (error instanceof CaptureDescriptionError) return error;
    throw error;
  }
  assert.fail('expected a CaptureDescriptionError');
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scap-writer-unit-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('validation errors name the source and the exact field', () => {
  const error = errorOf(() =>
    parseCaptureDescription(
      {
        processes: [{ pid: 1, ppid: 0, comm: 'a-very-long-command-name', exepath: 'relative/path' }],
        events: [{ type: 'connect', pid: 1, local: { ip: '10.0.0.1', port: 1 }, remote: { ip: 'not-an-ip', port: 80 } }],
      },
      'ci.json',
    ),
  );
  assert.match(error.message, /^ci\.json: invalid capture description/);
  assert.ok(error.issues.some((issue) => issue.startsWith('processes[0].comm:')), error.message);
  assert.ok(error.issues.some((issue) => issue.startsWith('processes[0].exepath: must be an absolute path')), error.message);
  assert.ok(error.issues.some((issue) => issue.startsWith('events[0].remote.ip: must be an IPv4 or IPv6 address')), error.message);
  assert.match(errorOf(() => parseCaptureDescription({ events: [] }, 'x.json')).message, /processes/);
  assert.match(errorOf(() => parseCaptureDescription({ ...base, events: [{ type: 'teleport', pid: 100 }] }, 'x.json')).message, /events\[0\]\.type/);
  assert.match(errorOf(() => parseCaptureDescription({ ...base, events: [{ type: 'write', pid: 100, data: 'x' }] }, 'x.json')).message, /exactly one of fd and path/);
});

test('planner errors name the event: unknown pid, exited pid, unopened fd, unknown path, time going back', () => {
  assert.match(errorOf(() => plan([{ type: 'exec', pid: 7, exepath: '/bin/true' }])).message, /events\[0\]\.pid: process 7 does not exist/);
  assert.match(errorOf(() => plan([{ type: 'procexit', pid: 100 }, { type: 'close', pid: 100, fd: 1 }])).message, /events\[1\]\.pid: process 100 has already exited/);
  assert.match(errorOf(() => plan([{ type: 'write', pid: 100, fd: 9, data: 'x' }])).message, /events\[0\]\.fd: fd 9 is not open in process 100/);
  assert.match(errorOf(() => plan([{ type: 'close', pid: 100, path: '/nope' }])).message, /events\[0\]\.path: no fd of process 100 is open on '\/nope'/);
  assert.match(errorOf(() => plan([{ type: 'fork', pid: 100, childPid: 100 }])).message, /events\[0\]\.childPid: pid 100 is already in use/);
  assert.match(errorOf(() => plan([{ type: 'chdir', pid: 100, path: '/a', at: 5 }, { type: 'chdir', pid: 100, path: '/b', at: 4 }])).message, /events\[1\]\.at/);
});

test('fds: the lowest free one is handed out, children inherit, close frees, paths name the newest fd', () => {
  const result = plan(
    [
      { type: 'open', pid: 100, path: 'a.txt', flags: ['O_WRONLY', 'O_CREAT'] },
      { type: 'connect', pid: 100, local: { ip: '10.0.0.1', port: 1000 }, remote: { ip: '10.0.0.2', port: 80 } },
      { type: 'close', pid: 100, path: 'a.txt' },
      { type: 'fork', pid: 100, childPid: 101 },
      { type: 'open', pid: 101, path: 'b.txt' },
      { type: 'write', pid: 101, path: 'b.txt', data: 'hello' },
    ],
    { processes: [{ pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', fds: [{ fd: 3, kind: 'pipe' }] }] },
  );
  const openExits = result.events.filter((event) => event.code === eventCode('SYSCALL_OPENAT_2_X'));
  assert.deepEqual(
    openExits.map((event) => [event.tid, event.params.fd]),
    [
      [100, 4],
      [101, 4],
    ],
  );
  const socketExit = result.events.find((event) => event.code === eventCode('SOCKET_SOCKET_X'));
  assert.equal(socketExit?.params.fd, 5);
  const write = result.events.find((event) => event.code === eventCode('SYSCALL_WRITE_X'));
  assert.equal(write?.params.fd, 4);
  assert.equal(write?.params.res, 5);
  assert.deepEqual(result.fds.get(100), [{ fd: 3, kind: 'pipe', name: 'pipe:[1]' }]);
});

test('times: `at` is milliseconds after start, records of one event are spaced, everything strictly increases', () => {
  const result = plan([
    { type: 'fork', pid: 100, childPid: 200, at: 1.5 },
    { type: 'exec', pid: 200, exepath: '/usr/bin/env' },
    { type: 'procexit', pid: 200, at: 1.5 },
  ]);
  const start = BigInt(Date.parse('2025-01-01T00:00:00Z')) * 1_000_000n;
  assert.equal(result.events[0]?.ts, start + 1_500_000n);
  const stamps = result.events.map((event) => event.ts);
  for (let index = 1; index < stamps.length; index++) assert.ok(stamps[index]! > stamps[index - 1]!, `record ${index} is later`);
  // A later `at` equal to an earlier one cannot go back: the procexit lands after the exec.
  assert.ok(stamps.at(-1)! > stamps.at(-2)!);
});

test('fork writes the parent enter, the parent exit (res = child) and the child exit (res = 0)', () => {
  const result = plan([{ type: 'vfork', pid: 100, childPid: 300 }]);
  const names = result.events.map((event) => `${eventInfo(event.code)?.symbol} tid=${event.tid} res=${String(event.params.res)}`);
  assert.deepEqual(names, ['SYSCALL_VFORK_20_E tid=100 res=undefined', 'SYSCALL_VFORK_20_X tid=100 res=300', 'SYSCALL_VFORK_20_X tid=300 res=0']);
  const childExit = result.events[2]!;
  assert.equal(childExit.params.ptid, 100);
  assert.equal(childExit.params.cwd, '/work');
});

test('exec: a new cwd becomes a chdir first; a failed exec keeps the old identity', () => {
  const result = plan([
    { type: 'exec', pid: 100, exepath: '/usr/bin/make', args: ['all'], cwd: '/work/sub' },
    { type: 'exec', pid: 100, exepath: '/nonexistent', res: -2 },
  ]);
  const symbols = result.events.map((event) => eventInfo(event.code)?.symbol);
  assert.deepEqual(symbols, ['SYSCALL_CHDIR_E', 'SYSCALL_CHDIR_X', 'SYSCALL_EXECVE_19_E', 'SYSCALL_EXECVE_19_X', 'SYSCALL_EXECVE_19_E', 'SYSCALL_EXECVE_19_X']);
  assert.equal(result.events[1]?.params.path, '/work/sub');
  const ok = result.events[3]!;
  assert.equal(ok.params.comm, 'make');
  assert.equal(ok.params.trusted_exepath, '/usr/bin/make');
  assert.deepEqual(Buffer.from(ok.params.args as Uint8Array).toString(), 'all\0');
  const failed = result.events[5]!;
  assert.equal(failed.params.res, -2);
  assert.equal(failed.params.comm, 'make');
  assert.equal(failed.params.filename, '/nonexistent');
});

test('container JSON has the shape libsinsp writes, with the short id', () => {
  const id = 'ab'.repeat(32);
  const parsed = JSON.parse(containerJson({ id, name: 'web', image: 'ghcr.io/acme/web:1.2', privileged: false })) as { container: Record<string, unknown> };
  assert.equal(parsed.container.id, id.slice(0, 12));
  assert.equal(parsed.container.full_id, id);
  assert.equal(parsed.container.imagerepo, 'ghcr.io/acme/web');
  assert.equal(parsed.container.imagetag, '1.2');
  assert.equal(parsed.container.type, 0);
});

function walkBlocks(bytes: Buffer): number[] {
  const types: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const type = bytes.readUInt32LE(offset);
    const length = bytes.readUInt32LE(offset + 4);
    assert.equal(bytes.readUInt32LE(offset + length - 4), length, `trailer of block at ${offset}`);
    types.push(type);
    offset += length;
  }
  assert.equal(offset, bytes.length);
  return types;
}

test('writeCapture streams the header blocks in libscap order, then one block per event; gzip holds the same bytes', async () => {
  const source = repoPath('examples', 'ci-job.json');
  const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
  const plainPath = join(dir, 'plain.scap');
  const result = await writeCapture(description, plainPath);
  const plain = await readFile(plainPath);
  assert.equal(result.bytes, plain.length);
  const types = walkBlocks(plain);
  assert.deepEqual(types.slice(0, 6), [SHB_BLOCK_TYPE, MI_BLOCK_TYPE, IL_BLOCK_TYPE_V2, UL_BLOCK_TYPE_V2, PL_BLOCK_TYPE_V9, FDL_BLOCK_TYPE_V2]);
  assert.equal(types.filter(isEventBlock).length, result.events);
  assert.equal(types.length, 6 + result.events);

  const gzipPath = join(dir, 'plain.scap.gz');
  await writeCapture(description, gzipPath, { gzip: true });
  assert.deepEqual(gunzipSync(await readFile(gzipPath)), plain);
});

test('writeCapture removes nothing it did not create and reports an unwritable path by name', async () => {
  const description = parseCaptureDescription(base);
  await assert.rejects(writeCapture(description, join(dir, 'missing-dir', 'x.scap')), /cannot write .*missing-dir\/x\.scap/);
  const bad = parseCaptureDescription({ ...base, events: [{ type: 'close', pid: 100, fd: 42 }] });
  const target = join(dir, 'bad.scap');
  await assert.rejects(writeCapture(bad, target, { source: 'bad.json' }), /bad\.json: invalid capture description:\n  - events\[0\]\.fd: fd 42 is not open/);
  assert.equal(existsSync(target), false, 'no partial capture is left behind');
});

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', repoPath('src', 'cli', 'main.ts'), ...args], { cwd: repoPath(), timeout: 30_000 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

test('CLI: capture write succeeds on the example and fails on bad input with one message naming file and field', async () => {
  const out = join(dir, 'cli.scap');
  const ok = await runCli(['capture', 'write', repoPath('examples', 'ci-job.json'), out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /wrote .*cli\.scap: \d+ events/);
  assert.ok(existsSync(out));

  const badPath = join(dir, 'bad.json');
  await writeFile(badPath, JSON.stringify({ processes: [{ pid: 1, ppid: 0, comm: 'x', exepath: '/x' }], events: [{ type: 'dns', pid: 1, server: { ip: '8.8.8.8' }, local: { ip: '10.0.0.1', port: 'x' }, name: 'a' }] }));
  const bad = await runCli(['capture', 'write', badPath, join(dir, 'never.scap')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, new RegExp(`${badPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: invalid capture description`));
  assert.match(bad.stderr, /events\[0\]\.local\.port/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');

  await writeFile(badPath, '{ not json');
  const notJson = await runCli(['capture', 'write', badPath, join(dir, 'never.scap')]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /bad\.json is not valid JSON/);

  const usage = await runCli(['capture', 'write', badPath]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: falco-actions capture write/);
});

test('ptrace names its request and target; accept runs its tuple from the client to this server', () => {
  const result = plan([
    { type: 'ptrace', pid: 100, target: 1, request: 'PTRACE_SEIZE' },
    { type: 'accept', pid: 100, local: { ip: '10.0.0.1', port: 8080 }, remote: { ip: '10.0.0.2', port: 50000 } },
  ]);
  const symbols = result.events.map((event) => eventInfo(event.code)?.symbol);
  assert.deepEqual(symbols, ['SYSCALL_PTRACE_E', 'SYSCALL_PTRACE_X', 'SOCKET_ACCEPT_5_E', 'SOCKET_ACCEPT_5_X']);
  assert.deepEqual([result.events[0]?.params.request, result.events[0]?.params.pid], [20, 1]);
  assert.deepEqual([...(result.events[1]?.params.addr as Uint8Array)], [0, 0, 0, 0, 0, 0, 0, 0, 0], 'PT_DYN: the uint64 selector, then the value');
  assert.deepEqual(result.events[3]?.params.tuple, { kind: 'tuple', source: { ip: '10.0.0.2', port: 50000 }, dest: { ip: '10.0.0.1', port: 8080 } });
  assert.equal(result.events[3]?.params.fd, 3);
});

test('exit-only plans drop syscall enter events but keep procexit and container events', () => {
  const events = [
    { type: 'container', id: 'cd'.repeat(32), name: 'c', image: 'i' },
    { type: 'open', pid: 100, path: 'x', flags: ['O_WRONLY'] },
    { type: 'write', pid: 100, path: 'x', data: 'y' },
    { type: 'procexit', pid: 100 },
  ];
  const full = plan(events);
  const reduced = planCapture(parseCaptureDescription({ ...base, events }, 'test.json'), 'test.json', { exitOnly: true });
  assert.deepEqual(
    reduced.events.map((event) => eventInfo(event.code)?.symbol),
    ['CONTAINER_JSON_2_E', 'SYSCALL_OPENAT_2_X', 'SYSCALL_WRITE_X', 'PROCEXIT_1_E'],
  );
  assert.equal(full.events.length, 6);
  assert.equal(reduced.events.find((event) => eventInfo(event.code)?.symbol === 'SYSCALL_WRITE_X')?.params.fd, 3, 'the exit carries the fd itself');
});

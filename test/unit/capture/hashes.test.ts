// hashExecutables on a capture written with the capture writer whose execs point at files created here:
// the hashes are of this machine's files, a missing path is reported, not thrown, and the cap counts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashExecutables } from '../../../src/capture/hashes.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';

let dir = '';
let bin = '';
const contents = { tool: 'first tool\n', other: 'x'.repeat(300_000) };
let captures = 0;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function captureOf(execs: Array<{ exepath: string; res?: number }>): Promise<string> {
  const path = join(dir, `c${++captures}.scap`);
  const events = execs.flatMap((exec, index) => [
    { type: 'fork' as const, pid: 100, childPid: 200 + index },
    { type: 'exec' as const, pid: 200 + index, exepath: exec.exepath, res: exec.res ?? 0 },
  ]);
  await writeCapture(parseCaptureDescription({ start: '2025-06-02T09:30:00Z', processes: [{ pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash' }], events }), path);
  return path;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capture-hashes-'));
  bin = join(dir, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'tool'), contents.tool);
  await writeFile(join(bin, 'other'), contents.other);
  await symlink(join(bin, 'tool'), join(bin, 'link'));
  execFileSync('mkfifo', [join(bin, 'fifo')]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('hashes each executed file of this machine once, counting its executions', async () => {
  const capture = await captureOf([{ exepath: join(bin, 'tool') }, { exepath: join(bin, 'other') }, { exepath: join(bin, 'tool') }]);
  const hashes = await hashExecutables(capture);
  assert.equal(hashes.skipped, 0);
  assert.deepEqual(hashes.executables, [
    { path: join(bin, 'tool'), sha256: sha(contents.tool), size: contents.tool.length, executions: 2 },
    { path: join(bin, 'other'), sha256: sha(contents.other), size: contents.other.length, executions: 1 },
  ]);
});

test('a failed exec is not counted', async () => {
  const capture = await captureOf([{ exepath: join(bin, 'tool') }, { exepath: join(bin, 'other'), res: -2 }]);
  const hashes = await hashExecutables(capture);
  assert.deepEqual(hashes.executables.map((entry) => entry.path), [join(bin, 'tool')]);
});

test('a missing file, a symlink, a FIFO and a directory get sha256 null and the reason, the rest is still hashed', async () => {
  const capture = await captureOf([{ exepath: join(bin, 'gone') }, { exepath: join(bin, 'link') }, { exepath: bin }, { exepath: join(bin, 'tool') }, { exepath: join(bin, 'fifo') }]);
  const { executables } = await hashExecutables(capture);
  assert.equal(executables.length, 5);
  assert.deepEqual(executables[0], { path: join(bin, 'gone'), sha256: null, error: 'ENOENT', executions: 1 });
  assert.equal(executables[1]!.sha256, null);
  assert.equal(executables[1]!.error, 'not a regular file (a symbolic link)');
  assert.equal(executables[2]!.sha256, null);
  assert.equal(executables[3]!.sha256, sha(contents.tool));
  // Opened without blocking: a FIFO nobody writes to does not hang the hashing.
  assert.deepEqual(executables[4], { path: join(bin, 'fifo'), sha256: null, error: 'not a regular file', executions: 1 });
});

test('paths beyond maxFiles are counted as skipped; a file beyond the byte budget is not read', async () => {
  const capture = await captureOf([{ exepath: join(bin, 'other') }, { exepath: join(bin, 'tool') }, { exepath: join(bin, 'gone') }, { exepath: '/a' }, { exepath: join(bin, 'gone') }]);
  const capped = await hashExecutables(capture, { maxFiles: 2 });
  assert.equal(capped.skipped, 2, 'each distinct path beyond the cap counts once');
  assert.deepEqual(capped.executables.map((entry) => entry.path), [join(bin, 'other'), join(bin, 'tool')]);
  const budget = await hashExecutables(capture, { maxBytes: 1000 });
  assert.equal(budget.executables[0]!.sha256, null);
  assert.match(budget.executables[0]!.error!, /budget/);
  assert.equal(budget.executables[1]!.sha256, sha(contents.tool));
});

// The process tree of a capture: parents, what each incarnation ran, and pid reuse told apart by time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionOfProgram, ancestry, ProcessTree } from '../../../src/analyze/process-tree.ts';
import { readCapture } from '../../../src/scap/index.ts';
import type { ScapEvent, ThreadState } from '../../../src/scap/model.ts';
import { writeJobCapture } from './job-capture.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analyze-tree-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const START_NS = BigInt(Date.parse('2025-06-02T09:30:00Z')) * 1_000_000n;
const msNs = (ms: number): bigint => START_NS + BigInt(ms) * 1_000_000n;

async function treeOf(path: string): Promise<ProcessTree> {
  const tree = new ProcessTree();
  await readCapture(path, (event) => void tree.observe(event), { transientEvents: true });
  return tree;
}

// The capture writer never reuses a pid, so these events are built as the reader would deliver them:
// each with its thread's state after the event and the thread table of that moment.
function thread(pid: number, ptid: number, comm: string, exepath: string, args: string[], startTs: bigint): ThreadState {
  return { tid: pid, pid, ptid, comm, exe: comm, exepath, args, cwd: '/', uid: 0, gid: 0, loginuid: -1, containerId: 'host', vpid: pid, startTs };
}
function eventOf(table: Map<number, ThreadState>, tid: number, ts: bigint, name: string, dir: '>' | '<', params: ScapEvent['params'] = {}): ScapEvent {
  return { num: 0, ts, cpu: 0, tid, type: 0, name, dir, params, thread: table.get(tid), fd: undefined, parent: undefined, lookupThread: (id) => table.get(id) };
}

test('a reused pid is two incarnations, each found at its own time, each with its own parent', () => {
  const table = new Map<number, ThreadState>([
    [100, thread(100, 1, 'bash', '/usr/bin/bash', [], 1n)],
    [200, thread(200, 1, 'make', '/usr/bin/make', [], 1n)],
  ]);
  const tree = new ProcessTree();
  table.set(600, thread(600, 100, 'bash', '/usr/bin/bash', [], msNs(100)));
  tree.observe(eventOf(table, 600, msNs(100), 'clone', '<', { res: 0 }));
  table.set(600, thread(600, 100, 'first', '/usr/bin/first', ['one'], msNs(100)));
  tree.observe(eventOf(table, 600, msNs(101), 'execve', '<', { res: 0 }));
  table.delete(600);
  table.set(600, thread(600, 200, 'make', '/usr/bin/make', [], msNs(300)));
  tree.observe(eventOf(table, 600, msNs(300), 'clone', '<', { res: 0 }));
  table.set(600, thread(600, 200, 'second', '/usr/bin/second', ['two'], msNs(300)));
  tree.observe(eventOf(table, 600, msNs(301), 'execve', '<', { res: 0 }));
  const first = tree.at(600, msNs(150));
  const second = tree.at(600, msNs(400));
  assert.equal(first?.exepath, '/usr/bin/first');
  assert.deepEqual(first?.args, ['one']);
  assert.equal(first?.parent?.comm, 'bash');
  assert.equal(second?.exepath, '/usr/bin/second');
  assert.equal(second?.parent?.comm, 'make');
  assert.notEqual(first, second);
  assert.equal([...tree.processes()].filter((process) => process.pid === 600).length, 2);
  // A failed exec changes nothing.
  table.set(600, thread(600, 200, 'third', '/usr/bin/third', [], msNs(300)));
  tree.observe(eventOf(table, 600, msNs(500), 'execve', '<', { res: -2 }));
  assert.equal(tree.at(600, msNs(600))?.exepath, '/usr/bin/second');
});

test('the tree links the job capture from curl up to Runner.Worker, and the nearest action is the one that ran it', async () => {
  const tree = await treeOf(await writeJobCapture(dir));
  const curl = tree.at(601, msNs(1700));
  assert.deepEqual(
    ancestry(curl).map((process) => process.comm),
    ['curl', 'node', 'Runner.Worker', 'systemd'],
  );
  assert.deepEqual(
    ancestry(curl).map((process) => process.action ?? null),
    [null, 'evil/action@v1', null, null],
  );
  // Processes are held per incarnation, not per event.
  assert.equal(tree.size, 9);
});

test('actionOfProgram: the executable or the script an interpreter runs, not a file an argument names', () => {
  assert.equal(actionOfProgram('/home/runner/externals/node20/bin/node', ['/home/runner/work/_actions/evil/action/v1/dist/index.js']), 'evil/action@v1');
  assert.equal(actionOfProgram('/usr/bin/bash', ['-e', '/__w/_actions/o/r/releases/v2/run.sh']), 'o/r@releases');
  assert.equal(actionOfProgram('/home/runner/work/_actions/o/tool/v3/bin/tool', []), 'o/tool@v3');
  assert.equal(actionOfProgram('/usr/bin/cat', ['-n', 'README', '/home/runner/work/_actions/o/r/v1/x']), undefined);
  assert.equal(actionOfProgram('/usr/bin/bash', ['-e', '/home/runner/work/_temp/0b4d0a3e-5c1f-4b7e-9a55-0d7c2f1e6a11.sh']), undefined);
});

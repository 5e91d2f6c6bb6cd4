import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { awaitProbeAlert, dropProbeLines, isReadyProbeLine, READY_PROBE_RULE, reportsOwnProbe } from '../../../src/falco/ready-probe.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-probe-'));
after(() => rm(scratch, { recursive: true, force: true }));

const probe = JSON.stringify({ hostname: 'h', output: 'x', output_fields: {}, priority: 'Debug', rule: READY_PROBE_RULE, source: 'syscall', tags: [], time: '2026-06-10T08:00:00.000000000Z' });
const alert = JSON.stringify({ hostname: 'h', output: `mentions ${READY_PROBE_RULE}`, output_fields: {}, priority: 'Warning', rule: 'Other', source: 'syscall', tags: [], time: '2026-06-10T08:00:01.000000000Z' });

describe('readiness probe lines', () => {
  it('recognises only the probe rule, not an alert quoting its name', () => {
    assert.equal(isReadyProbeLine(probe), true);
    assert.equal(isReadyProbeLine(alert), false);
    assert.equal(isReadyProbeLine(`${probe.slice(0, 40)}`), false);
  });

  it('drops probe lines and keeps everything else byte for byte, half-written last line included', async () => {
    const file = join(scratch, 'events.json');
    await writeFile(file, `${probe}\n${alert}\nnot json\n${probe}\n{"half":`);
    await dropProbeLines(file);
    assert.equal(await readFile(file, 'utf8'), `${alert}\nnot json\n{"half":`);
  });
});

describe('readiness is proven by our own probe only', () => {
  const line = (pid: number | string) => JSON.stringify({ hostname: 'h', output: 'x', output_fields: { 'proc.pid': pid }, priority: 'Debug', rule: READY_PROBE_RULE, source: 'syscall', tags: [], time: '2026-06-10T08:00:00.000000000Z' });

  it('a probe line counts when its pid is one start ran, not when a job process merely bears the name', () => {
    const ours = new Set([4242]);
    assert.equal(reportsOwnProbe(`${line(999)}\n`, ours), false);
    assert.equal(reportsOwnProbe(`${line(999)}\n${line(4242)}\n`, ours), true);
    assert.equal(reportsOwnProbe(`${line('4242')}\n`, ours), true, 'a pid written as text');
    assert.equal(reportsOwnProbe(alert, ours), false);
  });

  it('awaitProbeAlert reports each probe it runs and waits for that probe, not an imposter', async () => {
    const workDir = await mkdtemp(join(scratch, 'await-'));
    const eventsFile = join(workDir, 'events.json');
    await writeFile(eventsFile, `${line(1)}\n`); // an imposter's line, there before any probe ran
    const started: number[] = [];
    const seen = await awaitProbeAlert({
      workDir,
      eventsFile,
      abandoned: new Promise(() => undefined),
      deadline: Date.now() + 10_000,
      pollMs: 20,
      onProbe: (pid) => {
        started.push(pid);
        // Falco's report of this probe arrives a moment later.
        setTimeout(() => void writeFile(eventsFile, `${line(1)}\n${line(pid)}\n`), 100);
      },
    });
    assert.equal(seen, true);
    assert.equal(started.length, 1);
  });
});

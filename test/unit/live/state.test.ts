import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  defaultStateFile,
  markStopped,
  readState,
  resolveStateFile,
  StateError,
  thisProcess,
  writeState,
  type LiveState,
} from '../../../src/live/state.ts';
import { STATE_FILE_VARIABLE } from '../../../src/live/hand-off.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-state-'));
after(() => rm(scratch, { recursive: true, force: true }));

const sample: LiveState = {
  version: 1,
  mode: 'live',
  containerId: 'c0ffee',
  containerName: 'falco-actions-1-abcd',
  image: 'falcosecurity/falco:0.44.1',
  eventsFile: '/tmp/w/events/events.json',
  workDir: '/tmp/w',
  ruleFiles: ['/a/rules/falco_actions_markers.yaml'],
  verbose: false,
  startedAt: '2026-06-10T08:00:00.000Z',
  startSeconds: 4.5,
};

describe('start -> stop state', () => {
  it('round-trips through a private file', async () => {
    const file = join(scratch, 'a', 'state.json');
    await writeState(file, sample);
    assert.deepEqual(await readState(file), sample);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('is absent (not an error) when start never wrote it', async () => {
    assert.equal(await readState(join(scratch, 'missing.json')), undefined);
  });

  it('records who stopped monitoring and when', async () => {
    const file = join(scratch, 'b.json');
    await writeState(file, sample);
    await markStopped(file, sample, 'post', new Date('2026-06-10T09:00:00Z'));
    const stopped = await readState(file);
    assert.equal(stopped?.stoppedBy, 'post');
    assert.equal(stopped?.stoppedAt, '2026-06-10T09:00:00.000Z');
  });

  it('the stopping process records itself next to what start recorded of its own processes', async () => {
    const file = join(scratch, 'own.json');
    const started: LiveState = { ...sample, falcoPid: 4242, runnerWorkerPid: 2100, ownProcesses: [{ role: 'start', pid: 3000, fromMs: 1, toMs: 9 }] };
    await writeState(file, started);
    const now = Date.parse('2026-06-10T09:00:00Z');
    const stopper = thisProcess('stop', now);
    assert.equal(stopper.pid, process.pid);
    assert.ok(stopper.fromMs <= now - process.uptime() * 1000 && stopper.toMs === undefined, 'from before this process started, still running');
    await markStopped(file, started, 'stop', new Date(now), stopper);
    const stopped = await readState(file);
    assert.deepEqual(stopped?.ownProcesses, [{ role: 'start', pid: 3000, fromMs: 1, toMs: 9 }, stopper]);
    assert.equal(stopped?.falcoPid, 4242);
    // A pid is a positive integer and a role one of ours: anything else is not our state.
    await writeFile(file, JSON.stringify({ ...started, ownProcesses: [{ role: 'attacker', pid: 1, fromMs: 0 }] }));
    await assert.rejects(readState(file), /ownProcesses/);
  });

  it('rejects a file that is not JSON or not our shape, naming the file', async () => {
    const garbage = join(scratch, 'garbage.json');
    await writeFile(garbage, '{"version":');
    await assert.rejects(readState(garbage), (error: unknown) => error instanceof StateError && error.message.includes(garbage));
    const foreign = join(scratch, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ ...sample, version: 2 }));
    await assert.rejects(readState(foreign), /not valid \(version: /);
    // Fields echoed in the step log take only the values start and stop write.
    const forged = join(scratch, 'forged.json');
    await writeFile(forged, JSON.stringify({ ...sample, stoppedAt: '2026-06-10T09:00:00.000Z', stoppedBy: 'stop ##[add-mask]x' }));
    await assert.rejects(readState(forged), /stoppedBy/);
    await writeFile(forged, JSON.stringify({ ...sample, stoppedAt: 'now ##[add-mask]x', stoppedBy: 'stop' }));
    await assert.rejects(readState(forged), /stoppedAt/);
  });

  it('never writes a state that fails its own schema', async () => {
    const file = join(scratch, 'bad.json');
    await assert.rejects(writeState(file, { ...sample, containerId: '' }));
    await assert.rejects(readFile(file));
  });

  it('finds the state file: saved state, then the exported variable, then RUNNER_TEMP', () => {
    assert.equal(resolveStateFile({ RUNNER_TEMP: '/rt' }, '/saved.json'), '/saved.json');
    assert.equal(resolveStateFile({ RUNNER_TEMP: '/rt', [STATE_FILE_VARIABLE]: '/exported.json' }), '/exported.json');
    assert.equal(resolveStateFile({ RUNNER_TEMP: '/rt' }), '/rt/falco-actions/state.json');
    assert.throws(() => defaultStateFile({}), /RUNNER_TEMP is not set/);
  });
});

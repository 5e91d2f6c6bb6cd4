// Analyze mode's start against the real Docker engine and the test recorder image (sysdig's command line,
// test/images/sysdig-recorder): startCapture returns only once its probe shows in the capture, leaves the
// state stop will read, and the capture the container leaves after SIGTERM is complete and holds the probe.
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CAPTURE_PROBE_TAG } from '../../../src/capture/ready.ts';
import { startCapture } from '../../../src/capture/start.ts';
import { readCaptureState } from '../../../src/capture/state-file.ts';
import type { CaptureState } from '../../../src/capture/state.ts';
import { connectDockerEngine } from '../../../src/docker/connect.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { CAPTURE_SNAPLEN } from '../../../src/capture/container.ts';
import { StartError } from '../../../src/live/start.ts';
import { SettingsError } from '../../../src/settings/inputs.ts';
import { containersByLabel } from '../../support/docker.ts';
import { repoRoot, requireDocker, requireRegistryImage, testRegistry } from '../../support/env.ts';

const IMAGE = `${testRegistry()}/sysdig/sysdig:0.40.1`;

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(m), debug: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`) } };
}

describe('startCapture with the Docker engine', () => {
  it('is ready only once its probe is recorded, and the capture stopped with SIGTERM is complete and holds the probe', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, IMAGE))) return;
    const engine = connectDockerEngine(process.env);
    const runnerTemp = await mkdtemp(join(tmpdir(), 'falco-actions-capture-start-'));
    const stateFile = join(runnerTemp, 'falco-actions', 'state.json');
    const { lines, log } = recordingLog();
    let state: CaptureState | undefined;
    try {
      ({ state } = await startCapture(
        { mode: 'analyze', configFile: '', sysdigImage: IMAGE, snaplen: CAPTURE_SNAPLEN, verbose: true },
        { engine, log, clock: { now: () => Date.now() }, actionRoot: repoRoot(), workspace: repoRoot(), runnerTemp, stateFile, runId: 'itest', readyTimeoutMs: 90_000 },
      ));
      assert.ok(state.readyAt !== undefined && state.readyAt >= state.startedAt, 'readiness is recorded, after the start');
      assert.deepEqual(await readCaptureState(stateFile), state, 'stop finds the state start wrote');
      assert.equal((await engine.status(state.containerId))?.running, true, 'sysdig keeps recording after start returns');
      assert.ok(state.ignoredSyscalls.includes('futex'), 'the shipped syscall-ignore config applies');
      assert.ok((state.ownProcesses ?? []).some((own) => own.role === 'probe'), 'the probes are marked as start\'s own');
      assert.ok(lines.some((line) => line.includes('sysdig command: sysdig --modern-bpf')), 'verbose logs the command line');

      const { exitCode } = await engine.stopContainer(state.containerId, 30);
      assert.equal(exitCode, 0, 'sysdig ends cleanly on SIGTERM');
      assert.ok((await lstat(state.captureFile)).isFile(), 'the capture is a file once sysdig stopped');

      const probeExecs: string[] = [];
      const types = new Set<string>();
      const summary = await readCapture(state.captureFile, (event) => {
        types.add(event.name);
        if (event.name === 'execve' && event.dir === '<' && event.thread?.args.some((arg) => arg.startsWith(`${CAPTURE_PROBE_TAG}-`))) probeExecs.push(event.thread.exepath);
      });
      assert.equal(summary.truncated, undefined, 'SIGTERM closes the capture: no partial block at its end');
      assert.equal(summary.damage, undefined);
      assert.ok(probeExecs.length >= 1, 'the capture holds the readiness probe\'s execve');
      assert.ok(probeExecs.includes(realpathSync(process.execPath)), `the probe is this Node.js (saw ${probeExecs.join(', ')})`);
      for (const ignored of state.ignoredSyscalls) assert.ok(!types.has(ignored), `the filter leaves ${ignored} out`);
    } finally {
      if (state !== undefined) await engine.removeContainer(state.containerId).catch(() => undefined);
      await rm(runnerTemp, { recursive: true, force: true });
    }
  });

  it('removes the container and its folder when sysdig exits before recording, and says why', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, IMAGE))) return;
    const engine = connectDockerEngine(process.env);
    const runnerTemp = await mkdtemp(join(tmpdir(), 'falco-actions-capture-start-'));
    const runId = `itest-exit-${process.pid}`;
    const { log } = recordingLog();
    try {
      // The recorder refuses a snaplen of 0 the way sysdig does, and exits 1 at once.
      await assert.rejects(
        startCapture(
          { mode: 'analyze', configFile: '', sysdigImage: IMAGE, snaplen: 0, verbose: false },
          { engine, log, clock: { now: () => Date.now() }, actionRoot: repoRoot(), workspace: repoRoot(), runnerTemp, stateFile: join(runnerTemp, 'state.json'), runId, readyTimeoutMs: 60_000 },
        ),
        (error: unknown) => error instanceof StartError && /sysdig exited before it recorded this job \(exit code 1\)/.test(error.message) && /snaplen 0/.test(error.message),
      );
      const left = await containersByLabel('io.github.falco-actions.role', 'sysdig-capture');
      assert.deepEqual(left.filter((c) => c.names.some((name) => name.includes(runId))), [], 'no container left behind');
      assert.deepEqual(await readdir(join(runnerTemp, 'falco-actions')), [], 'no work folder left behind');
    } finally {
      await rm(runnerTemp, { recursive: true, force: true });
    }
  });

  it('refuses a config naming an unknown syscall before it creates anything', async (t) => {
    if (!(await requireDocker(t))) return;
    const engine = connectDockerEngine(process.env);
    const runnerTemp = await mkdtemp(join(tmpdir(), 'falco-actions-capture-start-'));
    try {
      await writeFile(join(runnerTemp, 'ignore.yaml'), 'ignore_syscalls: [futex, no_such_call]\n');
      await assert.rejects(
        startCapture(
          { mode: 'analyze', configFile: 'ignore.yaml', sysdigImage: IMAGE, snaplen: CAPTURE_SNAPLEN, verbose: false },
          { engine, log: recordingLog().log, clock: { now: () => Date.now() }, actionRoot: repoRoot(), workspace: runnerTemp, runnerTemp, stateFile: join(runnerTemp, 'state.json'), runId: 'itest' },
        ),
        (error: unknown) => error instanceof SettingsError && error.input === 'config-file' && error.message.includes('no_such_call') && error.message.includes(join(runnerTemp, 'ignore.yaml')),
      );
      assert.deepEqual((await readdir(runnerTemp)).sort(), ['ignore.yaml'], 'nothing created');
    } finally {
      await rm(runnerTemp, { recursive: true, force: true });
    }
  });
});

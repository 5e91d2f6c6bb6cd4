// stopCapture against the real Docker engine: a busybox container stands in for sysdig (it exits on
// SIGTERM as sysdig does), a copy of the writer-made job capture with secrets planted in environments and
// in a write payload stands in for its capture. Afterwards the container is gone, the artifact's capture
// reads, the secrets are not in its bytes, and the hashes are of this machine's files.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { CAPTURE_FILE_NAME, HASHES_FILE_NAME, hashesFileSchema } from '../../../src/capture/metadata.ts';
import type { CaptureState } from '../../../src/capture/state.ts';
import { stopCapture } from '../../../src/capture/stop.ts';
import { isUserError } from '../../../src/action/errors.ts';
import { DockerEngine } from '../../../src/docker/engine.ts';
import { readCapture } from '../../../src/scap/index.ts';
import type { CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';
import { dockerOk, inspectContainer, pullImage, removeContainersByLabel } from '../../support/docker.ts';
import { baseImage, requireDocker, requireRegistryImage } from '../../support/env.ts';
import { jobDescription, RUN_CURL_PID, writeJobCapture } from '../../unit/analyze/job-capture.ts';

const LABEL = 'io.github.falco-actions.test';
const RUN = randomBytes(4).toString('hex');
const ENV_SECRET = `ghs_${randomBytes(12).toString('hex')}`;
const WORKER_SECRET = `worker-${randomBytes(12).toString('hex')}`;
const DATA_SECRET = `password=${randomBytes(12).toString('hex')}`;

/** The job capture with a token in curl's environment, one in the worker's, and a password in a write. */
const plantedDescription: CaptureDescriptionInput = {
  ...jobDescription,
  processes: jobDescription.processes!.map((process) => (process.comm === 'Runner.Worker' ? { ...process, env: ['HOME=/home/runner', `ACTIONS_RUNTIME_TOKEN=${WORKER_SECRET}`] } : process)),
  events: jobDescription.events!.map((event) => {
    if (event.type === 'exec' && event.pid === RUN_CURL_PID) return { ...event, env: ['PATH=/usr/bin', `GITHUB_TOKEN=${ENV_SECRET}`] };
    if (event.type === 'write' && event.pid === RUN_CURL_PID) return { ...event, data: `POST / HTTP/1.1\r\n\r\n${DATA_SECRET}` };
    return event;
  }),
};

let dir = '';
let jobCapture = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capture-stop-'));
  jobCapture = await writeJobCapture(dir, plantedDescription);
});
after(async () => {
  await removeContainersByLabel(LABEL, RUN).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function logger() {
  const info: string[] = [];
  const warning: string[] = [];
  return { info, warning, log: { info: (m: string) => info.push(m), warning: (m: string) => warning.push(m), debug: () => undefined } };
}

/** A container that exits 0 on SIGTERM (sysdig closes its file and exits), and a state pointing at a copy of the capture. */
async function recording(name: string, capture: Buffer): Promise<CaptureState> {
  const workDir = join(dir, name);
  await mkdir(join(workDir, 'capture'), { recursive: true });
  const captureFile = join(workDir, 'capture', CAPTURE_FILE_NAME);
  await writeFile(captureFile, capture);
  const containerName = `falco-actions-stop-it-${RUN}-${name}`;
  const id = (
    await dockerOk(['run', '-d', '--label', `${LABEL}=${RUN}`, '--name', containerName, baseImage(), 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'])
  ).trim();
  return {
    version: 1,
    mode: 'analyze',
    containerId: id,
    containerName,
    image: baseImage(),
    captureFile,
    workDir,
    snaplen: 256,
    ignoredSyscalls: [],
    verbose: false,
    startedAt: '2025-06-02T09:29:57.000Z',
  };
}

function streamBytes(file: Buffer): Buffer {
  return file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
}

describe('stopCapture', () => {
  it('stops sysdig with SIGTERM, removes its container, and writes a redacted capture and the hashes', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    await pullImage(baseImage());
    const original = await readFile(jobCapture);
    for (const secret of [ENV_SECRET, WORKER_SECRET, DATA_SECRET]) assert.ok(streamBytes(original).includes(secret), `the job capture holds ${secret}`);
    const state = await recording('redacted', original);
    const outDir = join(dir, 'out-redacted');
    const { log, info, warning } = logger();

    const result = await stopCapture(state, { engine: new DockerEngine(), log, redact: true, outDir });

    assert.equal(await inspectContainer(state.containerId), undefined, 'the container is gone');
    assert.equal(result.sysdigExitCode, 0, 'SIGTERM, not a kill, ended the container');
    assert.deepEqual(result.files, [join(outDir, CAPTURE_FILE_NAME), join(outDir, HASHES_FILE_NAME)]);
    const written = await readFile(result.files[0]!);
    for (const secret of [ENV_SECRET, WORKER_SECRET, DATA_SECRET]) assert.equal(streamBytes(written).includes(secret), false, `the artifact's capture leaks ${secret}`);
    assert.ok(streamBytes(written).includes('GITHUB_TOKEN='), 'environment names are kept');
    assert.equal(result.bytes, written.length);
    assert.equal(result.sha256, createHash('sha256').update(written).digest('hex'));
    assert.equal(result.truncated, false);
    const summary = await readCapture(result.files[0]!, () => undefined);
    assert.equal(summary.truncated, undefined);
    assert.equal(result.events, summary.events);
    assert.ok(result.events > 0);
    assert.deepEqual(warning, []);
    assert.ok(info.some((line) => line.startsWith('Redacted the capture')));

    const hashes = hashesFileSchema.parse(JSON.parse(await readFile(result.files[1]!, 'utf8')));
    assert.deepEqual(
      hashes.executables.map((entry) => entry.path),
      ['/home/runner/externals/node20/bin/node', '/usr/bin/curl', '/usr/bin/bash', '/usr/bin/docker'],
    );
    const curl = hashes.executables.find((entry) => entry.path === '/usr/bin/curl')!;
    assert.equal(curl.executions, 2);
    if (existsSync('/usr/bin/curl')) assert.equal(curl.sha256, createHash('sha256').update(await readFile('/usr/bin/curl')).digest('hex'));
    else assert.equal(curl.sha256, null);
    assert.equal(hashes.executables[0]!.sha256, null, 'the runner path does not exist on this machine');
  });

  it('with redact false copies the capture as recorded and warns; a truncated tail is reported and its events kept', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    await pullImage(baseImage());
    const original = await readFile(jobCapture);
    const cut = original.subarray(0, original.length - 7);
    const state = await recording('plain', cut);
    const outDir = join(dir, 'out-plain');
    const { log, warning } = logger();

    const result = await stopCapture(state, { engine: new DockerEngine(), log, redact: false, outDir });

    assert.equal(await inspectContainer(state.containerId), undefined);
    const written = await readFile(result.files[0]!);
    assert.deepEqual(written, cut);
    assert.ok(streamBytes(written).includes(ENV_SECRET));
    assert.equal(result.truncated, true);
    const whole = await readCapture(jobCapture, () => undefined);
    assert.equal(result.events, whole.events - 1, 'every complete event is kept');
    assert.equal(warning.length, 2);
    assert.match(warning[0]!, /^The capture ends inside a block at byte \d+ .*complete events are kept\.$/);
    assert.match(warning[1]!, /^redact-capture is false: .*secrets included/);
  });

  it('redacts a gzip capture (as sysdig -z writes it) into a gzip copy without the secrets', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    await pullImage(baseImage());
    const state = await recording('gzip', gzipSync(await readFile(jobCapture)));
    const outDir = join(dir, 'out-gzip');
    const { log, warning } = logger();

    const result = await stopCapture(state, { engine: new DockerEngine(), log, redact: true, outDir });

    const written = await readFile(result.files[0]!);
    assert.deepEqual([...written.subarray(0, 2)], [0x1f, 0x8b], 'the copy is compressed as the capture was');
    const stream = gunzipSync(written);
    for (const secret of [ENV_SECRET, WORKER_SECRET, DATA_SECRET]) assert.equal(stream.includes(secret), false, `the artifact's capture leaks ${secret}`);
    assert.equal(result.events, (await readCapture(jobCapture, () => undefined)).events);
    assert.equal(result.events, (await readCapture(result.files[0]!, () => undefined)).events);
    assert.deepEqual(warning, []);
  });

  it('removes the container when the graceful stop fails, and names a missing capture', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    await pullImage(baseImage());
    const state = await recording('failing', await readFile(jobCapture));
    await rm(state.captureFile);
    const real = new DockerEngine();
    // The real engine, except that the graceful stop fails as it does when the engine times out.
    const engine = {
      stopContainer: async () => Promise.reject(new Error('Stopping the container failed: timeout')),
      removeContainer: (id: string) => real.removeContainer(id),
    };
    const { log, info, warning } = logger();

    await assert.rejects(stopCapture(state, { engine, log, redact: true, outDir: join(dir, 'out-failing') }), (error: unknown) => {
      assert.ok(isUserError(error));
      assert.ok((error as Error).message.startsWith(`sysdig left no capture at ${state.captureFile}. Check the start step log`), (error as Error).message);
      return true;
    });
    assert.equal(await inspectContainer(state.containerId), undefined, 'the container is removed all the same');
    assert.deepEqual(warning, ['Could not stop the sysdig container gracefully; removing it, so the capture may end inside a block.']);
    assert.ok(info.some((line) => line === `Stopping container ${state.containerName} failed: Stopping the container failed: timeout`), "the engine's message is quoted");
  });

  it('refuses an outDir that is the capture folder (the copy would overwrite its source)', async () => {
    const state = { captureFile: join(dir, 'x', CAPTURE_FILE_NAME) } as CaptureState;
    const engine = { stopContainer: () => assert.fail('nothing is stopped'), removeContainer: () => assert.fail('nothing is removed') };
    await assert.rejects(stopCapture(state, { engine, log: logger().log, redact: false, outDir: join(dir, 'x') }), /holds the capture sysdig writes/);
  });
});

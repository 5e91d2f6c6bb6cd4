// Readiness of the capture, proven end to end: start runs a short probe process with a nonce in its
// argument list until the probe's execve shows up in the capture file sysdig is writing. sysdig prints
// nothing once it records, and a file that exists is not a file that receives events; only the probe in
// the file says that this job's processes are being recorded. Never a fixed sleep.
//
// The growing file is read through a snapshot: a copy of what the file holds at that moment, read with
// the native reader, which keeps every complete event of a file cut off mid-block (summary.truncated).
// Reading the growing file itself is far slower: a gzip reader follows the file as it grows, meets the
// end of what the compressor has flushed (a gzip fault), and the reader's salvage then inflates the rest
// in 64-byte pieces (measured with the recorder image: 77 s for one read of a 77 MB capture, against
// 0.2 s for a snapshot of the first 64 KB). sysdig's writer buffers (and the recorder's gzip compresses
// in blocks), so the probe's execve reaches the file only once more events follow it: the probes
// themselves produce them (a Node.js start-up is some thousand syscalls), one per second until seen.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCapture, ScapFormatError } from '../scap/index.ts';

/** argv[2] of every probe: names the process in a capture for whoever reads it. */
export const CAPTURE_PROBE_TAG = 'fa-capture-probe';

/** How long a probe may live (execFile kills it then): the end of the time its pid is ours. */
export const CAPTURE_PROBE_TIMEOUT_MS = 10_000;

export interface ProbeCommand {
  file: string;
  /** Arguments before the tag and the nonce. */
  args: string[];
}

/** The Node.js running start with an empty program: present on every runner, exits at once. */
export function nodeProbe(): ProbeCommand {
  return { file: process.execPath, args: ['-e', '0'] };
}

export interface CaptureProbeOptions {
  /** Host path of the capture sysdig writes (a link to the file while the test recorder runs). */
  captureFile: string;
  /** A folder of ours for the snapshot. */
  scratchDir: string;
  deadline: number;
  now: () => number;
  /** False once waiting is pointless (sysdig's container stopped). */
  alive: () => Promise<boolean>;
  probe?: ProbeCommand;
  pollMs?: number;
  probeEveryMs?: number;
  /** Called with each probe's pid as it starts, so that its events can be told from the job's. */
  onProbe?: (pid: number, startedAtMs: number) => void;
}

export interface CaptureProbeResult {
  outcome: 'seen' | 'exited' | 'timeout';
  /** The argument that identifies this start's probes. */
  nonce: string;
  probesRun: number;
  /** Snapshots read, and the capture's size at the last one. */
  reads: number;
  captureBytes: number;
}

/** Runs one probe; resolves when it exits (or is killed at the timeout), never rejects. */
function runProbe(command: ProbeCommand, nonce: string, onStart: (pid: number) => void): Promise<void> {
  return new Promise((settle) => {
    // An empty environment: the capture records every process's environment, and the probe needs none.
    const child = execFile(command.file, [...command.args, CAPTURE_PROBE_TAG, nonce], { timeout: CAPTURE_PROBE_TIMEOUT_MS, env: {} }, () => settle());
    if (child.pid !== undefined) onStart(child.pid);
  });
}

const EXEC_NAMES: ReadonlySet<string> = new Set(['execve', 'execveat']);

/** Whether the capture at `file` holds a successful exec whose arguments carry the nonce. */
export async function captureShowsProbe(file: string, nonce: string): Promise<boolean> {
  let seen = false;
  try {
    await readCapture(
      file,
      (event) => {
        if (!seen && event.thread?.args.includes(nonce) === true) seen = true;
      },
      { eventNames: EXEC_NAMES, direction: '<' },
    );
  } catch (error) {
    // Not even a section header yet: sysdig has created the file but not written its start.
    if (error instanceof ScapFormatError) return false;
    throw error;
  }
  return seen;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** Probes until the capture shows one, sysdig's container stops, or the deadline passes. */
export async function awaitProbeInCapture(options: CaptureProbeOptions): Promise<CaptureProbeResult> {
  const nonce = `${CAPTURE_PROBE_TAG}-${randomBytes(12).toString('hex')}`;
  const probe = options.probe ?? nodeProbe();
  const pollMs = options.pollMs ?? 250;
  const probeEveryMs = options.probeEveryMs ?? 1000;
  const snapshot = join(options.scratchDir, `.probe-snapshot-${randomBytes(4).toString('hex')}.scap`);
  const result: CaptureProbeResult = { outcome: 'timeout', nonce, probesRun: 0, reads: 0, captureBytes: 0 };
  const running = new Set<Promise<void>>();
  let lastProbe = Number.NEGATIVE_INFINITY;
  let lastReadSize = -1;
  try {
    while (options.now() < options.deadline) {
      if (options.now() - lastProbe >= probeEveryMs) {
        lastProbe = options.now();
        const startedAtMs = Date.now();
        result.probesRun += 1;
        const done = runProbe(probe, nonce, (pid) => options.onProbe?.(pid, startedAtMs));
        running.add(done);
        void done.then(() => running.delete(done));
      }
      const size = await sizeOf(options.captureFile);
      // Read again only when the file grew: a capture that did not change cannot show a new probe.
      if (size !== undefined && size > 0 && size !== lastReadSize) {
        lastReadSize = size;
        await copyFile(options.captureFile, snapshot);
        result.reads += 1;
        result.captureBytes = size;
        if (await captureShowsProbe(snapshot, nonce)) {
          result.outcome = 'seen';
          return result;
        }
      }
      if (!(await options.alive())) {
        result.outcome = 'exited';
        return result;
      }
      await new Promise((settle) => setTimeout(settle, pollMs));
    }
    return result;
  } finally {
    await rm(snapshot, { force: true });
    // Probes exit at once; waiting for them keeps start from leaving a child behind.
    await Promise.all(running);
  }
}

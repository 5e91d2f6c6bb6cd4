// Analyze mode, stop: end the sysdig recording and turn its capture into the files the artifact carries.
// sysdig closes its capture properly on SIGTERM (the last block written, a gzip stream finished), so the
// container is stopped with a grace period before Docker kills it; whatever happened, the container is
// removed. Then, before anything leaves the runner: the capture is read (a tail sysdig did not finish is
// reported, its complete events kept), redacted into outDir (environment values and data buffers: on a
// public repository anyone can download the artifact), and the executables it shows running are hashed
// here, on the machine that ran them. The caller writes metadata.json (buildCaptureMetadata) from the
// facts returned, uploads outDir and removes state.workDir.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../action/errors.ts';
import type { Logger } from '../action/log.ts';
import { logQuoted } from '../action/log-quote.ts';
import type { DockerEngine } from '../docker/engine.ts';
import { readCapture } from '../scap/index.ts';
import { redactCapture } from '../scap/redact.ts';
import { hashExecutables, type HashOptions } from './hashes.ts';
import { CAPTURE_FILE_NAME, HASHES_FILE_NAME } from './metadata.ts';
import type { CaptureState } from './state.ts';

/**
 * Seconds sysdig gets after SIGTERM to flush its buffers and close the capture before Docker kills it
 * (a kill leaves a truncated tail). Generous: a busy job leaves megabytes in sysdig's ring buffers and
 * gzip to finish; a sysdig that exits at once costs nothing of it.
 */
export const SYSDIG_STOP_GRACE_SECONDS = 30;

/** No event name matches: the reading pass only counts events and checks the file's structure. */
const NO_EVENTS: ReadonlySet<string> = new Set();

export interface StopCaptureOptions {
  engine: Pick<DockerEngine, 'stopContainer' | 'removeContainer'>;
  log: Logger;
  /** Blank environment values and data buffers in the uploaded copy (false: redact-capture: false). */
  redact: boolean;
  /** Where capture.scap and hashes.json are written (created when missing); not the capture's folder. */
  outDir: string;
  graceSeconds?: number;
  hashes?: HashOptions;
}

export interface StopCaptureResult {
  /** The files written into outDir: the capture and the hashes (metadata.json is the caller's). */
  files: string[];
  /** Events in the written capture. */
  events: number;
  /** Size of the written capture file. */
  bytes: number;
  /** The capture ended inside a block (sysdig did not finish writing): its complete events are kept. */
  truncated: boolean;
  /** sha256 of the written capture file. */
  sha256: string;
  /** sysdig's exit code, when the engine still knew it. */
  sysdigExitCode: number | undefined;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Stops sysdig, removes its container, and writes the capture and hashes for the artifact. */
export async function stopCapture(state: CaptureState, options: StopCaptureOptions): Promise<StopCaptureResult> {
  const { engine, log } = options;
  const outCapture = join(options.outDir, CAPTURE_FILE_NAME);
  if (resolve(outCapture) === resolve(state.captureFile)) throw new Error(`stopCapture: outDir ${options.outDir} holds the capture sysdig writes; use another folder`);

  let sysdigExitCode: number | undefined;
  try {
    ({ exitCode: sysdigExitCode } = await engine.stopContainer(state.containerId, options.graceSeconds ?? SYSDIG_STOP_GRACE_SECONDS));
  } catch (error) {
    // The name comes from the state file and the message from the engine: quoted, not written as a line.
    logQuoted(log, `Stopping container ${state.containerName} failed: ${(error as Error).message}`);
    log.warning('Could not stop the sysdig container gracefully; removing it, so the capture may end inside a block.');
  } finally {
    // Removal kills a sysdig that is still running: no recorder outlives the job's stop.
    await engine.removeContainer(state.containerId);
  }
  if (sysdigExitCode !== undefined && sysdigExitCode !== 0) log.warning(`sysdig exited with code ${sysdigExitCode}; its capture is read as far as it goes.`);

  if (!existsSync(state.captureFile)) {
    throw new UserError(`sysdig left no capture at ${state.captureFile}.`, 'Check the start step log for sysdig failing, and that no step of the job removed the runner temp folder.');
  }
  const summary = await readCapture(state.captureFile, () => undefined, { eventNames: NO_EVENTS });
  if (summary.truncated !== undefined) {
    log.warning(`The capture ends inside a block at byte ${summary.truncated.offset} (sysdig did not finish writing it); its ${summary.events} complete events are kept.`);
  }
  if (summary.damage !== undefined) log.warning(`The capture has damaged stretches (${summary.damage.regionCount}, ${summary.damage.bytesSkipped} bytes); the reader skipped them.`);

  await mkdir(options.outDir, { recursive: true });
  let events = summary.events;
  if (options.redact) {
    const redaction = await redactCapture(state.captureFile, outCapture);
    events = redaction.events;
    if (redaction.damage !== undefined) log.warning(`The redacted capture ends at damage at byte ${redaction.damage.offset} of the original (${redaction.damage.problem}): the events after it are not in the artifact.`);
    log.info(`Redacted the capture: ${redaction.environmentsBlanked} environments and ${redaction.buffersBlanked} data buffers blanked, ${redaction.dnsBuffersKept} DNS messages kept.`);
  } else {
    await copyFile(state.captureFile, outCapture);
    log.warning('redact-capture is false: the capture artifact holds every process environment (secrets included) and the first bytes of every read and write. Anyone who can download the artifacts of this run can read them.');
  }

  // Hashed from the original: the executables are the same, and it holds what redaction may leave out.
  const hashes = await hashExecutables(state.captureFile, options.hashes);
  const hashesFile = join(options.outDir, HASHES_FILE_NAME);
  await writeFile(hashesFile, `${JSON.stringify(hashes, null, 2)}\n`);
  const unhashed = hashes.executables.filter((entry) => entry.sha256 === null).length;
  log.info(`Hashed ${hashes.executables.length - unhashed} of ${hashes.executables.length} executables the capture shows running${hashes.skipped > 0 ? ` (${hashes.skipped} more over the cap)` : ''}.`);

  return {
    files: [outCapture, hashesFile],
    events,
    bytes: (await stat(outCapture)).size,
    truncated: summary.truncated !== undefined,
    sha256: await sha256File(outCapture),
    sysdigExitCode,
  };
}

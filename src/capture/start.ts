// Analyze mode, start: run sysdig (modern eBPF) in a container recording this job's syscalls to a
// capture file, and leave what stop and the post step need. The phases mirror live mode's
// (src/live/start.ts): prepare (the syscall-ignore config read and checked, nothing created yet), launch
// (image, work folder, container), wait until ready (the probe found in the capture), hand-off (state).
// The engine, log and clock are handed in by the caller.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../action/log.ts';
import { logQuoted, QuotedLogBlock } from '../action/log-quote.ts';
import type { Clock, LiveEngine } from '../live/collaborators.ts';
import { StartError } from '../live/start.ts';
import { thisProcess, type OwnProcess } from '../live/state.ts';
import type { Mode } from '../settings/inputs.ts';
import type { CaptureSettings } from '../settings/start.ts';
import { CAPTURE_FILE_NAME, sysdigContainerSpec } from './container.ts';
import { captureFilter, ignoreConfigPath, loadIgnoreConfig, type IgnoreConfig } from './ignore-config.ts';
import { awaitProbeInCapture, CAPTURE_PROBE_TIMEOUT_MS, type CaptureProbeResult, type ProbeCommand } from './ready.ts';
import type { CaptureState } from './state.ts';
import { writeCaptureState } from './state-file.ts';

/** The engine calls analyze mode's start makes (DockerEngine in production). */
export type CaptureEngine = Pick<
  LiveEngine,
  'where' | 'ping' | 'ensureImage' | 'localSocketPath' | 'createContainer' | 'startContainer' | 'logTail' | 'status' | 'removeContainer'
>;

export interface CaptureStartContext {
  engine: CaptureEngine;
  log: Logger;
  clock: Clock;
  actionRoot: string;
  /** Where a relative config-file is resolved (the job's workspace). */
  workspace: string;
  runnerTemp: string;
  stateFile: string;
  /** GITHUB_RUN_ID, in the container's name so that leftovers can be traced to their run. */
  runId: string;
  /** start's parent, the runner's Runner.Worker (the parent of every step process of the job). */
  runnerWorkerPid?: number;
  /** How long sysdig may take until the probe shows in its capture. */
  readyTimeoutMs?: number;
  /** The readiness probe (tests); default the Node.js running start. */
  probe?: ProbeCommand;
}

export interface CaptureStartSettings extends CaptureSettings {
  mode: Mode;
  verbose: boolean;
}

const OWN_MARGIN_MS = 1000;
const OWN_EXIT_MARGIN_MS = 5000;
const DEFAULT_READY_TIMEOUT_MS = 120_000;
const LOG_TAIL_LINES = 30;

/** Phase 1: the syscall-ignore config, read and checked before anything is pulled or created. */
export async function prepareCapture(settings: CaptureStartSettings, context: Pick<CaptureStartContext, 'actionRoot' | 'workspace' | 'log'>): Promise<IgnoreConfig> {
  if (settings.mode !== 'analyze') throw new Error(`startCapture runs analyze mode, not ${settings.mode}`);
  const config = await loadIgnoreConfig(ignoreConfigPath(settings.configFile, context.actionRoot, context.workspace));
  context.log.info(`Syscall-ignore config ${config.file}: ${config.syscalls.length} syscalls left out of the capture.`);
  return config;
}

interface CaptureFolder {
  /** Also the container's name. */
  name: string;
  workDir: string;
  captureDir: string;
  captureFile: string;
}

function captureFolder(context: Pick<CaptureStartContext, 'runnerTemp' | 'runId'>): CaptureFolder {
  const name = `falco-actions-capture-${context.runId}-${randomBytes(4).toString('hex')}`;
  const workDir = join(context.runnerTemp, 'falco-actions', name);
  const captureDir = join(workDir, 'capture');
  return { name, workDir, captureDir, captureFile: join(captureDir, CAPTURE_FILE_NAME) };
}

async function engineWithImage(engine: CaptureEngine, image: string, log: Logger): Promise<void> {
  const { serverVersion } = await engine.ping();
  log.info(`Docker engine ${serverVersion} at ${engine.where}`);
  const pullLog = new QuotedLogBlock(log);
  try {
    await engine.ensureImage(image, (line) => pullLog.write(line));
  } finally {
    pullLog.close();
  }
}

/** sysdig's last log lines, quoted by the caller (the container's words, never workflow commands). */
async function lastLines(engine: CaptureEngine, id: string): Promise<string> {
  const lines = await engine.logTail(id, LOG_TAIL_LINES).catch(() => [] as string[]);
  return lines.join('\n') || '(none)';
}

/** Phase 3: probes until sysdig's capture shows one; a clear error when it stops or never does. */
async function waitForCapture(
  engine: CaptureEngine,
  containerId: string,
  folder: CaptureFolder,
  options: { clock: Clock; deadline: number; timeoutMs: number; probe?: ProbeCommand },
): Promise<{ result: CaptureProbeResult; probes: OwnProcess[] }> {
  const probes: OwnProcess[] = [];
  const result = await awaitProbeInCapture({
    captureFile: folder.captureFile,
    scratchDir: folder.workDir,
    deadline: options.deadline,
    now: () => options.clock.now(),
    alive: async () => (await engine.status(containerId))?.running === true,
    ...(options.probe !== undefined ? { probe: options.probe } : {}),
    onProbe: (pid, startedAtMs) => probes.push({ role: 'probe', pid, fromMs: startedAtMs - OWN_MARGIN_MS, toMs: startedAtMs + CAPTURE_PROBE_TIMEOUT_MS + OWN_MARGIN_MS }),
  });
  if (result.outcome === 'seen') return { result, probes };
  const seconds = Math.round(options.timeoutMs / 1000);
  if (result.outcome === 'exited') {
    const status = await engine.status(containerId);
    const code = status?.exitCode !== undefined ? ` (exit code ${status.exitCode})` : '';
    throw new StartError(`sysdig exited before it recorded this job${code}${status?.error ? `: ${status.error}` : ''}. sysdig's last log lines:\n${await lastLines(engine, containerId)}`);
  }
  const what =
    result.reads === 0
      ? `sysdig wrote no capture within ${seconds} s`
      : `sysdig's capture (${result.captureBytes} bytes) did not show the readiness probe within ${seconds} s: it does not record this job's processes`;
  throw new StartError(`${what}. sysdig's last log lines:\n${await lastLines(engine, containerId)}`);
}

export async function startCapture(settings: CaptureStartSettings, context: CaptureStartContext): Promise<{ state: CaptureState }> {
  const { engine, log, clock } = context;
  const began = clock.now();
  const config = await prepareCapture(settings, context);
  await engineWithImage(engine, settings.sysdigImage, log);

  const folder = captureFolder(context);
  const spec = sysdigContainerSpec({
    name: folder.name,
    image: settings.sysdigImage,
    captureDirHostPath: folder.captureDir,
    filter: captureFilter(config.syscalls),
    snaplen: settings.snaplen,
    dockerSocketPath: engine.localSocketPath(),
  });
  if (settings.verbose) logQuoted(log, `sysdig command: ${spec.cmd.join(' ')}`);
  let containerId: string | undefined;
  try {
    // The runner user's folder; sysdig (root in its container) writes the capture into it.
    await mkdir(folder.captureDir, { recursive: true, mode: 0o755 });
    containerId = await engine.createContainer(spec);
    const id = containerId;
    await engine.startContainer(id).catch(async (error: unknown) => {
      throw new StartError(
        `The Docker engine at ${engine.where} refused to start the sysdig container, which modern eBPF needs privileged with the host's /proc and /etc mounted read-only: ${(error as Error).message.replace(/^Starting the container failed: /, '')}. Use a runner whose Docker engine allows privileged containers (GitHub-hosted runners do).`,
      );
    });
    const timeoutMs = context.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    log.info(`sysdig started (container ${folder.name}); waiting for the readiness probe to show in its capture ...`);
    const { result, probes } = await waitForCapture(engine, id, folder, { clock, deadline: began + timeoutMs, timeoutMs, ...(context.probe !== undefined ? { probe: context.probe } : {}) });

    const readyAtMs = clock.now();
    const status = await engine.status(id);
    const state: CaptureState = {
      version: 1,
      mode: 'analyze',
      containerId: id,
      containerName: folder.name,
      image: settings.sysdigImage,
      captureFile: folder.captureFile,
      workDir: folder.workDir,
      snaplen: settings.snaplen,
      ignoredSyscalls: config.syscalls,
      verbose: settings.verbose,
      startedAt: new Date(began).toISOString(),
      readyAt: new Date(readyAtMs).toISOString(),
      ...(status?.pid !== undefined && status.pid > 0 ? { sysdigPid: status.pid } : {}),
      ...(context.runnerWorkerPid !== undefined && context.runnerWorkerPid > 1 ? { runnerWorkerPid: context.runnerWorkerPid } : {}),
      // This process exits right after writing the state; the margin covers that exit, not more.
      ownProcesses: [thisProcess('start', readyAtMs, readyAtMs + OWN_EXIT_MARGIN_MS), ...probes],
    };
    await writeCaptureState(context.stateFile, state);
    log.info(`sysdig is recording this job with modern eBPF (container ${folder.name}) to ${folder.captureFile}.`);
    log.info(`The capture shows the readiness probe (${result.probesRun} ${result.probesRun === 1 ? 'probe' : 'probes'} run, ${result.reads} ${result.reads === 1 ? 'read' : 'reads'} of the capture); start took ${((readyAtMs - began) / 1000).toFixed(1)} s.`);
    return { state };
  } catch (error) {
    if (containerId !== undefined) {
      await engine.removeContainer(containerId).catch((cleanup: unknown) => logQuoted(log, `Could not remove container ${folder.name}: ${String(cleanup)}`));
    }
    await rm(folder.workDir, { recursive: true, force: true }).catch((cleanup: unknown) => logQuoted(log, `Could not remove ${folder.workDir}: ${String(cleanup)}`));
    throw error;
  }
}

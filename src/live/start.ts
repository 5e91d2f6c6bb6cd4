// Live mode, start: run Falco (modern_ebpf) in a container and leave what stop needs. Four phases:
// prepare (rule files found and checked, nothing created yet), launch (image, work folder, container),
// wait until ready (Falco's log, then the readiness probe in its events file), verify (what Falco
// said against what was mounted). The engine, log and clock are handed in by the caller.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONTAINER_EVENTS_DIR,
  EVENTS_FILE_NAME,
  falcoActionsConfig,
  falcoContainerSpec,
  mountRuleFiles,
  type MountedRuleFile,
} from '../falco/container.ts';
import { checkRuleFilesLoaded, FalcoStartupWatcher, ruleFileNamedInError, type FalcoStartupState } from '../falco/startup-log.ts';
import { UserError } from '../action/errors.ts';
import { requireLiveMode } from '../settings/inputs.ts';
import type { StartSettings } from '../settings/start.ts';
import { awaitProbeAlert, PROBE_TIMEOUT_MS } from '../falco/ready-probe.ts';
import { thisProcess, writeState, type LiveState, type OwnProcess } from './state.ts';
import { assumedNamesWarning, checkRuleFiles, ruleErrorsMessage } from './rule-check.ts';
import { logQuoted, QuotedLogBlock } from '../action/log-quote.ts';
import { plainLine } from '../report/escape.ts';
import { makeEventsFolder } from '../falco/events-folder.ts';
import type { Clock, ContainerStatus, LiveEngine, Logger } from './collaborators.ts';

export interface StartContext {
  engine: LiveEngine;
  log: Logger;
  clock: Clock;
  actionRoot: string;
  /** Where relative custom-rule-file paths are resolved (the job's workspace). */
  workspace: string;
  runnerTemp: string;
  stateFile: string;
  /** GITHUB_RUN_ID, in the container's name so that leftovers can be traced to their run. */
  runId: string;
  /** start's parent, the runner's Runner.Worker (the parent of every step process of the job). */
  runnerWorkerPid?: number;
  /** How long Falco may take to open its syscall source. */
  readyTimeoutMs?: number;
}

export interface StartResult {
  state: LiveState;
  falcoVersion: string | undefined;
}

/** Start failed; everything it created has been removed. */
export class StartError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

import { resolveRuleFiles } from '../falco/rule-files.ts';

export { resolveRuleFiles };

function describeFile(file: MountedRuleFile): string {
  return file.origin === 'custom' ? file.hostPath : `${file.hostPath} (${file.origin === 'markers' ? 'falco-actions step markers' : 'falco-actions CI/CD rules'})`;
}

/** Checks the rule files together, in Falco's load order, before anything is pulled or created. */
async function checkBeforeFalco(ruleFiles: readonly MountedRuleFile[], log: Logger): Promise<void> {
  const began = performance.now();
  const check = await checkRuleFiles(ruleFiles.map((file) => file.hostPath));
  const took = performance.now() - began;
  if (check.errors.length > 0) {
    throw new StartError(ruleErrorsMessage(check, ruleFiles.filter((file) => file.origin !== 'custom').map((file) => file.hostPath)));
  }
  const assumed = assumedNamesWarning(check);
  // Warnings quote names from the rule files, which a pull request controls: one plain line each
  // (no control or bidirectional characters reach the annotation).
  if (assumed !== undefined) log.warning(plainLine(assumed, 1000));
  for (const warning of check.warnings) log.warning(plainLine(warning, 1000));
  log.info(`Checked ${ruleFiles.length} rule ${ruleFiles.length === 1 ? 'file' : 'files'} (${check.rules} rules) in ${Math.round(took)} ms.`);
}

// Clock margins around our own processes' lifetimes: Falco's event times and ours come from the same
// clock, but our readings are taken a little after the fact.
const OWN_MARGIN_MS = 1000;
const OWN_EXIT_MARGIN_MS = 5000;
const DEFAULT_READY_TIMEOUT_MS = 120_000;

/** Phase 1: the rule files to mount, checked together; nothing is pulled or created yet. */
export async function prepare(settings: StartSettings, context: Pick<StartContext, 'actionRoot' | 'workspace' | 'log'>): Promise<MountedRuleFile[]> {
  requireLiveMode(settings.mode);
  const ruleFiles = mountRuleFiles(await resolveRuleFiles(settings, context.actionRoot, context.workspace));
  await checkBeforeFalco(ruleFiles, context.log);
  return ruleFiles;
}

/** Where one start keeps its files: under RUNNER_TEMP, removed when start fails. */
export interface WorkFolder {
  /** Also the container's name. */
  name: string;
  workDir: string;
  eventsDir: string;
  eventsFile: string;
  configFile: string;
}

function workFolder(context: Pick<StartContext, 'runnerTemp' | 'runId'>): WorkFolder {
  const name = `falco-actions-${context.runId}-${randomBytes(4).toString('hex')}`;
  const workDir = join(context.runnerTemp, 'falco-actions', name);
  const eventsDir = join(workDir, 'events');
  return { name, workDir, eventsDir, eventsFile: join(eventsDir, EVENTS_FILE_NAME), configFile: join(workDir, 'falco-actions.yaml') };
}

/** Phase 2a: the engine answers and has the image. Pull progress quotes the registry's and engine's words. */
async function engineWithImage(engine: LiveEngine, image: string, log: Logger): Promise<void> {
  const { serverVersion } = await engine.ping();
  log.info(`Docker engine ${serverVersion} at ${engine.where}`);
  const pullLog = new QuotedLogBlock(log);
  try {
    await engine.ensureImage(image, (line) => pullLog.write(line));
  } finally {
    pullLog.close();
  }
}

/** Phase 2b: the files Falco's container mounts. */
async function writeWorkFolder(folder: WorkFolder): Promise<void> {
  await mkdir(folder.workDir, { recursive: true });
  // 0755, owned by the runner user: see events-folder.ts for why that is enough for Falco and what it cannot stop.
  await makeEventsFolder(folder.eventsDir);
  await writeFile(folder.configFile, falcoActionsConfig(), { mode: 0o644 });
}

/** Phase 2c: the container started; its id is handed over as soon as it exists, for clean-up. */
async function launchFalco(engine: LiveEngine, id: string): Promise<void> {
  await engine.startContainer(id).catch((error: unknown) => {
    throw new StartError(
      `The Docker engine at ${engine.where} refused to start the Falco container, which modern_ebpf needs privileged with the host's /proc and /etc mounted read-only: ${(error as Error).message.replace(/^Starting the container failed: /, '')}. Use a runner whose Docker engine allows privileged containers (GitHub-hosted runners do).`,
    );
  });
}

/** What waiting for Falco found: how the wait ended, what Falco said, and the container's state then. */
export interface Readiness {
  /** ready: Falco opened its syscall source; exited: its log ended first; timeout: neither in time. */
  outcome: 'ready' | 'exited' | 'timeout';
  /** Falco reported one of our readiness probes (only tried once it is ready). */
  probeSeen: boolean;
  startup: FalcoStartupState;
  /** Falco's last log lines (from the engine when none were followed). */
  lastLines: string[];
  status: ContainerStatus | undefined;
  /** The probes run, as our own processes Falco may report. */
  probes: OwnProcess[];
  timeoutMs: number;
}

/** Settles with the first of: Falco opening its syscall source, its log ending, the timeout. */
function untilSourceOpens(watcher: FalcoStartupWatcher, opened: Promise<void>, logEnded: Promise<void>, timeoutMs: number): Promise<Readiness['outcome']> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((settle) => {
    timer = setTimeout(() => settle('timeout'), timeoutMs);
  });
  const ended = logEnded.then((): Readiness['outcome'] => (watcher.state.syscallSourceOpening ? 'ready' : 'exited'));
  return Promise.race([opened.then(() => 'ready' as const), ended, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Phase 3: follows Falco's log from the container's start until it opens its syscall source, then runs
 * readiness probes until Falco reports one in its events file. Falco's own words are quoted (never read
 * as workflow commands) and the block is closed before anything can warn or fail.
 */
export async function waitUntilReady(
  engine: LiveEngine,
  containerId: string,
  folder: WorkFolder,
  options: { log: Logger; clock: Clock; verbose: boolean; timeoutMs: number; began: number },
): Promise<Readiness> {
  const watcher = new FalcoStartupWatcher();
  const falcoLog = new QuotedLogBlock(options.log, { indent: 'falco: ' });
  const echo = { on: options.verbose };
  let sourceOpened: () => void = () => undefined;
  const opened = new Promise<void>((settle) => {
    sourceOpened = settle;
  });
  // The log is followed from the container's beginning, so nothing Falco said before this is lost.
  const follower = await engine.followLogs(containerId, (line) => {
    if (echo.on) falcoLog.write(line);
    watcher.push(line);
    if (watcher.state.syscallSourceOpening) sourceOpened();
  });
  const probes: OwnProcess[] = [];
  let outcome: Readiness['outcome'];
  let probeSeen = false;
  try {
    outcome = await untilSourceOpens(watcher, opened, follower.done, options.timeoutMs);
    if (outcome === 'ready') {
      options.log.info('Falco is opening its syscall source; waiting for it to report the readiness probe ...');
      probeSeen = await awaitProbeAlert({
        workDir: folder.workDir,
        eventsFile: folder.eventsFile,
        abandoned: follower.done,
        deadline: options.began + options.timeoutMs,
        now: () => options.clock.now(),
        onProbe: (pid, startedAtMs) => probes.push({ role: 'probe', pid, fromMs: startedAtMs - OWN_MARGIN_MS, toMs: startedAtMs + PROBE_TIMEOUT_MS + OWN_MARGIN_MS }),
      });
    }
  } finally {
    echo.on = false;
    follower.close();
    falcoLog.close();
  }
  const status = await engine.status(containerId);
  const lastLines = watcher.state.recentLines.length > 0 ? [...watcher.state.recentLines] : await engine.logTail(containerId, 30).catch(() => []);
  return { outcome, probeSeen, startup: watcher.state, lastLines, status, probes, timeoutMs: options.timeoutMs };
}

/** Phase 4: Falco runs, sees this job's processes and loaded every mounted rule file; else why not. */
export function verifyReady(readiness: Readiness, ruleFiles: readonly MountedRuleFile[]): void {
  const { outcome, startup, status } = readiness;
  const seconds = Math.round(readiness.timeoutMs / 1000);
  if (outcome === 'ready' && !readiness.probeSeen && status?.running && startup.error === undefined) {
    throw new StartError(
      `Falco opened its syscall source but did not report the readiness probe within ${seconds} s: it does not see this job's processes. Falco's last log lines:\n${readiness.lastLines.join('\n')}`,
    );
  }
  if (outcome !== 'ready' || !status?.running || startup.error !== undefined) {
    const rejected = startup.error !== undefined ? ruleFileNamedInError(startup.error, ruleFiles.map((file) => file.containerPath)) : undefined;
    if (rejected !== undefined) {
      const file = ruleFiles.find((candidate) => candidate.containerPath === rejected);
      throw new StartError(`Falco rejected the rule file ${file ? describeFile(file) : rejected}:\n${startup.error}`);
    }
    const why =
      outcome === 'timeout'
        ? `Falco did not open its syscall source within ${seconds} s`
        : `Falco exited before it was ready${status?.exitCode !== undefined ? ` (exit code ${status.exitCode})` : ''}${status?.error ? `: ${status.error}` : ''}`;
    throw new StartError(`${why}. Falco's last log lines:\n${readiness.lastLines.join('\n') || '(none)'}`);
  }
  const check = checkRuleFilesLoaded(ruleFiles.map((file) => file.containerPath), startup);
  if (!check.ok) {
    const missing = ruleFiles.filter((file) => check.missing.includes(file.containerPath)).map(describeFile);
    throw new StartError(
      `Falco did not report loading ${missing.length === 1 ? 'this rule file' : 'these rule files'}: ${missing.join(', ')}. Falco reported: ${startup.loadedRuleFiles.map((file) => file.path).join(', ') || 'no rule files'}.`,
    );
  }
}

export async function startLive(settings: StartSettings, context: StartContext): Promise<StartResult> {
  const { engine, log, clock } = context;
  const began = clock.now();
  const ruleFiles = await prepare(settings, context);
  await engineWithImage(engine, settings.falcoImage, log);

  const folder = workFolder(context);
  const spec = falcoContainerSpec({
    name: folder.name,
    image: settings.falcoImage,
    ruleFiles,
    configFileHostPath: folder.configFile,
    eventsDirHostPath: folder.eventsDir,
    dockerSocketPath: engine.localSocketPath(),
  });
  if (settings.verbose) log.info(`Falco command: ${spec.cmd.join(' ')}`);
  let containerId: string | undefined;
  try {
    await writeWorkFolder(folder);
    containerId = await engine.createContainer(spec);
    await launchFalco(engine, containerId);
    const readiness = await waitUntilReady(engine, containerId, folder, {
      log,
      clock,
      verbose: settings.verbose,
      timeoutMs: context.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      began,
    });
    verifyReady(readiness, ruleFiles);

    const readyAtMs = clock.now();
    const state: LiveState = {
      version: 1,
      mode: 'live',
      containerId,
      containerName: folder.name,
      image: settings.falcoImage,
      eventsFile: folder.eventsFile,
      workDir: folder.workDir,
      ruleFiles: ruleFiles.map((file) => file.hostPath),
      verbose: settings.verbose,
      startedAt: new Date(began).toISOString(),
      startSeconds: (readyAtMs - began) / 1000,
      readyAt: new Date(readyAtMs).toISOString(),
      ...(readiness.status?.pid !== undefined ? { falcoPid: readiness.status.pid } : {}),
      ...(context.runnerWorkerPid !== undefined && context.runnerWorkerPid > 1 ? { runnerWorkerPid: context.runnerWorkerPid } : {}),
      // This process exits right after writing the state; the margin covers that exit, not more (a
      // later process with this pid must not be hidden).
      ownProcesses: [thisProcess('start', readyAtMs, readyAtMs + OWN_EXIT_MARGIN_MS), ...readiness.probes],
    };
    await writeState(context.stateFile, state);
    log.info(`Falco ${readiness.startup.version ?? ''} is monitoring this job with the modern_ebpf engine (container ${folder.name}).`);
    log.info(`Rule files: ${ruleFiles.map(describeFile).join(', ')}`);
    log.info(`Alerts are written to ${state.eventsFile} (in the container: ${CONTAINER_EVENTS_DIR}/${EVENTS_FILE_NAME}).`);
    log.info(`Start took ${state.startSeconds.toFixed(1)} s.`);
    return { state, falcoVersion: readiness.startup.version };
  } catch (error) {
    if (containerId !== undefined) {
      await engine.removeContainer(containerId).catch((cleanup: unknown) => logQuoted(log, `Could not remove container ${folder.name}: ${String(cleanup)}`));
    }
    await rm(folder.workDir, { recursive: true, force: true });
    throw error;
  }
}

// Live mode, start: run Falco (modern_ebpf) in a container and leave what stop needs.
import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { DockerEngine } from '../docker/engine.ts';
import {
  CONTAINER_EVENTS_DIR,
  EVENTS_FILE_NAME,
  falcoActionsConfig,
  falcoContainerSpec,
  mountRuleFiles,
  type MountedRuleFile,
  type RuleFile,
} from '../falco/container.ts';
import { checkRuleFilesLoaded, FalcoStartupWatcher, ruleFileNamedInError } from '../falco/startup-log.ts';
import { UserError } from '../action/errors.ts';
import { requireLiveMode, SettingsError } from '../settings/inputs.ts';
import type { StartSettings } from '../settings/start.ts';
import { awaitProbeAlert, PROBE_TIMEOUT_MS } from '../falco/ready-probe.ts';
import { thisProcess, writeState, type LiveState, type OwnProcess } from './state.ts';
import { CICD_RULES_FILE, MARKER_RULES_FILE } from '../action/action-root.ts';
import { assumedNamesWarning, checkRuleFiles, ruleErrorsMessage } from './rule-check.ts';
import { logQuoted, QuotedLogBlock } from '../action/log-quote.ts';
import { makeEventsFolder } from '../falco/events-folder.ts';

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
}

export interface StartContext {
  actionRoot: string;
  /** Where relative custom-rule-file paths are resolved (the job's workspace). */
  workspace: string;
  runnerTemp: string;
  stateFile: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** How long Falco may take to open its syscall source. */
  readyTimeoutMs?: number;
  now?: () => number;
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

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The rule files to mount: our markers, the project's CI/CD rules when enabled, the user's own. */
export async function resolveRuleFiles(settings: StartSettings, actionRoot: string, workspace: string): Promise<RuleFile[]> {
  const files: RuleFile[] = [];
  const markers = join(actionRoot, MARKER_RULES_FILE);
  if (!(await isFile(markers))) throw new StartError(`The action's marker rules file is missing: ${markers}. The action checkout is incomplete.`);
  files.push({ hostPath: markers, origin: 'markers' });
  if (settings.cicdRules) {
    const cicd = join(actionRoot, CICD_RULES_FILE);
    if (!(await isFile(cicd))) {
      throw new SettingsError(
        'cicd-rules',
        `Input 'cicd-rules' is true but the action has no ${CICD_RULES_FILE} (looked at ${cicd}). Set cicd-rules: false or use a complete release of the action.`,
      );
    }
    files.push({ hostPath: cicd, origin: 'cicd' });
  }
  for (const path of settings.customRuleFiles) {
    const absolute = isAbsolute(path) ? path : resolve(workspace, path);
    if (!(await isFile(absolute))) {
      throw new SettingsError(
        'custom-rule-file',
        `Input 'custom-rule-file': ${JSON.stringify(path)} is not a file (looked at ${absolute}). Give paths of Falco rule files, one per line, relative to the workspace or absolute.`,
      );
    }
    files.push({ hostPath: absolute, origin: 'custom' });
  }
  return files;
}

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
  if (assumed !== undefined) log.warning(assumed);
  for (const warning of check.warnings) log.warning(warning);
  log.info(`Checked ${ruleFiles.length} rule ${ruleFiles.length === 1 ? 'file' : 'files'} (${check.rules} rules) in ${Math.round(took)} ms.`);
}

// Clock margins around our own processes' lifetimes: Falco's event times and ours come from the same
// clock, but our readings are taken a little after the fact.
const OWN_MARGIN_MS = 1000;
const OWN_EXIT_MARGIN_MS = 5000;

type ReadyOutcome =
  | { kind: 'ready' }
  | { kind: 'exited' }
  | { kind: 'timeout' };

export async function startLive(settings: StartSettings, context: StartContext): Promise<StartResult> {
  requireLiveMode(settings.mode);
  const now = context.now ?? Date.now;
  const began = now();
  const { log } = context;
  const ruleFiles = mountRuleFiles(await resolveRuleFiles(settings, context.actionRoot, context.workspace));
  await checkBeforeFalco(ruleFiles, log);

  const engine = new DockerEngine({ env: context.env ?? process.env, requestTimeoutMs: 60_000 });
  const { serverVersion } = await engine.ping();
  log.info(`Docker engine ${serverVersion} at ${engine.where}`);
  // Pull progress quotes the registry's and engine's words.
  const pullLog = new QuotedLogBlock(log);
  try {
    await engine.ensureImage(settings.falcoImage, (line) => pullLog.write(line));
  } finally {
    pullLog.close();
  }

  const name = `falco-actions-${(context.env ?? process.env).GITHUB_RUN_ID ?? 'local'}-${randomBytes(4).toString('hex')}`;
  const workDir = join(context.runnerTemp, 'falco-actions', name);
  const eventsDir = join(workDir, 'events');
  const configFile = join(workDir, 'falco-actions.yaml');
  // 0755, owned by the runner user: see events-folder.ts for why that is enough for Falco and what it cannot stop.
  await makeEventsFolder(eventsDir);
  await writeFile(configFile, falcoActionsConfig(), { mode: 0o644 });

  const spec = falcoContainerSpec({
    name,
    image: settings.falcoImage,
    ruleFiles,
    configFileHostPath: configFile,
    eventsDirHostPath: eventsDir,
    dockerSocketPath: engine.localSocketPath(),
  });
  if (settings.verbose) log.info(`Falco command: ${spec.cmd.join(' ')}`);

  let containerId: string | undefined;
  try {
    containerId = await engine.createContainer(spec);
    const watcher = new FalcoStartupWatcher();
    let onProgress: (() => void) | undefined;
    // Falco's own words: quoted, never read as workflow commands. Closed before anything below can
    // warn or fail (the runner ignores commands while the block is open).
    const falcoLog = new QuotedLogBlock(log, { indent: 'falco: ' });
    let echoFalco = settings.verbose;
    await engine.startContainer(containerId).catch((error: unknown) => {
      throw new StartError(
        `The Docker engine at ${engine.where} refused to start the Falco container, which modern_ebpf needs privileged with the host's /proc and /etc mounted read-only: ${(error as Error).message.replace(/^Starting the container failed: /, '')}. Use a runner whose Docker engine allows privileged containers (GitHub-hosted runners do).`,
      );
    });
    // The log is followed from the container's beginning, so nothing Falco said before this is lost.
    const follower = await engine.followLogs(containerId, (line) => {
      if (echoFalco) falcoLog.write(line);
      watcher.push(line);
      onProgress?.();
    });
    const timeoutMs = context.readyTimeoutMs ?? 120_000;
    let outcome: ReadyOutcome;
    let probeSeen = false;
    // Our own processes Falco may report: each readiness probe (and whatever it runs) for as long as
    // it may live, and this process itself (recorded below, with its end).
    const probes: OwnProcess[] = [];
    try {
      outcome = await new Promise<ReadyOutcome>((resolveOutcome) => {
        const timer = setTimeout(() => resolveOutcome({ kind: 'timeout' }), timeoutMs);
        const settle = (result: ReadyOutcome) => {
          clearTimeout(timer);
          resolveOutcome(result);
        };
        onProgress = () => {
          if (watcher.state.syscallSourceOpening) settle({ kind: 'ready' });
        };
        onProgress();
        void follower.done.then(() => settle(watcher.state.syscallSourceOpening ? { kind: 'ready' } : { kind: 'exited' }));
      });
      if (outcome.kind === 'ready') {
        log.info('Falco is opening its syscall source; waiting for it to report the readiness probe ...');
        probeSeen = await awaitProbeAlert({
          workDir,
          eventsFile: join(eventsDir, EVENTS_FILE_NAME),
          abandoned: follower.done,
          deadline: began + timeoutMs,
          now,
          onProbe: (pid, startedAtMs) => probes.push({ role: 'probe', pid, fromMs: startedAtMs - OWN_MARGIN_MS, toMs: startedAtMs + PROBE_TIMEOUT_MS + OWN_MARGIN_MS }),
        });
      }
    } finally {
      echoFalco = false;
      follower.close();
      falcoLog.close();
    }

    const status = await engine.status(containerId);
    if (outcome.kind === 'ready' && !probeSeen && status?.running && watcher.state.error === undefined) {
      throw new StartError(
        `Falco opened its syscall source but did not report the readiness probe within ${Math.round(timeoutMs / 1000)} s: it does not see this job's processes. Falco's last log lines:\n${watcher.state.recentLines.join('\n')}`,
      );
    }
    if (outcome.kind !== 'ready' || !status?.running || watcher.state.error !== undefined) {
      const tail = watcher.state.recentLines.length > 0 ? watcher.state.recentLines : await engine.logTail(containerId, 30).catch(() => []);
      const falcoSays = tail.join('\n');
      const rejected = watcher.state.error !== undefined ? ruleFileNamedInError(watcher.state.error, ruleFiles.map((file) => file.containerPath)) : undefined;
      if (rejected !== undefined) {
        const file = ruleFiles.find((candidate) => candidate.containerPath === rejected);
        throw new StartError(`Falco rejected the rule file ${file ? describeFile(file) : rejected}:\n${watcher.state.error}`);
      }
      const why =
        outcome.kind === 'timeout'
          ? `Falco did not open its syscall source within ${Math.round(timeoutMs / 1000)} s`
          : `Falco exited before it was ready${status?.exitCode !== undefined ? ` (exit code ${status.exitCode})` : ''}${status?.error ? `: ${status.error}` : ''}`;
      throw new StartError(`${why}. Falco's last log lines:\n${falcoSays || '(none)'}`);
    }

    const check = checkRuleFilesLoaded(ruleFiles.map((file) => file.containerPath), watcher.state);
    if (!check.ok) {
      const missing = ruleFiles.filter((file) => check.missing.includes(file.containerPath)).map(describeFile);
      throw new StartError(
        `Falco did not report loading ${missing.length === 1 ? 'this rule file' : 'these rule files'}: ${missing.join(', ')}. Falco reported: ${watcher.state.loadedRuleFiles.map((file) => file.path).join(', ') || 'no rule files'}.`,
      );
    }

    const readyAtMs = Date.now();
    const state: LiveState = {
      version: 1,
      mode: 'live',
      containerId,
      containerName: name,
      image: settings.falcoImage,
      eventsFile: join(eventsDir, EVENTS_FILE_NAME),
      workDir,
      ruleFiles: ruleFiles.map((file) => file.hostPath),
      verbose: settings.verbose,
      startedAt: new Date(began).toISOString(),
      startSeconds: (now() - began) / 1000,
      readyAt: new Date(readyAtMs).toISOString(),
      ...(status.pid !== undefined ? { falcoPid: status.pid } : {}),
      // start is a step process: its parent is the runner's Runner.Worker, the parent of every step.
      ...(process.ppid > 1 ? { runnerWorkerPid: process.ppid } : {}),
      // This process exits right after writing the state; the margin covers that exit, not more (a
      // later process with this pid must not be hidden).
      ownProcesses: [thisProcess('start', readyAtMs, readyAtMs + OWN_EXIT_MARGIN_MS), ...probes],
    };
    await writeState(context.stateFile, state);
    log.info(`Falco ${watcher.state.version ?? ''} is monitoring this job with the modern_ebpf engine (container ${name}).`);
    log.info(`Rule files: ${ruleFiles.map(describeFile).join(', ')}`);
    log.info(`Alerts are written to ${state.eventsFile} (in the container: ${CONTAINER_EVENTS_DIR}/${EVENTS_FILE_NAME}).`);
    log.info(`Start took ${state.startSeconds.toFixed(1)} s.`);
    return { state, falcoVersion: watcher.state.version };
  } catch (error) {
    if (containerId !== undefined) {
      await engine.removeContainer(containerId).catch((cleanup: unknown) => logQuoted(log, `Could not remove container ${name}: ${String(cleanup)}`));
    }
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

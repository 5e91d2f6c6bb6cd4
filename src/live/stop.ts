// Live mode, stop: SIGTERM the Falco container so it writes what it still holds, read its cost,
// hand the events file to the report, remove the container on every path.
import { readFile, rm } from 'node:fs/promises';
import { DockerEngine, type ContainerUsage } from '../docker/engine.ts';
import type { FailOn } from '../settings/stop.ts';
import { markStopped, readState, thisProcess, type LiveState } from './state.ts';
import type { LiveReportBuilder, LiveReportInput, LiveReportResult } from './report-contract.ts';
import { dropProbeLines, touch } from '../falco/ready-probe.ts';
import type { Logger } from './start.ts';
import { logQuoted, QuotedLogBlock } from '../action/log-quote.ts';

export interface StopContext {
  stateFile: string;
  /** "stop" or "post": recorded so a later call can say who stopped monitoring. */
  caller: 'stop' | 'post';
  failOn: FailOn;
  githubToken: string;
  verbose: boolean;
  log: Logger;
  buildReport: LiveReportBuilder;
  env?: NodeJS.ProcessEnv;
  /** Seconds Falco gets after SIGTERM before the engine kills it. */
  graceSeconds?: number;
  now?: () => number;
}

export type StopOutcome =
  | { kind: 'not-started'; message: string }
  | { kind: 'already-stopped'; message: string }
  | { kind: 'stopped'; state: LiveState; report: LiveReportResult; problems: string[]; eventsFile: string };

function githubContext(env: NodeJS.ProcessEnv, token: string): LiveReportInput['github'] {
  return {
    token,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    repository: env.GITHUB_REPOSITORY ?? '',
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
    runnerName: env.RUNNER_NAME ?? '',
    job: env.GITHUB_JOB ?? '',
  };
}

export async function stopLive(context: StopContext): Promise<StopOutcome> {
  const now = context.now ?? Date.now;
  const began = now();
  const { log } = context;
  const env = context.env ?? process.env;
  const state = await readState(context.stateFile);
  if (state === undefined) {
    return {
      kind: 'not-started',
      message: `Falco monitoring was not started in this job (no state at ${context.stateFile}); nothing to stop.`,
    };
  }
  if (state.stoppedAt !== undefined) {
    return {
      kind: 'already-stopped',
      message: `Falco monitoring was already stopped by ${state.stoppedBy ?? 'an earlier step'} at ${state.stoppedAt}; nothing to do.`,
    };
  }

  // Recorded before anything else: from here on this process talks to the Docker socket, and its
  // alerts are the monitoring at work.
  const reporter = thisProcess(context.caller, began);
  const problems: string[] = [];
  let usage: ContainerUsage | undefined;
  let peakRss: number | undefined;
  const engine = new DockerEngine({ env, requestTimeoutMs: 60_000 });
  try {
    const status = await engine.status(state.containerId);
    if (status === undefined) {
      problems.push(`The Falco container ${state.containerName} no longer exists: monitoring stopped at an unknown time; alerts written before that are reported.`);
    } else if (!status.running) {
      const tail = await engine.logTail(state.containerId, 20).catch(() => [] as string[]);
      problems.push(
        `Falco stopped on its own before this step (exit code ${status.exitCode ?? 'unknown'}): later activity was not monitored. Falco's last log lines:\n${tail.join('\n') || '(none)'}`,
      );
    } else {
      usage = await engine.usage(state.containerId).catch((error: unknown) => {
        problems.push(`Could not read the container's resource usage: ${(error as Error).message}`);
        return undefined;
      });
      // Read while Falco still runs: the kernel forgets VmHWM with the process.
      if (status.pid !== undefined && engine.localSocketPath() !== undefined) peakRss = await falcoPeakRss(status.pid, state.containerId);
      const { exitCode } = await engine.stopContainer(state.containerId, context.graceSeconds ?? 30);
      if (exitCode !== 0) {
        const tail = await engine.logTail(state.containerId, 20).catch(() => [] as string[]);
        problems.push(`Falco exited with code ${exitCode ?? 'unknown'} when asked to stop. Its last log lines:\n${tail.join('\n') || '(none)'}`);
      } else if (context.verbose) {
        const tail = await engine.logTail(state.containerId, 20).catch(() => [] as string[]);
        const block = new QuotedLogBlock(log, { indent: 'falco: ' });
        try {
          for (const line of tail) block.write(line);
        } finally {
          block.close();
        }
      }
    }
  } catch (error) {
    problems.push(`Stopping Falco failed: ${(error as Error).message}`);
  } finally {
    await engine.removeContainer(state.containerId).catch((error: unknown) => {
      problems.push(`Could not remove the Falco container ${state.containerName}: ${(error as Error).message}`);
    });
  }
  const stopped = await markStopped(context.stateFile, state, context.caller, new Date(now()), reporter);
  await touch(state.eventsFile).catch(() => undefined);
  await dropProbeLines(state.eventsFile);
  // Problems quote Falco's log and the engine's messages: hostile text, never a workflow command.
  for (const problem of problems) logQuoted(log, problem);

  const report = await context.buildReport({
    eventsFile: state.eventsFile,
    github: githubContext(env, context.githubToken),
    attribution: {
      self: { ownProcesses: stopped.ownProcesses ?? [], ...(stopped.falcoPid !== undefined ? { falcoPid: stopped.falcoPid } : {}) },
      startedAtMs: Date.parse(stopped.startedAt),
      reporterPid: reporter.pid,
      ...(stopped.runnerWorkerPid !== undefined ? { runnerWorkerPid: stopped.runnerWorkerPid } : {}),
    },
    cost: {
      ...(usage?.cpuSeconds !== undefined ? { cpuSeconds: usage.cpuSeconds } : {}),
      ...falcoMemory(peakRss, usage),
      startSeconds: state.startSeconds,
      stopSeconds: (now() - began) / 1000,
    },
    failOn: context.failOn,
  });
  return { kind: 'stopped', state: stopped, report, problems, eventsFile: state.eventsFile };
}

/** Falco's resident memory for the report: its peak when read, else its container's anonymous memory; never page cache. */
function falcoMemory(peakRss: number | undefined, usage: ContainerUsage | undefined): Partial<LiveReportInput['cost']> {
  const cache = usage?.cacheBytes !== undefined ? { cacheBytes: usage.cacheBytes } : {};
  if (peakRss !== undefined) return { peakMemoryBytes: peakRss, memoryMeasure: 'peak-rss', ...cache };
  if (usage?.residentBytes !== undefined) return { peakMemoryBytes: usage.residentBytes, memoryMeasure: 'resident-at-stop', ...cache };
  return {};
}

/**
 * The peak resident set (VmHWM) of Falco's process, read from /proc on this host. Only when the
 * process there is the container's (its cgroup names the container id): a runner in a container of
 * its own sees other pids.
 */
export async function falcoPeakRss(pid: number, containerId: string): Promise<number | undefined> {
  try {
    const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8');
    if (!cgroup.includes(containerId)) return undefined;
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Removes start's generated files except the events file, which stays for the events-file output. */
export async function cleanupWorkDir(state: LiveState): Promise<void> {
  await rm(`${state.workDir}/falco-actions.yaml`, { force: true });
}

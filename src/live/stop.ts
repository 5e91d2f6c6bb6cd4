// Live mode, stop: SIGTERM the Falco container so it writes what it still holds, read its cost,
// hand the events file to the report, remove the container on every path. The engine, log, clock and
// the report (which reads this job's steps from GitHub) are handed in by the caller.
import { readFile, rm } from 'node:fs/promises';
import type { FailOn } from '../settings/stop.ts';
import type { ThisJob } from '../github/run.ts';
import { markStopped, readState, thisProcess, type LiveState } from './state.ts';
import type { LiveReportInput, LiveReportResult } from '../report/live-report.ts';
import { dropProbeLines, touch } from '../falco/ready-probe.ts';
import { logQuoted, QuotedLogBlock } from '../action/log-quote.ts';
import type { Clock, ContainerUsage, LiveEngine, Logger } from './collaborators.ts';

/** Builds the report from the events file (buildLiveReport in production). */
export type LiveReportBuilder = (input: LiveReportInput) => Promise<LiveReportResult>;

export interface StopContext {
  engine: LiveEngine;
  log: Logger;
  clock: Clock;
  buildReport: LiveReportBuilder;
  /** This job on GitHub (the API, the run, the runner) and the token to read its steps with. */
  github: ThisJob;
  stateFile: string;
  /** "stop" or "post": recorded so a later call can say who stopped monitoring. */
  caller: 'stop' | 'post';
  failOn: FailOn;
  verbose: boolean;
  /** Seconds Falco gets after SIGTERM before the engine kills it. */
  graceSeconds?: number;
}

export type NothingToStop = { kind: 'not-started' | 'already-stopped'; message: string };
export type Stopped = { kind: 'stopped'; state: LiveState; report: LiveReportResult; problems: string[]; eventsFile: string };
export type StopOutcome = NothingToStop | Stopped;

/** The monitoring start left running in this job, or why there is nothing to stop. */
export async function monitoringToStop(stateFile: string): Promise<NothingToStop | { kind: 'running'; state: LiveState }> {
  const state = await readState(stateFile);
  if (state === undefined) {
    return {
      kind: 'not-started',
      message: `Falco monitoring was not started in this job (no state at ${stateFile}); nothing to stop.`,
    };
  }
  if (state.stoppedAt !== undefined) {
    return {
      kind: 'already-stopped',
      message: `Falco monitoring was already stopped by ${state.stoppedBy ?? 'an earlier step'} at ${state.stoppedAt}; nothing to do.`,
    };
  }
  return { kind: 'running', state };
}

/** Stops the running monitoring described by state (from monitoringToStop) and builds the report. */
export async function stopLive(state: LiveState, context: StopContext): Promise<Stopped> {
  const { engine, log, clock } = context;
  const began = clock.now();
  // Recorded before anything else: from here on this process talks to the Docker socket, and its
  // alerts are the monitoring at work.
  const reporter = thisProcess(context.caller, began);
  const problems: string[] = [];
  let usage: ContainerUsage | undefined;
  let peakRss: number | undefined;
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
  const stopped = await markStopped(context.stateFile, state, context.caller, new Date(clock.now()), reporter);
  await touch(state.eventsFile).catch(() => undefined);
  await dropProbeLines(state.eventsFile);
  // Problems quote Falco's log and the engine's messages: hostile text, never a workflow command.
  for (const problem of problems) logQuoted(log, problem);

  const report = await context.buildReport({
    eventsFile: state.eventsFile,
    github: context.github,
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
      stopSeconds: (clock.now() - began) / 1000,
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

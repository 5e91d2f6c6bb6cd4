// Live mode, stop: SIGTERM the Falco container so it writes what it still holds, read its cost,
// hand the events file to the report, remove the container on every path.
import { rm } from 'node:fs/promises';
import { DockerEngine, type ContainerUsage } from '../docker/engine.ts';
import type { FailOn } from '../settings/inputs.ts';
import { markStopped, readState, type LiveState } from '../state/live-state.ts';
import type { LiveReportBuilder, LiveReportInput, LiveReportResult } from './report-contract.ts';
import { dropProbeLines, touch } from './ready-probe.ts';
import type { Logger } from './start.ts';
import { logQuoted, QuotedLogBlock } from './log-quote.ts';

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

  const problems: string[] = [];
  let usage: ContainerUsage | undefined;
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
  const stopped = await markStopped(context.stateFile, state, context.caller);
  await touch(state.eventsFile).catch(() => undefined);
  await dropProbeLines(state.eventsFile);
  // Problems quote Falco's log and the engine's messages: hostile text, never a workflow command.
  for (const problem of problems) logQuoted(log, problem);

  const report = await context.buildReport({
    eventsFile: state.eventsFile,
    github: githubContext(env, context.githubToken),
    cost: {
      ...(usage?.cpuSeconds !== undefined ? { cpuSeconds: usage.cpuSeconds } : {}),
      ...(usage?.memoryBytes !== undefined ? { peakMemoryBytes: usage.memoryBytes } : {}),
      startSeconds: state.startSeconds,
      stopSeconds: (now() - began) / 1000,
    },
    failOn: context.failOn,
  });
  return { kind: 'stopped', state: stopped, report, problems, eventsFile: state.eventsFile };
}

/** Removes start's generated files except the events file, which stays for the events-file output. */
export async function cleanupWorkDir(state: LiveState): Promise<void> {
  await rm(`${state.workDir}/falco-actions.yaml`, { force: true });
}

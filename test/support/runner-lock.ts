// A runner machine runs one job at a time, and Falco watches the whole machine: two
// harness jobs running at once (test files run in parallel) would see each other's step processes.
// This machine-wide lock makes harness jobs take turns across test files and processes.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const RUNNER_LOCK_FILE = join(tmpdir(), 'falco-actions-harness-runner.lock');

interface LockHolder {
  pid: number;
  token: string;
  since: string;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RunnerLock {
  release(): void;
}

/**
 * Waits until no other harness job runs on this machine, then holds the lock. A holder whose process
 * died is taken over. Gives up after `timeoutMs` with a message naming the holder.
 */
export async function acquireRunnerLock(token: string, timeoutMs: number, file = RUNNER_LOCK_FILE): Promise<RunnerLock> {
  const deadline = Date.now() + timeoutMs;
  const mine: LockHolder = { pid: process.pid, token, since: new Date().toISOString() };
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          // Only remove the lock if it is still ours.
          if (readHolder(file)?.token === token) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder !== undefined && !processAlive(holder.pid)) {
      // The holder died without releasing: take over (re-checked so only one waiter removes it).
      if (readHolder(file)?.token === holder.token) rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      const who = holder === undefined ? 'another job' : `job ${holder.token} of pid ${holder.pid} (since ${holder.since})`;
      throw new Error(
        `harness: the runner is busy: ${who} holds ${file}. A runner runs one job at a time: dispose() the previous ` +
          'RunnerJob first, or pass { exclusive: false } for a job that does not need the machine to itself.',
      );
    }
    await sleep(100);
  }
}

// What live mode's orchestrators (start.ts, stop.ts) are handed rather than build: the container
// engine, the step log and the clock. The mains build the real ones (src/docker/engine.ts,
// src/action/core-sink.ts, Date.now); tests hand in their own implementations of these interfaces.
import type { ContainerSpec, ContainerStatus, ContainerUsage, LogFollower } from '../docker/engine.ts';
import type { Logger } from '../action/log.ts';

export type { ContainerSpec, ContainerStatus, ContainerUsage, LogFollower, Logger };

/** The container engine calls live mode makes (DockerEngine in production). */
export interface LiveEngine {
  /** Where the engine is, as the user would write it (for messages). */
  readonly where: string;
  ping(): Promise<{ serverVersion: string }>;
  /** Pulls the image unless present, reporting progress line by line. */
  ensureImage(reference: string, log: (line: string) => void): Promise<'present' | 'pulled'>;
  /** The engine's unix socket on this machine, when it is local. */
  localSocketPath(): string | undefined;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Follows the container's log from its beginning until it stops or close() is called. */
  followLogs(id: string, onLine: (line: string) => void): Promise<LogFollower>;
  logTail(id: string, lines: number): Promise<string[]>;
  /** Undefined when the container no longer exists. */
  status(id: string): Promise<ContainerStatus | undefined>;
  usage(id: string): Promise<ContainerUsage>;
  /** SIGTERM, then a kill after graceSeconds. */
  stopContainer(id: string, graceSeconds: number): Promise<{ exitCode: number | undefined }>;
  /** Removes the container whatever its state; one already gone is fine. */
  removeContainer(id: string): Promise<'removed' | 'absent'>;
}

/** Wall-clock time in epoch milliseconds (Date.now in production). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

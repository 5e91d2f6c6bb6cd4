// The hand-off from start to stop (and to start's own post step): a JSON file under RUNNER_TEMP,
// validated by a zod schema on the way back in, plus an exported variable pointing at it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import { STATE_FILE_VARIABLE } from './hand-off.ts';


const pid = z.number().int().positive();

/**
 * One of falco-actions' own processes, as the process itself recorded it: alerts of this process and
 * of its descendants (the pid in an alert's ancestor chain, within [fromMs, toMs]) are the monitoring
 * at work, not the job. Recognised by pid and time, never by name, which any process can copy; the
 * window keeps a later process that reuses the pid from being hidden.
 */
export const ownProcessSchema = z.object({
  role: z.enum(['start', 'probe', 'stop', 'post']),
  pid,
  /** Epoch ms from when the process existed (its start, estimated from inside, minus a margin). */
  fromMs: z.number().nonnegative(),
  /** Epoch ms after which the pid may belong to another process; absent while the process still runs. */
  toMs: z.number().nonnegative().optional(),
});
export type OwnProcess = z.infer<typeof ownProcessSchema>;

export const liveStateSchema = z.object({
  version: z.literal(1),
  mode: z.literal('live'),
  containerId: z.string().min(1),
  containerName: z.string().min(1),
  image: z.string().min(1),
  /** Host path of the file Falco writes its JSON alerts to. */
  eventsFile: z.string().min(1),
  /** Host directory holding generated files (events, Falco config) to clean up. */
  workDir: z.string().min(1),
  ruleFiles: z.array(z.string()),
  verbose: z.boolean(),
  startedAt: z.string(),
  startSeconds: z.number().nonnegative(),
  /** When Falco was seen reporting the readiness probe: from then on every step process is seen. */
  readyAt: z.iso.datetime().optional(),
  /** Falco's own process on this host (the container's init, from the engine): its alerts and its
   *  descendants' are Falco's, not the job's. A `docker exec` into the container is not a descendant. */
  falcoPid: pid.optional(),
  /** start's parent: the runner's Runner.Worker, the parent of every step process of this job. */
  runnerWorkerPid: pid.optional(),
  /** start, its readiness probes, and (once stopping) stop or post. */
  ownProcesses: z.array(ownProcessSchema).max(1000).optional(),
  /** Set once monitoring has been stopped, so a second stop (or the post step) does nothing. */
  // Narrow types: these are echoed in the step log, and the file sits where the job can write it.
  stoppedAt: z.iso.datetime().optional(),
  stoppedBy: z.enum(['stop', 'post']).optional(),
});
export type LiveState = z.infer<typeof liveStateSchema>;

export class StateError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

/** Where start keeps its state: one directory per job under RUNNER_TEMP. */
export function defaultStateFile(env: NodeJS.ProcessEnv = process.env): string {
  const runnerTemp = env.RUNNER_TEMP;
  if (!runnerTemp) throw new StateError('RUNNER_TEMP is not set: this must run as a GitHub Actions step.');
  return join(runnerTemp, 'falco-actions', 'state.json');
}

export async function writeState(file: string, state: LiveState): Promise<void> {
  const valid = liveStateSchema.parse(state);
  await mkdir(dirname(file), { recursive: true });
  // Write then rename, so a reader never sees a half-written state.
  const scratch = `${file}.${process.pid}.tmp`;
  await writeFile(scratch, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  await rename(scratch, file);
}

/** The state file's JSON, of either mode; undefined when there is none (start never got that far). */
export async function readStateJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`Cannot read the state start left at ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateError(`The state start left at ${file} is not JSON: ${(error as Error).message}`);
  }
}

/** Reads the state; undefined when there is none (start never ran or failed before creating it). */
export async function readState(file: string): Promise<LiveState | undefined> {
  const json = await readStateJson(file);
  if (json === undefined) return undefined;
  const parsed = liveStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateError(
      `The state start left at ${file} is not valid (${issue?.path.join('.') || 'root'}: ${issue?.message}). Was it written by another version of falco-actions?`,
    );
  }
  return parsed.data;
}

/** The stop or post process records itself, so that its own alerts (the Docker socket it talks to) are left out. */
export async function markStopped(file: string, state: LiveState, stoppedBy: 'stop' | 'post', now = new Date(), stopper?: OwnProcess): Promise<LiveState> {
  const ownProcesses = stopper === undefined ? state.ownProcesses : [...(state.ownProcesses ?? []), stopper];
  const stopped: LiveState = { ...state, stoppedAt: now.toISOString(), stoppedBy, ...(ownProcesses ? { ownProcesses } : {}) };
  await writeState(file, stopped);
  return stopped;
}

// How far before its own estimate a process says it existed: process.uptime() counts from Node's
// start-up, a few milliseconds after the exec that Falco saw.
const OWN_START_MARGIN_MS = 1000;

/** This process as one of ours, from its start (estimated from inside) until `toMs` when given. */
export function thisProcess(role: OwnProcess['role'], nowMs = Date.now(), toMs?: number): OwnProcess {
  return {
    role,
    pid: process.pid,
    fromMs: Math.max(0, Math.floor(nowMs - process.uptime() * 1000) - OWN_START_MARGIN_MS),
    ...(toMs === undefined ? {} : { toMs }),
  };
}

/** The state file to use: the exported variable when start set it, else the default location. */
export function resolveStateFile(env: NodeJS.ProcessEnv = process.env, saved?: string): string {
  if (saved) return saved;
  const exported = env[STATE_FILE_VARIABLE];
  if (exported) return exported;
  return defaultStateFile(env);
}

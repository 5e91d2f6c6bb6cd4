// The hand-off from start to stop (and to start's own post step): a JSON file under RUNNER_TEMP,
// validated by a zod schema on the way back in, plus an exported variable pointing at it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Exported by start so later steps (stop) find the state file. */
export const STATE_FILE_VARIABLE = 'FALCO_ACTIONS_STATE_FILE';
/** Name of start's saveState entry read by its post step. */
export const POST_STATE_KEY = 'state-file';

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
  /** Set once monitoring has been stopped, so a second stop (or the post step) does nothing. */
  // Narrow types: these are echoed in the step log, and the file sits where the job can write it.
  stoppedAt: z.iso.datetime().optional(),
  stoppedBy: z.enum(['stop', 'post']).optional(),
});
export type LiveState = z.infer<typeof liveStateSchema>;

export class StateError extends Error {
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

/** Reads the state; undefined when there is none (start never ran or failed before creating it). */
export async function readState(file: string): Promise<LiveState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`Cannot read the state start left at ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateError(`The state start left at ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = liveStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateError(
      `The state start left at ${file} is not valid (${issue?.path.join('.') || 'root'}: ${issue?.message}). Was it written by another version of falco-actions?`,
    );
  }
  return parsed.data;
}

export async function markStopped(file: string, state: LiveState, stoppedBy: 'stop' | 'post', now = new Date()): Promise<LiveState> {
  const stopped: LiveState = { ...state, stoppedAt: now.toISOString(), stoppedBy };
  await writeState(file, stopped);
  return stopped;
}

/** The state file to use: the exported variable when start set it, else the default location. */
export function resolveStateFile(env: NodeJS.ProcessEnv = process.env, saved?: string): string {
  if (saved) return saved;
  const exported = env[STATE_FILE_VARIABLE];
  if (exported) return exported;
  return defaultStateFile(env);
}

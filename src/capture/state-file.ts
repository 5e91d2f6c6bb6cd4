// Reading and writing the hand-off file of either mode. Live mode's own reader (src/live/state.ts) stays
// as it is; stop and the post step first ask which mode start ran in, then read that mode's state.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readStateJson, StateError } from '../live/state.ts';
import { captureStateSchema, type CaptureState } from './state.ts';

/** Which mode start ran in, from its state file; undefined when there is no state (start never got that far). */
export async function readStateMode(file: string): Promise<'live' | 'analyze' | undefined> {
  const json = await readStateJson(file);
  if (json === undefined) return undefined;
  const mode = (json as { mode?: unknown } | null)?.mode;
  if (mode === 'live' || mode === 'analyze') return mode;
  throw new StateError(`The state start left at ${file} names no mode (live or analyze). Was it written by another version of falco-actions?`);
}

export async function writeCaptureState(file: string, state: CaptureState): Promise<void> {
  const valid = captureStateSchema.parse(state);
  await mkdir(dirname(file), { recursive: true });
  const scratch = `${file}.${process.pid}.tmp`;
  await writeFile(scratch, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  await rename(scratch, file);
}

export async function readCaptureState(file: string): Promise<CaptureState | undefined> {
  const json = await readStateJson(file);
  if (json === undefined) return undefined;
  const parsed = captureStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateError(
      `The state start left at ${file} is not a valid analyze-mode state (${issue?.path.join('.') || 'root'}: ${issue?.message}). Was it written by another version of falco-actions?`,
    );
  }
  return parsed.data;
}

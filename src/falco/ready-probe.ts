// Falco logs "Opening 'syscall' source with modern BPF probe." just before it opens the source
// (app/actions/helpers_inspector.cpp), and nothing once it is open. So start proves readiness end to
// end: it runs a process named fa-ready-probe (our rule "Falco Actions Ready Probe") until that alert
// shows up in the events file. Falco is never signalled meanwhile: while it is still loading its eBPF
// programs a pending signal makes the kernel's verifier give up (libbpf: "failed to load: -11"), and
// Falco exits. Nothing needs flushing either: start runs Falco with unbuffered outputs and
// file_output.keep_alive=false, so each alert is written (and the file closed) at once.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { pidField } from './alert.ts';

export const READY_PROBE_RULE = 'Falco Actions Ready Probe';
/** The probe's process name (comm: at most 15 characters, from the executed path's base name). */
export const READY_PROBE_NAME = 'fa-ready-probe';

const probeLine = z.object({ rule: z.string(), output_fields: z.record(z.string(), z.unknown()).optional() });

function parseProbeLine(line: string): z.infer<typeof probeLine> | undefined {
  if (!line.includes(READY_PROBE_RULE)) return undefined;
  try {
    const parsed = probeLine.safeParse(JSON.parse(line));
    return parsed.success && parsed.data.rule === READY_PROBE_RULE ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function isReadyProbeLine(line: string): boolean {
  return parseProbeLine(line) !== undefined;
}

/** Whether Falco reported one of our probes: the rule matches any process of that name, and a job
 *  step left running before start could be one, so the pid must be a probe start ran. */
export function reportsOwnProbe(text: string, probePids: ReadonlySet<number>): boolean {
  return text.split('\n').some((line) => {
    const fields = parseProbeLine(line)?.output_fields;
    const pid = fields === undefined ? undefined : pidField(fields, 'proc.pid');
    return pid !== undefined && probePids.has(pid);
  });
}

async function eventsContainProbe(eventsFile: string, probePids: ReadonlySet<number>): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(eventsFile, 'utf8');
  } catch {
    return false;
  }
  return reportsOwnProbe(text, probePids);
}

/** How long a probe may live (execFile kills it then): the end of the time its pid is ours. */
export const PROBE_TIMEOUT_MS = 10_000;

/** Runs the probe (a shell that lives about a second, so a polling observer sees it too); reports its pid. */
function runProbe(probePath: string, onStart: (pid: number) => void): Promise<void> {
  return new Promise((resolvePromise) => {
    const child = execFile(probePath, ['-c', 'sleep 1; :'], { timeout: PROBE_TIMEOUT_MS }, () => resolvePromise());
    if (child.pid !== undefined) onStart(child.pid);
  });
}

export interface ProbeOptions {
  workDir: string;
  eventsFile: string;
  /** Resolves when waiting is pointless (Falco exited). */
  abandoned: Promise<void>;
  deadline: number;
  now?: () => number;
  pollMs?: number;
  /** Shell the probe link points at. */
  shell?: string;
  /** Called with each probe's pid as it starts, so that its alerts can be told from the job's. */
  onProbe?: (pid: number, startedAtMs: number) => void;
}

/** True once Falco reported the probe; false when Falco went away or the deadline passed. */
export async function awaitProbeAlert(options: ProbeOptions): Promise<boolean> {
  const now = options.now ?? Date.now;
  const probePath = join(options.workDir, READY_PROBE_NAME);
  await symlink(options.shell ?? '/bin/sh', probePath);
  let abandoned = false;
  void options.abandoned.then(() => {
    abandoned = true;
  });
  let lastProbe = Number.NEGATIVE_INFINITY;
  const probePids = new Set<number>();
  const pollMs = options.pollMs ?? 250;
  while (!abandoned && now() < options.deadline) {
    if (await eventsContainProbe(options.eventsFile, probePids)) return true;
    if (now() - lastProbe >= 2000) {
      lastProbe = now();
      const startedAtMs = Date.now();
      void runProbe(probePath, (pid) => {
        probePids.add(pid);
        options.onProbe?.(pid, startedAtMs);
      });
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, pollMs));
  }
  return eventsContainProbe(options.eventsFile, probePids);
}

/**
 * Rewrites the events file without the probe's lines (Falco has stopped writing to it). Falco (root)
 * owns the file and made it 0644, so the runner user cannot write it in place: the new content goes
 * to a file of ours in the same folder (the runner user's), renamed over the old one.
 */
export async function dropProbeLines(eventsFile: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(eventsFile, 'utf8');
  } catch {
    return;
  }
  const kept = text.split('\n').filter((line) => !isReadyProbeLine(line));
  if (kept.length === text.split('\n').length) return;
  const replacement = join(dirname(eventsFile), `.${basename(eventsFile)}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(replacement, kept.join('\n'), { mode: 0o644, flag: 'wx' });
    await rename(replacement, eventsFile);
  } finally {
    await rm(replacement, { force: true });
  }
}

/** Makes sure the events file exists even when Falco wrote nothing (Falco's own file is left as it is). */
export async function touch(path: string): Promise<void> {
  try {
    const handle = await open(path, 'wx', 0o644);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

import type { JobStep } from '../github/schema.ts';
import type { StepProcess } from './process.ts';

/** A job step with its interval in whole epoch seconds (GitHub reports steps to the second). */
export interface StepInterval {
  number: number;
  name: string;
  status: string;
  conclusion: string | null;
  /** undefined: the step has not started (pending). */
  startSecond: number | undefined;
  /** undefined: still running (completed_at null), the interval is open. */
  endSecond: number | undefined;
}

export interface StepRef {
  number: number;
  name: string;
}

function toSecond(time: string | null | undefined): number | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function toStepIntervals(steps: readonly JobStep[]): StepInterval[] {
  return [...steps]
    .sort((a, b) => a.number - b.number)
    .map((step) => ({
      number: step.number,
      name: step.name,
      status: step.status,
      conclusion: step.conclusion,
      startSecond: toSecond(step.started_at),
      endSecond: step.completed_at ? toSecond(step.completed_at) : undefined,
    }));
}

/**
 * Steps whose [start, end] second interval (end open while running) contains `second`, in order.
 * A skipped step ran nothing, so it is never a candidate.
 */
export function stepsContaining(steps: readonly StepInterval[], second: number): StepInterval[] {
  return steps.filter(
    (step) =>
      step.conclusion !== 'skipped' &&
      step.startSecond !== undefined &&
      step.startSecond <= second &&
      (step.endSecond === undefined || second <= step.endSecond),
  );
}

export function stepRef(step: StepInterval): StepRef {
  return { number: step.number, name: step.name };
}

// The runner names a `uses:` step without `name:` "Run OWNER/REPO[/PATH]@REF" (Handler.cs), its pre step
// "Pre " + that name (JobExtension.cs) and its post step "Post " + the main step's name (ActionRunner.cs),
// so "Pre Run …", "Post Run …", or "Post <custom name>". A ref may hold slashes ("@releases/v1").
const ACTION_STEP_NAME = /^(?:(?:Pre|Post) )?(?:Run )?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/([^\s@]*))?@(\S+)$/;

// `uses: docker://IMAGE` steps are named "Run docker://IMAGE" (Handler.cs).
const CONTAINER_STEP_NAME = /^(?:(?:Pre|Post) )?(?:Run )?docker:\/\/(\S+)$/;

/** Whether a step's name has the form the runner gives a `uses:` step of a repository or docker:// action. */
export function stepNamesAction(stepName: string): boolean {
  const name = stepName.trim();
  return ACTION_STEP_NAME.test(name) || CONTAINER_STEP_NAME.test(name);
}

/**
 * Whether a step's name says it runs the action a marker process runs: same OWNER/REPO, and the
 * process's file lies below REF[/PATH] of the name. The runner unpacks an action into
 * _actions/OWNER/REPO/REF (ActionManager.cs: a ref with slashes becomes nested directories), so the
 * file is compared as one path: start and stop of one repository differ, and "@releases/v1" matches.
 * A "Run docker://IMAGE" step runs `docker run … IMAGE` and nothing else.
 */
export function stepNameMatchesProcess(stepName: string, process: StepProcess): 'match' | 'mismatch' | 'unknown' {
  const name = stepName.trim();
  const container = CONTAINER_STEP_NAME.exec(name);
  if (container) {
    if (process.kind === 'container') return process.image === container[1] ? 'match' : 'mismatch';
    return process.kind === 'action' ? 'mismatch' : 'unknown';
  }
  const named = ACTION_STEP_NAME.exec(name);
  if (!named || process.kind !== 'action') return 'unknown';
  const ref = named[4] ?? '';
  const path = (named[3] ?? '').replace(/\/+$/, '');
  const below = `${ref}${path === '' ? '' : `/${path}`}/`;
  const sameAction =
    named[1]?.toLowerCase() === process.owner.toLowerCase() &&
    named[2]?.toLowerCase() === process.repo.toLowerCase() &&
    `${process.ref}/${process.entry}`.startsWith(below);
  return sameAction ? 'match' : 'mismatch';
}

export function formatSecond(second: number): string {
  return new Date(second * 1000).toISOString().replace('.000Z', 'Z');
}

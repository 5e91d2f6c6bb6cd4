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

// GitHub names a `uses:` step without `name:` "Run OWNER/REPO[/PATH]@REF"; its post step
// "Post Run OWNER/REPO@REF" (older runners: "Post OWNER/REPO@REF"), its pre step "Pre Run …".
const ACTION_STEP_NAME = /^(?:(?:Pre|Post) )?(?:Run )?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/([^\s@]*))?@(\S+)$/;

/**
 * Whether a step's name says it runs the action a marker process runs: same OWNER/REPO@REF and, for
 * `uses: OWNER/REPO/PATH@REF`, an entry point below PATH (start and stop of one repository differ).
 */
export function stepNameMatchesProcess(stepName: string, process: StepProcess): 'match' | 'mismatch' | 'unknown' {
  const named = ACTION_STEP_NAME.exec(stepName.trim());
  if (!named || process.kind !== 'action') return 'unknown';
  const path = (named[3] ?? '').replace(/\/+$/, '');
  const sameAction =
    named[1]?.toLowerCase() === process.owner.toLowerCase() &&
    named[2]?.toLowerCase() === process.repo.toLowerCase() &&
    named[4] === process.ref &&
    (path === '' || process.entry.startsWith(`${path}/`));
  return sameAction ? 'match' : 'mismatch';
}

export function formatSecond(second: number): string {
  return new Date(second * 1000).toISOString().replace('.000Z', 'Z');
}

// Which step started each marker process (a child of Runner.Worker), chosen as the best-scoring
// assignment of markers to steps that is monotonic in time and in step number. Step times are whole
// seconds and consecutive steps share their boundary second, so time alone is ambiguous at nearly
// every step; the score weighs the evidence a job offers (actions/runner: StepsRunner.cs runs steps
// one after the other, each as its own child process of Runner.Worker):
// - every step that ran after Falco was ready started at least one step process, in step order;
// - start's own step started its process before Falco ran, so it has none of its own;
// - our stop or post process is the step in progress when the report is made;
// - a `uses:` step named "Run OWNER/REPO@REF" runs that action's process (or, composite, several);
//   a `run:` step runs one script;
// - GITHUB_ACTION (StepsRunner.cs sets it per step; a composite's inner steps carry the composite's
//   name, CompositeActionHandler.cs) is the same for one step's processes and differs between steps,
//   except that a post step shares its main step's.
// Every assignment that reaches the best score is found (forward and backward passes); a marker is
// placed only when all of them agree, otherwise every step they offer is listed.
import type { StepMarker } from './process.ts';
import { stepNameMatchesProcess, stepNamesAction, type StepInterval } from './steps.ts';

export interface AssignmentEvidence {
  /** When start began (epoch ms): the step that ran start is the last step started by then. */
  startedAtMs?: number;
  /** Our own stop or post process: its marker is the step in progress (the last step started). */
  reporterPid?: number;
}

export interface MarkerAssignment {
  /** Per marker (in the order given): the steps some best assignment puts it in, by step number. */
  candidates: StepInterval[][];
  /** Per marker placed in one step although its second fits several: why. */
  reasons: Array<string | undefined>;
  /** Per marker: fitted its step only with one second of rounding. */
  outside: boolean[];
  /** Steps that must have started a process but hold none in any best assignment. */
  unmarked: StepInterval[];
  /** The step taken to have run start, when known. */
  startStep: StepInterval | undefined;
}

// Score weights. Their order is what matters: a marker one second outside its step's reported times
// (rounding) is a last resort; a required step left empty costs more than a GITHUB_ACTION conflict,
// which outweighs what a step's name says (a composite action legitimately runs other actions).
const OUTSIDE_SECOND = 8000;
const REQUIRED_EMPTY = 4000;
const GITHUB_ACTION_CONFLICT = 1000;
const REPORTER = 1000;
const NAME_MATCH = 100;
const NAME_OTHER = 100;
// Start's own step started its process before Falco ran: a marker there is possible only when start runs
// inside a composite action, so it outweighs what the names of steps suggest.
const START_STEP = 500;

const NS_PER_SECOND = 1_000_000_000n;
const secondOf = (marker: StepMarker): number => Number(marker.epochNs / NS_PER_SECOND);

function contains(step: StepInterval, second: number): boolean {
  return step.startSecond !== undefined && step.startSecond <= second && (step.endSecond === undefined || second <= step.endSecond);
}

/** The step a GITHUB_ACTION value names: a composite's inner steps are "<step>.<inner>" (ids hold no dots). */
export function topLevelAction(actionId: string | undefined): string | undefined {
  if (actionId === undefined || actionId === '') return undefined;
  return actionId.split('.')[0];
}

const isPre = (step: StepInterval): boolean => step.name.startsWith('Pre ');
const isPost = (step: StepInterval): boolean => step.name.startsWith('Post ');

/** Steps that ran processes Falco could see: started, not skipped, not before start's own step. */
function eligibleSteps(steps: readonly StepInterval[]): StepInterval[] {
  return [...steps].filter((step) => step.conclusion !== 'skipped' && step.startSecond !== undefined).sort((a, b) => a.number - b.number);
}

export function assignMarkers(markers: readonly StepMarker[], allSteps: readonly StepInterval[], evidence: AssignmentEvidence = {}): MarkerAssignment {
  const steps = eligibleSteps(allSteps);
  const count = markers.length;
  const width = steps.length;
  const empty: MarkerAssignment = {
    candidates: markers.map(() => []),
    reasons: markers.map(() => undefined),
    outside: markers.map(() => false),
    unmarked: [],
    startStep: undefined,
  };
  if (width === 0 || count === 0) return empty;

  let startIndex = -1;
  if (evidence.startedAtMs !== undefined) {
    const startSecond = Math.floor(evidence.startedAtMs / 1000);
    steps.forEach((step, index) => {
      if ((step.startSecond as number) <= startSecond && (step.endSecond === undefined || step.endSecond >= startSecond)) startIndex = index;
    });
  }
  // Without start's time, the first marker proves Falco was watching by then.
  const watchedFrom = startIndex >= 0 ? undefined : Math.min(...markers.map(secondOf));
  const required = steps.map((step, index) =>
    step.conclusion === 'cancelled' ? false : startIndex >= 0 ? index > startIndex : (step.startSecond as number) > (watchedFrom as number),
  );
  // requiredBefore[k]: required steps among indices < k.
  const requiredBefore = [0];
  required.forEach((isRequired, index) => requiredBefore.push((requiredBefore[index] as number) + (isRequired ? 1 : 0)));
  const gap = (after: number, before: number): number => REQUIRED_EMPTY * ((requiredBefore[before] as number) - (requiredBefore[after + 1] as number));
  const lastIndex = width - 1;

  // A step named after an action shows itself composite when a process its time alone gives it is a
  // `run:` script or another action: then other actions in it are expected, not a surprise.
  const composite = new Set<number>();
  for (const marker of markers) {
    const fitting = steps.flatMap((step, index) => (contains(step, secondOf(marker)) ? [index] : []));
    if (fitting.length !== 1) continue;
    const step = steps[fitting[0] as number] as StepInterval;
    if (marker.process.kind === 'run' || stepNameMatchesProcess(step.name, marker.process) === 'mismatch') composite.add(fitting[0] as number);
  }

  const outside = markers.map(() => false);
  const local = markers.map((marker) => {
    const second = secondOf(marker);
    return steps.map((step, index) => {
      if (startIndex >= 0 && index < startIndex) return Number.NEGATIVE_INFINITY;
      let score = 0;
      if (!contains(step, second)) {
        if (!contains(step, second - 1) && !contains(step, second + 1)) return Number.NEGATIVE_INFINITY;
        score -= OUTSIDE_SECOND;
      }
      if (index === startIndex) score -= START_STEP;
      if (evidence.reporterPid !== undefined && marker.pid === evidence.reporterPid) score += index === lastIndex ? REPORTER : -REPORTER;
      const verdict = stepNameMatchesProcess(step.name, marker.process);
      if (verdict === 'match') score += NAME_MATCH;
      else if (stepNamesAction(step.name) && !composite.has(index) && (marker.process.kind === 'run' || verdict === 'mismatch')) score -= NAME_OTHER;
      return score;
    });
  });

  const keys = markers.map((marker) => topLevelAction(marker.actionId));
  /** Pair term for markers i-1 and i in steps `earlier` and `later`. */
  const pair = (i: number, earlier: number, later: number): number => {
    const before = keys[i - 1];
    const after = keys[i];
    // A `run:` step runs one script (ScriptHandler.cs): two in one step make it a composite action. A
    // step named after an action that runs scripts IS a composite action: its second script costs
    // nothing more than its first (the name's surprise is counted once per step, not per process).
    const laterStep = steps[later] as StepInterval;
    const bothScripts = (markers[i - 1] as StepMarker).process.kind === 'run' && (markers[i] as StepMarker).process.kind === 'run';
    const twoScripts =
      earlier !== later || !bothScripts || composite.has(later) ? 0 : stepNamesAction(laterStep.name) ? NAME_OTHER : -NAME_OTHER;
    if (before === undefined || after === undefined) return twoScripts;
    if (earlier === later) return before === after ? 0 : -GITHUB_ACTION_CONFLICT;
    if (before !== after) return 0;
    // A post step runs with its main step's GITHUB_ACTION, a pre step with the same as its main step.
    return isPost(steps[later] as StepInterval) || isPre(steps[earlier] as StepInterval) ? 0 : -GITHUB_ACTION_CONFLICT;
  };

  // Representatives of each class of step for the pair term of the linear passes: a class's running
  // maximum is finite only once one of its steps was passed, so its representative lies on the same
  // side (before j going forward, after j going backward).
  const firstPre = steps.findIndex(isPre);
  const firstOther = steps.findIndex((step) => !isPre(step));
  const lastPost = steps.findLastIndex(isPost);
  const lastNotPost = steps.findLastIndex((step) => !isPost(step));

  // A marker that fits no step at all is left out of the assignment (and reported as such).
  const fits = local.map((row) => row.some((score) => score > Number.NEGATIVE_INFINITY));
  const order = markers.map((_, index) => index).filter((index) => fits[index]);
  const forward: number[][] = [];
  order.forEach((markerIndex, position) => {
    const row = local[markerIndex] as number[];
    if (position === 0) {
      forward.push(row.map((score, j) => score - gap(-1, j)));
      return;
    }
    const previous = forward[position - 1] as number[];
    const pairIndex = order[position - 1] === markerIndex - 1 ? markerIndex : -1;
    const term = (earlier: number, later: number): number => (pairIndex < 0 ? 0 : pair(pairIndex, earlier, later));
    // Running maxima over the earlier steps (split by whether they are pre steps, which changes the
    // pair term) keep this pass linear in steps: gap(earlier, j) = R(j) - R(earlier + 1).
    const next: number[] = [];
    let bestPre = Number.NEGATIVE_INFINITY;
    let bestOther = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < width; j += 1) {
      let best = previous[j] as number;
      if (best > Number.NEGATIVE_INFINITY) best += term(j, j);
      const shift = REQUIRED_EMPTY * (requiredBefore[j] as number);
      if (bestPre > Number.NEGATIVE_INFINITY) best = Math.max(best, bestPre - shift + term(firstPre, j));
      if (bestOther > Number.NEGATIVE_INFINITY) best = Math.max(best, bestOther - shift + term(firstOther, j));
      next.push((row[j] as number) + best);
      const carried = (previous[j] as number) + REQUIRED_EMPTY * (requiredBefore[j + 1] as number);
      if (isPre(steps[j] as StepInterval)) {
        if (carried > bestPre) bestPre = carried;
      } else if (carried > bestOther) bestOther = carried;
    }
    forward.push(next);
  });
  const backward: number[][] = new Array(order.length);
  for (let position = order.length - 1; position >= 0; position -= 1) {
    const markerIndex = order[position] as number;
    const row = local[markerIndex] as number[];
    if (position === order.length - 1) {
      backward[position] = row.map((score, j) => score - gap(j, width));
      continue;
    }
    const following = backward[position + 1] as number[];
    const nextMarker = order[position + 1] as number;
    const pairIndex = nextMarker === markerIndex + 1 ? nextMarker : -1;
    const term = (earlier: number, later: number): number => (pairIndex < 0 ? 0 : pair(pairIndex, earlier, later));
    const current: number[] = new Array(width);
    let bestPost = Number.NEGATIVE_INFINITY;
    let bestOther = Number.NEGATIVE_INFINITY;
    for (let j = width - 1; j >= 0; j -= 1) {
      let best = following[j] as number;
      if (best > Number.NEGATIVE_INFINITY) best += term(j, j);
      const shift = REQUIRED_EMPTY * (requiredBefore[j + 1] as number);
      if (bestPost > Number.NEGATIVE_INFINITY) best = Math.max(best, bestPost + shift + term(j, lastPost));
      if (bestOther > Number.NEGATIVE_INFINITY) best = Math.max(best, bestOther + shift + term(j, lastNotPost));
      current[j] = (row[j] as number) + best;
      const carried = (following[j] as number) - REQUIRED_EMPTY * (requiredBefore[j] as number);
      if (isPost(steps[j] as StepInterval)) {
        if (carried > bestPost) bestPost = carried;
      } else if (carried > bestOther) bestOther = carried;
    }
    backward[position] = current;
  }

  // The best total with this marker in step j (its own score counted once).
  const through = order.map((markerIndex, position) =>
    steps.map((_, j) => {
      const own = (local[markerIndex] as number[])[j] as number;
      if (own === Number.NEGATIVE_INFINITY) return own;
      return ((forward[position] as number[])[j] as number) + ((backward[position] as number[])[j] as number) - own;
    }),
  );
  const best = order.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...(through[0] as number[]));
  const candidates: StepInterval[][] = markers.map(() => []);
  const chosen: number[][] = markers.map(() => []);
  if (best > Number.NEGATIVE_INFINITY) {
    order.forEach((markerIndex, position) => {
      const picks = (through[position] as number[]).flatMap((score, j) => (score === best ? [j] : []));
      chosen[markerIndex] = picks;
      candidates[markerIndex] = picks.map((j) => steps[j] as StepInterval);
      const second = secondOf(markers[markerIndex] as StepMarker);
      outside[markerIndex] = picks.some((j) => !contains(steps[j] as StepInterval, second));
    });
  }

  const reasons = markers.map((marker, markerIndex): string | undefined => {
    const picks = chosen[markerIndex] as number[];
    if (picks.length !== 1) return undefined;
    const placed = picks[0] as number;
    const second = secondOf(marker);
    const position = order.indexOf(markerIndex);
    const alternatives = steps
      .map((step, j) => ({ step, j }))
      .filter(({ step, j }) => j !== placed && contains(step, second) && ((through[position] as number[])[j] as number) > Number.NEGATIVE_INFINITY);
    if (alternatives.length === 0) return undefined;
    const alternative = alternatives.reduce((a, b) => (((through[position] as number[])[b.j] as number) > ((through[position] as number[])[a.j] as number) ? b : a));
    if (evidence.reporterPid !== undefined && marker.pid === evidence.reporterPid) return 'as the falco-actions process that made this report';
    if (stepNameMatchesProcess((steps[placed] as StepInterval).name, marker.process) === 'match') return 'by its action name';
    const localAt = local[markerIndex] as number[];
    if ((localAt[alternative.j] as number) < (localAt[placed] as number) && alternative.j !== startIndex) return 'because the other step is named after an action that does not start this process';
    if (alternative.j === startIndex) return "because start's own step started its process before Falco ran";
    const key = keys[markerIndex];
    if (key !== undefined) {
      const previous = markerIndex > 0 ? (chosen[markerIndex - 1] as number[]) : [];
      const next = markerIndex < count - 1 ? (chosen[markerIndex + 1] as number[]) : [];
      if (previous.length === 1 && previous[0] === placed && keys[markerIndex - 1] === key) return 'by its GITHUB_ACTION, the same as the process before it';
      if (next.length === 1 && next[0] === alternative.j && keys[markerIndex + 1] !== undefined && keys[markerIndex + 1] !== key) {
        return "by its GITHUB_ACTION, which differs from the next step's";
      }
      if (previous.length === 1 && previous[0] === alternative.j && keys[markerIndex - 1] !== undefined && keys[markerIndex - 1] !== key) {
        return "by its GITHUB_ACTION, which differs from the previous step's";
      }
    }
    return 'by the order of steps (every step that ran started a process)';
  });

  const unmarked = steps.filter((_, j) => required[j] && !chosen.some((picks) => picks.includes(j)));
  return { candidates, reasons, outside, unmarked, startStep: startIndex >= 0 ? steps[startIndex] : undefined };
}

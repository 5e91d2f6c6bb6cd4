import { processChain, type FalcoAlert } from '../alerts/schema.ts';
import { joinNotes, note, noteText, type Note } from './note.ts';
import { MARKER_RULE, stepProcessNote, toStepMarker, type StepMarker, type StepProcess } from './process.ts';
import {
  formatSecond,
  stepNameMatchesProcess,
  stepRef,
  stepNamesAction,
  stepsContaining,
  type StepInterval,
  type StepRef,
} from './steps.ts';

/** Where a marker process (a step root) was placed among the job's steps. */
export interface MarkerPlacement {
  marker: StepMarker;
  /** One step: placed. Several: ambiguous (all listed). None: no step fits. */
  steps: StepRef[];
  /** Why several candidates became one, or why none/several remain. */
  note?: Note;
}

export interface AttributedAlert {
  alert: FalcoAlert;
  /** One step: attributed. Several: ambiguous, all candidates listed. None: unknown. */
  steps: StepRef[];
  /** process: a marked ancestor process; time: the alert time only; none: neither was possible. */
  method: 'process' | 'time' | 'none';
  /** The step root process the alert descends from (method "process"). */
  process?: StepProcess;
  note?: string;
}

export interface AttributionResult {
  /** Every alert except the marker rule's, in file order. */
  findings: AttributedAlert[];
  placements: MarkerPlacement[];
  /** Report-level remarks (ambiguities resolved or not). */
  notes: Note[];
}

const NS_PER_SECOND = 1_000_000_000n;

function secondOf(epochNs: bigint): number {
  return Number(epochNs / NS_PER_SECOND);
}

function names(steps: readonly StepInterval[]): Note {
  return joinNotes(steps.map((step) => note`${step.name}`), ' and ');
}

/** What the markers placed in a step alone show about it. */
type StepKind = 'javascript-action' | 'container-action' | 'composite-action';

/**
 * A step named after an action runs one of three handlers (actions/runner Handlers/): a JavaScript action
 * starts exactly one node process on the action's file; a container action exactly one `docker run`;
 * a composite action one child of Runner.Worker per inner step (its `run:` scripts and the other
 * actions it uses). So a step whose own action process ran is a JavaScript or container action step,
 * and one holding a `run:` script or processes of two other actions is a composite action step.
 */
function stepKinds(markers: readonly StepMarker[], candidates: readonly StepInterval[][]): Map<number, StepKind> {
  const seen = new Map<number, { own: StepKind | undefined; scripts: number; others: Set<string> }>();
  candidates.forEach((found, index) => {
    const step = found.length === 1 ? found[0] : undefined;
    if (!step || !stepNamesAction(step.name)) return;
    const process = (markers[index] as StepMarker).process;
    const entry = seen.get(step.number) ?? { own: undefined, scripts: 0, others: new Set<string>() };
    const verdict = stepNameMatchesProcess(step.name, process);
    if (verdict === 'match' && process.kind === 'action' && /\.[cm]?js$/.test(process.entry)) entry.own = 'javascript-action';
    if (verdict === 'match' && process.kind === 'container') entry.own = 'container-action';
    if (verdict === 'mismatch' && process.kind === 'action') entry.others.add(process.action);
    if (process.kind === 'run') entry.scripts += 1;
    seen.set(step.number, entry);
  });
  const kinds = new Map<number, StepKind>();
  for (const [number, entry] of seen) {
    if (entry.scripts > 0 || entry.others.size > 1) kinds.set(number, 'composite-action');
    else if (entry.own && entry.others.size === 0) kinds.set(number, entry.own);
  }
  return kinds;
}

/**
 * Places each marker process in a step: the steps whose second interval contains its spawn second;
 * at a boundary second, a step named after the marker's own action wins, then a JavaScript action
 * step whose own process was already seen is dropped (it starts nothing else), then the order of
 * markers and steps (both chronological) narrows the rest. Composite actions are one step whose
 * inner processes all belong to it. What stays ambiguous is reported, never guessed.
 */
export function placeMarkers(markers: readonly StepMarker[], steps: readonly StepInterval[]): MarkerPlacement[] {
  const ordered = [...markers].sort((a, b) => (a.epochNs < b.epochNs ? -1 : a.epochNs > b.epochNs ? 1 : 0));
  const position = new Map(steps.map((step, index) => [step.number, index]));
  const initial: StepInterval[][] = [];
  const notes: Array<Note | undefined> = [];
  const reasons: Array<string | undefined> = [];
  const candidates = ordered.map((marker, index) => {
    const second = secondOf(marker.epochNs);
    let found = stepsContaining(steps, second);
    let remark: Note | undefined;
    if (found.length === 0) {
      // Step times are whole seconds; allow one second of rounding before giving up.
      const near = [...stepsContaining(steps, second - 1), ...stepsContaining(steps, second + 1)];
      found = steps.filter((step) => near.includes(step));
      if (found.length > 0) {
        remark = note`${stepProcessNote(marker.process)} (pid ${marker.pid}) spawned at ${marker.time}, one second outside the reported step times`;
      }
    }
    initial[index] = found;
    if (found.length > 1 && marker.process.kind === 'action') {
      const matching = found.filter((step) => stepNameMatchesProcess(step.name, marker.process) === 'match');
      if (matching.length > 0 && matching.length < found.length) {
        found = matching;
        reasons[index] = 'by its action name';
      }
    }
    notes[index] = remark;
    return found;
  });

  // A JavaScript or container action step whose own process was seen starts no other step process:
  // neither a `run:` script nor another action (a name that merely names another action proves
  // nothing: a composite action's inner steps run other actions).
  const kinds = stepKinds(ordered, candidates);
  candidates.forEach((found, index) => {
    const kind = (ordered[index] as StepMarker).process.kind;
    if (found.length < 2 || kind === 'other') return;
    const dropped = found.filter((step) => {
      const stepKind = kinds.get(step.number);
      return stepKind === 'javascript-action' || stepKind === 'container-action';
    });
    const rest = found.filter((step) => !dropped.includes(step));
    if (rest.length > 0 && dropped.length > 0) {
      candidates[index] = rest;
      const what = (step: StepInterval) => (kinds.get(step.number) === 'container-action' ? 'a container action step' : 'a JavaScript action step');
      reasons[index] = dropped.length === 1 ? `because the other is ${what(dropped[0] as StepInterval)}` : 'because the others are action steps that ran their own process';
    }
  });

  // Markers are chronological and so are steps: a later marker never belongs to an earlier step.
  for (let changed = true; changed; ) {
    changed = false;
    let lowest = 0;
    for (let i = 0; i < candidates.length; i += 1) {
      const current = candidates[i] as StepInterval[];
      const narrowed = current.filter((step) => (position.get(step.number) ?? 0) >= lowest);
      if (narrowed.length > 0 && narrowed.length < current.length) {
        candidates[i] = narrowed;
        reasons[i] = 'by the order of steps';
        changed = true;
      }
      const first = (candidates[i] as StepInterval[])[0];
      if (first) lowest = Math.max(lowest, position.get(first.number) ?? 0);
    }
    let highest = steps.length - 1;
    for (let i = candidates.length - 1; i >= 0; i -= 1) {
      const current = candidates[i] as StepInterval[];
      const narrowed = current.filter((step) => (position.get(step.number) ?? 0) <= highest);
      if (narrowed.length > 0 && narrowed.length < current.length) {
        candidates[i] = narrowed;
        reasons[i] = 'by the order of steps';
        changed = true;
      }
      const last = (candidates[i] as StepInterval[]).at(-1);
      if (last) highest = Math.min(highest, position.get(last.number) ?? highest);
    }
  }

  // After placement: a step that shows itself composite explains its processes of other actions.
  const finalKinds = stepKinds(ordered, candidates);
  return ordered.map((marker, index) => {
    const before = initial[index] as StepInterval[];
    const after = candidates[index] as StepInterval[];
    const what = stepProcessNote(marker.process);
    let remark = notes[index];
    if (after.length === 0) {
      remark = note`${what} (pid ${marker.pid}) spawned at ${marker.time} fits no step of this job`;
    } else if (after.length > 1) {
      remark = note`${what} (pid ${marker.pid}) spawned at ${marker.time}, in the boundary second ${formatSecond(secondOf(marker.epochNs))} of steps ${names(after)}: it may belong to either`;
    } else if (before.length > 1) {
      const how = reasons[index] ?? 'by the order of steps';
      remark = note`${what} (pid ${marker.pid}) spawned in the boundary second of steps ${names(before)}; placed in ${(after[0] as StepInterval).name} ${[how]}`;
    }
    const placed = after.length === 1 ? (after[0] as StepInterval) : undefined;
    if (placed && stepNameMatchesProcess(placed.name, marker.process) === 'mismatch' && finalKinds.get(placed.number) !== 'composite-action') {
      // Worth a look: a composite action with a single inner `uses:` does this, and so would an
      // unexpected process in a JavaScript or container action's step.
      const mismatch = note`${what} (pid ${marker.pid}) ran in step ${placed.name}, whose name names a different action (expected only if that is a composite action)`;
      remark = remark ? [...remark, '; ', ...mismatch] : mismatch;
    }
    return { marker, steps: after.map(stepRef), ...(remark ? { note: remark } : {}) };
  });
}

/**
 * The marker whose process is the alert's own or nearest marked ancestor. With pid reuse, the latest
 * marker with that pid spawned before the alert wins; a marker is only believed when the next pid up
 * the chain is its parent (Runner.Worker), when that is known.
 */
export function findStepRoot(alert: FalcoAlert, markersByPid: ReadonlyMap<number, readonly StepMarker[]>): StepMarker | undefined {
  const chain = processChain(alert);
  for (let index = 0; index < chain.length; index += 1) {
    const pid = chain[index] as number;
    const sameP = markersByPid.get(pid);
    if (!sameP) continue;
    const parent = chain[index + 1];
    let best: StepMarker | undefined;
    for (const marker of sameP) {
      if (marker.epochNs > alert.epochNs) continue;
      if (parent !== undefined && marker.ppid !== undefined && marker.ppid !== parent) continue;
      if (!best || marker.epochNs > best.epochNs) best = marker;
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * Attributes every alert to the job's steps. `steps` is undefined when the job's steps could not be
 * fetched: process attribution still names the action or script, but no step names.
 */
export function attributeAlerts(alerts: readonly FalcoAlert[], steps: readonly StepInterval[] | undefined): AttributionResult {
  const markers: StepMarker[] = [];
  const findings: FalcoAlert[] = [];
  const notes: Note[] = [];
  let unusableMarkers = 0;
  for (const alert of alerts) {
    if (alert.rule !== MARKER_RULE) {
      findings.push(alert);
      continue;
    }
    const marker = toStepMarker(alert);
    if (marker) markers.push(marker);
    else unusableMarkers += 1;
  }
  if (unusableMarkers > 0) {
    notes.push(note`${unusableMarkers} step marker alert(s) had no proc.pid and could not be used`);
  }
  if (markers.length === 0 && findings.length > 0) {
    notes.push([`no step markers (rule "${MARKER_RULE}") were recorded: alerts are attributed by time only`]);
  }

  const placements: MarkerPlacement[] = steps ? placeMarkers(markers, steps) : markers.map((marker) => ({ marker, steps: [] }));
  const placementOf = new Map(placements.map((placement) => [placement.marker, placement]));
  for (const placement of placements) if (placement.note) notes.push(placement.note);

  const markersByPid = new Map<number, StepMarker[]>();
  for (const marker of markers) {
    const list = markersByPid.get(marker.pid) ?? [];
    list.push(marker);
    markersByPid.set(marker.pid, list);
  }

  const attributed = findings.map((alert): AttributedAlert => {
    const root = findStepRoot(alert, markersByPid);
    if (root) {
      const placement = placementOf.get(root);
      const placed = placement?.steps ?? [];
      return {
        alert,
        steps: placed,
        method: 'process',
        process: root.process,
        ...(placed.length > 1 ? { note: 'step process spawned at a step boundary: either step' } : {}),
      };
    }
    if (!steps) return { alert, steps: [], method: 'none' };
    const second = secondOf(alert.epochNs);
    const during = stepsContaining(steps, second);
    if (during.length === 0) {
      return { alert, steps: [], method: 'time', note: 'no marked ancestor, and the time falls in no step' };
    }
    return {
      alert,
      steps: during.map(stepRef),
      method: 'time',
      note:
        during.length > 1
          ? `no marked ancestor; ${formatSecond(second)} is the boundary second of ${noteText(names(during))}: either step`
          : 'no marked ancestor (container or daemon): attributed by time',
    };
  });
  return { findings: attributed, placements, notes };
}

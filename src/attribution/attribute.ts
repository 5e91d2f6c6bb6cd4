import { processChain, type FalcoAlert } from '../falco/alert.ts';
import { joinNotes, note, noteText, type Note } from './note.ts';
import { assignMarkers, type AssignmentEvidence } from './assign.ts';
import { MARKER_RULE, stepProcessNote, toStepMarker, type StepMarker, type StepProcess } from './process.ts';
import { leftOutNotes, ownRoleOf, type MonitoringSelf, type OwnRole } from './self.ts';
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

export interface AttributionContext {
  /** What start and stop recorded of our own processes: their alerts are left out. */
  self?: MonitoringSelf;
  /** When start began (epoch ms): the step that ran it has no marker of its own. */
  startedAtMs?: number;
  /** The stop or post process making this report: its marker is the step in progress. */
  reporterPid?: number;
  /** The runner's Runner.Worker (start's parent): markers of any other parent are not this job's steps. */
  runnerWorkerPid?: number;
}

function byTime(markers: readonly StepMarker[]): StepMarker[] {
  return [...markers].sort((a, b) => (a.epochNs < b.epochNs ? -1 : a.epochNs > b.epochNs ? 1 : 0));
}

/**
 * Places each marker process (a step root) in a step: the best assignment of markers to steps that is
 * monotonic in time and step number, on the evidence weighed in assign.ts. A marker goes to one step
 * when every best assignment agrees; otherwise every step they offer is listed as possible.
 */
export function placeMarkers(markers: readonly StepMarker[], steps: readonly StepInterval[], evidence: AssignmentEvidence = {}): MarkerPlacement[] {
  return placeAll(markers, steps, evidence).placements;
}

function placeAll(markers: readonly StepMarker[], steps: readonly StepInterval[], evidence: AssignmentEvidence): { placements: MarkerPlacement[]; unmarked: Note[] } {
  const ordered = byTime(markers);
  const assignment = assignMarkers(ordered, steps, evidence);
  const candidates = assignment.candidates;
  const finalKinds = stepKinds(ordered, candidates);
  const placements = ordered.map((marker, index): MarkerPlacement => {
    const second = secondOf(marker.epochNs);
    const before = stepsContaining(steps, second);
    const after = candidates[index] as StepInterval[];
    const what = stepProcessNote(marker.process);
    let remark: Note | undefined;
    if (after.length === 0) {
      remark = note`${what} (pid ${marker.pid}) spawned at ${marker.time} fits no step of this job`;
    } else if (after.length > 1) {
      remark = note`${what} (pid ${marker.pid}) spawned at ${marker.time}, in the boundary second ${formatSecond(second)} of steps ${names(after)}: it may belong to either`;
    } else if (assignment.outside[index]) {
      remark = note`${what} (pid ${marker.pid}) spawned at ${marker.time}, one second outside the reported step times; placed in ${(after[0] as StepInterval).name}`;
    } else if (before.length > 1) {
      const how = assignment.reasons[index] ?? 'by the order of steps (every step that ran started a process)';
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
  // Steps that ran after Falco was ready but hold no process in any best assignment.
  const unmarked = assignment.unmarked.map(
    (step) =>
      note`step ${step.name} ran while Falco watched, yet no process of it was reported (Falco dropped events, or the step failed before starting one): placements next to it rest on less evidence`,
  );
  return { placements, unmarked };
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
export function attributeAlerts(alerts: readonly FalcoAlert[], steps: readonly StepInterval[] | undefined, context: AttributionContext = {}): AttributionResult {
  const markers: StepMarker[] = [];
  const findings: FalcoAlert[] = [];
  const notes: Note[] = [];
  const leftOut = new Map<OwnRole, FalcoAlert[]>();
  let unusableMarkers = 0;
  let foreignMarkers = 0;
  for (const alert of alerts) {
    if (alert.rule !== MARKER_RULE) {
      const role = context.self ? ownRoleOf(alert, context.self) : undefined;
      if (role === undefined) findings.push(alert);
      else leftOut.set(role, [...(leftOut.get(role) ?? []), alert]);
      continue;
    }
    const marker = toStepMarker(alert);
    if (!marker) unusableMarkers += 1;
    else if (context.runnerWorkerPid !== undefined && marker.ppid !== context.runnerWorkerPid) foreignMarkers += 1;
    else markers.push(marker);
  }
  if (context.self) notes.push(...leftOutNotes(leftOut, context.self));
  if (unusableMarkers > 0) {
    notes.push(note`${unusableMarkers} step marker alert(s) had no proc.pid and could not be used`);
  }
  if (foreignMarkers > 0) {
    notes.push(
      note`${foreignMarkers} step marker alert(s) came from a process named Runner.Worker that is not this job's runner (pid ${context.runnerWorkerPid ?? 0}, start's parent) and were not used to place steps`,
    );
  }
  if (markers.length === 0 && findings.length > 0) {
    notes.push([`no step markers (rule "${MARKER_RULE}") were recorded: alerts are attributed by time only`]);
  }

  const evidence: AssignmentEvidence = {
    ...(context.startedAtMs !== undefined ? { startedAtMs: context.startedAtMs } : {}),
    ...(context.reporterPid !== undefined ? { reporterPid: context.reporterPid } : {}),
  };
  const placed = steps ? placeAll(markers, steps, evidence) : { placements: markers.map((marker) => ({ marker, steps: [] })), unmarked: [] };
  const placements: MarkerPlacement[] = placed.placements;
  const placementOf = new Map(placements.map((placement) => [placement.marker, placement]));
  for (const placement of placements) if (placement.note) notes.push(placement.note);
  notes.push(...placed.unmarked);
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

// Analyze mode's attribution: every alert and inventory entry to the step and the action behind it,
// from the capture's own process tree (src/analyze/process-tree.ts) instead of live mode's marker
// alerts. The step roots are the children of the runner's Runner.Worker; they become the same
// StepMarker objects live mode builds from its marker rule and are placed among the metadata's steps
// by the same assignment (src/attribution/assign.ts). An entry's step is the step of its nearest
// step-root ancestor; its action is the nearest ancestor running code from the runner's actions folder.
// falco-actions' own processes (start, probe, stop, post) and sysdig's are left out, recognised by the
// pids they recorded of themselves within their lifetimes, never by a name a step could copy.
import { pidField, processChain, type FalcoAlert } from '../falco/alert.ts';
import type { CaptureMetadata } from '../capture/metadata.ts';
import { placeMarkers, type MarkerPlacement } from '../attribution/attribute.ts';
import { noteText } from '../attribution/note.ts';
import { describeStepProcess, type StepMarker } from '../attribution/process.ts';
import { ownRoleOf } from '../attribution/self.ts';
import { stepsContaining, toStepIntervals, type StepInterval, type StepRef } from '../attribution/steps.ts';
import { isoTime } from '../scap/time.ts';
import { ancestry, type ProcessTree, type TreeProcess } from './process-tree.ts';
import type { Attribution } from './report.ts';

/** The comm of the runner's worker process (actions/runner: Runner.Worker), when the metadata has no pid. */
export const RUNNER_WORKER_COMM = 'Runner.Worker';

export type AnalyzeOwnRole = CaptureMetadata['ownProcesses'][number]['role'] | 'sysdig';

const ROLE_WORDS: Record<AnalyzeOwnRole, string> = {
  start: "falco-actions start's own process",
  probe: "start's readiness probe",
  stop: "falco-actions stop's own process",
  post: "falco-actions' post step process",
  sysdig: "the capture's own sysdig process",
};

const NS_PER_MS = 1_000_000n;
const NS_PER_SECOND = 1_000_000_000n;

function cmdlineOf(process: TreeProcess): string {
  return [process.exepath === '' ? process.comm : process.exepath, ...process.args].join(' ');
}

function stepText(steps: readonly StepRef[]): string {
  return steps.map((step) => `"${step.name}"`).join(' or ');
}

export class CaptureAttributor {
  private readonly metadata: CaptureMetadata | undefined;
  private readonly intervals: StepInterval[] | undefined;
  private readonly own = new WeakMap<TreeProcess, AnalyzeOwnRole | null>();
  private readonly placements = new Map<TreeProcess, MarkerPlacement>();
  private placed = false;
  /** Report-level notes (step placements that stayed ambiguous), plain text. */
  readonly notes: string[] = [];

  constructor(
    private readonly tree: ProcessTree,
    metadata: CaptureMetadata | undefined,
  ) {
    this.metadata = metadata;
    this.intervals = metadata?.steps ? toStepIntervals(metadata.steps) : undefined;
  }

  isRunnerWorker(process: TreeProcess): boolean {
    const workerPid = this.metadata?.runner.workerPid ?? null;
    return workerPid !== null ? process.pid === workerPid : process.comm === RUNNER_WORKER_COMM;
  }

  /** A step root: a child of Runner.Worker. */
  isStepRoot(process: TreeProcess): boolean {
    return process.parent !== undefined && this.isRunnerWorker(process.parent);
  }

  /** Which of our processes this one is or descends from, if any (sysdig's pid holds for the whole capture). */
  ownRole(process: TreeProcess | undefined): AnalyzeOwnRole | undefined {
    if (process === undefined || this.metadata === undefined) return undefined;
    const chain = ancestry(process);
    let role: AnalyzeOwnRole | undefined;
    let resolved = chain.length;
    for (let index = 0; index < chain.length; index += 1) {
      const current = chain[index] as TreeProcess;
      const memo = this.own.get(current);
      if (memo !== undefined) {
        role = memo ?? undefined;
        resolved = index;
        break;
      }
      const self = this.selfRole(current);
      if (self !== undefined) {
        role = self;
        resolved = index;
        this.own.set(current, self);
        break;
      }
    }
    for (let index = 0; index < resolved; index += 1) this.own.set(chain[index] as TreeProcess, role ?? null);
    return role;
  }

  private selfRole(process: TreeProcess): AnalyzeOwnRole | undefined {
    const metadata = this.metadata as CaptureMetadata;
    if (metadata.sysdigPid !== null && process.pid === metadata.sysdigPid) return 'sysdig';
    const ms = Number(process.startNs / NS_PER_MS);
    return metadata.ownProcesses.find((own) => own.pid === process.pid && ms >= own.fromMs && (own.toMs === undefined || ms <= own.toMs))?.role;
  }

  /** Places the step roots among the metadata's steps: call once, after the pass over the capture. */
  placeSteps(): void {
    if (this.placed) return;
    this.placed = true;
    if (this.intervals === undefined) return;
    const roots = [...this.tree.processes()].filter((process) => this.isStepRoot(process));
    const markers = roots.map(
      (process): StepMarker => ({
        pid: process.pid,
        ppid: process.ppid,
        epochNs: process.startNs,
        time: isoTime(process.startNs),
        cmdline: cmdlineOf(process),
        process: describeStepProcess(cmdlineOf(process)),
        actionId: undefined,
        lineNumber: 0,
      }),
    );
    const metadata = this.metadata as CaptureMetadata;
    const starts = metadata.ownProcesses.filter((own) => own.role === 'start').map((own) => own.fromMs);
    const reporter = metadata.ownProcesses.filter((own) => own.role === 'stop' || own.role === 'post').at(-1);
    const startedAtMs = starts.length > 0 ? Math.min(...starts) : Date.parse(metadata.capture.startedAt);
    const placements = placeMarkers(markers, this.intervals, {
      ...(Number.isNaN(startedAtMs) ? {} : { startedAtMs }),
      ...(reporter !== undefined ? { reporterPid: reporter.pid } : {}),
    });
    const rootOf = new Map(markers.map((marker, index) => [marker, roots[index] as TreeProcess]));
    for (const placement of placements) {
      const root = rootOf.get(placement.marker);
      if (root !== undefined) this.placements.set(root, placement);
      if (placement.note !== undefined) this.notes.push(noteText(placement.note));
    }
  }

  /** The step and action of a process (undefined: the capture does not know it; `atNs` dates it then). */
  ofProcess(process: TreeProcess | undefined, atNs?: bigint): Attribution {
    this.placeSteps();
    const chain = ancestry(process);
    const action = chain.find((current) => current.action !== undefined)?.action ?? null;
    if (this.intervals === undefined) {
      return { step: null, action, note: this.metadata === undefined ? 'no metadata file: the job\'s steps are unknown' : 'the metadata holds no step timeline' };
    }
    const root = chain.find((current) => this.isStepRoot(current));
    if (root !== undefined) {
      const steps = this.placements.get(root)?.steps ?? [];
      if (steps.length === 1) return { step: steps[0] as StepRef, action };
      if (steps.length > 1) return { step: null, action, note: `its step process started at a step boundary: step ${stepText(steps)}` };
      return { step: null, action, note: 'its step process fits no step of the job' };
    }
    const ns = process?.startNs ?? atNs;
    if (ns === undefined) return { step: null, action, note: 'no process and no time to place it by' };
    const during = stepsContaining(this.intervals, Number(ns / NS_PER_SECOND)).map((step) => ({ number: step.number, name: step.name }));
    const why = process === undefined ? 'its process is not in the capture' : 'no step process of Runner.Worker in its ancestry (a daemon or a container)';
    if (during.length === 1) return { step: during[0] as StepRef, action, note: `${why}: attributed by time` };
    if (during.length > 1) return { step: null, action, note: `${why}; its time falls in step ${stepText(during)}` };
    return { step: null, action, note: `${why}, and its time falls in no step` };
  }

  /** The process an alert came from: its pid at its time, else the nearest ancestor the capture knows. */
  processOfAlert(alert: FalcoAlert): TreeProcess | undefined {
    const own = pidField(alert.fields, 'proc.pid');
    if (own !== undefined) {
      const found = this.tree.at(own, alert.epochNs);
      if (found !== undefined) return found;
    }
    for (const pid of processChain(alert).slice(own === undefined ? 0 : 1)) {
      const found = this.tree.at(pid, alert.epochNs);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Our own role behind an alert: through the capture's tree, else through the pids the alert carries. */
  alertOwnRole(alert: FalcoAlert, process: TreeProcess | undefined): AnalyzeOwnRole | undefined {
    const viaTree = this.ownRole(process);
    if (viaTree !== undefined || this.metadata === undefined) return viaTree;
    const sysdigPid = this.metadata.sysdigPid;
    if (sysdigPid !== null && processChain(alert).includes(sysdigPid)) return 'sysdig';
    // Without a falcoPid, ownRoleOf answers only the roles of ownProcesses.
    const role = ownRoleOf(alert, { ownProcesses: this.metadata.ownProcesses });
    return role === 'falco' ? undefined : role;
  }

  /** The step and action of an alert. */
  ofAlert(alert: FalcoAlert, process: TreeProcess | undefined): Attribution {
    if (process !== undefined) return this.ofProcess(process);
    const attribution = this.ofProcess(undefined, alert.epochNs);
    return attribution;
  }

  /** Pids of our processes by role, as the metadata recorded them (for the notes). */
  ownPids(role: AnalyzeOwnRole): number[] {
    if (this.metadata === undefined) return [];
    if (role === 'sysdig') return this.metadata.sysdigPid === null ? [] : [this.metadata.sysdigPid];
    return [...new Set(this.metadata.ownProcesses.filter((own) => own.role === role).map((own) => own.pid))];
  }
}

/** Counts of what was left out, per role. */
export interface LeftOut {
  events: number;
  processes: number;
  alerts: number;
}

/** One note per role: what was left out and how it was recognised (the wording of live mode's self.ts). */
export function leftOutNotes(leftOut: ReadonlyMap<AnalyzeOwnRole, LeftOut>, pids: (role: AnalyzeOwnRole) => number[]): string[] {
  const notes: string[] = [];
  for (const [role, counts] of leftOut) {
    const plural = (count: number, word: string) => `${count} ${count === 1 ? word : word === 'process' ? 'processes' : `${word}s`}`;
    const recognised = role === 'sysdig' ? "the pid the metadata file gives for sysdig's container" : 'the pid it recorded of itself';
    notes.push(
      `left out ${plural(counts.alerts, 'alert')} and ${plural(counts.events, 'event')} of ${plural(counts.processes, 'process')} of ${ROLE_WORDS[role]} and its descendants (pid ${pids(role).join(', ')}): the monitoring at work, not the job, recognised by ${recognised}, not by its name`,
    );
  }
  return notes;
}

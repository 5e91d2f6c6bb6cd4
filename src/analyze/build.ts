// Builds analyze mode's one report model from a capture and what came with it: one streaming pass over
// the capture feeds the process tree, the inventory and the top talkers together (a second, cheap pass
// first only when filters.config exceptions need the capture's users and containers); then every alert
// and inventory entry is attributed to its step and action, our own processes are left out, and the
// result is validated by the report's schema before it is returned.
import type { CaptureMetadata, HashesFile } from '../capture/metadata.ts';
import { MARKER_RULE } from '../attribution/process.ts';
import { pidField, type FalcoAlert } from '../falco/alert.ts';
import { EMPTY_CONTEXT, type EvalContext } from '../filter/fields.ts';
import type { CompiledException } from '../inventory/exceptions.ts';
import {
  DEFAULT_WORKSPACE,
  INVENTORY_DELIVERY_CONDITIONS,
  INVENTORY_EVENT_NAMES,
  InventoryBuilder,
  type InventoryEntrySection,
  type InventorySection,
} from '../inventory/inventory.ts';
import type { ScapEvent } from '../scap/model.ts';
import { readCapture } from '../scap/index.ts';
import { readCaptureDetailed, type ReadOptions } from '../scap/reader.ts';
import { CaptureAttributor, leftOutNotes, type AnalyzeOwnRole, type LeftOut } from './attribute.ts';
import { DEFAULT_TOP, TopTalkersBuilder } from './chisels.ts';
import { ProcessTree, type TreeProcess } from './process-tree.ts';
import { analyzeReportSchema, type AnalyzeReport, type Attribution, type ReportSection } from './report.ts';

export interface AnalyzeFilters {
  /** The filters.config file the exceptions came from (named in the report). */
  file: string;
  exceptions: readonly CompiledException[];
}

export interface BuildAnalyzeReportOptions {
  capturePath: string;
  metadata?: CaptureMetadata | undefined;
  hashes?: HashesFile | undefined;
  /** What the engine (replay container or native) reported for the capture. */
  alerts: readonly FalcoAlert[];
  engine: AnalyzeReport['engine'];
  filters?: AnalyzeFilters | undefined;
  /** The sections asked for (extract-* inputs). */
  sections: readonly ReportSection[];
  /** Files written under it are inside the workspace; default the metadata's, else GitHub-hosted runners'. */
  workspace?: string | undefined;
  toolVersion: string;
  /** Entries per top-talkers list. */
  top?: number;
  onProgress?: ReadOptions['onProgress'];
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Reads the capture (at most twice) and returns the validated report. Throws ScapFormatError for a non-capture. */
export async function buildAnalyzeReport(options: BuildAnalyzeReportOptions): Promise<AnalyzeReport> {
  const { metadata, hashes } = options;
  const workspace = withSlash(options.workspace ?? metadata?.runner.workspace ?? DEFAULT_WORKSPACE);
  const exceptions = options.filters?.exceptions ?? [];
  const removed: Record<string, number> = {};
  let evalContext: EvalContext = EMPTY_CONTEXT;
  if (exceptions.length > 0) {
    // The exceptions' conditions may name users and containers, which the capture lists in blocks
    // that a pass delivering no events reads.
    const summary = await readCapture(options.capturePath, () => undefined, { eventNames: new Set() });
    evalContext = {
      users: new Map(summary.users.map((user) => [user.uid, user])),
      containers: new Map(summary.containers.map((container) => [container.id, container])),
    };
  }
  const keep = (section: InventorySection, event: ScapEvent): boolean => {
    const hit = exceptions.find((exception) => exception.section === section && exception.matches(event, evalContext));
    if (hit === undefined) return true;
    removed[section] = (removed[section] ?? 0) + 1;
    return false;
  };

  const leftOut = new Map<AnalyzeOwnRole, LeftOut>();
  const countLeftOut = (role: AnalyzeOwnRole): LeftOut => {
    let counts = leftOut.get(role);
    if (counts === undefined) leftOut.set(role, (counts = { events: 0, processes: 0, alerts: 0 }));
    return counts;
  };
  const tree = new ProcessTree();
  const attributor = new CaptureAttributor(tree, metadata);
  const chisels = new TopTalkersBuilder();
  const firstProcess: Record<InventoryEntrySection, Array<TreeProcess | undefined>> = { processes: [], connections: [], dns: [], files: [] };
  const leftOutProcesses = new WeakSet<TreeProcess>();
  let current: TreeProcess | undefined;
  const builder = new InventoryBuilder({
    workspace,
    ...(exceptions.length > 0 ? { keep } : {}),
    onNewEntry: (section, index) => {
      firstProcess[section][index] = current;
    },
  });
  const onEvent = (event: ScapEvent): void => {
    current = tree.observe(event);
    const role = attributor.ownRole(current);
    if (role !== undefined) {
      const counts = countLeftOut(role);
      counts.events++;
      if (!leftOutProcesses.has(current as TreeProcess)) {
        leftOutProcesses.add(current as TreeProcess);
        counts.processes++;
      }
      return;
    }
    chisels.onEvent(event, current);
    if (event.dir !== '<' || !INVENTORY_EVENT_NAMES.has(event.name)) return;
    const condition = INVENTORY_DELIVERY_CONDITIONS.get(event.name);
    if (condition === undefined || condition(event.fd)) builder.onEvent(event);
  };
  // Every event is delivered: the tree needs every process, the top talkers count every event.
  const summary = await readCaptureDetailed(options.capturePath, onEvent, {
    transientEvents: true,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const inventory = builder.finish(summary);
  attributor.placeSteps();

  const notes: string[] = [];
  let unattributedAlerts = 0;
  const alerts: AnalyzeReport['alerts'] = [];
  for (const alert of options.alerts) {
    // The step marker rule's alerts are how live mode finds step processes; here the tree does.
    if (alert.rule === MARKER_RULE) continue;
    const process = attributor.processOfAlert(alert);
    const role = attributor.alertOwnRole(alert, process);
    if (role !== undefined) {
      countLeftOut(role).alerts++;
      continue;
    }
    const attribution = attributor.ofAlert(alert, process);
    if (attribution.step === null) unattributedAlerts++;
    alerts.push({
      rule: alert.rule,
      priority: alert.priority,
      time: alert.time,
      output: alert.output,
      source: alert.source ?? null,
      tags: alert.tags,
      pid: pidField(alert.fields, 'proc.pid') ?? null,
      process: process === undefined ? null : { name: process.comm, exepath: process.exepath },
      attribution,
    });
  }

  let unattributedEntries = 0;
  const attributionOf = (section: InventoryEntrySection, index: number): Attribution => {
    const attribution = attributor.ofProcess(firstProcess[section][index]);
    if (attribution.step === null) unattributedEntries++;
    return attribution;
  };
  const asked = new Set(options.sections);
  const sha256 = new Map((hashes?.executables ?? []).map((executable) => [executable.path, executable.sha256]));
  const report: AnalyzeReport = {
    schema: 1,
    tool: { name: 'falco-actions', version: options.toolVersion },
    job:
      metadata === undefined
        ? null
        : {
            key: metadata.job.key,
            name: metadata.job.name,
            repository: metadata.job.repository,
            workflow: metadata.job.workflow,
            runId: metadata.job.runId,
            runAttempt: metadata.job.runAttempt,
            htmlUrl: metadata.job.htmlUrl,
            workflowRef: metadata.job.workflowRef,
            sha: metadata.job.sha,
          },
    capture: {
      file: options.capturePath,
      events: summary.events,
      firstEventTime: inventory.capture.firstEventTime,
      lastEventTime: inventory.capture.lastEventTime,
      redacted: metadata?.capture.redacted ?? null,
      truncated: summary.truncated !== undefined || metadata?.capture.truncated === true,
      damage:
        inventory.capture.damage === null
          ? null
          : { regionCount: inventory.capture.damage.regionCount, bytesSkipped: inventory.capture.damage.bytesSkipped, stoppedAt: inventory.capture.damage.stoppedAt },
    },
    engine: options.engine,
    alerts,
    sections: [...options.sections],
    exceptions: { file: options.filters?.file ?? null, removed },
    steps: (metadata?.steps ?? []).map((step) => ({ number: step.number, name: step.name, startedAt: step.started_at ?? null, completedAt: step.completed_at ?? null })),
    notes,
  };
  // Every section's entries are attributed (their notes counted) only when the section is asked for.
  if (asked.has('processes')) {
    report.processes = inventory.processes.map((process, index) => ({
      exepath: process.exepath,
      name: process.name,
      args: process.args,
      parent: process.parent === null ? null : process.parent.exepath || process.parent.name,
      user: process.user,
      containerId: process.containerId,
      count: process.count,
      firstTime: process.firstTime,
      sha256: sha256.get(process.exepath) ?? null,
      attribution: attributionOf('processes', index),
    }));
  }
  if (asked.has('connections')) {
    report.connections = inventory.connections.map((connection, index) => ({
      remote: { address: connection.remote.ip, port: connection.remote.port },
      protocol: connection.protocol,
      scope: connection.scope,
      process: connection.process,
      exepath: connection.exepath,
      count: connection.count,
      bytesSent: connection.bytesSent,
      bytesReceived: connection.bytesReceived,
      firstTime: connection.firstTime,
      attribution: attributionOf('connections', index),
    }));
  }
  if (asked.has('dns')) {
    report.dns = inventory.dns.map((entry, index) => ({
      name: entry.name,
      types: entry.types,
      queries: entry.queries,
      answers: entry.answers,
      processes: entry.processes,
      firstTime: entry.firstTime,
      attribution: attributionOf('dns', index),
    }));
  }
  if (asked.has('written_files')) {
    report.writtenFiles = inventory.files.map((file, index) => ({
      path: file.path,
      count: file.count,
      flags: file.flags,
      processes: [...new Set(file.processes.map((process) => process.name))],
      outsideWorkspace: !file.path.startsWith(workspace),
      firstTime: file.firstTime,
      attribution: attributionOf('files', index),
    }));
  }
  if (asked.has('containers')) report.containers = inventory.containers;
  if (asked.has('hashes')) {
    report.hashes = (hashes?.executables ?? []).map((executable) => ({
      path: executable.path,
      sha256: executable.sha256,
      ...(executable.error !== undefined ? { error: executable.error } : {}),
      executions: executable.executions,
    }));
  }
  if (asked.has('chisels')) report.chisels = chisels.finish(options.top ?? DEFAULT_TOP);

  notes.push(...captureNotes(report.capture, summary.truncated !== undefined));
  if (metadata === undefined) {
    notes.push("no metadata file: the job's steps are unknown, and falco-actions' own processes could not be told apart from the job's");
  } else if (metadata.steps === null) {
    notes.push("the metadata holds no step timeline (the jobs API did not answer when stop ran): findings name their action, not their step");
  }
  if (asked.has('hashes') && hashes === undefined) notes.push('no hashes file: executables are listed without their sha256');
  if (hashes !== undefined && hashes.skipped > 0) notes.push(`${plural(hashes.skipped, 'executable')} left unhashed: the per-run cap was reached`);
  if (exceptions.length > 0) {
    const total = Object.values(removed).reduce((sum, count) => sum + count, 0);
    notes.push(`the filters.config exceptions removed ${plural(total, 'event')} from the sections`);
  }
  notes.push(...attributor.notes);
  notes.push(...leftOutNotes(leftOut, (role) => attributor.ownPids(role)));
  if (metadata !== undefined && metadata.steps !== null && (unattributedAlerts > 0 || unattributedEntries > 0)) {
    notes.push(
      `${plural(unattributedAlerts, 'alert')} and ${plural(unattributedEntries, 'entry').replace('entrys', 'entries')} could not be placed in one step (each one's note says why)`,
    );
  }
  const checked = analyzeReportSchema.safeParse(report);
  if (!checked.success) throw new Error(`the analyze report does not match its schema (a bug): ${checked.error.message}`);
  return checked.data;
}

function captureNotes(capture: AnalyzeReport['capture'], tailCut: boolean): string[] {
  const notes: string[] = [];
  if (capture.damage !== null) {
    const where = capture.damage.stoppedAt !== null ? `; reading stopped at byte ${capture.damage.stoppedAt}, where no valid block followed` : '';
    notes.push(
      `the capture is damaged: ${plural(capture.damage.regionCount, 'stretch')} (${capture.damage.bytesSkipped} bytes) could not be read, and the events in them are missing from this report${where}`.replace('stretchs', 'stretches'),
    );
  }
  if (capture.truncated) {
    notes.push(
      tailCut
        ? 'the capture ends in a block the recorder did not finish writing (stopped or out of disk): its complete events are in this report, the rest is lost'
        : 'the metadata says the capture was truncated when it was recorded: events after the cut are missing',
    );
  }
  return notes;
}

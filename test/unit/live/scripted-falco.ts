// An engine for live mode's orchestrators (the LiveEngine interface of src/live/collaborators.ts) whose
// one container plays Falco from a script: it prints a start-up log in Falco 0.44.1's format (see
// test/unit/falco/startup-log.test.ts), and, once "ready", does what matters of Falco for start:
// it reports every process named fa-ready-probe it sees on this host (read from /proc, as the kernel
// shows it) with the alert the marker rules file describes, written to the events file through the
// container's bind mount. Every call is recorded, so tests check what the orchestrators did.
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTAINER_EVENTS_DIR, EVENTS_FILE_NAME } from '../../../src/falco/container.ts';
import { READY_PROBE_NAME, READY_PROBE_RULE } from '../../../src/falco/ready-probe.ts';
import type { ContainerSpec, ContainerStatus, ContainerUsage, LiveEngine, LogFollower } from '../../../src/live/collaborators.ts';

const AT = '2026-06-10T08:00:00+0000: ';

/** Falco's start-up log up to opening its source, listing these rule files as loaded. */
export function startupLog(containerRuleFiles: readonly string[]): string[] {
  return [
    `${AT}Falco version: 0.44.1 (x86_64)`,
    `${AT}Loading rules from:`,
    `${AT}   /etc/falco/falco_rules.yaml | schema validation: ok`,
    ...containerRuleFiles.map((path) => `${AT}   ${path} | schema validation: ok`),
    `${AT}Enabled event sources: syscall`,
    `${AT}Opening 'syscall' source with modern BPF probe.`,
  ];
}

export interface FalcoScript {
  /** The log Falco prints, given the rule files mounted (container paths). */
  log(mountedRuleFiles: string[]): string[];
  /** After its log: 'run' keeps running (its log stays open), 'exit' ends with this exit code. */
  then: { kind: 'run' } | { kind: 'exit'; exitCode: number };
  /** Whether Falco sees and reports the readiness probe (false: it runs blind). */
  seesProbes: boolean;
  /** The engine refuses to start the container with this message. */
  refuseStart?: string;
  /** What stop finds: the container is gone, or its process exits with this code on SIGTERM. */
  onStop?: { kind: 'gone' } | { kind: 'exits'; exitCode: number } | { kind: 'exited-already'; exitCode: number };
}

export class ScriptedFalcoEngine implements LiveEngine {
  readonly where = 'unix:///scripted/docker.sock';
  readonly calls: string[] = [];
  readonly specs: ContainerSpec[] = [];
  readonly reportedProbes: number[] = [];
  private running = false;
  private exitCode: number | undefined;
  private removed = false;
  private readonly stops: Array<() => void> = [];
  private lines: string[] = [];

  constructor(private readonly script: FalcoScript) {}

  /** An engine whose container is already running (for stop), as start left it. */
  static running(script: FalcoScript): ScriptedFalcoEngine {
    const engine = new ScriptedFalcoEngine(script);
    engine.running = true;
    engine.lines = script.log([]);
    return engine;
  }

  async ping() {
    this.calls.push('ping');
    return { serverVersion: '28.0.0-scripted' };
  }

  async ensureImage(reference: string, log: (line: string) => void) {
    this.calls.push(`ensureImage ${reference}`);
    log(`Image ${reference} is already present; not pulling.`);
    return 'present' as const;
  }

  localSocketPath(): string | undefined {
    return undefined;
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.calls.push(`create ${spec.name}`);
    this.specs.push(spec);
    return 'c0ffee';
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push(`start ${id}`);
    if (this.script.refuseStart !== undefined) throw new Error(`Starting the container failed: ${this.script.refuseStart}`);
    this.running = true;
    const spec = this.specs.at(-1) as ContainerSpec;
    this.lines = this.script.log(spec.binds.filter((bind) => bind.containerPath.startsWith('/etc/falco/rules.d/')).map((bind) => bind.containerPath));
    if (this.script.then.kind === 'exit') {
      this.running = false;
      this.exitCode = this.script.then.exitCode;
    } else if (this.script.seesProbes) {
      const events = spec.binds.find((bind) => bind.containerPath === CONTAINER_EVENTS_DIR);
      if (events !== undefined) this.watchForProbes(join(events.hostPath, EVENTS_FILE_NAME));
    }
  }

  private watchForProbes(eventsFile: string): void {
    const reported = new Set<number>();
    const timer = setInterval(() => {
      void probesOnThisHost().then(async (pids) => {
        for (const pid of pids.filter((candidate) => !reported.has(candidate))) {
          reported.add(pid);
          this.reportedProbes.push(pid);
          await appendFile(eventsFile, `${probeAlert(pid)}\n`);
        }
      });
    }, 50);
    this.stops.push(() => clearInterval(timer));
  }

  async followLogs(id: string, onLine: (line: string) => void): Promise<LogFollower> {
    this.calls.push(`follow ${id}`);
    let end: () => void = () => undefined;
    const done = new Promise<void>((settle) => {
      end = settle;
    });
    this.stops.push(end);
    setImmediate(() => {
      for (const line of this.lines) onLine(line);
      if (!this.running) end();
    });
    return { done, close: end };
  }

  async logTail(id: string, lines: number): Promise<string[]> {
    this.calls.push(`logTail ${id}`);
    return this.lines.slice(-lines);
  }

  async status(id: string): Promise<ContainerStatus | undefined> {
    this.calls.push(`status ${id}`);
    if (this.removed || this.script.onStop?.kind === 'gone') return undefined;
    if (this.script.onStop?.kind === 'exited-already') return { running: false, pid: undefined, exitCode: this.script.onStop.exitCode, status: 'exited', error: '' };
    return this.running
      ? { running: true, pid: 4321, exitCode: undefined, status: 'running', error: '' }
      : { running: false, pid: undefined, exitCode: this.exitCode, status: 'exited', error: '' };
  }

  async usage(id: string): Promise<ContainerUsage> {
    this.calls.push(`usage ${id}`);
    return { cpuSeconds: 1.5, memoryBytes: 300_000_000, memoryIsPeak: false, residentBytes: 120_000_000, cacheBytes: 180_000_000 };
  }

  async stopContainer(id: string, graceSeconds: number): Promise<{ exitCode: number | undefined }> {
    this.calls.push(`stop ${id} ${graceSeconds}`);
    this.running = false;
    this.exitCode = this.script.onStop?.kind === 'exits' ? this.script.onStop.exitCode : 0;
    return { exitCode: this.exitCode };
  }

  async removeContainer(id: string): Promise<'removed' | 'absent'> {
    this.calls.push(`remove ${id}`);
    for (const stop of this.stops.splice(0)) stop();
    const was = this.removed || this.script.onStop?.kind === 'gone';
    this.removed = true;
    this.running = false;
    return was ? 'absent' : 'removed';
  }

  /** Ends what the container left running (a test that fails before removal). */
  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

/** Pids of processes named fa-ready-probe (comm, as Falco's proc.name reads it). */
async function probesOnThisHost(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === READY_PROBE_NAME) pids.push(Number(entry));
  }
  return pids;
}

/** The readiness probe's alert as Falco writes it with json_output (sorted keys, no spaces). */
export function probeAlert(pid: number): string {
  return JSON.stringify({
    hostname: 'runner',
    output: `08:00:01.000000000: Debug falco-actions readiness probe (proc.pid=${pid})`,
    output_fields: { 'evt.time': 1781078401000000000, 'proc.pid': pid },
    priority: 'Debug',
    rule: READY_PROBE_RULE,
    source: 'syscall',
    tags: ['falco_actions', 'ready_probe'],
    time: '2026-06-10T08:00:01.000000000Z',
  });
}

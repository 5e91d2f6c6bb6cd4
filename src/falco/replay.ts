// Analyze's container engine: the Falco image replays a capture (engine.kind=replay) with the rule files
// live mode mounts, in the same places, with the same alert options and appended pid fields (container.ts),
// so a replayed alert has the shape of a live one. The container gets no privileges and no network: it
// reads a file. Alerts go to a JSON events file in a mounted directory (as in live mode), never mixed
// with Falco's own log; the log is kept to explain a failure. The container and the temporary directory
// are removed on every path.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../action/errors.ts';
import type { ContainerSpec, DockerEngine, LogFollower } from '../docker/engine.ts';
import { plainLine } from '../report/escape.ts';
import type { FalcoAlert } from './alert.ts';
import {
  CONTAINER_CONFIG_FILE,
  CONTAINER_EVENTS_DIR,
  CONTAINER_LABEL,
  EVENTS_FILE_NAME,
  FALCO_BINARY,
  falcoActionsConfig,
  falcoOptions,
  mountRuleFiles,
  type MountedRuleFile,
  type RuleFile,
} from './container.ts';
import { describeProblem, readEventsFile } from './events-file.ts';
import { checkRuleFilesLoaded, FalcoStartupWatcher, ruleFileNamedInError } from './startup-log.ts';

export const REPLAY_LABEL_VALUE = 'falco-replay';
export const CONTAINER_CAPTURE_DIR = '/capture';
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const SHOWN_LOG_LINES = 30;

/** What the replay needs of the Docker engine (src/docker/engine.ts, the only dockerode importer). */
export type ReplayDocker = Pick<DockerEngine, 'ensureImage' | 'createContainer' | 'startContainer' | 'followLogs' | 'status' | 'removeContainer'>;

export interface ReplayInput {
  docker: ReplayDocker;
  image: string;
  capturePath: string;
  /** Loaded after the image's default rules, in this order (markers, CI/CD pack, custom). */
  ruleFiles: readonly RuleFile[];
  log: (line: string) => void;
  /** How long the replay may run before it is abandoned (default 15 minutes). */
  timeoutMs?: number;
}

export interface ReplayResult {
  alerts: FalcoAlert[];
  /** Lines of the events file that were not alerts (each with its line number); the alerts are kept. */
  problems: string[];
  /** What Falco said it is, from its log. */
  falcoVersion: string | undefined;
  /** Every rules file Falco reported loading, in its order (container paths). */
  loadedRuleFiles: string[];
}

/** The capture inside the container: a fixed name (the host's file name is not trusted), keeping a .gz
 *  ending, which libscap reads as gzip. */
export function containerCapturePath(capturePath: string): string {
  return `${CONTAINER_CAPTURE_DIR}/${/\.gz$/i.test(capturePath) ? 'capture.scap.gz' : 'capture.scap'}`;
}

export interface ReplaySpecInput {
  name: string;
  image: string;
  capturePath: string;
  ruleFiles: readonly MountedRuleFile[];
  configFileHostPath: string;
  eventsDirHostPath: string;
}

/** The replay container: unprivileged, no network, everything read-only but the events directory. */
export function replayContainerSpec(input: ReplaySpecInput): ContainerSpec {
  const capture = containerCapturePath(input.capturePath);
  return {
    name: input.name,
    image: input.image,
    cmd: [FALCO_BINARY, ...falcoOptions({ 'engine.kind': 'replay', 'engine.replay.capture_file': capture })],
    privileged: false,
    networkMode: 'none',
    binds: [
      { hostPath: input.capturePath, containerPath: capture, readOnly: true },
      ...input.ruleFiles.map((file) => ({ hostPath: file.hostPath, containerPath: file.containerPath, readOnly: true })),
      { hostPath: input.configFileHostPath, containerPath: CONTAINER_CONFIG_FILE, readOnly: true },
      { hostPath: input.eventsDirHostPath, containerPath: CONTAINER_EVENTS_DIR, readOnly: false },
    ],
    labels: { [CONTAINER_LABEL]: REPLAY_LABEL_VALUE },
  };
}

/** A missing or non-file capture, named, before anything is pulled or created. */
export async function requireCaptureFile(capturePath: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(capturePath)).isFile();
  } catch {
    throw new UserError(`The capture ${capturePath} does not exist or cannot be read.`, 'Give the path of the capture file (.scap) the capture artifact holds.');
  }
  if (!isFile) throw new UserError(`The capture ${capturePath} is not a file.`, 'Give the path of the capture file (.scap) the capture artifact holds.');
}

function describeFile(file: MountedRuleFile): string {
  return file.origin === 'custom' ? file.hostPath : `${file.hostPath} (${file.origin === 'markers' ? 'falco-actions step markers' : 'falco-actions CI/CD rules'})`;
}

/** Falco's log quoted in an error: one plain line each, indented so none starts a workflow command. */
function quoteLog(lines: readonly string[]): string {
  return lines.length === 0 ? '  (none)' : lines.map((line) => `  ${plainLine(line, 500)}`).join('\n');
}

/** Replays the capture through the Falco image; every alert validated with toFalcoAlert. */
export async function replayCapture(input: ReplayInput): Promise<ReplayResult> {
  await requireCaptureFile(input.capturePath);
  const ruleFiles = mountRuleFiles(input.ruleFiles);
  const work = await mkdtemp(join(tmpdir(), 'falco-actions-replay-'));
  let containerId: string | undefined;
  let follower: LogFollower | undefined;
  try {
    const configFile = join(work, 'falco-actions.yaml');
    await writeFile(configFile, falcoActionsConfig(), { mode: 0o644 });
    const eventsDir = join(work, 'events');
    await mkdir(eventsDir, { mode: 0o755 });
    await input.docker.ensureImage(input.image, input.log);
    const spec = replayContainerSpec({
      name: `falco-actions-replay-${randomBytes(6).toString('hex')}`,
      image: input.image,
      capturePath: input.capturePath,
      ruleFiles,
      configFileHostPath: configFile,
      eventsDirHostPath: eventsDir,
    });
    containerId = await input.docker.createContainer(spec);
    await input.docker.startContainer(containerId);
    const watcher = new FalcoStartupWatcher(SHOWN_LOG_LINES);
    follower = await input.docker.followLogs(containerId, (line) => watcher.push(line));
    const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      follower.done.then(() => true),
      new Promise<false>((resolvePromise) => {
        timer = setTimeout(() => resolvePromise(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const status = await input.docker.status(containerId);
    const logTail = quoteLog(watcher.state.recentLines);
    if (!finished || status?.running === true) {
      throw new UserError(`Falco did not finish replaying ${input.capturePath} within ${Math.round(timeoutMs / 1000)} s. Falco's last log lines:\n${logTail}`);
    }
    const { error } = watcher.state;
    if (error !== undefined) {
      const rejected = ruleFileNamedInError(error, ruleFiles.map((file) => file.containerPath));
      const file = ruleFiles.find((candidate) => candidate.containerPath === rejected);
      if (file !== undefined) throw new UserError(`Falco rejected the rule file ${describeFile(file)}:\n${quoteLog(error.split('\n'))}`);
    }
    if (status?.exitCode !== 0 || error !== undefined) {
      throw new UserError(
        `Falco's replay of ${input.capturePath} failed${status?.exitCode !== undefined ? ` (exit code ${status.exitCode})` : ''}${status?.error ? `: ${status.error}` : ''}. Falco's last log lines:\n${logTail}`,
      );
    }
    const loaded = checkRuleFilesLoaded(ruleFiles.map((file) => file.containerPath), watcher.state);
    if (!loaded.ok) {
      throw new UserError(
        `Falco replayed ${input.capturePath} without loading ${ruleFiles.filter((file) => loaded.missing.includes(file.containerPath)).map(describeFile).join(', ')}. Falco's last log lines:\n${logTail}`,
      );
    }
    const eventsFile = join(eventsDir, EVENTS_FILE_NAME);
    // Falco opens the events file at its first alert: no file is a replay without alerts.
    const exists = await stat(eventsFile).then(
      () => true,
      () => false,
    );
    const contents = exists ? await readEventsFile(eventsFile) : { alerts: [], problems: [], omittedProblems: 0 };
    const problems = contents.problems.map(describeProblem);
    if (contents.omittedProblems > 0) problems.push(`${contents.omittedProblems} more lines that are not alerts`);
    return {
      alerts: contents.alerts,
      problems,
      falcoVersion: watcher.state.version,
      loadedRuleFiles: watcher.state.loadedRuleFiles.map((file) => file.path),
    };
  } finally {
    follower?.close();
    if (containerId !== undefined) {
      await input.docker.removeContainer(containerId).catch((error: unknown) => {
        input.log(`Could not remove the replay container ${containerId}: ${plainLine(String(error))}`);
      });
    }
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

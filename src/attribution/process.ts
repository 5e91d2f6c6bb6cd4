import { pidField, textField, type FalcoAlert } from '../falco/alert.ts';
import type { Note } from './note.ts';

/** The step marker rule (rules/falco_actions_markers.yaml): one alert per step root process. */
export const MARKER_RULE = 'Falco Actions Step Process';

/** What a step's root process runs, read from its command line. */
export type StepProcess =
  | { kind: 'action'; action: string; owner: string; repo: string; ref: string; entry: string }
  | { kind: 'run'; script: string }
  | { kind: 'container'; image: string }
  | { kind: 'other'; command: string };

export interface StepMarker {
  pid: number;
  /** Runner.Worker's pid: the parent of every step root process. */
  ppid: number | undefined;
  epochNs: bigint;
  time: string;
  cmdline: string;
  process: StepProcess;
  /** The step's GITHUB_ACTION (the marker rule's proc.env[GITHUB_ACTION]), when Falco read it. */
  actionId: string | undefined;
  lineNumber: number;
}

/** The marker rule's output field that carries the step process's GITHUB_ACTION. */
export const MARKER_ACTION_FIELD = 'proc.env[GITHUB_ACTION]';

// GitHub's step ids and the runner's generated ones (__run, __owner_repo_2, a composite's
// "<step>.<inner>") are short names; anything else is not a GITHUB_ACTION the runner set.
const ACTION_ID = /^[A-Za-z0-9_.-]{1,200}$/;

// The runner unpacks `uses: OWNER/REPO[/PATH]@REF` into <work>/_actions/OWNER/REPO/REF and starts
// externals/node20|node24/bin/node on a file below it (NodeScriptActionHandler.cs); in a job container
// the same runs through `docker exec` with <work> mounted at /__w. A `run:` step is a script
// <work>/_temp/<uuid> with the shell's extension (.sh, .py, .ps1) or none for a custom `shell: perl {0}`
// (ScriptHandler.cs), started as `bash -e …`, `bash --noprofile --norc -e -o pipefail …`, `sh -e …`, ….
// Inside a composite action every inner step is its own child of Runner.Worker, matched the same way.
// A ref with slashes nests directories: `ref` is its first segment and the rest is in `entry`.
const ACTION_PATH = /\/_actions\/([^/\s]+)\/([^/\s]+)\/([^/\s]+)\/(\S*)/;
const RUN_SCRIPT = /\/_temp\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?:\.[A-Za-z0-9]+)?(?![\w.-])/;

// A container action runs as `docker run --name N --label L --workdir W --rm -e NAME… [--entrypoint E]
// [--network N] -v SRC:DST… IMAGE ARGS…` (DockerCommandManager.cs DockerRun); `uses: docker://IMAGE`
// runs IMAGE, a Dockerfile action an image the runner built in "Set up job".
const DOCKER_RUN_VALUED_OPTIONS = new Set(['--name', '--label', '--workdir', '-e', '--env', '--entrypoint', '--network', '-v', '--volume']);

function dockerRunImage(cmdline: string): string | undefined {
  const words = cmdline.trim().split(/\s+/);
  if (!/(?:^|\/)docker$/.test(words[0] ?? '') || words[1] !== 'run') return undefined;
  for (let index = 2; index < words.length; index += 1) {
    const word = words[index] as string;
    if (DOCKER_RUN_VALUED_OPTIONS.has(word)) index += 1;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export function describeStepProcess(cmdline: string): StepProcess {
  const image = dockerRunImage(cmdline);
  if (image !== undefined) return { kind: 'container', image };
  const action = ACTION_PATH.exec(cmdline);
  if (action && action[1] && action[2] && action[3]) {
    return {
      kind: 'action',
      owner: action[1],
      repo: action[2],
      ref: action[3],
      action: `${action[1]}/${action[2]}@${action[3]}`,
      entry: action[4] ?? '',
    };
  }
  const script = RUN_SCRIPT.exec(cmdline);
  if (script) return { kind: 'run', script: script[0].slice(1) };
  return { kind: 'other', command: cmdline };
}

/** A marker alert as a step root process, or undefined when it lacks a pid (then it cannot anchor anything). */
export function toStepMarker(alert: FalcoAlert): StepMarker | undefined {
  const pid = pidField(alert.fields, 'proc.pid');
  if (pid === undefined) return undefined;
  const cmdline = textField(alert.fields, 'proc.cmdline') ?? textField(alert.fields, 'proc.exepath') ?? '';
  return {
    pid,
    ppid: pidField(alert.fields, 'proc.ppid'),
    epochNs: alert.epochNs,
    time: alert.time,
    cmdline,
    process: describeStepProcess(cmdline),
    actionId: actionIdOf(textField(alert.fields, MARKER_ACTION_FIELD)),
    lineNumber: alert.lineNumber,
  };
}

function actionIdOf(value: string | undefined): string | undefined {
  return value !== undefined && ACTION_ID.test(value) ? value : undefined;
}

/** Short plain-text description of a step root process (escaped later by the renderer). */
export function stepProcessLabel(process: StepProcess): string {
  switch (process.kind) {
    case 'action':
      return `action ${process.action}`;
    case 'run':
      return `run script ${process.script}`;
    case 'container':
      return `container action image ${process.image}`;
    default:
      return `process ${process.command.length > 120 ? `${process.command.slice(0, 120)}…` : process.command}`;
  }
}

/** The same description as a note: our words as text, the job's values marked hostile. */
export function stepProcessNote(process: StepProcess): Note {
  switch (process.kind) {
    case 'action':
      return ['action ', { hostile: process.action }];
    case 'run':
      return ['run script ', { hostile: process.script }];
    case 'container':
      return ['container action image ', { hostile: process.image }];
    default:
      return ['process ', { hostile: process.command.length > 120 ? `${process.command.slice(0, 120)}…` : process.command }];
  }
}

// What the GitHub Actions runner does with a step's output and file commands, reimplemented for the
// test harness from the runner's documented behaviour (actions/runner: FileCommandManager,
// ActionCommand.TryParseV2, SecretMasker; actions/toolkit docs for GITHUB_ENV/GITHUB_OUTPUT/GITHUB_STATE).
// Pure functions and small state machines only; the harness (harness.ts) wires them to processes.

/** One `NAME=value` or `NAME<<DELIMITER` entry of a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file. */
export interface FileCommandEntry {
  name: string;
  value: string;
}

/** The runner's error for a malformed file command file (the step then fails). */
export class FileCommandError extends Error {}

/**
 * Parses a key-value file command file as the runner does on Linux: lines split on LF only (a CR
 * stays in the line); `NAME=value` when `=` comes before any `<<`; `NAME<<DELIM` heredoc otherwise,
 * whose value is every line up to one exactly equal to DELIM, joined with LF (no trailing LF);
 * empty lines are skipped. Later entries for the same name win when applied.
 */
export function parseKeyValueFile(text: string, label = 'file command'): FileCommandEntry[] {
  const entries: FileCommandEntry[] = [];
  let index = 0;
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const start = index;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let current = readLine(); current !== undefined; current = readLine()) {
    const line = current.line;
    if (line === '') continue;
    const equalsIndex = line.indexOf('=');
    const heredocIndex = line.indexOf('<<');
    if (equalsIndex >= 0 && (heredocIndex < 0 || equalsIndex < heredocIndex)) {
      const name = line.slice(0, equalsIndex);
      if (name === '') throw new FileCommandError(`Invalid ${label} format '${line}'. Name must not be empty`);
      entries.push({ name, value: line.slice(equalsIndex + 1) });
    } else if (heredocIndex >= 0) {
      const name = line.slice(0, heredocIndex);
      const delimiter = line.slice(heredocIndex + 2);
      if (name === '' || delimiter === '') {
        throw new FileCommandError(`Invalid ${label} format '${line}'. Name must not be empty and delimiter must not be empty`);
      }
      const valueStart = index;
      let valueEnd = index;
      let next = readLine();
      while (next === undefined || next.line !== delimiter) {
        if (next === undefined) throw new FileCommandError(`Invalid ${label} value. Matching delimiter not found '${delimiter}'`);
        valueEnd = index - (next.newline ? 1 : 0);
        next = readLine();
      }
      entries.push({ name, value: valueEnd > valueStart ? text.slice(valueStart, valueEnd) : '' });
    } else {
      throw new FileCommandError(`Invalid ${label} format '${line}'`);
    }
  }
  return entries;
}

/** Folds entries into a record, later entries winning. */
export function entriesToRecord(entries: readonly FileCommandEntry[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of entries) record[entry.name] = entry.value;
  return record;
}

/** GITHUB_PATH: one directory per non-empty line. */
export function parsePathFile(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/**
 * Applies GITHUB_PATH additions to the list the runner keeps: a repeated directory moves to the end,
 * and the PATH a step sees lists the newest addition first.
 */
export function addToPrependPath(prependPath: readonly string[], additions: readonly string[]): string[] {
  const result = [...prependPath];
  for (const dir of additions) {
    const existing = result.indexOf(dir);
    if (existing >= 0) result.splice(existing, 1);
    result.push(dir);
  }
  return result;
}

export function pathWithPrepended(prependPath: readonly string[], basePath: string | undefined): string {
  const parts = [...prependPath].reverse();
  if (basePath !== undefined && basePath !== '') parts.push(basePath);
  return parts.join(':');
}

export interface WorkflowCommand {
  /** The command name, lower-cased (the runner looks names up case-insensitively). */
  command: string;
  /** Property names as written; look them up case-insensitively with commandProperty(). */
  properties: Record<string, string>;
  data: string;
}

/** A command the runner found in a line, and which of its two parsers found it. */
export interface RunnerCommand extends WorkflowCommand {
  syntax: 'v2' | 'legacy';
}

/** The commands the runner registers; a `::name::` line for any other name is plain output. */
export const REGISTERED_COMMANDS: ReadonlySet<string> = new Set([
  'add-mask', 'add-path', 'set-env', 'set-output', 'save-state', 'warning', 'error', 'notice', 'debug',
  'group', 'endgroup', 'echo', 'stop-commands', 'add-matcher', 'remove-matcher',
]);

function unescape(text: string, mappings: ReadonlyArray<readonly [token: string, replacement: string]>): string {
  let result = text;
  for (const [token, replacement] of mappings) result = result.split(replacement).join(token);
  return result;
}

const DATA_ESCAPES = [['\r', '%0D'], ['\n', '%0A'], ['%', '%25']] as const;
const PROPERTY_ESCAPES = [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']] as const;
const LEGACY_ESCAPES = [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D'], ['%', '%25']] as const;

// .NET's String.TrimStart() trims Char.IsWhiteSpace characters, which differ from JavaScript's
// trimStart(): U+0085 is whitespace there, U+FEFF is not.
const DOTNET_LEADING_WHITESPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

function isRegistered(name: string, registered: ReadonlySet<string>): boolean {
  return registered.has(name.toLowerCase());
}

/** Splits on the first '=' dropping empty parts, as the runner does: `key=` and `=value` carry nothing. */
function parseProperties(text: string, separator: string, escapes: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of text.split(separator)) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals <= 0 || equals === pair.length - 1) continue;
    properties[pair.slice(0, equals)] = unescape(pair.slice(equals + 1), escapes);
  }
  return properties;
}

/**
 * actions/runner ActionCommand.TryParseV2: `::command key=value,...::data` at the start of the
 * left-trimmed line; undefined when it is not one of `registered` (lower-case names).
 */
export function parseWorkflowCommand(line: string, registered: ReadonlySet<string> = REGISTERED_COMMANDS): WorkflowCommand | undefined {
  const message = line.replace(DOTNET_LEADING_WHITESPACE, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(command, registered)) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1).trim(), ',', PROPERTY_ESCAPES) : {};
  return { command: command.toLowerCase(), properties, data: unescape(message.slice(end + 2), DATA_ESCAPES) };
}

/** actions/runner ActionCommand.TryParse: the legacy `##[command key=value;...]data` ANYWHERE in the line. */
export function parseLegacyCommand(line: string, registered: ReadonlySet<string> = REGISTERED_COMMANDS): WorkflowCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(command, registered)) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1), ';', LEGACY_ESCAPES) : {};
  return { command: command.toLowerCase(), properties, data: unescape(line.slice(bracket + 1), LEGACY_ESCAPES) };
}

/** The runner's reading of one output line (ActionCommandManager.TryProcessCommand): TryParseV2, then TryParse. */
export function parseRunnerCommand(line: string, registered: ReadonlySet<string> = REGISTERED_COMMANDS): RunnerCommand | undefined {
  const v2 = parseWorkflowCommand(line, registered);
  if (v2 !== undefined) return { ...v2, syntax: 'v2' };
  const legacy = parseLegacyCommand(line, registered);
  return legacy === undefined ? undefined : { ...legacy, syntax: 'legacy' };
}

/** Splits output into lines as .NET StreamReader.ReadLine does: at \n, \r or \r\n; no trailing empty line. */
export function splitRunnerLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** What one line amounted to under the runner's stop-commands handling. */
export type RunnerLineOutcome =
  | { kind: 'plain' }
  | { kind: 'command'; command: RunnerCommand }
  | { kind: 'stopped'; token: string; command: RunnerCommand }
  | { kind: 'resumed'; token: string }
  | { kind: 'invalid-stop-token'; token: string };

/**
 * The runner's command processing of a step's lines (ActionCommandManager): a `stop-commands` token
 * is registered as a command of its own until it is seen again, in either syntax and any letter case;
 * meanwhile every other line is plain. A token that is empty, a registered command or `pause-logging`
 * is refused.
 */
export class RunnerCommandReader {
  readonly #registered: Set<string>;
  #stopToken: string | undefined;

  constructor(registered: ReadonlySet<string> = REGISTERED_COMMANDS) {
    this.#registered = new Set([...registered].map((name) => name.toLowerCase()));
  }

  get stopped(): boolean {
    return this.#stopToken !== undefined;
  }

  line(line: string): RunnerLineOutcome {
    const command = parseRunnerCommand(line, this.#registered);
    if (command === undefined) return { kind: 'plain' };
    if (this.#stopToken !== undefined) {
      if (command.command !== this.#stopToken.toLowerCase()) return { kind: 'plain' };
      const token = this.#stopToken;
      this.#registered.delete(token.toLowerCase());
      this.#stopToken = undefined;
      return { kind: 'resumed', token };
    }
    if (command.command !== 'stop-commands') return { kind: 'command', command };
    const token = command.data;
    if (token === '' || this.#registered.has(token.toLowerCase()) || token.toLowerCase() === 'pause-logging') {
      return { kind: 'invalid-stop-token', token };
    }
    this.#stopToken = token;
    this.#registered.add(token.toLowerCase());
    return { kind: 'stopped', token, command };
  }
}

export function commandProperty(command: WorkflowCommand, name: string): string | undefined {
  const key = Object.keys(command.properties).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : command.properties[key];
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

/** Replaces every registered secret in text with `***`, longest secrets first (as the runner's masker). */
export class SecretMasker {
  #secrets: string[] = [];

  add(secret: string): void {
    // Multi-line values are masked line by line too, since the log is line based.
    for (const candidate of [secret, ...secret.split(/\r?\n/)]) {
      const value = candidate.trim() === '' ? '' : candidate;
      if (value !== '' && !this.#secrets.includes(value)) this.#secrets.push(value);
    }
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('***');
    return result;
  }

  get size(): number {
    return this.#secrets.length;
  }
}

/** What one step's command lines amounted to. */
export interface StepCommandResults {
  annotations: Annotation[];
  /** From the deprecated `::set-output` / `::save-state` commands. */
  outputs: Record<string, string>;
  state: Record<string, string>;
  debug: string[];
  /** The step log as the runner shows it: masked, command lines replaced by their rendering. */
  log: string[];
}

/**
 * Feeds a step's output lines (stdout and stderr, in arrival order) through the runner's command
 * processing: masks, annotations, groups, stop-commands, deprecated set-output/save-state.
 */
export class StepCommandProcessor {
  readonly results: StepCommandResults = { annotations: [], outputs: {}, state: {}, debug: [], log: [] };
  readonly #reader = new RunnerCommandReader();
  readonly #masker: SecretMasker;

  constructor(masker: SecretMasker) {
    this.#masker = masker;
  }

  line(raw: string): void {
    const outcome = this.#reader.line(raw);
    switch (outcome.kind) {
      case 'plain':
        this.#log(raw);
        return;
      case 'command':
        this.#apply(outcome.command);
        return;
      case 'stopped':
      case 'resumed':
        return;
      case 'invalid-stop-token':
        this.results.annotations.push({
          level: 'error',
          message: outcome.token === ''
            ? 'Invalid stop-commands token: the token must not be empty'
            : `Invalid stop-commands token '${this.#masker.mask(outcome.token)}': it must not be a registered command or 'pause-logging'`,
        });
        return;
    }
  }

  #log(text: string): void {
    this.results.log.push(this.#masker.mask(text));
  }

  #annotate(level: AnnotationLevel, command: WorkflowCommand): void {
    const annotation: Annotation = { level, message: this.#masker.mask(command.data) };
    const title = commandProperty(command, 'title');
    const file = commandProperty(command, 'file');
    if (title !== undefined) annotation.title = this.#masker.mask(title);
    if (file !== undefined) annotation.file = file;
    for (const [key, property] of [['line', 'line'], ['endLine', 'endLine'], ['col', 'col'], ['endColumn', 'endColumn']] as const) {
      const value = commandProperty(command, property);
      if (value !== undefined && /^\d+$/.test(value)) annotation[key] = Number(value);
    }
    this.results.annotations.push(annotation);
    this.#log(`${level[0]!.toUpperCase()}${level.slice(1)}: ${command.data}`);
  }

  #apply(command: WorkflowCommand): void {
    switch (command.command) {
      case 'add-mask':
        if (command.data.trim() === '') {
          this.results.annotations.push({ level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command." });
        } else {
          this.#masker.add(command.data);
        }
        return;
      case 'error':
      case 'warning':
      case 'notice':
        this.#annotate(command.command, command);
        return;
      case 'debug':
        this.results.debug.push(this.#masker.mask(command.data));
        return;
      case 'group':
        this.#log(`##[group]${command.data}`);
        return;
      case 'endgroup':
        this.#log('##[endgroup]');
        return;
      case 'set-output': {
        const name = commandProperty(command, 'name');
        if (name !== undefined) this.results.outputs[name] = command.data;
        this.results.annotations.push({
          level: 'warning',
          message: 'The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.',
        });
        return;
      }
      case 'save-state': {
        const name = commandProperty(command, 'name');
        if (name !== undefined) this.results.state[name] = command.data;
        this.results.annotations.push({
          level: 'warning',
          message: 'The `save-state` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.',
        });
        return;
      }
      case 'set-env':
      case 'add-path':
        this.results.annotations.push({
          level: 'error',
          message: `Unable to process command '::${command.command}' successfully. The \`${command.command}\` command is disabled.`,
        });
        return;
      default:
        // echo, add-matcher, remove-matcher: accepted, nothing the harness needs to model.
        return;
    }
  }
}

/**
 * Splits a byte stream into lines as chunks arrive, ending a line at \n, \r or \r\n as the runner's
 * StreamReader.ReadLine does (a \r at the end of a chunk waits for the next one).
 */
export class LineSplitter {
  #pending = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.#pending + chunk;
    let start = 0;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      if (char === '\n') {
        this.onLine(text.slice(start, index));
        start = index + 1;
      } else if (char === '\r') {
        if (index + 1 === text.length) break;
        this.onLine(text.slice(start, index));
        if (text[index + 1] === '\n') index += 1;
        start = index + 1;
      }
    }
    this.#pending = text.slice(start);
  }

  end(): void {
    const last = this.#pending.endsWith('\r') ? this.#pending.slice(0, -1) : this.#pending;
    if (this.#pending !== '') this.onLine(last);
    this.#pending = '';
  }
}

/** Seconds-precision ISO time, as the REST API reports step and job times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The runner's env var name for an action input: spaces to underscores, upper-cased, hyphens kept. */
export function inputEnvName(input: string): string {
  return `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
}

/** Step display name of a `run:` step: "Run " + its first non-empty line. */
export function runStepName(script: string): string {
  const first = script.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
  return `Run ${first}`;
}

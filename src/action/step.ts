// A step's side of the runner protocol that an action needs before it knows what it will do: its
// inputs, its log, its failure. Written here rather than taken from @actions/core, whose module loads
// an HTTP client (undici, for OIDC tokens) before the first line could be printed; the mains load
// @actions/core later, for the file commands (outputs, state, summary: core-sink.ts). The commands are
// written exactly as @actions/core writes them (lib/command.js), which a test checks.
import { maskLines } from './mask.ts';
import { EOL } from 'node:os';
import { failureMessage } from './errors.ts';
import type { Logger } from './log.ts';

export type AnnotationProperties = { title?: string };

/** An input from `with:`, as the runner hands it to the step (INPUT_<NAME>), trimmed. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A value the main step saved for the post step (STATE_<name>). */
export function getState(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`STATE_${name}`] ?? '';
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command line: ::name key=value,...::data, data and values escaped so they stay on it. */
export function commandLine(name: string, properties: AnnotationProperties, data: string): string {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${name}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(data)}`;
}

export interface StepLog extends Logger {
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  /** Marks the step failed (exit code 1) with an error annotation. */
  setFailed(message: string): void;
  /** Masks a value in the rest of the job's log (core.setSecret: the add-mask command, per line). */
  setSecret(value: string): void;
}

export function stepLog(write: (line: string) => void = (line) => process.stdout.write(line + EOL)): StepLog {
  return {
    info: (message) => write(message),
    debug: (message) => write(commandLine('debug', {}, message)),
    warning: (message, properties = {}) => write(commandLine('warning', properties, message)),
    error: (message, properties = {}) => write(commandLine('error', properties, message)),
    notice: (message, properties = {}) => write(commandLine('notice', properties, message)),
    setFailed: (message) => {
      process.exitCode = 1;
      write(commandLine('error', {}, message));
    },
    // The runner masks a line at a time: a multi-line value is registered line by line (mask.ts).
    setSecret: (value) => {
      for (const line of maskLines([value])) write(commandLine('add-mask', {}, line));
    },
  };
}

/** Runs a step's body; a failure fails the step: a user's error as its message, anything else as a bug. */
export function runStep(body: (log: StepLog) => Promise<void>, log: StepLog = stepLog()): Promise<void> {
  return body(log).catch((error: unknown) => log.setFailed(failureMessage(error)));
}

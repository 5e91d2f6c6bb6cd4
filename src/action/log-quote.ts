// Quoting hostile text (Falco's log, the engine's messages) in the step log. The runner reads every
// stdout line of a step as a possible workflow command (actions/runner, Runner.Common/ActionCommand.cs):
// "::name::data" at the start of a line, and the legacy "##[name]data" ANYWHERE in it. Indenting or
// escaping cannot defuse the legacy form, so quoted text goes between "::stop-commands::TOKEN" and
// "::TOKEN::": while stopped, the runner acts on nothing but the TOKEN command (ActionCommandManager.cs).
// TOKEN is random per block, so the text cannot know it; should it contain it anyway (case-insensitive,
// as the runner compares), it is blanked. The runner splits lines at \n, \r and \r\n (.NET ReadLine):
// every quoted line is written separately and other line or control characters are shown escaped, so
// each written line is exactly one runner line.
import { randomBytes } from 'node:crypto';

export interface InfoLog {
  info(message: string): void;
}

export type TokenSource = () => string;

/** 128 random bits: no text written before the block can have guessed it. */
export const randomStopToken: TokenSource = () => `falco-actions-quote-${randomBytes(16).toString('hex')}`;

// Line breaks for the runner (\r, \n) or for a reader (vertical tab, form feed, NEL, U+2028/2029).
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;
// Other control and format characters (terminal escapes, bidi overrides, zero-width): shown as \u{...}.
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\p{Cf}]/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The physical lines of quoted text, each safe to write inside a stop-commands block. */
export function quotedLines(text: string, token: string): string[] {
  const tokenPattern = new RegExp(escapeRegExp(token), 'gi');
  return text.split(LINE_BREAKS).map((line) =>
    line
      .replace(INVISIBLE, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`)
      .replace(tokenPattern, '***'),
  );
}

/**
 * A quoted block that stays open while lines arrive (a followed container log): opened at the first
 * line, closed by close(). Only plain lines may be written to the log while it is open: the runner
 * ignores every command until the block closes, so close it (in a finally) before any warning, error
 * or failure.
 */
export class QuotedLogBlock {
  readonly #log: InfoLog;
  readonly #newToken: TokenSource;
  readonly #indent: string;
  #token: string | undefined;

  constructor(log: InfoLog, options: { indent?: string; newToken?: TokenSource } = {}) {
    this.#log = log;
    this.#newToken = options.newToken ?? randomStopToken;
    this.#indent = options.indent ?? '';
  }

  get open(): boolean {
    return this.#token !== undefined;
  }

  /** Writes text (any number of lines) inside the block, opening it first if needed. */
  write(text: string): void {
    if (this.#token === undefined) {
      this.#token = this.#newToken();
      this.#log.info(`::stop-commands::${this.#token}`);
    }
    for (const line of quotedLines(text, this.#token)) this.#log.info(`${this.#indent}${line}`);
  }

  close(): void {
    if (this.#token === undefined) return;
    const token = this.#token;
    this.#token = undefined;
    this.#log.info(`::${token}::`);
  }
}

/** Writes text to the log as one quoted block: no line of it can act as a workflow command. */
export function logQuoted(log: InfoLog, text: string, options: { newToken?: TokenSource } = {}): void {
  const [first = '', ...rest] = text.split(LINE_BREAKS);
  const block = new QuotedLogBlock(log, options);
  try {
    block.write(first);
    // Continuation lines indented, so a quoted tail reads as part of its message.
    for (const line of rest) block.write(`    ${line}`);
  } finally {
    block.close();
  }
}

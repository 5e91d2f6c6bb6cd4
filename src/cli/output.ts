// What the command line prints is read by people and, when a team runs it in its own CI, by GitHub's
// runner, which executes some lines as workflow commands: a line whose trimmed start is `::` (v2
// commands) or that contains `##[` (v1 commands), on stdout or stderr alike (actions/runner,
// ActionCommandManager.TryProcessCommand). File names, process names and rule text come from whoever
// controls the job, so every stream the CLI writes passes through a guard that keeps such lines from
// being formed, whatever a command prints; and arguments in messages are quoted so that they cannot
// hide a line break, a quote or a reordering of the text.

/**
 * The characters .NET's String.Trim() removes (Char.IsWhiteSpace), which the runner applies before
 * looking for `::`, with U+180E, U+200B and U+FEFF added: a few more cannot hurt.
 */
const RUNNER_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** Line ends: .NET's ReadLine splits at \n, \r and \r\n; U+2028/U+2029 are counted too, to be safe. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The lines of TEXT as the runner splits them. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u2028\u2029]/);
}

/** Whether the runner would take LINE (one line, as runnerLines gives it) as a workflow command. */
export function isWorkflowCommandLine(line: string): boolean {
  let start = 0;
  while (start < line.length && RUNNER_WHITESPACE.test(line[start]!)) start += 1;
  return line.startsWith('::', start) || line.includes('##[');
}

/** What the guard writes instead of the character that would complete a workflow command. */
const COLON_ESCAPE = '\\u003a';
const BRACKET_ESCAPE = '\\u005b';

/**
 * Rewrites text so that no line reads as a workflow command, across any split of the text into chunks:
 * the second `:` of a line's leading `::` is written `\u003a`, the `[` of `##[` is written `\u005b`. In
 * JSON (where `#`, `[` and a line-leading `:` can only occur inside strings) these are the same
 * characters, escaped; in Markdown and plain text they show as written, which only hostile text meets.
 */
export class WorkflowCommandGuard {
  /** blank: only whitespace on the line so far; colon: whitespace and one `:`; text: anything else. */
  private line: 'blank' | 'colon' | 'text' = 'blank';
  /** `#` characters just written (0, 1, or 2 for two or more). */
  private hashes = 0;

  transform(text: string): string {
    // Most chunks hold neither character: only the state at their end matters.
    if (!/[:#[]/.test(text)) {
      this.skip(text);
      return text;
    }
    let out = '';
    let copiedUpTo = 0;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index]!;
      let replacement: string | undefined;
      if (LINE_BREAK.test(char)) {
        this.line = 'blank';
      } else if (RUNNER_WHITESPACE.test(char)) {
        if (this.line === 'colon') this.line = 'text';
      } else if (char === ':' && this.line === 'blank') {
        this.line = 'colon';
      } else {
        if (char === ':' && this.line === 'colon') replacement = COLON_ESCAPE;
        if (char === '[' && this.hashes === 2) replacement = BRACKET_ESCAPE;
        this.line = 'text';
      }
      this.hashes = char === '#' ? Math.min(this.hashes + 1, 2) : 0;
      if (replacement !== undefined) {
        out += text.slice(copiedUpTo, index) + replacement;
        copiedUpTo = index + 1;
      }
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** Updates the state for TEXT, which holds no `:`, `#` or `[`. */
  private skip(text: string): void {
    if (text.length === 0) return;
    this.hashes = 0;
    let lineStart = text.length;
    while (lineStart > 0 && !LINE_BREAK.test(text[lineStart - 1]!)) lineStart -= 1;
    const tail = text.slice(lineStart);
    const blank = [...tail].every((char) => RUNNER_WHITESPACE.test(char));
    if (lineStart > 0) this.line = blank ? 'blank' : 'text';
    else if (!blank || this.line === 'colon') this.line = 'text';
  }
}

type Write = NodeJS.WriteStream['write'];

/**
 * Makes every later write to STREAM pass through a WorkflowCommandGuard: the last line of defence, so
 * that no command (its renderers, its messages, Node's own error texts) can print a workflow command.
 */
export function guardWorkflowCommands(stream: NodeJS.WriteStream): void {
  const guard = new WorkflowCommandGuard();
  const decoder = new TextDecoder('utf-8');
  const write: Write = stream.write.bind(stream);
  const guarded = (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean => {
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    const text =
      typeof chunk === 'string'
        ? encoding === undefined || encoding === 'utf8' || encoding === 'utf-8'
          ? chunk
          : decoder.decode(Buffer.from(chunk, encoding), { stream: true })
        : decoder.decode(chunk, { stream: true });
    return write(guard.transform(text), done);
  };
  stream.write = guarded as Write;
}

/** Characters a quoted argument shows as \u escapes: controls, and those that hide or reorder text. */
const UNSHOWN = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** Arguments made of these characters only read the same quoted or not, and are shown as they are. */
const PLAIN_ARGUMENT = /^[\w./@%+=,:-]+$/;

/**
 * TEXT as a message shows it: as it is when it is plain (a file name, an option), else as a JSON string
 * literal with invisible and bidirectional characters escaped too. So "a b" and "a", "b" differ, and
 * nothing in an argument can break the line, close the quote or reorder what the reader sees.
 */
export function showArgument(text: string): string {
  if (PLAIN_ARGUMENT.test(text)) return text;
  return JSON.stringify(text).replace(UNSHOWN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
